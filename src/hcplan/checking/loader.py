"""Load plan files: read, validate, check, and place every problem on its line.

This is the one pipeline every command shares::

    bytes -> reader (safe YAML) -> validation (model) -> checks -> located problems

A clean file is read once, without positions. Only when something is wrong is
the text parsed again with positions, to put each problem on its line: plans
are usually clean, and positions cost time. A command that needs no more
than a valid plan (export, report...) asks for its errors only: a plan with
warnings is then read once too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hcplan.errors import HcplanError, UsageError
from hcplan.files.cache import Cache, digest
from hcplan.files.named import absent, not_a_file
from hcplan.files.reader import PLAN_SUFFIXES, Locations, ReadError, Source, decode, parse, read_bytes
from hcplan.problems import DocPath, Finding, Problem, Severity, sort_key
from hcplan.quoting import one_line

if TYPE_CHECKING:
    from hcplan.checking.links import Links
    from hcplan.format.model import Plan


class Loaded:
    """One plan file after loading: the plan if it is valid, and every problem.

    ``valid`` is whether the file is a valid plan; ``plan`` may be None for a
    valid one when it was not wanted (a cached ``hcplan check``). ``links``
    holds what the files the plan links to held when it was checked (None: it
    links to none, or was not checked).
    """

    __slots__ = ("depends", "links", "path", "plan", "problems", "source", "valid")

    def __init__(
        self,
        path: str,
        plan: Plan | None,
        problems: list[Problem] | None = None,
        source: Source | None = None,
        valid: bool | None = None,
    ) -> None:
        self.path = path
        self.plan = plan
        self.problems = problems if problems is not None else []
        self.source = source
        self.valid = plan is not None if valid is None else valid
        self.links: Links | None = None
        #: Each file the plan links to and the digest of what it held when checked
        #: (:func:`hcplan.checking.links.fingerprint`): the problems depend on them too.
        self.depends: tuple[tuple[str, str, str | None], ...] = ()

    @property
    def has_errors(self) -> bool:
        """Whether any of its problems is an error (a valid plan's checks may find some)."""
        return any(p.severity is Severity.ERROR for p in self.problems)


def load_source(source: Source, *, today: date | None = None, checks: bool = True, errors_only: bool = False) -> Loaded:
    """Validate and check an already decoded plan text (only for its errors, with
    ``errors_only``: see :func:`load_data`). A large text is parsed beside
    (:mod:`hcplan.aside`) while the modules that validate and check it load."""
    try:
        data = _parsed_beside(source) if len(source.text) >= ASIDE_FROM else None
        if data is None:
            data, _ = parse(source)
    except ReadError as exc:
        if exc.data is not None:
            return _read_with_problems(source, exc.problems, today=today, checks=checks, errors_only=errors_only)
        from hcplan.checking.silencing import silence
        from hcplan.checking.text import text_problems

        problems = silence(exc.problems + text_problems(source), source, None)
        if errors_only:
            problems = [p for p in problems if p.severity is Severity.ERROR]
        return Loaded(source.path, None, sorted(problems, key=sort_key), source)
    return load_data(data, source, today=today, checks=checks, errors_only=errors_only)


#: Plans this long (in characters; a plan of 200 actions is some 300,000) are parsed
#: beside their validation's modules loading: for shorter ones, the fork costs more than it saves.
ASIDE_FROM = 256 * 1024


def _parsed_beside(source: Source) -> Any:
    """The data of ``source``, parsed in a child process while this one loads what
    validates and checks it; None when the child gave none (a text with problems,
    which the caller reads itself to say them, or no child to be had)."""
    from hcplan.aside import Aside

    aside = Aside(_data, source)
    import hcplan.checking.alphabets
    import hcplan.checking.checks
    import hcplan.checking.rules
    import hcplan.checking.silencing
    import hcplan.checking.text
    import hcplan.checking.validation  # noqa: F401 - loaded while the text is parsed

    return aside.result()


def _data(source: Source) -> Any:
    return parse(source)[0]


def _read_with_problems(
    source: Source, problems: list[Problem], *, today: date | None, checks: bool, errors_only: bool
) -> Loaded:
    """A text read to its end despite problems of how it is written (a comment without its
    space, a key written twice): those problems, and what validating and checking the
    rest finds, in one run. It is no plan: the file must be mended first."""
    try:
        parse(source, locate=True)
    except ReadError as exc:  # the same problems, with the positions to place the rest
        data, locations = exc.data, exc.locations
    else:  # pragma: no cover - it was refused a moment ago
        data, locations = None, None
    if data is None:  # pragma: no cover - read to its end once, it is read so again
        return Loaded(source.path, None, sorted(problems, key=sort_key), source)
    rest = load_data(data, source, today=today, checks=checks, locations=locations, errors_only=errors_only)
    return Loaded(source.path, None, sorted(problems + rest.problems, key=sort_key), source, valid=False)


def load_data(
    data: Any,
    source: Source,
    *,
    today: date | None = None,
    checks: bool = True,
    locations: Locations | None = None,
    errors_only: bool = False,
    validated: Plan | None = None,
) -> Loaded:
    """Validate and check the data read from ``source`` (for callers that parsed it already;
    those that parsed it with its positions give ``locations``, so it is not parsed again
    to place what the checks find). A caller that validated the data already (by
    the parts a change made: :func:`hcplan.checking.validation.validate_items`)
    gives the plan as ``validated``.

    With ``errors_only`` (for a caller that only asks whether the plan has
    errors, such as the proof of a change) the warnings are left out: only
    errors are placed, so a plan without errors is not parsed again for
    positions. Silencing is left out with them; it never touches an error.
    """
    from hcplan.checking.alphabets import foreign_letters
    from hcplan.checking.checks import Context
    from hcplan.checking.rules import run_checks, severity
    from hcplan.checking.silencing import silence, silences
    from hcplan.checking.text import cut_short, text_problems, written_bidi
    from hcplan.checking.validation import validate

    plan, findings = (validated, []) if validated is not None else validate(data)
    text = source.text
    links = None
    if plan is not None and checks:
        from hcplan.checking.links import gather

        links = gather(plan, source.path)
    context = Context(
        today or date.today(),
        foreign_letters=foreign_letters(text),
        escapes="\\" in text,
        written_bidi=written_bidi(text),
        links=links,
    )
    if checks:
        if not errors_only:  # the signs of a file cut short are warnings
            findings += cut_short(data, text)
        if plan is not None:
            findings += run_checks(plan, context, errors_only=errors_only)
        else:
            # Check what is sound, so that one run reports every problem.
            from hcplan.checking.salvage import salvage

            rescued = salvage(data)
            if rescued is not None:
                partial, back = rescued
                partial_findings = run_checks(partial, context, errors_only=errors_only)
                findings += [f for f in map(back, partial_findings) if f is not None]
    findings = [f._replace(severity=severity(f.rule)) for f in findings]
    # The text's own problems are warnings.
    problems = text_problems(source) if checks and not errors_only else []
    if errors_only:
        findings = [f for f in findings if f.severity is Severity.ERROR]
        if findings:
            located, locations = locate(findings, source, locations)
            problems += located
    elif findings or silences(text):
        located, locations = locate(findings, source, locations)
        problems = silence(problems + located, source, locations)
    # A plan with errors in its shape is no plan; one whose checks fail is
    # still returned, so that listings can show it alongside its problems.
    loaded = Loaded(source.path, plan, sorted(problems, key=sort_key), source)
    loaded.links = links
    if links is not None:
        from hcplan.checking.links import fingerprint

        loaded.depends = fingerprint(links)
    return loaded


def load_plan(
    path: str | os.PathLike[str],
    *,
    today: date | None = None,
    checks: bool = True,
    cache: Cache | None = None,
    want_plan: bool = True,
    errors_only: bool = False,
) -> Loaded:
    """Load one plan file.

    Args:
        path: the plan file.
        today: the date against which "in the future" is judged.
        checks: run the rules of :mod:`hcplan.checking.checks` too.
        cache: where earlier answers for the same content are kept.
        want_plan: False when only the problems matter (``hcplan check``):
            an answer from the cache then needs no plan, and no pydantic.
        errors_only: only the errors matter (a command that works on a valid
            plan): its warnings are not looked for, so a plan with warnings
            is read once (see :func:`load_data`).

    Returns:
        A :class:`Loaded`; ``plan`` is None when the file is not a valid plan
        (or was not wanted), and ``problems`` says why.
    """
    shown = str(path)
    try:
        raw = read_bytes(shown)
    except ReadError as exc:
        return Loaded(shown, None, exc.problems)
    return load_bytes(raw, shown, today=today, checks=checks, cache=cache, want_plan=want_plan, errors_only=errors_only)


def load_valid(
    path: str | os.PathLike[str], *, today: date | None = None, cache: Cache | None = None, named: bool = True
) -> Plan:
    """The plan at ``path``, for a command that works on it (report, export,
    calendar...): it must be a valid plan whose checks find no error. One not
    ``named`` was found by walking a folder (:func:`named_plans`).

    Raises:
        UsageError: there is no such file (or it is a folder), and it was named.
        HcplanError: it is not a valid plan, or has errors; with its problems. A link to
            nothing or a folder that cannot be read, found by walking a folder, is one.
    """
    wrong = not_a_file(path)
    if wrong is not None and not named:
        raise HcplanError(f"{path} cannot be read as a plan", problems=load_plan(path, today=today).problems)
    if wrong is not None:
        raise UsageError(wrong)
    loaded = load_plan(path, today=today, cache=cache, errors_only=True)
    if loaded.plan is None or loaded.has_errors:
        raise HcplanError(f"{path} has errors; fix them first (hcplan check {path})", problems=loaded.problems)
    return loaded.plan


def load_bytes(
    raw: bytes,
    shown: str,
    *,
    today: date | None = None,
    checks: bool = True,
    cache: Cache | None = None,
    want_plan: bool = True,
    errors_only: bool = False,
) -> Loaded:
    """Load a plan from the bytes of the file ``shown`` (see :func:`load_plan`)."""
    day = today or date.today()
    key = digest(raw) if cache is not None and cache.enabled and checks else None
    if key is not None:
        hit = _from_cache(cache, key, shown, day, want_plan, errors_only)  # type: ignore[arg-type]
        if hit is not None:
            return hit
    try:
        source = decode(raw, shown)
    except ReadError as exc:
        loaded = Loaded(shown, None, exc.problems)
    else:
        loaded = load_source(source, today=day, checks=checks, errors_only=errors_only)
    if key is not None and not _links_unread(loaded):
        _to_cache(cache, key, day, loaded, errors_only, beside=len(raw) >= ASIDE_FROM)  # type: ignore[arg-type]
    return loaded


def sound_plan(raw: bytes, path: str, day: date, cache: Cache) -> Plan | None:
    """The plan the cache holds for the bytes ``raw`` of the file at ``path``, when
    it was found valid and without errors on ``day``; else None (nothing is
    worked out here). For a command that must parse the text itself, to change it."""
    if not cache.enabled:
        return None
    hit = _from_cache(cache, digest(raw), path, day, want_plan=True, errors_only=True)
    if hit is None or hit.plan is None or hit.problems:
        return None
    return hit.plan


def keep(raw: bytes, loaded: Loaded, day: date, cache: Cache) -> None:
    """Keep in ``cache`` what was found of the plan whose file now holds ``raw`` (a change
    just written, as its proof read it): the next command finds it there."""
    if cache.enabled and loaded.plan is not None and not _links_unread(loaded):
        _to_cache(cache, digest(raw), day, loaded, errors_only=True, beside=len(raw) >= ASIDE_FROM)


def _links_unread(loaded: Loaded) -> bool:
    """True when the plan links to other files that were not read (a plan piped in is in no
    folder to find them from): its answer is no answer for the same bytes in a file."""
    if loaded.plan is None or loaded.depends:
        return False
    from hcplan.checking.links import link_texts

    return bool(link_texts(loaded.plan))


def _from_cache(cache: Cache, key: str, path: str, day: date, want_plan: bool, errors_only: bool) -> Loaded | None:
    """The answer the cache holds: every problem, or (when they are all that is asked
    for) the errors, which a full answer holds too."""
    entry = cache.problems(key, day.isoformat())
    if entry is None and errors_only:
        entry = cache.problems(key, day.isoformat(), errors_only=True)
    if entry is None:
        return None
    try:
        valid, stored, here, depends = entry
        problems = [Problem.from_dict({**p, "path": path}) for p in stored]
        depends = tuple((str(text), str(linked), known) for text, linked, known in depends)
    except (TypeError, ValueError, KeyError):
        return None
    if depends:
        # A plan that links to others: its problems hold while it is where it was, and its
        # links lead to the files they led to, holding what they held.
        from hcplan.checking.links import unchanged

        if here != os.path.realpath(path) or not unchanged(depends, path):
            return None
    if errors_only:
        problems = [p for p in problems if p.severity is Severity.ERROR]
    plan = None
    if valid and want_plan:
        plan = cache.plan(key)
        if plan is None:
            return None
    loaded = Loaded(path, plan, problems, valid=bool(valid))
    loaded.depends = depends
    return loaded


def _to_cache(cache: Cache, key: str, day: date, loaded: Loaded, errors_only: bool, *, beside: bool = False) -> None:
    """Keep what was found; a large plan is pickled and written by a child process
    (:func:`hcplan.aside.beside`) while the command goes on with it."""
    stored = [{k: v for k, v in p.to_dict().items() if k != "path"} for p in loaded.problems]
    if loaded.plan is not None:
        if beside:
            from hcplan.aside import beside as run_beside

            run_beside(cache.put_plan, key, loaded.plan)
        else:
            cache.put_plan(key, loaded.plan)
    here = os.path.realpath(loaded.path) if loaded.depends else None
    entry = [loaded.plan is not None, stored, here, [list(d) for d in loaded.depends]]
    cache.put_problems(key, day.isoformat(), entry, errors_only=errors_only)


def locate(
    findings: Iterable[Finding], source: Source, locations: Locations | None = None
) -> tuple[list[Problem], Locations]:
    """Turn findings into problems with the line and column they concern; and the
    positions of the file's nodes they were found with (``locations``, when the
    caller has them: else the text is parsed again for them)."""
    if locations is None:
        try:
            _, locations = parse(source, locate=True)
        except ReadError:  # pragma: no cover - the text parsed a moment ago
            locations = Locations()
    assert locations is not None
    problems = []
    for finding in findings:
        line, col = locations.locate(_as_written(finding.where, locations), key=finding.on_key)
        if finding.offset:
            col += _offset_columns(locations, finding, source)
        message = finding.message
        if finding.related is not None:
            related_line, _ = locations.locate(_as_written(finding.related, locations))
            message += f" ({finding.related_as} {related_line})"
        problems.append(Problem(source.path, line, col, finding.severity, finding.rule, one_line(message)))
    return sorted(problems, key=sort_key), locations


def _as_written(where: DocPath, locations: Locations) -> DocPath:
    """``where`` in the file as written, where the plan gives a part in its short form:
    the meetings as a bare list of days (``meetings: [...]``) are the model's
    ``meetings.dates``."""
    if where[:2] == ("meetings", "dates") and where not in locations.values:
        node = locations.values.get(("meetings",))
        if node is not None and node.kind == "seq":
            return ("meetings", *where[2:])
    return where


def _offset_columns(locations: Locations, finding: Finding, source: Source) -> int:
    """Columns from a scalar's start to ``finding.offset`` inside its value, if exact."""
    node = locations.values.get(finding.where)
    if node is None and finding.where and finding.where[-1] == "name":
        node = locations.values.get(finding.where[:-1])  # a lead written as a bare name
    if node is None or node.kind != "scalar":
        return 0
    quote = 1 if node.style in ("'", '"') else 0
    if node.style not in (None, "'", '"'):
        return 0
    written = source.text[node.start + quote : node.start + quote + finding.offset]
    if "\n" in written or "\\" in written or "''" in written:
        return 0
    return quote + finding.offset


def discover(paths: Iterable[str | os.PathLike[str]], missing: list[str] | None = None) -> list[str]:
    """The plan files named by ``paths``: files as given, folders searched for YAML.
    Given ``missing``, a path that does not exist is said there, and the rest are found.

    Raises:
        UsageError: a path does not exist (and ``missing`` is None).
    """
    found: list[str] = []
    seen: set[str] = set()  # each file once, however it was named (a plan and its folder, ./a and a)

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            found.append(str(path))

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for inside in _yaml_files(path):
                add(inside)
        elif path.exists():
            add(path)
        elif missing is not None:
            missing.append(f"{given}: {absent(given, 'file or folder')}")
        else:
            raise UsageError(f"{given}: {absent(given, 'file or folder')}")
    return found


def plan_files(paths: Iterable[str | os.PathLike[str]] | None, missing: list[str] | None = None) -> list[str]:
    """The plan files a command was given: :func:`discover` of ``paths``, or of ``./plans``.
    Given ``missing``, paths that do not exist are said there (when others do), for a
    command that reports every problem in one run.

    Raises:
        UsageError: a path does not exist, there is no ``plans`` folder, or
            no plan file was found.
    """
    given = list(paths or [])
    files = discover(given or default_paths(), missing)
    if not files and missing:
        raise UsageError("; ".join(missing))
    if not files:
        raise UsageError("no plan files (*.yaml, *.yml) found in " + ", ".join(map(str, given or ["plans"])))
    return files


def named_plans(paths: Iterable[str | os.PathLike[str]] | None, files: Iterable[str]) -> frozenset[str]:
    """Which of ``files`` (as :func:`plan_files` gave them for ``paths``) the user
    named: a file given as such, or the one plan of a folder that holds no other
    (``plans/2024-25``). The others were found by walking a folder (``plans``,
    or ``./plans`` by default).
    """
    files = list(files)
    named: set[str] = set()
    for given in paths or []:
        path = Path(given)
        if not path.is_dir():
            named.add(str(path))
            continue
        inside = [f for f in files if Path(f).is_relative_to(path)]
        if len(inside) == 1:
            named.update(inside)
    return frozenset(named)


def _yaml_files(folder: Path) -> Iterator[Path]:
    """The plan files in ``folder`` and the folders below it, and every other name a plan
    could be there under: a link to nothing, a pipe, a folder that cannot be read. Each of
    those is reported where it is read (a plan renamed away behind a link, or a folder CI
    may not read, is no plan checked and found sound)."""
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(PLAN_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name
    for error in unreadable:
        if error.filename is not None:
            yield Path(error.filename)


def default_paths() -> list[str]:
    """``./plans`` when it exists.

    Raises:
        UsageError: there is no ``plans`` folder here.
    """
    if Path("plans").is_dir():
        return ["plans"]
    here = sorted(p.name for p in Path(".").iterdir() if p.suffix.lower() in PLAN_SUFFIXES and p.is_file())
    hint = f", such as {here[0]}" if here else ""
    raise UsageError(f"no plans folder here; name a plan file or folder{hint}")
