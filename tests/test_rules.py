"""docs/rules.md is generated from the rules' records, and every example in it is true:
each example that breaks a rule draws that rule's problems and no others, each one
that passes draws none.

Regenerate the page after changing a rule (with every other file the tests
compare): ``make regen``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hcplan.checking.loader import load_plan
from hcplan.checking.rules import EXAMPLE_DAY, RULES, SAMPLE, Example, Rule
from hcplan.quoting import escape

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
DAY = date.fromisoformat(EXAMPLE_DAY)

STAGES = {
    "file": "Reading the file",
    "yaml": "YAML",
    "text": "The text as written",
    "schema": "The shape of a plan",
    "rules": "The rules of a plan",
    "silencing": "Silencing comments",
}


def _shown(text: str) -> str:
    """Example text as the page shows it: invisible characters as escapes, line by line."""
    return "\n".join(escape(line) for line in text.split("\n"))


def _example(title: str, example: Example) -> list[str]:
    where = " (the sample plan's actions)" if example.at == "actions" else ""
    note = f" ({example.note})" if example.note else ""
    if _shown(example.text) != example.text:
        note += " (invisible characters shown as escapes)"
    lines = [f"{title}{where}{note}:", ""]
    if example.text:
        lines += ["```yaml", _shown(example.text.rstrip("\n")), "```", ""]
    elif not example.note:
        lines[0] = f"{title}: the sample plan as it is."
        lines.pop()
        lines.append("")
    return lines


def reference() -> str:
    parts = [
        "# The rules of `hcplan check`",
        "",
        "Generated from the rules' records (`src/hcplan/checking/rules.py`) by",
        "`tests/test_rules.py`, which fails when this page and the code disagree, and runs",
        "every example below: each one that breaks a rule draws that rule's problems and no",
        "others; each one that passes draws none.",
        "",
        "Every problem names its rule at the end of its line, and `--format json` gives it",
        "as `rule`:",
        "",
        "```text",
        "plans/2024-25/plan.yaml:57:21: error: lead 'Safer Mertn' is not one of the plan's leads; "
        "did you mean 'Safer Merton'? (lead)",
        "```",
        "",
        "An **error** means the plan is wrong: `hcplan check` exits 1. A **warning** means",
        "it is most likely wrong: `hcplan check` exits 0 unless `--strict` is given.",
        "",
        "## Silencing a warning",
        "",
        "A warning the plan knows better than can be silenced with a comment naming its rule,",
        "for one line or for the whole file:",
        "",
        "```yaml",
        "            due: Year 3  # hcplan: ignore[due-period]",
        "            updates:",
        "              # hcplan: ignore[update-before-period, update-order]",
        "              - date: 2024-02-01",
        "# hcplan: ignore-file[final-newline]",
        "```",
        "",
        "`# hcplan: ignore[rule, ...]` at the end of a line silences those rules' warnings on",
        "that line; on a line of its own, on the next line that is not blank or a comment.",
        "`# hcplan: ignore-file[rule, ...]` anywhere silences them in the whole file. Only",
        "warnings can be silenced: an error is fixed, not hidden. A silencing comment that",
        "silences nothing (no such warning where it stands, an unknown rule, an error) is",
        "itself a warning, `unused-ignore`, so that none outlives its reason.",
        "",
        "## The sample plan",
        "",
        f"Each example below changes this plan, checked as on {EXAMPLE_DAY}: an example",
        "of top-level keys replaces the keys of the same names; an example of the sample",
        "plan's actions replaces its list of actions.",
        "",
        "```yaml",
        SAMPLE.rstrip("\n"),
        "```",
        "",
    ]
    for stage, title in STAGES.items():
        rules = [r for r in RULES.values() if r.stage == stage]
        parts += [f"## {title}", ""]
        for rule in rules:
            parts += [f"### `{rule.id}` ({rule.severity.value})", "", rule.summary, ""]
            if rule.fails is not None:
                parts += _example("Fails", rule.fails)
            if rule.passes is not None:
                parts += _example("Passes", rule.passes)
    return "\n".join(parts).rstrip("\n") + "\n"


def test_the_reference_matches_the_rules():
    assert REFERENCE.read_text(encoding="utf-8") == reference(), (
        "docs/rules.md is stale: run `make regen`"
    )


def _problems(example: Example, tmp_path: Path):
    path = tmp_path / "plan.yaml"
    example.save(path)
    return load_plan(path, today=DAY).problems


EXAMPLES = [r for r in RULES.values() if r.fails is not None]


@pytest.mark.parametrize("rule", EXAMPLES, ids=lambda r: r.id)
def test_the_failing_example_draws_exactly_its_rule(rule: Rule, tmp_path: Path):
    assert rule.fails is not None
    problems = _problems(rule.fails, tmp_path)
    assert problems, f"{rule.id}: the failing example draws nothing"
    assert {(p.rule, p.severity) for p in problems} == {(rule.id, rule.severity)}, [str(p) for p in problems]


@pytest.mark.parametrize("rule", EXAMPLES, ids=lambda r: r.id)
def test_asking_only_for_errors_finds_exactly_the_errors(rule: Rule, tmp_path: Path):
    """A command that needs only a valid plan (and a change's proof) skips the checks of
    warnings: each failing example still draws exactly the errors a full check finds."""
    assert rule.fails is not None
    path = tmp_path / "plan.yaml"
    rule.fails.save(path)
    full = load_plan(path, today=DAY).problems
    only = load_plan(path, today=DAY, errors_only=True).problems
    assert only == [p for p in full if p.severity == "error"]
    assert bool(only) is (rule.severity == "error")


@pytest.mark.parametrize("rule", EXAMPLES, ids=lambda r: r.id)
def test_the_passing_example_draws_nothing(rule: Rule, tmp_path: Path):
    assert rule.passes is not None
    assert [str(p) for p in _problems(rule.passes, tmp_path)] == []


def test_only_internal_failures_have_no_example():
    assert [r.id for r in RULES.values() if r.fails is None or r.passes is None] == ["internal"]


def test_the_sample_plan_is_clean(tmp_path: Path):
    assert _problems(Example(""), tmp_path) == []


def test_every_rule_a_problem_can_name_is_documented(tmp_path: Path):
    # The golden broken files and every example together name rules; each is a record.
    expected = (Path(__file__).parent / "broken" / "expected.txt").read_text(encoding="utf-8")
    named = {line.rsplit("(", 1)[1].rstrip(")") for line in expected.splitlines()}
    assert named <= set(RULES)


def test_json_output_carries_the_rule_id(hcplan, tmp_path: Path):
    import json

    path = tmp_path / "plan.yaml"
    RULES["lead"].fails.save(path)  # type: ignore[union-attr]
    result = hcplan("check", "--format", "json", "--as-of", EXAMPLE_DAY, path)
    assert [p["rule"] for p in json.loads(result.stdout)["problems"]] == ["lead"]


if __name__ == "__main__":  # the old way in: the same as `make regen`
    import regen

    regen.main()
