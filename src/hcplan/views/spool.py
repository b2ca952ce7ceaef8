"""Rows held in order with flat memory, however many plans a listing reads.

A listing of a thousand plans sorts across all of them ("most late first"),
so no row can be written before the last plan is read. A :class:`Spool`
keeps up to :data:`IN_MEMORY` rows; past that it sorts them and writes them
to a temporary file (a *run*), and reading it back merges the runs
(``heapq.merge``), so memory stays the same for 10 plans or 100,000: an
external merge sort. Ties keep the order rows were added in (plan, then file
order). The temporary files are private to the process and gone when read.
"""

from __future__ import annotations

import heapq
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Generic, TypeVar

T = TypeVar("T")

#: Rows kept in memory before a run is written to disk (about 10 MB of rows).
IN_MEMORY = 5_000

#: Runs merged at once; more are first merged into one, so that open files stay few.
FAN_IN = 32

#: Rows pickled together in a run.
CHUNK = 256


class Spool(Generic[T]):
    """Items to read back in order: by ``order`` (a sort key), or as added when None.

    Add with :meth:`extend`; iterate once.
    """

    def __init__(self, order: Callable[[T], Any] | None = None, *, in_memory: int = IN_MEMORY) -> None:
        self.order = order
        self.in_memory = in_memory
        self._held: list[Any] = []
        self._runs: list[IO[bytes]] = []
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def extend(self, items: Iterable[T]) -> None:
        order = self.order
        for item in items:
            # (key, sequence, item): ties keep their order, items are never compared.
            self._held.append((order(item), self._count, item) if order else item)
            self._count += 1
            if len(self._held) >= self.in_memory:
                self._spill()

    def __iter__(self) -> Iterator[T]:
        held, self._held = self._held, []
        if self.order:
            held.sort(key=_first_two)
        runs, self._runs = self._runs, []
        if not runs:
            yield from (entry[2] for entry in held) if self.order else held
            return
        try:
            merged = self._merge([_read(run) for run in runs] + [iter(held)])
            yield from (entry[2] for entry in merged) if self.order else merged
        finally:
            for run in runs:
                run.close()

    def _merge(self, streams: list[Iterator[Any]]) -> Iterator[Any]:
        if not self.order:
            return (entry for stream in streams for entry in stream)
        return heapq.merge(*streams, key=_first_two)

    def _spill(self) -> None:
        held, self._held = self._held, []
        if self.order:
            held.sort(key=_first_two)
        self._runs.append(_write(held))
        if len(self._runs) >= FAN_IN:
            runs, self._runs = self._runs, []
            try:
                self._runs.append(_write(self._merge([_read(run) for run in runs])))
            finally:
                for run in runs:
                    run.close()


def _first_two(entry: tuple[Any, int, Any]) -> tuple[Any, int]:
    return entry[0], entry[1]


def _write(entries: Iterable[Any]) -> IO[bytes]:
    import tempfile  # only when a listing is long enough to spill

    run = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the Spool once read
    chunk: list[Any] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) >= CHUNK:
            pickle.dump(chunk, run, protocol=pickle.HIGHEST_PROTOCOL)
            chunk = []
    if chunk:
        pickle.dump(chunk, run, protocol=pickle.HIGHEST_PROTOCOL)
    run.seek(0)
    return run


def _read(run: IO[bytes]) -> Iterator[Any]:
    while True:
        try:
            chunk = pickle.load(run)  # our own file, written above: trusted
        except EOFError:
            return
        yield from chunk
