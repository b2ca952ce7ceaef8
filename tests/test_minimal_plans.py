"""Every shipped template renders for the plans a new council starts with: a draft
made from a Red/Amber/Green table (a scale with no "finished" label), a plan
with no scale at all, a plan that rates nothing, one whose optional fields are
all empty, and a theme with no actions. The templates are found in the
templates folder, so a new one is tested without changing this file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hcplan.checking.loader import load_plan
from hcplan.outputs.report import Choice, convert, render, shipped_templates, template_dir
from hcplan.problems import Severity

HEAD = """\
title: Draft plan {n}
organisation: Anytown Council
period: {{start: 2025-04-01, end: 2026-03-31}}
quarters: financial
"""

RAG = """\
scale:
  - label: Red
    rag: red
  - label: Amber
    rag: amber
  - label: Green
    rag: green
"""

ACTIONS = """\
themes:
  - number: 1
    name: Reporting
    objectives:
      - id: "1"
        text: Increase reporting
        actions:
          - id: "1.1"
            text: Train staff
            leads: [Community Safety]
            due: Q2 Year 1
{status}          - id: "1.2"
            text: Publish a leaflet
"""

#: name: plan text. Each is valid (warnings allowed) and lacks something a template might lean on.
PLANS = {
    # A draft of an ordinary RAG table: nothing on the scale means finished.
    "no-done-label": HEAD.format(n=1) + RAG + ACTIONS.format(status="            status: Green\n"),
    # docs/format.md: a plan with no rating column leaves the scale out.
    "no-scale": HEAD.format(n=2) + ACTIONS.format(status=""),
    # A scale, but nothing rated yet.
    "no-ratings": HEAD.format(n=3) + RAG + "    done: true\n" + ACTIONS.format(status=""),
    # Every optional field empty, and a theme with no actions (nor objectives).
    "empty": HEAD.format(n=4) + "scale: []\nleads: []\nnotes: []\nthemes:\n  - number: 1\n    objectives: []\n",
    "theme-without-actions": HEAD.format(n=5)
    + RAG
    + "themes:\n  - number: 1\n    name: Reporting\n    objectives:\n      - id: '1'\n        text: Nothing yet\n",
}

DAY = date(2025, 11, 1)


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("plans")
    found = {}
    for name, text in PLANS.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_plan(str(path), today=DAY)
        assert loaded.plan is not None and not [p for p in loaded.problems if p.severity is Severity.ERROR], (
            name,
            loaded.problems,
        )
        found[name] = path
    return found


def report_templates() -> list[str]:
    """The report templates shipped (not the pieces they include, not the site's pages)."""
    return next(g.files for g in shipped_templates() if g.title.startswith("Reports"))


def site_pages() -> list[str]:
    return next(g.files for g in shipped_templates() if g.title.startswith("Site pages"))


def test_the_templates_are_found():
    assert {"plan.md.j2", "plan.html.j2", "review.md.j2", "annual.html.j2"} <= set(report_templates())
    assert "site/themes.html.j2" in site_pages()


@pytest.mark.parametrize("plan_name", list(PLANS))
@pytest.mark.parametrize("template", report_templates())
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_every_report_template_renders_a_minimal_plan(plans, plan_name, template, public):
    path = plans[plan_name]
    plan = load_plan(str(path), today=DAY).plan
    fmt = template.split(".")[-2]
    text = render(
        str(path),
        plan,
        Choice(template, fmt, None, fmt),
        as_of=DAY,
        since=date(2025, 4, 1),
        public=public,
        strict=True,
    )
    assert f"Draft plan {list(PLANS).index(plan_name) + 1}" in text
    assert "Undefined" not in text and "None" not in text.replace("None yet", "")


@pytest.mark.parametrize("target", ["docx", "pdf"])
@pytest.mark.parametrize("plan_name", ["no-done-label", "no-scale", "empty"])
def test_every_html_report_template_makes_word_and_pdf_of_a_minimal_plan(plans, plan_name, target):
    if target == "pdf":
        from hcplan.outputs.pdf import PdfError, weasyprint_module

        try:
            weasyprint_module()
        except PdfError:
            pytest.skip("WeasyPrint is not installed")
    path = plans[plan_name]
    plan = load_plan(str(path), today=DAY).plan
    for template in [t for t in report_templates() if t.endswith(".html.j2")]:
        html = render(str(path), plan, Choice(template, "html", None, target), as_of=DAY, public=True)
        data = convert(html, target)
        assert data[:4] in (b"PK\x03\x04", b"%PDF"), template


def test_every_site_page_renders_for_minimal_plans(plans, tmp_path, monkeypatch):
    from hcplan.outputs import report, site

    rendered: list[str] = []
    real = report.render_page

    def recording(choice, context):
        rendered.append(choice.name)
        return real(choice, context)

    monkeypatch.setattr(report, "render_page", recording)
    folder = next(iter(plans.values())).parent
    out = tmp_path / "_site"
    built = site.build(folder, out, day=DAY, formats=("html",))
    assert len(built.entries) == len(PLANS)
    assert set(site_pages()) <= set(rendered), "a shipped site page the build never rendered"
    themes = (out / "themes.html").read_text(encoding="utf-8")
    assert "Draft plan 1" in themes and "Undefined" not in themes
    assert (template_dir() / "site" / "themes.html.j2").is_file()


def test_a_site_build_that_fails_leaves_no_half_built_site(plans, tmp_path):
    from hcplan.outputs import site

    folder = next(iter(plans.values())).parent
    broken = tmp_path / "mine" / "site"
    broken.mkdir(parents=True)
    (broken / "index.html.j2").write_text("{{ entries.nosuch.deeper }}\n")
    out = tmp_path / "_site"
    with pytest.raises(site.SiteError):
        site.build(folder, out, day=DAY, formats=("html",), templates=broken.parent)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["mine"]

    site.build(folder, out, day=DAY, formats=("html",))
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(site.SiteError):
        site.build(folder, out, day=date(2025, 12, 1), formats=("html",), templates=broken.parent)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before and sorted(p.name for p in tmp_path.iterdir()) == ["_site", "mine"]
    # A build that works replaces the site, keeping what had not changed.
    again = site.build(folder, out, day=DAY, formats=("html",))
    assert again.written == [] and again.unchanged == 3 * len(PLANS)
