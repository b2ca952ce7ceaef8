"""Standard output that remembers a write to it that failed.

Python's standard output raises an ``OSError`` on a full disk (``> /dev/full``)
or a device error as any file does, so nothing would tell that failure, the
machine's and the user's to fix (exit 1, one line), from a bug in hcplan
(exit 3). :func:`guard` puts under ``sys.stdout`` a file that remembers the
first write that failed; :func:`failure` says whether one did, and
:func:`discard` sends what is still buffered nowhere, so that Python's own
flush at exit has nothing to complain about. A reader that closes the pipe
(``BrokenPipeError``) is not a failure: the rest of the output goes nowhere
(or, where standard output is not guarded, it is answered apart:
:func:`hcplan.cli.reader_gone`).

A standard stream the shell closed (``hcplan check plans >&-``) is
:func:`occupied` first: see there.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class _Guarded(io.FileIO):
    """The file under standard output's buffer: a write that fails is remembered. Once its
    reader has gone (a closed pipe), what is written goes nowhere and the command runs on
    to its end, so that its exit status is its own (``hcplan check plans | head`` exits 1
    for a plan with errors, as a shell's pipefail expects)."""

    failed: OSError | None = None
    gone: bool = False
    shut: bool = False  # closed when hcplan started (>&-): every write fails

    def write(self, data: ReadableBuffer, /) -> int:
        if self.gone:
            return memoryview(data).nbytes
        if self.shut:
            import errno

            self.failed = self.failed or OSError(errno.EBADF, "it is closed (>&-)")
            raise self.failed
        try:
            return super().write(data)
        except BrokenPipeError:
            self.gone = True
            return memoryview(data).nbytes
        except OSError as exc:
            if self.failed is None:
                self.failed = exc
            raise


#: The guarded file under ``sys.stdout``, once :func:`guard` has put it there.
_guarded: list[_Guarded] = []


#: The standard streams (0, 1, 2) that were closed when hcplan started.
_closed: set[int] = set()


def occupied() -> None:
    """Open each standard stream the shell closed (``>&-``, ``2>&-``, ``<&-``) on the null
    device, so that no file hcplan opens later takes its number: a plan opened as
    descriptor 1 would have standard output written into it (and a child process's,
    which inherits it), and reading ``-`` would read whatever file had become 0.
    Python left ``sys.stdin``/``stdout``/``stderr`` None for them; each becomes a
    stream again: standard input reads nothing, standard error writes nowhere (the
    exit status still tells), and standard output fails its first write, said as
    any failed write to it is (:func:`failure`)."""
    for fd, stream in enumerate((sys.stdin, sys.stdout, sys.stderr)):
        if stream is not None:
            continue
        try:
            os.fstat(fd)
            continue  # open after all: Python had other reasons to give no stream
        except OSError:
            pass
        null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
        if null != fd:  # the lowest free number: fd itself, unless a lower one is closed too
            os.dup2(null, fd)
            os.close(null)
        _closed.add(fd)
    for fd in sorted(_closed):
        if fd == 0:
            sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
        elif fd == 2:
            sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", write_through=True)
        else:
            raw = _Guarded(1, "w", closefd=False)
            raw.shut = True
            sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", errors="strict")
            _guarded.append(raw)


def closed(fd: int) -> bool:
    """Whether the standard stream ``fd`` was closed when hcplan started (see :func:`occupied`)."""
    return fd in _closed


def guard() -> None:
    """Put a :class:`_Guarded` file under ``sys.stdout``, with the same encoding, errors,
    buffering and line buffering. Nothing changes where standard output is not a file."""
    out = sys.stdout
    if _guarded or not isinstance(out, io.TextIOWrapper):
        return
    try:
        fd = out.fileno()
    except (OSError, ValueError):  # no descriptor behind it
        return
    out.flush()
    raw = _Guarded(fd, "w", closefd=False)
    binary: io.RawIOBase | io.BufferedWriter = (
        io.BufferedWriter(raw) if isinstance(out.buffer, io.BufferedWriter) else raw  # python -u: unbuffered
    )
    sys.stdout = io.TextIOWrapper(
        binary,
        encoding=out.encoding,
        errors=out.errors,
        line_buffering=out.line_buffering,
        write_through=out.write_through,
    )
    _guarded.append(raw)


def failure() -> OSError | None:
    """The first write to standard output that failed (not a closed pipe), if one did."""
    return _guarded[0].failed if _guarded else None


def discard() -> None:
    """Send whatever standard output still holds nowhere: it is not written, and
    Python says nothing of it at exit (the way the Python documentation gives for a
    closed pipe: see "Note on SIGPIPE" in the signal module's)."""
    for raw in _guarded:
        raw.gone = True  # one closed from the start (>&-) would fail again
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind standard output (a test runner's)
        pass
    finally:
        os.close(devnull)


#: Options whose value names a file hcplan writes, not one it reads.
_OUTPUT_OPTIONS = ("-o", "--output")


def onto_input(args: Sequence[str]) -> str | None:
    """Why nothing may be written, when the shell opened standard output or standard
    error on a file the command reads (``hcplan report plan.yaml >> plan.yaml``,
    ``2>> plan.yaml``): a file named in ``args`` (not as ``-o``), or a plan in a folder
    named there or in ``./plans``; else None.

    The shell opens the file before hcplan starts: ``>>`` would add hcplan's
    output to the plan, ``>`` has emptied it already. When standard error is
    such a file, what hcplan says on it goes to standard output instead, or
    (standard output such a file too) nowhere.
    """
    opened = {fd: _regular(fd) for fd in (1, 2)}
    if not any(opened.values()):
        return None
    inputs = _inputs(args)  # found once, for both
    why = {fd: _onto(fd, info, inputs) for fd, info in opened.items() if info is not None}
    if why.get(2) is not None:
        sys.stderr = io.StringIO() if why.get(1) is not None else sys.stdout
        return why[2]
    return why.get(1)


def _regular(fd: int) -> os.stat_result | None:
    """What ``fd`` is open on, when it is a regular file."""
    try:
        info = os.fstat(fd)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def _onto(fd: int, out: os.stat_result, inputs: list[tuple[str, tuple[int, int]]]) -> str | None:
    """Why ``fd`` (open on the file ``out``) must not be written: it is one of ``inputs``."""
    stream, shell = ("standard error", "2") if fd == 2 else ("standard output", "")
    for path, identity in inputs:
        if identity != (out.st_dev, out.st_ino):
            continue
        try:
            import fcntl

            appending = bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND)
        except (ImportError, OSError):  # pragma: no cover - not a POSIX system
            appending = out.st_size > 0
        if appending:
            return (
                f"{stream} is {path}, which this command reads: its output would be added to it "
                f"({shell}>> {path}); nothing was written. Send the output to another file"
            )
        if out.st_size == 0:
            return (
                f"{stream} is {path}, which this command reads: the shell emptied it ({shell}> {path}) "
                f"before hcplan started. Get it back from git (git checkout -- {path}) or a copy, "
                "and send the output to another file"
            )
        return f"{stream} is {path}, which this command reads; nothing was written. Send the output to another file"
    return None


def _inputs(args: Sequence[str]) -> list[tuple[str, tuple[int, int]]]:
    """The files the command line ``args`` names to read (not as ``-o``) and the plans
    of the folders it names or of ``./plans``, each with its device and inode."""
    named: list[str] = []
    skip = False
    for arg in args:
        if skip or arg in _OUTPUT_OPTIONS:
            skip = not skip and arg in _OUTPUT_OPTIONS
            continue
        if arg.startswith("-"):  # an option, or --option=VALUE
            option, _, arg = arg.partition("=")
            if option in _OUTPUT_OPTIONS:
                continue
        if arg:
            named.append(arg)
    found = []
    for path in _files(named + ["plans"]):
        try:
            info = os.stat(path)
        except OSError:
            continue
        found.append((path, (info.st_dev, info.st_ino)))
    return found


def _files(paths: Sequence[str]) -> list[str]:
    """The files named by ``paths``: files as they are, folders' plans (YAML files)."""
    found: list[str] = []
    for path in paths:
        if os.path.isfile(path):
            found.append(path)
        elif os.path.isdir(path):
            from hcplan.checking.loader import discover

            found.extend(discover([path]))
    return found
