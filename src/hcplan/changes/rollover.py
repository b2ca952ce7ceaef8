"""Start next year's plan from this year's: ``hcplan rollover OLD NEW``.

The new plan is the old one's text with what does not carry over cut out and
the few keys that change spliced in (see :mod:`hcplan.files.edit`), never a
YAML dump: the organisation, group, scale, leads, quarters, notes, themes and
objectives stay as written, with their comments. Each action not done is
carried over with what describes it (:data:`CARRIED`: its ID, text, leads,
partners, outcome, measure, funding and conditions), its due reset (``TBC``,
to be set, unless one due is given for all), and a ``from`` naming the plan
and action it came from; its rating, history and notes (:data:`LEFT_BEHIND`)
stay behind in the old plan. An objective keeps what describes it too, and
leaves its own rating, updates and notes behind; a theme carries over whole.
Done actions are left behind, and objectives and themes left with nothing
are dropped.

Like an update, the result is proven before anything is written: read back,
it must be exactly the data intended, and check without errors. The new file
is created, never written over anything; the old plan is changed only to say
what follows it, when asked, under its lock and atomically.
"""

from __future__ import annotations

import copy
import itertools
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from hcplan.changes.update import UpdateError, encode, prove, read_raw, read_source
from hcplan.checking.loader import load_data
from hcplan.files.edit import EditError, TextEditor
from hcplan.files.reader import PLAN_SUFFIXES, ReadError, Source, parse
from hcplan.files.yaml_out import WIDTH
from hcplan.format.dates import YEARS, in_range, long_date, months_back
from hcplan.format.model import Objective, Plan

if TYPE_CHECKING:
    from hcplan.format.due_meaning import Due

#: What describes an action, and goes with it into the new plan.
CARRIED = ("id", "text", "leads", "partners", "outcome", "measure", "funding", "conditions")

#: What a carried-over action leaves behind in the old plan: its due (unless it
#: names no time of the old plan), its rating and its history. With
#: :data:`CARRIED`, every key an action may have (a test holds them to the format).
LEFT_BEHIND = ("due", "due_means", "status", "rescheduled", "from", "notes", "progress", "updates")

#: What an objective leaves behind: its own rating and history (its other keys carry over).
OBJECTIVE_LEFT_BEHIND = ("status", "notes", "updates")

#: The plan keys ``follows`` and ``followed_by`` are written before, when new.
_AFTER_LINKS = ("quarters", "scale", "leads", "notes", "themes")

#: The due a carried-over action gets unless one is given: to be set.
TO_BE_SET = "TBC"

_MODELINE = re.compile(r"(# yaml-language-server: \$schema=)(\S+)")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?:(\s*[-/–—]\s*|\s+to\s+)(\d{4}|\d{2})(?!\d))?")
#: A financial year written short: "FY24/25", "24/25" ("FY 2024/25" is :data:`_YEAR`'s); not
#: part of a day (31/03/25).
_SHORT_FY = re.compile(r"(?<![\d/.])\b(FY\s?)?(\d{2})([-/–])(\d{2})(?![\d/.])", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: A day's or a month's words just before a year: "14 March ", "Thursday 13 March ", "14/03/".
_DAY_BEFORE = re.compile(
    r"(?:\b\d{1,2}(?:st|nd|rd|th)?\s+)?\b"
    + _MONTH
    + r",?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?$|\b\d{1,2}[/.]\d{1,2}[/.]$",
    re.IGNORECASE,
)
#: What makes a date part of the period a title names: "from April 2024", "April 2024 onwards",
#: "1 April 2024 to 31 March 2025" (either end of a range).
_FROM = re.compile(r"\b(?:from|starting|beginning|commencing)\s+(?:the\s+)?$", re.IGNORECASE)
_ONWARDS = re.compile(r"\s*(?:onwards|on)\b", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"\s*(?:to|until|till|through|-|–|—|/)\s*(?:\d|" + _MONTH + ")", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"(?:\d{4}|" + _MONTH + r")\s*(?:to|until|till|through|-|–|—|/)\s*$", re.IGNORECASE)


def _a_days_year(match: re.Match[str]) -> bool:
    """Whether the year ``match`` found is a day's (or a month's) that is no part of the
    period: "(updated March 2025)", "(v2, 14/03/2025)" say when the title was written, and
    stay; "1 April 2024 to 31 March 2025", "from April 2024", "April 2024 onwards" are the
    period, and move on."""
    text = match.string
    day = _DAY_BEFORE.search(text, 0, match.start())
    if day is None:
        return False  # a year alone, or a range of years: the period's
    before, after = text[: day.start()], text[match.end() :]
    if _FROM.search(before) or _ONWARDS.match(after) or _RANGE_AFTER.match(after):
        return False
    return not _RANGE_BEFORE.search(before)


#: A year of a strategy a plan's title names: "Year 2".
_STRATEGY_YEAR = re.compile(r"\b(Year\s+)(\d{1,2})\b(?!\s*(?:[-–/]|to\b|of\b|and\b)\s*\d)", re.IGNORECASE)


class RolloverError(UpdateError):
    """The new plan cannot be made; nothing was written."""


@dataclass(frozen=True, slots=True)
class RolloverRequest:
    """What was asked for: from which plan, into which new file, and how."""

    old: str
    new: str
    start: date | None = None
    due: str | None = None
    title: str | None = None
    link: bool = False


@dataclass(slots=True)
class RolloverResult:
    """The new plan's text, and what went into it."""

    old: str
    new: str
    text: str
    title: str
    title_changed: bool
    start: date
    end: date
    due: str
    due_given: bool = False
    carried: list[str] = field(default_factory=list)
    kept_due: list[str] = field(default_factory=list)  # carried with their own due
    #: carried with a due still ahead, said again for the new plan: (action, new due, old due)
    moved_due: list[tuple[str, str, str]] = field(default_factory=list)
    comments: int = 0  # comments that quoted the old title, now the new one
    draft_notes: int = 0  # CHECK comments of hcplan new's draft, left behind
    left_behind: list[str] = field(default_factory=list)
    objective_history: list[str] = field(default_factory=list)  # objectives whose rating or history stayed behind
    dropped: list[str] = field(default_factory=list)
    notes: int = 0
    meetings: bool = False  # the old plan's meetings, left behind
    publication: bool = False  # the old plan's publication (its annual review's day and foreword), left behind
    #: timescales whose meaning names a year of the old period, moved on: (term, new, old)
    timescales: list[tuple[str, str, str]] = field(default_factory=list)
    linked: str | None = None  # the old plan's new followed_by (written, or in a dry run to be)

    def summary(self, written: bool) -> list[str]:
        """What was done, a sentence a line."""
        lines = [
            f"{'Wrote' if written else 'Would write'} {self.new}: {self.title}, "
            f"{long_date(self.start)} to {long_date(self.end)}."
        ]
        if not self.title_changed:
            lines.append("The title is as it was (it names no year of the old period): change it, or use --title.")
        carried, kept = len(self.carried), len(self.kept_due) + len(self.moved_due)
        reset = carried - kept
        moved = [f"{action} {new} (was {old})" for action, new, old in self.moved_due]
        if moved:
            lines.append(
                f"Kept {_count(len(moved), 'due')} still ahead at the end of the old plan, written for the new "
                f"one: {', '.join(moved)}."
            )
        kept = len(self.kept_due)
        if not kept:
            lines.append(
                f"Carried over {_count(carried, 'action')} not done" + (f", each due {self.due}." if carried else ".")
            )
        else:
            lines.append(
                f"Carried over {_count(carried, 'action')} not done: {reset} due {self.due}, and {kept} "
                f"with a due that names no time of the old plan, kept as written ({', '.join(self.kept_due)})."
            )
        if self.comments:
            lines.append(
                f"Updated {_count(self.comments, 'comment')} that quoted the old title to the new one: "
                "read them for the new year."
            )
        if self.draft_notes:
            lines.append(
                f"Left behind {_count(self.draft_notes, 'CHECK comment')} of hcplan new's draft of the old plan "
                "(about the file it was drafted from)."
            )
        if self.left_behind:
            lines.append(f"Left behind {len(self.left_behind)} done: {', '.join(self.left_behind)}.")
        if self.objective_history:
            ids = ", ".join(self.objective_history)
            lines.append(
                f"Left behind the rating, updates and notes of objective{'s' * (len(self.objective_history) != 1)} {ids}."
            )
        lines += [f"Dropped {what}." for what in self.dropped]
        if self.notes:
            them = "them" if self.notes > 1 else "it"
            lines.append(f"Kept the plan's {_count(self.notes, 'note')} as written: read {them} for the new year.")
        if self.meetings:
            lines.append("Left the old plan's meetings behind: write the new year's days under meetings:.")
        if self.publication:
            lines.append(
                "Left the old plan's publication: behind (its review's day and foreword): write the new year's when it is published."
            )
        if self.timescales:
            terms = ", ".join(f"{term}: {new} (was {old})" for term, new, old in self.timescales)
            lines.append(f"Moved on the years the plan's timescales name: {terms}.")
        if self.linked:
            lines.append(f"{'Linked' if written else 'Would link'} {self.old}: followed_by: {self.linked}")
        if self.due == TO_BE_SET and reset:
            moved_ids = {action for action, _, _ in self.moved_due}
            first = next(i for i in self.carried if i not in self.kept_due and i not in moved_ids)
            from shlex import quote

            lines.append(f"Next: set each due, e.g. hcplan update {quote(self.new)} {quote(first)} --due 'Q2 Year 1'")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "title": self.title,
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "due": self.due,
            "carried": self.carried,
            "kept_due": self.kept_due,
            "moved_due": [{"action": a, "due": new, "was": old} for a, new, old in self.moved_due],
            "left_behind": self.left_behind,
            "objective_history_left_behind": self.objective_history,
            "dropped": self.dropped,
            "meetings_left_behind": self.meetings,
            "publication_left_behind": self.publication,
            "timescales_moved": [{"term": t, "means": new, "was": old} for t, new, old in self.timescales],
            "linked": self.linked,
        }


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def next_period(start: date, end: date, new_start: date | None = None) -> tuple[date, date]:
    """The period after ``start``-``end``, as long: from the day after it, or ``new_start``.

    A period of whole months stays whole months (April to March, again), and one of whole
    years from another day whole years (6 April to 5 April).
    """
    first = new_start or end + timedelta(days=1)
    after = end + timedelta(days=1)
    if start.day == 1 and after.day == 1:
        months = (after.year - start.year) * 12 + after.month - start.month
        return first, months_back(first, -months) - timedelta(days=1)
    # A period of whole years from another day (6 April to 5 April, the UK's tax year) stays
    # so: counted in days it would grow by one over a 29 February, and start a day later.
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day == start.day and months % 12 == 0 and months:
        return first, months_back(first, -months) - timedelta(days=1)
    return first, first + (end - start)


def shifted_title(title: str, start: date, end: date, new_start: date, *, strategy: bool = True) -> str:
    """``title`` with each year of the old period moved on: 2024-25 -> 2025-26, 2017 -> 2021;
    and, with ``strategy``, a year of a strategy it names with them ("Delivery Plan Year 2
    (2025/26)": Year 3). A due's "Year 1" is the plan's own: ``strategy=False`` keeps it, and
    moves the year of a month too ("by March 2025"): in a title that is a day something
    happened ("updated March 2025"), which stays."""
    years = new_start.year - start.year
    covered = range(start.year, end.year + 1)

    def shift(match: re.Match[str]) -> str:
        first = int(match.group(1))
        if first not in covered:
            return match.group(0)
        if strategy and not match.group(3) and _a_days_year(match):
            return match.group(0)
        written = str(first + years)
        if match.group(3):
            second = match.group(3)
            # "2024-25": 1; "2024-27" or "2023-2026", a plan of three years: 3
            span = (int(second) - first) % (100 if len(second) == 2 else 10_000)
            if 1 <= span <= end.year - start.year + 1:
                second = str(first + years + span) if len(second) == 4 else f"{(first + years + span) % 100:02d}"
            written += match.group(2) + second
        return written

    def shift_short(match: re.Match[str]) -> str:
        first = 2000 + int(match.group(2))
        if first not in covered or (int(match.group(4)) - first) % 100 != 1:
            return match.group(0)
        return f"{match.group(1) or ''}{(first + years) % 100:02d}{match.group(3)}{(first + years + 1) % 100:02d}"

    if not years:
        return title
    moved = _SHORT_FY.sub(shift_short, _YEAR.sub(shift, title))
    if moved == title or not strategy:
        return moved  # no year of the period in it: nor is a "Year 2" of it
    return _STRATEGY_YEAR.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + years}", moved)


def relative(target: str, from_file: str) -> str:
    """The path of ``target`` as a link written in ``from_file``: relative to its folder, with /.

    Between the files themselves, their links followed: a plan reached through a link
    to a folder ("current" -> 2024-25), or a link to the file, is linked where it is,
    and the link still holds when that link is moved on to the next year."""
    link = os.path.relpath(os.path.realpath(target), os.path.dirname(os.path.realpath(from_file)))
    return link.replace(os.sep, "/")


def plan_rollover(source: Source, request: RolloverRequest, *, today: date) -> RolloverResult:
    """Work out the new plan from the old one in ``source`` (nothing is written).

    Raises:
        RolloverError: the old plan has errors, what was asked is wrong, or
            the new plan could not be proven to be what was meant.
    """
    try:
        data, locations = parse(source, locate=True)
        assert locations is not None
    except ReadError as exc:
        raise RolloverError(f"{source.path} is not valid YAML; fix it first", problems=exc.problems) from None
    loaded = load_data(data, source, today=today, locations=locations)
    if _followed_by(source, request.new, data):
        # followed_by names the plan this run makes (a run before made it, and it was
        # taken away to be made again): that it is missing is no error of the old plan.
        loaded.problems = [
            p for p in loaded.problems if not (p.rule == "plan-link" and p.message.startswith("followed_by "))
        ]
    if loaded.plan is None or loaded.has_errors:
        raise RolloverError(
            f"{source.path} has errors; fix them first (hcplan check {source.path})", problems=loaded.problems
        )
    plan = loaded.plan
    if request.start is not None and request.start <= plan.period.start:
        raise RolloverError(
            f"--start {request.start} is not after the old plan's start ({long_date(plan.period.start)})", usage=True
        )
    start, end = next_period(plan.period.start, plan.period.end, request.start)
    if not (in_range(start.year) and in_range(end.year)):
        raise RolloverError(
            f"the next plan would run {long_date(start)} to {long_date(end)}, outside {YEARS}", usage=True
        )
    due = request.due or TO_BE_SET
    _check_due(due, plan, start, end)
    if plan.followed_by:
        from hcplan.checking.links import resolve

        if resolve(plan.followed_by, source.path) != os.path.realpath(request.new):
            raise RolloverError(
                f"{source.path} says it is followed by {plan.followed_by} already; roll that plan over, "
                "or take out its followed_by first",
                usage=True,
            )
    title = request.title or shifted_title(plan.title, plan.period.start, plan.period.end, start)
    result = RolloverResult(
        source.path,
        request.new,
        "",
        title,
        title != plan.title,
        start,
        end,
        due,
        request.due is not None,
        notes=len(plan.notes),
    )
    editor = TextEditor(source, locations)
    expected = copy.deepcopy(data)
    try:
        _plan_keys(editor, expected, data, result, relative(source.path, request.new))
        _timescales(editor, expected, plan, result)
        _themes(editor, expected, data, plan, result, {"plan": relative(source.path, request.new)})
        _leads_left(editor, expected, plan, result)
        _modeline(editor, source.text, source.path, request.new)
        result.draft_notes = _draft_notes(editor, source.text)
        if result.title_changed:
            result.comments = _retitle_comments(editor, source.text, plan.title, title)
        result.text = editor.result()
    except EditError as exc:
        raise RolloverError(f"cannot edit {source.path} into a new plan: {exc}") from None
    prove(Source(request.new, result.text, source.bom, source.newline), result.text, expected, today)
    return result


def _timescales(editor: TextEditor, expected: dict[str, Any], plan: Plan, result: RolloverResult) -> None:
    """Each timescale whose meaning names a year of the old period ("Medium term: Q4
    2025/26"), with its years moved on as the title's are: else every action due Medium
    term would be due, and late, in the old plan's year."""
    for term, meaning in plan.timescales.items():
        moved = shifted_title(meaning, plan.period.start, plan.period.end, result.start, strategy=False)
        if moved != meaning:
            editor.set_scalar(("timescales",), term, moved)
            expected["timescales"][term] = moved
            result.timescales.append((term, moved, meaning))


def _check_due(due: str, plan: Plan, start: date, end: date) -> None:
    from hcplan.format.due import DueError, parse_due

    try:
        meant = parse_due(due, start, end, plan.quarters)
    except DueError as exc:
        raise RolloverError(f"--due: {exc}", usage=True) from None
    if meant.end is not None and meant.start is not None and (meant.end < start or meant.start > end):
        raise RolloverError(
            f"--due {due} ({meant.describe()}) is outside the new plan ({long_date(start)} to {long_date(end)}): "
            "a due for it, such as 'Q2 Year 1'",
            usage=True,
        )


def _plan_keys(
    editor: TextEditor, expected: dict[str, Any], data: dict[str, Any], result: RolloverResult, follows: str
) -> None:
    """The title, the period, and the link to the old plan."""
    if result.title_changed:
        editor.set_scalar((), "title", result.title)
        expected["title"] = result.title
    editor.set_scalar(("period",), "start", result.start)
    editor.set_scalar(("period",), "end", result.end)
    expected["period"] = {"start": result.start.isoformat(), "end": result.end.isoformat()}
    if "follows" not in data and "followed_by" in data:
        # The old plan's "followed_by:" line becomes the new plan's "follows:".
        key = editor.locs.keys[("followed_by",)]
        editor.replace(key.start, key.end, "follows")
        editor.set_scalar((), "followed_by", follows)
    else:
        editor.set_scalar((), "follows", follows, before=_AFTER_LINKS)
        editor.remove_entry((), "followed_by")
    expected.pop("followed_by", None)
    expected["follows"] = follows
    if "meetings" in data:  # the old year's days
        editor.remove_entry((), "meetings")
        expected.pop("meetings")
        result.meetings = True
    if "publication" in data:  # the old year's review: its day of publication, its foreword
        editor.remove_entry((), "publication")
        expected.pop("publication")
        result.publication = True


def _themes(
    editor: TextEditor,
    expected: dict[str, Any],
    data: dict[str, Any],
    plan: Plan,
    result: RolloverResult,
    origin: dict[str, str],
) -> None:
    """Cut what is done or left with nothing; carry the rest."""
    kept_themes = []
    for t, theme in enumerate(plan.themes):
        raw_theme = data["themes"][t]
        said = len(result.dropped)
        kept_objectives = []
        cuts: list[tuple[tuple[str | int, ...], int]] = []
        for o, objective in enumerate(theme.objectives):
            raw_objective = raw_theme["objectives"][o]
            where = ("themes", t, "objectives", o)
            carried = []
            for a, action in enumerate(objective.actions):
                rating = plan.rating(action.status)
                if rating is not None and rating.done:
                    result.left_behind.append(action.id)
                    cuts.append((where + ("actions",), a))
                else:
                    meant = action.due_means or action.due  # what the due means, in words hcplan reads
                    lasting = _any_year(meant, plan, result.start, result.end)
                    due = result.due if result.due_given or not lasting else action.due
                    ahead = None if result.due_given else _still_ahead(meant, plan, result.start, result.end)
                    if ahead is not None and action.due is not None:
                        if ahead == meant:  # its words mean the same in the new plan: kept as written
                            due = action.due
                            result.kept_due.append(action.id)
                        else:
                            due = ahead
                            result.moved_due.append((action.id, ahead, action.due))
                    elif due != result.due:
                        result.kept_due.append(action.id)
                    keep_means = _means_ahead(plan, action, result.start)
                    carried.append(
                        _carry(
                            editor,
                            where + ("actions", a),
                            raw_objective["actions"][a],
                            action.id,
                            due,
                            origin,
                            keep_means,
                        )
                    )
                    result.carried.append(action.id)
            if carried or _open_without_actions(plan, objective):
                history = [name for name in OBJECTIVE_LEFT_BEHIND if name in raw_objective]
                for name in history:
                    editor.remove_entry(where, name)
                if history:
                    result.objective_history.append(objective.id)
                kept = {k: v for k, v in raw_objective.items() if k not in history}
                kept_objectives.append({**kept, "actions": carried} if carried or "actions" in kept else kept)
            else:
                cuts = [cut for cut in cuts if cut[0][:4] != where]
                cuts.append((("themes", t, "objectives"), o))
                result.dropped.append(
                    f"objective {objective.id} ({objective.text}): "
                    + ("all its actions are done" if objective.actions else "it has no actions")
                )
        if kept_objectives:
            for seq_path, index in cuts:
                editor.remove_item(seq_path, index)
            kept_themes.append({**raw_theme, "objectives": kept_objectives})
        else:
            # The theme goes whole, and says so once for its objectives.
            editor.remove_item(("themes",), t)
            name = f"theme {theme.number}" + (f" ({theme.name})" if theme.name else "")
            ids = ", ".join(o.id for o in theme.objectives)
            its = f" and its objective{'s' * (len(theme.objectives) != 1)} {ids}" if ids else ""
            result.dropped[said:] = [f"{name}{its}: nothing in it is left to do"]
    if plan.themes and kept_themes:
        expected["themes"] = kept_themes
    elif plan.themes:
        # "themes: []": nothing is left to do, and the plan says so (a bare
        # "themes:" at the end of a file is what a plan cut short looks like).
        key = editor.locs.keys[("themes",)]
        colon = editor.text.index(":", key.end)
        editor.replace(colon + 1, colon + 1, " []")
        expected["themes"] = []


def _leads_left(editor: TextEditor, expected: dict[str, Any], plan: Plan, result: RolloverResult) -> None:
    """Cut each listed lead that no carried action is led by (or has as a partner): all its
    actions were done, and the new plan's check would warn of it (``lead-unused``). A list
    written in brackets on several lines (it may hold comments) is left as it is."""
    from hcplan.format.leads import LeadIndex

    if not plan.leads or not result.carried:
        return
    index = LeadIndex(plan.leads)
    carried = set(result.carried)
    used = {
        index.canonical(name)
        for ref in plan.actions()
        if ref.action.id in carried
        for name in (*ref.action.leads, *ref.action.partners)
    }
    unused = [i for i, lead in enumerate(plan.leads) if index.canonical(lead.name) not in used]
    if not unused:
        return
    listed = editor.locs.values.get(("leads",))
    if listed is None:  # pragma: no cover - a plan with leads lists them
        return
    if listed.flow:
        inner = editor.text[listed.start : listed.end]
        if "\n" in inner or "\r" in inner:
            return
        kept = [editor.locs.values[("leads", i)] for i in range(len(plan.leads)) if i not in unused]
        editor.replace(listed.start, listed.end, "[" + ", ".join(editor.text[n.start : n.end] for n in kept) + "]")
    else:
        for i in reversed(unused):
            editor.remove_item(("leads",), i)
    expected["leads"] = [item for i, item in enumerate(expected["leads"]) if i not in unused]
    result.dropped += [f"lead {plan.leads[i].name}: no action carried over is led by it" for i in unused]


def _open_without_actions(plan: Plan, objective: Objective) -> bool:
    """True for an objective with no actions that its own ratings say is not done: in a plan
    that rates its objectives, it is work still open, and goes on to the next plan."""
    if objective.actions or (objective.status is None and not objective.updates):
        return False
    rating = plan.rating(objective.status)
    return rating is None or not rating.done


def _meaning(due: str | None, plan: Plan) -> Due | None:
    """What ``due`` means in the old plan; None when there is none or it cannot be read."""
    from hcplan.format.due import DueError, parse_due

    if due is None:
        return None
    try:
        return parse_due(due, plan.period.start, plan.period.end, plan.quarters)
    except DueError:
        return None


def _any_year(due: str | None, plan: Plan, start: date, end: date) -> bool:
    """True when ``due`` means the same in any plan: it names no time of this one, and
    read in the new plan (``start`` to ``end``) it spans that plan as it spanned this.

    "Continuous", "Annually", "As and when ..." carry over as written; a due
    with an end ("Q2 Year 1", "by October 2024", "Ongoing until March 2025")
    or a start of its own ("Q2 Year 1 (continuous)"), or one that names a year
    of the old plan ("Ongoing (2024-25)"), was a decision for the old year, and
    is reset.
    """
    from hcplan.format.due import DueError, parse_due

    meaning = _meaning(due, plan)
    if due is None or meaning is None:
        return False
    if meaning.kind in ("window", "deadline", "start"):
        return False
    # A recurrence with no span of its own spans the plan period.
    if not (meaning.start in (None, plan.period.start) and meaning.end in (None, plan.period.end)):
        return False
    if any(plan.period.start.year <= int(found[1]) <= plan.period.end.year for found in _YEAR.finditer(due)):
        return False  # words the reader passes over ("(until March 2025)") name the old year
    try:
        again = parse_due(due, start, end, plan.quarters)
    except DueError:
        return False
    return again.start in (None, start) and again.end in (None, end)


def _still_ahead(due: str | None, plan: Plan, start: date, end: date) -> str | None:
    """``due`` said for the new plan (``start`` to ``end``) when what it means ends, or
    starts, after the old plan ends; None for any other due.

    As written when its words name the same time in the new plan ("October 2025
    (Hate Crime Awareness Week)", "April 2025 onwards", "Ongoing until March
    2026"); else, for a window or a deadline that ends within the new plan (an
    action moved on to "Q1 Year 2" of a one-year plan), as its last day, because
    the old plan's words ("Year 2", "Q1") would mean another time in the new one.
    """
    from hcplan.format.due import DueError, parse_due

    meaning = _meaning(due, plan)
    if due is None or meaning is None:
        return None
    after = plan.period.end
    if not ((meaning.end is not None and meaning.end > after) or (meaning.start is not None and meaning.start > after)):
        return None
    try:
        again = parse_due(due, start, end, plan.quarters)
    except DueError:
        again = None
    if (
        again is not None
        and (again.kind, again.end) == (meaning.kind, meaning.end)
        and (again.start == meaning.start or (meaning.start == plan.period.start and again.start == start))
    ):
        return due
    if meaning.kind in ("window", "deadline") and meaning.end is not None and start <= meaning.end <= end:
        return f"by {long_date(meaning.end)}"
    return None


def _means_ahead(plan: Plan, action: Any, new_start: date) -> bool:
    """Whether what ``action``'s due means (``due_means``) is a day of the new plan or later:
    one of the old year's would date it there still (a calendar's event, six months before)."""
    if action.due_means is None:
        return True
    from hcplan.format.due import DueError, read_due
    from hcplan.format.due_meaning import DATED

    try:
        meant = read_due(plan, action.due, action.due_means)
    except DueError:
        return False
    # One that names no day ("Quarterly", "Ongoing") is for any year.
    return meant is None or meant.kind not in DATED or meant.end is None or meant.end >= new_start


def _carry(
    editor: TextEditor,
    where: tuple[str | int, ...],
    raw: dict[str, Any],
    action_id: str,
    due: str | None,
    origin: dict[str, str],
    keep_means: bool = True,
) -> dict[str, Any]:
    """Edit one carried-over action in place; the data it should read back as. ``keep_means``:
    its ``due_means`` still means a day of the new plan, kept with a due kept as written."""
    node = editor.locs.values[where]
    came_from = {**origin, "action": action_id}
    new: dict[str, object]
    if due == raw.get("due"):  # a due for any year stays where it is written, with what it means (if still ahead)
        kept = ("due", "due_means") if keep_means else ("due",)
        left, after, new = [k for k in LEFT_BEHIND if k not in kept], "due", {"from": came_from}
    else:
        left, after, new = list(LEFT_BEHIND), "leads" if "leads" in raw else "text", {"due": due, "from": came_from}
    if node.flow:
        _carry_flow(editor, where, raw, action_id, left, after, new)
    else:
        for key in left:
            if key in raw:
                editor.remove_entry(where, key)
        editor.insert_after_entry(where, after, new)
    return {**{k: v for k, v in raw.items() if k not in left}, **new}


def _carry_flow(
    editor: TextEditor,
    where: tuple[str | int, ...],
    raw: dict[str, Any],
    action_id: str,
    left: list[str],
    after: str,
    new: dict[str, object],
) -> None:
    """:func:`_carry` for an action written on one line (``{id: "1.1", text: ...}``): the
    line written again with the entries it keeps, each as written, and the new ones."""
    from hcplan.files.edit import flow_entry

    node = editor.locs.values[where]
    written = editor.text[node.start : node.end]
    if "\n" in written or "\r" in written:
        raise EditError(f"action {action_id} is written in braces over several lines; write it as a block first")
    parts = []
    for key in raw:
        if key in left:
            continue
        entry = editor.locs.keys[where + (key,)]
        parts.append(editor.text[entry.start : editor.locs.values[where + (key,)].end])
        if key == after:
            parts += [flow_entry(name, item) for name, item in new.items()]
    editor.replace(node.start, node.end, "{" + ", ".join(parts) + "}")


def _draft_notes(editor: TextEditor, text: str) -> int:
    """Take out what ``hcplan new --from`` wrote for the first reading of its draft: its
    header ("A draft plan made by hcplan new from ...") and every CHECK comment (each
    with the lines it was wrapped onto), which are about the file it was drafted from,
    not the new year. How many CHECK comments."""
    lines = list(re.finditer(r"([ \t]*)#[ \t]?([^\r\n]*)(?:\r\n|\r|\n|$)|[^\r\n]*(?:\r\n|\r|\n|$)", text))
    on_top = itertools.takewhile(lambda line: line[1] is not None, lines)  # the comments above the plan
    drafted = next((n for n, line in enumerate(on_top) if line[2].startswith("A draft plan made by hcplan new")), None)
    if drafted is None:
        return 0  # not hcplan new's draft (or its note was taken out): its CHECK comments are its own
    found = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        said = line[2] if line[1] is not None else None
        header = i == drafted
        if said is None or not (header or said.startswith("CHECK: ")):
            i += 1
            continue
        start, end = line.start(), line.end()
        j = i + 1
        if header:  # to its last line, "... Then run hcplan check on it."
            while j < len(lines) and lines[j][1] is not None and not said.rstrip().endswith("check on it."):
                said, end, j = lines[j][2], lines[j].end(), j + 1
            if not said.rstrip().endswith("check on it."):
                i = j
                continue
        else:  # the lines its words were wrapped onto: each would not fit on the line before
            width = max(40, WIDTH - len(line[1]) - 2)
            while j < len(lines) and lines[j][1] == line[1] and lines[j][2] and not lines[j][2].startswith("CHECK: "):
                if len(said.rstrip()) + 1 + len(lines[j][2].split()[0]) <= width:
                    break
                said, end, j = lines[j][2], lines[j].end(), j + 1
            found += 1
        if _untouched(editor, start, end):
            editor.replace(start, end, "")
        elif not header:
            found -= 1
        i = j
    return found


def _untouched(editor: TextEditor, start: int, end: int) -> bool:
    """Whether no change made so far touches the text from ``start`` to ``end``."""
    return all(splice.end <= start or splice.start >= end for splice in editor.splices)


def _retitle_comments(editor: TextEditor, text: str, old: str, new: str) -> int:
    """Put the new title in place of the old in every whole-line comment that
    quotes it (``# Anytown ... Plan 2026-27`` above ``title:``); how many."""
    changed = 0
    for line in re.finditer(r"(?:^|(?<=[\r\n]))[ \t]*#[^\r\n]*", text):  # a file's lines may end in CR alone
        found = line[0].find(old)
        if found >= 0 and _untouched(editor, line.start() + found, line.start() + found + len(old)):
            editor.replace(line.start() + found, line.start() + found + len(old), new)
            changed += 1
    return changed


def _modeline(editor: TextEditor, text: str, old: str, new: str) -> None:
    """Keep the editor's schema modeline pointing at the same schema file from the new place."""
    first = text.split("\n", 1)[0]
    match = _MODELINE.match(first)
    if match is None or "://" in match.group(2) or os.path.isabs(match.group(2)):
        return
    schema = os.path.join(os.path.dirname(os.path.abspath(old)), match.group(2))
    moved = relative(schema, new)
    if moved != match.group(2):
        editor.replace(match.start(2), match.end(2), moved)


def link_old(source: Source, new: str, *, today: date) -> str:
    """The old plan's text with ``followed_by: NEW`` (proven; nothing is written)."""
    data, locations = parse(source, locate=True)
    assert locations is not None
    link = relative(new, source.path)
    editor = TextEditor(source, locations)
    try:
        editor.set_scalar((), "followed_by", link, before=_AFTER_LINKS)
        text = editor.result()
    except EditError as exc:
        raise RolloverError(f"cannot edit {source.path} in place: {exc}") from None
    prove(source, text, {**data, "followed_by": link}, today)
    return text


def check_paths(request: RolloverRequest) -> None:
    """Refuse a NEW that is there already, is the old plan, or is not a YAML file.

    Raises:
        RolloverError: (a usage error) saying which.
    """
    old, new = request.old, request.new
    if os.path.splitext(new)[1].lower() not in PLAN_SUFFIXES:
        raise RolloverError(f"{new}: a plan file's name ends .yaml", usage=True)
    if os.path.lexists(new):
        same = os.path.exists(new) and os.path.exists(old) and os.path.samefile(new, old)
        what = "is the old plan" if same else "exists already"
        raise RolloverError(f"{new} {what}; rollover writes a new file and never over one", usage=True)


def rollover_file(request: RolloverRequest, *, today: date, dry_run: bool = False) -> RolloverResult:
    """Write the new plan, and (with ``link``) say in the old one what follows it.

    Raises:
        RolloverError: nothing was written (or, if linking the old plan failed,
            the new plan was taken away again).
        hcplan.files.store.StoreError: a file could not be locked or written.
    """
    from hcplan.files.store import create_new, locked, make_folders, remove_folders, replace_plan

    check_paths(request)
    if dry_run:
        source = read_source(request.old)
        result = plan_rollover(source, request, today=today)
        if request.link and not _followed_by(source, request.new):
            result.linked = relative(request.new, request.old)  # what the run would write in the old plan
        return result
    with locked(request.old):
        raw, source = read_raw(request.old)
        result = plan_rollover(source, request, today=today)
        made = make_folders(request.new)
        written = encode(source, result.text)
        try:
            create_new(request.new, written)
        except BaseException:
            remove_folders(made)
            raise
        if request.link and not _followed_by(source, request.new):
            try:
                text = link_old(source, request.new, today=today)
                # Only over what was read: an editor's save meanwhile (it takes no lock) is refused, not lost.
                replace_plan(request.old, encode(source, text), expected_old=raw)
            except BaseException:
                _take_back(request.new, written)
                remove_folders(made)
                raise
            result.linked = relative(request.new, request.old)
    return result


def _followed_by(source: Source, new: str, data: Any = None) -> bool:
    """True when the old plan says already that ``new`` follows it (``data``: the plan as
    read from ``source`` already, when it has been)."""
    from hcplan.checking.links import resolve

    if data is None:
        data, _ = parse(source)
    followed = data.get("followed_by") if isinstance(data, dict) else None
    return isinstance(followed, str) and resolve(followed, source.path) == os.path.realpath(new)


def _take_back(path: str, written: bytes) -> None:
    """Remove the new plan made by this run, if it is still exactly what was written."""
    try:
        with open(path, "rb") as handle:
            if handle.read() == written:
                os.unlink(path)
    except OSError:
        pass
