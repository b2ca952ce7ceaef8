"""One action, whole, for people: what ``hcplan show`` prints."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from hcplan.format.dates import long_date
from hcplan.outputs.terminal import visible

if TYPE_CHECKING:
    from hcplan.views.rows import Row


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
    from rich.table import Table
    from rich.text import Text

    from hcplan.outputs.tables import RAG_STYLE, console, emit

    screen = console(out)
    emit(screen, Text(visible(f"{row.id}  {row.text}"), style="bold"), out)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")

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
    rating = Text(visible(row.status or "—"), style=RAG_STYLE.get(row.rag or "", ""))
    if row.rag is not None:
        rating.append(f" ({row.rag})")
    if row.status_since:
        rating.append(f" since {long_date(row.status_since)}")
    fact("Rating", rating)
    for label, texts in (("Outcome", action.outcome), ("Measure", action.measure)):
        for text in texts:
            fact(label, text)
    if action.funding:
        fact("Funding", action.funding)
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
    if not row.history:
        emit(screen, Text("No updates yet.", style="dim"), out)
        return
    history = Table(title="History", title_justify="left", box=None, padding=(0, 1), pad_edge=False)
    history.add_column("Date", no_wrap=True)
    history.add_column("Rating", overflow="fold")
    history.add_column("Update", overflow="fold", ratio=1)
    for update in row.history:
        later = " (after the as-of day)" if update.date > row.as_of else ""
        text = (update.text or "") + (" [private]" if update.private else "") + later
        rated = f"{update.was} -> {update.status}" if update.was and update.status else update.status or ""
        history.add_row(update.when, visible(rated), visible(text))
    emit(screen, history, out)
