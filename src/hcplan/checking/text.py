"""Checks of a plan's text and data as written, before and beside its model.

* bidirectional controls (U+202A-U+202E, U+2066-U+2069) anywhere in the file,
  comments included: they make text display in another order than it is read
  ("Trojan Source"), so a pull request can show reviewers something else than
  what it changes;
* control characters written as escapes in double-quoted text (``"\\e[2J"``):
  a terminal acts on them (YAML itself refuses them written raw);
* a file that does not end with a line break: most often one cut short;
* a file whose last key has no value: the same, cut at the end of a line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from hcplan.files.reader import Source, line_col
from hcplan.problems import DocPath, Finding, Problem, Severity
from hcplan.quoting import quote

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: Control characters (tab and line breaks aside), and the two non-characters no XML document
#: (a Word file, an HTML page) may hold.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

_CONTROL_NAMES = {
    0x00: "null",
    0x07: "bell",
    0x08: "backspace",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line",
    0x9B: "control sequence introducer",
}


def _bidi_message(char: str) -> str:
    name = unicodedata.name(char, "bidirectional control").lower()
    return (
        f"a {name} (U+{ord(char):04X}): it makes text display in another order than it is "
        "read, so what a reviewer sees is not what the file says; remove it"
    )


def _control_message(char: str) -> str:
    code = ord(char)
    if code >= 0xFFFE:
        return f"text holds the non-character U+{code:04X}, which no Word file or web page may hold; remove it"
    name = _CONTROL_NAMES.get(code, "control character")
    article = "an" if name[0] in "aeiou" else "a"
    return (
        f"text holds {article} {name} (U+{code:04X}), which a terminal acts on and a Word file cannot hold; remove it"
    )


def first_control(text: str, written: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """The rule and message for the first bidi control or control character in a value.

    Bidi controls in ``written`` are in the file as they are, where
    :func:`text_problems` finds each at its own line and column; they are left
    to it, so that one character is one problem.
    """
    for bidi in _BIDI.finditer(text):
        if bidi.group() not in written:
            return "bidi-control", _bidi_message(bidi.group())
    control = _CONTROL.search(text)
    if control is not None:
        return "control-character", _control_message(control.group())
    return None


def written_bidi(text: str) -> frozenset[str]:
    """The bidi controls written as they are (not as escapes) in a file's ``text``."""
    return frozenset(_BIDI.findall(text)) if not text.isascii() else frozenset()


def text_problems(source: Source) -> list[Problem]:
    """Warnings about the file's text as written: bidi controls, and a missing final line break."""
    text = source.text
    problems = []
    last_line = 0
    for match in _BIDI.finditer(text):
        line, col = line_col(text, match.start())
        if line != last_line:  # one per line is enough to find them
            problems.append(
                Problem(source.path, line, col, Severity.WARNING, "bidi-control", _bidi_message(match.group()))
            )
            last_line = line
    body = text.rstrip()
    start = max(body.rfind("\n"), body.rfind("\r")) + 1
    if body[start : start + 1] in (" ", "\t") and body[start:].lstrip(" \t").startswith("#"):
        line, col = line_col(text, start + len(body[start:]) - len(body[start:].lstrip(" \t")))
        problems.append(
            Problem(
                source.path,
                line,
                col,
                Severity.WARNING,
                "cut-short",
                "the file ends with an indented comment and nothing after it: was it cut short?",
            )
        )
    if text and not text.endswith(("\n", "\r")):
        line, col = line_col(text, len(text))
        problems.append(
            Problem(
                source.path,
                line,
                col,
                Severity.WARNING,
                "final-newline",
                "the file ends in the middle of a line, without a line break: was it cut short "
                "(a half-saved file, a truncated download or copy)? If not, end it with a line break",
            )
        )
    return problems


def cut_short(data: Any, text: str) -> list[Finding]:
    """Signs that the data ends early: the last key has no value, or the last theme,
    objective, action or update lacks keys that its kind nearly always has after the
    last key it does have."""
    found = _empty_parts(data)
    end = _ends_without_value(data, text)
    if end is not None:
        found.append(end)
    where: DocPath = ()
    node: Any = data
    every: list[dict[Any, Any]] = [data] if isinstance(data, dict) else []
    # Down the last key of each mapping while it holds a list of mappings:
    # themes, objectives, actions, then updates or reschedules.
    while isinstance(node, dict) and node:
        key = next(reversed(node))
        items = node[key]
        if not isinstance(items, list) or not items or not isinstance(items[-1], dict):
            break
        every = [item for parent in every for item in _list(parent.get(key)) if isinstance(item, dict)]
        where = where + (key, len(items) - 1)
        node = items[-1]
        missing = _missing_after(node, [item for item in every if item is not node])
        if missing:
            kind = _KINDS.get(str(key), "entry")
            found.append(
                Finding(
                    where,
                    "cut-short",
                    f"the last {kind} of the file ends without {' or '.join(map(quote, missing))}, "
                    f"which every other {kind} has after {quote(next(reversed(node)))}: was the file cut short?",
                )
            )
    return found


_KINDS = {"themes": "theme", "objectives": "objective", "actions": "action", "updates": "update",
          "rescheduled": "reschedule", "scale": "rating", "leads": "lead"}  # fmt: skip


def _a_typo_of(key: str, data: dict[Any, Any]) -> bool:
    """Whether a key of ``data`` is ``key`` mistyped (``themse``): its unknown-key error says
    so, and the plan is not cut short."""
    from hcplan.checking.validation import SYNONYMS
    from hcplan.suggest import suggest

    return any(isinstance(k, str) and k != key and suggest(k, [key], synonyms=SYNONYMS) for k in data)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _empty_parts(data: Any) -> list[Finding]:
    """A plan without themes, a theme without objectives, an ``actions:`` written with
    nothing in it: signs of a plan cut short (``themes: []`` says there are none on purpose;
    an objective without an ``actions`` key is a draft's)."""
    if not isinstance(data, dict):
        return []
    hint = ": was the file cut short?"
    if "themes" not in data:
        if _a_typo_of("themes", data):
            return []
        return [Finding((), "empty", "the plan has no themes" + hint + " (write themes: [] if it has none)")]
    found = []
    for t, theme in enumerate(_list(data["themes"])):
        if not isinstance(theme, dict):
            continue
        if not theme.get("objectives"):
            found.append(
                Finding(("themes", t), "empty", f"theme {quote(theme.get('number', t + 1))} has no objectives" + hint)
            )
        for o, objective in enumerate(_list(theme.get("objectives"))):
            if isinstance(objective, dict) and "actions" in objective and objective["actions"] is None:
                where = ("themes", t, "objectives", o, "actions")
                if where != _last_path(data):  # the end of the file says it already
                    found.append(
                        Finding(
                            where,
                            "empty",
                            f"'actions:' of objective {quote(objective.get('id', o + 1))} has nothing in it" + hint,
                            on_key=True,
                        )
                    )
    return found


def _last_path(data: Any) -> DocPath:
    where: DocPath = ()
    value = data
    while isinstance(value, (dict, list)) and value:
        if isinstance(value, dict):
            key = next(reversed(value))
            where, value = where + (key,), value[key]
        else:
            where, value = where + (len(value) - 1,), value[-1]
    return where


def _missing_after(item: dict[Any, Any], others: list[dict[Any, Any]]) -> list[str]:
    """The keys nearly all ``others`` have (all but one in ten, at least three of them) that
    ``item`` lacks and that come after ``item``'s last key where both are written."""
    if len(others) < 3 or not item:
        return []
    last = next(reversed(item))
    counts: dict[Any, int] = {}
    for other in others:
        for key in other:
            counts[key] = counts.get(key, 0) + 1
    missing = []
    for key, count in counts.items():
        if key in item or count * 10 < len(others) * 9:
            continue
        both = [list(o) for o in others if key in o and last in o]
        after = sum(order.index(key) > order.index(last) for order in both)
        if both and after * 2 > len(both):
            missing.append(str(key))
    return missing


def _ends_without_value(data: Any, text: str) -> Finding | None:
    """A finding when the last key of the document has no value and nothing comes after
    its line, not even a comment (``actions:`` at the very end)."""
    body = text.rstrip()
    last = body[max(body.rfind("\n"), body.rfind("\r")) + 1 :]
    if not last.rstrip().endswith(":"):
        return None
    where = _last_path(data)
    value = data
    for step in where:
        value = value[step]
    if value is None and where and isinstance(where[-1], str):
        return Finding(
            where,
            "cut-short",
            f"the file ends with the key {quote(where[-1])} and no value after it: was it cut short?",
            on_key=True,
        )
    return None
