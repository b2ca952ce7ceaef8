"""Words written with look-alike letters from another alphabet.

Text copied out of PDFs and Word documents sometimes carries Cyrillic or Greek
letters that look exactly like Latin ones: the 2024-25 Merton plan names its
lead "ВТР", in Cyrillic. Such a word looks right and matches nothing: a search
for BTP or a filter by lead misses it. :func:`suspicious_words` finds them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from hcplan.suggest import phrase

# Cyrillic and Greek letters that are drawn like a Latin letter.
_LOOKALIKES = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q",
    "Ԝ": "W",
    # Cyrillic small
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ј": "j", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Greek small
    "ο": "o", "ν": "v",
}  # fmt: skip

_WORD = re.compile(r"\w+")
_WATCHED = ("LATIN", "CYRILLIC", "GREEK")
_FOREIGN = {"CYRILLIC", "GREEK"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True, slots=True)
class Suspicious:
    """A word to look at: where it starts in the text, and what it means."""

    offset: int
    word: str
    message: str


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for script in _WATCHED:
        if name.startswith(script):
            return script
    return "OTHER"


def foreign_letters(text: str) -> bool:
    """True when ``text`` holds a letter of an alphabet whose letters look Latin
    (Cyrillic or Greek): only then can a word in it be suspicious.

    >>> foreign_letters("Lead: ВТР"), foreign_letters("Lead: BTP – café")
    (True, False)
    """
    if text.isascii():
        return False
    return any(_script(c) in _FOREIGN for c in set(_NON_ASCII.findall(text)))


def suspicious_words(text: str) -> Iterator[Suspicious]:
    """Words that mix alphabets, or that are Latin-looking letters of another in a
    text not written in that alphabet.

    >>> [s.message for s in suspicious_words("Lead: ВТР")]
    ["'ВТР' is written in Cyrillic letters that look like Latin 'BTP'"]
    """
    if text.isascii():
        return
    # Each word: its match, its alphabets, and what it reads as in Latin letters.
    words = []
    for match in _WORD.finditer(text):
        word = match.group()
        scripts = {s for s in map(_script, word) if s is not None}
        words.append((match, scripts, "".join(_LOOKALIKES.get(c, c) for c in word)))
    written = _written_in(words)
    for match, scripts, latin in words:
        word = match.group()
        foreign = scripts & _FOREIGN
        if word.isascii() or not foreign:
            continue
        names = " and ".join(sorted(s.title() for s in foreign))
        if "LATIN" in scripts:
            odd = ", ".join(sorted({c for c in word if _script(c) in foreign}))
            message = f"'{word}' mixes {names} letters ({odd}) with Latin ones"
            if latin.isascii():
                message += phrase([latin])
            yield Suspicious(match.start(), word, message)
        # A short word of a text written in that alphabet ("с", "у", "Ο") is a word of it.
        elif scripts <= {"CYRILLIC", "GREEK"} and latin.isascii() and not foreign <= written:
            yield Suspicious(
                match.start(),
                word,
                f"'{word}' is written in {names} letters that look like Latin '{latin}'",
            )


def _written_in(words: list[tuple[re.Match[str], set[str], str]]) -> set[str]:
    """The alphabets (Cyrillic, Greek) the text is written in: those whose words that
    could not pass for Latin ones have as many letters as its Latin words, or more
    ("С Tell MAMA мы работаем с 2020 года" is Russian; "patrols with ВТР, poster: Ж" is
    English, and its ВТР a disguise)."""
    latin = 0
    foreign: dict[str, int] = {}
    for match, scripts, as_latin in words:
        if scripts == {"LATIN"}:
            latin += len(match.group())
        elif len(scripts) == 1 and scripts <= _FOREIGN and not as_latin.isascii():
            alphabet = next(iter(scripts))
            foreign[alphabet] = foreign.get(alphabet, 0) + len(match.group())
    return {alphabet for alphabet, letters in foreign.items() if letters >= latin}
