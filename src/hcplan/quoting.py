"""Plan text inside messages: always on one line, never able to drive a terminal.

A plan is written by people and arrives in pull requests, so what it says may
hold anything: a line break inside a key, an escape sequence that rewrites a
reviewer's screen, a right-to-left override that makes text read backwards.
Every message that repeats plan text goes through :func:`quote` (or
:func:`escape` for text that is not quoted), which writes such characters as
visible escapes (``\\n``, ``\\x1b``, ``\\u202e``): a problem is always exactly
one line, and what a terminal shows is what the file holds.
"""

from __future__ import annotations

import re
from functools import cache

#: Characters never shown raw: C0 and C1 controls (tab and line breaks
#: included), DEL, the Unicode line and paragraph separators, and the
#: bidirectional embeddings, overrides and isolates (the "Trojan Source"
#: characters), with the invisible bidi marks and the byte order mark.
UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x1F), (0x7F, 0x9F), (0x2028, 0x2029), (0x200E, 0x200F), (0x061C, 0x061C),
    (0x202A, 0x202E), (0x2066, 0x2069), (0xFEFF, 0xFEFF), (0xD800, 0xDFFF),
)  # fmt: skip


@cache
def _unsafe() -> re.Pattern[str]:
    """The unsafe characters, as a pattern (compiled when first needed: most runs print no plan text)."""
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in UNSAFE_RANGES) + "]")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}

#: Text longer than this is cut in messages (with "...").
LIMIT = 60


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogate escape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text: str, *, keep: str = "") -> str:
    """``text`` with every unsafe character written as a visible escape; the
    characters in ``keep`` (a table cell keeps its tabs and line breaks) stay.

    >>> escape("a\\nb\\x1b[2J")
    'a\\\\nb\\\\x1b[2J'
    """
    if _unsafe().search(text) is None:
        return text
    if keep:
        return _unsafe().sub(lambda m: m.group() if m.group() in keep else _escaped(m), text)
    return _unsafe().sub(_escaped, text)


def has_unsafe(text: str) -> bool:
    """True when ``text`` holds a character :func:`escape` would escape."""
    return _unsafe().search(text) is not None


def quote(text: object, limit: int = LIMIT) -> str:
    """Plan text as a message quotes it: ``'text'``, escaped, cut when long.

    Backslashes are doubled only when something else needed escaping, so
    ordinary text (``'C:\\plans'``) reads as written.
    """
    value = str(text)
    if len(value) > limit:
        value = value[: limit - 3] + "..."
    if _unsafe().search(value) is not None:
        value = re.sub(r"\\", r"\\\\", value)
        value = _unsafe().sub(_escaped, value)
    return f"'{value}'"


def one_line(text: str) -> str:
    """``text`` made safe to print as (part of) one line: the last line of defence
    for messages and paths that are printed, whatever built them."""
    return escape(text) if _unsafe().search(text) is not None else text


def first_bad_byte(text: str) -> tuple[int, int] | None:
    """Where a string read with ``surrogateescape`` (command-line arguments) held a
    byte that is not UTF-8: ``(character index, byte)``, or None."""
    for index, char in enumerate(text):
        if 0xDC80 <= ord(char) <= 0xDCFF:
            return index, ord(char) - 0xDC00
    return None


def invisible(text: str) -> bool:
    """True when ``text`` shows nothing: it is empty, or only spaces, line breaks and
    characters of no width (a zero-width space, a byte order mark, a word joiner, a
    soft hyphen: Unicode's format characters) and controls. Such text says nothing,
    however it was typed or pasted, so it counts as empty wherever text is required."""
    first = text[:1]
    if first.isprintable() and not first.isspace() and first:  # most text: its first character shows
        return False
    import unicodedata

    # Not "printable": a character newer than this Python's Unicode, or of private use, shows.
    return all(c.isspace() or unicodedata.category(c) in _SHOW_NOTHING for c in text)


#: The categories of characters that show nothing: separators (spaces), controls, format characters.
_SHOW_NOTHING = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
