"""The listings: which actions of many plans answer a question, in which sections and order.

In a plan that rates its objectives (or their targets), each objective is a
row of its own too, before its actions (``kind`` ``"objective"``:
:func:`hcplan.views.objective.rated_rows`), and the listings ask of it what
they ask of an action: rated amber (or red), needing an update (none this
quarter; it has no due time, so it is never overdue), matching the filters.

A listing (``overdue``, ``amber``, ``list``) is a :class:`Kind`: its sections,
each with the order its rows are sorted in, and one function that puts a row
in a section or leaves it out. Asking it over plan files gives a
:class:`Listing`, which streams: each plan is answered on its own (from the
cache when its bytes and the question are the same as before, on every core
when there are many), and the rows come out either plan by plan
(:meth:`Listing.by_plan`, for tables) or section by section across all plans
(:meth:`Listing.by_section`, for JSON and CSV), sorted on disk past a few
thousand rows (:mod:`hcplan.views.spool`), so memory stays flat for any
number of plans.

A plan that is not valid is left out (``on_plan`` hears of it, with its
problems); a filter that names nothing in a plan leaves that plan out, and
is a usage error only when it names nothing in any of them.

A listing answers for the plans current on its day: a plan found by walking
a folder that had ended by then is left out (:attr:`Listing.ended` names it)
unless the question asks for ended plans too (``--ended``); a plan named as
a file is always answered for. An ended plan is answered as of its last day
(its final position, as reports give it) unless a day was asked for.
Plans that have not started yet are answered for: nothing in them is late.

A new listing is a :class:`Kind` in :data:`KINDS`: a few lines.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from hcplan.errors import UsageError
from hcplan.problems import Problem, Severity
from hcplan.quoting import quote
from hcplan.views.rows import Row, longest_standing, most_late, soonest
from hcplan.views.spool import Spool

if TYPE_CHECKING:
    from hcplan.format.model import Plan


class FilterError(UsageError):
    """A filter names nothing in a plan; ``suggests`` says whether the message offers what was
    meant, ``plan`` which plan's file it is about (when known), ``absent`` what is not there
    ("lead 'Polce'"), to say of several plans at once."""

    def __init__(
        self, message: str, *, suggests: bool = False, plan: str | None = None, absent: str | None = None
    ) -> None:
        super().__init__(message)
        self.suggests = suggests
        self.plan = plan
        self.absent = absent


class Filters(NamedTuple):
    """What ``--lead``, ``--theme``, ``--status`` and ``--search`` ask for; ``ids``: these actions only."""

    leads: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    search: str | None = None
    ids: tuple[str, ...] = ()

    def plan_filter(self, plan: Plan) -> PlanFilter:
        """These filters resolved against one plan's leads, themes and scale.

        A lead is matched by its name or an alias, ignoring case, or else by
        part of one; a theme by its number or part of its name; a status by
        :func:`~hcplan.format.model.match_rating` (``unrated`` asks for unrated
        actions; so does ``none``, unless the scale has a rating of that name).

        Raises:
            FilterError: a filter names nothing in this plan; the message says
                what the plan has, or what was probably meant.
        """
        from hcplan.format.model import match_rating

        statuses: set[str | None] = set()
        from hcplan.format.folding import fold

        labels = {fold(rating.label).strip(): rating.label for rating in plan.scale}
        for wanted in self.statuses:
            folded = fold(wanted).strip()
            if folded == "unrated":  # always: a scale's rating called Unrated is asked for by a start of it
                statuses.add(None)
            elif folded in labels:  # the plan's own word first: a scale may have a rating called "None"
                statuses.add(labels[folded])
            elif folded == "none":
                statuses.add(None)
            else:
                try:
                    statuses.add(match_rating(plan, wanted).label)
                except ValueError as exc:
                    raise FilterError(str(exc)) from None
        names = plan.lead_index().spellings() if self.leads else {}
        leads: set[str] = set()
        for wanted in self.leads:
            leads |= _resolve_lead(wanted, names)
        themes: set[int] = set()
        for wanted in self.themes:
            themes |= _resolve_theme(wanted, plan)
        return PlanFilter(self, frozenset(leads), frozenset(statuses), frozenset(themes))


def _typed(text: str) -> str:
    """``text`` as it may be typed: any case and spacing, and without its accents ("tim
    diog" finds Tîm Diogelwch Cymunedol; "cafe" the Café Project)."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    # Spaces, not any white space: a no-break space typed is said as one (hcplan.suggest).
    return " ".join(word for word in plain.casefold().split(" ") if word)


def _resolve_lead(wanted: str, names: dict[str, str]) -> set[str]:
    """The canonical leads ``wanted`` names: exactly, or by part of a name or alias (as
    :func:`_typed` reads both)."""
    from hcplan.format.folding import fold

    folded = fold(wanted).strip()
    found = {canon for name, canon in names.items() if fold(name) == folded}
    typed = _typed(wanted)
    if not found:
        found = {canon for name, canon in names.items() if typed and typed in _typed(name)}
    if not found:
        from hcplan.suggest import did_you_mean

        hint = did_you_mean(wanted, sorted(names), n=3)
        raise FilterError(
            f"no lead {quote(wanted)} in this plan{hint}", suggests=bool(hint), absent=f"lead {quote(wanted)}"
        )
    return found


def _resolve_theme(wanted: str, plan: Plan) -> set[int]:
    """The numbers of the themes ``wanted`` names: a number, or part of a name."""
    if wanted.strip().isdigit():
        found = {t.number for t in plan.themes if t.number == int(wanted)}
    else:
        typed = _typed(wanted)
        found = {t.number for t in plan.themes if t.name and typed and typed in _typed(t.name)}
    if not found:
        from hcplan.suggest import did_you_mean

        hint = did_you_mean(wanted, [t.name for t in plan.themes if t.name])
        themes = ", ".join(f"{t.number}" + (f" ({t.name})" if t.name else "") for t in plan.themes)
        raise FilterError(f"no theme {quote(wanted)} in this plan{hint}; its themes are {themes}", suggests=bool(hint))
    return found


class PlanFilter:
    """:class:`Filters` resolved for one plan: call it with a row to know if it is kept.

    ``leads`` are canonical names: a row is kept for a lead it counts as
    (:attr:`Row.canonical_leads <hcplan.views.rows.Row.canonical_leads>`), however it writes it.
    An objective's row (a plan that rates its objectives) is kept for a lead of one of
    its actions, for its theme, for its own rating; ``ids`` (actions) never keep it.
    """

    __slots__ = ("filters", "leads", "statuses", "themes")

    def __init__(
        self,
        filters: Filters,
        leads: frozenset[str],
        statuses: frozenset[str | None],
        themes: frozenset[int],
    ) -> None:
        self.filters, self.leads, self.statuses, self.themes = filters, leads, statuses, themes

    def __call__(self, row: Row) -> bool:
        filters = self.filters
        if filters.leads and self.leads.isdisjoint(row.canonical_leads):
            return False
        if filters.themes and row.theme_number not in self.themes:
            return False
        if filters.statuses and row.status not in self.statuses:
            return False
        if filters.ids and (row.id not in filters.ids or row.kind != "action"):
            return False
        return not filters.search or _mentions(row, filters.search)


def _mentions(row: Row, text: str) -> bool:
    """True when ``text`` is in anything the action says in words: its text and
    objective's, leads and partners, outcome, measure, funding and conditions,
    progress, updates and notes (an officer's own listing: ``list`` is not published).
    An objective's row is judged on what the objective says, not its actions' leads
    (as :func:`hcplan.views.returns.keeps_objective` judges it)."""
    wanted = text.casefold()
    leads = row.leads if row.kind == "action" else ()
    haystack = [row.id, row.text, row.objective_text, *leads, *row.partners, *row.outcome, *row.measure]
    haystack += [*row.conditions, *row.progress, *row.notes]
    haystack += [row.funding] if row.funding else []
    haystack += [u.text for u in row.history if u.text]
    return any(wanted in part.casefold() for part in haystack)


def refuse(errors: list[FilterError], *, given: int = 1) -> None:
    """When filters named nothing in any plan (``errors``, one per plan), the error to
    show: one with a suggestion if a plan has one. Nothing when ``errors`` is empty.
    ``given``: how many plans were asked about (some may be left out for other reasons).

    Raises:
        FilterError: the error chosen.
    """
    if len(errors) == 1 and given > 1 and errors[0].plan:  # say which of the plans given it is
        raise FilterError(f"{errors[0].plan}: {errors[0].message}", suggests=errors[0].suggests)
    if errors:
        best = next((e for e in errors if e.suggests), errors[0])
        plans = [e.plan for e in errors if e.plan]
        absent = {e.absent for e in errors}
        if len(errors) > 1 and len(absent) == 1 and None not in absent and not best.suggests:
            raise FilterError(f"no {absent.pop()} in any of the {len(errors)} plans")  # not "in this plan"
        if len(plans) == len(errors) > 1:  # each plan says its own (their ratings, leads, themes differ)
            said = {e.message for e in errors}
            each = best.message if len(said) == 1 else "; ".join(f"{e.plan}: {e.message}" for e in errors)
            raise FilterError(f"none of the {len(errors)} plans matches: {each}", suggests=best.suggests)
        if len({e.message for e in errors}) > 1:
            raise FilterError(f"no plan matches: {best.message}", suggests=best.suggests)
        raise best


def plan_filters(plans: list[Plan], filters: Filters) -> dict[int, PlanFilter]:
    """Each plan's filter, by the plan's ``id()``; a plan the filters name nothing in is
    left out.

    Raises:
        FilterError: the filters name nothing in any plan (see :func:`refuse`).
    """
    kept, errors = {}, []
    for plan in plans:
        try:
            kept[id(plan)] = filters.plan_filter(plan)
        except FilterError as exc:
            errors.append(exc)
    if not kept:
        refuse(errors)
    return kept


# --- the kinds of listing ----------------------------------------------------------


class Question(NamedTuple):
    """What a listing is asked: which kind, as of which day, with which filters.

    ``within_days`` (overdue) adds what falls due that soon; ``red`` (amber)
    adds red ratings; ``today`` is the day "in the future" is judged against
    when plans are checked (None: the day it is asked).

    ``ended``: answer for plans that had ended by ``as_of`` too (otherwise
    they are left out). ``day_given``: ``as_of`` was asked for, and every
    plan is answered as of it; otherwise it is today, and a plan that has
    ended is answered as of its last day.
    """

    kind: str
    as_of: date
    filters: Filters = Filters()
    within_days: int = 0
    red: bool = False
    today: date | None = None
    ended: bool = False
    day_given: bool = True

    @property
    def checked_on(self) -> date:
        return self.today or date.today()

    def key(self, file: str) -> str:
        """What identifies this question about ``file`` in the cache (text, dates, numbers: a stable repr)."""
        return repr(
            (
                self.kind,
                file,
                self.as_of,
                self.checked_on,
                self.within_days,
                self.red,
                tuple(self.filters),
                self.ended,
                self.day_given,
            )
        )


def _always(question: Question) -> bool:
    return True


class Section(NamedTuple):
    """A part of a listing: its name (the JSON key), the order of its rows (None:
    plan order), and whether a question asks for it."""

    name: str
    order: Callable[[Row], Any] | None = None
    asked: Callable[[Question], bool] = _always


class Kind(NamedTuple):
    """A listing: its sections, and ``select``, which names the section a row belongs in (None: left out)."""

    name: str
    sections: tuple[Section, ...]
    select: Callable[[Row, Question], str | None]

    def sections_for(self, question: Question) -> list[Section]:
        return [s for s in self.sections if s.asked(question)]


def _overdue(row: Row, question: Question) -> str | None:
    # A plan that has ended lists all it left undone, as its review does: "Continuous" and
    # "As and when" too, which were never late.
    if row.overdue or (row.plan_ended is not None and not row.done):
        return "overdue"
    if row.needs_update:
        return "needs_update"
    if question.within_days and row.days_to_go is not None and row.days_to_go <= question.within_days:
        return "due_soon"
    return None


def _amber(row: Row, question: Question) -> str | None:
    return "rated" if row.rag == "amber" or (question.red and row.rag == "red") else None


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "overdue",
            (
                Section("overdue", most_late),
                Section("due_soon", soonest, asked=lambda question: question.within_days > 0),
                Section("needs_update"),
            ),
            _overdue,
        ),
        Kind("amber", (Section("rated", longest_standing),), _amber),
        Kind("list", (Section("actions"),), lambda row, question: "actions"),
    )
}


# --- one plan's answer --------------------------------------------------------------


class PlanAnswer(NamedTuple):
    """One plan file's part of a listing.

    ``valid`` is False for a file that is not a valid plan (``problems`` say
    why); a valid plan may still have problems (its checks failed: ``errors``
    counts them). ``sections`` holds its rows, each section in its order;
    ``filter_error`` says why a filter names nothing in this plan.

    ``as_of`` is the day the plan was answered as of; ``ended`` the plan's
    last day when it had ended by the day asked; ``left_out`` says the plan
    was left out for having ended (the question did not ask for ended plans);
    ``rates_objectives`` that the plan rates its objectives, so that rows of
    its objectives may be among its rows (:func:`hcplan.format.rated.rates_objectives`).
    ``depends`` names the files the plan links to and what they held
    (:func:`~hcplan.checking.links.fingerprint`): its problems depend on them,
    so a cached answer holds only while they are unchanged.
    """

    path: str
    valid: bool
    problems: tuple[Problem, ...] = ()
    title: str | None = None
    sections: dict[str, list[Row]] = {}  # noqa: RUF012 - never changed: each answer is given its own
    filter_error: str | None = None
    filter_suggests: bool = False
    as_of: date | None = None
    ended: date | None = None
    left_out: bool = False
    rates_objectives: bool = False
    depends: tuple[tuple[str, str, str | None], ...] = ()
    filter_absent: str | None = None  # what the filter named that the plan has not ("lead 'Polce'")

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)


def answer(file: str, question: Question) -> PlanAnswer:
    """One plan's part of the listing ``question`` asks: from the cache when
    the plan's bytes and the question are the same as before.

    A module-level function of plain data, so worker processes can run it.
    """
    from hcplan.files.cache import Cache, digest
    from hcplan.files.reader import ReadError, read_bytes

    try:
        raw = read_bytes(file)
    except ReadError as exc:
        return PlanAnswer(file, False, tuple(exc.problems), sections={})
    cache = Cache.default()
    key, asked = digest(raw), question.key(file)
    found = cache.answer(key, asked) if cache.enabled else None
    if isinstance(found, PlanAnswer) and found.depends:
        from hcplan.checking.links import unchanged

        found = found if unchanged(found.depends, file) else None
    if not isinstance(found, PlanAnswer):
        found = _answer(raw, file, question, cache)
        cache.put_answer(key, asked, found)
    return found


def _answer(raw: bytes, file: str, question: Question, cache: Any) -> PlanAnswer:
    """Load the plan and answer the question (a cache miss)."""
    from hcplan.checking.loader import load_bytes
    from hcplan.format.rated import rates_objectives
    from hcplan.views.objective import rated_rows

    loaded = load_bytes(raw, file, today=question.checked_on, cache=cache)
    problems = tuple(loaded.problems)
    depends = loaded.depends
    if loaded.plan is None:
        return PlanAnswer(file, False, problems, sections={}, depends=depends)
    plan = loaded.plan
    ended = ended_on(plan, question)
    if ended is not None and not question.ended:
        return PlanAnswer(file, True, problems, plan.title, {}, ended=ended, left_out=True, depends=depends)
    day = plan_day(plan, question)
    if ended is None and plan.ended_by(day):
        # Asked as of its last day: its final position, as its rows are judged (each says
        # "not done by the end of the plan"), and so titled.
        ended = plan.period.end
    try:
        keep = question.filters.plan_filter(plan)
    except FilterError as exc:
        return PlanAnswer(
            file, True, problems, plan.title, {}, exc.message, exc.suggests, day, ended,
            depends=depends, filter_absent=exc.absent,
        )  # fmt: skip
    found = sections(KINDS[question.kind], question, rated_rows(file, plan, day), keep)
    rates = rates_objectives(plan)
    return PlanAnswer(
        file, True, problems, plan.title, found, as_of=day, ended=ended, rates_objectives=rates, depends=depends
    )


def ended_on(plan: Plan, question: Question) -> date | None:
    """The plan's last day, when it had ended by the day ``question`` asks about
    (:func:`hcplan.views.years.state`); None while it is current or to come."""
    from hcplan.views.years import state

    return plan.period.end if state(plan, question.as_of) == "ended" else None


def plan_day(plan: Plan, question: Question) -> date:
    """The day ``plan`` is answered as of: the day asked for, or else
    (:func:`hcplan.views.years.plan_day`) today, or the plan's last day once it has ended."""
    from hcplan.views.years import asked_day
    from hcplan.views.years import plan_day as reported_day

    return asked_day(plan, question.as_of) if question.day_given else reported_day(plan, question.as_of)


def sections(
    kind: Kind, question: Question, these: Iterable[Row], keep: Callable[[Row], bool] = lambda row: True
) -> dict[str, list[Row]]:
    """The rows ``keep`` keeps, each in the section ``kind`` puts it in, each section in its order."""
    wanted = kind.sections_for(question)
    found: dict[str, list[Row]] = {s.name: [] for s in wanted}
    for row in these:
        if keep(row):
            name = kind.select(row, question)
            if name in found:
                found[name].append(row)
    for s in wanted:
        if s.order is not None:
            found[s.name].sort(key=s.order)  # stable: file order among equals
    return found


# --- many plans -------------------------------------------------------------------


class Listing:
    """The answer to ``question`` over plan ``files``, to be read once.

    Read it :meth:`by_plan` or :meth:`by_section`. ``on_plan`` is called with
    each plan's :class:`PlanAnswer` as it arrives (to report its problems).
    ``named`` are the files the user named (:func:`hcplan.checking.loader.named_plans`):
    they are answered for even when they have ended. Once read,
    :attr:`left_out` names the files that were not valid plans, :attr:`ended`
    those left out for having ended (with their last day) and :attr:`counts`
    the rows of each section.

    Raises (while being read):
        FilterError: a filter names nothing in any plan.
    """

    def __init__(
        self,
        files: list[str],
        question: Question,
        *,
        on_plan: Callable[[PlanAnswer], None] | None = None,
        jobs: int | None = None,
        named: Collection[str] = (),
    ) -> None:
        self.files = files
        self.named = named
        self.question = question
        self.kind = KINDS[question.kind]
        self.sections = [s.name for s in self.kind.sections_for(question)]
        self.left_out: list[str] = []
        #: The plans read that have errors (answered, or left out for having ended: either may be wrong).
        self.with_errors: list[str] = []
        self.ended: list[tuple[str, date]] = []
        self.counts: dict[str, int] = dict.fromkeys(self.sections, 0)
        self._on_plan = on_plan
        self._jobs = jobs
        self._filter_errors: list[FilterError] = []
        self._accepted = 0
        self._read = False

    def by_plan(self) -> Iterator[PlanAnswer]:
        """Each valid plan that the filters apply to, in the order given, with its sections."""
        yield from self._answers()
        self._finish()

    def by_section(self) -> Iterator[tuple[str, Iterator[Row]]]:
        """Each section with its rows across all plans, in its order.

        A first section in plan order streams as the plans are read; the
        others are held in a :class:`~hcplan.views.spool.Spool` until the
        last plan is read.
        """
        wanted = self.kind.sections_for(self.question)
        spools: dict[str, Spool[Row]] = {s.name: Spool(s.order) for s in wanted}
        streamed = wanted[0].name if wanted and wanted[0].order is None else None

        def read() -> Iterator[Row]:
            for found in self._answers():
                for name, section in found.sections.items():
                    if name == streamed:
                        yield from section
                    else:
                        spools[name].extend(section)
            self._finish()

        rest = read()
        if streamed is not None:
            yield streamed, rest
        for _ in rest:  # what the reader of the first section left unread
            pass
        for s in wanted:
            if s.name != streamed:
                yield s.name, iter(spools[s.name])

    def _answers(self) -> Iterator[PlanAnswer]:
        from hcplan.checking.batch import map_files

        if self._read:
            raise RuntimeError("a Listing is read once")  # pragma: no cover - a bug if it happens
        self._read = True
        asked = self.question._replace(ended=True)
        calls = [(file, asked if file in self.named else self.question) for file in self.files]
        for found in map_files(answer, calls, jobs=self._jobs):
            if self._on_plan is not None:
                self._on_plan(found)
            if found.valid and found.errors:  # answered, or left out by its end: which its errors may make
                self.with_errors.append(found.path)
            if not found.valid:
                self.left_out.append(found.path)
            elif found.left_out and found.ended is not None:
                self.ended.append((found.path, found.ended))
            elif found.filter_error is not None:
                self._filter_errors.append(
                    FilterError(
                        found.filter_error, suggests=found.filter_suggests, plan=found.path, absent=found.filter_absent
                    )
                )
            else:
                for name, section in found.sections.items():
                    self.counts[name] += len(section)
                yield found
        self._accepted = len(self.files) - len(self.left_out) - len(self.ended) - len(self._filter_errors)

    @property
    def filtered(self) -> list[FilterError]:
        """The plans left out because the filters name nothing in them (each error names
        its plan), when other plans were answered."""
        return self._filter_errors if self._accepted else []

    def _finish(self) -> None:
        if not self._accepted:
            refuse(self._filter_errors, given=len(self.files))
