"""The build's worker processes: a pool whose workers die with the build (`PR_SET_PDEATHSIG`)
and are killed at once on any way out but a normal end, and pass 1 over it (`extracted`: every
input's `Extracted`, in input order)."""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from khobor.corpus.dedup import BodySigner
from khobor.pipeline.base import BuildError
from khobor.pipeline.spool import Extracted, extract_input, reannotate_input
from khobor.system.atomic import die_with_parent, kill_pool
from khobor.system.interrupts import deferred
from khobor.system.preload import preloading

if TYPE_CHECKING:
    from khobor.contracts.policy import DedupPolicy, PersonalDataPolicy
    from khobor.corpus.furniture import FurnitureIndex
    from khobor.pages.extract import ExtractContext, InputFile

PARALLEL_MIN_INPUTS = 64  # below this, worker processes cost more than they save


_worker_state: tuple[ExtractContext, BodySigner, bool] | None = None


def _freeze_inherited_objects() -> None:
    """In a forked worker: move what the parent held (a million inputs, signatures…) out of
    the garbage collector's sight; a full collection would walk every one of them and copy
    their pages (`bench/results/docstring_timings.txt`)."""
    gc.freeze()


def _init_worker(
    policy: DedupPolicy,
    furniture: FurnitureIndex | None = None,
    hashes: bool = False,
    personal: PersonalDataPolicy | None = None,
) -> None:
    global _worker_state
    from khobor.pages.extract import ExtractContext

    ctx = ExtractContext(furniture=furniture)
    if personal is not None:
        ctx.personal = personal
    _worker_state = (ctx, BodySigner(policy), hashes)


# A pass-1 worker allocates far more than it keeps (what it keeps: the features of recent lines,
# `khobor.annotate.lines`' cache), and at Python's default threshold (700) its young collections
# cost ~50 µs a page (measured with `gc.callbacks` over 6,000 pages: ~4 % of a page's time).
# 50,000 makes them rare (~4 µs a page) and still frees reference cycles as they come.
WORKER_GC_THRESHOLD = (50_000, 20, 100)


def _init_pool_worker(
    policy: DedupPolicy,
    furniture: FurnitureIndex | None,
    hashes: bool,
    personal: PersonalDataPolicy | None,
    parent_pid: int,
) -> None:
    die_with_parent(parent_pid)
    _freeze_inherited_objects()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    _init_worker(policy, furniture, hashes, personal)


def init_convert_worker(parent_pid: int) -> None:
    die_with_parent(parent_pid)
    _freeze_inherited_objects()


@contextmanager
def worker_pool(workers: int, initializer: Callable[..., None], *args: Any) -> Iterator[Any]:
    """A process pool whose workers die with this process; on any way out other than a normal
    end (an error, SIGTERM, a generator closed early) the workers are killed at once instead of
    finishing every queued page first."""
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=initializer, initargs=(*args, os.getpid())
    )
    try:
        yield pool
    except BrokenProcessPool as error:
        _stop_pool(pool)
        raise BuildError(f"a worker process died ({error}); nothing was written") from None
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way
    kill_pool(pool, processes)


def _extract_one(item: InputFile) -> Extracted:
    if _worker_state is None:
        raise RuntimeError("pass-1 worker used before _init_worker")
    ctx, signer, hashes = _worker_state
    return extract_input(item, ctx, signer, hashes=hashes)


PASS1_CHUNK = 32  # pages a pass-1 task; the kernel is asked to read a task's files together


def _extract_chunk(items: list[InputFile]) -> list[Extracted]:
    from khobor.pages.extract import advise_reading

    advise_reading(items)
    return [_extract_one(item) for item in items]


def _again(pairs: list[tuple[InputFile, Extracted]]) -> list[Extracted]:
    if _worker_state is None:
        raise RuntimeError("pass-1 worker used before _init_worker")
    ctx, signer, _ = _worker_state
    return [reannotate_input(item, first, ctx, signer) for item, first in pairs]


AGAIN_CHUNK = 32  # pages a task when annotating again


def extract_again(
    pairs: Iterable[tuple[InputFile, Extracted]],
    workers: int,
    policy: DedupPolicy,
    furniture: FurnitureIndex,
    personal: PersonalDataPolicy | None = None,
) -> Generator[Extracted, None, None]:
    """Each (input, pass-1 `Extracted`) annotated again with the corpus's `furniture`
    (`reannotate_input`), in order. Streamed: a few chunks in flight, never every page's
    record in memory at once."""
    chunks = _chunked(pairs, AGAIN_CHUNK)
    if workers <= 1:
        _init_worker(policy, furniture, False, personal)
        for chunk in chunks:
            yield from _again(chunk)
        return
    with worker_pool(workers, _init_pool_worker, policy, furniture, False, personal) as pool:
        yield from _in_order(pool, _again, chunks, 4 * workers)


def _chunked(pairs: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_all(
    items: list[InputFile],
    workers: int,
    policy: DedupPolicy,
    furniture: FurnitureIndex | None = None,
    *,
    hashes: bool = False,
    personal: PersonalDataPolicy | None = None,
    preload: tuple[str, ...] = (),
) -> Generator[Extracted, None, None]:
    """Pass 1: every input's `Extracted`, in input order; pages annotated with the corpus
    pass's `furniture` index when given; with `hashes`, each with its `PageHashes`;
    `personal`: the `[personal_data]` policy applied to each record (default: the defaults);
    `preload`: modules imported in a thread while the workers run (`khobor.system.preload`)."""
    chunks = _chunked(items, PASS1_CHUNK)
    if workers <= 1 or len(items) < PARALLEL_MIN_INPUTS:
        _init_worker(policy, furniture, hashes, personal)
        for chunk in chunks:
            yield from _extract_chunk(chunk)
        return
    with worker_pool(workers, _init_pool_worker, policy, furniture, hashes, personal) as pool:
        found = _in_order(pool, _extract_chunk, chunks, 4 * workers)
        first = next(found, None)  # the workers are forked at the first task
        if first is None:
            return
        with preloading(preload):
            yield first
            yield from found


def _in_order(
    pool: ProcessPoolExecutor,
    work: Callable[[list[Any]], list[Extracted]],
    chunks: Iterable[list[Any]],
    ahead: int,
) -> Iterator[Extracted]:
    """`work` of every chunk in the pool, results in order, at most `ahead` chunks in flight.
    Not `pool.map`: closed early, its iterator cancels the futures left, and Python 3.11's
    pool, its workers killed, then raises on them in its own thread (a traceback on stderr).
    Each `submit` runs with the signals deferred (`khobor.system.interrupts.deferred`)."""
    pending: deque[Future[list[Extracted]]] = deque()
    for chunk in chunks:
        with deferred():
            pending.append(pool.submit(work, chunk))
        if len(pending) > ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))
