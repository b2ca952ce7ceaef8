"""How two ways of writing a name or a label are told to be the same.

People type a lead's name or a rating's label in many ways that mean one
thing: another case, an accent typed as a letter of its own (the
decomposed Unicode that macOS and copies out of PDFs write), a curly
apostrophe where the plan has a straight one (a spreadsheet's autocorrect).
:func:`fold` is the one key every such comparison uses; :func:`composed` is
the text as Unicode says it is the same (canonically equivalent), for
comparisons that must keep case.
"""

from __future__ import annotations

import unicodedata

#: Quotation marks typed for the plain ones (autocorrect's curly quotes, a prime).
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"'})

#: Every apostrophe and quotation mark :func:`straight` knows, straight and curly.
QUOTE_MARKS = frozenset("'\"" + "".join(map(chr, _QUOTES)))


def composed(text: str) -> str:
    """``text`` in composed Unicode (NFC): an accent typed as a letter of its own joined to its letter."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def straight(text: str) -> str:
    """``text`` with its curly apostrophes and quotes (and a prime) written straight."""
    return text if text.isascii() else text.translate(_QUOTES)


def fold(text: str) -> str:
    """The key two ways of writing a name compare by: composed, apostrophes and quotes
    straight, case folded. Spacing is the caller's: a no-break space is no space, and is
    said (:mod:`hcplan.suggest`).

    >>> fold("Wedi\u2019i Gwblhau") == fold("wedi'i gwblhau")
    True
    """
    return straight(composed(text)).casefold()
