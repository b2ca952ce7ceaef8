"""What the words (or the colour) of a rating cell say, for ``hcplan new --from``.

A council's table rates its actions in its own words ("On track", "Some
slippage", "Not started"), by a letter or a sign ("G", a green circle), by a
percentage, or by the cell's colour alone. :func:`guess_colour` reads a label's
RAG colour and whether it means finished (with a note when that is a guess);
:func:`fill_colour` the RAG colour a cell's fill shows.
"""

from __future__ import annotations

import re

#: Labels that are a colour's letter or sign alone: G, A, R, B, and coloured circles.
_LABEL_SIGNS = {
    "r": ("red", False), "a": ("amber", False), "g": ("green", False), "b": ("blue", True),
    "🔴": ("red", False), "🟠": ("amber", False), "🟡": ("amber", False), "🟢": ("green", False),
    "🔵": ("blue", True), "✅": ("green", True), "✔": ("green", True), "⚪": ("grey", False),
}  # fmt: skip

#: Colours a RAG label most likely means, by words in it (first match wins).
_LABEL_COLOURS: tuple[tuple[str, str, bool], ...] = (
    ("not on target", "red", False),
    ("significant delay", "red", False),
    ("major delay", "red", False),
    ("minor delay", "amber", False),
    ("slight delay", "amber", False),
    ("some delay", "amber", False),
    ("slippage", "amber", False),
    ("slipped", "amber", False),
    ("slipping", "amber", False),
    ("delivered", "green", True),
    ("off target", "red", False),
    ("incomplete", "red", False),
    ("uncompleted", "red", False),
    ("unfinished", "red", False),
    ("unachieved", "red", False),
    ("off track", "red", False),
    ("not started", "grey", False),
    ("not yet started", "grey", False),
    ("complete", "green", True),
    ("achieved", "green", True),
    ("finished", "green", True),
    ("closed", "green", True),
    ("done", "green", True),
    ("blue", "blue", True),
    ("behind", "red", False),
    ("red", "red", False),
    ("overdue", "red", False),
    ("delayed", "red", False),
    ("near", "amber", False),
    ("amber", "amber", False),
    ("at risk", "amber", False),
    ("progress", "amber", False),
    ("on going", "amber", False),
    ("ongoing", "amber", False),
    ("under way", "amber", False),
    ("underway", "amber", False),
    ("started", "amber", False),
    ("on target", "green", False),
    ("on track", "green", False),
    ("green", "green", False),
    ("good", "green", False),
    ("on hold", "grey", False),
    ("hold", "grey", False),
    ("paused", "grey", False),
    ("deferred", "grey", False),
    ("grey", "grey", False),
    ("gray", "grey", False),
)

#: The hues (degrees of the colour wheel) a RAG colour's fills take, from each
#: colour's first degree: Excel's "Bad" pink and dark reds are red; orange,
#: amber and yellow, and "Neutral" light yellow, amber; lime, Excel's "Light
#: Green" and "Good" pale green, green; cyan to navy, blue. Purple and magenta
#: are no RAG colour.
_HUES = ((0, "red"), (15, "amber"), (70, "green"), (175, "blue"), (265, None), (330, "red"))

#: A word or two before a label's word that turns its meaning ("not complete", "no progress").
_NEGATED = re.compile(r"\b(?:not|no|non|never|nor|yet to be)\b[\s\-]*(?:[a-z]+[\s\-]+)?$")
#: ... or leaves it half true ("partially complete").
_PARTLY = re.compile(r"\b(?:part|partly|partial|partially|nearly|almost|mostly|largely|substantially)\b[\s\-]*$")
_PERCENT = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s*%\s*(?:complete[d]?|done)?\s*$")


def guess_colour(label: str) -> tuple[str, bool, str | None]:
    """The RAG colour ``label`` most likely has, whether it means finished, and,
    when that is a guess, why (for a CHECK comment); None when its words say it.

    A colour the label names outright is its colour ("Blue - Complete" is blue, done).
    A word's meaning turned by the words before it is a guess said so: "Not
    complete" and "No progress" are red and not done, "Partially complete"
    amber. A percentage is done at 100%, not started at 0, amber between.
    """
    rag, done, why = _meant_colour(label)
    named = names_colour(label)
    if named is not None and named != rag:
        return named, done and named in ("green", "blue"), None
    return rag, done, why


def _meant_colour(label: str) -> tuple[str, bool, str | None]:
    """:func:`guess_colour` by what the label's words mean."""
    folded = label.casefold()
    sign = _LABEL_SIGNS.get(folded.strip().rstrip("\ufe0f"))
    if sign is not None:
        return sign[0], sign[1], None
    percent = _PERCENT.match(folded)
    if percent:
        share = float(percent.group(1))
        if share >= 100:
            return "green", True, None
        if share == 0:
            return "grey", False, f"'{label}' read as not started (grey): a guess"
        return "amber", False, f"'{label}' read as under way (amber), not done: a guess"
    for word, rag, done in _LABEL_COLOURS:
        found = re.search(r"\b" + word, folded)  # a word's start: "deferred" is not red
        if found is None:
            continue
        before = folded[: found.start()]
        if _NEGATED.search(before):
            turned = {"red": "green", "grey": "amber"}.get(rag, "red")
            return turned, False, f"'{label}' turns '{word}' round: read as {turned}, not done; a guess"
        if done and _PARTLY.search(before):
            return "amber", False, f"'{label}' read as under way (amber), not done: a guess"
        return rag, done, None
    return "grey", False, f"no colour could be told from the label '{label}': grey is a guess"


_COLOUR_WORD = re.compile(r"\b(red|amber|green|blue|grey|gray)\b")

#: Where a rating's words end and a comment on them starts: "Amber - awaiting funding".
_COMMENT_STARTS = re.compile(r"\s+[-\u2013\u2014]\s+|\s*[:;(]\s*|\.\s+|,\s+")


def says_a_rating(words: str, most: int = 4) -> bool:
    """Whether ``words`` (at most ``most`` words) are a rating: a colour's word, letter or
    sign, or words whose meaning is a rating ("On track", "Complete")."""
    if not words.strip() or len(words.split()) > most:
        return False
    return names_colour(words) is not None or _meant_colour(words)[2] is None


#: Words that say nothing of progress beside a rating: "Complete (see update)", "Achieved: Yes".
_NO_NEWS = frozenset({"see", "update", "updates", "below", "above", "yes", "no", "n/a", "na", "tbc", "comments"})
_MONTH_WORD = re.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4]"
)


def _says_more(rest: str) -> bool:
    """Whether words beside a rating are progress: a word that is not a month, a quarter or
    a pointer ("see update"), or a percentage ("Completed - March 2025" is a label, as
    written; "80% complete" and "decision pending" are progress)."""
    words = re.findall(r"[a-z][a-z0-9/']*|\d+(?:\.\d+)?%", rest.casefold())
    return any(w.endswith("%") or not (_MONTH_WORD.fullmatch(w) or w in _NO_NEWS) for w in words)


def _a_second_rating(words: str) -> bool:
    """Whether ``words`` beside a rating are a rating's too ("Blue - Complete", "Red - behind",
    "Green" over "Complete"): a colour, or words that are a rating's and no more (not
    "80% complete", not "Workshops delivered")."""
    folded = " ".join(words.casefold().split()).strip(" .!")
    if re.search(r"\d", folded):
        return False
    return names_colour(folded) is not None or any(
        re.fullmatch(re.escape(w) + r"[a-z]*", folded) for w, _, _ in _LABEL_COLOURS
    )


def rating_and_comment(lines: list[str]) -> tuple[str, str] | None:
    """A rating cell that says more than its rating ("Amber - awaiting funding decision";
    "Green" over a line "3 of 10 sessions delivered") as the rating and the rest, which is
    progress; None when it is a rating alone, or its first words are no rating. A second
    rating's words are part of the label ("Blue - Complete", "Red: behind")."""
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return None
    first = lines[0]
    cuts = list(_COMMENT_STARTS.finditer(first))
    if cuts and not says_a_rating(first[: cuts[0].start()]) and len(lines) == 1:
        last = cuts[-1]  # the rating said last: "Awaiting funding decision - Amber"
        if says_a_rating(first[last.end() :]) and "(" not in last.group():
            return first[last.end() :].strip(), first[: last.start()].strip()
    match = cuts[0] if cuts else None
    head, rest = (first[: match.start()], first[match.end() :]) if match else (first, "")
    if match and "(" in match.group() and rest.endswith(")") and rest.count(")") > rest.count("("):
        rest = rest[:-1]  # "In progress (see update)": the bracket closed
    rest = " ".join(part for part in (rest.strip(), *lines[1:]) if part)
    if not _says_more(rest) or not says_a_rating(head):
        return None
    if _a_second_rating(rest):  # "Green" over "Complete": one rating, in two words
        return None
    return head.strip(), rest


def names_colour(label: str) -> str | None:
    """The RAG colour a label names outright, by a colour's word ("Green", "Red -
    behind") or its letter or sign ("G"); None when its words only mean one."""
    folded = label.casefold()
    sign = _LABEL_SIGNS.get(folded.strip().rstrip("\ufe0f"))
    if sign is not None:
        return sign[0]
    found = _COLOUR_WORD.findall(folded)
    return {"gray": "grey"}.get(found[0], found[0]) if len(set(found)) == 1 else None


def fill_colour(fill: str) -> str | None:
    """The RAG colour a cell's fill (six hex digits) shows, by its hue: the strong
    colours of a palette and the pale ones of Excel's Good, Bad and Neutral styles
    alike; grey for a mid grey; None for white, black, the palest tints and
    purples, which show no rating."""
    import colorsys

    red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if lightness > 0.97 or lightness < 0.08:
        return None
    if saturation < 0.15:
        return "grey" if 0.3 <= lightness <= 0.9 else None
    degrees = hue * 360
    return next(rag for start, rag in reversed(_HUES) if degrees >= start)


#: A RAG rating written as its letter, and the colour's word it stands for ("g": "Green").
RAG_LETTERS = {sign: rag.capitalize() for sign, (rag, _) in _LABEL_SIGNS.items() if sign.isascii()}
