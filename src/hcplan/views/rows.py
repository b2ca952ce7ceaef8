"""One action as of a day: the row every listing, export and report is made of.

A :class:`Row` is plain, typed data: what an action says and what it means on
a day (its due in force, its rating and since when, how late it is), with no
reference back to the plan it came from. So it can be cached, sent between
processes, sorted on disk and written in any format without pydantic, and a
new output needs nothing but rows.

Every answer is "as of" a day: updates written after it are not yet known, a
reschedule agreed after it has not yet moved the due, so a review can be run
again later and say what it said then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from hcplan.format.dates import long_date

if TYPE_CHECKING:  # the models (and pydantic) load only when a plan is loaded
    from hcplan.format.due_meaning import Due
    from hcplan.format.leads import LeadIndex
    from hcplan.format.model import Action, ActionRef, Objective, Plan, Rating, Theme
    from hcplan.format.model import Update as ModelUpdate


class Entry(NamedTuple):
    """A dated progress update, as rows carry it; ``quarter`` names the quarter whose return it is."""

    date: date
    text: str | None = None
    status: str | None = None
    private: bool = False
    quarter: str | None = None
    #: The rating before this update set its own, when no earlier update recorded it.
    was: str | None = None

    @property
    def when(self) -> str:
        """Its date in words: ``Q2 2017-18 return`` for a quarter's return, else ``13 June 2017``."""
        return f"{self.quarter} return" if self.quarter else long_date(self.date)

    def to_dict(self) -> dict[str, Any]:
        data = {"date": self.date.isoformat(), "text": self.text, "status": self.status, "private": self.private}
        return data | ({"quarter": self.quarter} if self.quarter else {}) | ({"was": self.was} if self.was else {})


class Move(NamedTuple):
    """A change of due time; ``to`` is the due it moved to (the current one when not written)."""

    date: date | None
    from_: str | None
    to: str | None
    reason: str | None = None

    def describe(self, due: str | None = None) -> str:
        """The change in words: ``from Q1 2017 to Q3 Year 1 (the reason)``; ``due`` stands
        in for a ``to`` the plan did not write (it is the current due already)."""
        to = self.to or due or "the end of the plan"
        words = f"from {self.from_} to {to}" if self.from_ else f"due set to {to}"
        return words + (f" ({self.reason})" if self.reason else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat() if self.date else None,
            "from": self.from_,
            "to": self.to,
            "reason": self.reason,
        }


class Link(NamedTuple):
    """Where a carried-over action came from: the plan (its file, as written; None: this
    plan) and the action's ID there."""

    plan: str | None
    action: str

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "action": self.action}


class Row(NamedTuple):
    """One action of one plan file, as of a day.

    Where it is: ``path`` (the plan file as given) and ``plan_title``;
    ``theme_number`` and ``theme_name``; ``objective_id`` and
    ``objective_text``; the action's ``id``, ``text``, ``leads`` (as the
    action writes them), ``canonical_leads`` (the leads they count as, each
    once, named as the plan's list names them: see :mod:`hcplan.format.leads`;
    what groups or filters by lead uses these) and ``conditions``.

    When it is due: ``due_text`` is the due in force on the day as written
    (None: none given, the plan period stands in); ``due`` is what it means
    (a :class:`~hcplan.format.due_meaning.Due`: ``kind``, ``start``, ``end``,
    ``describe()``...; None when hcplan cannot read it); ``due_missed`` names
    the occurrence of a recurring due that passed without an update.

    How it is going: ``status`` (the rating's label), ``rag`` and ``done``;
    ``status_since`` (the day the rating was set, when the history says);
    ``last_update``. ``days_late`` is how many days ago it was due (only
    when it is overdue, else None) and ``days_to_go`` how many days are left
    until it next is (0 on its last day; None when it is late, done or never
    simply due). ``overdue`` and ``needs_update`` (under way, and no update
    within its cadence) are the listings' questions.

    Once the plan has ended (the as-of day is its last day or later:
    :meth:`Plan.ended_by <hcplan.format.model.Plan.ended_by>`), ``plan_ended``
    is its last day, and an action not done is "not done by the end of the
    plan", never late by a growing number of days: ``overdue`` says its due
    had passed by the end of the plan, ``days_late`` and ``days_to_go`` are
    None and nothing needs an update any more (:attr:`standing` says it in words).

    The detail, for ``show`` and reports: ``notes`` (internal), ``history``
    (every update, also those after the day) and ``moves`` (every reschedule);
    :attr:`updates` and :attr:`rescheduled` are those known on the day. What
    else the action says: ``partners``, ``outcome``, ``measure``, ``funding``,
    ``progress`` (undated, public) and ``came_from`` (the plan and action it
    was carried over from).

    What it is of: ``kind`` is ``"action"``, or ``"objective"`` for a row of its
    own that a plan that rates its objectives (or their targets) gives each
    objective in the listings (:func:`hcplan.views.objective.rated_rows`). An
    objective's row has its own ID, text, rating and updates (its objective is
    itself), the leads of its actions (it has none of its own), no due time
    (``due_text`` and ``due`` are None, it is never overdue), and it needs an
    update when it has had none this quarter; it has no ``source``.
    :attr:`shown_id` writes its ID ``objective 3.1``.

    The plan itself, for the outputs that show all of it (reports, exports,
    calendars, show): a row made from a loaded plan keeps it (``source``), and
    :attr:`plan`, :attr:`theme`, :attr:`objective`, :attr:`action`,
    :attr:`ref` and :attr:`rating` are then the plan's own objects, with every
    field the format has. A row read back from the cache or a worker process
    has none (pickling leaves it out: listings use only the plain fields above),
    and those attributes raise :class:`RowWithoutPlan`.

    (Tuples, not dataclasses: a listing makes tens of thousands of them, and
    every start of hcplan defines the class.)
    """

    path: str
    plan_title: str
    theme_number: int
    theme_name: str | None
    objective_id: str
    objective_text: str
    id: str
    text: str
    leads: tuple[str, ...]
    canonical_leads: tuple[str, ...]
    conditions: tuple[str, ...]
    due_text: str | None
    due: Due | None
    due_missed: str | None
    status: str | None
    rag: str | None
    done: bool
    status_since: date | None
    last_update: Entry | None
    days_late: int | None
    days_to_go: int | None
    overdue: bool
    needs_update: bool
    as_of: date
    plan_ended: date | None = None
    notes: tuple[str, ...] = ()
    history: tuple[Entry, ...] = ()
    moves: tuple[Move, ...] = ()
    partners: tuple[str, ...] = ()
    outcome: tuple[str, ...] = ()
    measure: tuple[str, ...] = ()
    funding: str | None = None
    progress: tuple[str, ...] = ()
    came_from: Link | None = None
    kind: str = "action"
    source: Source | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (for the cache, for a worker process) without the plan: plain data only.
        return (Row, (*self[:-1], None))

    def _loaded(self) -> Source:
        if self.source is None:
            raise RowWithoutPlan(f"{self.kind} {self.id} of {self.path} was read back without its plan")
        return self.source

    @property
    def plan(self) -> Plan:
        """The plan the action is in (needs ``source``)."""
        return self._loaded().plan

    @property
    def ref(self) -> ActionRef:
        """The action with its theme, objective and place in the plan (needs ``source``)."""
        return self._loaded().ref

    @property
    def action(self) -> Action:
        """The action as the plan writes it, every field (needs ``source``)."""
        return self._loaded().ref.action

    @property
    def objective(self) -> Objective:
        """The action's objective as the plan writes it (needs ``source``)."""
        return self._loaded().ref.objective

    @property
    def theme(self) -> Theme:
        """The action's theme as the plan writes it (needs ``source``)."""
        return self._loaded().ref.theme

    @property
    def rating(self) -> Rating | None:
        """The scale's entry for :attr:`status` (needs ``source``)."""
        return self._loaded().plan.rating(self.status)

    @property
    def updates(self) -> tuple[Entry, ...]:
        """The updates known on the as-of day, oldest first."""
        return tuple(u for u in self.history if u.date <= self.as_of)

    @property
    def update_dates(self) -> list[date]:
        """The days of the updates known on the as-of day."""
        return [u.date for u in self.history if u.date <= self.as_of]

    @property
    def shown_id(self) -> str:
        """The ID as people and a CSV column read it: an action's as written (``5.2``),
        an objective's after its kind (``objective 3.1``), as ``update`` and ``show`` take it."""
        return self.id if self.kind == "action" else f"{self.kind} {self.id}"

    @property
    def rescheduled(self) -> tuple[Move, ...]:
        """The reschedules agreed by the as-of day (undated ones count as known)."""
        return tuple(m for m in self.moves if m.date is None or m.date <= self.as_of)

    @property
    def standing(self) -> str:
        """How the action stands, in words, for an action not done: ``not done by the
        end of the plan (31 March 2025)``, ``Q3 2024-25 meeting: no update
        recorded``, ``92 days overdue``, ``needs an update``; empty otherwise."""
        if self.done:
            return ""
        if self.plan_ended is not None:
            return f"not done by the end of the plan ({long_date(self.plan_ended)})"
        if self.overdue:
            return self.due_missed or f"{self.days_late:,} day{'s' * (self.days_late != 1)} overdue"
        if not self.needs_update:
            return ""
        return "needs an update"

    def to_dict(self, *, detail: bool = False) -> dict[str, Any]:
        """The row as data (``--format json``); ``detail`` adds notes and the whole history.
        Each row starts with its ``kind``, ``"action"`` or ``"objective"`` (a plan that rates
        its objectives gives them rows of their own)."""
        last, due = self.last_update, self.due
        data: dict[str, Any] = {"kind": self.kind}
        data |= {
            "plan": self.path,
            "plan_title": self.plan_title,
            "id": self.id,
            "objective": self.objective_id,
            "objective_text": self.objective_text,
            "theme": self.theme_number,
            "theme_name": self.theme_name,
            "text": self.text,
            "leads": list(self.leads),
            "canonical_leads": list(self.canonical_leads),
            "due": {
                "text": self.due_text,
                "kind": due.kind if due else None,
                "start": _iso(due.start if due else None),
                "end": _iso(due.end if due else None),
                "meaning": due.describe() if due else None,
                "missed": self.due_missed,
            },
            "status": self.status,
            "rag": self.rag,
            "done": self.done,
            "status_since": _iso(self.status_since),
            "last_update": {"date": last.date.isoformat(), "text": last.text, "private": last.private}
            if last
            else None,
            "days_late": self.days_late,
            "days_to_go": self.days_to_go,
            "overdue": self.overdue,
            "needs_update": self.needs_update,
            "plan_ended": _iso(self.plan_ended),
            "as_of": _iso(self.as_of),  # the day it is answered for: an ended plan's last day
            "standing": self.standing or None,
            "conditions": list(self.conditions),
            "partners": list(self.partners),
            "outcome": list(self.outcome),
            "measure": list(self.measure),
            "funding": self.funding,
            "progress": list(self.progress),
            "from": self.came_from.to_dict() if self.came_from else None,
        }
        if detail:
            data["notes"] = list(self.notes)
            data["rescheduled"] = [m.to_dict() for m in self.moves]
            data["updates"] = [u.to_dict() for u in self.history]
        return data


class RowWithoutPlan(AttributeError):
    """A row read back without its plan was asked for the plan's own objects."""


class Source(NamedTuple):
    """Where a row was made from: the loaded plan and the action's place in it."""

    plan: Plan
    ref: ActionRef


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def rows(path: str, plan: Plan, as_of: date) -> Iterator[Row]:
    """Every action of ``plan`` (read from ``path``) as of ``as_of``, in file order."""
    leads = plan.lead_index()
    for ref in plan.actions():
        yield row(path, plan, ref, as_of, leads)


def row(path: str, plan: Plan, ref: ActionRef, as_of: date, leads: LeadIndex | None = None) -> Row:
    """The action at ``ref`` of ``plan`` as of ``as_of``; ``leads``: the plan's
    :meth:`~hcplan.format.model.Plan.lead_index`, when it is already built."""
    from hcplan.format.due import DueError, read_due

    action = ref.action
    due_text = due_as_of(action, as_of)
    try:
        # due_means says what the current due means; an earlier one in force is read as written.
        due = read_due(plan, due_text, action.due_means if due_text == action.due else None)
    except DueError:
        due = None
    history = tuple(entry(u) for u in action.updates)
    known = [u for u in history if u.date <= as_of]
    dates = [u.date for u in known]
    status, since = status_as_of(action.status, history, as_of)
    rating = plan.rating(status)
    done = rating is not None and rating.done
    ended = plan.period.end if plan.ended_by(as_of) else None
    # An ended plan is judged at its end: was the due passed by then (the day after its last)?
    judged = as_of if ended is None else ended + timedelta(days=1)
    late = due.days_late(judged, dates) if due is not None and not done and ended is None else None
    overdue = not done and due is not None and due.is_late(judged, dates)
    return Row(
        path=path,
        plan_title=plan.title,
        theme_number=ref.theme.number,
        theme_name=ref.theme.name,
        objective_id=ref.objective.id,
        objective_text=ref.objective.text,
        id=action.id,
        text=action.text,
        leads=tuple(action.leads),
        canonical_leads=(leads or plan.lead_index()).identities(action.leads),
        conditions=tuple(action.conditions),
        due_text=due_text,
        due=due,
        due_missed=due.missed_words(judged, dates) if due is not None else None,
        status=status,
        rag=rating.rag if rating else None,
        done=done,
        status_since=since,
        last_update=max(known, key=lambda u: u.date) if known else None,
        days_late=late if overdue else None,
        days_to_go=-late if late is not None and late <= 0 and not overdue else None,
        overdue=overdue,
        needs_update=ended is None and not done and due is not None and due.needs_update(as_of, dates),
        as_of=as_of,
        plan_ended=ended,
        notes=tuple(action.notes),
        history=history,
        moves=tuple(Move(c.date, c.from_, c.to or action.due, c.reason) for c in action.rescheduled),
        partners=tuple(action.partners),
        outcome=tuple(action.outcome),
        measure=tuple(action.measure),
        funding=action.funding,
        progress=tuple(action.progress),
        came_from=Link(action.from_.plan, action.from_.action) if action.from_ else None,
        source=Source(plan, ref),
    )


def entry(update: ModelUpdate) -> Entry:
    """An update of the plan as rows carry it."""
    return Entry(update.date, update.text, update.status, update.private, update.quarter, update.was)


def due_as_of(action: Action, as_of: date) -> str | None:
    """The due in force on ``as_of``: a reschedule agreed later had not yet moved it."""
    due = action.due
    for change in reversed(action.rescheduled):
        if change.date is not None and change.date > as_of:
            due = change.from_
    return due


def status_as_of(
    current: str | None, updates: Iterable[Entry | ModelUpdate], as_of: date
) -> tuple[str | None, date | None]:
    """The rating on ``as_of``, and since when it has held.

    The history is the updates that set a rating. With none, the action's
    own status holds throughout, since an unknown day. Before the first rated
    update the rating was the one it says it replaced (``was``: a rating given
    without a date, kept when the action was first rated by an update), or none.
    """
    rated = [u for u in updates if u.status is not None]
    if not rated:
        return current, None
    known = [u for u in rated if u.date <= as_of]
    if not known:
        return rated[0].was, None
    status = known[-1].status
    held = 1  # how many of the latest rated updates set ``status``
    while held < len(known) and known[-1 - held].status == status:
        held += 1
    if held == len(known) and known[0].was == status:
        return status, None  # it held before the first rated update too, since an unknown day
    return status, known[-held].date


# --- the orders listings are sorted in -----------------------------------------------


def most_late(row: Row) -> int:
    """Most late first."""
    return -(row.days_late or 0)


def soonest(row: Row) -> int:
    """Fewest days to go first."""
    return row.days_to_go if row.days_to_go is not None else 0


def longest_standing(row: Row) -> tuple[bool, date]:
    """The rating held longest first; those with no known start last."""
    return (row.status_since is None, row.status_since or date.max)
