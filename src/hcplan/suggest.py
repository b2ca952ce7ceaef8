""" "Did you mean ...?": one way to suggest, used by every message that suggests.

A suggestion must help: it names something valid where it is offered, it is
close to what was written (or a word people use for it), and it is never what
was written already. :func:`suggest` finds the candidates and :func:`did_you_mean`
writes the words; the checks, validation's unknown keys, ``update``'s and
``show``'s action IDs, the listings' filters and ``report``'s template names
all use them.
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
    return phrase(suggest(word, choices, n=n, cutoff=cutoff, synonyms=synonyms, slips=slips), quoted=quoted)


def phrase(found: Iterable[str], *, quoted: bool = True) -> str:
    """``"; did you mean 'x' or 'y'?"`` for suggestions found another way, or ``""``."""
    shown = [quote(c) if quoted else c for c in found]
    return f"; did you mean {' or '.join(shown)}?" if shown else ""
