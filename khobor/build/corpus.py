"""The corpus pass before pass 1 (`learn_furniture`): every input read, decoded and split twice,
its `PageKeys` (`khobor.furniture.page_line_keys`) made in worker processes and counted here by a
`FurnitureCounter` (pass A `observe`, pass B `count`); the index it leaves is handed to pass 1's
workers (`ExtractContext.furniture`). Both engines map an input to its keys with
`khobor.extract.input_keys`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from khobor.build.base import ProgressHook, no_progress
from khobor.build.pool import PARALLEL_MIN_INPUTS, init_convert_worker, worker_pool
from khobor.extract import input_keys

if TYPE_CHECKING:
    from khobor.extract import ExtractContext, InputFile
    from khobor.furniture import FurnitureIndex, PageKeys
    from khobor.policy import FurnitureConfig

_keys_context: ExtractContext | None = None


def _context() -> ExtractContext:
    global _keys_context
    if _keys_context is None:
        from khobor.extract import ExtractContext

        _keys_context = ExtractContext()
    return _keys_context


def _keys_one(item: InputFile) -> PageKeys | None:
    return input_keys(item, _context())


def learn_furniture(
    items: list[InputFile],
    workers: int,
    config: FurnitureConfig,
    progress: ProgressHook = no_progress,
) -> FurnitureIndex:
    """Both counting passes over `items` (in `workers` processes when there are many); the
    counter is dropped, the index kept."""
    from khobor.furniture import FurnitureCounter

    counter = FurnitureCounter(config)
    total = len(items)

    def passes(keys: Iterator[PageKeys | None], phase: str) -> Iterator[PageKeys]:
        for found in keys:
            progress(phase, 1, total)
            if found is not None:
                yield found

    if workers <= 1 or total < PARALLEL_MIN_INPUTS:
        for page in passes(map(_keys_one, items), "furniture-observe"):
            counter.observe(page)
        counter.start_counting()
        for page in passes(map(_keys_one, items), "furniture-count"):
            counter.count(page)
        return counter.index()
    with worker_pool(workers, init_convert_worker) as pool:
        for page in passes(pool.map(_keys_one, items, chunksize=32), "furniture-observe"):
            counter.observe(page)
        counter.start_counting()
        for page in passes(pool.map(_keys_one, items, chunksize=32), "furniture-count"):
            counter.count(page)
    return counter.index()
