"""Work done beside a command, on the second core, while the command goes on.

A cold read of a large plan is a chain: parse the YAML, load the model
(pydantic builds its validators as it is imported), validate, check, keep
the plan in the cache, then the command's own work. Two links of it need
nothing from each other: the text can be parsed while the model loads, and
the plan can be written to the cache while the command goes on with it; and
``hcplan import`` reads the partners' workbooks while it reads the plan. On
a machine with a core to spare, each is done in a forked child process:

* :class:`Aside` works out a value there (sent back through a pipe with
  :mod:`marshal`, or :mod:`pickle`): :meth:`Aside.result` is the value, or
  None when the child could not give it (the caller then works it out
  itself, with the same result and the same errors);
* :func:`beside` runs a function there whose result nobody waits for (a
  cache entry written); :func:`finish` waits for those before the process
  ends, and runs at exit.

A child never writes to the terminal, holds none of the parent's files (a
plan's lock included), leaves Ctrl-C to the parent, and ends with
``os._exit``: nothing of the parent's (its buffered output, its exit
handlers) runs twice. Where forking is not safe or not worth it (another
OS, threads running, one core, a worker of a batch already using every
core), everything runs in the process itself, as it always could.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

#: The children of :func:`beside` not yet waited for, and the readers of unfinished asides.
_pending: list[int] = []
_open: list[Aside] = []


def forking() -> bool:
    """Whether work may go to a forked child here: Linux (fork is its way; macOS
    frameworks are not safe across it), this process running no other thread,
    a second core, this process no worker of a batch, and its children its own
    to reap (SIGCHLD not ignored: ``hcplan`` restores it as it starts)."""
    if sys.platform != "linux" or os.environ.get("HCPLAN_NO_FORK"):
        return False
    if "threading" in sys.modules and sys.modules["threading"].active_count() > 1:
        return False
    if "multiprocessing" in sys.modules and sys.modules["multiprocessing"].parent_process() is not None:
        return False
    import signal

    if signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
        return False  # the system would reap a child itself, and its number could be another's
    return cores() > 1


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Aside:
    """``function(*args)`` worked out in a child process (see the module's notes)."""

    def __init__(self, function: Callable[..., Any], *args: Any, plain: bool = True) -> None:
        """``plain``: the value is plain data (dicts, lists, text, numbers), sent with
        :mod:`marshal`; else with :mod:`pickle`, for objects (slower)."""
        self.pid = 0
        self.reader = -1
        self.plain = plain
        if not forking():
            return
        read, write = os.pipe()
        if min(read, write) <= 2:  # standard streams closed: the pipe took their numbers
            os.close(read)
            os.close(write)
            return

        def work() -> None:
            data = _dumps(function(*args), plain)
            with os.fdopen(write, "wb") as pipe:  # its length first: a value cut short is seen
                pipe.write(len(data).to_bytes(8, "big") + data)

        pid = _fork(work, keep=write)
        if pid <= 0:  # no process to spare: the caller works it out itself
            os.close(read)
            os.close(write)
            return
        os.close(write)
        self.pid, self.reader = pid, read
        _watch()
        _open.append(self)

    def result(self) -> Any:
        """The value, or None when the child gave none."""
        if not self.pid:
            return None
        chunks = []
        try:
            with os.fdopen(self.reader, "rb") as pipe:
                self.reader = -1
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
        except BaseException:  # Ctrl-C while waiting: the child's work goes with the command
            _stop(self.pid)
            raise
        finally:
            _reap(self.pid)
            self.pid = 0
            _open.remove(self)
        data = b"".join(chunks)
        # Whole, or nothing: a child that died part way (out of memory, killed) sent part of it.
        if len(data) < 8 or int.from_bytes(data[:8], "big") != len(data) - 8:
            return None
        try:
            return _loads(data[8:], self.plain)
        except Exception:  # noqa: BLE001 # pragma: no cover - a value sent whole reads back
            return None

    def abandon(self) -> None:
        """Stop the child, its value unwanted (the command ends before it is asked for)."""
        if self.reader >= 0:
            os.close(self.reader)
            self.reader = -1
        if self.pid:
            _stop(self.pid)
            _reap(self.pid)
            self.pid = 0


def beside(function: Callable[..., Any], *args: Any) -> None:
    """Run ``function(*args)`` in a child process when :func:`forking`, else here and now.
    Nothing comes back; an error in the child is lost (what it does must be optional,
    as a cache entry is)."""
    if forking():
        pid = _fork(lambda: function(*args), keep=None)
        if pid > 0:
            _watch()
            _pending.append(pid)
            return
    function(*args)


def finish() -> None:
    """Wait for every child :func:`beside` started, and stop unfinished asides."""
    for aside in _open:
        aside.abandon()
    _open.clear()
    while _pending:
        _reap(_pending.pop())


def _dumps(value: Any, plain: bool) -> bytes:
    if plain:
        import marshal

        return marshal.dumps(value)
    import pickle

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _loads(data: bytes, plain: bool) -> Any:
    if plain:
        import marshal

        return marshal.loads(data)
    import pickle

    return pickle.loads(data)


@cache
def _watch() -> None:
    """Have :func:`finish` run at exit (once: the answer is kept)."""
    import atexit

    atexit.register(finish)


def _fork(work: Callable[[], None], keep: int | None) -> int:
    """Fork a child that does ``work`` and ends; its pid, or -1 when there is none.

    Ctrl-C is held back across the fork, so that the child, whatever happens
    in it, never runs a line of its parent's code: it ends in ``os._exit``.
    """
    import signal

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        pid = -1
    if pid == 0:  # pragma: no cover - the child (coverage does not follow a fork)
        try:
            _child(keep)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            work()
        except BaseException:  # noqa: BLE001 - the parent does the work itself, or goes without it
            os._exit(1)
        os._exit(0)
    signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held meanwhile is the parent's now
    return pid


def _child(keep: int | None) -> None:  # pragma: no cover - runs in the child
    """Make a new child quiet and free of its parent's files: standard streams to
    the null device, every other descriptor but ``keep`` closed (a lock held
    through one would be held until the child ended), Ctrl-C ignored
    (the parent answers it; the child's work is short and ends cleanly)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    null = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(null, stream)
    if null > 2:
        os.close(null)
    try:
        names = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: every number a descriptor may have
        names = list(range(3, os.sysconf("SC_OPEN_MAX")))
    for fd in names:
        if fd > 2 and fd != keep:
            try:
                os.close(fd)
            except OSError:  # the listing's own descriptor, closed already; or none
                pass


def _stop(pid: int) -> None:
    """Stop the child ``pid`` at once: an aside's work has no effect but its value."""
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # pragma: no cover - it has ended and been reaped
        pass


def _reap(pid: int) -> None:
    """Wait for the child ``pid`` to end (what it sent says whether it did its work)."""
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # pragma: no cover - reaped already
        pass
