"""What every output says the same way in words (and never by colour alone)."""

from __future__ import annotations

#: What an action with no rating is called, wherever it is shown.
NOT_RATED = "Not rated"


def rating_words(label: str | None, rag: str | None) -> str:
    """A rating in words, never by colour alone: ``Behind (red)``, ``Not rated``."""
    if label is None:
        return NOT_RATED
    return f"{label} ({rag})" if rag else label
