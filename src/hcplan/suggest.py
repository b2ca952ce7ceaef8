""" "Did you mean ...?": one way to suggest, used by every message that suggests.

A suggestion must help: it names something valid where it is offered, it is
close to what was written (or a word people use for it), and it is never what
was written already. :func:`suggest` finds the candidates and :func:`did_you_mean`
writes the words; the checks, validation's unknown keys, ``update``'s and
``show``'s action IDs, the listings' filters and ``report``'s template names
all use them. A suggestion that looks the same as what was written (a no-break
or zero-width space, a tab) says what differs: :func:`unseen_difference`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from hcplan.quoting import quote

#: How close a word must be to suggest it (difflib's ratio, 0 to 1).
CUTOFF = 0.6

_SEPARATORS = re.compile(r"[\s_\-]+")


def fold(word: str) -> str:
    """A word as it is compared: case, spacing, ``_`` and ``-`` do not matter."""
    return _SEPARATORS.sub(" ", word.casefold()).strip()


def suggest(
    word: str,
    choices: Iterable[str],
    *,
    n: int = 1,
    cutoff: float = CUTOFF,
    synonyms: Mapping[str, Iterable[str]] | None = None,
    slips: bool = True,
) -> list[str]:
    """The choices to suggest for ``word``, best first; at most ``n``.

    Args:
        word: what was written.
        choices: what is valid here; only these are ever suggested.
        n: how many to suggest at most.
        cutoff: how close (0 to 1) a choice must be, when it is not the same
            word in another case or spacing, or a synonym.
        synonyms: for each choice, other words people use for it
            (``{"leads": ["owner", "responsible"]}``).
        slips: also require a choice to be a few typing slips away (about one
            in three characters); False for identifiers such as ``5.3``,
            where a digit more or less is as close as it gets.

    Returns:
        Choices different from ``word``: first one that differs only in case
        or spacing, then the choices ``word`` is a synonym of, then the
        closest by spelling.
    """
    valid = [c for c in dict.fromkeys(choices) if c != word]
    if not valid:
        return []
    folded = fold(word)
    found = [c for c in valid if fold(c) == folded]
    if synonyms:
        for choice in valid:
            if any(fold(other) == folded for other in synonyms.get(choice, ())):
                found.append(choice)
    if len(found) < n:
        import difflib  # only when something is wrong

        by_fold: dict[str, str] = {}
        for choice in valid:
            by_fold.setdefault(fold(choice), choice)
        # Close by difflib's measure, and a few typing slips away: "owner" is
        # as close to "done" as difflib goes, and three slips away from it.
        most = max(1, round(len(folded) / 3)) if slips else len(folded) + max(map(len, by_fold))
        close = difflib.get_close_matches(folded, list(by_fold), n=len(by_fold), cutoff=cutoff)
        found += [by_fold[c] for c in close if distance(folded, c) <= most]
    return list(dict.fromkeys(found))[:n]


def distance(a: str, b: str) -> int:
    """How many typing slips turn ``a`` into ``b``: characters added, dropped, changed, or
    two neighbours swapped (the optimal string alignment distance)."""
    previous: list[int] | None = None
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if previous is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous[j - 2] + 1)
        previous, row = row, current
    return row[-1]


def did_you_mean(
    word: str,
    choices: Iterable[str],
    *,
    n: int = 1,
    cutoff: float = CUTOFF,
    synonyms: Mapping[str, Iterable[str]] | None = None,
    slips: bool = True,
    quoted: bool = True,
) -> str:
    """``"; did you mean 'x'?"`` (or ``'x' or 'y'``), or ``""`` when nothing fits.

    ``quoted=False`` writes identifiers bare (``did you mean 8.3 or 19.3?``).
    """
    found = suggest(word, choices, n=n, cutoff=cutoff, synonyms=synonyms, slips=slips)
    return phrase(found, quoted=quoted, written=word)


def phrase(found: Iterable[str], *, quoted: bool = True, written: str | None = None) -> str:
    """``"; did you mean 'x' or 'y'?"`` for suggestions found another way, or ``""``.

    Given what was ``written``, a suggestion that differs from it in characters no one
    can see (:func:`unseen_difference`) is followed by what they are:
    ``; did you mean 'Community Safety'? (what is written has U+00A0 NO-BREAK SPACE
    where 'Community Safety' has a space)``.
    """
    found = list(found)
    shown = [quote(c) if quoted else c for c in found]
    if not shown:
        return ""
    notes = [] if written is None else [d for d in (unseen_difference(written, c) for c in found) if d]
    note = f" (what is written {'; and '.join(notes)})" if notes else ""
    return f"; did you mean {' or '.join(shown)}?{note}"


# --- differences no one can see ----------------------------------------------------

#: Characters drawn as blank, or not drawn at all, that are not spaces to Unicode.
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")
#: Characters not drawn at all that are not format characters (category Cf).
_IGNORED = frozenset("\u034f\u17b4\u17b5" + "".join(map(chr, range(0xFE00, 0xFE10))))

_CHARACTER_NAMES = {" ": "a space", "\t": "a tab", "\n": "a line break", "\r": "a carriage return"}


def _spacelike(char: str) -> bool:
    """Drawn as a space (or as nothing but a gap): spaces, tabs, fillers."""
    return char.isspace() or char in _BLANK


def _unseen(char: str) -> bool:
    """A character that cannot be told from a plain space, or from nothing, on screen."""
    if char == " ":
        return False
    if _spacelike(char) or char in _IGNORED:
        return True
    import unicodedata

    return unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp") or 0xE0100 <= ord(char) <= 0xE01EF


def _looks(text: str) -> str:
    """``text`` as it looks: what is not drawn left out, each gap one space, none at the ends."""
    return " ".join("".join(" " if _spacelike(c) else "" if _unseen(c) else c for c in text).split())


def _name(char: str) -> str:
    """``a space``, ``a tab``, ``U+00A0 NO-BREAK SPACE``."""
    if char in _CHARACTER_NAMES:
        return _CHARACTER_NAMES[char]
    import unicodedata

    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def _names(chars: str) -> str:
    """The characters ``chars``, named: a run of one unseen character once (``2 spaces``,
    ``U+200B ZERO WIDTH SPACE twice``), what can be seen quoted (``' Team'``)."""
    import itertools

    parts = []
    for unseen, run in itertools.groupby(chars, key=lambda c: c == " " or _unseen(c)):
        if not unseen:
            parts.append(quote("".join(run)))
            continue
        for char, same in itertools.groupby(run):
            count, name = len(list(same)), _name(char)
            if count == 1:
                parts.append(name)
            elif name.startswith("a "):
                parts.append(f"{count} {name[2:]}s")
            else:
                parts.append(f"{name} {'twice' if count == 2 else f'{count} times'}")
    return " and ".join(parts)


def _place(text: str, start: int, end: int) -> str:
    """Where ``text[start:end]`` is: ``at the start``, ``at the end``, ``after 'Community'``."""
    before = text[:start].split()
    if not before:
        return "at the start"
    if end >= len(text) or not text[end:].strip():
        return "at the end"
    return f"after {quote(before[-1])}"


def unseen_difference(written: str, meant: str) -> str | None:
    """How ``written`` differs from ``meant`` in characters that cannot be seen (a no-break,
    zero-width or narrow space, a tab, a soft hyphen, a space too many), as what
    ``written`` "has": ``has U+00A0 NO-BREAK SPACE where 'Community Safety' has a space``;
    None when nothing unseen differs.

    Only the differences with an unseen character in them are named: the others (another
    case, a letter more or less) are there to see. A space too many or too few is named
    only when nothing else differs: then the two look the same.
    """
    import difflib

    a, b = written, meant
    matcher = difflib.SequenceMatcher(None, [c.casefold() for c in a], [c.casefold() for c in b], autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not changes:
        return None
    only_spaces = _looks(a).casefold() == _looks(b).casefold()
    found = []
    for _, i1, i2, j1, j2 in changes:
        if not (only_spaces or any(map(_unseen, a[i1:i2] + b[j1:j2]))):
            continue
        # A space too many is one of a gap of two: the whole gaps are compared.
        while i1 > 0 and j1 > 0 and a[i1 - 1] == b[j1 - 1] and _spacelike(a[i1 - 1]):
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(a) and j2 < len(b) and a[i2] == b[j2] and _spacelike(a[i2]):
            i2, j2 = i2 + 1, j2 + 1
        mine, theirs = a[i1:i2], b[j1:j2]
        if mine and theirs:
            found.append(f"has {_names(mine)} where {quote(meant)} has {_names(theirs)}")
        elif mine:
            found.append(f"has {_names(mine)} {_place(a, i1, i2)}, which {quote(meant)} does not")
        else:
            found.append(f"has nothing where {quote(meant)} has {_names(theirs)} {_place(b, j1, j2)}")
    return ", and ".join(found) or None
