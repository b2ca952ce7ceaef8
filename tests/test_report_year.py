"""Reports over the plan's year: this quarter, ended plans, --public, and nothing of Python."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import MINIMAL, PLANS
from hcplan.outputs.report import FORMATS, NAMES

TEMPLATES = [(name, fmt) for name in NAMES for fmt in FORMATS]

#: A plan with every optional field left out or empty.
BARE = """\
hcplan: 1
title: Bare Plan
organisation: Bare Council
period:
  start: 2024-04-01
  end: 2025-03-31
quarters: financial
scale:
  - label: Done
    rag: green
    done: true
leads:
notes: []
themes:
  - number: 1
    objectives:
      - id: "1"
        text: An objective with no actions
      - id: "2"
        text: An objective
        actions:
          - id: "2.1"
            text: An action with nothing else
            leads: []
            conditions:
            updates:
  - number: 2
"""

#: What Python or Jinja would leave in a document it should not.
LEAKS = re.compile(r"\bNone\b|Undefined|\[\]|\{\}|\(\)|\bTrue\b|\bFalse\b|\[[\"']")


def _shown(text: str) -> str:
    """The text of a report, without the HTML stylesheet."""
    return re.sub(r"<style>.*?</style>", "", text, flags=re.S)


@pytest.mark.parametrize(("name", "fmt"), TEMPLATES)
@pytest.mark.parametrize("as_of", ["2024-06-01", "2025-06-01"], ids=["current", "ended"])
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize("plan", ["bare", "no themes"])
def test_no_python_in_any_template_of_a_plan_with_every_optional_field_empty(hcplan, write, name, fmt, as_of, public, plan):
    text = BARE if plan == "bare" else BARE[: BARE.index("themes:")]
    path = write(text)
    args = ["report", path, "--template", name, "-f", fmt, "--as-of", as_of, "--since", "2024-04-01"]
    result = hcplan(*args, *(["--public"] if public else []))
    assert result.exit_code == 0, result.stderr
    leaks = LEAKS.findall(_shown(result.stdout))
    assert leaks == [], leaks


def test_a_bare_plan_has_python_words_to_find(hcplan, write):
    # The search above can fail: a template that prints a missing value shows it.
    path = write(BARE)
    broken = path.parent / "broken.md.j2"
    broken.write_text("{{ plan.group }} {{ plan.leads }} {{ review.rows[0].last_update }}\n")
    assert LEAKS.findall(hcplan("report", path, "--template", broken).stdout) == ["None", "[]", "None"]


def _private_plan(hcplan, write):
    path = write(MINIMAL.replace("            due: Q1 Year 1\n", "            due: Q1 Year 1\n            notes: [Chair to ring the family]\n"))
    for args in (
        ["--note", "Profile shared with partners.", "--date", "2024-06-01"],
        ["--note", "Named victim discussed.", "--private", "--date", "2024-06-02"],
        ["--note", "Funding row, off the record.", "--status", "behind", "--private", "--date", "2024-06-03"],
    ):
        assert hcplan("update", path, "1.1", *args).exit_code == 0
    return path


@pytest.mark.parametrize(("name", "fmt"), TEMPLATES)
def test_public_leaves_out_private_updates_and_internal_notes(hcplan, write, name, fmt):
    path = _private_plan(hcplan, write)
    public = hcplan("report", path, "--template", name, "-f", fmt, "--as-of", "2024-07-01", "--since", "2024-05-01", "--public").stdout
    for secret in ("Named victim", "off the record", "Chair to ring"):
        assert secret not in public
    if name != "annual":
        assert "Profile shared with partners." in public
        assert "Public version: internal notes and private updates are left out." in public
        # The rating a private update set is the action's own, and public.
        assert "Behind" in public


@pytest.mark.parametrize(("name", "fmt"), [("plan", "md"), ("plan", "html"), ("review", "md"), ("review", "html")])
def test_without_public_private_things_are_marked(hcplan, write, name, fmt):
    path = _private_plan(hcplan, write)
    report = hcplan("report", path, "--template", name, "-f", fmt, "--as-of", "2024-07-01", "--since", "2024-05-01").stdout
    flat = re.sub(r"<[^>]+>", "", report)
    assert re.search(r"\(private\)[^\n]*Named victim discussed", flat)
    if name == "plan":
        assert re.search(r"(\(internal note\):|Internal note:) Chair to ring the family", flat)


def test_the_review_shows_what_is_due_this_quarter(hcplan, write):
    # 1.1 is due by the end of June 2024 (Q1 Year 1 of a financial plan).
    path = write()
    report = hcplan("report", path, "--template", "review", "--as-of", "2024-05-15").stdout
    section = report[report.index("## Due this quarter") : report.index("## Due next quarter")]
    assert section.startswith("## Due this quarter: Q1 2024-25, April–June 2024 (1)")
    assert "| 1.1 | Produce a profile |" in section
    assert "due by the end of this quarter" in report
    html = hcplan("report", path, "--template", "review", "-f", "html", "--as-of", "2024-05-15").stdout
    assert "Due this quarter: Q1 2024-25, April–June 2024 (1)" in html
    # Once its day has passed it is overdue, not due.
    later = hcplan("report", path, "--template", "review", "--as-of", "2024-07-15").stdout
    assert "| 1.1 | Produce a profile |" not in later[later.index("## Due this quarter") :]


def _section(report: str, title: str, following: str) -> str:
    return report[report.index(title) : report.index(following)]


def test_the_review_shows_recurring_actions_due_this_quarter_and_next(hcplan, write):
    plan = MINIMAL.replace(
        "due: Q2 Year 1 (continuous)\n",
        "due: Quarterly\n          - id: \"1.3\"\n            text: Mark awareness week\n            due: each October\n",
    )
    path = write(plan)
    # As of 15 May 2024 (Q1 2024-25): the Q1 meeting is due by 30 June, the Q2 one next quarter;
    # October is in neither.
    report = hcplan("report", path, "--template", "review", "--as-of", "2024-05-15").stdout
    this = _section(report, "## Due this quarter", "## Due next quarter")
    following = _section(report, "## Due next quarter", "## Needs an update")
    assert this.startswith("## Due this quarter: Q1 2024-25, April–June 2024 (2)")
    assert "| 1.2 | Run events |" in this and "| 1.2 | Run events |" in following
    assert "| 1.3 |" not in this + following
    assert "2 due by the end of this quarter, and 1 due next quarter." in report
    # In Q2, the awareness week is due next quarter.
    assert "| 1.3 | Mark awareness week |" in _section(
        hcplan("report", path, "--template", "review", "--as-of", "2024-08-01").stdout, "## Due next quarter", "## Needs an update"
    )
    # Once an update is dated within this quarter's occurrence, it is no longer due this quarter.
    assert hcplan("update", path, "1.2", "--note", "Q1 event held.", "--date", "2024-05-10").exit_code == 0
    report = hcplan("report", path, "--template", "review", "--as-of", "2024-05-15").stdout
    assert "| 1.2 | Run events |" not in _section(report, "## Due this quarter", "## Due next quarter")
    assert "| 1.2 | Run events |" in _section(report, "## Due next quarter", "## Needs an update")
    html = hcplan("report", path, "--template", "review", "-f", "html", "--as-of", "2024-05-15").stdout
    assert "Due this quarter: Q1 2024-25, April–June 2024 (1)" in html
    assert "Due next quarter: Q2 2024-25, July–September 2024 (1)" in html


def test_an_ended_plan_is_reported_as_at_its_end(hcplan):
    plan = PLANS / "2017" / "plan.yaml"
    default = hcplan("report", plan, "--template", "review").stdout
    assert default == hcplan("report", plan, "--template", "review", "--as-of", "2020-12-31").stdout
    assert "Final position at the end of the plan, 31 December 2020." in default
    assert "## Not done by the end of the plan (44)" in default
    assert "Days late" not in default and "## Overdue" not in default
    for name in NAMES:
        text = hcplan("report", plan, "--template", name).stdout
        assert "final position at the end of the plan" in text.casefold(), name
    later = hcplan("report", plan, "--template", "review", "--as-of", "2021-03-01").stdout
    assert "Final position at the end of the plan, 31 December 2020 (with what was recorded up to 1 March 2021)." in later
    # The annual review, public, says so too: it counted what was recorded after the end as
    # if the plan had ended so.
    for fmt in ("md", "html"):
        annual = hcplan("report", plan, "--template", "annual", "-f", fmt, "--as-of", "2021-03-01").stdout
        assert "31 December 2020, with what was recorded up to 1 March 2021." in annual, fmt


def test_a_current_plan_is_reported_as_of_today(hcplan, write):
    text = MINIMAL.replace("2024-04-01", f"{date.today().year - 1}-04-01").replace("2025-03-31", f"{date.today().year + 1}-03-31")
    report = hcplan("report", write(text), "--template", "review").stdout
    assert "Final position" not in report and f"As of {date.today().day} " in report


def test_show_of_an_ended_plan_says_not_done_by_its_end(hcplan):
    result = hcplan("show", "1.1.1", PLANS / "2017")
    flat = " ".join(result.stdout.split())
    assert "not done by the end of the plan (31 December 2020)" in flat
    assert "days overdue" not in flat
    current = " ".join(hcplan("show", "1.1.1", PLANS / "2017", "--as-of", "2017-07-01").stdout.split())
    assert "92 days overdue" in current


def test_the_budget_condition_is_shown_on_objectives_16_and_17_only(hcplan):
    report = hcplan("report", PLANS / "2024-25" / "plan.yaml", "--public").stdout
    conditioned = re.findall(r"^### Objective (\d+):.*\n\nCondition, for all its actions: dependent on budget being identified$", report, re.M)
    assert conditioned == ["16", "17"]
    assert "Actions 17 and 18" not in report
    assert report.count("dependent on budget being identified") == 2


@pytest.mark.parametrize(
    ("plan", "words"),
    [("2024-25", ["Completed 23-24", "Annual report 2023-24 circulated."]), ("2017", ["Included in the updated website"])],
)
def test_undated_progress_is_in_public_reports(hcplan, plan, words):
    report = hcplan("report", PLANS / plan / "plan.yaml", "--public").stdout
    for said in words:
        assert f"(undated): {said}" in report
