"""Render reports from Jinja templates: the plan, the quarterly review, the annual review.

Templates live in the top-level ``templates/`` folder and ship inside the
package. A template is chosen by name (``plan``, ``review``, ``annual``) and
format (``md``, ``html``), or given as a path to a copy someone has changed.

Plan text is data, never template source. In HTML everything a template
prints is escaped (autoescape is on for the whole HTML environment, whatever
the template's file name); in Markdown it is escaped for Markdown, so an
action's text cannot add a table column, a heading or a link. A template that
means to print markup marks it safe itself.
"""

from __future__ import annotations

import os
import re
import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from hcplan import __version__
from hcplan.format.dates import long_date, short_date, window_text
from hcplan.format.model import Objective, Plan
from hcplan.views.query import Row
from hcplan.views.review import Count, ThemeSummary

NAMES = ("plan", "review", "annual")
FORMATS = ("md", "html")


class ReportError(Exception):
    """A report could not be made; the message says where (template file and line).

    ``usage`` is True when what was asked for is wrong (no such template),
    rather than the template.
    """

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def template_dir() -> Path:
    """The templates that ship with hcplan.

    Inside an installed package they sit in ``hcplan/templates``; in a source
    checkout (an editable install) they are the repository's ``templates/``.
    """
    packaged = Path(__file__).parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


@dataclass(frozen=True, slots=True)
class Choice:
    """Which template file renders, and in which format."""

    name: str
    fmt: str
    folder: Path | None  # a user's folder searched before the shipped one


def choose(template: str, fmt: str | None) -> Choice:
    """Resolve ``--template NAME|PATH`` and ``--format``.

    Raises:
        ReportError: no such template, or the format cannot be told.
    """
    if template in NAMES:
        return Choice(f"{template}.{fmt or 'md'}.j2", fmt or "md", None)
    path = Path(template)
    if not path.is_file():
        from hcplan.suggest import did_you_mean

        hint = did_you_mean(template, NAMES, quoted=False)
        raise ReportError(
            f"no template '{template}': name one of {', '.join(NAMES)}, or the path of a template file{hint}",
            usage=True,
        )
    written = next((s.lstrip(".") for s in reversed(path.suffixes) if s.lstrip(".") in FORMATS), None)
    if fmt is None and written is None:
        raise ReportError(f"cannot tell the format of {template}: add --format md or --format html", usage=True)
    if fmt is not None and written is not None and fmt != written:
        raise ReportError(f"{template} is a {written} template, not {fmt}", usage=True)
    return Choice(path.name, fmt or written, path.resolve().parent)  # type: ignore[arg-type]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_BULLET = re.compile(r"^([#+\-])(?=\s|$)")
_MD_NUMBERED = re.compile(r"^(\d+)\.(?=\s)")


def markdown_escape(text: str) -> str:
    """Plain text that Markdown shows as written: no emphasis, links, HTML or columns."""
    text = re.sub(r"\s+", " ", text)  # a line break inside a cell would end the table row
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_BULLET.sub(r"\\\1", text)
    return _MD_NUMBERED.sub(r"\1\\.", text)


_CLOSED = re.compile(r"[.!?…][\"'”’)]*$")


def ending(text: str, mark: str = ".") -> str:
    """``text`` followed by ``mark``, never doubling punctuation the text already has.

    ``ending("Partnership.")`` is ``Partnership.``; ``ending("Trained staff.", ":")``
    is ``Trained staff:``; with ``""``, a full stop is taken off where the
    sentence goes on (``Anytown Partnership. agreed`` would be wrong). Templates
    use it wherever they put punctuation, or more words, after plan text.
    """
    text = text.rstrip()
    if not text:
        return text
    if mark == ".":
        return text if _CLOSED.search(text) else text + mark
    if text.endswith("...") or text.endswith("…") or text[-1:] in "?!":
        return text + mark
    return text.rstrip(".,;:") + mark


def _same_body(a: str, b: str) -> bool:
    def bare(name: str) -> str:
        words = name.casefold().replace("&", "and").split()
        return " ".join(words[1:] if words[:1] == ["the"] else words).strip(" .")

    return bare(a) == bare(b)


def other_group(plan: Plan) -> str | None:
    """The plan's group, unless it is the organisation itself (then reports name it once)."""
    if plan.group is None or _same_body(plan.group, plan.organisation):
        return None
    return plan.group


def the(name: str) -> str:
    """``the Hate Crime Strategy Group``, but never ``the The ...``."""
    return name if name.casefold().startswith("the ") else f"the {name}"


def _environment(choice: Choice, *, strict: bool = False) -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    folders = [str(choice.folder)] if choice.folder else []
    folders.append(str(template_dir()))
    html = choice.fmt == "html"

    def finalize(value: Any) -> Any:
        # A test renders every template with strict=True, to find any that
        # prints a value that is not set (which would show as "None").
        if value is None and strict:
            raise ValueError("the template printed a value that is not set (None)")
        # Markdown: every printed string is escaped unless a template marked it safe.
        if not html and isinstance(value, str) and not isinstance(value, Markup):
            return Markup(markdown_escape(value))
        return value

    env = Environment(
        loader=FileSystemLoader(folders),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.globals.update(rating_bars=rating_bars, theme_bars=theme_bars, shared_conditions=shared_conditions)
    env.filters.update(
        long_date=long_date,
        short_date=short_date,
        window=lambda start, end: window_text(start, end),
        plural=lambda n, word, many=None: f"{n} {word if n == 1 else (many or word + 's')}",
        percent=lambda part, whole: round(100 * part / whole) if whole else 0,
        rating=rating_words,
        due=due_words,
        leads=lambda row: ", ".join(row.action.leads) or "—",
        ending=ending,
        other_group=other_group,
        the=the,
    )
    return env


def rating_words(row: Row) -> str:
    """A rating in words, never by colour alone: ``Behind (red)``, ``Not rated``."""
    if row.status is None:
        return "Not rated"
    return f"{row.status} ({row.rating.rag})" if row.rating else row.status


def due_words(row: Row) -> str:
    """The due as written, with what it means: ``Q1 Year 1 (January–March 2017)``,
    ``July 2017 launch (starts July 2017)``; and a missed occurrence of a
    recurring one: ``meet quarterly (Q3 2024-25 meeting: no update recorded)``."""
    written, due = row.due_text, row.due
    if written is None:
        return due.read if due is not None and due.read else "By the end of the plan"
    if due is None:
        return written
    notes = []
    if due.kind in ("window", "deadline", "start") or due.read is not None:
        meaning = due.describe()
        if meaning.casefold() != written.casefold():
            notes.append(meaning)
    if row.overdue and (missed := due.missed_words(row.as_of, row.update_dates)):
        notes.append(missed)
    return f"{written} ({'; '.join(notes)})" if notes else written


def shared_conditions(objective: Objective) -> list[str]:
    """The conditions every action of ``objective`` carries, when it has more than one:
    shown once on the objective rather than on each action."""
    actions = objective.actions
    if len(actions) < 2:
        return []
    return [c for c in actions[0].conditions if all(c in a.conditions for a in actions[1:])]


def rating_bars(counts: list[Count], total: int) -> list[dict[str, Any]]:
    """Bars for a chart of actions by rating: one per rating, then the unrated."""
    return [
        {
            "label": c.name,
            "value": c.count,
            "total": total,
            "colour": c.rag or "none",
            "words": f"{c.count} of {total}",
            "text": f"{c.name}, {c.count}",
        }
        for c in counts
    ]


def theme_bars(themes: list[ThemeSummary]) -> list[dict[str, Any]]:
    """Bars for a chart of completion by theme."""
    return [
        {
            "label": t.title,
            "value": t.done,
            "total": t.total,
            "colour": "green",
            "words": f"{t.done} of {t.total} ({t.percent_done}%)",
            "text": f"{t.title}, {t.done} of {t.total} completed",
        }
        for t in themes
    ]


def render(
    path: str,
    plan: Plan,
    choice: Choice,
    *,
    as_of: date,
    since: date | None = None,
    public: bool = False,
    strict: bool = False,
) -> str:
    """The report of ``plan`` (read from ``path``) rendered with ``choice``.

    ``public`` leaves out notes and private updates; otherwise they are shown
    marked as internal. ``strict`` refuses to print a value that is not set
    (for tests: no report may say "None" for an empty field).

    Raises:
        ReportError: the template is missing, broken, or fails while
            rendering; the message names its file and line.
    """
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    from hcplan.views.review import review

    env = _environment(choice, strict=strict)
    facts = review(path, plan, as_of, since, public_only=public)
    context = {
        "plan": facts.plan,
        "public": public,
        "path": path,
        "as_of": as_of,
        "since": since,
        "review": facts,
        "version": __version__,
        "format": choice.fmt,
    }
    try:
        template = env.get_template(choice.name)
        return template.render(context)
    except TemplateSyntaxError as exc:
        where = exc.filename or exc.name or choice.name
        raise ReportError(f"{where}:{exc.lineno}: {exc.message}") from None
    except TemplateNotFound as exc:
        raise ReportError(f"no template {exc.name} (looked in {', '.join(env.loader.searchpath)})", usage=True) from None
    except (TemplateError, ArithmeticError, AttributeError, KeyError, LookupError, TypeError, ValueError) as exc:
        raise ReportError(f"{_template_line(exc, env)}: {type(exc).__name__}: {exc}") from None


def _template_line(exc: BaseException, env: Any) -> str:
    """``file:line`` of the innermost template frame of ``exc``'s traceback."""
    folders = [os.path.realpath(f) for f in env.loader.searchpath]
    found = "template"
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = os.path.realpath(frame.f_code.co_filename)
        if any(name.startswith(folder + os.sep) for folder in folders):
            found = f"{frame.f_code.co_filename}:{line}"
    return found
