"""The terminal: whether to colour, and how.

Colour only on a terminal, and never when NO_COLOR is set
(https://no-color.org) or the terminal is dumb; FORCE_COLOR forces it.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import IO

from hcplan.quoting import UNSAFE_RANGES, escape


def use_colour(stream: IO[str] | None = None) -> bool:
    """True when ``stream`` is a terminal and the user has not said NO_COLOR."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def paint(text: str, code: str, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour else text


def visible(text: str) -> str:
    """``text`` safe to show on a terminal: what a terminal would obey is shown, not obeyed.

    Control characters (ESC and the rest of C0 but tab and line break, DEL,
    C1) and the bidirectional controls (U+202A-U+202E, U+2066-U+2069 and the
    marks: the "Trojan Source" characters) come out as escapes, ``\\x1b`` or
    ``\\u202e``, so plan text can neither rewrite a reviewer's screen nor
    reorder what they read. The same characters as :func:`hcplan.quoting.escape`
    (one rule for every message and every output), but a table cell or an
    update keeps its tabs and line breaks. Every text output for people goes
    through it or through ``escape``.
    """
    return escape(text, keep="\t\n")


def on_screen(text: str, stream: IO[str]) -> str:
    """``text`` as it may go to ``stream``: :func:`visible` when that is a terminal (a
    CSV or a Markdown report looked at), unchanged when it goes to a file or a pipe."""
    return visible(text) if hasattr(stream, "isatty") and stream.isatty() else text


@cache
def json_escapes() -> dict[int, str]:
    """In JSON the same characters as :func:`visible` escapes are written as \\u escapes:
    the same string, nothing a terminal obeys (json escapes C0 itself)."""
    return {code: f"\\u{code:04x}" for a, b in UNSAFE_RANGES for code in range(max(a, 0x20), b + 1)}


def json_text(data: object, *, indent: int | None = 2) -> str:
    """``data`` as JSON (UTF-8 text kept as it is) that is safe to show on a terminal.

    ``json`` already escapes C0 controls; DEL, C1 and the bidirectional
    controls are escaped too, which JSON readers read back as the same text.
    """
    import json

    return json.dumps(data, indent=indent, ensure_ascii=False, default=str).translate(json_escapes())
