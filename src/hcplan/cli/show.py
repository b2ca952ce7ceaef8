"""``hcplan show``: one action, whole, for people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcplan.outputs import tables
from hcplan.format.dates import long_date

if TYPE_CHECKING:
    from hcplan.views.query import Row


def _due(row: Row) -> str:
    due = row.due
    if due is None:
        return f"{row.due_text} (hcplan cannot read it)" if row.due_text else ""
    written = row.due_text or due.read or "none given: the plan period"
    text = f"{written} ({due.describe()})"
    if due.remark:
        text += f" [not read: {due.remark}]"
    if row.done:
        pass
    elif row.plan.ended_by(row.as_of):
        text += f", not done by the end of the plan ({long_date(row.plan.period.end)})"
    elif row.overdue:
        missed = due.missed_words(row.as_of, row.update_dates)
        text += f", {missed}" if missed else f", {row.days_late:,} days overdue"
    elif row.needs_update:
        text += ", needs an update"
    return text


def print_action(row: Row) -> None:
    """Print the action of ``row`` with its whole history."""
    from rich.table import Table
    from rich.text import Text

    out = tables.console()
    action, objective, theme = row.ref.action, row.ref.objective, row.ref.theme
    tables.emit(out, Text(f"{action.id}  {action.text}", style="bold"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row("Plan", f"{row.plan.title} ({row.path})")
    facts.add_row("Theme", f"{theme.number}" + (f" {theme.name}" if theme.name else ""))
    facts.add_row("Objective", f"{objective.id} {objective.text}")
    facts.add_row("Lead", ", ".join(action.leads) or "—")
    if action.partners:
        facts.add_row("Partners", ", ".join(action.partners))
    facts.add_row("Due", _due(row))
    rating = Text(row.status or "—", style=tables.RAG_STYLE.get(row.rating.rag if row.rating else "", ""))
    if row.rating is not None:
        rating.append(f" ({row.rating.rag})")
    if row.status_since:
        rating.append(f" since {long_date(row.status_since)}")
    facts.add_row("Rating", rating)
    for label, texts in (("Outcome", action.outcome), ("Measure", action.measure)):
        for text in texts:
            facts.add_row(label, text)
    if action.funding:
        facts.add_row("Funding", action.funding)
    for text in objective.measure:
        facts.add_row("Objective's measure", text)
    for condition in action.conditions:
        facts.add_row("Condition", condition)
    for change in row.rescheduled:
        when = f"{long_date(change.date)}: " if change.date else ""
        facts.add_row("Rescheduled", when + change.describe(row.due_text))
    if action.from_ is not None:
        facts.add_row("Carried over", f"from action {action.from_.action}" + (f" of {action.from_.plan}" if action.from_.plan else ""))
    for words in action.progress:
        facts.add_row("Progress", f"{words} (undated)")
    for note in action.notes:
        facts.add_row("Note", note)
    tables.emit(out, facts)
    if action.updates:
        history = Table(title="History", title_justify="left", box=None, padding=(0, 1), pad_edge=False)
        history.add_column("Date", no_wrap=True)
        history.add_column("Rating", overflow="fold")
        history.add_column("Update", overflow="fold", ratio=1)
        for update in action.updates:
            later = " (after the as-of day)" if update.date > row.as_of else ""
            text = (update.text or "") + (" [private]" if update.private else "") + later
            history.add_row(update.when, update.status or "", text)
        tables.emit(out, history)
    else:
        tables.emit(out, Text("No updates yet.", style="dim"))
