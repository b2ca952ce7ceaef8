"""Due times, written the way councils write them, and what they mean over the year.

A plan's due column says when in words: "Q1 Year 1", "Q4 17/18", "31/03/2018",
"Spring 2018", "Within six months of commencement of Action Plan", "July 2017
launch", "Annually in April", "Ongoing (reviewed quarterly)", "N/A". hcplan
keeps the words as written and reads what they mean (:func:`parse_due`) into
a :class:`Due`, one of these kinds:

``window``
    due within a span of days ("Q2 Year 1", "Jan-Mar 2025"); late once it has
    closed.
``deadline``
    due by a day ("31/03/2018", "by September 2002", "Within 12 months");
    late from the day after.
``start``
    when the action starts ("July 2017 launch", "Q2 onwards"); never late.
``recurring``
    repeats ("Quarterly", "each October", "meet quarterly"): each occurrence
    is due at the end of its period, and the action is late when its last
    ended occurrence has no update dated within it.
``continuous``
    ongoing from a day ("Continuous", "Q2 Year 1 (continuous)"), possibly
    reviewed at a cadence ("Ongoing (reviewed quarterly)"); never late, but
    it needs an update once a cadence (a quarter unless it says) passes
    without one.
``conditional``
    due when something happens ("As and when ...", "Subject to funding");
    never late.
``none``
    no date at all ("N/A", "TBC", "Short term" when the plan does not say what
    its terms mean); never late.

Quarters and years count on the plan's basis (calendar or financial). A
remark in brackets is kept and not read ("Oct 2025 (Hate Crime Awareness
Week)"); a date inside a sentence is found ("Programmes in schools by
September 2002"). What cannot be read raises :class:`DueError`, which names
the one rewrite that would be read, when there is one.

The forms, briefly, are in ``docs/format.md``; the tests
(``tests/test_due.py``) hold a corpus of real councils' due texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from hcplan.format.dates import (
    LAST_YEAR,
    MONTH_NAME,
    MONTH_NUMBERS,
    MONTHS,
    YEARS,
    DateRangeError,
    add_months,
    full_year,
    in_range,
    long_date,
    not_a_date,
    out_of_range,
    read_day,
    shift_months,
    span,
)
from hcplan.format.due_meaning import DATED, Basis, Due, Kind, year_one

if TYPE_CHECKING:
    from hcplan.format.model import Plan


def replace(due: Due, **changes: object) -> Due:
    """``due`` with ``changes`` (a Due is a NamedTuple)."""
    return due._replace(**changes)  # type: ignore[arg-type]


class DueError(ValueError):
    """A due text hcplan cannot read.

    ``reason`` says why; ``rewrite`` is the one way of writing it that would be
    read, when hcplan can tell what was meant (None when it cannot).
    """

    def __init__(self, reason: str, rewrite: str | None = None) -> None:
        super().__init__(reason + (f"; write '{rewrite}'" if rewrite else ""))
        self.reason = reason
        self.rewrite = rewrite


class DueRangeError(DueError):
    """A due that names a day outside the years a plan's dates may take
    (:data:`hcplan.format.dates.FIRST_YEAR` to ``LAST_YEAR``): no due a plan can
    mean, so it is an error, not words kept as written."""


#: What a due written 9999-12-31 (another system's "no end") should say instead.
_NO_END = "a due with no end is written Ongoing"

#: The most weeks or months a cadence ("every 6 weeks") counts.
MAX_CADENCE = 99


def _out_of_range(words: str, year: int) -> DueRangeError:
    return DueRangeError(str(out_of_range(words, year, _NO_END)))


def _first_of(year: int, month: int, words: str) -> date:
    """The first of ``month`` in ``year``, a year read from ``words``: every day a due's
    words name is made from one of these (or from the plan's own days), so none is
    outside the years a plan's dates may take, and no sum made from it overflows."""
    if not in_range(year):
        raise _out_of_range(words, year)
    return date(year, month, 1)


#: A few of the due times hcplan reads, one of each kind, for a message to offer.
DUE_FORMS = (
    "Q3 Year 1, Q3 2024-25, March 2025, 31/03/2025, Year 2, By end of Year 1, "
    "Quarterly, Annually (April), Continuous, TBC"
)

#: The cadences as :attr:`Due.every` writes them: the names above, or ``N weeks`` / ``N months``.
#: (A number of weeks or months is 1 to :data:`MAX_CADENCE`.)
CADENCE_PATTERN = r"year|half-year|quarter|two months|month|two weeks|week|[1-9][0-9]? (?:weeks|months)"


def cadence_of(words: str) -> str | None:
    """The cadence ``words`` name, as :attr:`Due.every` writes it: ``quarter`` for
    "quarter" or "Quarterly", ``two weeks`` for "fortnightly", ``6 weeks`` for
    "every 6 weeks"; None when they name none."""
    words = _normal(words)
    if re.fullmatch(CADENCE_PATTERN, words):
        return words
    for pattern, every in _CADENCE_WORDS:
        if match := pattern.fullmatch(words):
            if every == "n":
                count = _NUMBERS.get(match.group(1)) or int(match.group(1))
                return f"{count} {match.group(2)}" if 1 <= count <= MAX_CADENCE else None
            return every
    return None


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Plan:
    """What reading a due needs to know of its plan."""

    start: date
    end: date
    basis: Basis

    @property
    def first_year(self) -> date:
        return year_one(self.start, self.basis)

    @property
    def one_year(self) -> bool:
        """True when the plan runs within one plan year: then "Q2" or "March" is clear."""
        return self.end < add_months(self.first_year, 12)

    def due(self, kind: Kind, start: date | None = None, end: date | None = None, **more: object) -> Due:
        return Due(None, kind, start, end, basis=self.basis, **more)  # type: ignore[arg-type]


def read_due(plan: Plan, text: str | None, means: str | None = None) -> Due:
    """:func:`parse_due` for an action of ``plan``: its period, basis and timescales."""
    return parse_due(
        text,
        plan.period.start,
        plan.period.end,
        plan.quarters,
        timescales=plan.timescales,
        means=means,
    )


def parse_due(
    text: str | None,
    period_start: date,
    period_end: date,
    basis: Basis,
    *,
    timescales: Mapping[str, str] | None = None,
    means: str | None = None,
) -> Due:
    """Read a due text for a plan that runs ``period_start`` to ``period_end``.

    Args:
        text: the due as written, or None for an action with no due (the plan
            period stands in).
        period_start, period_end: the plan period.
        basis: ``"calendar"`` or ``"financial"`` quarters.
        timescales: the plan's own words for due times and what each means
            (``{"Short term": "Within 6 months"}``).
        means: what the due means, written beside it (``due_means``): read
            instead of ``text``, which is kept as written.

    Raises:
        DueError: the text (or ``means``, or the timescale it names) cannot be
            read; the error names the one rewrite that would be, when there is one.
    """
    terms = tuple(timescales.items()) if timescales else ()
    return _parse(text, _Plan(period_start, period_end, basis), terms, means)


@lru_cache(maxsize=4096)
def _parse(text: str | None, plan: _Plan, timescales: tuple[tuple[str, str], ...], means: str | None) -> Due:
    """:func:`parse_due`, remembered: a plan repeats its dues, and each is read by
    the checks and again by every listing."""
    period_start, period_end = plan.start, plan.end
    if means is not None:
        try:
            due = _read_text(means, plan)
        except DueError as exc:
            raise type(exc)(f"due_means {exc.reason}", exc.rewrite) from None
        return replace(due, text=text, read=means)
    if text is None:
        return plan.due("window", period_start, period_end)
    words = _normal(text)
    if not words:
        raise DueError("a due time is empty")
    for term, meaning in timescales:
        if _normal(term) == words:
            try:
                due = _read_text(meaning, plan)
            except DueError as exc:
                raise type(exc)(f"the plan's timescale '{term}' means '{meaning}', but {exc.reason}") from None
            return replace(due, text=text, read=meaning)
    return replace(_read_text(text, plan), text=text)


def _fold(text: str) -> str:
    """``text`` in one case, with one kind of dash and quote: as long as ``text``."""
    text = text.casefold()
    for dash in "–—‐‑−":
        text = text.replace(dash, "-")
    return text.replace("’", "'").replace("‘", "'")


def _normal(text: str) -> str:
    return _fold(" ".join(text.split())).replace("on going", "ongoing").strip(" .,;:")


def _original(text: str, part: str) -> str:
    """The words of ``text`` that ``part`` (normalised) came from, as written."""
    written = " ".join(text.split())
    folded = _fold(written)
    at = folded.find(part) if len(folded) == len(written) else -1
    return written[at : at + len(part)] if at >= 0 else part


def _as_written(due: Due, text: str) -> Due:
    if due.read is None and due.remark is None:
        return due
    return replace(
        due,
        read=_original(text, due.read) if due.read else None,
        remark=_original(text, due.remark) if due.remark else None,
    )


def _read_text(text: str, plan: _Plan) -> Due:
    """Read all of ``text``, or the part of it that says when; messages and remarks
    quote the words as written.

    Raises:
        DueRangeError: what ``text`` means falls outside the years a plan's
            dates may take ("December 9999", "Year 50" of a plan in 2199).
    """
    try:
        due = _as_written(_read_words(text, plan), text)
    except DueError as exc:
        reason = re.sub(r"'([^']*)'", lambda m: f"'{_original(text, m.group(1))}'", exc.reason)
        raise type(exc)(reason, exc.rewrite) from None
    for day in (due.start, due.end):
        if day is not None and not in_range(day.year):
            raise DueRangeError(f"'{text}' means {due.describe()}, outside {YEARS}")
    return due


def _read_words(text: str, plan: _Plan) -> Due:
    words = _normal(text)
    if not words:
        raise DueError(f"'{text}' is not a due time hcplan can read")
    due = _read(words, plan)
    if due is not None:
        return due
    near_miss: list[DueError] = []

    def attempt(part: str, sentence: bool = False) -> Due | None:
        try:
            return _read(part, plan) or (_in_sentence(part, plan) if sentence else None)
        except DueError as exc:
            near_miss.append(exc)
            return None

    # A remark in brackets: "Oct 2025 (Hate Crime Awareness Week)", "Annually (April)".
    if match := re.fullmatch(r"(.*?)\s*\(([^()]*)\)", words):
        outside, inside = match.group(1).strip(" .,;:-"), match.group(2).strip(" .,;:")
        first, second = attempt(outside, sentence=True), attempt(inside)
        found = _combine(first, second, outside, inside)
        if found is not None:
            return found
    # Parts: "March 2018 - subject to funding", "Ongoing; quarterly meetings".
    parts = [p.strip(" .,;:") for p in re.split(r"\s+-\s+|\s*[;,]\s+|\.\s+|:\s+", words) if p.strip(" .,;:")]
    if len(parts) > 1:
        pure = [attempt(p) for p in parts]
        if pure[0] is not None:
            second_at = next((i for i in range(1, len(parts)) if pure[i] is not None), None)
            if second_at is None:
                return replace(pure[0], remark=words[words.index(parts[1], len(parts[0])) :])
            found = _combine(pure[0], pure[second_at], parts[0], parts[second_at])
            if found is not None:
                return found
        for i, part in enumerate(parts):
            found = pure[i] or attempt(part, sentence=True)
            if found is not None:
                if i == 0:
                    rest = words[words.index(parts[1], len(parts[0])) :]
                elif i == len(parts) - 1:
                    rest = words[: words.rindex(parts[-2]) + len(parts[-2])]
                else:
                    rest = " ".join(p for j, p in enumerate(parts) if j != i)
                return replace(found, remark=found.remark or rest)
    found = attempt(words, sentence=True)
    if found is not None:
        return found
    if near_miss:
        raise near_miss[0]
    raise DueError(f"'{text}' is not a due time hcplan can read")


def _combine(first: Due | None, second: Due | None, first_words: str, second_words: str) -> Due | None:
    """One due from two read side by side: "Q2 Year 1 (continuous)", "Annually (April)"."""
    if first is None and second is None:
        return None
    if second is None:
        assert first is not None
        return replace(first, remark=second_words or None)
    if first is None:
        return replace(second, remark=first_words or None, read=second_words)
    if first.kind in ("none", "conditional") and second.kind not in ("none", "conditional"):
        return replace(second, remark=first_words, read=second_words)
    if second.kind == "continuous" and second.every is None and first.kind in DATED | {"start"}:
        return replace(first, kind="continuous", end=None, every=None)  # "Q2 Year 1 (continuous)"
    if first.kind == "continuous" and second.kind == "continuous" and second.every:
        return replace(first, every=second.every, noun=second.noun)
    pair = {first.kind, second.kind}
    if pair == {"recurring", "start"}:  # "Quarterly (from July 2024)"
        recurring, begins = (first, second) if first.kind == "recurring" else (second, first)
        return replace(recurring, start=begins.start)
    if pair == {"continuous", "recurring"}:
        ongoing, recurring = (first, second) if first.kind == "continuous" else (second, first)
        if recurring.noun in _EVENT_NOUNS:
            return replace(recurring, start=ongoing.start or recurring.start)
        return replace(ongoing, every=recurring.every, anchor=None)
    if first.kind == "recurring" and first.every == "year" and first.anchor is None and second.kind in DATED:
        assert second.start is not None and second.end is not None
        if second.start.month == second.end.month and second.start.day == 1:
            return replace(first, anchor=second.start.month)  # "Annually (April)"
    return replace(first, remark=second_words)


# --- the grammar: each reader takes normalised words and returns a Due or None ---------------------

_NO_DATE = re.compile(
    r"n/?a|none|nil|-+|not applicable|no (?:date|deadline|timescale)|not set|"
    r"(?:date )?(?:tbc|tba|tbd|tbs)|to be (?:confirmed|agreed|decided|determined|set|advised)|"
    r"(?:short|medium|long)(?:[- ]to[- ](?:medium|long))?[- ]term"
)
_IMMEDIATE = re.compile(r"immediate(?:ly)?|now|asap|as soon as possible|with immediate effect")
_CONTINUOUS_WORDS = frozenset(
    {
        "continuous",
        "continuously",
        "continual",
        "continuing",
        "ongoing",
        "on-going",
        "rolling",
        "bau",
        "throughout",
        "all",
        "usual",
    }
)
_CONTINUOUS_FILLER = frozenset(
    {"on", "going", "the", "year", "round", "plan", "strategy", "life", "of", "for", "duration", "lifetime", "and",
     "business", "as", "usual", "work", "whole", "period", "activity", "/", "&", "-", "basis", "an", "a"}
)  # fmt: skip
_CONDITIONAL = re.compile(
    r"(?:as and when|dependent (?:on|upon)|depending (?:on|upon)|depends (?:on|upon)|subject to|pending|awaiting|"
    r"following|on completion|upon|when|if|once|on request|on demand|as (?:required|needed|necessary|appropriate)|"
    r"ad[- ]hoc|reactive|responsive|in response)\b"
)


def _read(words: str, plan: _Plan) -> Due | None:
    """The due all of ``words`` say, or None. Raises DueError for a near miss."""
    window = _window(words, plan)  # the most common: "Q1 Year 1", "31/03/2018"
    if window is not None:
        start, end = window
        return plan.due("deadline" if start == end else "window", start, end)
    if _NO_DATE.fullmatch(words):
        return plan.due("none")
    if _IMMEDIATE.fullmatch(words):
        return plan.due("start", *span(date(plan.start.year, plan.start.month, 1), 1))
    tokens = words.replace("(", " ").replace(")", " ").split()
    if any(t in _CONTINUOUS_WORDS for t in tokens) and all(
        t in _CONTINUOUS_WORDS or t in _CONTINUOUS_FILLER for t in tokens
    ):
        return plan.due("continuous", plan.start)
    for reader in (_recurrence, _relative):
        found = reader(words, plan)
        if found is not None:
            return found
    if _CONDITIONAL.match(words):
        return plan.due("conditional")
    for reader in (_from_then, _dated_phrase):
        found = reader(words, plan)
        if found is not None:
            return found
    return None


# --- recurrences -------------------------------------------------------------------------------

_N = r"(\d+|two|three|four|five|six|eight|nine|ten|twelve)"
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24, "thirty-six": 36}  # fmt: skip
_CADENCE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w-])"), every)
    for pattern, every in (
        (
            r"twice (?:a|per|each|every) year|twice[- ]yearly|twice annually|bi-?annual(?:ly)?|half[- ]yearly|"
            r"six[- ]monthly|6[- ]monthly|every (?:six|6) months|semi-?annual(?:ly)?",
            "half-year",
        ),
        (r"bi-?monthly|every (?:two|2) months|(?:two|2)[- ]monthly|every other month", "two months"),
        (r"fortnightly|every (?:two|2) weeks|every fortnight|bi-?weekly|every other week", "two weeks"),
        (
            r"quarterly|every quarter|each quarter|once (?:a|per|each|every) quarter|every (?:three|3) months|"
            r"(?:three|3)[- ]monthly|per quarter",
            "quarter",
        ),
        (
            r"annual(?:ly)?|yearly|every year|each year|once (?:a|per|each|every) year|per annum|"
            r"every (?:12|twelve) months",
            "year",
        ),
        (r"monthly|every month|each month|once (?:a|per|each|every) month|per month", "month"),
        (r"weekly|every week|each week|once (?:a|per|each|every) week|per week", "week"),
        (r"every " + _N + r" (weeks|months)", "n"),
    )
)
_EVENT_NOUNS = frozenset(
    {"meeting", "event", "session", "surgery", "training", "campaign", "briefing", "audit", "newsletter",
     "bulletin", "return", "submission", "report", "forum", "conference"}
)  # fmt: skip
_NOUNS = {
    "meet": "meeting", "meets": "meeting", "meeting": "meeting", "meetings": "meeting", "event": "event",
    "events": "event", "session": "session", "sessions": "session", "surgery": "surgery", "surgeries": "surgery",
    "training": "training", "campaign": "campaign", "campaigns": "campaign", "briefing": "briefing",
    "briefings": "briefing", "audit": "audit", "audits": "audit", "newsletter": "newsletter", "bulletin": "bulletin",
    "return": "return", "returns": "return", "submission": "submission", "submissions": "submission",
    "report": "report", "reports": "report", "reporting": "report", "forum": "forum", "conference": "conference",
    "review": "review", "reviews": "review", "reviewed": "review", "reviewing": "review", "update": "update",
    "updates": "update", "updated": "update", "monitored": "review", "monitoring": "review", "check": "check",
    "checks": "check",
}  # fmt: skip
_RECURRENCE_FILLER = frozenset(
    {"a", "an", "the", "on", "at", "in", "of", "and", "&", "to", "be", "is", "are", "held", "hold", "holding", "basis",
     "least", "minimum", "min", "ongoing", "on-going", "continuous", "continuously", "thereafter", "then", "cycle",
     "programme", "group", "data", "during", "each", "every", "year", "per", "plan", "throughout", "via", "with", "-",
     "/", "run", "runs", "produce", "produced", "circulated", "publish", "published", "undertaken", "carried", "out",
     "delivered", "by"}
)  # fmt: skip
_EACH_MONTH = re.compile(r"(?:(?:in|during)\s+)?(?:each|every)\s+" + MONTH_NAME + r"(?:\s+(?:each|every)\s+year)?")
_MONTH_YEARLY = re.compile(MONTH_NAME + r"\s+(?:each|every)\s+year|" + MONTH_NAME + r"\s+annually")


def _recurrence(words: str, plan: _Plan) -> Due | None:
    """ "Quarterly", "Annually in April", "each October", "meet quarterly", "Ongoing (reviewed quarterly)"."""
    flat = " ".join(words.replace("(", " ").replace(")", " ").replace(",", " ").split())
    if match := _EACH_MONTH.fullmatch(flat):
        return plan.due("recurring", plan.start, plan.end, every="year", anchor=MONTH_NUMBERS[match.group(1)])
    if match := _MONTH_YEARLY.fullmatch(flat):
        month = match.group(1) or match.group(2)
        return plan.due("recurring", plan.start, plan.end, every="year", anchor=MONTH_NUMBERS[month])
    for pattern, every in _CADENCE_WORDS:
        match = pattern.search(flat)
        if match is None:
            continue
        if every == "n":
            count = _NUMBERS.get(match.group(1)) or int(match.group(1))
            if not 1 <= count <= MAX_CADENCE:
                raise DueError(f"'{match.group(0)}': a cadence is every 1 to {MAX_CADENCE} {match.group(2)}")
            every = f"{count} {match.group(2)}"
        rest = (flat[: match.start()] + " " + flat[match.end() :]).split()
        months = [MONTH_NUMBERS[t.rstrip(".")] for t in rest if t.rstrip(".") in MONTH_NUMBERS]
        others = [t for t in rest if t.rstrip(".") not in MONTH_NUMBERS]
        if not all(t in _RECURRENCE_FILLER or t in _NOUNS for t in others):
            return None
        anchor = None
        if months and every in ("year", "half-year"):
            if len(months) == 2 and every == "half-year" and (months[1] - months[0]) % 12 == 6:
                anchor = months[0]
            elif len(months) == 1:
                anchor = months[0]
            else:
                return None
        elif months:
            return None
        noun = next((_NOUNS[t] for t in others if t in _NOUNS), None)
        ongoing = any(t in ("ongoing", "on-going", "continuous", "continuously") for t in others)
        if ongoing and noun not in _EVENT_NOUNS:
            return plan.due("continuous", plan.start, every=every, noun=noun)
        return plan.due("recurring", plan.start, plan.end, every=every, anchor=anchor, noun=noun)
    return None


# --- relative to the plan's start ---------------------------------------------------------------

_PLAN_START = (
    r"(?:\s+(?:of|from|after)\s+(?:the\s+)?(?:commencement|start|beginning|launch|adoption|approval|publication|"
    r"implementation|agreement|sign[- ]off)(?:\s+of)?(?:\s+(?:the|this))?"
    r"(?:\s+(?:action\s+plan|work\s+plan|delivery\s+plan|plan|strategy))?"
    r"|\s+of\s+(?:the\s+)?(?:action\s+plan|plan|strategy))?"
)
_COUNT = r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|thirty-six)"
_RELATIVE = re.compile(
    r"(?:(within|in|by|after|over|before)\s+)?(?:the\s+)?(?:first\s+|next\s+)?(?:"
    + _COUNT
    + r"\s*(?:-|to)\s*)?"
    + _COUNT
    + r"\s*(\+)?\s*(week|month|year)s?\s*(\+)?(?:\s+time)?"
    + _PLAN_START
)


def _relative(words: str, plan: _Plan) -> Due | None:
    """ "Within six months of commencement of Action Plan", "6 months", "6-12 months", "12 months+"."""
    match = _RELATIVE.fullmatch(words)
    if match is None:
        return None
    prefix, low, high, plus, unit, plus_after = match.groups()

    def after(count: str) -> date:
        n = _NUMBERS.get(count) or int(count)
        if n > (LAST_YEAR - plan.start.year + 1) * (53 if unit == "week" else 12 if unit == "month" else 1):
            raise DueRangeError(f"'{words}' runs past {YEARS}")
        if unit == "week":
            return plan.start + timedelta(weeks=n)
        return shift_months(plan.start, n * (12 if unit == "year" else 1))

    if plus or plus_after or prefix in ("after", "over"):
        begins = after(high)
        return plan.due("start", begins, begins)
    if (_NUMBERS.get(high) or int(high)) == 0:
        raise DueError(f"'{words}': within no time at all")
    if low is not None:
        if after(low) >= after(high):
            first, last = sorted((low, high), key=lambda n: _NUMBERS.get(n) or int(n))
            rewrite = f"{first}-{last} {unit}s" if first != last else f"within {last} {unit}s"
            raise DueError(f"'{words}': the {unit}s run backwards" if first != last else f"'{words}': no time at all",
                           rewrite)  # fmt: skip
        return plan.due("window", after(low), after(high) - timedelta(days=1))
    return plan.due("deadline", plan.start, after(high) - timedelta(days=1))


# --- starts, continuations, deadlines ----------------------------------------------------------------

_START_BEFORE = re.compile(
    r"(?:from|since|starting(?: from| in| on)?|start(?:s|ing)?(?: in| from| on)?|start date:?|to start(?: in)?|"
    r"commenc(?:e|es|ing|ement)(?: in| from| on)?|begin(?:s|ning)?(?: in| from| on)?|"
    r"launch(?:es|ed|ing)?(?: in| on| from)?|go[- ]live(?: in| on)?|live from|roll[- ]?out(?: from| in)?)\s+(.+)"
)
_START_AFTER = re.compile(
    r"(.+?)\s*(?:-\s*|,\s*)?(?:onwards?|and onwards?|launch|start|commencement|and beyond|\+|go[- ]live|kick[- ]off)"
)
_ONGOING_FROM = re.compile(r"(?:ongoing|on-going|continuous|continuing|rolling)\s+(?:from|since|after)\s+(.+)")
_AND_ONGOING = re.compile(
    r"(.+?)\s*(?:(?:-|,|and|then|&|and then|with)\s*)?(?:\()?(?:ongoing|on-going|on going|continuous|continuing|"
    r"thereafter|and (?:then )?ongoing|then ongoing)(?:\))?"
)
_THEN_RECURRING = re.compile(r"(.+?)\s*(?:,\s*|\s+and\s+)?(?:then|thereafter)\s+(.+)")
_RECURRING_FROM = re.compile(r"(.+?)\s+(?:from|starting(?: from| in)?|commencing|beginning)\s+(.+)")
_THROUGHOUT = re.compile(r"(?:throughout|all (?:of\s+)?|across|over(?: the course of)?)\s+(?:the\s+)?(.+)")
_UNTIL = re.compile(r"(?:until|till|up to|up until)\s+(?:the\s+)?(?:end\s+of\s+)?(.+)")
_DEADLINE = re.compile(
    r"(?:(?:to be\s+)?(?:complete[d]?|completion|delivered|in place|achieved|implemented|done|agreed|published|"
    r"launched|produced|submitted|finished|reviewed)\s+)?"
    r"(by|before|no later than|not later than|deadline|due by|due|target date|target|"
    r"(?:at |by )?(?:the )?end(?: of)?|close of)\b[\s:]*(?:the\s+)?(?:end\s+(?:of\s+)?)?(?:the\s+)?(.+)"
)
_DURING = re.compile(r"(?:in|during|within|for|around|circa|c\.|approx\.?|approximately)\s+(?:the\s+)?(.+)")


def _from_then(words: str, plan: _Plan) -> Due | None:
    """Starts and continuations: "from July 2017", "July 2017 launch", "Q2 onwards",
    "Q2 Year 1 (continuous)", "ongoing from April 2024", "Q1 then quarterly"."""
    if match := _ONGOING_FROM.fullmatch(words):
        window = _window_or_deadline(match.group(1), plan)
        if window:
            return plan.due("continuous", window[0])
    if match := _START_BEFORE.fullmatch(words):
        window = _window_or_deadline(match.group(1), plan)
        if window:
            return plan.due("start", *window)
        recurring = _recurrence(match.group(1), plan)
        if recurring is not None:
            return recurring
    if match := _START_AFTER.fullmatch(words):
        window = _window_or_deadline(match.group(1), plan)
        if window:
            return plan.due("start", *window)
    if match := _AND_ONGOING.fullmatch(words):
        window = _window_or_deadline(match.group(1), plan)
        if window:
            return plan.due("continuous", window[0])
    if match := _THEN_RECURRING.fullmatch(words):
        window = _window_or_deadline(match.group(1), plan)
        recurring = _recurrence(match.group(2), plan)
        if window and recurring is not None:
            return replace(recurring, start=window[0])
    if match := _RECURRING_FROM.fullmatch(words):
        recurring = _recurrence(match.group(1), plan)
        window = _window_or_deadline(match.group(2), plan) if recurring is not None else None
        if recurring is not None and window:
            return replace(recurring, start=window[0])
    return None


def _dated_phrase(words: str, plan: _Plan) -> Due | None:
    """ "by September 2002", "before March 2025", "end of Q2", "in October 2024",
    "throughout 2018", "until March 2019"."""
    if match := _THROUGHOUT.fullmatch(words):
        window = _window(match.group(1), plan)
        if window:
            return plan.due("continuous", *window)
    if match := _UNTIL.fullmatch(words):
        window = _window(match.group(1), plan)
        if window:
            return plan.due("continuous", plan.start, window[1])
    if match := _DEADLINE.fullmatch(words):
        word, rest = match.groups()
        relative = _relative(rest, plan)
        if relative is not None and relative.kind == "deadline":
            return relative
        window = _window(rest, plan)
        if window:
            start, end = window
            if word == "before":
                end = start - timedelta(days=1)
                start = min(start, end)
            return plan.due("deadline", start, end)
    if match := _DURING.fullmatch(words):
        window = _window(match.group(1), plan)
        if window:
            start, end = window
            return plan.due("deadline" if start == end else "window", start, end)
    return None


def _window_or_deadline(words: str, plan: _Plan) -> tuple[date, date] | None:
    """The window ``words`` name, alone or after "by" ("by March 2018")."""
    window = _window(words, plan)
    if window is None and (match := _DEADLINE.fullmatch(words)):
        window = _window(match.group(2), plan)
    return window


# A date inside a sentence: "Programmes in schools by September 2002".
_ANCHORS = re.compile(
    r"\b(?:by|before|in|during|from|starting|until|till|within|after|no later than|end of|commencing|"
    r"launched|launch|due|target)\s+"
)


def _in_sentence(words: str, plan: _Plan) -> Due | None:
    """The first date in ``words`` that follows a word such as "by", "in" or "from"."""
    for match in _ANCHORS.finditer(words):
        tail = words[match.start() :]
        for candidate in (tail, re.split(r"[.;,(]", tail)[0].strip()):
            try:
                found = _read(candidate, plan)
            except DueError:
                found = None
            if found is not None and found.kind not in ("conditional", "none"):
                return replace(found, read=candidate)
    return None


# --- windows of days ----------------------------------------------------------------------------------

_Q = r"(?:q|quarter\s*)([1-4])"
_QUARTERS = re.compile(_Q + r"(?:\s*(?:-|/|to|&|and)\s*(?:q|quarter\s*)?([1-4]))?\s*,?\s*(?:of\s+)?(.*)")
_YEAR_QUARTER = re.compile(r"(?:year|yr|y)\s*(\d{1,2})\s*,?\s*" + _Q)
#: A financial year's quarters written year first: "2025/26 Q3", "FY25-26 Q1-Q2".
_YEAR_FIRST_QUARTERS = re.compile(
    r"((?:fy\s*)?(?:\d{4}|\d{2})\s*[/\-]\s*(?:\d{4}|\d{2}))\s*,?\s*"
    + _Q
    + r"(?:\s*(?:-|/|to|&|and)\s*(?:q|quarter\s*)?([1-4]))?"
)
#: A week by its first day: "w/c 13 October 2025", "week commencing 13/10/2025", "w/b 13 Oct 2025".
_WEEK_OF = re.compile(r"(?:w/c|w\.c\.|wc|w/b|week\s+(?:commencing|beginning|starting|of))\s*:?\s*(.+)")
#: A plan year's number, in figures or words: "Year 2", "Year Two".
_YEAR_NUMBER = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
_PLAN_YEARS = re.compile(
    r"(?:years?|yrs?|y)\s*" + _YEAR_NUMBER + r"(?:\s*(?:-|to|and|&)\s*(?:years?|yrs?|y)?\s*" + _YEAR_NUMBER + r")?"
)
#: The year itself, in a plan that runs within one: "the financial year", "year end", "FYE".
_THE_YEAR = re.compile(
    r"(?:(?:this|the|current|plan's|plan)\s+)*(?:(?P<fin>(?:financial|fiscal)\s+year|fy)|year)(?:\s*-?\s*end)?|(?P<fye>fye)"
)
_YEAR_PAIR = re.compile(r"(fy\s*)?(\d{4}|\d{2})\s*(/|-|to|until|till)\s*(fy\s*)?(\d{4}|\d{2})")
_FY_ALONE = re.compile(r"fy\s*(\d{4}|\d{2})")
_YEAR = re.compile(r"(?:cy\s*|calendar year\s+)?(\d{4})")
_MONTH_YEAR = re.compile(MONTH_NAME + r"(?:\s+of)?[\s\-'/]*(\d{4}|\d{2})")
_MONTH_RANGE = re.compile(
    MONTH_NAME
    + r"(?:[\s\-'/]*(\d{4}|\d{2}))?\s*(?:-|to|until|till|through|/)\s*"
    + MONTH_NAME
    + r"[\s\-'/]*(\d{4}|\d{2})"
)
_BARE_MONTH_RANGE = re.compile(MONTH_NAME + r"\s*(?:-|to|until|till|through)\s*" + MONTH_NAME)
_SEASON = re.compile(
    r"(?:early|late|mid[- ]?)?\s*(spring|summer|autumn|fall|winter)(\s+term)?"
    r"(?:\s*(\d{4}|\d{2})(?:\s*[/\-]\s*(\d{4}|\d{2}))?)?"
)
_PART_OF_YEAR = re.compile(
    r"(early|beginning of|start of|first half of|mid[- ]?|middle of|late|second half of|latter half of)\s*(\d{4})"
)
_ACADEMIC = re.compile(
    r"(?:(?:academic|school) year|ay)\s*(\d{4}|\d{2})\s*[/\-]\s*(\d{4}|\d{2})|"
    r"(\d{4}|\d{2})\s*[/\-]\s*(\d{4}|\d{2})\s+(?:academic|school) year"
)
_MONTH_MM_YYYY = re.compile(r"(\d{1,2})\s*[/.]\s*(\d{4})")
_DAY_MONTH = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_NAME + r"|" + MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)"
)
_BARE_MONTH = re.compile(MONTH_NAME)
_SEASON_MONTHS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}
_TERM_MONTHS = {"autumn": (9, 4), "fall": (9, 4), "spring": (1, 3), "summer": (4, 4)}
_PART_MONTHS = {"early": (1, 4), "beginning of": (1, 3), "start of": (1, 3), "first half of": (1, 6), "mid": (5, 4),
                "middle of": (5, 4), "late": (9, 4), "second half of": (7, 6), "latter half of": (7, 6)}  # fmt: skip


def _window(words: str, plan: _Plan) -> tuple[date, date] | None:
    """The days ``words`` name: (first, last), or None. Raises DueError for a near miss."""
    words = words.strip(" .,;:")
    near = plan.start.year
    try:
        day = read_day(words, near)
    except DateRangeError as exc:
        raise _out_of_range(words, exc.year) from None
    except ValueError as exc:
        raise DueError(str(exc), _real_day_rewrite(words, near)) from None
    if day is not None:
        return day, day
    if match := _YEAR_QUARTER.fullmatch(words):
        words = f"q{match.group(2)} year {match.group(1)}"
    elif match := _YEAR_FIRST_QUARTERS.fullmatch(words):
        quarter = int(match.group(2))
        return _quarters(quarter, int(match.group(3) or quarter), match.group(1), words, plan)
    elif match := _WEEK_OF.fullmatch(words):
        try:
            week = read_day(match.group(1), near)
        except DateRangeError as exc:
            raise _out_of_range(words, exc.year) from None
        except ValueError as exc:
            raise DueError(str(exc)) from None
        if week is not None:
            return week, week + timedelta(days=6)
    if match := _QUARTERS.fullmatch(words):
        return _quarters(int(match.group(1)), int(match.group(2) or match.group(1)), match.group(3), words, plan)
    if match := _PLAN_YEARS.fullmatch(words):
        first, last = _year_number(match.group(1)), _year_number(match.group(2) or match.group(1))
        _check_year(first, words)
        _check_year(last, words)
        if last < first:
            raise DueError(f"'{words}': the years run backwards", f"Year {last}-{first}")
        return span(add_months(plan.first_year, (first - 1) * 12), (last - first + 1) * 12)
    if match := _ACADEMIC.fullmatch(words):
        first_text, second_text = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        )
        year = _consecutive(first_text, second_text, words, near)
        return span(_first_of(year, 9, words), 12)
    if match := _YEAR_PAIR.fullmatch(words):
        return _years(match, words, plan)
    if match := _FY_ALONE.fullmatch(words):
        year = full_year(match.group(1), near)
        raise DueError(f"'{words}': which financial year?", f"{year}-{(year + 1) % 100:02d}")
    if match := _YEAR.fullmatch(words):
        return span(_first_of(int(match.group(1)), 1, words), 12)
    if match := _MONTH_YEAR.fullmatch(words):
        near_year = _year_near(match.group(2), plan)
        return span(_first_of(near_year, MONTH_NUMBERS[match.group(1)], words), 1) if near_year else None
    if match := _MONTH_MM_YYYY.fullmatch(words):
        month = int(match.group(1))
        return span(_first_of(int(match.group(2)), month, words), 1) if 1 <= month <= 12 else None
    if match := _MONTH_RANGE.fullmatch(words):
        first_month, first_year, last_month, last_year = match.groups()
        end_year = _year_near(last_year, plan)
        if end_year is None:
            return None
        first_m, last_m = MONTH_NUMBERS[first_month], MONTH_NUMBERS[last_month]
        start_year = _year_near(first_year, plan) if first_year else end_year - (first_m > last_m)
        if start_year is None:
            return None
        start, end = _first_of(start_year, first_m, words), span(_first_of(end_year, last_m, words), 1)[1]
        if end < start:
            raise DueError(f"'{words}': the months run backwards")
        return start, end
    if match := _BARE_MONTH_RANGE.fullmatch(words):
        first_m, last_m = MONTH_NUMBERS[match.group(1)], MONTH_NUMBERS[match.group(2)]
        start = _month_in_plan(first_m, words, plan)
        end = span(_month_in_plan(last_m, words, plan), 1)[1]
        if end < start:
            end = span(date(start.year + (last_m < first_m), last_m, 1), 1)[1]
        return start, end
    if match := _SEASON.fullmatch(words):
        return _season(match, words, plan)
    if match := _PART_OF_YEAR.fullmatch(words):
        part = match.group(1).replace("-", "").strip()
        first, length = _PART_MONTHS[part]
        return span(_first_of(int(match.group(2)), first, words), length)
    if match := _DAY_MONTH.fullmatch(words):
        day_text, month_name, us_month, us_day = match.groups()
        month_number = MONTH_NUMBERS[month_name or us_month]
        month_start = _month_in_plan(month_number, words, plan, int(day_text or us_day))
        try:
            the_day = month_start.replace(day=int(day_text or us_day))
        except ValueError:
            raise DueError(not_a_date(month_start.year, month_number, int(day_text or us_day), words)) from None
        return the_day, the_day
    if match := _BARE_MONTH.fullmatch(words):
        return span(_month_in_plan(MONTH_NUMBERS[match.group(1)], words, plan), 1)
    if match := _THE_YEAR.fullmatch(words):
        year_start, year_end = _the_year(bool(match.group("fin") or match.group("fye")), words, plan)
        return (
            (year_end, year_end) if words.endswith(("end", "fye")) else (year_start, year_end)
        )  # "year end": its last day
    return None


def _year_number(text: str) -> int:
    """A plan year's number, written in figures or as a word."""
    return int(text) if text.isdigit() else _NUMBERS[text]


def _the_year(financial: bool, words: str, plan: _Plan) -> tuple[date, date]:
    """The year "the financial year" or "the year end" names: the plan's own, when it runs
    within one (a financial year: the one that ends within the plan); else which is asked."""
    if financial:
        years = [
            year
            for year in range(plan.start.year - 1, plan.end.year + 1)
            if plan.start <= date(year + 1, 3, 31) <= plan.end
        ] or [plan.start.year - (plan.start.month < 4)]
        if len(years) > 1:
            first = years[0]
            raise DueError(f"'{words}': which financial year?", f"{first}-{(first + 1) % 100:02d}")
        return date(years[0], 4, 1), date(years[0] + 1, 3, 31)
    if not plan.one_year:
        raise DueError(f"'{words}': which year of the plan?", "Year 1")
    return span(plan.first_year, 12)


def _quarters(first: int, last: int, year_words: str, words: str, plan: _Plan) -> tuple[date, date] | None:
    """Quarters ``first`` to ``last`` of the year ``year_words`` names."""
    year_words = year_words.strip(" ()")
    if last < first:
        raise DueError(f"'{words}': the quarters run backwards", f"Q{last}-Q{first}")
    if not year_words:
        if not plan.one_year:
            raise DueError(f"'{words}': which year?", f"Q{first} Year 1")
        base = plan.first_year
    elif match := _PLAN_YEARS.fullmatch(year_words):
        year = _year_number(match.group(1))
        if match.group(2):
            raise DueError(f"'{words}' names quarters of more than one year", f"Q{first} Year {year}")
        _check_year(year, words)
        base = add_months(plan.first_year, (year - 1) * 12)
    elif match := _YEAR_PAIR.fullmatch(year_words):
        if match.group(3) not in ("/", "-"):
            return None
        base = _first_of(_consecutive(match.group(2), match.group(5), words, plan.start.year), 4, words)
    elif match := (_FY_ALONE.fullmatch(year_words) or re.fullmatch(r"(\d{4}|\d{2})", year_words)):
        year = full_year(match.group(1), plan.start.year)
        if plan.basis != "calendar" or year_words.startswith("fy"):
            raise DueError(
                f"'{words}' is ambiguous in a plan with financial-year quarters",
                f"Q{first}{'-Q' + str(last) if last != first else ''} {year}-{(year + 1) % 100:02d}",
            )
        base = _first_of(year, 1, words)
    else:
        return None
    return add_months(base, (first - 1) * 3), span(add_months(base, (last - 1) * 3), 3)[1]


def _years(match: re.Match[str], words: str, plan: _Plan) -> tuple[date, date] | None:
    """``2024-25``, ``17/18``, ``FY24/25``, ``2017-2018``, ``2024-27``, ``2024-10`` (a month)."""
    fy = bool(match.group(1) or match.group(4))
    first_text, separator, second_text = match.group(2), match.group(3), match.group(5)
    near = plan.start.year
    first = full_year(first_text, near)
    if len(first_text) == 4 and len(second_text) == 2 and separator == "-" and not fy:
        month = int(second_text)
        if month != (first + 1) % 100 and 1 <= month <= 12:
            return span(_first_of(first, month, words), 1)  # an ISO month: 2024-10
    if len(first_text) == 2 and len(second_text) == 4 and separator in ("/", "-") and not fy:
        month = int(first_text)
        if 1 <= month <= 12 and int(second_text) != full_year(first_text, near) + 1:
            return span(_first_of(int(second_text), month, words), 1)  # 10/2024
    if len(first_text) == 2 and len(second_text) == 2 and separator == "/" and not fy:
        month = int(first_text)
        if int(second_text) % 100 != (month + 1) % 100 and 1 <= month <= 12:
            year = _year_near(second_text, plan)
            return span(_first_of(year, month, words), 1) if year else None  # 03/18: March 2018
    second = full_year(second_text, first)
    if second <= first:
        raise DueError(f"'{words}': the years run backwards", f"{first}-{(first + 1) % 100:02d}")
    whole = len(second_text) == 4 and separator != "/" and not fy
    if second == first + 1 and not (whole and plan.basis == "calendar"):
        return span(_first_of(first, 4, words), 12)  # a financial year
    if plan.basis == "financial":
        return _first_of(first, 4, words), span(_first_of(second, 3, words), 1)[1]
    return _first_of(first, 1, words), span(_first_of(second, 12, words), 1)[1]


def _season(match: re.Match[str], words: str, plan: _Plan) -> tuple[date, date] | None:
    season, term, first_text, second_text = match.groups()
    first_month, length = (_TERM_MONTHS if term else _SEASON_MONTHS)[season]
    if first_text is None:
        candidates = [
            span(date(year, first_month, 1), length)
            for year in range(plan.start.year - 1, plan.end.year + 1)
            if span(date(year, first_month, 1), length)[1] >= plan.start and date(year, first_month, 1) <= plan.end
        ]
        if len(candidates) == 1:
            return candidates[0]
        year = (candidates[0][0] if candidates else plan.start).year
        raise DueError(f"'{words}': which year?", f"{words.title()} {_season_year(season, term, year)}")
    first = full_year(first_text, plan.start.year)
    if second_text is not None:
        second = full_year(second_text, first)
        if second != first + 1:
            raise DueError(
                f"'{words}': a season's years run one into the next",
                f"{season.title()} {first}/{(first + 1) % 100:02d}",
            )
        if term and season != "autumn" and season != "fall":
            first = second  # the spring and summer terms of 2017/18 are in 2018
        return span(_first_of(first, first_month, words), length)
    if season == "winter" and not term:
        raise DueError(f"'{words}': which winter?", f"Winter {first}/{(first + 1) % 100:02d}")
    return span(_first_of(first, first_month, words), length)


def _season_year(season: str, term: str | None, year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}" if season == "winter" and not term else str(year)


def _month_in_plan(month: int, words: str, plan: _Plan, day: int = 1) -> date:
    """The first of ``month`` within a one-year plan ("March" in a 2024-25 plan is March 2025)."""
    for year in (plan.first_year.year, plan.first_year.year + 1):
        first = date(year, month, 1)
        if plan.first_year <= first < add_months(plan.first_year, 12):
            if plan.one_year:
                return first
            name = MONTHS[month - 1]
            raise DueError(f"'{words}': which year?", f"{day} {name} {year}" if day != 1 else f"{name} {year}")
    raise AssertionError("every month falls in a plan year")  # pragma: no cover


def _year_near(digits: str | None, plan: _Plan) -> int | None:
    """The year of a month written with a year ("Mar-18"), or None when two
    digits land too far from the plan to be a year ("March 31")."""
    if digits is None:
        return None
    year = full_year(digits, plan.start.year)
    if len(digits) == 2 and not plan.start.year - 6 <= year <= plan.end.year + 6:
        return None
    return year


def _consecutive(first_text: str, second_text: str, words: str, near: int) -> int:
    """The first calendar year of a year written ``2024-25``: the second must follow the first."""
    first = full_year(first_text, near)
    if full_year(second_text, first) != first + 1:
        raise DueError(f"'{words}': a financial year runs into the next year", f"{first}-{(first + 1) % 100:02d}")
    return first


def _check_year(year: int, text: str) -> None:
    if year < 1:
        raise DueError(f"'{text}': plan years count from Year 1", "Year 1")
    if year > 50:
        raise DueError(f"'{text}': Year {year} is beyond any plan")


def _real_day_rewrite(words: str, near: int) -> str | None:
    """A real day close to an impossible one: the month's last day, or day and month swapped."""
    numbers = re.findall(r"\d+", words)
    named = [MONTH_NUMBERS[w] for w in re.findall(r"[a-z]+", words) if w in MONTH_NUMBERS]
    if len(numbers) == 2 and len(named) == 1:
        numbers = [numbers[0], str(named[0]), numbers[1]]
    if len(numbers) != 3:
        return None
    if len(numbers[0]) == 4:
        year, month, day = (int(n) for n in numbers)
    else:
        day, month, year = int(numbers[0]), int(numbers[1]), full_year(numbers[2], near)
    if not in_range(year):
        return None
    if 1 <= month <= 12:
        last = span(date(year, month, 1), 1)[1]
        return long_date(last) if day > last.day else None
    if 1 <= day <= 12 and month <= 31:
        return f"{month:02d}/{day:02d}/{year}"  # written month first: day first is the British way
    return None


def unreadable_message(exc: DueError) -> str:
    """The warning for a due hcplan keeps as written but cannot read: why, and the
    one rewrite that would be read, or how to give the date beside the words."""
    if exc.rewrite:
        return (
            f"{exc.reason}; it is kept as written: write '{exc.rewrite}', or keep the words "
            f"and add beside them `due_means: {exc.rewrite}`"
        )
    return (
        f"{exc.reason}; it is kept as written: to give it a date, add beside it "
        "`due_means: YYYY-MM-DD` with the day it means (or any due hcplan reads, such as Q3 Year 1)"
    )
