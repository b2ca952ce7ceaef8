"""Record a progress update, a new rating or a new due time in a plan file.

The lead's after-meeting job, for an action or (in a plan that rates its
objectives) an objective: what an ID names is :mod:`hcplan.format.rated`'s to
say. The change is made to the text itself (see :mod:`hcplan.files.edit`), then
proven before anything is written: the new text is read back and must hold
exactly the old plan plus the change, and must check without errors. The write
is locked and atomic (:mod:`hcplan.files.store`).
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from hcplan.checking.checks import after_the_end, before_the_start, outside_the_period
from hcplan.checking.loader import Loaded, keep, load_data, sound_plan
from hcplan.errors import HcplanError
from hcplan.files.cache import Cache
from hcplan.files.edit import EditError, TextEditor
from hcplan.files.parts import Edit, read_items, replaced
from hcplan.files.reader import Locations, ReadError, Source, decode, parse, read_bytes
from hcplan.format.dates import long_date
from hcplan.format.model import Action, ActionRef, Objective, Plan, match_rating
from hcplan.format.rated import RatedIndex, RatedRef, named
from hcplan.problems import DocPath


class UpdateError(HcplanError):
    """The update cannot be made; the plan file is unchanged.

    ``usage`` is True when what was asked for is wrong (an unknown ID
    or rating), rather than the plan or the file: it exits as a usage error.
    """


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    """What the lead asked for.

    ``action_id`` names an action or an objective, as :mod:`hcplan.format.rated`
    reads it (``7``, ``objective 7``); ``kind`` (``"action"``, ``"objective"``)
    allows only that kind.
    """

    action_id: str
    on: date
    note: str | None = None
    status: str | None = None
    due: str | None = None
    reason: str | None = None
    private: bool = False
    #: The quarter whose return this is ("Q2 2017-18"), when ``on`` was given as one.
    quarter: str | None = None
    kind: str | None = None


@dataclass(slots=True)
class UpdateResult:
    """What changed, for the command line to report."""

    path: str
    action_id: str
    before: str
    after: str
    old_status: str | None = None
    new_status: str | None = None
    old_due: str | None = None
    new_due: str | None = None
    added: dict[str, Any] = field(default_factory=dict)
    #: What ``action_id`` names: ``"action"`` or ``"objective"``.
    kind: str = "action"
    #: What the command line should say of the change besides (it was made).
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def unchanged(cls, source: Source, ref: RatedRef) -> UpdateResult:
        """The result of changing nothing: where every change starts from."""
        item = ref.item
        due = item.due if isinstance(item, Action) else None
        return cls(source.path, item.id, source.text, source.text, item.status, item.status, due, due, kind=ref.kind)

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def recorded(self) -> bool:
        """True when this change adds something (in a batch, ``changed`` is the batch's)."""
        return bool(self.added) or self.new_status != self.old_status or self.new_due != self.old_due

    def diff(self) -> str:
        """A unified diff of the change, as ``git diff`` would show it."""
        return unified_diff(self.path, self.before, self.after)

    def summary(self) -> str:
        """One sentence saying what was recorded."""
        parts = []
        if self.added:
            parts.append(f"added an update dated {long_date(date.fromisoformat(self.added['date']))}")
        if self.new_status != self.old_status:
            parts.append(f"rating {self.old_status or 'none'} -> {self.new_status}")
        elif self.added and self.added.get("status") not in (None, self.old_status):
            # An update dated before a later rating: its rating is history, not the current one.
            parts.append(
                f"rated {self.added['status']} on that day; the rating stays {self.old_status or 'none'}, "
                "as a later update has it"
            )
        if self.new_due != self.old_due:
            parts.append(f"due {self.old_due or 'none'} -> {self.new_due}")
        said = self.action_id if self.kind == "action" else f"{self.kind} {self.action_id}"
        return f"{said}: " + ("; ".join(parts) if parts else "that update is recorded already; nothing to change")


def unified_diff(path: str, before: str, after: str) -> str:
    """The change from ``before`` to ``after`` of the file ``path``, as ``git diff`` shows it:
    every line of the diff on a line of its own (a file's lines ended by a lone CR are shown
    ended by LF, which a terminal does not write over), and a last line without a line break
    marked so."""
    out = []
    name = path.lstrip("/")
    for line in difflib.unified_diff(
        _shown_lines(before), _shown_lines(after), fromfile=_diff_name("a/" + name), tofile=_diff_name("b/" + name)
    ):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _diff_name(name: str) -> str:
    """A file's name in a diff's header, as git writes one with a line break, a tab, a quote
    or a backslash in it: in double quotes, those written as C escapes."""
    if not any(ord(c) < 32 or c in '"\\' for c in name):
        return name
    escapes = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}
    return '"' + "".join(escapes.get(c) or (f"\\{ord(c):03o}" if ord(c) < 32 else c) for c in name) + '"'


def _shown_lines(text: str) -> list[str]:
    return [line[:-1] + "\n" if line.endswith("\r") else line for line in text.splitlines(keepends=True)]


def find_rated(plan: Plan, item_id: str, *, kind: str | None = None, index: RatedIndex | None = None) -> RatedRef:
    """The action or objective ``item_id`` names (see :mod:`hcplan.format.rated`);
    ``index``: the plan's, when it is built already.

    Raises:
        UpdateError: it names none (the message suggests the closest IDs), or
            both an objective and an action.
    """
    try:
        return (index or RatedIndex(plan)).find(item_id, kind)
    except HcplanError as exc:
        raise UpdateError(exc.message, usage=True) from None


@dataclass(frozen=True, slots=True)
class Opened:
    """A plan read to be changed: its text, its data with positions, and the plan."""

    source: Source
    data: Any
    locations: Locations
    plan: Plan


def open_source(source: Source, *, today: date, cache: Cache | None = None, known: Plan | None = None) -> Opened:
    """Read the plan in ``source`` to change it. Its text is parsed for the
    positions of its parts; the plan those make is ``known`` when the caller
    has it (proven sound today), else comes from ``cache`` when it holds it for
    the same bytes, sound today.

    Raises:
        UpdateError: the plan is not valid YAML, or has errors.
    """
    try:
        data, locations = parse(source, locate=True)
    except ReadError as exc:
        raise UpdateError(f"{source.path} is not valid YAML; fix it first", problems=exc.problems) from None
    assert locations is not None
    plan = known
    if plan is None and cache is not None:
        plan = sound_plan(encode(source, source.text), source.path, today, cache)
    if plan is not None:
        return Opened(source, data, locations, plan)
    loaded = load_data(data, source, today=today, locations=locations, errors_only=True)
    if loaded.plan is None or loaded.problems:
        raise UpdateError(
            f"{source.path} has errors; fix them first (hcplan check {source.path})",
            problems=loaded.problems,
        )
    return Opened(source, data, locations, loaded.plan)


def check_request(
    plan: Plan,
    request: UpdateRequest,
    *,
    today: date,
    refs: dict[str, ActionRef] | None = None,
    index: RatedIndex | None = None,
) -> tuple[RatedRef, str | None]:
    """The action or objective ``request`` changes and the rating label it sets, by the
    rules of ``hcplan update``.

    ``refs`` (the plan's actions by ID: IDs found there are actions) or
    ``index`` (the plan's :class:`~hcplan.format.rated.RatedIndex`) saves
    looking through the plan when many requests are checked.

    Raises:
        UpdateError: the request is wrong (``usage``): no such action or
            objective (or an ID of both), a date in the future, a rating or due
            the plan does not know, a due for an objective, a moved due without
            a reason, or nothing to record.
    """
    ref: RatedRef | None = refs.get(request.action_id) if refs is not None and request.kind != "objective" else None
    if ref is None:
        ref = find_rated(plan, request.action_id, kind=request.kind, index=index)
    if not isinstance(ref, ActionRef) and (request.due is not None or request.reason is not None):
        raise UpdateError(
            f"{named(ref)} has no due time (an objective's actions have theirs): --due and --reason are for an action",
            usage=True,
        )
    if request.on > today:
        raise UpdateError(f"the date {long_date(request.on)} is in the future", usage=True)
    label = None
    if request.status is not None:
        try:
            label = match_rating(plan, request.status).label
        except ValueError as exc:
            raise UpdateError(str(exc), usage=True) from None
    if request.due is not None:
        from hcplan.format.due import DUE_FORMS, DueError, parse_due

        try:
            parse_due(request.due, plan.period.start, plan.period.end, plan.quarters)
        except DueError as exc:
            forms = "" if exc.rewrite else f"; hcplan reads due times such as {DUE_FORMS}"
            raise UpdateError(f"{exc}{forms}", usage=True) from None
    action = ref.item if isinstance(ref, ActionRef) else None
    moves = action is not None and _moves(action, request)
    if action is not None and moves and action.due_means is not None:
        raise UpdateError(
            f"{action.id} gives what its due means beside it (due_means: {action.due_means}); "
            "change the two together in the file",
            usage=True,
        )
    if action is not None and moves and not unset(action.due) and not request.reason:
        raise UpdateError(f"{action.id} is due {action.due}: say why it moves, with --reason", usage=True)
    for what, text in (("the note", request.note), ("the reason", request.reason)):
        unsafe = unsafe_text(text) if text else None
        if unsafe is not None:
            raise UpdateError(f"{what}: {unsafe}", usage=True)
    if request.note is None and label is None and request.due is None:
        options = "--note, --status or --due" if action is not None else "--note or --status"
        raise UpdateError(f"nothing to record: give {options}", usage=True)
    return ref, label


def _moves(action: Action, request: UpdateRequest) -> bool:
    """Whether ``request`` moves the action's due: a due that differs from the one written
    only in case or spacing is the same due (hcplan reads them alike), not a move."""
    if request.due is None:
        return False
    if action.due is None:
        return True
    return " ".join(request.due.split()).casefold() != " ".join(action.due.split()).casefold()


def unsafe_text(text: str) -> str | None:
    """Why ``text`` may not go into a plan, or None: the character rules ``hcplan check``
    applies to a plan's text (bidi controls, control characters, words in look-alike letters of
    another alphabet), and characters that are no characters (unassigned, private, surrogates)."""
    import unicodedata

    from hcplan.checking.alphabets import suspicious_words
    from hcplan.checking.text import first_control

    found = first_control(text)
    if found is not None:
        return found[1]
    for char in text:
        if char not in "\n\r\t" and unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            return f"text holds a control character (U+{ord(char):04X}); retype it as plain text"
    for word in suspicious_words(text):
        return word.message
    return None


def recorded_already(item: Action | Objective, request: UpdateRequest, label: str | None) -> bool:
    """True when ``item`` has the very update ``request`` asks for (run twice by mistake)."""
    return request.due is None and any(
        u.date == request.on and u.text == request.note and u.status == label and u.private == request.private
        for u in item.updates
    )


@dataclass(slots=True)
class Changes:
    """Several updates to one plan, made in one edit: the texts before and after, and each result."""

    path: str
    before: str
    after: str
    results: list[UpdateResult]
    #: The new text as its proof read and checked it, and the day it was checked on:
    #: kept in the cache once written, so that the next command finds it there.
    proven: Loaded | None = None
    day: date | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """A unified diff of the change, as ``git diff`` would show it."""
        return unified_diff(self.path, self.before, self.after)


def plan_update(source: Source, request: UpdateRequest, *, today: date) -> UpdateResult:
    """Work out the new text of the plan in ``source`` (nothing is written).

    Raises:
        UpdateError: the plan has errors, the request is wrong, or the change
            could not be proven to be exactly what was asked.
    """
    return plan_updates(open_source(source, today=today), [request], today=today).results[0]


def plan_updates(opened: Opened, requests: list[UpdateRequest], *, today: date) -> Changes:
    """Work out the new text of the plan with every one of ``requests`` made (nothing is written).

    The changes are spliced into the text in one edit, and the result is
    proven once: read back, it must hold exactly the old plan plus every
    change, and check without errors. Each action or objective may be changed once.

    Raises:
        UpdateError: a request is wrong (the first found), two change the
            same action, or the change could not be proven.
    """
    source = opened.source
    index = RatedIndex(opened.plan)
    requests = [
        replace(r, quarter=_as_the_plan_names(opened.plan, r.quarter)) if r.quarter is not None else r for r in requests
    ]
    checked = [(request, *check_request(opened.plan, request, today=today, index=index)) for request in requests]
    seen: set[tuple[str | int, ...]] = set()
    for _, ref, _ in checked:
        if ref.where in seen:
            said = ref.item.id if isinstance(ref, ActionRef) else named(ref)
            raise UpdateError(f"{said} is changed twice; change an {ref.kind} once in one write", usage=True)
        seen.add(ref.where)
    # What the new text must read back as: the old data, with the items to
    # change copied (and only they, and the containers on the way to them).
    changing = [ref.where for request, ref, label in checked if not recorded_already(ref.item, request, label)]
    expected = _copied_along(opened.data, changing)
    editor = TextEditor(source, opened.locations)
    results = []
    for request, ref, label in checked:
        if recorded_already(ref.item, request, label):
            # Run twice by mistake: the update is there already; nothing to add.
            results.append(UpdateResult.unchanged(source, ref))
            continue
        try:
            results.append(_change(editor, expected, source, ref, request, label))
        except EditError as exc:
            raise UpdateError(f"cannot edit {source.path} in place: {exc}") from None
        period = opened.plan.period
        if results[-1].added and request.on > period.end:
            results[-1].warnings.append(after_the_end(request.on, period.end))
        elif results[-1].added and request.on < period.start:  # a typo of the year, most likely
            results[-1].warnings.append(before_the_start(request.on, opened.plan))
        if request.due is not None:
            outside = outside_the_period(opened.plan, request.due)
            if outside is not None:
                results[-1].warnings.append(f"{outside}; hcplan check warns of it too (due-period)")
    try:
        after = editor.result()
    except EditError as exc:  # pragma: no cover - a bug in the editor if it happens
        raise UpdateError(f"cannot edit {source.path} in place: {exc}") from None
    proven = None
    if after != source.text:
        edit = Edit(source, opened.data, opened.locations, editor.splices, changing)
        proven = prove(source, after, expected, today, edit=edit, plan=opened.plan)
    for result in results:
        if result.recorded:
            result.after = after
    return Changes(source.path, source.text, after, results, proven, today)


def plan_in_rounds(opened: Opened, requests: list[UpdateRequest], *, today: date) -> Changes:
    """:func:`plan_updates`, for requests that may change an action more than once (the
    returns of two leads for an action they lead together), in the order given.

    The requests are made in rounds, each changing an action at most once, each
    read back and proven on the text the round before made; the result is one
    text, written (by the caller) in one write. Its results are in the order of
    ``requests``.
    """
    rounds: list[list[tuple[int, UpdateRequest]]] = []
    for n, request in enumerate(requests):
        for batch in rounds:  # the first round without this action: after every one with it
            if all(r.action_id != request.action_id for _, r in batch):
                batch.append((n, request))
                break
        else:
            rounds.append([(n, request)])
    results: list[UpdateResult | None] = [None] * len(requests)
    source, current, text = opened.source, opened, opened.source.text
    proven = None
    for batch in rounds:
        if text != current.source.text:  # the round before wrote it, and proved it sound
            current = open_source(source._replace(text=text), today=today, known=proven.plan if proven else None)
        changes = plan_updates(current, [request for _, request in batch], today=today)
        for (n, _), result in zip(batch, changes.results):
            results[n] = result
        text, proven = changes.after, changes.proven or proven
    done = [result for result in results if result is not None]
    for result in done:
        if result.recorded:
            result.after = text
    return Changes(source.path, source.text, text, done, proven, today)


def _copied_along(data: Any, wheres: list[tuple[str | int, ...]]) -> Any:
    """``data`` with what is at each of ``wheres`` copied whole, and the lists
    and mappings on the way to it copied one level deep: the copies can be
    changed at ``wheres`` without changing ``data``, and the rest is shared
    (copying a whole 1,000-action plan costs more than the edit)."""
    tree: dict[Any, Any] = {}
    for where in wheres:
        branch = tree
        for step in where:
            branch = branch.setdefault(step, {})

    def copied(node: Any, branch: dict[Any, Any]) -> Any:
        if not branch:
            return copy.deepcopy(node)
        shallow = copy.copy(node)
        for step, below in branch.items():
            shallow[step] = copied(node[step], below)
        return shallow

    return copied(data, tree) if wheres else data


def _change(
    editor: TextEditor, expected: Any, source: Source, ref: RatedRef, request: UpdateRequest, label: str | None
) -> UpdateResult:
    """Edit the text, and the plain data it should read back as, side by side."""
    item = ref.item
    target = _at(expected, ref.where)
    result = UpdateResult.unchanged(source, ref)
    # Where new keys go: an action's status before what follows it, its updates last;
    # an objective's status and updates before its notes and actions.
    after_status, after_updates = (_AFTER_STATUS, ()) if isinstance(item, Action) else _OBJECTIVE_AFTER

    # A dated update goes in date order: after every update of its day or before.
    if request.note is not None or label is not None:
        entry: dict[str, Any] = {"date": request.on.isoformat()}
        if request.quarter is not None:
            entry["quarter"] = request.quarter
        if request.note is not None:
            entry["text"] = request.note
        if label is not None:
            entry["status"] = label
            was = _rating_before(item, request.on)
            if was is not None:
                entry["was"] = was
                _hand_on_was(editor, target, ref, item)
        if request.private:
            entry["private"] = True
        index = next((i for i, u in enumerate(item.updates) if u.date > request.on), None)
        later = item.updates[len(item.updates) if index is None else index :]
        later_rated = any(u.status is not None for u in later)
        # The status is the latest rating: set it unless a later update rated it.
        if label is not None and label != item.status and not later_rated:
            editor.set_scalar(ref.where, "status", label, before=after_status)
            target["status"] = label
            result.new_status = label
        editor.add_item(ref.where, "updates", _written(entry), index=index, before=after_updates)
        if not isinstance(target.get("updates"), list):
            target["updates"] = []
        target["updates"].insert(len(target["updates"]) if index is None else index, dict(entry))
        result.added = entry

    action = item if isinstance(item, Action) else None
    if action is not None and request.due is not None and _moves(action, request):
        editor.set_scalar(ref.where, "due", request.due, before=("status", *_AFTER_STATUS))
        target["due"] = request.due
        result.new_due = request.due
        if not unset(action.due) or request.reason:
            # A first due needs no reason; given one, it is kept all the same.
            change: dict[str, Any] = {"date": request.on.isoformat()}
            if not unset(action.due):
                change["from"] = action.due
            change["to"] = request.due
            if request.reason:
                change["reason"] = request.reason
            editor.add_item(ref.where, "rescheduled", _written(change), before=("notes", "updates"))
            if not isinstance(target.get("rescheduled"), list):
                target["rescheduled"] = []
            target["rescheduled"].append(change)

    return result


def _as_the_plan_names(plan: Plan, quarter: str) -> str:
    """``quarter`` as the plan names its quarters: a financial year's (``Q2 2017-18``) given
    for a plan of calendar quarters is the same three months under the plan's name for them
    (``Q3 2017``), which its reports and its readers use. A calendar quarter given for a plan
    of financial ones is left as given: which quarter was meant cannot be told (check says so)."""
    from hcplan.format.dates import parse_quarter, quarter_of

    if plan.quarters != "calendar":
        return quarter
    try:
        found = parse_quarter(quarter, "calendar")
    except ValueError:  # pragma: no cover - the command line read it a moment ago
        return quarter
    return quarter_of(found.end, "calendar").name if found is not None else quarter


def _hand_on_was(editor: TextEditor, target: Any, ref: RatedRef, item: Action | Objective) -> None:
    """The rated update that began the item's rating history no longer does, once an earlier
    one is added: the ``was`` it keeps (the rating before it) is the new one's now, and left
    there it would say that its rating replaced one it did not."""
    first = next((i for i, u in enumerate(item.updates) if u.status is not None), None)
    if first is None or item.updates[first].was is None:
        return
    try:
        editor.remove_entry(ref.where + ("updates", first), "was")
    except EditError:  # written where it cannot be cut alone: it stays, and check says so (update-was)
        return
    del target["updates"][first]["was"]


def _rating_before(item: Action | Objective, on: date) -> str | None:
    """The rating an update rated ``on`` replaces, when it becomes the item's first rated
    update and so must record it (as ``was``): the item's status when no update rated it
    (a rating given without a date), else what the first rated update says it replaced.
    None when an earlier update keeps the history already, or there was no rating."""
    rated = [u for u in item.updates if u.status is not None]
    if any(u.date <= on for u in rated):
        return None  # an update rated it by then: the history has the rating before
    return rated[0].was if rated else item.status


def unset(due: str | None) -> bool:
    """True for no due, or one still to be set (``TBC``, as ``hcplan rollover`` writes)."""
    return due is None or " ".join(due.split()).casefold() in ("tbc", "to be confirmed")


#: The keys an action's status is written before, when it has none yet.
_AFTER_STATUS = ("conditions", "rescheduled", "notes", "updates")
#: The keys an objective's status, and its updates, are written before, when it has none yet
#: (as docs/format.md writes an objective: what describes it, its rating, updates, actions).
_OBJECTIVE_AFTER: tuple[tuple[str, ...], tuple[str, ...]] = (("notes", "updates", "actions"), ("actions",))


def _written(entry: dict[str, Any]) -> dict[str, object]:
    """An entry as the editor writes it: its date as a date, the rest as is."""
    return {k: date.fromisoformat(v) if k == "date" else v for k, v in entry.items()}


def _at(data: Any, where: tuple[str | int, ...]) -> Any:
    for step in where:
        data = data[step]
    return data


def prove(
    source: Source, text: str, expected: Any, today: date, *, edit: Edit | None = None, plan: Plan | None = None
) -> Loaded:
    """Read ``text`` back: it must hold ``expected`` and check without errors. Returns
    the new plan as read and checked (only for errors).

    It is read as hcplan reads a file, from the bytes that would be written,
    with the same limits (size, encoding), so a dry run refuses what the
    write would. Given the ``edit`` that made ``text``, only the items it
    changed are read again when that can be shown to read the same
    (:mod:`hcplan.files.parts`); else the whole text is. Given also the
    ``plan`` the old text was, only those items are validated again
    (:func:`hcplan.checking.validation.validate_items`); the new plan is then
    checked whole.
    """
    from hcplan.files.store import read_back

    new = encode(source, text)
    validated = None
    try:
        items = _read_by_parts(new, source.path, edit) if edit is not None else None
        data = replaced(edit.data, items) if edit is not None and items is not None else None
        if data is None or data != expected:
            new_source, data, _ = read_back(new, source.path)
        else:
            new_source = source._replace(text=text)
            if plan is not None and items is not None:
                validated = _validate_by_parts(plan, items, data)
    except ReadError as exc:  # too big for a plan, or (a bug in the editor) not YAML
        raise UpdateError(
            "hcplan would refuse to read the plan with this change; nothing was written", problems=exc.problems
        ) from None
    if data != expected:
        if _ends_in_a_block_scalar(source):
            # Text after it would give it the line break the file's end leaves it without.
            raise UpdateError(
                f"{source.path} ends inside a block of text (| or >) without a line break, so writing "
                "after it would change that text: add a line break at the end of the file, then run again; "
                "nothing was written"
            )
        raise UpdateError(  # pragma: no cover - a bug in the editor if it happens
            "the change would not read back exactly as asked; nothing was written"
        )
    # Positions only if there are errors to place: a plan that proves sound is read once.
    loaded = load_data(data, new_source, today=today, errors_only=True, validated=validated)
    errors = loaded.problems
    if errors:
        raise InvalidChange("the change would make the plan invalid; nothing was written", errors, text)
    return loaded


def _ends_in_a_block_scalar(source: Source) -> bool:
    """Whether ``source``'s text ends, with no line break, in a block scalar (``|`` or ``>``)."""
    if source.text.endswith(("\n", "\r")):
        return False
    try:
        _, locations = parse(source, locate=True)
    except ReadError:
        return False
    assert locations is not None
    end = len(source.text.rstrip(" \t"))
    return any(
        node.kind == "scalar" and node.style in ("|", ">") and node.end >= end for node in locations.values.values()
    )


def _read_by_parts(new: bytes, path: str, edit: Edit) -> dict[DocPath, Any] | None:
    """The items ``edit`` changed, read from the bytes ``new`` by themselves, by path;
    None when they cannot be read so. The bytes pass the reader's limits (size,
    encoding) first.

    Raises:
        ReadError: hcplan would refuse to read these bytes.
    """
    from hcplan.files.store import read_back, vouch

    text = decode(new, path).text
    items = read_items(edit, text)
    if items is not None:
        if _proof_check() and read_back(new, path)[1] != replaced(edit.data, items):
            raise AssertionError(f"{path}: the edit read by parts is not what the whole text reads as")
        vouch(new)
    return items


def _validate_by_parts(plan: Plan, items: dict[DocPath, Any], data: Any) -> Plan | None:
    """The new plan, validated by the ``items`` changed in ``plan``; None when it cannot be."""
    from hcplan.checking.validation import validate, validate_items

    validated = validate_items(plan, items)
    if validated is not None and _proof_check() and validate(data)[0] != validated:
        raise AssertionError("the plan validated by parts is not what validating the whole makes")
    return validated


def _proof_check() -> bool:
    """Whether every proof by parts is to be checked against the whole (the test suite's
    ``HCPLAN_PROOF_CHECK=1``)."""
    import os

    return bool(os.environ.get("HCPLAN_PROOF_CHECK"))


class InvalidChange(UpdateError):
    """The change would make the plan invalid; ``text`` is the plan as it would be, which
    the problems' lines are in (a file no one has seen)."""

    def __init__(self, message: str, problems: list[Any], text: str) -> None:
        super().__init__(message, problems=problems)
        self.text = text


#: The option of ``hcplan update`` that gave each key it writes, and the request's field that holds it.
OPTIONS = {
    "date": ("--date", "on"),
    "quarter": ("--date", "quarter"),
    "text": ("--note", "note"),
    "status": ("--status", "status"),
    "due": ("--due", "due"),
    "reason": ("--reason", "reason"),
}


def as_given(error: InvalidChange, request: UpdateRequest) -> UpdateError:
    """``error`` said of what was given on the command line (``--date: update dated 5 January
    2025 is before the plan could exist ...``), a usage error, when each of its problems is at
    a value an option gave; else ``error`` as it is."""
    given = {key: option for key, (option, name) in OPTIONS.items() if getattr(request, name) is not None}
    return as_options(error, given)


def as_options(error: InvalidChange, given: dict[str, str]) -> UpdateError:
    """``error`` said of the options that gave the values its problems are at (``given``: the
    option that gave each key, e.g. ``{"title": "--title"}``), a usage error; ``error`` as it
    is when a problem is at a value no option gave."""
    import re

    lines = error.text.splitlines()
    said = []
    for problem in error.problems:
        line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
        keys = re.findall(r"([A-Za-z_]+)\s*:", line[: max(problem.col - 1, 0)])
        option = given.get(keys[-1] if keys else "")
        if option is None:
            return error
        said.append(f"{option}: {problem.message}")
    return UpdateError("; ".join(dict.fromkeys(said)) + "; nothing was written", usage=True)


def encode(source: Source, text: str) -> bytes:
    """The bytes to write for ``text``, with the byte order mark it had."""
    return ("\ufeff" if source.bom else "").encode() + text.encode("utf-8")


def update_file(path: str, request: UpdateRequest, *, today: date, dry_run: bool = False) -> UpdateResult:
    """Make the update to the plan file at ``path``, under its lock.

    The write is :func:`hcplan.files.store.replace_plan`'s, with all it
    guarantees (and refuses).

    Raises:
        UpdateError: the update was refused; the file is unchanged.
        hcplan.files.store.StoreError: the file could not be locked or written; it is unchanged.
    """

    def make(source: Source) -> Changes:
        try:
            return plan_updates(open_source(source, today=today, cache=Cache.default()), [request], today=today)
        except InvalidChange as exc:
            raise as_given(exc, request) from None

    return change_file(path, make, dry_run=dry_run).results[0]


def change_file(path: str, make: Callable[[Source], Changes], *, dry_run: bool = False) -> Changes:
    """Change the plan file at ``path``: read it under its lock, ``make`` the
    changes, and write them in one atomic write (or, with ``dry_run``, only
    work them out).

    Raises:
        UpdateError: (from ``make``) the changes were refused; the file is unchanged.
        hcplan.files.store.StoreError: the file could not be locked or written; it is unchanged.
    """
    from hcplan.files.store import locked, replace_plan

    if dry_run:
        return make(read_source(path))
    with locked(path):
        raw, source = read_raw(path)
        changes = make(source)
        if changes.changed:
            new = encode(source, changes.after)
            replace_plan(path, new, expected_old=raw)
            if changes.proven is not None and changes.day is not None:
                try:
                    keep(new, changes.proven, changes.day, Cache.default())
                except Exception:  # noqa: BLE001 # pragma: no cover - the change is written; the cache can go without
                    pass
    return changes


def read_source(path: str) -> Source:
    """The plan file's text, or the UpdateError that says why it cannot be read."""
    return read_raw(path)[1]


def read_raw(path: str) -> tuple[bytes, Source]:
    """The plan file's bytes, and its text."""
    try:
        raw = read_bytes(path)
        return raw, decode(raw, path)
    except ReadError as exc:
        raise UpdateError(f"cannot read {path}", problems=exc.problems) from None
