"""Comments that silence a warning: for one line, or for the whole file.

A plan may know better than a rule: an update really was given before the
period started, a lead really leads nothing yet. A comment says so where it
applies, naming the rules it silences::

    due: Year 3  # hcplan: ignore[due-period]
    # hcplan: ignore[lead-unused, update-order]      (on its own line: the next line)
    # hcplan: ignore-file[final-newline]             (anywhere: the whole file)

Only warnings can be silenced: an error means the plan is wrong, and is fixed
rather than hidden. A silencing comment that silences nothing (a rule that
found nothing there, an unknown rule, an error) is itself reported
(``unused-ignore``), so that none outlives its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hcplan.checking.rules import RULES
from hcplan.files.reader import Locations, Source, line_col
from hcplan.problems import Problem, Severity
from hcplan.quoting import quote
from hcplan.suggest import did_you_mean

_COMMENT = re.compile(r"#[ \t]*hcplan:[ \t]*(?P<kind>ignore-file|ignore)\b(?:\[(?P<ids>[^\]\r\n]*)\])?")


@dataclass
class _Silencer:
    index: int
    line: int
    col: int
    whole_file: bool
    target: int
    ids: list[str]
    used: set[str] = field(default_factory=set)


def silences(text: str) -> bool:
    """Whether ``text`` may hold a silencing comment."""
    return "hcplan:" in text and _COMMENT.search(text) is not None


def silence(problems: list[Problem], source: Source, locations: Locations | None) -> list[Problem]:
    """``problems`` less the warnings the file's comments silence, plus an ``unused-ignore``
    warning for every silencing comment (or rule named in one) that silenced nothing.

    ``locations`` (of a file that parsed) tells comments from text that only looks
    like one; without them a ``#`` after a space counts as a comment.
    """
    text = source.text
    if not silences(text):
        return problems
    silencers = _silencers(text, locations)
    if not silencers:
        return problems
    kept = []
    for problem in problems:
        rule = RULES.get(problem.rule)
        if rule is not None and rule.silenceable and problem.severity is Severity.WARNING:
            hit = [s for s in silencers if problem.rule in s.ids and (s.whole_file or s.target == problem.line)]
            if hit:
                for s in hit:
                    s.used.add(problem.rule)
                continue
        kept.append(problem)
    return kept + [p for s in silencers for p in _unused(s, source.path)]


def _silencers(text: str, locations: Locations | None) -> list[_Silencer]:
    spans = []
    if locations is not None:
        spans = [(n.start, n.end) for n in (*locations.values.values(), *locations.keys.values()) if n.kind == "scalar"]
    lines = re.split(r"\r\n|\r|\n", text)
    found = []
    for match in _COMMENT.finditer(text):
        at = match.start()
        if at > 0 and text[at - 1] not in " \t\r\n":
            continue
        if any(start <= at < end for start, end in spans):
            continue  # inside a text, not a comment
        line, col = line_col(text, at)
        target = line
        if match.group("kind") == "ignore" and not lines[line - 1][: col - 1].strip():
            target = _next_content_line(lines, line)
        ids = [i.strip() for i in (match.group("ids") or "").split(",") if i.strip()]
        found.append(_Silencer(at, line, col, match.group("kind") == "ignore-file", target, ids))
    return found


def _next_content_line(lines: list[str], line: int) -> int:
    """The first line after ``line`` (1-based) that is neither blank nor only a comment."""
    for number in range(line + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return line


def _unused(silencer: _Silencer, path: str) -> list[Problem]:
    def warn(message: str) -> Problem:
        return Problem(path, silencer.line, silencer.col, Severity.WARNING, "unused-ignore", message)

    if not silencer.ids:
        return [warn("a silencing comment names the rules it silences: # hcplan: ignore[rule-id]")]
    where = "in this file" if silencer.whole_file else "on its line"
    problems = []
    for rule_id in silencer.ids:
        if rule_id in silencer.used:
            continue
        rule = RULES.get(rule_id)
        if rule is None:
            message = f"there is no rule {quote(rule_id)}{did_you_mean(rule_id, RULES)}: this silences nothing"
        elif not rule.silenceable:
            message = f"{quote(rule_id)} is an error, and errors cannot be silenced: fix the plan instead"
        else:
            message = f"nothing to silence: there is no {rule_id} warning {where}; remove {quote(rule_id)}"
        problems.append(warn(message))
    return problems
