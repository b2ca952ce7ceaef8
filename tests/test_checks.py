"""Each check of hcplan.checking.checks: what it catches, and what it lets through."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from conftest import MINIMAL
from hcplan.checking.checks import Context
from hcplan.checking.loader import load_plan
from hcplan.checking.rules import RULES, Rule, run_checks


@pytest.fixture
def problems(write):
    """Problems of MINIMAL with ``old`` replaced by ``new``, as 'line:col: rule: message'."""

    def _problems(old: str = "", new: str = "", today: date = date(2025, 1, 1)) -> list[str]:
        assert old in MINIMAL
        loaded = load_plan(write(MINIMAL.replace(old, new, 1)), today=today)
        return [f"{p.line}:{p.col}: {p.severity}: {p.rule}: {p.message}" for p in loaded.problems]

    return _problems


def test_the_minimal_plan_is_clean(problems):
    assert problems() == []


def test_every_check_has_a_docstring():
    for rule in RULES.values():
        if rule.check is not None:
            assert (rule.check.__doc__ or "").strip(), rule.id


def test_unique_action_ids(problems):
    assert problems('id: "1.2"', 'id: "1.1"') == [
        "36:17: error: unique-id: action ID '1.1' is used twice (first on line 29)"
    ]


def test_unique_objective_ids_and_theme_numbers(problems, write):
    text = MINIMAL + "  - number: 1\n    objectives:\n      - id: \"1\"\n        text: Again\n"
    loaded = load_plan(write(text), today=date(2025, 1, 1))
    assert [p.message for p in loaded.problems if p.rule == "unique-id"] == [
        "theme 1 is numbered twice (first on line 23)",
        "objective ID '1' is used twice (first on line 26)",
    ]


def test_period_runs_forwards(problems):
    assert problems("end: 2025-03-31", "end: 2023-03-31") == [
        "7:8: error: period: the plan period ends before it starts",
        # the due Q1 Year 1 is now outside the (backwards) period too
        "32:18: warning: due-period: due 'Q1 Year 1' (April–June 2024) is outside the plan period "
        "(1 April 2024 to 31 March 2023)",
    ]


def test_scale_labels_are_unique(problems):
    assert problems("label: Behind", "label: on hold") == [
        "17:12: error: scale: rating 'on hold' is in the scale twice (first on line 10)"
    ]


def test_known_leads_are_listed_once(problems):
    assert problems("  - Police\n", "  - Police\n  - Police\n") == [
        "22:5: error: leads: lead 'Police' is listed twice (first on line 21)"
    ]


def test_action_leads_must_be_known(problems):
    assert problems("leads: [Police]", "leads: [Polce]") == [
        "38:21: error: lead: lead 'Polce' is not one of the plan's leads; did you mean 'Police'?"
    ]


def test_an_alias_counts_as_its_lead(problems, write):
    assert problems("  - Police\n", "  - name: Police\n    aliases: [Met Police]\n") == []
    by_alias = MINIMAL.replace("leads: [Police]", "leads: [Met Police]")
    # Without the alias, Met Police is no lead (and Police is listed but leads nothing).
    assert sorted(p.rule for p in load_plan(write(by_alias), today=date(2025, 1, 1)).problems) == ["lead", "lead-unused"]
    aliased = by_alias.replace("  - Police\n", "  - name: Police\n    aliases: [Met Police]\n")
    assert [p.rule for p in load_plan(write(aliased), today=date(2025, 1, 1)).problems] == []


def test_a_lead_listed_again_that_leads_nothing_is_said_once(problems):
    """Listed twice (once in another case), a lead that leads nothing got a warning at
    each listing beside the error of the listing again."""
    found = problems("  - Police\n", "  - Police\n  - Housing\n  - Housing\n  - housing\n")
    assert [line.split(": ")[2] for line in found] == ["lead-unused", "leads", "leads"], found
    assert found[0].startswith("22:5: warning: lead-unused: no action is led by 'Housing'")


def test_plans_without_a_leads_list_accept_any_lead(problems):
    assert problems("leads:\n  - Safer Anytown\n  - Police\n", "") == []


def test_status_must_be_in_the_scale(problems):
    assert problems("due: Q1 Year 1\n", "due: Q1 Year 1\n            status: Done\n") == [
        "33:21: error: status: status 'Done' is not in the plan's scale "
        "(ratings: On Hold, In Progress, Completed, Behind)"
    ]


def test_status_case_typo_gets_a_suggestion(problems):
    assert problems("due: Q1 Year 1\n", "due: Q1 Year 1\n            status: behind\n") == [
        "33:21: error: status: status 'behind' is not in the plan's scale; did you mean 'Behind'? "
        "(ratings: On Hold, In Progress, Completed, Behind)"
    ]


def test_status_agrees_with_the_latest_rated_update(problems):
    assert problems(
        "due: Q1 Year 1\n",
        "due: Q1 Year 1\n            status: In Progress\n",
    ) == []
    assert problems(
        "text: Data requested.\n",
        "text: Data requested.\n                status: Behind\n",
    ) == [
        "29:13: error: status-history: status is not set, but the latest rated update set it to "
        "'Behind' (on line 36)"
    ]


def test_a_due_hcplan_cannot_read_is_kept_with_a_warning_naming_one_rewrite(problems):
    assert problems("due: Q1 Year 1", "due: By Easter") == [
        "32:18: warning: due: 'By Easter' is not a due time hcplan can read; it is kept as "
        "written: to give it a date, add beside it `due_means: YYYY-MM-DD` with the day it means (or any due "
        "hcplan reads, such as Q3 Year 1)"
    ]
    assert problems("due: Q1 Year 1", "due: Q3 2024") == [
        "32:18: warning: due: 'Q3 2024' is ambiguous in a plan with financial-year quarters; it is kept as "
        "written: write 'Q3 2024-25', or keep the words and add beside them `due_means: Q3 2024-25`"
    ]


def test_due_means_gives_the_meaning_beside_the_words(problems):
    assert problems("due: Q1 Year 1", "due: By Easter\n            due_means: 2024-09-30") == []
    assert problems("due: Q1 Year 1", "due: When the contract is let\n            due_means: Year 3") == [
        "33:24: warning: due-period: due 'Year 3' (2026-27) is outside the plan period "
        "(1 April 2024 to 31 March 2025)"
    ]
    # due_means is written for hcplan: one it cannot read fails.
    [problem] = problems("due: Q1 Year 1", "due: When the contract is let\n            due_means: soon")
    assert problem.startswith("33:24: error: due-means: due_means 'soon' is not a due time hcplan can read")


def test_a_plan_says_what_its_timescales_mean(problems):
    short = "due: Short term\n"
    assert problems("due: Q1 Year 1\n", short) == []  # read as no date
    terms = "quarters: financial\ntimescales:\n  Short term: Within 6 months\n  Long term: some day\n"
    assert problems("quarters: financial\n", terms) == [
        "11:14: error: due-means: the timescale 'Long term' means 'some day', but 'some day' is not a due time "
        "hcplan can read"
    ]


def test_a_timescale_meaning_another_is_an_error_not_a_due_without_a_date(problems):
    """A meaning is read as a due, not through the plan's other terms: "Short term: Medium
    term" read as no date at all, and every action due Short term was never late."""
    terms = "quarters: financial\ntimescales:\n  Short term: medium  term\n  Medium term: Year 2\n  Ongoing: ongoing\n"
    assert problems("quarters: financial\n", terms) == [
        "10:15: error: due-means: the timescale 'Short term' means 'medium  term', another of the plan's "
        "timescales; a meaning is read as a due, not through the timescales: write the due it means, e.g. Q2 Year 1"
    ]


def test_due_far_outside_the_period_is_a_warning(problems):
    assert problems("due: Q1 Year 1", "due: Year 3") == [
        "32:18: warning: due-period: due 'Year 3' (2026-27) is outside the plan period "
        "(1 April 2024 to 31 March 2025)"
    ]
    assert problems("due: Q1 Year 1", "due: Q1 Year 2") == []  # a quarter after the end is near


def test_reschedules_are_checked_and_agree_with_the_due(problems):
    moved = (
        "due: Q1 Year 1\n",
        "due: Q2 Year 1\n            rescheduled:\n              - from: Q1 Year 1\n"
        "                to: Q2 Year 1\n                reason: waiting for data\n",
    )
    assert problems(*moved) == []
    assert problems(moved[0], moved[1].replace("to: Q2 Year 1", "to: Q3 Year 1")) == [
        "35:21: warning: due-rescheduled: the latest reschedule moved it to 'Q3 Year 1', "
        "but its due is 'Q2 Year 1'"
    ]
    [problem] = problems(moved[0], moved[1].replace("from: Q1 Year 1", "from: last spring"))
    assert problem.startswith("34:23: warning: due: 'last spring' is not a due time")


def test_update_dates(problems):
    assert problems("date: 2024-05-01", "date: 2025-01-02") == [
        "34:23: error: update-date: update dated 2 January 2025 is in the future"
    ]
    assert problems("date: 2024-05-01", "date: 2025-01-01") == []  # today is fine
    assert problems("date: 2024-05-01", "date: 1924-05-01") == [
        "34:23: error: update-date: update dated 1 May 1924 is before the plan could exist "
        "(the period starts 1 April 2024)"
    ]


def test_updates_oldest_first(problems):
    assert problems(
        "text: Data requested.\n",
        "text: Data requested.\n              - date: 2024-04-20\n                text: Earlier.\n",
    ) == [
        "36:23: warning: update-order: update dated 20 April 2024 comes after one dated "
        "1 May 2024; keep updates oldest first"
    ]


def test_an_update_says_something(problems):
    assert problems("                text: Data requested.\n", "") == [
        "34:17: error: update-empty: update has neither text nor status"
    ]


def test_look_alike_letters(problems):
    assert problems("text: Produce a profile", "text: Produce a prоfile") == [
        "30:29: error: mixed-script: 'prоfile' mixes Cyrillic letters (о) with Latin ones; "
        "did you mean 'profile'?"
    ]
    assert problems("organisation: Anytown", "organisation: Аnytоwn") == [
        "4:15: error: mixed-script: 'Аnytоwn' mixes Cyrillic letters (А, о) with Latin ones; "
        "did you mean 'Anytown'?"
    ]


def test_look_alike_letters_written_as_escapes_are_found(problems):
    """A double-quoted value may write a Cyrillic letter as an escape: the file's text
    then has no Cyrillic letter, and the word is still found."""
    assert problems("text: Produce a profile", 'text: "Produce a pr\\u043Efile"') == [
        "30:30: error: mixed-script: 'prоfile' mixes Cyrillic letters (о) with Latin ones; "
        "did you mean 'profile'?"
    ]


def test_the_files_letters_say_whether_any_word_can_mix_alphabets():
    """The check skips a plan whose text has no Cyrillic or Greek letter: exactly
    the texts in which no word is suspicious, whatever else they hold."""
    from hcplan.checking.alphabets import foreign_letters, suspicious_words

    texts = ["Anytown", "Café – “quoted” naïve résumé", "😀 ½ ß Œ", "ВТР", "prоfile", "Ελλάδα", "ϐeta", "ᴦ"]
    for text in texts:
        assert foreign_letters(text) == any(ch.isalpha() and not ch.isascii() and (
            unicodedata.name(ch, "").startswith(("CYRILLIC", "GREEK"))) for ch in text), text
        if not foreign_letters(text):
            assert list(suspicious_words(text)) == [], text
    assert [foreign_letters(t) for t in texts] == [False, False, False, True, True, True, True, True]


def test_genuine_foreign_words_pass(problems):
    assert problems("text: Produce a profile", "text: Produce a profile (Привет, Ελλάδα)") == []


def test_short_words_of_a_text_written_in_cyrillic_or_greek_pass(problems):
    """"с", "у" and "Ο" are words of Russian, Ukrainian and Greek that look Latin: in a
    text written in that alphabet they are its words, not a disguise; in a Latin text
    such a word still is one."""
    for text in ("Встреча с полицией прошла хорошо", "Зустріч у школі відбулася", "Ο Γιάννης μίλησε",
                 "С Tell MAMA мы работаем с 2020 года"):  # fmt: skip
        assert problems("text: Produce a profile", f"text: {text}") == [], text
    assert problems("text: Produce a profile", "text: Met the ВТР team") == [
        "30:27: error: mixed-script: 'ВТР' is written in Cyrillic letters that look like Latin 'BTP'"
    ]
    # One word of Cyrillic elsewhere in the text does not make the Latin sentence Russian.
    assert problems("text: Produce a profile", "text: Met the ВТР team, poster Ж") == [
        "30:27: error: mixed-script: 'ВТР' is written in Cyrillic letters that look like Latin 'BTP'"
    ]
    assert problems("text: Produce a profile", "text: Partners BTP, ВТР, Сергей") == [
        "30:33: error: mixed-script: 'ВТР' is written in Cyrillic letters that look like Latin 'BTP'"
    ]


def test_a_check_that_crashes_is_reported_not_raised(write):
    loaded = load_plan(write())

    def broken(plan, context):
        raise RuntimeError("boom")

    rule = Rule("broken", RULES["lead"].severity, "rules", "", None, None, check=broken)
    findings = run_checks(loaded.plan, Context(date(2025, 1, 1)), [rule])
    assert [(f.rule, f.message) for f in findings] == [
        ("internal", "check broken failed: RuntimeError('boom')")
    ]


def test_a_due_reaching_well_past_the_period_is_a_warning(problems):
    assert problems("due: Q1 Year 1", "due: Year 2") == [
        "32:18: warning: due-period: due 'Year 2' (2025-26) is outside the plan period "
        "(1 April 2024 to 31 March 2025)"
    ]


def test_an_update_before_the_period_starts_is_a_warning(problems):
    assert problems("date: 2024-05-01", "date: 2024-02-01") == [
        "34:23: warning: update-before-period: update dated 1 February 2024 is before the plan period starts "
        "(1 April 2024)"
    ]


def test_errors_only_places_exactly_the_errors_of_a_full_check():
    """What a change's proof asks (errors_only): the full check's errors, at the same
    places, and none of its warnings; a plan with only warnings has nothing."""
    from hcplan.checking.loader import load_data
    from hcplan.files.reader import Source, parse

    warned = MINIMAL.replace("  - Police\n", "  - Police\n  - Nobody Leads This\n", 1)
    broken = warned.replace("due: Q2 Year 1 (continuous)\n", "due: Q2 Year 1 (continuous)\n            status: Half Way\n", 1)
    assert broken != warned
    day = date(2025, 1, 1)
    # Silencing comments (one that silences a warning, one that tries to silence an error)
    # change warnings only.
    silenced = "# hcplan: ignore-file[lead-unused]\n" + broken.replace(
        "status: Half Way\n", "status: Half Way  # hcplan: ignore[status]\n", 1
    )
    for text, errors_expected in ((warned, False), (broken, True), (silenced, True)):
        source = Source("plan.yaml", text)
        data, _ = parse(source)
        full = load_data(data, source, today=day).problems
        only = load_data(data, source, today=day, errors_only=True).problems
        assert any(p.severity == "warning" for p in full)
        assert only == [p for p in full if p.severity == "error"]
        assert all(p.severity == "error" for p in only)
        assert bool(only) is errors_expected


def test_a_mistyped_key_is_one_problem_not_also_the_key_missing(hcplan, tmp_path):
    """'organisaton' was an unknown key, 'organisation' missing, and 'themse: []' a plan
    cut short with no themes: four problems for two typos, one saying the opposite of
    the file."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "title: T 2025-26\norganisaton: O\nperiod: {start: 2025-04-01, end: 2026-03-31}\n"
        "quarters: financial\nthemse: []\n",
        encoding="utf-8",
    )
    result = hcplan("check", plan)
    assert result.exit_code == 1
    assert [line.split(": ", 2)[-1] for line in result.stdout.splitlines() if ": error: " in line or ": warning: " in line] == [
        "unknown key 'organisaton' in the plan; did you mean 'organisation'? (unknown-key)",
        "unknown key 'themse' in the plan; did you mean 'themes'? (unknown-key)",
    ]
    # A key missing with no typo of it is still said.
    plan.write_text("title: T 2025-26\nperiod: {start: 2025-04-01, end: 2026-03-31}\nthemes: []\n", encoding="utf-8")
    assert "missing required key 'organisation'" in hcplan("check", plan).stdout


def test_a_status_with_a_curly_apostrophe_is_said_to_be_the_label_so():
    """A status typed with a curly apostrophe was only 'not in the plan's scale; did you mean'
    the label, which looks the same."""
    from hcplan.checking.loader import load_source
    from hcplan.files.reader import Source

    text = MINIMAL.replace("  - label: On Hold\n", "  - label: \"Partner's review\"\n", 1).replace(
        "due: Q1 Year 1\n", "due: Q1 Year 1\n            status: Partner’s review\n", 1
    )
    said = [p.message for p in load_source(Source("plan.yaml", text)).problems if p.rule == "status"]
    assert said == ["status 'Partner’s review' is 'Partner's review' with another apostrophe or quote mark: write it as the scale does"]
