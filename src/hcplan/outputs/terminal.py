"""The terminal: whether to colour, and how.

Colour only on a terminal, and never when NO_COLOR is set
(https://no-color.org) or the terminal is dumb; FORCE_COLOR forces it.
"""

from __future__ import annotations

import os
import sys
from typing import IO


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
