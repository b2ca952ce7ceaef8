"""Write plan files safely: one writer at a time, and never half a file.

A write takes an exclusive lock on the plan file, so two people updating at
once queue instead of losing an update; the new text goes to a temporary file
in the same folder, is flushed and fsynced, and only then renamed over the
plan, so a crash or a full disk leaves the old plan whole.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

try:  # POSIX; elsewhere hcplan writes atomically but cannot lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: How long an update waits for another one to finish before giving up.
LOCK_TIMEOUT = 30.0


class StoreError(Exception):
    """The plan could not be locked or written; it is unchanged."""


@contextmanager
def locked(path: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on the plan at ``path`` for the duration.

    The lock is taken on the file itself. A writer replaces the file by
    renaming, so after waiting for the lock the file may be a new one: the
    lock is then taken again on the file now at ``path``.

    Raises:
        StoreError: another writer held the plan for ``timeout`` seconds, or
            the file cannot be opened.
    """
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError as exc:
            raise StoreError(f"cannot open {path}: {exc.strerror}") from None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"{path} is being updated by someone else; try again in a moment"
                        ) from None
                    time.sleep(0.01)
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the file was replaced while we waited: lock the new one
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at ``path`` with ``data``, all or nothing.

    Raises:
        StoreError: the data could not be written; the file is unchanged and
            no temporary file is left behind.
    """
    target = os.path.realpath(path)  # write through a symlink, not over it
    folder = os.path.dirname(target) or "."
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o644
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise StoreError(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise StoreError(
                f"could not write {path}: {exc.strerror or exc}; the plan is unchanged"
            ) from None
        raise
    _sync_folder(folder)


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



def create_new(path: str, data: bytes) -> None:
    """Write a new file at ``path``, all or nothing, and never over anything there.

    The data is written whole (:func:`write_atomic`) under a name of its own
    beside ``path``, then hard-linked into place: the link fails if anything
    is at ``path``, so a file that appeared meanwhile is never replaced.
    Where hard links are not allowed, an empty file is created exclusively
    and the data renamed over it.

    Raises:
        StoreError: something is at ``path`` already, or the data could not
            be written; nothing is left behind.
    """
    import secrets

    folder = os.path.dirname(os.path.abspath(path))
    staged = os.path.join(folder, f".{os.path.basename(path)}.{secrets.token_hex(8)}.new")
    write_atomic(staged, data)
    try:
        try:
            os.link(staged, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here: claim the name, then fill it
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            try:
                os.replace(staged, path)
            except BaseException:
                os.unlink(path)  # the empty file made just now
                raise
    except FileExistsError:
        raise StoreError(f"{path} exists already; nothing was written") from None
    except OSError as exc:
        raise StoreError(f"could not write {path}: {exc.strerror or exc}") from None
    finally:
        try:
            os.unlink(staged)
        except OSError:
            pass
    _sync_folder(folder)
