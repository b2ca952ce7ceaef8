"""What slipped: overdue, amber and filtered lists of actions, as of a day.

Plain functions over loaded plans; they know nothing of terminals. Every
answer is "as of" a day: updates written after it are not yet known, so a
review can be re-run later and say what it said then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from hcplan.quoting import quote

if TYPE_CHECKING:  # the models (and pydantic) load only when a plan is loaded
    from hcplan.format.due import Due
    from hcplan.format.model import (
        Action,
        ActionRef,
        Objective,
        Plan,
        Rating,
        Reschedule,
        Theme,
        Update,
    )

class Row(NamedTuple):
    """One action as the listings see it, as of a day."""

    path: str
    plan: Plan
    ref: ActionRef
    as_of: date
    due_text: str | None
    due: Due | None
    status: str | None
    rating: Rating | None
    status_since: date | None
    last_update: Update | None

    @property
    def id(self) -> str:
        return self.ref.action.id

    @property
    def updates(self) -> list[Update]:
        """The updates known on the as-of day."""
        return [u for u in self.ref.action.updates if u.date <= self.as_of]

    @property
    def rescheduled(self) -> list[Reschedule]:
        """The reschedules agreed by the as-of day (undated ones count as known)."""
        return [c for c in self.ref.action.rescheduled if c.date is None or c.date <= self.as_of]

    @property
    def action(self) -> Action:
        return self.ref.action

    @property
    def objective(self) -> Objective:
        return self.ref.objective

    @property
    def theme(self) -> Theme:
        return self.ref.theme

    @property
    def done(self) -> bool:
        return self.rating is not None and self.rating.done

    @property
    def update_dates(self) -> list[date]:
        return [u.date for u in self.updates]

    @property
    def days_late(self) -> int | None:
        """Days since it was due (negative: days until it is): see :meth:`Due.days_late`."""
        return None if self.due is None else self.due.days_late(self.as_of, self.update_dates)

    @property
    def overdue(self) -> bool:
        return not self.done and self.due is not None and self.due.is_late(self.as_of, self.update_dates)

    @property
    def needs_update(self) -> bool:
        """Under way, and no update within its cadence: see :meth:`Due.needs_update`."""
        return not self.done and self.due is not None and self.due.needs_update(self.as_of, self.update_dates)

    def to_dict(self) -> dict[str, Any]:
        """The row as data, for ``--format json`` and csv."""
        action, due = self.ref.action, self.due
        return {
            "plan": self.path,
            "id": action.id,
            "objective": self.ref.objective.id,
            "objective_text": self.ref.objective.text,
            "theme": self.ref.theme.number,
            "theme_name": self.ref.theme.name,
            "text": action.text,
            "leads": list(action.leads),
            "due": {
                "text": self.due_text,
                "kind": due.kind if due else None,
                "start": due.start.isoformat() if due and due.start else None,
                "end": due.end.isoformat() if due and due.end else None,
                "meaning": due.describe() if due else None,
                "missed": due.missed_words(self.as_of, self.update_dates) if due else None,
            },
            "status": self.status,
            "rag": self.rating.rag if self.rating else None,
            "status_since": self.status_since.isoformat() if self.status_since else None,
            "last_update": (
                {"date": self.last_update.date.isoformat(), "text": self.last_update.text}
                if self.last_update
                else None
            ),
            "days_late": None if self.done else self.days_late,
            "overdue": self.overdue,
            "needs_update": self.needs_update,
            "conditions": list(action.conditions),
            "plan_title": self.plan.title,
        }


def rows(path: str, plan: Plan, as_of: date) -> Iterator[Row]:
    """Every action of ``plan`` as of ``as_of``, in file order."""
    for ref in plan.actions():
        yield row(path, plan, ref, as_of)


def row(path: str, plan: Plan, ref: ActionRef, as_of: date) -> Row:
    from hcplan.format.due import DueError, read_due

    action = ref.action
    due_text = due_as_of(action, as_of)
    try:
        # due_means says what the current due means; an earlier one in force is read as written.
        due: Due | None = read_due(plan, due_text, action.due_means if due_text == action.due else None)
    except DueError:
        due = None
    known = [u for u in action.updates if u.date <= as_of]
    status, since = status_as_of(action.status, action.updates, as_of)
    return Row(
        path=path,
        plan=plan,
        ref=ref,
        as_of=as_of,
        due_text=due_text,
        due=due,
        status=status,
        rating=plan.rating(status),
        status_since=since,
        last_update=max(known, key=lambda u: u.date) if known else None,
    )


def due_as_of(action: Action, as_of: date) -> str | None:
    """The due in force on ``as_of``: a reschedule agreed later had not yet moved it."""
    due = action.due
    for change in reversed(action.rescheduled):
        if change.date is not None and change.date > as_of:
            due = change.from_
    return due


def status_as_of(current: str | None, updates: list[Update], as_of: date) -> tuple[str | None, date | None]:
    """The rating on ``as_of``, and since when it has held.

    The history is the updates that set a rating. With none, the action's
    own status holds throughout, since an unknown day. Before the first rated
    update there was no rating.
    """
    rated = [u for u in updates if u.status is not None]
    if not rated:
        return current, None
    known = [u for u in rated if u.date <= as_of]
    if not known:
        return None, None
    status = known[-1].status
    since = known[-1].date
    for update in reversed(known[:-1]):
        if update.status != status:
            break
        since = update.date
    return status, since


class Filters(NamedTuple):
    """What ``--lead``, ``--theme``, ``--status`` and ``--search`` ask for."""

    leads: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    search: str | None = None

    def plan_filter(self, plan: Plan) -> PlanFilter:
        """These filters resolved against one plan's leads, themes and scale.

        A lead is matched by its name or an alias, ignoring case, or else by
        part of one; a theme by its number or part of its name; a status by
        :func:`~hcplan.format.model.match_rating` (``none`` asks for unrated actions).

        Raises:
            ValueError: a filter names nothing in this plan; the message says
                what the plan has, or what was probably meant.
        """
        from hcplan.format.model import match_rating

        statuses: set[str | None] = set()
        for wanted in self.statuses:
            if wanted.casefold() in ("none", "unrated"):
                statuses.add(None)
            else:
                statuses.add(match_rating(plan, wanted).label)
        names = plan.lead_names() or {lead: lead for ref in plan.actions() for lead in ref.action.leads}
        leads: set[str] = set()
        for wanted in self.leads:
            leads |= _resolve_lead(wanted, names)
        themes: set[int] = set()
        for wanted in self.themes:
            themes |= _resolve_theme(wanted, plan)
        return PlanFilter(self, frozenset(leads), frozenset(statuses), frozenset(themes), names)


def _resolve_lead(wanted: str, names: dict[str, str]) -> set[str]:
    """The canonical leads ``wanted`` names: exactly, or by part of a name or alias."""
    folded = wanted.casefold().strip()
    found = {canon for name, canon in names.items() if name.casefold() == folded}
    if not found:
        found = {canon for name, canon in names.items() if folded and folded in name.casefold()}
    if not found:
        from hcplan.suggest import did_you_mean

        raise ValueError(f"no lead {quote(wanted)} in this plan{did_you_mean(wanted, sorted(names), n=3)}")
    return found


def _resolve_theme(wanted: str, plan: Plan) -> set[int]:
    """The numbers of the themes ``wanted`` names: a number, or part of a name."""
    if wanted.strip().isdigit():
        found = {t.number for t in plan.themes if t.number == int(wanted)}
    else:
        found = {t.number for t in plan.themes if t.name and wanted.casefold() in t.name.casefold()}
    if not found:
        from hcplan.suggest import did_you_mean

        hint = did_you_mean(wanted, [t.name for t in plan.themes if t.name])
        themes = ", ".join(f"{t.number}" + (f" ({t.name})" if t.name else "") for t in plan.themes)
        raise ValueError(f"no theme {quote(wanted)} in this plan{hint}; its themes are {themes}")
    return found


class PlanFilter(NamedTuple):
    filters: Filters
    leads: frozenset[str]
    statuses: frozenset[str | None]
    themes: frozenset[int]
    names: dict[str, str]

    def __call__(self, row: Row) -> bool:
        filters, action = self.filters, row.ref.action
        if filters.leads and not any(self._canonical(lead) in self.leads for lead in action.leads):
            return False
        if filters.themes and row.ref.theme.number not in self.themes:
            return False
        if filters.statuses and row.status not in self.statuses:
            return False
        if filters.search and not _mentions(row, filters.search):
            return False
        return True


    def _canonical(self, lead: str) -> str:
        """The lead an action's ``lead`` names: leads match without regard to case."""
        if lead in self.names:
            return self.names[lead]
        folded = lead.casefold()
        return next((canon for name, canon in self.names.items() if name.casefold() == folded), lead)


def _mentions(row: Row, text: str) -> bool:
    wanted = text.casefold()
    action = row.ref.action
    haystack: list[str] = [action.id, action.text, row.ref.objective.text, *action.leads, *action.notes]
    haystack += [u.text for u in action.updates if u.text]
    return any(wanted in part.casefold() for part in haystack)


class Overdue(NamedTuple):
    """The quarterly review's question: what slipped, and what is next."""

    late: list[Row]
    due_soon: list[Row]
    needs_update: list[Row]

    def __bool__(self) -> bool:
        return bool(self.late)


def overdue(all_rows: Iterable[Row], *, within_days: int = 0) -> Overdue:
    """Overdue actions, most late first; those due within ``within_days``;
    and continuous or recurring ones that need an update.

    Conditional actions ("as and when ...") are never in any of these lists.
    """
    late, soon, stale = [], [], []
    for r in all_rows:
        if r.overdue:
            late.append(r)
        elif r.needs_update:
            stale.append(r)
        elif within_days and not r.done and r.days_late is not None and -within_days <= r.days_late <= 0:
            soon.append(r)
    late.sort(key=lambda r: -(r.days_late or 0))  # stable: file order among equals
    soon.sort(key=lambda r: -(r.days_late or 0))
    return Overdue(late, soon, stale)


def by_rag(all_rows: Iterable[Row], colours: Iterable[str]) -> list[Row]:
    """Actions whose current rating has one of ``colours``, longest-standing first."""
    wanted = set(colours)
    found = [r for r in all_rows if r.rating is not None and r.rating.rag in wanted]
    found.sort(key=lambda r: (r.status_since is None, r.status_since or date.max))
    return found


#: What each listing section is sorted by once the plans' rows are merged.
_ORDER = {
    "overdue": lambda d: -(d["days_late"] or 0),
    "due_soon": lambda d: -(d["days_late"] or 0),
    "rated": lambda d: (d["status_since"] is None, d["status_since"] or ""),
}


def listing(
    kind: str, path: str, plan: Plan, as_of: date, filters: Filters, *, within_days: int = 0
) -> dict[str, list[dict[str, Any]]]:
    """The sections of a listing of one plan, as data.

    ``kind`` is ``overdue``, ``amber``, ``amber+red`` or ``list``.

    Raises:
        ValueError: a status filter names no rating of this plan.
    """
    keep = filters.plan_filter(plan)
    found = [r for r in rows(path, plan, as_of) if keep(r)]
    sections: dict[str, list[Row]]
    if kind == "overdue":
        result = overdue(found, within_days=within_days)
        sections = {"overdue": result.late}
        if within_days:
            sections["due_soon"] = result.due_soon
        sections["needs_update"] = result.needs_update
    elif kind.startswith("amber"):
        sections = {"rated": by_rag(found, ("amber", "red") if kind == "amber+red" else ("amber",))}
    else:
        sections = {"actions": found}
    return {name: [r.to_dict() for r in section] for name, section in sections.items()}


def merge(parts: Iterable[dict[str, list[dict[str, Any]]]]) -> dict[str, list[dict[str, Any]]]:
    """The sections of several plans' listings as one, each in its order."""
    merged: dict[str, list[dict[str, Any]]] = {}
    for part in parts:
        for name, section in part.items():
            merged.setdefault(name, []).extend(section)
    for name, section in merged.items():
        if name in _ORDER:
            section.sort(key=_ORDER[name])  # stable: plan and file order among equals
    return merged


def plan_listing(
    file: str, kind: str, as_of: date, today: date, filters: Filters, within_days: int
) -> dict[str, Any]:
    """One plan's part of a listing, as data: from the cache when the plan's
    bytes and the question are the same as before.

    Returns ``{"valid": False, "problems": [...]}`` for a file that is not a
    valid plan; otherwise ``valid``, the number of ``errors`` its checks
    found, and its ``sections`` (or the ``filter_error`` of a filter that
    names nothing in this plan). Plain data, so that it can be cached
    and sent back from a worker process.
    """
    import json

    from hcplan.files.cache import Cache, digest
    from hcplan.files.reader import ReadError, read_bytes

    try:
        raw = read_bytes(file)
    except ReadError as exc:
        return {"valid": False, "problems": [p.to_dict() for p in exc.problems]}
    cache = Cache.default()
    key = digest(raw)
    question = json.dumps([kind, file, as_of.isoformat(), today.isoformat(), within_days, *filters])
    entry = cache.rows(key, question) if cache.enabled else None
    if not isinstance(entry, dict):
        entry = _query(raw, file, kind, as_of, today, filters, within_days, cache)
        cache.put_rows(key, question, entry)
    return entry


def _query(
    raw: bytes, file: str, kind: str, as_of: date, today: date, filters: Filters, within_days: int, cache: Any
) -> dict[str, Any]:
    """Load the plan and answer the question (a cache miss)."""
    from hcplan.checking.loader import load_bytes
    from hcplan.problems import Severity

    loaded = load_bytes(raw, file, today=today, cache=cache)
    problems = [p.to_dict() for p in loaded.problems]
    if loaded.plan is None:
        return {"valid": False, "problems": problems}
    errors = sum(p.severity is Severity.ERROR for p in loaded.problems)
    try:
        sections = listing(kind, file, loaded.plan, as_of, filters, within_days=within_days)
    except ValueError as exc:
        return {"valid": True, "errors": errors, "filter_error": str(exc)}
    return {"valid": True, "errors": errors, "sections": sections}
