"""Check many plan files at once, on every core.

A repository may hold a plan per year, per strategy, per borough: thousands
of files. Each file is independent, so past a few dozen they are shared out
to worker processes, one per core, and their problems stream back in file
order; nothing is kept but the problems.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

from hcplan.cache import Cache
from hcplan.problems import Problem

#: Below this many files, starting workers costs more than it saves.
PARALLEL_FROM = 32


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _problems(args: tuple[str, date, str | None]) -> list[Problem]:
    from hcplan.loader import load_plan

    path, today, root = args
    cache = Cache.default() if root is None else Cache(None)
    return load_plan(path, today=today, cache=cache, want_plan=False).problems


def check_files(files: list[str], today: date, *, jobs: int | None = None) -> Iterator[tuple[str, list[Problem]]]:
    """Each file with its problems, in the order given."""
    jobs = cores() if jobs is None else jobs
    cache = Cache.default()
    if jobs <= 1 or len(files) < PARALLEL_FROM:
        from hcplan.loader import load_plan

        for path in files:
            yield path, load_plan(path, today=today, cache=cache, want_plan=False).problems
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    marker = None if cache.enabled else "off"
    chunk = max(1, len(files) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = pool.map(_problems, [(path, today, marker) for path in files], chunksize=chunk)
        yield from zip(files, results)
