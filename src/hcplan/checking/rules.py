"""Every rule ``hcplan check`` applies, as a record.

A rule has an ID (what a problem line ends with, what ``--format json`` calls
``rule``, what a silencing comment names), a severity, one line saying what it
means, and an example that breaks it and one that passes. ``docs/rules.md`` is
generated from these records, and the tests run every example: each one that
breaks a rule draws that rule's problems and no others, each one that passes
draws nothing.

Most rules are checks of a valid plan (``check``, in :mod:`hcplan.checking.checks`);
the others are found while the file is read (``stage`` "file", "yaml"), while
its shape is validated ("schema"), in its text ("text"), or in its silencing
comments ("silencing"). ``reads`` says which parts of the plan a check compares
with the place of its finding, so that a plan checked in part (see
:mod:`hcplan.checking.salvage`) never gets a finding misled by a part set aside:
a dotted path from the top (``period``; ``*`` for any entry of a list:
``scale.*.label``), or from the finding's action or objective (``./updates``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from hcplan.checking import checks
from hcplan.checking.checks import Check, Context
from hcplan.format.dates import FIRST_YEAR, LAST_YEAR
from hcplan.format.model import Plan
from hcplan.problems import Finding, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: The day the examples are checked as on.
EXAMPLE_DAY = "2025-01-01"

#: The plan every example changes: its top-level keys ("plan" examples) or the
#: list of actions at its end ("actions" examples).
SAMPLE = """\
hcplan: 1
title: Anytown Hate Crime Work Plan 2024-25
organisation: Anytown Borough Council
period:
  start: 2024-04-01
  end: 2025-03-31
quarters: financial
scale:
  - label: In Progress
    rag: amber
  - label: Completed
    rag: green
    done: true
  - label: Behind
    rag: red
leads: [Safer Anytown]
themes:
  - number: 1
    name: Co-ordination
    objectives:
      - id: "1"
        text: Monitor hate crime
        actions:
          - id: "1.1"
            text: Produce a profile
            leads: [Safer Anytown]
"""

#: A plan that ended before the examples' day, with an update on ``day``: the sample's themes.
_ENDED = (
    "period:\n  start: 2023-04-01\n  end: 2024-03-31\n"
    + SAMPLE[SAMPLE.index("themes:") :]
    + "            updates:\n              - date: {day}\n                text: Data requested.\n"
)

_ACTIONS_AT = "        actions:\n"
_ACTIONS_INDENT = " " * 10


@dataclass(frozen=True)
class Example:
    """A change to :data:`SAMPLE`: ``text`` replaces its top-level keys of the same names
    (``at="plan"``) or its list of actions (``at="actions"``); ``write`` saves a file
    that cannot be shown as text (too large, not UTF-8), described by ``note``."""

    text: str
    at: str = "plan"
    note: str = ""
    write: Callable[[Path, str], None] | None = None

    def file_text(self) -> str:
        """The whole plan file this example makes."""
        if self.at == "actions":
            head = SAMPLE[: SAMPLE.index(_ACTIONS_AT) + len(_ACTIONS_AT)]
            lines = self.text.split("\n")
            return head + "\n".join(_ACTIONS_INDENT + line if line else line for line in lines)
        return _replace_keys(SAMPLE, self.text)

    def save(self, path: Path) -> None:
        """Write the example's plan file at ``path``."""
        if self.write is not None:
            self.write(path, self.file_text())
        else:
            path.write_text(self.file_text(), encoding="utf-8", newline="")


def _blocks(text: str) -> list[tuple[str, str]]:
    """Top-level ``(key, lines)`` blocks of a YAML text; comments go with the key below them."""
    blocks: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines(keepends=True):
        match = re.match(r"([^\s#][^:]*):", line)
        if match:
            blocks.append((match.group(1), pending + line))
            pending = ""
        elif blocks and not line.startswith("#"):
            key, body = blocks[-1]
            blocks[-1] = (key, body + line)
        else:
            pending += line
    if pending:
        blocks.append(("", pending))
    return blocks


def _replace_keys(base: str, change: str) -> str:
    new = _blocks(change if change.endswith("\n") or not change else change + "\n")
    names = {key for key, _ in new}
    out: list[str] = []
    placed = False
    for key, body in _blocks(base):
        if key in names:
            if not placed:
                out += [b for _, b in new]
                placed = True
        else:
            out.append(body)
    if not placed:
        out += [b for _, b in new]
    return "".join(out)


def _mkdir(path: Path, text: str) -> None:
    path.mkdir()


def _latin1(path: Path, text: str) -> None:
    path.write_bytes(text.encode("latin-1"))


def _conflicted(path: Path, text: str) -> None:
    start = text.index("title:")
    end = text.index("\n", start) + 1
    theirs = text[start:end].replace("Plan", "Plan 2024-25")
    path.write_text(
        f"{text[:start]}<<<<<<< HEAD\n{text[start:end]}=======\n{theirs}>>>>>>> rename\n{text[end:]}", encoding="utf-8"
    )


def _huge(path: Path, text: str) -> None:
    line = "  - " + "x" * 96 + "\n"
    path.write_text(text + "notes:\n" + line * (11 * 1024 * 1024 // len(line)), encoding="utf-8")


@dataclass(frozen=True)
class Rule:
    """One rule of ``hcplan check``."""

    id: str
    severity: Severity
    stage: str
    summary: str
    fails: Example | None
    passes: Example | None
    check: Check | None = None
    reads: tuple[str, ...] = ()

    @property
    def silenceable(self) -> bool:
        """Only warnings may be silenced: an error means the plan is wrong."""
        return self.severity is WARNING and self.stage != "silencing"


_A = "actions"

_ALL: tuple[Rule, ...] = (
    # -- reading the file ------------------------------------------------------
    Rule(
        "file", ERROR, "file", "The file can be read: it exists, is a file, and hcplan may read it.",
        Example("", note="plan.yaml is a folder", write=_mkdir), Example(""),
    ),
    Rule(
        "file-size", ERROR, "file", "A plan file is at most 10 MB; a plan of a thousand actions is under 2 MB.",
        Example("", note="the sample plan followed by 11 MB of notes", write=_huge), Example(""),
    ),
    Rule(
        "encoding", ERROR, "file", "The file is text in UTF-8 (not UTF-16, Latin-1 or a binary file).",
        Example("organisation: Café Council", note="saved as Latin-1", write=_latin1),
        Example("organisation: Café Council"),
    ),
    # -- YAML --------------------------------------------------------------------
    Rule(
        "merge-conflict", ERROR, "yaml",
        "The file holds no merge conflict git left in it (<<<<<<<, =======, >>>>>>> lines around two "
        "versions of a part): keep the lines the plan should have and delete the markers.",
        Example("", note="the title in a merge conflict", write=_conflicted), Example(""),
    ),
    Rule(
        "yaml", ERROR, "yaml",
        "The file is valid YAML 1.2, as the specification says, whatever a lenient parser would "
        "let through: a comment has a space before its '#', text over several lines is indented, "
        "indentation is spaces (not tabs or no-break spaces).",
        Example('title: "Anytown Plan"# the title'), Example('title: "Anytown Plan"  # the title'),
    ),
    Rule(
        "duplicate-key", ERROR, "yaml", "A key is written once in its mapping (YAML keeps only one of them).",
        Example("title: Anytown Plan\ntitle: Anytown Work Plan"), Example("title: Anytown Work Plan"),
    ),
    Rule(
        "anchor", ERROR, "yaml", "No anchors (&name) or aliases (*name): write each value out.",
        Example("title: &t Anytown Plan\ngroup: *t"), Example("title: Anytown Plan\ngroup: Anytown Plan"),
    ),
    Rule(
        "tag", ERROR, "yaml", "No tags (!!str, !!python/...): nothing in a plan is ever constructed or run.",
        Example("title: !!str Anytown Plan"), Example("title: Anytown Plan"),
    ),
    Rule(
        "depth", ERROR, "yaml", "Nesting is at most 64 levels deep; a plan needs about ten.",
        Example("notes: " + "[" * 70 + "]" * 70), Example("notes: [Monitored quarterly]"),
    ),
    # -- the text as written -------------------------------------------------------
    Rule(
        "bidi-control", WARNING, "text",
        "No bidirectional controls (U+202A-U+202E, U+2066-U+2069) anywhere, comments included: "
        "they make text display in another order than it is read ('Trojan Source').",
        Example("title: Anytown Plan  # \u202eeulav eurt eht"), Example("title: Anytown Plan  # the true value"),
    ),
    Rule(
        "control-character", ERROR, "text",
        "No control characters written as escapes in double-quoted text: a terminal acts on them, and no "
        "Word file or web page can hold them (written as they are, they are errors of the YAML itself).",
        Example('title: "Anytown Plan\\e[2J"'), Example('title: "Anytown Plan"'),
        check=checks.control_characters,
    ),
    Rule(
        "final-newline", WARNING, "text",
        "The file ends with a line break: one that ends in the middle of a line was most often cut "
        "short (a half-saved file, a truncated download or copy).",
        Example('- id: "1.1"\n  leads: [Safer Anytown]\n  text: Produce a pro', at=_A),
        Example('- id: "1.1"\n  leads: [Safer Anytown]\n  text: Produce a profile\n', at=_A),
    ),
    Rule(
        "cut-short", WARNING, "text",
        "The file does not end with a key that has no value, and its last theme, objective, action "
        "and update have the keys their kind always has elsewhere in the plan: else it was most "
        "likely cut short.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  updates:\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n', at=_A),
    ),
    # -- the shape of a plan -------------------------------------------------------
    Rule(
        "schema", ERROR, "schema",
        "Every key holds what the format says: text, a list, an ISO date (in the years a plan's dates may "
        f"take, {FIRST_YEAR} to {LAST_YEAR}), a whole number, true or false.",
        Example("period:\n  start: 01/04/2024\n  end: 2025-03-31"),
        Example("period:\n  start: 2024-04-01\n  end: 2025-03-31"),
    ),
    Rule(
        "unknown-key", ERROR, "schema", "Every key is one the format knows at that place.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  deadline: Q3 Year 1\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: Q3 Year 1\n', at=_A),
    ),
    # -- the rules of a plan -------------------------------------------------------
    Rule(
        "unique-id", ERROR, "rules", "Theme numbers, objective IDs and action IDs are each unique.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                '- id: "1.1"\n  text: Run events\n  leads: [Safer Anytown]\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                '- id: "1.2"\n  text: Run events\n  leads: [Safer Anytown]\n', at=_A),
        check=checks.unique_ids,
    ),
    Rule(
        "id-case", WARNING, "rules",
        "No two objective IDs, and no two action IDs, differ only in case (hcplan takes an ID typed in any case).",
        Example('- id: "HC1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                '- id: "hc1.1"\n  text: Run events\n  leads: [Safer Anytown]\n', at=_A),
        Example('- id: "HC1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                '- id: "HC1.2"\n  text: Run events\n  leads: [Safer Anytown]\n', at=_A),
        check=checks.id_case,
    ),
    Rule(
        "period", ERROR, "rules", "The plan period starts before it ends.",
        Example("period:\n  start: 2025-04-01\n  end: 2024-03-31"),
        Example("period:\n  start: 2024-04-01\n  end: 2025-03-31"),
        check=checks.period, reads=("period",),
    ),
    Rule(
        "scale", ERROR, "rules", "Each rating label of the scale is written once, ignoring case.",
        Example("scale:\n  - label: Behind\n    rag: red\n  - label: behind\n    rag: amber\n"
                "  - label: Completed\n    rag: green\n    done: true"),
        Example("scale:\n  - label: Behind\n    rag: red\n  - label: In Progress\n    rag: amber\n"
                "  - label: Completed\n    rag: green\n    done: true"),
        check=checks.scale,
    ),
    Rule(
        "scale-done", WARNING, "rules",
        "A rating scale has a label that means finished (done: true): without one no action is ever "
        "completed, nor taken off the overdue list. A plan with no scale is not warned.",
        Example("scale:\n  - label: In Progress\n    rag: amber\n  - label: Behind\n    rag: red"),
        Example("scale:\n  - label: In Progress\n    rag: amber\n  - label: Completed\n    rag: green\n"
                "    done: true"),
        check=checks.scale_done, reads=("scale",),
    ),
    Rule(
        "leads", ERROR, "rules",
        "Each known lead, and each alias, is listed once, in any case or spacing: Police and police "
        "are one lead (the first listed), and a second entry would say a second time who it is and "
        "where its digest goes. Only an alias may be its own lead's name in another case.",
        Example("leads: [Safer Anytown, safer anytown]"), Example("leads: [Safer Anytown]"),
        check=checks.known_leads,
    ),
    Rule(
        "lead", ERROR, "rules",
        "Every action's lead is one of the plan's known leads or their aliases (when the plan lists "
        "them): a misspelt lead would split that lead's actions in two.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytwn]\n'
                '- id: "1.2"\n  text: Run events\n  leads: [Safer Anytown]\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n', at=_A),
        check=checks.action_leads, reads=("leads.*.name", "leads.*.aliases"),
    ),
    Rule(
        "lead-case", WARNING, "rules",
        "An action's lead is written as the plan's leads write it: one in another case counts as "
        "that lead, with this warning.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [safer anytown]\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n', at=_A),
        check=checks.lead_cases, reads=("leads.*.name", "leads.*.aliases"),
    ),
    Rule(
        "lead-unused", WARNING, "rules",
        "Every known lead leads an action: one that leads none is left over, misspelt where the "
        "actions name it, or its actions were lost from the end of the file.",
        Example("leads: [Safer Anytown, Police]"), Example("leads: [Safer Anytown]"),
        check=checks.unused_leads, reads=("leads", "themes"),
    ),
    Rule(
        "status", ERROR, "rules", "Every status, of an action or an update, is a label of the plan's scale, exactly.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  status: Behnid\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  status: Behind\n', at=_A),
        check=checks.statuses, reads=("scale.*.label",),
    ),
    Rule(
        "status-history", ERROR, "rules", "An action's status is the one its latest rated update set.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  status: In Progress\n'
                "  updates:\n    - date: 2024-06-01\n      status: Behind\n", at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  status: Behind\n'
                "  updates:\n    - date: 2024-06-01\n      status: Behind\n", at=_A),
        check=checks.status_history, reads=("scale.*.label", "./status", "./updates"),
    ),
    Rule(
        "due", WARNING, "rules",
        "Every due time, and each reschedule's from and to, is one hcplan can read (see the format); "
        "one it cannot is kept as written, and the warning names the rewrite that would be read or "
        "how to give its date beside the words (due_means).",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: soon\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: soon\n'
                "  due_means: Q3 Year 1\n", at=_A),
        check=checks.due_times, reads=("period", "quarters", "timescales"),
    ),
    Rule(
        "due-means", ERROR, "rules",
        "A due_means, and the meaning of each of the plan's timescales, is a due hcplan can read: "
        "it is written for hcplan. A timescale's meaning is read as a due, not through the other "
        "timescales, so one that names another (Short term: Medium term) is an error.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: soon\n'
                "  due_means: before long\n", at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: soon\n'
                "  due_means: 2024-12-31\n", at=_A),
        check=checks.due_meanings, reads=("period", "quarters"),
    ),
    Rule(
        "due-range", ERROR, "rules",
        f"Every day a due names (as written, in its due_means, or through the plan's timescales) is in "
        f"the years a plan's dates may take, {FIRST_YEAR} to {LAST_YEAR}, as every date of a plan is: "
        "a due of 9999-12-31 (another system's 'no end') or 'December 9999' is no day a plan can mean.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: 9999-12-31\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: Ongoing\n', at=_A),
        check=checks.due_range, reads=("period", "quarters", "timescales"),
    ),
    Rule(
        "due-period", WARNING, "rules",
        "A due falls within the plan period, or at most a quarter either side of it.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: Year 3\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: Year 1\n', at=_A),
        check=checks.due_period, reads=("period", "quarters", "timescales"),
    ),
    Rule(
        "due-rescheduled", WARNING, "rules", "An action's due is where its latest reschedule moved it.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: Q2 Year 1\n'
                "  rescheduled:\n    - from: Q1 Year 1\n      to: Q3 Year 1\n", at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  due: Q3 Year 1\n'
                "  rescheduled:\n    - from: Q1 Year 1\n      to: Q3 Year 1\n", at=_A),
        check=checks.due_rescheduled, reads=("./due", "./rescheduled"),
    ),
    Rule(
        "update-date", ERROR, "rules",
        "No update is dated in the future, nor more than a year before the plan period starts "
        "(1917-05-09 for 2017-05-09).",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                "  updates:\n    - date: 2031-01-01\n      text: Data requested.\n", at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                "  updates:\n    - date: 2024-06-01\n      text: Data requested.\n", at=_A),
        check=checks.update_dates, reads=("period",),
    ),
    Rule(
        "update-before-period", WARNING, "rules",
        "No update is dated before the plan period starts (in the year before it: most likely a typo).",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                "  updates:\n    - date: 2024-02-01\n      text: Data requested.\n", at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                "  updates:\n    - date: 2024-05-01\n      text: Data requested.\n", at=_A),
        check=checks.updates_before_period, reads=("period",),
    ),
    Rule(
        "update-after-period", WARNING, "rules",
        "No update is dated after the plan period ends: an ended plan is listed and reported as at its "
        "end (its final position), so a later update is in none of its listings or reports. Date a "
        "final return within the plan; record later work in the plan that follows.",
        Example(_ENDED.format(day="2024-06-01")),
        Example(_ENDED.format(day="2024-03-28")),
        check=checks.updates_after_period, reads=("period",),
    ),
    Rule(
        "meeting-period", WARNING, "rules",
        "The group's meetings fall in the plan's period (a day outside it is most likely a typo).",
        Example("meetings:\n  every: quarter\n  first: 2024-06-12\n  dates: [2023-06-14]\n"),
        Example("meetings:\n  every: quarter\n  first: 2024-06-12\n  dates: [2025-03-19]\n"),
        check=checks.meetings_in_period, reads=("period",),
    ),
    Rule(
        "meeting-twice", WARNING, "rules",
        "Each meeting day is listed once (a day written twice is most likely another day's typo).",
        Example("meetings: [2024-06-12, 2024-09-18, 2024-09-18]\n"),
        Example("meetings: [2024-06-12, 2024-09-18, 2024-12-11]\n"),
        check=checks.meetings_once,
    ),
    Rule(
        "meeting-day", ERROR, "rules",
        "Regular meetings on a day of the month fall on it in every month they reach in the plan "
        "(a calendar would skip a month without the day: 31 February).",
        Example("meetings:\n  every: quarter\n  first: 2024-05-31\n"),
        Example("meetings:\n  every: quarter\n  first: 2024-05-28\n"),
        check=checks.meeting_days, reads=("period",),
    ),
    Rule(
        "update-was", WARNING, "rules",
        "Only the first update that rates an action says what it replaced (`was`, the rating before "
        "its history): a later one's would contradict the rating the update before it set.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  status: Behind\n  updates:\n'
                "    - {date: 2024-05-01, status: In Progress, was: Behind}\n"
                "    - {date: 2024-06-01, status: Behind, was: Behind}\n", at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  status: Behind\n  updates:\n'
                "    - {date: 2024-05-01, status: In Progress, was: Behind}\n"
                "    - {date: 2024-06-01, status: Behind}\n", at=_A),
        check=checks.was_of_the_first, reads=("./updates",),
    ),
    Rule(
        "update-order", WARNING, "rules",
        "An action's updates are oldest first: the history is read in file order.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  updates:\n'
                "    - date: 2024-09-01\n      text: Drafted.\n    - date: 2024-06-01\n      text: Data requested.\n", at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n  updates:\n'
                "    - date: 2024-06-01\n      text: Data requested.\n    - date: 2024-09-01\n      text: Drafted.\n", at=_A),
        check=checks.update_order, reads=("./updates",),
    ),
    Rule(
        "update-empty", ERROR, "rules", "An update says something: a text, a status, or both.",
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                "  updates:\n    - date: 2024-06-01\n", at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                "  updates:\n    - date: 2024-06-01\n      status: Behind\n  status: Behind\n", at=_A),
        check=checks.empty_updates,
    ),
    Rule(
        "empty", WARNING, "rules",
        "The plan has themes (themes: [] says it has none on purpose), every theme has objectives, "
        "and no actions: is written with nothing in it: else the plan was most often cut short.",
        Example("themes:\n  - number: 1\n    objectives:\n      - id: \"1\"\n        text: Monitor hate crime\n"
                "        actions:\n      - id: \"2\"\n        text: Report hate crime\n"
                "        actions:\n          - id: \"2.1\"\n            text: Train reporting centres\n"
                "            leads: [Safer Anytown]"),
        Example("themes:\n  - number: 1\n    objectives:\n      - id: \"1\"\n        text: Monitor hate crime\n"
                "        actions:\n          - id: \"1.1\"\n            text: Produce a profile\n"
                "            leads: [Safer Anytown]"),
    ),
    Rule(
        "plan-link", ERROR, "rules",
        "A plan it links to exists, is a plan, and agrees: follows names a plan that starts before this "
        "one and whose followed_by (if any) names this one (followed_by the other way round); an "
        "action's from names an action that plan has.",
        Example("follows: ../2023-24/plan.yaml"), Example("title: Anytown Hate Crime Work Plan 2024-25"),
        check=checks.plan_links,
    ),
    Rule(
        "mixed-script", ERROR, "rules",
        "No word is written with look-alike letters of another alphabet (a Cyrillic 'о' in 'prоfile'): "
        "it looks right and matches nothing.",
        Example('- id: "1.1"\n  text: Produce a pr\u043efile\n  leads: [Safer Anytown]\n', at=_A),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n', at=_A),
        check=checks.alphabets,
    ),
    # -- silencing comments ----------------------------------------------------------
    Rule(
        "unused-ignore", WARNING, "silencing",
        "A silencing comment silences something: it names a warning that is found where it stands.",
        Example("title: Anytown Plan  # hcplan: ignore[due-period]"),
        Example('- id: "1.1"\n  text: Produce a profile\n  leads: [Safer Anytown]\n'
                "  due: Year 3  # hcplan: ignore[due-period]\n", at=_A),
    ),
    Rule(
        "internal", ERROR, "rules",
        "A check of hcplan itself failed on this plan; the other checks still ran. Please report it.",
        None, None,
    ),
)  # fmt: skip

#: Every rule, by ID, in the order of the documentation.
RULES: dict[str, Rule] = {rule.id: rule for rule in _ALL}


def severity(rule: str) -> Severity:
    """The severity of the rule with this ID."""
    return RULES[rule].severity


def run_checks(
    plan: Plan, context: Context, rules: Iterable[Rule] | None = None, *, errors_only: bool = False
) -> list[Finding]:
    """Every finding of every check, with its rule's severity; a check that fails is
    reported as an ``internal`` problem, not raised.

    With ``errors_only``, the checks of rules that are warnings are not run: a
    check reports its own rule, or others of the same severity (every rule's
    failing example holds each check to it).
    """
    findings: list[Finding] = []
    for rule in RULES.values() if rules is None else rules:
        if rule.check is None or (errors_only and rule.severity is not ERROR):
            continue
        try:
            findings.extend(f._replace(severity=RULES[f.rule].severity) for f in rule.check(plan, context))
        except Exception as exc:  # noqa: BLE001 - a broken check must not hide the others
            name = getattr(rule.check, "__name__", rule.id)
            findings.append(Finding((), "internal", f"check {name} failed: {exc!r}"))
    return findings
