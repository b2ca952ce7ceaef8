"""What the words of a progress or due cell say about days, for ``hcplan new --from``.

A council's table writes its progress as sentences, some starting or ending
with the day they were written ("12/05/2025: draft circulated", "Completed on
18/01/2017"), some naming a day that is part of what they say ("extended to
10.12.21", "will be delivered in March 2025"). :func:`find_date` tells them
apart; :func:`entries` splits a cell that holds several dated entries;
:func:`header_time` reads the day a progress column's header names ("Q1
update (June 2024)"); :func:`due_day` the day a due names.
"""

from __future__ import annotations

import re
from datetime import date

from hcplan.files.tables_in import Para
from hcplan.format.dates import MONTH_NUMBERS, long_date, parse_quarter, real_date, span

#: The start of a paragraph that is an update ("Update 01/06/2025:", "Progress -").
UPDATE_START = re.compile(r"^(?:update|progress|q[1-4]\s+update|latest update|comment)s?\b\s*[:\-–—]*\s*", re.I)
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\.?,?\s+(\d{4})\b", re.I)
_MONTH_YEAR = re.compile(_MONTH + r"\.?\s+(\d{4})\b", re.I)
#: A month and a year of two digits as a progress entry's label: "Sept 23: six schools booked",
#: "Oct-23 - sessions held" (only so, with its colon or dash: "May 12" alone may be a day).
#: What follows a label's dash when it is no label but a range of days ("Jul 24 - 30: event week").
_DAYS_AFTER = r"(?!\s*(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?\b\s*(?:[:,.]|$))"
_MONTH_SHORT_YEAR = re.compile(_MONTH + r"\.?[\s\-']?(\d{2})(?=\s*(?::|[\-–—]" + _DAYS_AFTER + r")\s)", re.I)
#: A day, a month and a year of two digits so: "12 Jan 25: survey sent" (not "Jul 24 - 30", days).
_DAY_SHORT_YEAR = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\.?,?\s+(\d{2})(?=\s*(?::|[\-–—]" + _DAYS_AFTER + r")\s)", re.I
)

#: A financial year's quarter as a progress entry's label: "Q1 2023/24: 12 sites", "Quarter 2
#: 2024-25 - launched" (the entry is dated the quarter's last day, and is its return).
QUARTER_LABEL = re.compile(
    r"(?:q|quarter)\s*([1-4])\s*(?:of\s+)?(?:fy\s*)?((?:\d{4}|\d{2})\s*[/\-]\s*(?:\d{4}|\d{2}))(?!\d)"
    r"(?:\s*(?:update|return|progress))?(?=\s*[:\-–—]\s)",
    re.I,
)

#: Where a paragraph holds a further dated entry: after a ';' or a sentence's end,
#: before an update marker (as :data:`UPDATE_START`) and a date :func:`find_date`
#: reads ("...; Update 01/06/2025: final published", "May 2025: two sessions held.
#: June 2025: third cancelled").
_NEXT_ENTRY = re.compile(
    r"(?:;|(?<=[.!?]))\s+(?=(?:"
    + UPDATE_START.pattern.removeprefix("^")
    + ")?(?:"
    + "|".join(
        pattern.pattern
        for pattern in (_ISO, _DAY_FIRST, _DAY_MONTH, _MONTH_YEAR, _MONTH_SHORT_YEAR, _DAY_SHORT_YEAR, QUARTER_LABEL)
    )
    + "))",
    re.I,
)


#: A line that starts with a date (after an update's label): the start of an entry.
_DATED_START = re.compile(
    "(?:"
    + UPDATE_START.pattern.removeprefix("^")
    + ")?(?:"
    + "|".join(
        p.pattern
        for p in (_ISO, _DAY_FIRST, _DAY_MONTH, _MONTH_YEAR, _MONTH_SHORT_YEAR, _DAY_SHORT_YEAR, QUARTER_LABEL)
    )
    + ")",
    re.I,
)


def entries(para: Para) -> list[Para]:
    """The dated entries one paragraph of progress holds, each a paragraph of its own: a cell
    written "12/05/2025: draft; 01/06/2025: final" is two updates. A paragraph that does not
    start with a date is one entry (a date later in it is part of what it says)."""
    if len(para.lines) > 1:  # a Word paragraph broken into lines: a dated line starts an entry
        found: list[list[str]] = []
        for line in para.lines:
            # A line that starts with a date starts an entry when the line before ended one (a
            # full stop) or the date is an entry's label ("Dec 24 - 55 referrals", "June 2024:"):
            # "... results due in" then "June 2024 at the board" goes on with what it said.
            label = _DATED_START.match(line.strip())
            said_all = not found or found[-1][-1].rstrip().endswith((".", ";", "!", "?"))
            starts = label is not None and (said_all or re.match(r"\s*[:\-–—]", line.strip()[label.end() :]))
            # After a quarter's return ("Q1 2024/25: 12 sites"), a line with a label of its own
            # ("Q3: ...", "Next steps: ...") is no more of it.
            labelled = found and quarter_return(found[-1][0]) and _LABELLED_LINE.match(line)
            if not found or labelled or (starts and find_date(line)[0] is not None):
                found.append([line])
            else:
                found[-1].append(line)
        if len(found) > 1 and find_date(found[0][0])[0] is not None:
            return [part for lines in found for part in entries(Para(" ".join(lines), para.bullet))]
    text, pieces, start = para.text, [], 0
    for boundary in _NEXT_ENTRY.finditer(text):  # the patterns' groups: not re.split
        pieces.append(text[start : boundary.start()].strip())
        start = boundary.end()
    pieces = [piece for piece in (*pieces, text[start:].strip()) if piece]
    if len(pieces) < 2 or find_date(pieces[0])[0] is None:
        return [para]
    return [Para(piece, para.bullet) for piece in pieces]


#: A line that starts with a label of its own: a word or two and a colon ("Next steps:", "Q3:").
_LABELLED_LINE = re.compile(r"\s*[^\W_][\w /&'-]{0,30}\s*:\s")


def quarter_return(text: str) -> bool:
    """Whether ``text`` starts as a quarter's return ("Q1 2023/24: ...", "Update Q2 2024-25 -")."""
    return QUARTER_LABEL.match(UPDATE_START.sub("", text.strip(), count=1)) is not None


def find_date(text: str) -> tuple[date | None, bool, str]:
    """The date a progress paragraph starts or ends with, whether only its
    month was given (then the 1st of the month is used), and the paragraph
    without that day, which the update's date says ("20/05/2026 Lesson plan
    drafted" is "Lesson plan drafted" on 2026-05-20). A month alone stays in
    the text (the 1st is not what it said), and so does every date of a
    paragraph with no other words."""
    text = text.strip()
    head = UPDATE_START.sub("", text, count=1) if UPDATE_START.match(text) else text
    for candidate, anchored in ((head, "start"), (text, "end")):
        for pattern, kind in _PROGRESS_DATES:
            matches = list(pattern.finditer(candidate))
            if not matches or (kind in ("label", "dlabel", "quarter") and anchored == "end"):
                continue
            match = matches[0] if anchored == "start" else matches[-1]
            if anchored == "start" and match.start() != 0:
                continue
            if anchored == "end" and (
                candidate[match.end() :].strip(" .)") != "" or _in_the_sentence(candidate, match.start())
            ):
                continue
            day = _to_date(match, kind)
            if day is not None:
                if anchored == "start":
                    rest = _LEADING.sub("", candidate[match.end() :])
                else:
                    rest = _TRAILING.sub("", candidate[: match.start()])
                rest = rest[:1].upper() + rest[1:]
                if not rest and kind == "iso":  # a date cell alone: said the British way, as it is published
                    return day, False, long_date(day)
                month = kind in ("month", "label")
                return day, month, text if month or not rest else rest
    return None, False, text


#: The dates a progress paragraph may start or end with, and how each is read.
_PROGRESS_DATES = (
    (_ISO, "iso"),
    (_DAY_FIRST, "dmy"),
    (_DAY_MONTH, "dmonth"),
    (_MONTH_YEAR, "month"),
    (_MONTH_SHORT_YEAR, "label"),
    (_DAY_SHORT_YEAR, "dlabel"),
    (QUARTER_LABEL, "quarter"),
)


def _in_the_sentence(text: str, at: int) -> bool:
    """True when the date that ends ``text`` (at ``at``) is part of what the paragraph says,
    not the day it was written: the words before it lead to it ("extended to 10.12.21",
    "minutes of 12th Nov 2024", "vacant until Sept 2010"), it ends a range ("8-15
    October 2016"), or it ends a list of dates ("Met 04/06/24, 10/09/24 and 03/12/24")."""
    if _RANGE_START.search(text[:at]):
        return True  # the end of a range ("8-15 October 2016", "September to October 2024")
    words = re.findall(r"[a-z]+", re.sub(r"\d+(?:st|nd|rd|th)?\b", " ", text[:at].casefold()))  # "12th" is no word
    if words and words[-1] in _LEADS_TO:
        return True
    clause = re.findall(r"[a-z]+", re.split(r"[.;!?]\s", text[:at].casefold())[-1])
    if clause[:1] == ["to"]:  # where it goes next, and when ("Profile drafted; to Board 18 July 2024")
        return True
    if _FUTURE.search(re.split(r"[.;!?]\s", text[:at])[-1]):
        return True  # a day still to come in its sentence ("will be delivered in March 2025")
    dates = sum(len(pattern.findall(text)) for pattern in (_ISO, _DAY_FIRST, _DAY_MONTH))
    return dates > 1


#: What starts a range of days or months just before a date: "8-", "11 - ", "8th to ", "September – ".
_RANGE_START = re.compile(r"(?:\b\d{1,2}(?:st|nd|rd|th)?|\b" + _MONTH + r"\b\.?)\s*(?:[-–—]|to|till|until)\s*$", re.I)

#: Words that say a sentence is about what is to come: a date in it is when, not the day it was written.
_FUTURE = re.compile(
    r"\b(?:will|shall|to be|expected|planned|scheduled|intends?|aims? to|plans? to|going to|should|would|"
    r"is due|are due|due to|next|upcoming|forthcoming)\b",
    re.I,
)

#: Words that make a date after them part of the sentence.
_LEADS_TO = frozenset(
    "to until till til for of from and or before after between since than through into the next this last "
    "every each per via date deadline due target expected revised new".split()
)


#: What joins a date to the words after it ("12/06/2025: Schools contacted") or before
#: it ("Completed on 18/01/2017", "Closed (31.03.26)").
_LEADING = re.compile(r"^[\s:;,.)\-–—]+")
_TRAILING = re.compile(r"(?:[\s:;,(\-–—]|\b(?:on|by|in|at|dated)\b)+$", re.I)


def _to_date(match: re.Match[str], kind: str) -> date | None:
    """The day ``match`` names, or None for one that is not a real day, or is outside
    the years a plan's dates may take (then it stays in the words)."""
    try:
        if kind == "iso":
            return real_date(int(match[1]), int(match[2]), int(match[3]), match[0])
        if kind == "dmy":
            year = int(match[3])
            return real_date(year + 2000 if year < 100 else year, int(match[2]), int(match[1]), match[0])
        if kind == "dmonth":
            return real_date(int(match[3]), MONTH_NUMBERS[match[2].casefold()], int(match[1]), match[0])
        if kind == "dlabel":  # a year of two digits: this century's
            return real_date(2000 + int(match[3]), MONTH_NUMBERS[match[2].casefold()], int(match[1]), match[0])
        if kind == "label":
            return real_date(2000 + int(match[2]), MONTH_NUMBERS[match[1].casefold()], 1, match[0])
        if kind == "quarter":
            quarter = parse_quarter(f"Q{match[1]} {match[2]}")
            return quarter.end if quarter is not None else None
        return real_date(int(match[2]), MONTH_NUMBERS[match[1].casefold()], 1, match[0])
    except (ValueError, KeyError):
        return None


def header_time(header: str) -> tuple[date | None, bool]:
    """The day a progress column's header names ("Q2 update (September 2024)": 30
    September 2024, the last of its month; "Progress (Q2 2025/26)": 30 September 2025,
    the last of a financial year's quarter), and whether it names a quarter ("Q1 update")."""
    quarter = bool(re.search(r"\bq[1-4]\b|\bquarter\b", header, re.I))
    found = _MONTH_YEAR.search(header)
    day = _to_date(found, "month") if found else None
    if day is not None:
        return _month_end(day), quarter
    return _quarter_end(header), quarter


#: A financial year's quarter, either way round: "Q2 2025/26", "Quarter 2 2025-26", "2025/26 Q2".
_FINANCIAL_QUARTER = re.compile(
    r"\b(?:q|quarter)\s*([1-4])\s*,?\s*(?:of\s+)?(?:fy\s*)?((?:\d{4}|\d{2})\s*[/\-]\s*(?:\d{4}|\d{2}))(?!\d)"
    r"|(?<!\d)(?:fy\s*)?((?:\d{4}|\d{2})\s*[/\-]\s*(?:\d{4}|\d{2}))\s*,?\s*(?:q|quarter)\s*([1-4])\b",
    re.I,
)


def _quarter_end(text: str) -> date | None:
    """The last day of the financial year's quarter ``text`` names, if it names one."""
    found = _FINANCIAL_QUARTER.search(text)
    if found is None:
        return None
    number, year = (found[1], found[2]) if found[1] else (found[4], found[3])
    try:
        quarter = parse_quarter(f"Q{number} {year}")
    except ValueError:
        return None
    return quarter.end if quarter is not None else None


def due_day(text: str) -> date | None:
    """The day a due as written names (the last of its month for a month, of its quarter
    for a financial year's quarter, "Q2 2024/25"), or None."""
    for pattern, kind in ((_ISO, "iso"), (_DAY_FIRST, "dmy"), (_DAY_MONTH, "dmonth"), (_MONTH_YEAR, "month")):
        for match in pattern.finditer(text):
            day = _to_date(match, kind)
            if day is not None:
                return _month_end(day) if kind == "month" else day
    return _quarter_end(text)


def _month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return span(day.replace(day=1), 1)[1]
