"""Work on many plan files at once, on every core.

A repository may hold a plan per year, per strategy, per borough: thousands
of files. Each file is independent, so past a few dozen they are shared out
to worker processes, one per core, and the answers stream back in file
order; nothing is kept but the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

from hcplan.aside import cores
from hcplan.problems import Problem

#: Below this many files, starting workers costs more than it saves.
PARALLEL_FROM = 32

T = TypeVar("T")


def map_files(
    function: Callable[..., T],
    calls: Sequence[tuple[Any, ...]],
    *,
    jobs: int | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> Iterator[T]:
    """``function(*call)`` for each call, in order; on every core when there are many.

    ``function`` must be a module-level function and its arguments plain data,
    so that worker processes can receive them. ``parallel_from`` is how many
    calls make workers worth starting (fewer for slower calls). Only a few
    batches are in flight at once: answers are not piled up faster than they
    are used, so memory stays flat however many files there are.
    """
    jobs = cores() if jobs is None else jobs
    if jobs <= 1 or len(calls) < parallel_from:
        for call in calls:
            yield function(*call)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = max(1, min(BATCH, len(calls) // (jobs * 4)))
    batches = (calls[i : i + size] for i in range(0, len(calls), size))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: deque[Future[list[T]]] = deque()
        try:
            for batch in batches:
                if not pending:  # the first: the pool starts its workers now
                    with ctrl_c_held():
                        pending.append(pool.submit(_batch, function, batch))
                    continue
                pending.append(pool.submit(_batch, function, batch))
                if len(pending) >= 2 * jobs:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except KeyboardInterrupt:
            # Ctrl-C: what has not begun is dropped; the batches under way end (the
            # workers do not take the signal, so no lock is left held) and the pool closes.
            pool.shutdown(wait=False, cancel_futures=True)
            raise


@contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back while worker processes are started: they start with it blocked, and
    leave it to the process that started them, which gets it once this ends. Interrupted
    in the middle of handing back an answer, a worker could leave its pool's lock held,
    and the whole command waiting on it for ever."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


#: The most calls sent to a worker at once.
BATCH = 16


def _batch(function: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> list[T]:
    return [function(*call) for call in calls]


def file_problems(path: str, today: date) -> list[Problem]:
    """The problems of one plan file (the cache answers when it can)."""
    from hcplan.checking.loader import load_plan
    from hcplan.files.cache import Cache

    return load_plan(path, today=today, cache=Cache.default(), want_plan=False).problems


def check_files(files: list[str], today: date, *, jobs: int | None = None) -> Iterator[tuple[str, list[Problem]]]:
    """Each file with its problems, in the order given."""
    return zip(files, map_files(file_problems, [(path, today) for path in files], jobs=jobs), strict=True)
