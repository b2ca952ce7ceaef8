"""One action or objective, whole, for people: what ``hcplan show`` prints."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from hcplan.format.dates import long_date
from hcplan.outputs.terminal import visible

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import date

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from hcplan.views.objective import ObjectiveView
    from hcplan.views.rows import Entry, Row


def due_words(row: Row) -> str:
    """The due as written, what it means, and how it stands: ``Q1 Year 1 (January–March 2017), 92 days overdue``."""
    from hcplan.format.due_meaning import british, due_for_people

    due = row.due
    if due is None:
        return f"{british(row.due_text)} (hcplan cannot read it)" if row.due_text else ""
    if row.due_text or due.read:
        text = due_for_people(row.due_text or due.read or "", due.describe())
    else:
        text = f"none given: the plan period ({due.describe()})"
    if due.remark:
        text += f" [not read: {due.remark}]"
    return text + (f", {row.standing}" if row.standing else "")


def print_action(row: Row, out: IO[str] | None = None) -> None:
    """Print the action of ``row`` with its whole history; every text made :func:`visible`.

    ``row`` has its plan (:attr:`Row.source <hcplan.views.rows.Row.source>`):
    every field the plan gives the action is shown.
    """
    from rich.text import Text

    from hcplan.outputs.tables import console, emit

    screen = console(out)
    emit(screen, Text(visible(f"{row.id}  {row.text}"), style="bold"), out)
    facts = _facts()

    def fact(name: str, text: str | Text) -> None:
        facts.add_row(name, visible(text) if isinstance(text, str) else text)

    action, objective = row.action, row.objective
    fact("Plan", f"{row.plan_title} ({row.path})")
    fact("Theme", f"{row.theme_number}" + (f" {row.theme_name}" if row.theme_name else ""))
    fact("Objective", f"{row.objective_id} {row.objective_text}")
    fact("Lead", ", ".join(row.leads) or "—")
    if action.partners:
        fact("Partners", ", ".join(action.partners))
    fact("Due", due_words(row))
    fact("Rating", _rating(row.status, row.rag, row.status_since))
    _aims(fact, action.outcome, action.measure, action.funding)
    for text in objective.measure:
        fact("Objective's measure", text)
    for condition in row.conditions:
        fact("Condition", condition)
    for move in row.rescheduled:
        fact("Rescheduled", (f"{long_date(move.date)}: " if move.date else "") + move.describe())
    if action.from_ is not None:
        fact(
            "Carried over",
            f"from action {action.from_.action}" + (f" of {action.from_.plan}" if action.from_.plan else ""),
        )
    for words in action.progress:
        fact("Progress", f"{words} (undated)")
    for note in row.notes:
        fact("Note", note)
    emit(screen, facts, out)
    _history(screen, row.history, row.as_of, out)


def print_objective(view: ObjectiveView, out: IO[str] | None = None) -> None:
    """Print the objective of ``view`` as :func:`print_action` prints an action: what the
    plan says of it, its rating and whole history, and its actions in short."""
    from rich.table import Table
    from rich.text import Text

    from hcplan.outputs.tables import console, emit

    screen = console(out)
    emit(screen, Text(visible(f"Objective {view.id}  {view.text}"), style="bold"), out)
    facts = _facts()

    def fact(name: str, text: str | Text) -> None:
        facts.add_row(name, visible(text) if isinstance(text, str) else text)

    fact("Plan", f"{view.plan_title} ({view.path})")
    fact("Theme", f"{view.theme_number}" + (f" {view.theme_name}" if view.theme_name else ""))
    if view.partners:
        fact("Partners", ", ".join(view.partners))
    fact("Rating", _rating(view.status, view.rag, view.status_since))
    _aims(fact, view.outcome, view.measure, view.funding)
    for note in view.notes:
        fact("Note", note)
    emit(screen, facts, out)
    _history(screen, view.history, view.as_of, out)
    if not view.actions:
        emit(screen, Text("No actions.", style="dim"), out)
        return
    actions = Table(title="Actions", title_justify="left", box=None, padding=(0, 1), pad_edge=False)
    actions.add_column("ID", no_wrap=True)
    actions.add_column("Rating", overflow="fold", max_width=20)
    actions.add_column("Due", overflow="fold", max_width=24)
    actions.add_column("Action", overflow="fold", ratio=1)
    for action in view.actions:
        actions.add_row(
            visible(action.id), visible(action.status or "—"), visible(action.due_text or "—"), visible(action.text)
        )
    emit(screen, actions, out)


def _aims(
    fact: Callable[[str, str], None], outcome: Iterable[str], measure: Iterable[str], funding: str | None
) -> None:
    """What an action or objective should achieve, how it is measured, and what pays for it."""
    for label, texts in (("Outcome", outcome), ("Measure", measure)):
        for text in texts:
            fact(label, text)
    if funding:
        fact("Funding", funding)


def _facts() -> Table:
    """The grid of what the plan says of an action or objective: a name, and its words."""
    from rich.table import Table

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    return facts


def _rating(status: str | None, rag: str | None, since: date | None) -> Text:
    """``Behind (red) since 1 July 2024``, in the rating's colour."""
    from rich.text import Text

    from hcplan.outputs.tables import RAG_STYLE

    rating = Text(visible(status or "—"), style=RAG_STYLE.get(rag or "", ""))
    if rag is not None:
        rating.append(f" ({rag})")
    if since:
        rating.append(f" since {long_date(since)}")
    return rating


def _history(screen: Console, updates: tuple[Entry, ...], as_of: date, out: IO[str] | None) -> None:
    """Every update, oldest first: its day, the rating it set, its words (private ones marked)."""
    from rich.table import Table
    from rich.text import Text

    from hcplan.outputs.tables import emit

    if not updates:
        emit(screen, Text("No updates yet.", style="dim"), out)
        return
    history = Table(title="History", title_justify="left", box=None, padding=(0, 1), pad_edge=False)
    history.add_column("Date", no_wrap=True)
    history.add_column("Rating", overflow="fold")
    history.add_column("Update", overflow="fold", ratio=1)
    for update in updates:
        later = " (after the as-of day)" if update.date > as_of else ""
        text = (update.text or "") + (" [private]" if update.private else "") + later
        rated = (
            f"{update.was} -> {update.status}"
            if update.was and update.status and update.was != update.status
            else update.status or ""
        )
        history.add_row(update.when, visible(rated), visible(text))
    emit(screen, history, out)


def objective_csv_line(section: str, item: ObjectiveView | Row) -> list[object]:
    """The cells (:data:`~hcplan.outputs.rows.CSV_FIELDS`) of an objective, or of one of its
    actions' rows: an objective's are those an objective has (its own ID as its objective)."""
    from hcplan.outputs.rows import CSV_FIELDS, csv_line, csv_text
    from hcplan.views.rows import Row

    if isinstance(item, Row):
        return csv_line(section, item)
    update = item.last_update
    cells: dict[str, object] = {
        "section": section,
        "plan": csv_text(item.path),
        "id": csv_text(item.id),
        "objective": csv_text(item.id),
        "theme": item.theme_number,
        "text": csv_text(item.text),
        "status": csv_text(item.status or ""),
        "rag": item.rag or "",
        "status_since": item.status_since or "",
        "last_update": update.date if update else "",
        "last_update_text": csv_text(update.text or "") if update else "",
        "plan_ended": item.plan_ended or "",
        "partners": csv_text("; ".join(item.partners)),
        "outcome": csv_text("\n".join(item.outcome)),
        "measure": csv_text("\n".join(item.measure)),
        "funding": csv_text(item.funding or ""),
        "last_update_private": ("true" if update.private else "false") if update else "",
    }
    return [cells.get(name, "") for name in CSV_FIELDS]
