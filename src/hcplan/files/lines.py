"""Where lines start and end in a plan's text, for editing it in place.

Lines end at any break the parser knows (LF, CRLF, CR, NEL, LS, PS; see
:data:`~hcplan.files.reader.LINE_BREAKS`), whatever the file's own style, so
an edit lands where the reader said a node is.
"""

from __future__ import annotations

from collections.abc import Callable

from hcplan.files.reader import LINE_BREAKS

#: The characters that end a line (CRLF is a CR then an LF), and those that
#: are blank between tokens.
BREAK_CHARS = "".join(b for b in LINE_BREAKS if len(b) == 1)
BLANK = " \t" + BREAK_CHARS
_OTHER_BREAKS = BREAK_CHARS.replace("\n", "")


def indent(line: str) -> int:
    """How many spaces ``line`` starts with."""
    return len(line) - len(line.lstrip(" "))


def comment_at(line: str) -> int | None:
    """The column (0-based) of the ``#`` of a comment line; None for any other line."""
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) if stripped.startswith("#") else None


class Lines:
    """Line positions in one text: every index is into that text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def start(self, index: int) -> int:
        """Where the line holding ``index`` starts."""
        # The other breaks are looked for after the last LF only: not back through the whole text.
        lf = self.text.rfind("\n", 0, index)
        return max(lf, *(self.text.rfind(b, lf + 1, index) for b in _OTHER_BREAKS)) + 1

    def end(self, index: int) -> int:
        """Where the line holding ``index`` ends, before its line break."""
        lf = self.text.find("\n", index)
        stop = len(self.text) if lf == -1 else lf
        found = [i for i in (self.text.find(b, index, stop) for b in _OTHER_BREAKS) if i != -1]
        return min(found) if found else stop

    def line(self, start: int) -> str:
        """The text of the line starting at ``start``, without its break."""
        return self.text[start : self.end(start)]

    def before(self, start: int) -> tuple[int, int]:
        """Where the line before the one starting at ``start`` starts, and where its text ends."""
        end = start - (2 if self.text.startswith("\r\n", start - 2) else 1)
        return self.start(end), end

    def after(self, index: int) -> int | None:
        """Where the line after the one holding ``index`` starts; None on the last line."""
        end = self.end(index)
        if end == len(self.text):
            return None
        return end + (2 if self.text.startswith("\r\n", end) else 1)

    def ends_with_break(self) -> bool:
        return self.text.endswith(tuple(BREAK_CHARS))

    def up_while(self, start: int, belongs: Callable[[str], bool]) -> int:
        """Move ``start`` (a line start) up over the lines just above it that ``belongs`` says yes to."""
        while start > 0:
            previous, end = self.before(start)
            if not belongs(self.text[previous:end]):
                break
            start = previous
        return start

    def comments_above(self, start: int, col: int) -> int:
        """Move ``start`` (a line start) up over the comment lines just above it
        that are indented ``col`` or more: they belong to what follows them."""
        return self.up_while(start, lambda line: (at := comment_at(line)) is not None and at >= col)

    def deeper_comments_end(self, start: int, col: int) -> int:
        """Move ``start`` (a line start, or the end) down over the comment lines
        indented deeper than ``col``: they remark on what is above them. The
        end of the text when they run to it."""
        while start < len(self.text):
            at = comment_at(self.line(start))
            if at is None or at <= col:
                break
            following = self.after(start)
            start = len(self.text) if following is None else following
        return start
