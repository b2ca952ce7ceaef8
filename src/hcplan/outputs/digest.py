"""Each lead's digest before a meeting: an email with their list and their returns workbook.

For every lead, one standard email message (an .eml file): to the lead's
contact when the plan gives an ``email:``, with a plain text part and an HTML
part saying what is overdue, what falls due next and what needs an update,
and the lead's returns workbook (:mod:`hcplan.outputs.workbook`) attached.
In a plan that rates its objectives, the objectives of the lead's actions
come too: in the workbook, and under "Needs an update" when one has had no
update for a quarter (as a continuous action).
Messages are built with the standard library's :mod:`email` package; HTML is
rendered by Jinja with escaping on, so plan text is always text.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING

from hcplan.format.dates import long_date
from hcplan.outputs.words import rating_words
from hcplan.views.returns import Line

if TYPE_CHECKING:
    from hcplan.format.model import Plan

#: The media type of an .xlsx workbook.
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass(frozen=True, slots=True)
class Digest:
    """One lead's digest: the message, and what it says."""

    lead: str
    contact: str | None
    email: str | None
    name: str  # the file name's stem, e.g. safer-anytown
    actions: int
    late: list[Line]
    due_soon: list[Line]
    needs_update: list[Line]
    message: EmailMessage
    workbook: bytes
    #: The plan's last day, when it had ended by the digest's day: what is late was not done by its end.
    ended: date | None = None

    @property
    def recipient(self) -> str | None:
        """``Jane Smith <jane@police.example>``, or None without an email address."""
        return str(self.message["To"]) if self.message["To"] else None

    def counts(self) -> str:
        """``2 overdue, 1 due soon, 3 need an update``; of a plan that has ended,
        ``2 not done by the end of the plan``."""
        if self.ended is not None:
            return f"{len(self.late)} not done by the end of the plan"
        needs = len(self.needs_update)
        return f"{len(self.late)} overdue, {len(self.due_soon)} due soon, {needs} need{'s' * (needs == 1)} an update"


def slug(name: str) -> str:
    """A file name for a lead: ``Safer Anytown`` -> ``safer-anytown``, ``Café Nour`` ->
    ``cafe-nour``; letters of every alphabet are kept (``Σύλλογος`` -> ``συλλογος``),
    accents dropped, anything else (slashes, dots, controls) made a hyphen."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    made = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", bare).lower()).strip("-")[:60].strip("-") or "lead"
    # Names Windows keeps for devices, whatever follows the dot (con.eml is no file there).
    return f"{made}-lead" if re.fullmatch(r"con|prn|aux|nul|com\d|lpt\d", made) else made


def digests(
    path: str,
    plan: Plan,
    leads: Sequence[str],
    *,
    as_of: date,
    today: date,
    within_days: int = 30,
    sender: str | None = None,
    return_by: date | None = None,
    return_to: str | None = None,
    now: datetime | None = None,
) -> list[Digest]:
    """The digest of each of ``leads`` (canonical names) of the plan at ``path``."""
    from hcplan.outputs.workbook import returns_file
    from hcplan.views.listing import Filters
    from hcplan.views.returns import sorted_late

    entries = {lead.name: lead for lead in plan.leads}
    names: set[str] = set()
    found = []
    for lead in leads:
        name = base = slug(lead)
        n = 2
        while name in names:  # two leads of one name as a file's (Safer Anytown, Safer-Anytown)
            name, n = f"{base}-{n}", n + 1
        names.add(name)
        filters = Filters(leads=(lead,))
        workbook, rows = returns_file(
            path,
            plan,
            "xlsx",
            as_of=as_of,
            filters=filters,
            lead=lead,
            return_by=return_by,
            return_to=return_to or sender,
        )
        actions = [r for r in rows if r.kind == "action"]
        entry = entries.get(lead)
        late = sorted_late(actions)
        soon = sorted(
            (r for r in actions if r.days_to_go is not None and r.days_to_go <= within_days),
            key=lambda r: r.days_to_go or 0,
        )
        stale = [r for r in rows if r.needs_update]
        content = _Content(
            plan,
            lead,
            entry.contact if entry else None,
            rows,
            late,
            soon,
            stale,
            as_of,
            within_days,
            f"{name}.xlsx",
            return_by,
            return_to or sender,
        )
        message = _message(
            content, entry.email if entry else None, sender, workbook, now or datetime.now().astimezone()
        )
        found.append(
            Digest(
                lead,
                content.contact,
                entry.email if entry else None,
                name,
                len(actions),
                late,
                soon,
                stale,
                message,
                workbook,
                content.ended,
            )
        )
    return found


def possessive(name: str) -> str:
    """``Police's``; ``Safeguarding Adults'`` (a plural's, not ``Adults's``)."""
    return f"{name}'" if name.endswith("s") and not name.endswith("ss") else f"{name}'s"


@dataclass(frozen=True, slots=True)
class _Content:
    plan: Plan
    lead: str
    contact: str | None
    rows: list[Line]
    late: list[Line]
    due_soon: list[Line]
    needs_update: list[Line]
    as_of: date
    within_days: int
    attachment: str
    return_by: date | None
    return_to: str | None

    @property
    def ended(self) -> date | None:
        """The plan's last day, when it had ended by the digest's day (as its rows say)."""
        return next((line.plan_ended for line in self.rows), None)

    @property
    def subject(self) -> str:
        return f"{self.plan.title}: {possessive(self.lead)} actions and returns, {long_date(self.as_of)}"

    @property
    def opening(self) -> str:
        """What the message is: the lead's list, as of when; of an ended plan, what it left undone."""
        count = len(self.rows) - len(self.objectives)
        text = f"This is {possessive(self.lead)} list from the {self.plan.title}, as of {long_date(self.as_of)}: {count} action{'s' * (count != 1)}"
        if self.objectives:
            n = len(self.objectives)
            text += f", and the objective{'s' * (n != 1)} {'they belong' if count != 1 else 'it belongs'} to, which the plan rates"
        text += "."
        if self.ended is not None:
            late = len(self.late)
            text += (
                f" The plan ended on {long_date(self.ended)}: {late} action{'s were' if late != 1 else ' was'}"
                " not done by its end."
            )
        return text

    @property
    def objectives(self) -> list[Line]:
        """The rated objectives of the lead's actions (a plan that rates its objectives)."""
        return [line for line in self.rows if line.kind == "objective"]

    @property
    def sections(self) -> list[tuple[str, str, list[Line]]]:
        if self.ended is not None:
            return [
                ("Not done by the end of the plan", "Everything was done by the end of the plan.", self.late),
            ]
        return [
            ("Overdue", "Nothing is overdue.", self.late),
            (f"Due in the next {self.within_days} days", "Nothing falls due in that time.", self.due_soon),
            ("Needs an update", self.up_to_date, self.needs_update),
        ]

    @property
    def up_to_date(self) -> str:
        """What an empty "Needs an update" section means, from the same facts as the listings:
        a continuous action (or one past its start) needs an update when it has had none in its
        cadence; a recurring one is due at each occurrence, and late (overdue) when one passes."""
        watched = [line for line in self.rows if line.update_every and not line.done]
        recurring = [line for line in self.rows if line.recurs and not line.done]
        objectives = " Each objective has had an update in the last quarter, or is done." if self.objectives else ""
        if watched:
            every = sorted({str(line.update_every) for line in watched})
            text = "Every continuous action has had an update " + (
                f"in its cadence ({every[0]})." if len(every) == 1 else "in its own cadence."
            )
        else:
            text = "None of these actions is continuous, so none needs an update on a cadence."
        if recurring:
            ids = ", ".join(f"{line.id} ({line.recurs})" for line in recurring)
            text += (
                f" Recurring actions ({ids}) are due at each occurrence instead: one that passes without an "
                "update is listed as overdue."
            )
        return text + objectives

    @property
    def ask(self) -> str:
        to = f" to {self.return_to}" if self.return_to else ""
        by = f" by {long_date(self.return_by)}" if self.return_by else " before the meeting"
        return (
            f"Please fill in the attached workbook ({self.attachment}): for each action "
            f"{'or objective ' if self.objectives else ''}with something new, "
            f"a New rating if it has changed, an Update in a sentence or two, and the Update date. "
            f"Then send it back{to}{by}."
        )


def facts(line: Line) -> str:
    """Due, lateness, rating and last update, in a sentence."""
    from hcplan.format.due_meaning import due_for_people

    if line.kind == "objective":  # no due time: its rating, and its last update
        last = "no update yet"
        if line.last_update:
            last = f"last update: {long_date(line.last_update)}"
        return f"Objective; rating: {rating_words(line.rating, line.rag)}; {last}."
    due = line.due[0].lower() + line.due[1:] if line.due.startswith("By ") else line.due
    parts = [f"Due {due_for_people(due, line.due_meaning)}"]
    if line.plan_ended is not None:
        pass  # the plan has ended: its section says "not done by the end of the plan"
    elif line.overdue and line.days_late:
        parts.append(f"{line.days_late:,} day{'s' * (line.days_late != 1)} late")
    elif line.days_to_go is not None:
        left = line.days_to_go
        parts.append(f"{left:,} day{'s' * (left != 1)} left")
    parts.append(f"rating: {rating_words(line.rating, line.rag)}")
    parts.append(f"last update: {long_date(line.last_update)}" if line.last_update else "no update yet")
    return "; ".join(parts) + "."


def _text(content: _Content) -> str:
    wrap = textwrap.TextWrapper(width=72)
    bullet = textwrap.TextWrapper(width=72, initial_indent="- ", subsequent_indent="  ")
    inner = textwrap.TextWrapper(width=72, initial_indent="  ", subsequent_indent="  ")
    out = [f"Dear {content.contact or content.lead},", ""]
    out += wrap.wrap(content.opening)
    for title, empty, lines in content.sections:
        out += ["", f"{title} ({len(lines)})" if lines else title, ""]
        if not lines:
            out += wrap.wrap(empty)
        for line in lines:
            out += bullet.wrap(f"{line.cell_id} {line.text}")
            out += inner.wrap(facts(line))
    out += [""] + wrap.wrap(content.ask)
    out += ["", content.plan.group or content.plan.organisation, ""]
    return "\n".join(out)


_HTML = """\
<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{{ c.subject }}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 15px; line-height: 1.4; color: #1a1a1a; max-width: 46em">
<p>Dear {{ c.contact or c.lead }},</p>
<p>{{ c.opening }}</p>
{% for title, empty, lines in c.sections %}
<h2 style="font-size: 17px; margin: 1.2em 0 0.4em">{{ title }}{% if lines %} ({{ lines | length }}){% endif %}</h2>
{% if lines %}
<table style="border-collapse: collapse; width: 100%">
<thead><tr>
<th scope="col" style="text-align: left; border-bottom: 2px solid #555; padding: 4px">ID</th>
<th scope="col" style="text-align: left; border-bottom: 2px solid #555; padding: 4px">Action</th>
<th scope="col" style="text-align: left; border-bottom: 2px solid #555; padding: 4px">Due, rating and last update</th>
</tr></thead>
<tbody>
{% for line in lines %}
<tr>
<td style="vertical-align: top; border-bottom: 1px solid #ccc; padding: 4px">{{ line.cell_id }}</td>
<td style="vertical-align: top; border-bottom: 1px solid #ccc; padding: 4px">{{ line.text }}</td>
<td style="vertical-align: top; border-bottom: 1px solid #ccc; padding: 4px">{{ facts(line) }}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p>{{ empty }}</p>
{% endif %}
{% endfor %}
<p>{{ c.ask }}</p>
<p>{{ c.plan.group or c.plan.organisation }}</p>
</body>
</html>
"""


def _html(content: _Content) -> str:
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["long_date"] = long_date
    return env.from_string(_HTML).render(c=content, facts=facts)


def _message(content: _Content, email: str | None, sender: str | None, workbook: bytes, now: datetime) -> EmailMessage:
    from email.headerregistry import Address
    from email.utils import format_datetime, make_msgid

    message = EmailMessage()
    message["Subject"] = content.subject
    if sender:
        message["From"] = sender
    if email:
        user, domain = email.rsplit("@", 1)
        try:  # a domain in another alphabet goes as the DNS has it (xn--...)
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            pass
        message["To"] = Address(display_name=content.contact or content.lead, username=user, domain=domain)
    message["Date"] = format_datetime(now)
    domain = sender.rsplit("@", 1)[-1].strip("> ") if sender and "@" in sender else "hcplan.invalid"
    message["Message-ID"] = make_msgid("hcplan", domain=domain)
    message.set_content(_text(content))
    message.add_alternative(_html(content), subtype="html")
    message.add_attachment(workbook, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=content.attachment)
    return message


def eml(message: EmailMessage) -> bytes:
    """The message as an .eml file: RFC 5322, with CRLF line ends. An address with letters
    beyond ASCII before its @ is written as it is, in UTF-8 (RFC 6532): encoded as a
    header's text is, it would be no address at all."""
    from email import policy

    international = any(not address.username.isascii() for address in getattr(message["To"], "addresses", ()))
    return message.as_bytes(policy=policy.SMTPUTF8 if international else policy.SMTP)
