"""Render reports from Jinja templates: the plan, the quarterly review, the annual review.

Templates live in the top-level ``templates/`` folder and ship inside the
package. A template is chosen by name (``plan``, ``review``, ``annual``) and
format (``md``, ``html``, ``docx``, ``pdf``), or given as a path to a copy
someone has changed. Word and PDF are made from the HTML template (see
:mod:`hcplan.outputs.docx` and :mod:`hcplan.outputs.pdf`), so a changed HTML
template changes them too.

With ``public=True`` reports are made from the plan without its private
updates and internal notes (:func:`hcplan.views.review.public`): no template,
shipped or a user's own, can print what it was never given.

Plan text is data, never template source. In HTML everything a template
prints is escaped (autoescape is on for the whole HTML environment, whatever
the template's file name); in Markdown it is escaped for Markdown, so an
action's text cannot add a table column, a heading or a link. A template that
means to print markup marks it safe itself.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from hcplan import __version__
from hcplan.errors import HcplanError
from hcplan.format.dates import long_date, short_date, window_text
from hcplan.format.model import Objective, Plan
from hcplan.outputs.words import rating_words
from hcplan.views.review import Count, ThemeSummary
from hcplan.views.rows import Row

NAMES = ("plan", "review", "annual")
#: What a template is written in (Word and PDF are made from the HTML).
FORMATS = ("md", "html")
#: A Word document beside a user's template whose styles the Word version takes.
REFERENCE_DOCX = "reference.docx"


class ReportError(HcplanError):
    """A report could not be made; the message says where (template file and line).

    ``usage`` is True when what was asked for is wrong (no such template),
    rather than the template: it exits as a usage error.
    """


def template_dir() -> Path:
    """The templates that ship with hcplan.

    Inside an installed package they sit in ``hcplan/templates``; in a source
    checkout (an editable install) they are the repository's ``templates/``.
    """
    packaged = Path(__file__).parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


class TemplateGroup(NamedTuple):
    """Shipped templates that are used one way: a title saying how, and their paths in :func:`template_dir`."""

    title: str
    files: list[str]


def shipped_templates() -> list[TemplateGroup]:
    """Every template hcplan ships, grouped as a user copies them: the reports,
    the pieces reports include, the site's pages and the pieces they include
    (each file once; any other file of the folder, last)."""
    folder = template_dir()
    found = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts
    )

    def site(name: str) -> bool:
        return name.startswith("site/")

    def piece(name: str) -> bool:
        return name.rsplit("/", 1)[-1].startswith("_")

    groups = [
        TemplateGroup(
            "Reports: hcplan report PLAN --template NAME (or the path of your copy)",
            [n for n in found if n.endswith(".j2") and not site(n) and not piece(n)],
        ),
        TemplateGroup(
            "Pieces the reports include (a copy may include them by name)",
            [n for n in found if n.endswith(".j2") and not site(n) and piece(n)],
        ),
        TemplateGroup(
            "Site pages: hcplan site --templates DIR uses your copies in DIR/site/",
            [n for n in found if n.endswith(".j2") and site(n) and not piece(n)],
        ),
        TemplateGroup(
            "Pieces the site pages include", [n for n in found if n.endswith(".j2") and site(n) and piece(n)]
        ),
    ]
    listed = {n for g in groups for n in g.files}
    groups.append(TemplateGroup("Other files", [n for n in found if n not in listed]))
    return [g for g in groups if g.files]


@dataclass(frozen=True, slots=True)
class Choice:
    """Which template file renders, in which format, and what is written."""

    name: str
    fmt: str  # the template's format: md or html
    folder: Path | None  # a user's folder searched before the shipped one
    output: str = ""  # md, html, docx or pdf; empty: as the template

    @property
    def target(self) -> str:
        return self.output or self.fmt

    @property
    def always_public(self) -> bool:
        """The annual review (shipped, or a folder's own ``annual``) is for the public whatever is asked."""
        return Path(self.name).name.split(".")[0] == "annual"


def choose(template: str, fmt: str | None) -> Choice:
    """Resolve ``--template NAME|PATH`` and ``--format``.

    Raises:
        ReportError: no such template, or the format cannot be told.
    """
    made_from_html = fmt in ("docx", "pdf")
    source_fmt = "html" if made_from_html else fmt
    if template in NAMES:
        return Choice(f"{template}.{source_fmt or 'md'}.j2", source_fmt or "md", None, fmt or "md")
    path = Path(template)
    if not path.is_file() and os.path.lexists(template):  # a folder, or a link that leads nowhere
        from hcplan.files.named import not_a_file

        wrong = not_a_file(template, "template file", f"plan.{source_fmt or 'md'}.j2")
        if wrong is not None:
            raise ReportError(wrong, usage=True)
    if not path.is_file():
        from hcplan.suggest import did_you_mean

        hint = did_you_mean(template, NAMES, quoted=False)
        raise ReportError(
            f"no template '{template}': name one of {', '.join(NAMES)}, or the path of a template file{hint}",
            usage=True,
        )
    if not path.name.endswith(".j2"):
        # Rendered as a template, any file is printed as it is: a plan's own text, private
        # updates and all, into a --public report.
        from hcplan.files.reader import PLAN_SUFFIXES

        what = "a plan file" if path.suffix.lower() in PLAN_SUFFIXES else "not a template"
        raise ReportError(
            f"{template} is {what}: a report is made from a template, {', '.join(NAMES)} or a file "
            f"whose name ends in .j2 (my-review.{source_fmt or 'md'}.j2)",
            usage=True,
        )
    written = next((s.lstrip(".") for s in reversed(path.suffixes) if s.lstrip(".") in FORMATS), None)
    if source_fmt is None and written is None:
        raise ReportError(f"cannot tell the format of {template}: add --format md or --format html", usage=True)
    if source_fmt is not None and written is not None and source_fmt != written:
        if made_from_html:
            raise ReportError(f"{template} is a {written} template; {fmt} is made from an HTML template", usage=True)
        raise ReportError(f"{template} is a {written} template, not {fmt}", usage=True)
    _utf8(path)
    made = source_fmt or written
    return Choice(path.name, made, path.resolve().parent, fmt or made)  # type: ignore[arg-type]


def _utf8(path: Path) -> None:
    """Refuse a template that is not UTF-8 text, at the line of its first odd byte (Jinja's
    own error names no file, and a line in Python's codecs)."""
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except OSError as exc:
        raise ReportError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ReportError(
            f"{path}:{line}: the template is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None


#: What Markdown (GitHub's, pandoc's) reads as markup anywhere: emphasis, strike-through (~~),
#: code, links, HTML, an entity (&lt;; a lone & is text), table columns.
_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|]|&(?=#?\w+;))")
#: ... at the start of a text: a heading, a bullet, a rule or a heading's underline (--- ===).
_MD_BULLET = re.compile(r"^([#+\-=])(?=[\s\-=]|$)")
#: ... and a numbered item, "2." or "2)".
_MD_NUMBERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def markdown_escape(text: str) -> str:
    """Plain text that Markdown shows as written: no emphasis, links, HTML or columns."""
    text = re.sub(r"\s+", " ", text)  # a line break inside a cell would end the table row
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_BULLET.sub(r"\\\1", text)
    return _MD_NUMBERED.sub(r"\1\\\2", text)


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


def templates_read(choice: Choice) -> list[Path]:
    """The template files ``choice``'s environment has read so far: the template and what
    it extends, includes and imports (after :func:`render`: everything the report read)."""
    env = _environment(choice)
    return [Path(template.filename) for template in env.cache.values() if template.filename]


def _environment(choice: Choice, *, strict: bool = False) -> Any:
    """The Jinja environment of ``choice``'s folders and format, made once per process.

    An environment keeps the templates it has compiled (and recompiles one
    whose file changed), so the site's hundred reports, or a report's three
    formats, compile each template once rather than every time.
    """
    return _make_environment(str(choice.folder) if choice.folder else None, choice.fmt == "html", strict)


@lru_cache(maxsize=16)
def _make_environment(folder: str | None, html: bool, strict: bool) -> Any:
    """The environment of hcplan's own templates, and of a ``folder`` of the user's searched
    before them. A folder's templates are sandboxed: a template is text in a pull request
    as a plan is, and may read what it is given but never reach Python's insides
    (``cycler.__init__.__globals__.os``) to run a command in CI or on a desk."""
    from jinja2 import Environment, FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    from hcplan.outputs.template_errors import strict_undefined

    folders = [folder] if folder else []
    folders.append(str(template_dir()))

    def finalize(value: Any) -> Any:
        # A test renders every template with strict=True, to find any that
        # prints a value that is not set (which would show as "None").
        if value is None and strict:
            raise ValueError("the template printed a value that is not set (None)")
        # Markdown: every printed string is escaped unless a template marked it safe.
        if not html and isinstance(value, str) and not isinstance(value, Markup):
            return Markup(markdown_escape(value))
        return value

    env = (_bounded(SandboxedEnvironment) if folder else Environment)(
        loader=_loader(FileSystemLoader, folders),
        autoescape=html,
        undefined=strict_undefined(),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.globals.update(
        rating_bars=rating_bars,
        theme_bars=theme_bars,
        shared_conditions=shared_conditions,
        objective_rows=objective_rows,
    )
    env.filters.update(
        css_string=css_string,
        nobreak=nobreak,
        paragraphs=paragraphs,
        long_date=long_date,
        short_date=short_date,
        window=lambda start, end: window_text(start, end),
        plural=lambda n, word, many=None: f"{n} {word if n == 1 else (many or word + 's')}",
        percent=lambda part, whole: round(100 * part / whole) if whole else 0,
        rating=lambda row: rating_words(row.status, row.rag),
        due=due_words,
        leads=lambda row: ", ".join(row.leads) or "—",
        ending=ending,
        other_group=other_group,
        the=the,
    )
    return env


def css_string(value: Any) -> Any:
    """``value`` as a quoted CSS string, safe inside a ``<style>`` element.

    Every character but letters, digits and spaces is written as a CSS
    escape, so plan text can neither end the string nor the style element.
    """
    from markupsafe import Markup

    text = value.unescape() if isinstance(value, Markup) else str(value)
    text = " ".join(text.split())
    escaped = "".join(c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):06x} " for c in text)
    return Markup(f'"{escaped}"')


def paragraphs(text: str | None) -> list[str]:
    """Text split into paragraphs at blank lines, each on one line."""
    if not text:
        return []
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def nobreak(value: Any) -> Any:
    """HTML of ``value`` whose hyphenated words (2024-2025) are never broken at the hyphen."""
    from markupsafe import Markup, escape

    text = value.unescape() if isinstance(value, Markup) else str(value)
    parts = re.split(r"(\S*\w-\w\S*)", text)
    return Markup("").join(
        Markup('<span class="nowrap">{}</span>').format(part) if i % 2 else escape(part) for i, part in enumerate(parts)
    )


def due_words(row: Row) -> str:
    """The due as written, with what it means: ``Q1 Year 1 (January–March 2017)``,
    ``July 2017 launch (starts July 2017)``; and a missed occurrence of a
    recurring one: ``meet quarterly (Q3 2024-25 meeting: no update recorded)``."""
    from hcplan.format.due_meaning import british, due_for_people

    written, due = row.due_text, row.due
    if written is None:
        return british(due.read) if due is not None and due.read else "By the end of the plan"
    if due is None:
        return british(written)
    meaning = due.describe() if due.kind in ("window", "deadline", "start") or due.read is not None else None
    return due_for_people(written, meaning, row.due_missed if row.overdue and row.due_missed else "")


def shared_conditions(objective: Objective) -> list[str]:
    """The conditions every action of ``objective`` carries, when it has more than one:
    shown once on the objective rather than on each action."""
    actions = objective.actions
    if len(actions) < 2:
        return []
    return [c for c in actions[0].conditions if all(c in a.conditions for a in actions[1:])]


def objective_rows(summary: ThemeSummary) -> list[list[Row]]:
    """The rows of each objective of ``summary``'s theme, in the order of its objectives.

    One pass over the theme's rows, where picking each objective's rows out
    of them in the template would go over all of them once per objective.
    """
    found: dict[int, list[Row]] = {id(objective): [] for objective in summary.theme.objectives}
    for row in summary.rows:
        found.setdefault(id(row.objective), []).append(row)
    return [found[id(objective)] for objective in summary.theme.objectives]


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
    """Bars for a chart of completion by theme, in the colour the plan gives "done"."""
    return [
        {
            "label": t.title,
            "value": t.done,
            "total": t.total,
            "colour": next((c.rag for c in t.counts if c.done), "none"),
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
    site: dict[str, Any] | None = None,
) -> str:
    """The report of ``plan`` (read from ``path``) rendered with ``choice``'s template.

    This is the template's own text, Markdown or HTML; :func:`produce` makes
    the Word or PDF file of it. ``public`` leaves out notes and private
    updates; otherwise they are shown marked as internal. ``strict`` refuses
    to print a value that is not set (for tests: no report may say "None"
    for an empty field). ``site`` is the navigation of a page of
    ``hcplan site`` (links home and to the other versions).

    Raises:
        ReportError: the template is missing, broken, or fails while
            rendering; the message names its file and line.
    """
    from hcplan.checking.links import titles
    from hcplan.outputs.front import LogoError, logo
    from hcplan.views.review import review

    try:
        picture = logo(path, plan)
    except LogoError as exc:
        raise ReportError(str(exc)) from None
    env = _environment(choice, strict=strict)
    public = public or choice.always_public
    facts = review(path, plan, as_of, since, public_only=public)
    context = {
        "plan": facts.plan,
        "public": public,
        "path": published_path(path) if public else path,
        "as_of": as_of,
        "since": since,
        "review": facts,
        "version": __version__,
        "format": choice.fmt,
        "target": choice.target,
        "site": site,
        "publication": plan.publication,
        "logo": picture,
        "plan_titles": titles(plan, path),
    }
    return _render_template(env, choice.name, context)


def published_path(path: str) -> str:
    """The plan's path as a public report may name it: relative to its repository
    (``plans/2024-25/plan.yaml``), or as given when that is relative and within the
    folder it was run in; else its file name alone. A path from the root of someone's
    machine says whose it is (``/home/jsmith/...``)."""
    given = Path(path)
    if not given.is_absolute() and ".." not in given.parts:
        return given.as_posix()
    full = Path(os.path.abspath(path))
    for folder in full.parents:
        if (folder / ".git").exists():
            return full.relative_to(folder).as_posix()
    return full.name


def render_page(choice: Choice, context: dict[str, Any]) -> str:
    """A page that is not a plan's report (the pages of ``hcplan site``), from ``choice``'s template.

    Raises:
        ReportError: as :func:`render`.
    """
    base = {"version": __version__, "format": "html", "target": "html", "public": True, "site": None}
    return _render_template(_environment(choice), choice.name, {**base, **context})


#: The most a template may print (a report of a thousand actions is a few MB), and the
#: seconds it may take: a template from a pull request must not fill the disk or hang CI.
MAX_OUTPUT = 50 * 1024 * 1024
MAX_SECONDS = 120


class TemplateRefused(Exception):
    """A template printed too much, ran too long, or made a number too large to print."""


#: What a template may include besides templates (``*.j2``): the text and pictures a
#: page is made of. Never a plan (``.yaml``) or any other file of the machine's.
INCLUDED = (".j2", ".css", ".svg", ".html", ".htm", ".md", ".txt")

#: The most digits of a number a template may make (``2 ** 64 ** 64`` would take the
#: machine's memory in one step no alarm can stop).
MAX_BITS = 1_000_000


def _bounded(sandbox: Any) -> Any:
    """jinja2's SandboxedEnvironment, with ``*`` and ``**`` refused past what a report could
    print: ``{{ "x" * 3000000000 }}`` would take the machine's memory before printing."""

    class Bounded(sandbox):  # type: ignore[misc]
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            whole = isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
            if operator == "**" and whole and abs(left).bit_length() * right > MAX_BITS:
                raise TemplateRefused(
                    f"the template made a number too large for a report (over {MAX_BITS:,} binary digits)"
                )
            if operator == "*":
                sized = [v for v in (left, right) if isinstance(v, (str, list, tuple))]
                times = [v for v in (left, right) if isinstance(v, int) and not isinstance(v, bool)]
                if sized and times and len(sized[0]) * times[0] > MAX_OUTPUT:
                    raise TemplateRefused(f"the template made a text longer than {MAX_OUTPUT // (1024 * 1024)} MB")
            return super().call_binop(context, operator, left, right)

    return Bounded


def _loader(base: Any, folders: list[str]) -> Any:
    """A loader of ``base``'s kind (jinja2's FileSystemLoader) whose templates include only
    templates, and the text and pictures of a page (:data:`INCLUDED`), inside the
    templates' folders (a link may lead only to a template): never the plan file beside
    them (with the private updates a public report leaves out), nor another file of the
    machine's a link in the folder leads to (``/etc/passwd``, a CI secret). The template
    a command was given is read whatever its name (``--template my-review.md``)."""
    from jinja2 import TemplateNotFound

    class Refused(TemplateNotFound):
        """An include of a file that is no template: to ``ignore missing``, not there."""

        refused = True

    class TemplatesOnly(base):  # type: ignore[misc]
        def __init__(self, searchpath: list[str]) -> None:
            super().__init__(searchpath)
            self.chosen: set[str] = set()  # the templates commands were given, by name

        def get_source(self, environment: Any, template: str) -> Any:
            if template not in self.chosen and not template.lower().endswith(INCLUDED):
                raise Refused(
                    template, f"'{template}' is no template (*.j2) nor a page's text: a template includes only those"
                )
            source, filename, uptodate = super().get_source(environment, template)
            real = os.path.realpath(filename)
            if real != os.path.abspath(filename):  # reached through a link: to a template, or a page's text inside
                roots = [os.path.realpath(folder) for folder in self.searchpath]
                inside = any(real.startswith(root + os.sep) for root in roots) and real.lower().endswith(INCLUDED)
                if not inside and not real.endswith(".j2"):
                    raise Refused(template, f"'{template}' is a link to {real}, which is no template (*.j2)")
            return source, filename, uptodate

    return TemplatesOnly(folders)


def _render_template(env: Any, name: str, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    from hcplan.outputs import template_errors

    env.loader.chosen.add(name)  # the template given: read whatever its name
    try:
        return _limited(env.get_template(name), context)
    except TemplateRefused as exc:
        where = template_errors.where(exc, env.loader.searchpath, template_dir())
        if where == "template":  # found as it printed: the template's own name, no line
            where = name
        raise ReportError(f"{where}: {exc}") from None
    except TemplateNotFound as exc:
        if getattr(exc, "refused", False):  # refused by the loader: said why, at the include
            where = template_errors.where(exc, env.loader.searchpath, template_dir())
            raise ReportError(f"{name if where == 'template' else where}: {exc.message}") from None
        raise ReportError(
            f"no template {exc.name} (looked in {', '.join(env.loader.searchpath)})", usage=True
        ) from None
    except RecursionError as exc:
        where = template_errors.where(exc, env.loader.searchpath, template_dir())
        raise ReportError(f"{where}: the template calls itself too deeply (a macro that never stops?)") from None
    except TemplateSyntaxError as exc:
        where = template_errors.template_name(exc.filename, exc.name or name, template_dir())
        raise ReportError(f"{where}:{exc.lineno}: {exc.message}") from None
    except (TemplateError, ArithmeticError, AttributeError, KeyError, LookupError, TypeError, ValueError) as exc:
        where = template_errors.where(exc, env.loader.searchpath, template_dir())
        raise ReportError(f"{where}: {template_errors.message(exc, context, env.globals)}") from None


def _limited(template: Any, context: dict[str, Any]) -> str:
    """``template`` rendered with ``context``, refused past :data:`MAX_OUTPUT` characters or
    :data:`MAX_SECONDS` seconds (checked as it prints, and by an alarm where there is one)."""
    import signal
    import threading
    import time

    deadline = time.monotonic() + MAX_SECONDS

    def too_long(*_: Any) -> None:
        raise TemplateRefused(f"the template ran for more than {MAX_SECONDS} seconds")

    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    if alarm:
        previous = signal.signal(signal.SIGALRM, too_long)
        signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
    try:
        parts, size = [], 0
        for part in template.generate(context):
            size += len(part)
            if size > MAX_OUTPUT:
                raise TemplateRefused(f"the template printed more than {MAX_OUTPUT // (1024 * 1024)} MB")
            if time.monotonic() > deadline:
                too_long()
            parts.append(part)
        return "".join(parts)
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def produce(path: str, plan: Plan, choice: Choice, **options: Any) -> bytes:
    """The report file's bytes in ``choice.target``: Markdown, HTML, Word or PDF.

    ``options`` are :func:`render`'s.

    Raises:
        ReportError: as :func:`render`, or the Word or PDF file cannot be made.
    """
    reference = choice.folder / REFERENCE_DOCX if choice.folder else None
    if reference is not None and not reference.is_file():
        reference = None
    return convert(render(path, plan, choice, **options), choice.target, reference=reference)


def convert(html_or_md: str, target: str, *, reference: Path | None = None) -> bytes:
    """The rendered text as the bytes of a ``target`` file (Word and PDF from HTML).

    ``reference`` is a Word document to take Word's styles from.

    Raises:
        ReportError: the Word or PDF file cannot be made (PDF: WeasyPrint is missing).
    """
    if target == "docx":
        from hcplan.outputs.docx import DocxError, html_to_docx

        try:
            return html_to_docx(html_or_md, reference=reference)
        except DocxError as exc:
            raise ReportError(str(exc)) from None
    if target == "pdf":
        from hcplan.outputs.pdf import PdfError, html_to_pdf

        try:
            return html_to_pdf(html_or_md)
        except PdfError as exc:
            raise ReportError(str(exc)) from None
    return html_or_md.encode("utf-8")
