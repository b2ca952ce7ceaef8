"""Write files safely: never over a plan by mistake, never half a file, never a file hcplan would refuse.

Every command that writes goes through one of three doors, and so inherits
every guarantee below without thinking about it:

* :func:`replace_plan` is the one way to write a plan (``update``, and any
  command that changes plans: ``import``, ``rollover``...). It takes the
  plan's lock, checks the new bytes with the reader hcplan reads plans with,
  refuses a plan it could not replace faithfully (read-only, owned by someone
  the user cannot give it back to, hard-linked), and replaces the file by
  rename keeping its mode, owner, group and extended attributes (POSIX ACLs
  included).
* :func:`write_output` writes a file a command makes (``report -o``,
  ``export -o``, ``calendar -o``...): it refuses to write over any file the
  command reads, or over a plan (:func:`guard_output`), then writes atomically.
* :func:`guard_output` alone, with ``folder=True``, for a command that writes
  a whole folder (``digest -o DIR``, ``site -o DIR``): call it once before the
  first file, then write each file with :func:`write_output`.

An output that is not a file is written into as it is, never replaced: a pipe
(``mkfifo``), a terminal or other character device (``/dev/null``), a socket,
or a link to one (``/dev/stdout``, ``/proc/self/fd/1``); see
:func:`written_into`. A block device (a disk) is never an output.

How a write is made: the new bytes go to a temporary file in the plan's
folder, named so that it is unmistakably hcplan's
(``.plan.yaml.hcplan-<pid>-<random>.tmp``, see :func:`is_temporary`), are
flushed and fsynced, and only then renamed over the target, so a crash or a
full disk leaves the old file whole. A temporary left by a writer that was
killed is removed by the next write of the same file, and never read as a plan.

A plan write takes an exclusive lock on the plan file, so two people updating
at once queue instead of losing an update.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from hcplan.errors import HcplanError
from hcplan.files.reader import MAX_BYTES, PLAN_SUFFIXES, Locations, ReadError, Source, decode, parse, special_kind

try:  # POSIX; elsewhere hcplan writes atomically but cannot lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: How long an update waits for another one to finish before giving up.
LOCK_TIMEOUT = 30.0

#: A temporary file of hcplan's whose writer cannot be seen (another machine
#: on a shared folder) is taken for stale after this many seconds.
STALE_AFTER = 3600.0


class StoreError(HcplanError):
    """The file could not be locked or written, or must not be; it is unchanged.

    ``usage`` is True when what was asked for is wrong (an output that would
    overwrite a plan or an input) rather than the file or the machine.
    """


# --- locking ---------------------------------------------------------------

#: The files this thread holds the lock of, by (device, inode): taking the
#: lock again inside is a no-op, so replace_plan can be called under locked().
_held = threading.local()


def _held_files() -> set[tuple[int, int]]:
    files = getattr(_held, "files", None)
    if files is None:
        files = _held.files = set()
    return files


@contextmanager
def locked(path: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on the plan at ``path`` for the duration.

    The lock is taken on the file itself. A writer replaces the file by
    renaming, so after waiting for the lock the file may be a new one: the
    lock is then taken again on the file now at ``path``. Taking it again in
    the same thread while it is held (``replace_plan`` inside ``locked``) does
    nothing.

    Raises:
        StoreError: another writer held the plan for ``timeout`` seconds, or
            the file cannot be opened.
    """
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    held = _held_files()
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is not None and (info.st_dev, info.st_ino) in held:
        yield
        return
    deadline = time.monotonic() + timeout
    while True:
        try:  # without waiting: a pipe (mkfifo) named as the plan would wait for a writer for ever
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            raise StoreError(f"cannot open {path}: {exc.strerror}") from None
        if special_kind(os.fstat(fd).st_mode) is not None:
            os.close(fd)
            raise StoreError(f"{path} is not a regular file; hcplan writes plans that are files")
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(f"{path} is being updated by someone else; try again in a moment") from None
                    time.sleep(0.01)
            mine = os.fstat(fd)
            try:
                same = mine.st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the file was replaced while we waited: lock the new one
    key = (mine.st_dev, mine.st_ino)
    held.add(key)
    try:
        yield
    finally:
        held.discard(key)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# --- writing a plan --------------------------------------------------------


def replace_plan(path: str, new: bytes, expected_old: bytes | None = None) -> None:
    """Replace the plan at ``path`` with the bytes ``new``: the one way hcplan writes a plan.

    Every command that changes a plan calls this, once per plan, with the
    whole new text (``encode`` it with the plan's byte order mark); it may
    already hold :func:`locked` for ``path``. Before anything is written it

    * takes the plan's lock, and with ``expected_old`` (the bytes the change
      was worked out from) refuses if the plan changed meanwhile;
    * refuses a plan that is not a regular file, is read-only (no write
      permission bit, even for root), that the user may not write, or that
      has other names (hard links: a rename would split them);
    * reads ``new`` back with hcplan's own reader and limits (size, encoding,
      YAML), so hcplan never writes a plan it would then refuse to read;

    and then writes it atomically, keeping the plan's mode, owner, group and
    extended attributes (POSIX ACLs included): where the user may not give
    the owner or group back, it refuses rather than change them. A symlinked
    plan is written through the link. hcplan's own stale temporary files of
    the plan (left by a writer that was killed) are removed.

    What the new text *says* is the caller's to prove (``changes.update``
    re-reads and checks every change).

    Raises:
        StoreError: the plan could not or must not be written; it is unchanged.
    """
    with locked(path):
        target = os.path.realpath(path)
        try:
            # The file itself, as the system follows its links: the real path of a pipe
            # (/dev/stdin, <(...): /proc/PID/fd/pipe:[N]) names nothing.
            info = _status(target) or os.stat(path)
        except OSError as exc:
            raise StoreError(f"cannot open {path}: {exc.strerror}") from None
        # A new plan's second name may be hcplan's own temporary file, left by a `new` or
        # `rollover` killed between linking the plan in and removing it: no name of anyone's.
        if info.st_nlink > 1 and clean_stale(os.path.dirname(target), os.path.basename(target)):
            info = _status(target) or info
        _refuse_unfaithful(path, target, info)
        if expected_old is not None:
            try:
                with open(target, "rb") as handle:
                    current = handle.read(MAX_BYTES + 1)
            except OSError as exc:
                raise StoreError(f"cannot read {path}: {exc.strerror}") from None
            if current != expected_old:
                raise StoreError(f"{path} changed while this change was being made; nothing was written: run it again")
        _refuse_unreadable(path, new)
        _write(path, target, new, like=info, faithful=True)


def _refuse_unfaithful(path: str, target: str, info: os.stat_result) -> None:
    """Refuse a plan that a rename could not replace as it is."""
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path} is not a regular file; hcplan writes plans that are files")
    _refuse_unwritable(path, target, info, "update")
    if info.st_nlink > 1:
        raise StoreError(
            f"{path} has {info.st_nlink} names (hard links to one file): writing it would leave the other names "
            "with the old plan, so hcplan leaves it as it is. Keep one name and make the others symbolic "
            "links to it (ln -sf), or give this name a copy of its own (cp -p FILE FILE.new && mv FILE.new FILE), "
            "then run again"
        )


def read_back(new: bytes, path: str, *, locate: bool = False) -> tuple[Source, Any, Locations | None]:
    """Read the bytes ``new`` exactly as hcplan reads a plan file: its text, plain data
    and (with ``locate``) the positions of its nodes.

    The same reader with the same limits (size, encoding, YAML) as every
    command. Bytes read back here are not parsed again by :func:`replace_plan`
    in the same process: a change proved with this costs one parse, not two.

    Raises:
        ReadError: hcplan would refuse to read these bytes.
    """
    source = decode(new, path)
    data, locations = parse(source, locate=locate)
    vouch(new)
    return source, data, locations


def vouch(new: bytes) -> None:
    """Note that the bytes ``new`` were shown to read as a plan (by :func:`read_back`, or by
    :mod:`hcplan.files.parts`): :func:`replace_plan` does not read them again."""
    _read_back.append(_fingerprint(new))
    del _read_back[:-4]


#: Fingerprints of the last bytes shown to read as a plan (a few: one per plan being written).
_read_back: list[bytes] = []


def _fingerprint(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest() + len(data).to_bytes(8, "little")


def _refuse_unreadable(path: str, new: bytes) -> None:
    """Refuse bytes that hcplan's reader would refuse (too big, not UTF-8, not YAML)."""
    if _fingerprint(new) in _read_back:
        return
    try:
        read_back(new, path)
    except ReadError as exc:
        first = exc.problems[0]
        more = f" (and {len(exc.problems) - 1} more problems)" if len(exc.problems) > 1 else ""
        raise StoreError(
            f"the new {path} would not read back ({first.line}:{first.col}: {first.message}{more}); nothing was written"
        ) from None


def _refuse_unwritable(path: str, target: str, info: os.stat_result, verb: str) -> None:
    """Refuse to replace a file its mode says is read-only, or that the user may not write.

    A write is a rename over the file, which its folder allows whatever the
    file's own mode: without this, hcplan would replace what ``>`` or an
    editor would refuse to change.
    """
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise StoreError(
            f"{path} is read-only (mode {stat.S_IMODE(info.st_mode):04o}), so hcplan leaves it as it is; "
            f"to {verb} it, make it writable first: chmod u+w {path}"
        )
    if os.geteuid() != 0 and not os.access(target, os.W_OK):
        raise StoreError(
            f"you may not write {path} (it belongs to {_owner(info)}, mode {stat.S_IMODE(info.st_mode):04o}); "
            f"ask its owner to {verb} it, or to give you write permission"
        )


def _owner(info: os.stat_result) -> str:
    """``user:group`` of a file, by name where the system knows them."""
    try:
        import grp
        import pwd
    except ImportError:  # pragma: no cover - Windows
        return f"{info.st_uid}:{info.st_gid}"
    try:
        user = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        user = str(info.st_uid)
    try:
        group = grp.getgrgid(info.st_gid).gr_name
    except KeyError:
        group = str(info.st_gid)
    return f"{user}:{group}"


# --- writing an output -----------------------------------------------------


def write_output(
    path: str | os.PathLike[str],
    data: bytes,
    inputs: Iterable[str | os.PathLike[str]] = (),
    *,
    plan: bool = False,
) -> None:
    """Write ``data`` to the output file at ``path``, which must not be a plan or an input.

    Pass every file the command read (``inputs``: the plans, a template, a
    spreadsheet...). The output is refused (:func:`guard_output`) when it is
    one of them by any name, or an existing plan; otherwise it is written
    atomically, keeping the mode of a file it replaces. A pipe, device or
    socket (:func:`written_into`) is written into instead, as it is. With
    ``plan`` the output is a new plan (``rollover``): its bytes must read back
    as :func:`replace_plan` checks them.

    Raises:
        StoreError: nothing was written (or, into a pipe or device, not all of
            it); ``usage`` is True for a refused output.
        BrokenPipeError: the reader of a pipe went away, as it may of
            standard output.
    """
    guard_output(path, inputs)
    shown = os.fspath(path)
    if plan:
        _refuse_unreadable(shown, data)
    if written_into(path):
        write_into(path, data)
        return
    target, info = _replaceable(shown, path)
    _write(shown, target, data, like=info, faithful=False)


def _replaceable(shown: str, path: str | os.PathLike[str]) -> tuple[str, os.stat_result | None]:
    """The file an output at ``path`` is written to (through a symlink, not over it), and what is
    there now (None: nothing); a file there that may not be replaced is refused.

    Raises:
        StoreError: saying why it may not be replaced.
    """
    target = os.path.realpath(path)
    info = _status(target)
    if info is not None and stat.S_ISREG(info.st_mode):
        _refuse_unwritable(shown, target, info, "replace")
    return target, info


def guard_output(
    path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = (), *, folder: bool = False
) -> None:
    """Refuse an output that would write over a plan or over anything the command reads.

    This is the one guard every command that writes an output calls before it
    writes anything (:func:`write_output` calls it for you):

    * ``report -o FILE``, ``export -o FILE``, ``calendar -o FILE``:
      ``write_output(FILE, data, inputs=[plan, template...])``;
    * ``digest -o DIR``, ``site -o DIR``: ``guard_output(DIR, inputs, folder=True)``
      once, then ``write_output(DIR / name, data, inputs)`` for each file;
    * ``rollover OLD NEW``: ``write_output(NEW, data, inputs=[OLD], plan=True)``.

    Pass the files read, not the folders they were found in.

    ``inputs`` are every file the command reads. The output is refused when

    * it is one of them, by any name: the same path once symlinks are
      resolved, or the same file (device and inode: a hard link);
    * it is an existing plan (:func:`looks_like_plan`), input or not;
    * it is a block device (a disk: never an output), or a folder;
    * it is inside a ``.git`` folder (a repository's own records);
    * with ``folder``: it is a file; or an input lies anywhere under it, or
      any file under it is an input (by device and inode) or a plan.

    Links are followed as the system follows them, ``/dev/stdout`` and
    ``/proc/self/fd/1`` included: standard output redirected to a plan
    (``>> plan.yaml``) is that plan.

    Raises:
        StoreError: with ``usage`` True, saying which file and why.
    """
    shown = os.fspath(path)
    out = os.path.realpath(path)
    _refuse_git(shown, out)
    given = [(os.fspath(i), os.path.realpath(i), _identity(i)) for i in inputs]
    info = _status(path)  # not of `out`: the real path of /dev/stdout on a pipe names nothing
    if folder:
        _guard_folder(shown, out, info, given)
        return
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{shown} is a folder: name the file to write", usage=True)
    _refuse_disk(shown, info)
    ident = (info.st_dev, info.st_ino) if info is not None else None
    for name, real, theirs in given:
        if real == out or (ident is not None and theirs == ident):
            if os.path.abspath(name) == os.path.abspath(shown):
                message = f"refusing to write {shown}: this command reads it; name another output file"
                raise StoreError(message, usage=True)
            raise StoreError(
                f"refusing to write {shown}: it is the same file as {name}, which this command reads; "
                "name another output file",
                usage=True,
            )
    if info is not None and stat.S_ISREG(info.st_mode) and looks_like_plan(out):
        raise StoreError(f"refusing to write over {shown}: it is an hcplan plan; name another output file", usage=True)


def _guard_folder(
    shown: str, out: str, info: os.stat_result | None, given: list[tuple[str, str, tuple[int, int] | None]]
) -> None:
    """:func:`guard_output` for an output folder: no input or plan under it."""
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{shown} is a file, not a folder: name a folder to write into", usage=True)
    for name, real, _ in given:
        if real == out or real.startswith(out.rstrip(os.sep) + os.sep):
            raise StoreError(f"refusing to write into {shown}: it holds {name}, which this command reads", usage=True)
    if info is None:
        return
    wanted = {ident: name for name, _, ident in given if ident is not None}
    for root, _, files in os.walk(out):
        for entry in files:
            inside = os.path.join(root, entry)
            ident = _identity(inside)
            if ident in wanted:
                raise StoreError(
                    f"refusing to write into {shown}: {inside} is {wanted[ident]}, which this command reads",
                    usage=True,
                )
            if entry.lower().endswith(PLAN_SUFFIXES) and looks_like_plan(inside):
                raise StoreError(f"refusing to write into {shown}: it holds a plan ({inside})", usage=True)


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    info = _status(path)
    return None if info is None else (info.st_dev, info.st_ino)


def _status(path: str | os.PathLike[str]) -> os.stat_result | None:
    """What is at ``path``, every link followed; None when nothing is."""
    try:
        return os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None


def _refuse_git(shown: str, out: str) -> None:
    """Refuse a place inside a git repository's own folder (``.git/HEAD``, ``.git/config``;
    a bare repository's ``plans.git/HEAD``; one kept apart with ``--separate-git-dir``):
    what is written there changes the history of every plan in the repository. Such a
    folder is known by its name or by what git keeps in it (``HEAD``, ``objects``, ``refs``)."""
    folder = out
    while not (os.path.basename(folder).casefold() == ".git" or _git_folder(folder)):
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent
    raise StoreError(
        f"refusing to write {shown}: it is inside {folder}, a git repository's own folder, where git keeps "
        "its history and which only git may change; name a file elsewhere",
        usage=True,
    )


def _git_folder(folder: str) -> bool:
    """Whether ``folder`` is a git repository's own folder, as git itself knows one."""
    return (
        os.path.isfile(os.path.join(folder, "HEAD"))
        and os.path.isdir(os.path.join(folder, "objects"))
        and os.path.isdir(os.path.join(folder, "refs"))
    )


def _refuse_disk(shown: str, info: os.stat_result | None) -> None:
    """Refuse a block device: what is written there is written over a disk's contents."""
    if info is not None and stat.S_ISBLK(info.st_mode):
        raise StoreError(
            f"refusing to write {shown}: it is a block device (a disk or a partition), and writing it "
            "would overwrite what is stored there; name a file",
            usage=True,
        )


#: The top-level keys of a plan, as the format defines them (``hcplan.format.model.Plan``'s
#: fields: a test holds the two together). Written out, so that a command looking at
#: the file it would write to does not load the model for it.
PLAN_KEYS = frozenset(
    {
        "followed_by", "follows", "group", "hcplan", "leads", "meetings", "notes", "organisation",
        "period", "publication", "quarters", "scale", "themes", "timescales", "title",
    }
)  # fmt: skip


@cache
def _top_key() -> re.Pattern[str]:
    """A top-level key of a plan, at the start of a line, perhaps quoted."""
    keys = "|".join(sorted(map(re.escape, PLAN_KEYS)))
    return re.compile(rf"^[\"']?({keys})[\"']?[ \t]*:(?=[ \t\r\n]|$)", re.MULTILINE)


def looks_like_plan(path: str | os.PathLike[str]) -> bool:
    """True when the file at ``path`` is, or is meant to be, an hcplan plan.

    A plan is recognised by its top-level keys (:data:`PLAN_KEYS`): the
    ``hcplan`` key and one other, or any three, written at the start of a
    line. That holds for a plan with errors, half-written or cut short, which
    is still somebody's plan. A ``.yaml``/``.yml`` file is also read as YAML,
    to catch a plan written on one line (``{title: ..., themes: [...]}``); a
    JSON export of a plan, whose keys are indented, is not taken for one.
    Files that cannot be read are not plans.
    """
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES)
    except OSError:
        return False
    # Lines may end in CR alone; the pattern's ^ knows only LF.
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r", "\n")
    if has_plan_keys(match.group(1) for match in _top_key().finditer(text)):
        return True
    if not os.fspath(path).lower().endswith(PLAN_SUFFIXES):
        return False
    try:
        data, _ = parse(decode(raw, os.fspath(path)))
    except ReadError:
        return False
    return isinstance(data, dict) and has_plan_keys(data)


def has_plan_keys(keys: Iterable[object]) -> bool:
    """True when ``keys`` (a mapping's, at the top of a file) are a plan's: the ``hcplan``
    key and one other, or any three (:data:`PLAN_KEYS`)."""
    found = {key for key in keys if isinstance(key, str)} & PLAN_KEYS
    return len(found) >= 3 or ("hcplan" in found and len(found) >= 2)


# --- temporary files -------------------------------------------------------

_TEMPORARY = re.compile(r"\.(?P<name>.+)\.hcplan-(?P<pid>\d+)-[0-9a-f]{8}\.tmp")


def temporary_name(name: str) -> str:
    """The name of a new temporary file for the file called ``name``."""
    return f".{name}.hcplan-{os.getpid()}-{os.urandom(4).hex()}.tmp"


def is_temporary(name: str) -> bool:
    """True when ``name`` (a file name, no folder) is one of hcplan's temporary files."""
    return _TEMPORARY.fullmatch(name) is not None


def clean_stale(folder: str, name: str) -> list[str]:
    """Remove hcplan's stale temporary files for the file ``name`` in ``folder``.

    Only regular files named as :func:`temporary_name` names them, for this
    file, are touched; one is stale when the process that wrote it is gone,
    or it is older than :data:`STALE_AFTER`. Returns what was removed.
    """
    removed: list[str] = []
    try:
        entries = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry)
        if match is None or match.group("name") != name:
            continue
        full = os.path.join(folder, entry)
        try:
            info = os.lstat(full)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if running(int(match.group("pid"))) and now - info.st_mtime < STALE_AFTER:
            continue
        try:
            os.unlink(full)
        except OSError:
            continue
        removed.append(full)
    return removed


def running(pid: int) -> bool:
    """True when a process ``pid`` runs on this machine (ours included)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or a pid we cannot ask about
    return True


# --- the write itself ------------------------------------------------------


def write_outputs(
    files: Iterable[tuple[str | os.PathLike[str], bytes]], inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write several output files as one: each as :func:`write_output` would, but every
    file is staged first, and only once all are does any replace what was there. A
    full disk or any failure leaves every file as it was (a digest's message and its
    workbook are never of two runs).

    Raises:
        StoreError: nothing was written; ``usage`` is True for a refused output.
    """
    inputs = list(inputs)
    planned = []
    for path, data in files:
        guard_output(path, inputs)
        shown = os.fspath(path)
        target, info = _replaceable(shown, path)
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise StoreError(f"{shown} is not a file; nothing was written", usage=True)
        planned.append((shown, target, data, info))
    staged: list[tuple[str, str, str]] = []
    current = ""  # the file being written, for a message
    try:
        for current, target, data, info in planned:
            staged.append((current, _staged(current, target, data, like=info, faithful=False, none=True), target))
        for shown, temporary, target in staged:
            current = shown
            os.replace(temporary, target)
    except BaseException as exc:
        for _, temporary, _ in staged:
            _unlink(temporary)
        if isinstance(exc, OSError):
            raise StoreError(f"could not write {current}: {exc.strerror or exc}") from None
        raise
    for folder in {os.path.dirname(target) or "." for _, _, target in staged}:
        _sync_folder(folder)


def _write(shown: str, target: str, data: bytes, *, like: os.stat_result | None, faithful: bool) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it over ``target``.

    ``like`` is the file being replaced, if any: its mode is kept, and with
    ``faithful`` its owner, group and extended attributes too, or nothing is
    written.
    """
    temporary = _staged(shown, target, data, like=like, faithful=faithful)
    try:
        os.replace(temporary, target)
    except BaseException as exc:
        _unlink(temporary)
        if isinstance(exc, OSError):
            raise _failed(shown, exc, faithful) from None
        raise
    _sync_folder(os.path.dirname(target) or ".")


def _staged(
    shown: str, target: str, data: bytes, *, like: os.stat_result | None, faithful: bool, none: bool = False
) -> str:
    """A new temporary file beside ``target`` holding ``data``, flushed to disk: its path.

    hcplan's stale temporary files of ``target`` are removed first. On any
    failure the temporary file is removed again (and the error says the file is
    unchanged, or with ``none``, one of several, that nothing was written).
    """
    folder = os.path.dirname(target) or "."
    name = os.path.basename(target)
    clean_stale(folder, name)
    temporary = os.path.join(folder, temporary_name(name))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        # A new file gets the mode the user's umask gives; a replaced one, its own.
        fd = os.open(temporary, flags, 0o600 if like is not None else 0o666)
    except OSError as exc:
        raise StoreError(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if like is not None:
                if faithful:
                    _keep_owner(handle.fileno(), like, shown)
                os.fchmod(handle.fileno(), stat.S_IMODE(like.st_mode))
                if faithful:
                    _keep_xattrs(handle.fileno(), target, shown)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        _unlink(temporary)
        if isinstance(exc, OSError):
            raise _failed(shown, exc, faithful, like is not None and not none) from None
        raise
    return temporary


def _failed(shown: str, exc: OSError, plan: bool, existed: bool = True) -> StoreError:
    said = f"the {'plan' if plan else 'file'} is unchanged" if existed else "nothing was written"
    return StoreError(f"could not write {shown}: {exc.strerror or exc}; {said}")


def make_folders(path: str) -> list[str]:
    """Make the folders ``path`` (a file to write) needs, and return those made, outermost
    first, for :func:`remove_folders` to take back if the write fails.

    Raises:
        StoreError: a folder could not be made; none is left of those made.
    """
    missing = []
    folder = os.path.dirname(os.path.abspath(path))
    while not os.path.isdir(folder) and folder != os.path.dirname(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    made: list[str] = []
    for folder in reversed(missing):
        try:
            os.mkdir(folder)
        except FileExistsError:
            continue
        except OSError as exc:
            remove_folders(made)
            raise StoreError(f"cannot write {path}: cannot make the folder {folder}: {exc.strerror}") from None
        made.append(folder)
    return made


def remove_folders(made: list[str]) -> None:
    """Remove the folders :func:`make_folders` made, innermost first, while they are empty."""
    for folder in reversed(made):
        try:
            os.rmdir(folder)
        except OSError:
            return


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _keep_owner(fd: int, like: os.stat_result, shown: str) -> None:
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (like.st_uid, like.st_gid):
        return
    try:
        os.fchown(fd, like.st_uid, like.st_gid)
    except PermissionError:
        raise StoreError(
            f"{shown} belongs to {_owner(like)}, and hcplan cannot give a new copy back to them as you "
            f"({_owner(mine)}): writing it would change who owns it, so hcplan leaves it as it is. "
            "Ask its owner to run the update, or change its owner or group to yours first (chown/chgrp)"
        ) from None


def _keep_xattrs(fd: int, target: str, shown: str) -> None:
    """Give the temporary file the extended attributes of ``target``."""
    try:
        names = os.listxattr(target)
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            return  # the file system has none
        raise
    for name in names:
        try:
            value = os.getxattr(target, name)
        except OSError:
            continue  # vanished, or not ours to read: nothing to keep
        try:
            current = os.getxattr(fd, name)
        except OSError:
            current = None
        if current == value:
            continue
        try:
            os.setxattr(fd, name, value)
        except OSError as exc:
            raise StoreError(
                f"cannot keep the extended attribute {name} of {shown} ({exc.strerror}), so hcplan leaves it as it is"
            ) from None
    kept = set(names)
    for name in os.listxattr(fd):  # e.g. a folder's default ACL the plan did not have
        if name not in kept:
            try:
                os.removexattr(fd, name)
            except OSError:
                pass


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. a folder we may not open
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def guard_new(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Refuse a new file that could not be written, before any work (or question) for it.

    The file must not exist (nor be a broken link), must not be an input or a
    plan (:func:`guard_output`), and its folder must be one that can be made
    and written in: the nearest folder that exists on its way must be a
    folder, and writable. :func:`create_new` still refuses a file that appears
    meanwhile. A pipe, device or socket (:func:`written_into`) is no file:
    it is written into, so it may exist.

    Raises:
        StoreError: with ``usage`` True for a file that exists, or an input;
            without, for a folder that cannot be written.
    """
    shown = os.fspath(path)
    if written_into(path):
        guard_output(path, inputs)
        return
    if os.path.lexists(path):
        _refuse_disk(shown, _status(path))
        raise StoreError(f"{shown} exists: a new file is never written over one; name a new one", usage=True)
    guard_output(path, inputs)
    folder = os.path.dirname(os.path.abspath(path))
    while not os.path.lexists(folder):
        folder = os.path.dirname(folder)
    if not os.path.isdir(folder):
        raise StoreError(f"cannot write {shown}: {folder} is a file, not a folder")
    if os.geteuid() != 0 and not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write {shown}: the folder {folder} is not writable")


def create_new(path: str, data: bytes) -> None:
    """Write a new file at ``path``, all or nothing, and never over anything there.

    The data is written whole to a temporary file of hcplan's beside
    ``path``, then hard-linked into place: the link fails if anything is at
    ``path``, so a file that appeared meanwhile is never replaced. Where hard
    links are not allowed, an empty file is created exclusively and the data
    renamed over it. (``rollover`` writes its new plan so; the output guard,
    :func:`guard_output`, is the caller's, as for :func:`write_output`.)
    A pipe or a device is no new file: :func:`write_into` writes one.

    Raises:
        StoreError: something is at ``path`` already, or the data could not
            be written; nothing is left behind.
    """
    target = os.path.join(os.path.dirname(os.path.abspath(path)), os.path.basename(path))
    staged = _staged(path, target, data, like=None, faithful=False)
    try:
        try:
            os.link(staged, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links here: claim the name, then fill it
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            try:
                os.replace(staged, target)
            except BaseException:
                os.unlink(target)  # the empty file made just now
                raise
    except FileExistsError:
        raise StoreError(f"{path} exists already; nothing was written") from None
    except OSError as exc:
        raise StoreError(f"could not write {path}: {exc.strerror or exc}") from None
    finally:
        _unlink(staged)
    _sync_folder(os.path.dirname(target))


# --- outputs that are not files --------------------------------------------


def written_into(path: str | os.PathLike[str]) -> bool:
    """True when the output ``path`` is written into as it is, not replaced by a new file.

    That is a pipe (FIFO), a character device (a terminal, ``/dev/null``) or
    a socket, or a link to one (``/dev/stdout``, ``/proc/self/fd/1``): no
    temporary file beside it, no rename over it, as every Unix tool writes
    one. A regular file, or nothing, is not (it is written atomically).
    """
    info = _status(path)
    return info is not None and (
        stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode) or stat.S_ISSOCK(info.st_mode)
    )


def write_into(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` into the pipe, device or socket at ``path`` (:func:`written_into`), as it is.

    Opening a pipe waits for its reader, as it does for any writer. The
    guard is the caller's (:func:`guard_output`, :func:`guard_new`), as for
    :func:`create_new`; :func:`write_output` calls this for such an output.

    Raises:
        StoreError: it could not be opened, or not all of ``data`` went.
        BrokenPipeError: the reader went away.
    """
    shown = os.fspath(path)
    fd = _open_into(shown, path)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StoreError(f"could not write {shown}: {exc.strerror or exc}") from None
    finally:
        try:
            os.close(fd)
        except OSError:  # pragma: no cover - closing a pipe or a device does not fail
            pass


def _open_into(shown: str, path: str | os.PathLike[str]) -> int:
    """A new descriptor open for writing on the pipe, device or socket at ``path``.

    A socket cannot be opened as a file: one that is hcplan's own standard
    output or error (``/dev/stdout`` on a socket) is written through that
    descriptor, and another is connected to (a Unix stream socket).
    """
    info = _status(path)
    if info is not None and stat.S_ISSOCK(info.st_mode):
        for fd in (1, 2):
            mine = _descriptor(fd)
            if mine is not None and (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino):
                return os.dup(fd)
        import socket

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(os.fspath(path))
        except OSError as exc:
            sock.close()
            raise StoreError(
                f"cannot write {shown}: it is a socket, and connecting to it failed: {exc.strerror or exc}"
            ) from None
        return sock.detach()
    try:
        return os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise StoreError(f"cannot write {shown}: {exc.strerror or exc}") from None


def _descriptor(fd: int) -> os.stat_result | None:
    try:
        return os.fstat(fd)
    except OSError:
        return None
