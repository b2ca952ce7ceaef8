"""Plans across the years: where each plan stands, and how each theme went from plan to plan.

A council writes a new plan every year or few; the same themes come back,
sometimes renumbered, sometimes renamed, sometimes unnamed (the 2017 plan
numbers its themes and names none). Themes are matched across plans by name
first (ignoring case, spaces and punctuation: "Co-ordination" is
"Coordination"); a theme without a name joins the named theme that carries
its number in the nearest other plan, and unnamed themes with no such
partner are matched by number alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from hcplan.errors import UsageError
from hcplan.format.dates import long_date, months_back

if TYPE_CHECKING:
    from hcplan.format.model import Plan
    from hcplan.views.review import Review, ThemeSummary


def state(plan: Plan, day: date) -> str:
    """``current``, ``ended`` or ``upcoming`` on ``day``."""
    if day < plan.period.start:
        return "upcoming"
    if day > plan.period.end:
        return "ended"
    return "current"


def plan_day(plan: Plan, day: date) -> date:
    """The day a plan's reports speak of: ``day``, or for a plan that has ended,
    its last day (its final position, as ``hcplan report`` gives it)."""
    return min(day, plan.period.end)


def asked_day(plan: Plan, day: date) -> date:
    """``day`` as asked for on the command line (``--as-of``), for ``plan``.

    Raises:
        UsageError: ``day`` was given as a quarter without its financial year
            (``Q3 2024``, read as a calendar quarter) and the plan's quarters
            are financial: which quarter was meant cannot be told, as
            ``hcplan update --date`` says of the same words.
    """
    from hcplan.format.dates import QuarterDay, parse_quarter

    if isinstance(day, QuarterDay) and plan.quarters != "calendar":
        try:
            parse_quarter(day.quarter, plan.quarters, day.year)
        except ValueError as exc:
            raise UsageError(f"--as-of: {exc} ({plan.title} counts financial quarters)") from None
    return day


def report_day(plan: Plan, as_of: date | None, today: date, return_by: date | None = None) -> date:
    """The day a report, export or digest of ``plan`` speaks of: the day asked for
    (:func:`asked_day`), else :func:`plan_day` of ``today``.

    Raises:
        UsageError: the day asked for is before the plan starts (a report of it would
            count every action as not begun: a slip of the year, most likely), or the
            day returns are asked back by (``return_by``) is before it.
    """
    day = asked_day(plan, as_of) if as_of is not None else plan_day(plan, today)
    if as_of is not None and day < plan.period.start:
        raise UsageError(
            f"--as-of {long_date(day)} is before the plan starts ({long_date(plan.period.start)}): "
            "there is nothing to report of it yet"
        )
    if return_by is not None and return_by < min(day, today):
        raise UsageError(
            f"--return-by {long_date(return_by)} is before the day the returns are asked on "
            f"({long_date(min(day, today))}): give a day still to come"
        )
    return day


def left_out_note(ended: list[tuple[str, date]], day: date) -> str:
    """The line that says which plans a folder walk left out because they had ended
    by ``day`` (``ended``: each plan's path and last day), and how to include them."""
    some = f"{len(ended)} plan{'s' * (len(ended) != 1)}"
    which = ", ".join(f"{path} (ended {long_date(end)})" for path, end in ended)
    them = "them" if len(ended) != 1 else "it"
    return f"Left out {some} that had ended by {long_date(day)}: {which}; --ended includes {them}."


def review_window(day: date) -> date:
    """The first day of the changes a site's review pack lists: three months back."""
    return months_back(day, 3)


@dataclass
class ThemeTrack:
    """One theme followed across plans: its name, and its summary in each plan (None: not in it)."""

    label: str
    summaries: list[ThemeSummary | None]
    by_number: list[bool] = field(default_factory=list)  # matched by its number, not its name


def _key(name: str | None) -> str | None:
    if not name:
        return None
    return re.sub(r"[\W_]+", "", name.casefold()) or None


def theme_tracks(reviews: list[Review]) -> list[ThemeTrack]:
    """Each theme of ``reviews`` (one review per plan, in the order to show) followed across them."""
    groups: list[dict] = []  # each: key, label, number, cells {plan index: (summary, by_number)}
    by_key: dict[str, dict] = {}
    for i, facts in enumerate(reviews):
        for summary in facts.themes:
            key = _key(summary.theme.name)
            if key is None:
                continue
            group = by_key.get(key)
            if group is None or i in group["cells"]:
                group = {"key": key, "name": summary.theme.name, "number": summary.theme.number, "cells": {}}
                groups.append(group)
                by_key.setdefault(key, group)
            group["cells"][i] = (summary, False)
    for i, facts in enumerate(reviews):
        for summary in facts.themes:
            if _key(summary.theme.name) is not None:
                continue
            number = summary.theme.number
            # The group whose theme of that number is in the nearest plan.
            distance = {
                id(g): min(abs(j - i) for j, (s, _) in g["cells"].items() if s.theme.number == number)
                for g in groups
                if i not in g["cells"] and any(s.theme.number == number for s, _ in g["cells"].values())
            }
            partners = sorted((g for g in groups if id(g) in distance), key=lambda g: distance[id(g)])
            named = [g for g in partners if g["key"] is not None]
            group = (named or partners or [None])[0]  # type: ignore[list-item]
            if group is None:
                group = {"key": None, "name": None, "number": number, "cells": {}}
                groups.append(group)
            group["cells"][i] = (summary, bool(named))
    groups.sort(key=lambda g: (g["number"], g["name"] or ""))
    tracks = []
    for group in groups:
        label = group["name"] or f"Theme {group['number']}"
        cells = [group["cells"].get(i) for i in range(len(reviews))]
        tracks.append(ThemeTrack(label, [c[0] if c else None for c in cells], [bool(c and c[1]) for c in cells]))
    return tracks
