"""``hcplan site``: a static site of every plan in a folder, built so CI can publish it.

The site is a folder of plain files, every link relative, nothing fetched, so
it works opened from the file system and served from any sub-path (GitHub
Pages, GitLab Pages, a council's web server)::

    index.html              every plan: its period, current or ended,
                            progress by rating, overdue actions (not done by its end, once ended)
    themes.html             each theme followed from plan to plan
    SLUG/index.html         one plan: its figures and its reports
    SLUG/plan.{html,docx,pdf}, SLUG/review.{...}, SLUG/annual.{...}
    hcplan-site.json        what hcplan wrote, and from what (the manifest)

A plan's reports are made as :mod:`hcplan.outputs.report` makes them (never
with private updates or notes); its review pack is as of the build day (for
a plan that has ended, its last day) with the changes of the three months
before. The build is incremental: each report is remade only when what it
is made from changed (the plan file and its logo, the templates, hcplan
itself, the day) or the file is not as it was written (its SHA-256, so that
a CI cache restoring files with new times does not matter); the manifest
records that, and lets a later build remove
the files of a plan that has gone without touching any file it did not write.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hcplan.errors import HcplanError

if TYPE_CHECKING:
    from hcplan.format.model import Plan
    from hcplan.views.review import Review

MANIFEST = "hcplan-site.json"
MANIFEST_VERSION = 1
#: The reports of each plan: (template, what it is called).
KINDS = (("plan", "The plan"), ("review", "Latest review pack"), ("annual", "Annual review"))
FORMATS = ("html", "docx", "pdf")
FORMAT_WORDS = {"html": "web page", "docx": "Word", "pdf": "PDF"}
FORMAT_HEADINGS = {"html": "Web page", "docx": "Word", "pdf": "PDF"}
MEDIA_TYPES = {
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class SiteError(HcplanError):
    """The site cannot be built. ``problems`` are the plans' own (shown one per line);
    ``usage`` is True when the command was called wrongly."""


@dataclass
class Entry:
    """One plan in the site."""

    path: str
    slug: str
    plan: Plan
    state: str  # current, ended, upcoming
    day: date  # the day its reports speak of
    since: date  # the review pack's changes start here
    facts: Review  # as of ``day``, without private things
    files: dict[str, int] = field(default_factory=dict)  # its reports' files and their sizes


@dataclass
class Built:
    """What a build did."""

    entries: list[Entry]
    written: list[str]
    unchanged: int
    removed: list[str]


# --- where the site may go ---------------------------------------------------------


def check_output_folder(out: Path, plans_dir: Path, inputs: list[str]) -> None:
    """Refuse a site folder where writing could touch what the site is made from.

    First the guard every command's output goes through
    (:func:`hcplan.files.store.guard_output`: no file the build reads, and no
    plan, under the folder); then the site's own rules: the folder is not,
    is not inside and does not hold the plans folder or a plan's folder, and
    a folder that already has files must be one ``hcplan site`` made (it has
    the manifest), so that nothing of anyone else's is written over.

    Raises:
        SiteError: (usage) why the folder cannot be used.
    """
    from hcplan.files.store import StoreError, guard_output

    try:
        guard_output(out, inputs, folder=True)
    except StoreError as exc:
        raise SiteError(str(exc), usage=True) from None
    target = out.resolve()
    plan_files = [Path(f).resolve() for f in inputs if Path(f).suffix.lower() in (".yaml", ".yml")]
    for folder in sorted({plans_dir.resolve(), *(f.parent for f in plan_files)}):
        if target == folder or target.is_relative_to(folder) or folder.is_relative_to(target):
            raise SiteError(
                f"{out} is {'the' if target == folder else 'among the'} plans' folders ({folder}); "
                "build the site in a folder of its own, e.g. -o _site",
                usage=True,
            )
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise SiteError(
            f"{out} already has files that hcplan site did not make (no {MANIFEST}); "
            "give an empty or new folder, so that nothing of yours is written over",
            usage=True,
        )
    link = _first_link(out) if out.is_dir() else None
    if link is not None:
        raise SiteError(
            f"{link} is a link: hcplan site writes only files of its own in {out}, never through a link "
            "to somewhere else; remove the link (or build the site in another folder)",
            usage=True,
        )


def _first_link(folder: Path) -> Path | None:
    """The first link (to a file or a folder) anywhere under ``folder``, or None."""
    for root, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            if os.path.islink(os.path.join(root, name)):
                return Path(root) / name
    return None


# --- the plans -----------------------------------------------------------------------


def slug_for(path: Path, plans_dir: Path) -> str:
    """A plan's folder name in the site: its path under the plans folder, ``plan.yaml`` dropped."""
    relative = path.resolve().relative_to(plans_dir.resolve())
    parts = list(relative.parts)
    if len(parts) > 1 and parts[-1].lower() in ("plan.yaml", "plan.yml"):
        parts.pop()
    else:
        parts[-1] = Path(parts[-1]).stem
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(parts)).strip("-.") or "plan"
    return "plan-" + slug if slug in ("index", "themes") or slug.startswith("hcplan") else slug


def load_entries(plans_dir: Path, day: date) -> tuple[list[Entry], list[str]]:
    """Every plan under ``plans_dir``, newest first, with its facts as of its day.

    Raises:
        SiteError: no plans, or plans with errors (``problems`` lists them all).
    """
    from hcplan.checking.loader import discover, load_plan
    from hcplan.errors import UsageError
    from hcplan.files.cache import Cache
    from hcplan.files.named import not_a_folder
    from hcplan.problems import Severity
    from hcplan.views.public import public
    from hcplan.views.review import review
    from hcplan.views.years import plan_day, review_window, state

    wrong = not_a_folder(plans_dir, "plans")
    if wrong is not None:
        raise SiteError(wrong, usage=True)
    try:
        files = discover([plans_dir])
    except UsageError as exc:
        raise SiteError(str(exc), usage=True) from None
    if not files:
        raise SiteError(f"{plans_dir} has no plan files (*.yaml, *.yml)", usage=True)
    cache = Cache.default()
    entries, problems, slugs = [], [], set()
    for file in files:
        loaded = load_plan(file, today=day, cache=cache)
        problems += loaded.problems
        if loaded.plan is None or loaded.has_errors:
            continue
        slug = base = slug_for(Path(file), plans_dir)
        n = 1
        while slug.casefold() in slugs:
            n += 1
            slug = f"{base}-{n}"
        slugs.add(slug.casefold())
        when = plan_day(loaded.plan, day)
        since = review_window(when)
        # The site is public: its pages' templates get the plan as the public may read it,
        # as a public report's do (no notes, private updates or leads' contacts).
        shown = public(loaded.plan)
        facts = review(file, shown, when, public_only=True)
        entries.append(Entry(file, slug, shown, state(shown, day), when, since, facts))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        files_with = len({p.path for p in errors})
        raise SiteError(
            f"{files_with} plan file{'s have' if files_with != 1 else ' has'} errors; fix them first (hcplan check {plans_dir})",
            problems=sorted(errors),
        )
    entries.sort(key=lambda e: (e.plan.period.start, e.plan.period.end, e.slug), reverse=True)
    return entries, files


# --- the build -----------------------------------------------------------------------


def build(
    plans_dir: Path,
    out: Path,
    *,
    day: date,
    formats: tuple[str, ...] = FORMATS,
    templates: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Built:
    """Build (or bring up to date) the site of every plan under ``plans_dir`` in ``out``.

    The site is built in a folder beside ``out`` (a copy of the site there
    already, its files linked rather than copied where the file system
    allows), which takes the place of ``out`` only when every file of it has
    been made: a build that fails leaves ``out`` as it was (or absent), never
    half built.

    Raises:
        SiteError: the plans have errors, the folder cannot be used, or a
            report cannot be made.
    """
    entries, files = load_entries(plans_dir, day)
    inputs = _inputs(files, entries, templates)
    check_output_folder(out, plans_dir, inputs)
    real = out.resolve()  # a link to the site's folder stays a link to it
    from hcplan.files.store import make_folders, remove_folders

    made = make_folders(str(real))  # the folders above the site that are not there yet
    staging: Path | None = None
    try:
        staging = _staging(real)
        built = _build_into(
            staging,
            entries,
            inputs,
            day=day,
            formats=formats,
            templates=templates,
            jobs=jobs,
            progress=progress,
            site=out,
        )
        _swap(staging, real)
    except HcplanError as exc:
        if staging is not None:  # said of the site's own files, not of the folder it was built in
            exc.message = exc.message.replace(str(staging), str(out))
        raise
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        if not real.exists():
            remove_folders(made)  # the folders made for a site that was not built
    return built


def _build_into(
    out: Path,
    entries: list[Entry],
    inputs: list[str],
    *,
    day: date,
    formats: tuple[str, ...],
    templates: Path | None,
    jobs: int | None,
    progress: Callable[[str], None] | None,
    site: Path,
) -> Built:
    """Build the site in ``out`` (the staging copy of the ``site`` folder)."""
    from hcplan.checking.batch import map_files
    from hcplan.outputs.report import ReportError

    old = _read_manifest(out)
    # A manifest that cannot be read (damaged, or an older hcplan's) says nothing of which files
    # are the site's: they are taken to be, as the folder was one hcplan site made.
    known = old if old or not (out / MANIFEST).is_file() else None
    stamp = _stamp(templates)
    outputs: dict[str, dict[str, Any]] = {}
    work = []
    unchanged = 0
    for entry in entries:
        published = _public_digest(entry.plan)
        for kind, _ in KINDS:
            key = _inputs_key(stamp, entry, kind, formats, published)
            names = [f"{entry.slug}/{kind}.{fmt}" for fmt in formats]
            if all(_still_there(out, name, old.get(name), key) for name in names):
                outputs.update({name: old[name] for name in names})
                unchanged += len(names)
            else:
                work.append(
                    (
                        entry.path,
                        entry.slug,
                        kind,
                        entry.day.isoformat(),
                        entry.since.isoformat(),
                        formats,
                        str(templates) if templates else None,
                        str(out),
                        key,
                        inputs,
                    )
                )
    for item in work:
        for name in (f"{item[1]}/{item[2]}.{fmt}" for fmt in formats):
            _refuse_if_not_ours(out, name, known, site)
    if work and "pdf" in formats:
        from hcplan.outputs.pdf import PdfError, weasyprint_module

        try:
            weasyprint_module()
        except PdfError as exc:
            raise SiteError(f"{exc}; or leave PDFs out with --formats html,docx") from None
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    try:
        # Each report takes a while (Word, PDF): workers pay off from two.
        for made in map_files(_make_report, work, jobs=jobs, parallel_from=2):
            for name, record in made.items():
                outputs[name] = record
                written.append(name)
                if progress:
                    progress(name)
    except ReportError as exc:
        raise SiteError(str(exc)) from None
    for entry in entries:
        entry.files = {
            name.split("/", 1)[1]: outputs[name]["size"] for name in outputs if name.startswith(entry.slug + "/")
        }
    try:
        pages = _pages(entries, day, templates, formats)
    except ReportError as exc:
        raise SiteError(str(exc)) from None
    for name in pages:
        _refuse_if_not_ours(out, name, known, site)
    for name, text in pages.items():
        data = text.encode("utf-8")
        if not _same_bytes(out / name, data):
            _write(out, name, data, inputs)
            written.append(name)
        outputs[name] = {"inputs": "page", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    removed = []
    for name in sorted(set(old) - set(outputs)):
        target = out / name
        if target.is_file() and not target.is_symlink() and target.resolve().is_relative_to(out.resolve()):
            target.unlink()
            removed.append(name)
            _remove_empty_folders(target.parent, out)
    _write(
        out,
        MANIFEST,
        json.dumps({"hcplan-site": MANIFEST_VERSION, "outputs": outputs}, indent=1, sort_keys=True).encode(),
        inputs,
    )
    return Built(entries, written, unchanged, removed)


def _make_report(
    path: str,
    slug: str,
    kind: str,
    day: str,
    since: str,
    formats: tuple[str, ...],
    templates: str | None,
    out: str,
    key: str,
    inputs: list[str],
) -> dict[str, dict[str, Any]]:
    """Make one report of one plan in each format (in a worker process); what was written."""
    from hcplan.checking.loader import load_plan
    from hcplan.files.cache import Cache
    from hcplan.outputs.report import Choice, convert, render

    plan = load_plan(path, cache=Cache.default()).plan
    assert plan is not None  # the site reads only plans that loaded
    folder = Path(templates) if templates else None
    choice = Choice(f"{kind}.html.j2", "html", folder, "html")
    html = render(
        path,
        plan,
        choice,
        as_of=date.fromisoformat(day),
        since=date.fromisoformat(since),
        public=True,
        site=_nav(kind, formats),
    )
    reference = folder / "reference.docx" if folder and (folder / "reference.docx").is_file() else None
    made = {}
    for fmt in formats:
        data = html.encode("utf-8") if fmt == "html" else convert(html, fmt, reference=reference)
        name = f"{slug}/{kind}.{fmt}"
        _write(Path(out), name, data, inputs)
        made[name] = {"inputs": key, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return made


def _nav(kind: str, formats: tuple[str, ...]) -> dict[str, Any]:
    """The links at the top of a report's page in the site."""
    title = dict(KINDS)[kind]
    links = [{"href": "index.html", "text": "This plan's reports", "type": None}]
    links += [
        {"href": f"{kind}.{fmt}", "text": f"{title}: {FORMAT_WORDS[fmt]} version", "type": MEDIA_TYPES[fmt]}
        for fmt in formats
        if fmt != "html"
    ]
    return {"home": "../index.html", "links": links}


def _pages(entries: list[Entry], day: date, templates: Path | None, formats: tuple[str, ...]) -> dict[str, str]:
    """The site's own pages: the index, the themes across years, and each plan's page."""
    from hcplan.outputs.report import Choice, render_page
    from hcplan.views.years import theme_tracks

    chronological = sorted(entries, key=lambda e: (e.plan.period.start, e.slug))
    tracks = theme_tracks([e.facts for e in chronological])
    common = {
        "entries": entries,
        "as_of": day,
        "kinds": KINDS,
        "formats": formats,
        "format_words": FORMAT_WORDS,
        "format_headings": FORMAT_HEADINGS,
    }
    pages = {
        "index.html": render_page(
            Choice("site/index.html.j2", "html", templates),
            {
                **common,
                "site": {
                    "home": "index.html",
                    "links": [{"href": "themes.html", "text": "Themes across the years", "type": None}],
                },
            },
        ),
        "themes.html": render_page(
            Choice("site/themes.html.j2", "html", templates),
            {
                **common,
                "chronological": chronological,
                "tracks": tracks,
                "matched_by_number": any(any(t.by_number) for t in tracks),
                "site": {"home": "index.html", "links": []},
            },
        ),
    }
    for entry in entries:
        pages[f"{entry.slug}/index.html"] = render_page(
            Choice("site/plan.html.j2", "html", templates),
            {
                **common,
                "entry": entry,
                "plan": entry.plan,
                "review": entry.facts,
                "site": {"home": "../index.html", "links": []},
            },
        )
    return pages


# --- bookkeeping ---------------------------------------------------------------------


def _stamp(templates: Path | None) -> str:
    """What every report depends on besides its plan: hcplan and the templates."""
    from hcplan import __version__
    from hcplan.files.cache import code_stamp
    from hcplan.outputs.report import template_dir

    digest = hashlib.sha256(f"{__version__}:{code_stamp()}".encode())
    for folder in (templates, template_dir()):
        if folder is None or not folder.is_dir():
            continue
        for file in sorted(folder.rglob("*")):
            if file.is_file() and (file.suffix in (".j2", ".docx")):
                digest.update(str(file.relative_to(folder)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def _inputs_key(stamp: str, entry: Entry, kind: str, formats: tuple[str, ...], published: bytes) -> str:
    """A digest of everything one report of one plan is made from (``published``: the
    :func:`_public_digest` of its plan)."""
    from hcplan.outputs.front import repository_root

    digest = hashlib.sha256(stamp.encode())
    # What the pages are made from, not the file: the manifest is published with them, and a
    # key that moved when only a private update was added would say that one had been.
    digest.update(published)
    publication = entry.plan.publication
    if publication is not None and publication.logo is not None:
        logo = (Path(entry.path).resolve().parent / publication.logo.path).resolve()
        if logo.is_file() and logo.is_relative_to(repository_root(Path(entry.path))):
            digest.update(logo.read_bytes())
    digest.update(
        json.dumps([kind, entry.day.isoformat(), entry.since.isoformat(), list(formats), entry.slug]).encode()
    )
    return digest.hexdigest()


def _public_digest(plan: Any) -> bytes:
    """A digest of what of ``plan`` may be published (:func:`hcplan.views.public.public`)."""
    from hcplan.views.public import public

    return hashlib.sha256(public(plan).model_dump_json(warnings=False).encode()).digest()


def _still_there(out: Path, name: str, record: dict[str, Any] | None, key: str) -> bool:
    """Whether a file of an earlier build is made from the same inputs and untouched since.

    Checked by its content, not its time: a CI cache restores files with
    times of its own.
    """
    if record is None or record.get("inputs") != key:
        return False
    path = out / name
    try:
        if path.is_symlink() or path.stat().st_size != record.get("size"):
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == record.get("sha256")
    except OSError:
        return False


def _refuse_if_not_ours(staging: Path, name: str, old: dict[str, dict[str, Any]] | None, site: Path) -> None:
    """Refuse to write ``name`` where a file stands that no earlier build made (one of the
    user's, in a folder of the site): the message names it in the ``site`` folder, not in
    the copy it is built in. ``old`` is None when the earlier build's manifest cannot be
    read: then every file is taken to be the site's."""
    if old is not None and name not in old and name != MANIFEST and os.path.lexists(staging / name):
        raise SiteError(
            f"{site / name} is not a file hcplan site made (its {MANIFEST} does not list it): move it, "
            "so that nothing of yours is written over",
            usage=True,
        )


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write(out: Path, name: str, data: bytes, inputs: list[str]) -> None:
    """Write one file of the site through the shared output guard, never through a link."""
    from hcplan.files.store import StoreError, write_output

    target = out / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise SiteError(f"{target} is a link or a folder; hcplan site writes only files of its own there")
    try:
        write_output(target, data, inputs)
    except StoreError as exc:
        raise SiteError(str(exc), usage=exc.usage) from None


def _inputs(files: list[str], entries: list[Entry], templates: Path | None) -> list[str]:
    """Every file the build reads: the plans, their logos, the user's templates."""
    from hcplan.outputs.front import logo_file

    found = list(files)
    for entry in entries:
        logo = logo_file(entry.path, entry.plan)
        if logo is not None and logo.is_file():
            found.append(str(logo))
    if templates is not None:
        found += [str(f) for f in sorted(templates.rglob("*")) if f.is_file()]
    return found


def _read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("hcplan-site") != MANIFEST_VERSION
        or not isinstance(data.get("outputs"), dict)
    ):
        return {}
    return {k: v for k, v in data["outputs"].items() if isinstance(v, dict) and ".." not in Path(k).parts}


def _staging(out: Path) -> Path:
    """A new folder beside ``out`` to build in, holding a copy of the site already in ``out``."""
    import tempfile

    parent = out.absolute().parent
    _clean_stale(out)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=parent))
        if out.is_dir():
            shutil.copytree(out, staging, symlinks=True, dirs_exist_ok=True, copy_function=_link_or_copy)
    except OSError as exc:
        raise SiteError(f"cannot build the site beside {out}: {exc.strerror or exc}") from None
    return staging


def _clean_stale(out: Path) -> None:
    """Remove what a build of ``out`` killed half way left beside it: the folder it was
    building in (``.site.building-PID-...``), and the old site it had moved aside
    (``.site.old-PID-...``), which is put back first when the new one never took its
    place. Only folders of builds whose process is gone are touched."""
    from hcplan.files.store import running

    pattern = re.compile(r"\." + re.escape(out.name) + r"\.(building|old)-(\d+)-[^/]*")
    try:
        entries = sorted(out.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or not entry.is_dir() or entry.is_symlink() or running(int(found[2])):
            continue
        try:
            if found[1] == "old" and not out.exists():
                entry.rename(out)  # killed between its two renames: the site as it was
            else:
                shutil.rmtree(entry)
        except OSError:
            continue


def _link_or_copy(source: str, target: str) -> None:
    # Every file of the site is replaced by renaming a new one over it, never written
    # in place: a hard link to the old site's file is as good as a copy.
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap(staging: Path, out: Path) -> None:
    """Put the built site in place of ``out``: two renames, the old site removed after."""
    try:
        if out.is_dir():
            mode = out.stat().st_mode & 0o7777
            os.chmod(staging, mode)
            retired = staging.with_name(staging.name.replace(".building-", ".old-"))
            out.rename(retired)
            staging.rename(out)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.chmod(staging, 0o777 & ~_umask())
            staging.rename(out)
    except OSError as exc:
        raise SiteError(f"cannot put the built site in place of {out}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_empty_folders(folder: Path, out: Path) -> None:
    while folder.resolve() != out.resolve() and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
