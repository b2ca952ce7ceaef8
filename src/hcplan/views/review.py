"""The facts a quarterly review and an annual review are made of.

Counts by rating and by theme, what is overdue or at risk, what falls due this
quarter and next, and what changed since a day: plain values computed from
the rows of :mod:`hcplan.views.rows`, for the report templates to lay out.
A plan reviewed on its last day or later is ended: its review is the final
position, and what is not done was not done by the end of the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from hcplan.format.dates import Quarter, quarter_of
from hcplan.format.model import Objective, Plan, Rating, Theme, Update
from hcplan.views.rows import Entry, Row, longest_standing, most_late, rows, status_as_of


@dataclass(frozen=True, slots=True)
class Count:
    """How many actions carry one rating (``label`` None: not rated)."""

    label: str | None
    rag: str | None
    done: bool
    count: int

    @property
    def name(self) -> str:
        return self.label or "Not rated"


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    theme: Theme
    rows: list[Row]
    counts: list[Count]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(r.done for r in self.rows)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def title(self) -> str:
        return f"Theme {self.theme.number}" + (f": {self.theme.name}" if self.theme.name else "")


@dataclass(frozen=True, slots=True)
class ObjectiveRow:
    """An objective as of the review's day: its own rating, if the plan rates
    objectives, and the updates known then."""

    objective: Objective
    theme: Theme
    status: str | None
    rating: Rating | None
    status_since: date | None
    updates: list[Update]

    @property
    def id(self) -> str:
        return self.objective.id

    @property
    def measure(self) -> list[str]:
        return self.objective.measure


def objective_rows(plan: Plan, as_of: date) -> list[ObjectiveRow]:
    """Every objective of ``plan`` as of ``as_of``, in file order."""
    found = []
    for theme in plan.themes:
        for objective in theme.objectives:
            status, since = status_as_of(objective.status, objective.updates, as_of)
            known = [u for u in objective.updates if u.date <= as_of]
            found.append(ObjectiveRow(objective, theme, status, plan.rating(status), since, known))
    return found


@dataclass(frozen=True, slots=True)
class Change:
    """Something recorded since the review's ``since`` day: of an action (``row``),
    or of an objective (``objective``; ``row`` is then None)."""

    day: date
    row: Row | None
    kind: str  # "update", "rating" or "reschedule"
    text: str
    private: bool = False
    objective: Objective | None = None

    @property
    def id(self) -> str:
        """The ID of the action, or of the objective, that changed."""
        if self.row is not None:
            return self.row.id
        assert self.objective is not None
        return self.objective.id

    @property
    def of_objective(self) -> bool:
        return self.row is None


@dataclass(slots=True)
class Review:
    """Everything a review report shows, as of a day."""

    plan: Plan
    path: str
    as_of: date
    since: date | None
    rows: list[Row]
    counts: list[Count]
    themes: list[ThemeSummary]
    overdue: list[Row]
    at_risk: list[Row]
    needs_update: list[Row]
    quarter: Quarter
    next_quarter: Quarter
    due_this_quarter: list[Row]
    due_next_quarter: list[Row]
    completed: list[Row]
    changes: list[Change] = field(default_factory=list)
    #: Every objective as of the day (its own rating, for plans that rate objectives).
    objectives: list[ObjectiveRow] = field(default_factory=list)
    public: bool = False

    def objective(self, objective: Objective) -> ObjectiveRow:
        """The row of ``objective`` (for templates: ``review.objective(objective)``)."""
        return next(o for o in self.objectives if o.objective is objective)

    @property
    def objectives_at_risk(self) -> list[ObjectiveRow]:
        """Objectives whose own rating is amber or red, longest-standing first."""
        found = [o for o in self.objectives if o.rating is not None and o.rating.rag in ("red", "amber")]
        found.sort(key=lambda o: (o.status_since is None, o.status_since or date.max))
        return found

    @property
    def measures_at_risk(self) -> list[Row]:
        """The actions rated amber or red that have a measure of success: the targets at risk."""
        return [r for r in self.at_risk if r.action.measure]

    @property
    def ended(self) -> bool:
        """True when the review is of the plan's final position (see :meth:`Plan.ended_by`)."""
        return self.plan.ended_by(self.as_of)

    @property
    def not_done(self) -> list[Row]:
        """The actions not completed, in plan order: at the end, not done by the end of the plan."""
        return [r for r in self.rows if not r.done]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return len(self.completed)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def counts(plan: Plan, these: Iterable[Row]) -> list[Count]:
    """Actions per rating, in the scale's order, then the unrated."""
    these = list(these)
    found = [Count(r.label, r.rag, r.done, sum(1 for row in these if row.status == r.label)) for r in plan.scale]
    found.append(Count(None, None, False, sum(1 for row in these if row.rag is None)))
    return found


def _due_within(all_rows: Iterable[Row], start: date, end: date) -> list[Row]:
    """Actions not done with something due from ``start`` to ``end``: a window or
    deadline that closes then, or an occurrence of a recurring action that ends
    then and has no update dated within it yet."""
    return [r for r in all_rows if not r.done and r.due is not None and _due_in(r, start, end)]


def _due_in(row: Row, start: date, end: date) -> bool:
    due = row.due
    assert due is not None
    if due.deadline is not None:
        return start <= due.deadline <= end
    if due.kind != "recurring":
        return False
    days = row.update_dates
    return any(start <= o.end <= end and not any(o.holds(day) for day in days) for o in due.occurrences(start, end))


def review(path: str, plan: Plan, as_of: date, since: date | None = None, *, public_only: bool = False) -> Review:
    """The facts of a review of ``plan`` as of ``as_of``; changes from ``since`` on.

    With ``public_only``, notes and private updates are left out (see :func:`public`).
    """
    if public_only:
        from hcplan.views.public import public

        plan = public(plan)
    all_rows = list(rows(path, plan, as_of))
    quarter = quarter_of(as_of, plan.quarters)
    following = quarter_of(quarter.end + timedelta(days=1), plan.quarters)
    themes = []
    for theme in plan.themes:
        mine = [r for r in all_rows if r.theme is theme]
        themes.append(ThemeSummary(theme, mine, counts(plan, mine)))
    return Review(
        plan=plan,
        path=path,
        as_of=as_of,
        since=since,
        rows=all_rows,
        counts=counts(plan, all_rows),
        themes=themes,
        overdue=sorted((r for r in all_rows if r.overdue), key=most_late),
        at_risk=sorted((r for r in all_rows if r.rag in ("red", "amber")), key=longest_standing),
        needs_update=[r for r in all_rows if r.needs_update],
        quarter=quarter,
        next_quarter=following,
        # What is still to come this quarter; what has passed is overdue.
        due_this_quarter=_due_within(all_rows, as_of, quarter.end),
        due_next_quarter=_due_within(all_rows, following.start, following.end),
        completed=[r for r in all_rows if r.done],
        changes=changes_since(all_rows, since, as_of, plan) if since else [],
        objectives=objective_rows(plan, as_of),
        public=public_only,
    )


def changes_since(all_rows: Iterable[Row], since: date, as_of: date, plan: Plan | None = None) -> list[Change]:
    """Updates, rating changes and reschedules dated from ``since`` to ``as_of``, oldest
    first: of the actions, and (given the ``plan``) of its objectives, which have
    updates and ratings of their own. On one day, an objective's come after its actions'."""
    found: list[Change] = []
    for row in all_rows:
        found += _history(row.history, since, as_of, row, None)
        for moved in row.moves:
            if moved.date is not None and since <= moved.date <= as_of:
                found.append(Change(moved.date, row, "reschedule", moved.describe()))
    if plan is not None:
        for theme in plan.themes:
            for objective in theme.objectives:
                found += _history(objective.updates, since, as_of, None, objective)
    found.sort(key=lambda c: (c.day, c.row is None))
    return found


def _history(
    updates: Iterable[Update] | Iterable[Entry], since: date, as_of: date, row: Row | None, objective: Objective | None
) -> list[Change]:
    """The updates and rating changes of one history dated from ``since`` to ``as_of``."""
    found = []
    previous: str | None = None
    for update in updates:
        changed = update.status is not None and update.status != previous
        if since <= update.date <= as_of:
            if update.text:
                found.append(Change(update.date, row, "update", update.text, update.private, objective))
            if changed:
                old = f"{previous} to " if previous else ""
                found.append(Change(update.date, row, "rating", f"{old}{update.status}", update.private, objective))
        if update.status is not None:
            previous = update.status
    return found
