"""A cache of what hcplan worked out about a plan file, keyed by its content.

Reading, validating and checking a plan costs far more than starting Python;
a plan changes a few times a quarter and is read many times a day. Like
mypy, ruff and beancount, hcplan keeps what it found, keyed by a hash of the
file's bytes and its own version, so it can never serve an answer for other
content or from another hcplan:

* ``problems``: what ``hcplan check`` found (JSON), per day, since "an
  update dated in the future" depends on the day; and ``errors``, only the
  errors, for a command that needs no more than a valid plan (export,
  report...), which the full entry answers too;
* ``plan``: the validated plan itself (a pickle, for the listings);
* ``answer``: a plan's part of a listing (a pickle of plain rows), per question.

Entries live in a folder of their own per hcplan version, Python version and
stamp of hcplan's own code (:func:`code_stamp`), so a changed hcplan never
reads an older one's answers.

Every entry is written to a temporary file and renamed, so two processes
filling the cache at once each write whole entries; an entry that cannot be
read (corrupt, truncated, from elsewhere) is a miss, and a cache folder that
cannot be written is simply not used. ``HCPLAN_CACHE_DIR`` moves the cache,
``HCPLAN_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
import stat
import sys
from functools import cache
from hashlib import sha256
from pathlib import Path
from typing import Any

from hcplan import __version__


def digest(raw: bytes) -> str:
    """The key of a file's content: its SHA-256."""
    return sha256(raw).hexdigest()


@cache
def code_stamp() -> str:
    """A stamp of hcplan's own code: its files' names, sizes and times.

    A release has its own version, but a working copy (an editable install)
    changes without one: its answers must not outlive the code that gave them.
    """
    package = Path(__file__).parents[1]
    seen = []
    try:
        folders = [package, *sorted(p for p in package.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))]
    except OSError:  # pragma: no cover - a package without a folder (a zip)
        folders = []
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".py"):
                        info = entry.stat()
                        seen.append(f"{folder.name}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:  # pragma: no cover - a package without a folder (a zip)
            pass
    return digest("\n".join(sorted(seen)).encode())[:12]


def default_root() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    if os.environ.get("HCPLAN_NO_CACHE"):
        return None
    if os.environ.get("HCPLAN_CACHE_DIR"):
        return Path(os.environ["HCPLAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hcplan"


class Cache:
    """Entries under ``root``, in a folder of this hcplan version's own."""

    def __init__(self, root: Path | None) -> None:
        self.folder = (
            root / f"v{__version__}-py{sys.version_info[0]}{sys.version_info[1]}-{code_stamp()}" if root else None
        )
        self._usable: bool | None = None

    @classmethod
    def default(cls) -> Cache:
        return cls(default_root())

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    # entries

    def problems(self, key: str, day: str, *, errors_only: bool = False) -> list[Any] | None:
        data = self._read_json(key, f"{'errors' if errors_only else 'problems'}-{day}")
        return data if isinstance(data, list) else None

    def put_problems(self, key: str, day: str, problems: list[Any], *, errors_only: bool = False) -> None:
        import json  # only the problem entries are JSON; listings never load it

        self._write(key, f"{'errors' if errors_only else 'problems'}-{day}", json.dumps(problems).encode())

    def plan(self, key: str) -> Any:
        """The validated plan stored for ``key``, or None."""
        raw = self._read(key, "plan")
        if raw is None:
            return None
        try:
            import pickle

            import pydantic

            stored_pydantic, plan = pickle.loads(raw)
            from hcplan.format.model import Plan

            if stored_pydantic != pydantic.VERSION or not isinstance(plan, Plan):
                return None
            return plan
        except Exception:  # noqa: BLE001 - any unreadable entry is a miss
            return None

    def put_plan(self, key: str, plan: Any) -> None:
        import pickle

        import pydantic

        self._write(key, "plan", pickle.dumps((pydantic.VERSION, plan), protocol=pickle.HIGHEST_PROTOCOL))

    def answer(self, key: str, question: str) -> Any:
        """What a listing found in the plan stored for ``key`` and ``question``, or None."""
        raw = self._read(key, "answer-" + digest(question.encode())[:32])
        if raw is None:
            return None
        try:
            import pickle

            return pickle.loads(raw)
        except Exception:  # noqa: BLE001 - any unreadable entry is a miss
            return None

    def put_answer(self, key: str, question: str, answer: Any) -> None:
        import pickle

        name = "answer-" + digest(question.encode())[:32]
        self._write(key, name, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))

    # files

    def _path(self, key: str, kind: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.{kind}"

    def _read(self, key: str, kind: str) -> bytes | None:
        if self.folder is None or not self._safe():
            return None
        try:
            return self._path(key, kind).read_bytes()
        except OSError:
            return None

    def _read_json(self, key: str, kind: str) -> Any:
        raw = self._read(key, kind)
        if raw is None:
            return None
        import json

        try:
            return json.loads(raw)
        except ValueError:
            return None

    def _write(self, key: str, kind: str, data: bytes) -> None:
        if self.folder is None:
            return
        target = self._path(key, kind)
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self._safe():
                return
            import tempfile

            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            self.folder = None  # read-only, full or missing: carry on without a cache

    def _safe(self) -> bool:
        """The cache holds pickles: use it only if nobody else can write to it."""
        if self._usable is None:
            assert self.folder is not None
            try:
                info = os.stat(self.folder.parent)
            except OSError:
                return True  # nothing there yet: nothing to read, and writes create it privately
            own = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            self._usable = own and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        return self._usable
