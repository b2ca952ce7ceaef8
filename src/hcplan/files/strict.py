"""YAML 1.2 rules that libyaml does not enforce, checked on its events.

libyaml (the C parser hcplan reads plans with) accepts some text that the
YAML 1.2 specification calls invalid, and gives it a meaning another YAML
reader would not. The yaml-test-suite's error cases it lets through are of
four kinds, and this module refuses each, at the character that breaks it:

* a comment must be separated from what comes before it by a space or a tab:
  ``title: "Plan"# note``, ``[a, b]#note``, ``[a,#note``, ``title: >#note``,
  ``%YAML 1.2#note``;
* a flow node (a quoted or plain text, a ``[...]`` or ``{...}`` collection)
  that runs over several lines inside a block must indent every further line
  with spaces, more than the block it is in: ``quoted: "a\\nb"`` with ``b`` at
  the start of its line, or a line that starts with a tab;
* a plain ``-`` is not a value inside ``[...]`` or ``{...}`` (``[-]``);
* a block scalar's leading blank lines may not hold more spaces than its
  first line of text.

Besides, before anything is parsed, characters libyaml reads differently from
YAML 1.2 are refused where they stand: the line breaks of YAML 1.1 (U+0085,
U+2028, U+2029), which YAML 1.2 reads as text, and no-break or other Unicode
spaces where YAML needs a real space (indentation, after ``-`` or ``key:``),
which look like spaces and are not.
"""

from __future__ import annotations

import re
from typing import Any


def _suspect_comment(text: str) -> bool:
    """Whether a ``#`` follows something that is not a space: the only way a comment can
    break the rule, so files without one skip that check."""
    at = text.find("#", 1)
    while at != -1:
        if text[at - 1] not in " \t\r\n":
            return True
        at = text.find("#", at + 1)
    return False


_BREAK = re.compile(r"\r\n|\r|\n")

#: Characters libyaml takes for line breaks but YAML 1.2 does not, and Unicode
#: spaces that look like a YAML space.
_ODD = re.compile("[\x85\u2028\u2029\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ODD_BREAKS = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}
#: Where a Unicode space stands in for a YAML one: in the indentation, after a
#: sequence dash, or after a key's colon.
_ODD_SPACE = re.compile(
    "^[ \t]*(?:-[ \t]+)*(?:[A-Za-z_][A-Za-z0-9_ -]*:|-)?(?P<odd>[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000])",
    re.M,
)


def odd_characters(text: str) -> list[tuple[int, str]]:
    """``(index, message)`` for every character libyaml would read differently from YAML 1.2."""
    if text.isascii() or _ODD.search(text) is None:
        return []
    found = []
    for match in _ODD.finditer(text):
        char = match.group()
        if char in _ODD_BREAKS:
            found.append(
                (
                    match.start(),
                    f"a {_ODD_BREAKS[char]} character (U+{ord(char):04X}): YAML readers disagree on "
                    "whether it breaks the line; remove it, or write it as an escape inside double quotes",
                )
            )
    for match in _ODD_SPACE.finditer(text):
        char = match.group("odd")
        name = "no-break space" if char == "\u00a0" else "Unicode space"
        found.append(
            (
                match.start("odd"),
                f"a {name} (U+{ord(char):04X}) where YAML needs an ordinary space; it looks like one "
                "and is not: retype it as a space",
            )
        )
    return sorted(found)


class Strict:
    """The checks of this module over one text, fed the parser's events.

    ``problems`` collects ``(index, message)``; the caller locates them.
    """

    __slots__ = ("text", "comments", "problems", "runaway", "_end", "_lines", "_flow", "_inner")

    def __init__(self, text: str) -> None:
        self.text = text
        #: Whether any ``#`` follows a non-space: only then are comments checked.
        self.comments = _suspect_comment(text)
        self.problems: list[tuple[int, str]] = []
        self._end = 0
        self._lines: list[int] | None = None
        # The outermost flow collection inside a block: (start mark, spaces needed).
        self._flow: tuple[Any, int] | None = None
        # Lines of multi-line quoted texts inside it: (first, last) 0-based.
        self._inner: list[tuple[int, int]] = []
        #: The line (1-based) a quoted text left open starts on: the parser's problems from
        #: there on are its consequences, read in a text the quote swallowed.
        self.runaway: int | None = None

    # -- comments -------------------------------------------------------------

    def only_comments(self) -> bool:
        """Whether every problem found is a comment without a space before its ``#``."""
        return all(message == _NO_SPACE for _, message in self.problems)

    def gap(self, event: Any) -> None:
        """Check the comments between the previous event and this one."""
        start, end = event.start_mark.index, event.end_mark.index
        if start > self._end:
            self._comments_in(self._end, start)
        self._end = max(self._end, end)

    def _comments_in(self, start: int, end: int) -> None:
        text = self.text
        at = text.find("#", start, end)
        while at != -1:
            if at > 0 and text[at - 1] not in " \t\r\n":
                self.problems.append((at, _NO_SPACE))
            newline = _BREAK.search(text, at, end)
            if newline is None:
                return
            at = text.find("#", newline.end(), end)

    def directives(self, event: Any) -> None:
        """Check the ``%`` directive lines before an explicit ``---``."""
        text = self.text
        start, end = event.start_mark.index, event.end_mark.index
        for match in re.finditer(r"^%[^\r\n]*", text[start:end], re.M):
            line, offset = match.group(), start + match.start()
            hash_at = line.find("#")
            if hash_at > 0 and line[hash_at - 1] not in " \t":
                self.problems.append((offset + hash_at, _NO_SPACE))
                line = line[:hash_at]
            words = line.split("#", 1)[0].split()
            if words[0] == "%YAML" and len(words) > 1 and words[1] != "1.2":
                self.problems.append(
                    (
                        offset,
                        f"this file says it is YAML {words[1]}; hcplan reads "
                        "YAML 1.2, where words like yes and no are plain text: remove the line",
                    )
                )

    # -- flow nodes over several lines -----------------------------------------

    def _line_starts(self) -> list[int]:
        if self._lines is None:
            self._lines = [0] + [m.end() for m in _BREAK.finditer(self.text)]
        return self._lines

    def _line(self, number: int) -> tuple[int, str]:
        starts = self._line_starts()
        begin = starts[number]
        end = starts[number + 1] if number + 1 < len(starts) else len(self.text)
        return begin, self.text[begin:end].rstrip("\r\n")

    def scalar(self, event: Any, block_column: int | None) -> None:
        """A scalar over several lines; ``block_column`` is the column (0-based) of the block
        collection it is in, None inside a flow collection or at the root."""
        first, last = event.start_mark.line, event.end_mark.line
        if block_column is None:
            if self._flow is not None:
                self._inner.append((first, last))
            return
        what = "quoted text" if event.style else "text"
        if event.style in ('"', "'") and self._unclosed(event.start_mark, last, block_column + 1):
            return
        self._continuations(first, last, block_column + 1, what, event.start_mark, strict=True)

    def _unclosed(self, mark: Any, last: int, need: int) -> bool:
        """A quoted text (opened at ``mark``) whose lines after its first are written as the
        plan's own (less indented than it needs, and reading as keys or list items): its
        closing quote is missing, and it ran on to the next quote mark. Said once, where it
        opens."""
        lines = [self._line(number)[1] for number in range(mark.line + 1, last + 1)]
        shaped = [line for line in lines if _PLAN_LINE.match(line) and len(line) - len(line.lstrip(" ")) < need]
        if len(shaped) < 2:  # one line of prose may well start "Note: ..."
            return False
        quote = self.text[mark.index : mark.index + 1]
        if self.runaway is None:
            self.runaway = mark.line + 1
        self.problems.append(
            (
                mark.index,
                f"this quoted text is not closed on its line: it runs on over the {len(lines)} line"
                f"{'s' * (len(lines) != 1)} after it, which read as the plan's own; put its closing {quote} at its end",
            )
        )
        return True

    def flow_start(self, event: Any, block_column: int | None) -> None:
        """A ``[`` or ``{`` whose parent is a block (or the root: None)."""
        self._flow = (event.start_mark, 0 if block_column is None else block_column + 1)
        self._inner = []

    def flow_end(self, event: Any) -> None:
        """The end of the collection :meth:`flow_start` began."""
        if self._flow is None:
            return
        mark, need = self._flow
        self._flow = None
        first, last = mark.line, event.end_mark.line
        if last == first or need == 0:
            return
        inner: set[int] = set()
        for begin, end in self._inner:
            inner.update(range(begin + 1, end + 1))
        kind = "list" if self.text[mark.index : mark.index + 1] == "[" else "mapping"
        for number in range(first + 1, last + 1):
            strict = number in inner
            self._continuation(number, need, f"{kind} in brackets", mark, strict=strict)

    def _continuations(self, first: int, last: int, need: int, what: str, mark: Any, *, strict: bool) -> None:
        for number in range(first + 1, last + 1):
            self._continuation(number, need, what, mark, strict=strict)

    def _continuation(self, number: int, need: int, what: str, mark: Any, *, strict: bool) -> None:
        begin, line = self._line(number)
        spaces = len(line) - len(line.lstrip(" "))
        if spaces >= need:
            return
        rest = line[spaces:]
        blank = not rest.strip(" \t")
        if blank and (not strict or "\t" not in rest):
            return
        if not strict and rest.lstrip(" \t").startswith("#"):
            return  # a comment line inside [...] or {...} may stand anywhere
        started = f"the {what} that starts on line {mark.line + 1}"
        if rest[:1] == "\t":
            message = f"a tab starts this line of {started}: YAML indents it with spaces, at least {need} here"
        else:
            message = (
                f"this line of {started} is not indented enough: YAML needs at least "
                f"{need} space{'s' * (need != 1)} here"
            )
        self.problems.append((begin + spaces, message))

    # -- plain dashes and block scalars ----------------------------------------

    def plain_in_flow(self, event: Any) -> None:
        """A plain value inside ``[...]``/``{...}`` that starts with ``-``."""
        at = event.start_mark.index
        after = self.text[at + 1 : at + 2]
        if self.text[at : at + 1] == "-" and after in ("", " ", "\t", "\r", "\n", ",", "[", "]", "{", "}"):
            self.problems.append((at, "a '-' alone cannot be a value inside [...] or {...}: put it in quotes ('-')"))

    def block_scalar(self, event: Any, block_column: int | None) -> None:
        """A ``|`` or ``>`` text: its header, and its leading blank lines."""
        text = self.text
        at = event.start_mark.index
        if text[at : at + 1] not in ("|", ">"):
            return  # after a tag or anchor, which are refused anyway
        header = re.match(r"[|>]([0-9+-]{0,2})(.?)", text[at : at + 4])
        assert header is not None
        if header.group(2) == "#":
            self.problems.append((at + header.end(2) - 1, _NO_SPACE))
        if any(c.isdigit() for c in header.group(1)):
            return  # an explicit indentation: nothing is detected
        number = event.start_mark.line + 1
        starts = self._line_starts()
        widest: tuple[int, int] | None = None  # (spaces, index) of the widest blank line
        while number < len(starts):
            begin, line = self._line(number)
            if line.strip(" "):
                indent = len(line) - len(line.lstrip(" "))
                parent = -1 if block_column is None else block_column
                if indent > parent and widest is not None and widest[0] > indent:
                    self.problems.append(
                        (
                            widest[1],
                            f"a blank line with more spaces ({widest[0]}) than the first line of "
                            f"the text below it ({indent}): YAML cannot tell the text's "
                            "indentation; remove the spaces",
                        )
                    )
                return
            spaces = len(line)
            if widest is None or spaces > widest[0]:
                widest = (spaces, begin)
            number += 1


_NO_SPACE = "a comment needs a space before its '#'; without one this is not valid YAML"

#: A line written as a plan's own: a key and its value, or a list item.
_PLAN_LINE = re.compile(r"\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_ ]*:(?:\s|$)|\s*-\s")
