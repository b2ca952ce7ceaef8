"""The draft as a plan: its period, its scale, and its text.

:mod:`hcplan.changes.draft` reads a table into a :class:`~hcplan.changes.draft.Draft`;
this module makes it a plan file. The period comes from the title, the file's
name or the dues; the scale from ``--scale`` or the ratings the table uses.
Then the draft is checked as any plan is, and what the checker refuses (a
due it cannot read, a rating outside the scale, an update dated in the
future) is kept in notes or as undated progress, each with a ``CHECK:``
comment, so the text written always passes ``hcplan check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from hcplan.changes.draft import YEAR_RANGE, Draft, DraftError, Node, undated
from hcplan.changes.draft_ratings import fill_colour, guess_colour, names_colour
from hcplan.changes.skeleton import Header, Label, header_data
from hcplan.files.yaml_out import Layout, dump
from hcplan.format.dates import MONTH_NAME, MONTH_NUMBERS, in_range, long_date
from hcplan.format.folding import fold

_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")


def period_of_dues(draft: Draft) -> tuple[date, date, str] | None:
    """The financial years the table's dues fall in: a period when neither the
    title nor the file name says one."""
    if not draft.due_days:
        return None
    first, first_where = min(draft.due_days)
    last, last_where = max(draft.due_days)
    start = date(first.year - (first.month < 4), 4, 1)
    end = date(last.year + (last.month >= 4), 3, 31)
    if not (in_range(start.year) and in_range(end.year)):
        return None  # dues at the edge of the years a plan's dates may take: no financial years around them
    said = f"the dues in the table, from {long_date(first)} ({first_where}) to {long_date(last)} ({last_where})"
    if first == last:
        said = f"the one dated due in the table, {long_date(first)} ({first_where})"
    return start, end, said


#: A day (or a month) of a period's ends, in words: ``1 April 2024``, ``April 2024``, ``31st March 2025``.
_END_IN_WORDS = rf"(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?{MONTH_NAME},?\s+(\d{{4}})"

#: Two days written out: ``1 April 2024 - 31 March 2025``, ``April 2025 to March 2026``,
#: ``01/04/2024 – 31/03/2025`` (day first).
_DATED_RANGE = re.compile(
    rf"(?<![\w/]){_END_IN_WORDS}\s*(?:[-–—]|to|until|till)\s*{_END_IN_WORDS}(?!\d)"
    r"|(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:[-–—]|to|until|till)\s*(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)",
    re.I,
)


def _dated_range(text: str) -> tuple[date, date, str] | None:
    """The period ``text`` gives as two days (or months) written out, if it gives one."""
    import calendar

    for found in _DATED_RANGE.finditer(text):
        if found[1] is not None or found[2] is not None:
            d1, m1, y1, d2, m2, y2 = found[1], MONTH_NUMBERS[found[2].casefold()], found[3], found[4], None, found[6]
            m2 = MONTH_NUMBERS[found[5].casefold()]
        else:
            d1, m1, y1, d2, m2, y2 = found[7], int(found[8]), found[9], found[10], int(found[11]), found[12]
        try:
            start = date(int(y1), m1, int(d1) if d1 else 1)
            last = int(d2) if d2 else calendar.monthrange(int(y2), m2)[1]
            end = date(int(y2), m2, last)
        except ValueError:
            continue
        if start < end <= date(start.year + 10, start.month, 1) and in_range(start.year) and in_range(end.year):
            return start, end, f"'{found[0]}' in {text!r}"
    return None


def guess_period(texts: Iterable[str]) -> tuple[date, date, str] | None:
    """The period a title or file name suggests: ``1 April 2024 - 31 March 2025`` (or
    ``April 2025 to March 2026``) as it says; ``2024-25`` is a financial year,
    ``2017-2021`` April 2017 to March 2021, ``2017`` a calendar year."""
    years = _year_range(texts)
    for text in texts:
        dated = _dated_range(text)
        # A window shorter than a year inside the years the title names is what it reports on, not
        # the plan's period ("Action Plan 2024/25 (Q2: July 2024 - September 2024)"); a year in a
        # strategy's years is ("Plan 2024-2027 (Year 1: April 2024 - March 2025)").
        window = (
            dated is not None
            and years is not None
            and years[0] <= dated[0]
            and dated[1] <= years[1]
            and (dated[1] - dated[0]).days < 300
        )
        if dated is not None and not window:
            return dated
    if years is not None:
        return years
    for text in texts:
        found = _YEAR.search(text)
        if found:
            year = int(found[1])
            return date(year, 1, 1), date(year, 12, 31), f"'{found[0]}' in {text!r}"
    return None


def _year_range(texts: Iterable[str]) -> tuple[date, date, str] | None:
    """The period the first year range of ``texts`` names (``2024-25``, ``2017-2021``)."""
    for text in texts:
        ranges = list(YEAR_RANGE.finditer(text))
        # The last one said: "Strategy 2022-27: Action Plan 2024/25" is the action plan's year.
        found = ranges[-1] if ranges else None
        if found:
            first = int(found[1])
            if len(found[2]) == 1:  # "2024/5": the next year's last digit
                last = first + (int(found[2]) - first % 10) % 10
            else:
                last = int(found[2]) if len(found[2]) == 4 else (first // 100) * 100 + int(found[2])
            if first < last <= first + 10:
                return date(first, 4, 1), date(last, 3, 31), f"'{found[0]}' in {text!r}"
    return None


def scale_for(draft: Draft, chosen: tuple[Label, ...] | None) -> tuple[list[Label], dict[str, str], dict[str, str]]:
    """The scale of the draft, how each status as written maps to a label, and
    comments on the labels (by label) that are guesses.

    With ``chosen`` (``--scale``), statuses match its labels ignoring case; a
    status that matches none but names a colour ("Green", a cell coloured green
    and nothing written) or is written in coloured cells is the scale's one label
    of that colour, if it has one (a done one only when blue). Without, the scale is the statuses the table
    uses, coloured as their cells are (unless their words name a colour), else
    by their words.
    """
    mapping: dict[str, str] = {}
    said: dict[str, str] = {}
    if chosen is not None:
        for folded, written in draft.labels.items():
            match = next((lab.label for lab in chosen if lab.label.casefold() == folded), None)
            if match is None:
                fill = draft.label_fills.get(written)
                colour = names_colour(written) or (fill_colour(fill) if fill else None)
                # Green is on track, or done: a done label is not guessed, unless it is blue; and
                # words that mean done ("Completed" in a green cell) are no label that does not.
                done = guess_colour(written)[1] if names_colour(written) is None else None
                same = [
                    lab.label
                    for lab in chosen
                    if lab.rag == colour and (not lab.done or colour == "blue") and (done is None or lab.done == done)
                ]
                if len(same) == 1:
                    match = same[0]
                    how = f"written '{written}'" if names_colour(written) else f"'{written}' in cells coloured #{fill}"
                    said[match] = f"{how} in the table is read as this label, the scale's one {colour} label"
            if match is not None:
                mapping[written] = match
        keyed = [replace(lab, meaning=_meaning(draft, lab.label, None) or lab.meaning) for lab in chosen]
        return keyed, mapping, said
    labels: list[Label] = []
    for written in draft.labels.values():
        rag, done, guessed = guess_colour(written)
        meaning = _meaning(draft, written, None)
        if guessed is not None and guessed.startswith("no colour") and meaning:
            # "C" says nothing; the table's key says it means "Complete".
            rag, done, guessed = guess_colour(meaning)
            guessed = guessed or f"'{written}' read by what the table's key says it means, '{meaning}'"
        fill = draft.label_fills.get(written)
        seen = fill_colour(fill) if fill else None
        if seen is not None and seen != rag and (guessed or names_colour(written) is None):
            rag, guessed = seen, None  # the cells' own colour says it
        labels.append(Label(written, rag, done, _meaning(draft, written, rag)))
        mapping[written] = written
        if guessed:
            said[written] = guessed
    return labels, mapping, said


def _meaning(draft: Draft, label: str, rag: str | None) -> str | None:
    """What the table's key says ``label`` means: by its words, else (a label that is a
    colour's word or letter) by its colour's."""
    found = draft.meanings.get(fold(label))
    if found is None and rag is not None and names_colour(label) == rag:
        found = draft.meanings.get(rag)
    return found


def compose(
    draft: Draft, header: Header, chosen: tuple[Label, ...] | None, source_name: str, today: date
) -> tuple[str, list[str]]:
    """The text of the draft plan, and the errors ``hcplan check`` still finds
    in it (none, unless hcplan has a bug); warnings are allowed.

    ``chosen`` is the scale asked for (``--scale``); None takes the ratings the
    table uses.

    Raises:
        DraftError: the draft is not a plan (a bug in hcplan), with what is wrong.
    """
    labels, mapping, label_said = scale_for(draft, chosen)
    header = Header(
        header.title,
        header.organisation,
        header.start,
        header.end,
        header.quarters,
        header.group,
        tuple(labels),
        header.guessed,
    )
    themes = [_plain_copy(t) for t in draft.themes]
    for item in _items(themes):
        if "status" in item and item["status"] in mapping:
            item["status"] = mapping[item["status"]]
    leads = sorted(set(draft.leads.values()), key=list(draft.leads.values()).index)
    for _ in range(6):  # what one round moves may let another rule run
        if not _demote(themes, header, leads, today):
            break
    layout = Layout()
    data = header_data(header, layout)
    for i, label in enumerate(labels):
        if label.label in label_said:
            layout.note(("scale", i), "CHECK: " + label_said[label.label])
    if labels and chosen is None:
        layout.note(
            ("scale",), "CHECK: the labels are the ratings the table uses; their colours are guessed from their words."
        )
    if any(label.meaning for label in labels) and draft.meanings_from:
        layout.note(("scale",), f"CHECK: what each label means is the table's key ({draft.meanings_from})")
    if leads:
        emails = draft.lead_emails
        data["leads"] = [{"name": lead, "email": emails[lead]} if lead in emails else lead for lead in leads]
        layout.blank.add(("leads",))
        layout.note(
            ("leads",), "Every lead the table names, as it first writes it. Join two that are one (name and aliases)."
        )
    if draft.notes:
        data["notes"] = [text for text, _ in draft.notes]
        layout.blank.add(("notes",))
        places = "; ".join(dict.fromkeys(where for _, where in draft.notes))
        layout.note(
            ("notes",), f"CHECK: a note to the table ({places}), kept as the plan's: move it to the actions it is about"
        )
    data["themes"] = themes
    layout.blank.add(("themes",))
    _comments(themes, ("themes",), layout)
    data["themes"] = _strip(themes)
    checks = sum(text.startswith("CHECK:") for said in layout.before.values() for text in said)
    layout.head[:0] = [
        f"A draft plan made by hcplan new from {source_name} on {today.isoformat()}.",
        (
            f"Read it against the original: {checks} comment{'s' * (checks != 1)} marked CHECK "
            f"{'says' if checks == 1 else 'say'} what hcplan was unsure of. Then run hcplan check on it."
            if checks
            else "Read it against the original (hcplan was unsure of nothing), then run hcplan check on it."
        ),
    ]
    text = dump(data, layout)
    return text, _final_problems(text, today)


def _plain_copy(node: Any) -> Any:
    if isinstance(node, Node):
        copy = Node({k: _plain_copy(v) for k, v in node.items()})
        copy.said = {k: list(v) for k, v in node.said.items()}
        copy.written = node.written
        return copy
    if isinstance(node, list):
        return [_plain_copy(v) for v in node]
    return node


def _items(themes: list[Node]) -> Iterator[Node]:
    for theme in themes:
        for objective in theme["objectives"]:
            yield objective
            yield from objective["actions"]


def _comments(node: Any, where: tuple[Any, ...], layout: Layout) -> None:
    if isinstance(node, Node):
        for key, said in node.said.items():
            for text in said:
                target = where if key is None else where + (key,)
                if key is not None and key not in node:
                    target = where
                layout.note(target, "CHECK: " + text)
        for key, value in node.items():
            _comments(value, where + (key,), layout)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _comments(value, where + (i,), layout)


def _strip(node: Any) -> Any:
    """The draft's data in the order a plan writes its keys."""
    order = (
        "number",
        "id",
        "date",
        "name",
        "text",
        "aim",
        "leads",
        "partners",
        "due",
        "status",
        "outcome",
        "measure",
        "funding",
        "notes",
        "progress",
        "updates",
        "objectives",
        "actions",
    )
    if isinstance(node, dict):
        keys = sorted(node, key=lambda k: order.index(k) if k in order else len(order))
        return {k: _strip(node[k]) for k in keys} if not isinstance(node, Node) else _reorder(node, keys)
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _reorder(node: Node, keys: list[str]) -> Node:
    copy = Node({k: _strip(node[k]) for k in keys})
    copy.said = node.said
    return copy


def _demote(themes: list[Node], header: Header, leads: list[str], today: date) -> bool:
    """Move what the checker refuses into notes; False when nothing was refused."""
    from hcplan.checking.checks import Context
    from hcplan.checking.rules import run_checks
    from hcplan.checking.validation import validate
    from hcplan.problems import Severity

    data = _as_plan_data(themes, header, leads)
    plan, findings = validate(data)
    if plan is None:
        raise DraftError(
            "the draft is not a valid plan: "
            + "; ".join(f"{'.'.join(map(str, f.where))}: {f.message}" for f in findings)
        )
    findings = run_checks(plan, Context(today))
    for finding in findings:
        if finding.rule == "due" and finding.where[-1:] == ("due",) and finding.where[:1] == ("themes",):
            item: Any = themes
            for step in finding.where[1:-1]:
                item = item[step]
            item.check(
                "due",
                "hcplan cannot read this due as a time: the words stay; give what they mean beside "
                "them as due_means (see hcplan check, and docs/format.md)",
            )
    errors = [f for f in findings if f.severity is Severity.ERROR]
    # Last first, so that taking an update out of a list leaves the others' places.
    for finding in sorted(errors, key=lambda f: [str(step).zfill(6) for step in f.where], reverse=True):
        _demote_one(themes, finding)
    return bool(errors)


def _as_plan_data(themes: list[Node], header: Header, leads: list[str]) -> dict[str, Any]:
    from hcplan.files.yaml_out import plain

    data: dict[str, Any] = {
        "title": header.title,
        "organisation": header.organisation,
        "period": {"start": header.start, "end": header.end},
        "quarters": header.quarters,
        "scale": [label.entry() for label in header.scale],
        "leads": leads,
        "themes": themes,
    }
    return plain(data)


def _demote_one(themes: list[Node], finding: Any) -> None:
    """Keep in the notes a due or a rating that ``finding`` refuses; an update it
    refuses, as undated progress (see :func:`undated`)."""
    path = finding.where[1:] if finding.where[:1] == ("themes",) else ()
    at = next((i for i, step in enumerate(path) if step in ("due", "status", "updates")), None)
    if at is None:
        return
    item: Any = themes
    for step in path[:at]:
        item = item[step]
    key = path[at]
    if not isinstance(item, Node) or key not in item:
        return
    if key == "due":
        item.setdefault("notes", []).append(f"Due as written: {item.pop('due')}")
        item.check(
            "notes",
            "hcplan cannot read this due as a time yet, so it is kept here as written: give the "
            "action a due hcplan reads (docs/format.md, Due times), e.g. 'Q3 Year 1' or '2025-12-31'",
        )
    elif key == "status":
        item.setdefault("notes", []).append(f"Rated as written: {item.pop('status')}")
        item.check("notes", "the table's rating is not a label of the scale, so it is kept here as written")
    elif len(path) > at + 1 and isinstance(path[at + 1], int):
        update = item["updates"].pop(path[at + 1])
        undated(item).append(update.written or update["text"])  # undated, it keeps its date in words
        where = "notes" if "actions" in item else "progress"
        item.check(where, f"read as an update dated {update['date']}, but: {finding.message}; kept as undated {where}")
        if not item["updates"]:
            item.pop("updates")


def _final_problems(text: str, today: date) -> list[str]:
    from hcplan.checking.loader import load_source
    from hcplan.files.reader import Source
    from hcplan.problems import Severity

    loaded = load_source(Source("<draft>", text), today=today)
    return [f"{p.line}:{p.col}: {p.message} ({p.rule})" for p in loaded.problems if p.severity is Severity.ERROR]


def draft_header(
    draft: Draft, stem: str, given: str | None = None
) -> tuple[str | None, str | None, tuple[date, date, str] | None]:
    """A title and a period the file suggests, with where they came from; the period from
    the title ``given`` (--title) when neither the file's title nor its dues say one."""
    title, title_from = draft.title, draft.title_from
    if title is None:
        title = " ".join(re.sub(r"[_\-]+", " ", stem).split()) or None
        title_from = "the file's name"
    found = guess_period([t for t in (draft.title, stem) if t]) or period_of_dues(draft)
    return title, title_from, found or (guess_period([given]) if given else None)


def years_said(draft: Draft, stem: str, given: str | None = None) -> tuple[date, date, str] | None:
    """The years the title (``given``, or the file's) or the file's name says the plan runs
    (``Strategy 2010-13``), with where; None when they say none, or name a year of a longer
    strategy ("Strategy 2024-27: Year 1 Delivery Plan"). A plan given only its first day
    ends with them."""
    found = guess_period([t for t in (draft.title, stem, given) if t])
    return None if found is None or re.search(r"\byear\s+\d\b", found[2], re.I) else found


__all__ = ["compose", "draft_header", "guess_period", "period_of_dues", "scale_for", "years_said"]
