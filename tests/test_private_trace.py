"""A private update leaves no trace in anything published: not its words, its
date, the rating it set, nor a count of updates. A public output of a plan with
a private update is the same as that of the plan written without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MINIMAL
from hcplan.outputs.report import NAMES
from test_private import formats, text_of

PUBLIC_UPDATE = "            updates:\n              - date: 2024-05-01\n                text: Data requested.\n"
assert PUBLIC_UPDATE in MINIMAL

#: Action 1.1 rated In Progress in public, then Behind in a private update on a
#: day nothing else in the plan has (17 June 2024).
WITH_PRIVATE = MINIMAL.replace(
    PUBLIC_UPDATE,
    "            status: Behind\n" + PUBLIC_UPDATE + "                status: In Progress\n"
    "              - date: 2024-06-17\n"
    "                text: Marker words of the panel.\n"
    "                status: Behind\n"
    "                private: true\n",
)
#: The same plan as the public may know it: the rating is the action's own.
WITHOUT = MINIMAL.replace(PUBLIC_UPDATE, "            status: Behind\n" + PUBLIC_UPDATE)

MARKERS = (
    "Marker words",
    "17 June 2024",
    "2024-06-17",
    "17 Jun",
    "17/06",
    "June 17",
    "In Progress to Behind",
    "rated Behind",
    "(private)",
)
SINCE = "2024-04-01"


def _made(hcplan, plan: Path, name: str, fmt: str, out: Path) -> Path:
    result = hcplan(
        "report", plan, "--template", name, "-o", out, "--as-of", "2024-07-01", "--since", SINCE, "--public"
    )
    assert result.exit_code == 0, result.stderr
    return out


def test_the_plans_are_valid_and_the_markers_are_there_inside(hcplan, write, tmp_path):
    for text in (WITH_PRIVATE, WITHOUT):
        assert hcplan("check", write(text)).exit_code == 0
    internal = _made(hcplan, write(WITH_PRIVATE), "review", "md", tmp_path / "internal.md")
    result = hcplan("report", write(WITH_PRIVATE), "--template", "review", "--as-of", "2024-07-01", "--since", SINCE)
    assert "17 June 2024" in result.stdout and "Marker words" in result.stdout
    assert internal.is_file()


@pytest.mark.parametrize("name", NAMES)
def test_a_public_report_is_as_if_the_private_update_were_never_written(hcplan, write, tmp_path, name):
    with_private = write(WITH_PRIVATE, "with.yaml")
    without = write(WITHOUT, "without.yaml")
    for fmt in formats():
        made = text_of(_made(hcplan, with_private, name, fmt, tmp_path / f"with.{fmt}"))
        for marker in MARKERS:
            assert marker not in made, f"{name}.{fmt} holds {marker!r}"
        if fmt in ("md", "html"):
            plain = text_of(_made(hcplan, without, name, fmt, tmp_path / f"without.{fmt}"))
            assert made.replace("with.yaml", "without.yaml") == plain, f"{name}.{fmt}"


def test_no_page_of_the_site_shows_a_trace_of_a_private_update(hcplan, write, tmp_path):
    sites = {}
    for label, text in (("with", WITH_PRIVATE), ("without", WITHOUT)):
        plans = tmp_path / label / "plans"
        plans.mkdir(parents=True)
        (plans / "anytown.yaml").write_text(text, encoding="utf-8")
        out = tmp_path / label / "site"
        fmts = ",".join(f for f in formats() if f != "md")
        result = hcplan("site", plans, "-o", out, "--as-of", "2024-07-01", "--formats", fmts)
        assert result.exit_code == 0, result.stderr
        sites[label] = out
    files = sorted(p.relative_to(sites["with"]) for p in sites["with"].rglob("*") if p.is_file())
    assert len(files) >= 10
    for name in files:
        text = text_of(sites["with"] / name)
        for marker in MARKERS:
            assert marker not in text, f"{name} holds {marker!r}"
        if name.suffix == ".html":
            assert text == text_of(sites["without"] / name), name
    # The manifest is published with the pages: what it says each was made from moved when
    # only a private update was added, a sign that one had been.
    made_from = [
        {name: record["inputs"] for name, record in json.loads((site / "hcplan-site.json").read_text())["outputs"].items()}
        for site in (sites["with"], sites["without"])
    ]
    assert made_from[0] == made_from[1] and len(made_from[0]) >= 6
