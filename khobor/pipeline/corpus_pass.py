"""Pass 1 with the corpus pass (`extracted_with_furniture`): every page is read, decoded and
annotated once; the annotator's lines and features also give the page's `PageHashes`.

1. pass 1 runs in the workers without corpus evidence; each page's `Extracted` waits in a
   pending file of the output folder, its hashes in another, and the parent's
   `FurnitureCounter` learns from them (below);
2. the counter's passes (`khobor.corpus.furniture_learn.IndexLearner`: pages without a site
   grouped by the lines they share, then counted) take each page's hashes as pass 1 gives
   them, then read the hashes file (a few hundred bytes a page), not the pages;
3. the pages the index touches (`FurnitureIndex.touches`: a line of the page is its site's
   furniture) are annotated again, with the evidence, in the workers; every other page is
   labelled with the evidence exactly as without it, and keeps its pass-1 `Extracted`.

So the corpus pass costs a page's hashing and, for the pages with furniture, a second
annotation: not two more reads and decodings of every page. The result is what annotating
every page with the index gives (the datatrove engine does that: the same bytes).
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khobor.pipeline.base import ProgressHook, no_progress
from khobor.pipeline.pool import extract_again, extract_all
from khobor.pipeline.spool import Extracted

if TYPE_CHECKING:
    from khobor.contracts.policy import Policy
    from khobor.corpus.furniture import FurnitureIndex, PageHashes
    from khobor.pages.extract import InputFile
    from khobor.pipeline.state import BuildState

PENDING = ".pending.pickles"  # pass 1's `Extracted`, in input order (removed at the end)
HASHES = ".hashes.pickles"  # each input's `PageHashes` or None, in input order


PICKLED_TOGETHER = 256  # values a pickle: a pickle each costs three times as much a value


class _PickleLog:
    """Values appended to a file in order, `PICKLED_TOGETHER` to a pickle (`_load_all`)."""

    def __init__(self, path: Path) -> None:
        self._handle = path.open("wb")
        self._values: list[Any] = []

    def add(self, value: object) -> None:
        self._values.append(value)
        if len(self._values) == PICKLED_TOGETHER:
            self._write()

    def _write(self) -> None:
        pickle.dump(self._values, self._handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._values = []

    def __enter__(self) -> _PickleLog:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._values and exc[0] is None:
                self._write()
        finally:
            self._handle.close()


def _load_all(path: Path) -> Iterator[Any]:
    with path.open("rb") as handle:
        while True:
            try:
                yield from pickle.load(handle)
            except EOFError:
                return


def _unspooled(found: Extracted, state: BuildState) -> Extracted:
    """`found` with its line read back from the spool (to annotate the page again)."""
    if found.spooled is None:
        return found
    return found._replace(line=state.spooled_line(*found.spooled), spooled=None)


def _pages_tally(site: str) -> str:
    """The `FurnitureTally` JSON of a page of a site with furniture that none of it touches."""
    from khobor.corpus.furniture import FurnitureTally, SiteTally

    return json.dumps(FurnitureTally(sites={site: SiteTally(pages=1)}).to_json(), sort_keys=True)


class CorpusPass:
    """The index learned (`learn`) from pass 1's pages, then the final `Extracted` of every
    input (`extracted`), in input order."""

    def __init__(self, folder: Path, policy: Policy, workers: int) -> None:
        self.pending, self.hashes = folder / PENDING, folder / HASHES
        self.policy, self.workers = policy, workers
        self.index: FurnitureIndex | None = None

    def learn(
        self,
        items: list[InputFile],
        state: BuildState,
        progress: ProgressHook = no_progress,
        preload: tuple[str, ...] = (),
    ) -> FurnitureIndex:
        """Pass 1 over `items` with the counter's pass A, then pass B. The records' lines go
        to `state`'s spool at once (most keep them: a page annotated again writes another),
        the rest of each `Extracted` aside. `preload`: as `extract_all`'s."""
        from khobor.corpus.furniture_learn import IndexLearner

        learner = IndexLearner(self.policy.furniture)
        total = len(items)
        with _PickleLog(self.pending) as pending, _PickleLog(self.hashes) as hashes:
            for found in extract_all(
                items,
                self.workers,
                self.policy.dedup,
                hashes=True,
                personal=self.policy.personal_data,
                preload=preload,
            ):
                spooled = state.spool(found.line) if found.record_id is not None else None
                pending.add(found._replace(corpus=None, line=b"", spooled=spooled))
                hashes.add(found.corpus)
                learner.add(found.corpus)  # the learning's first read, while pass 1 runs
                progress("extract", 1, total)
        self.index = learner.finish(self._hashes)
        return self.index

    def _hashes(self) -> Iterator[PageHashes | None]:
        return _load_all(self.hashes)

    def extracted(
        self, items: list[InputFile], state: BuildState, progress: ProgressHook = no_progress
    ) -> Iterator[Extracted]:
        """Every input's `Extracted` as if annotated with the index, in input order."""
        from khobor.corpus.furniture import grouped_pages

        index = self.index
        if index is None:
            raise RuntimeError("extracted() before learn()")
        touched = [
            n
            for n, page in enumerate(grouped_pages(self._hashes(), index.groups))
            if page and index.touches(page)
        ]
        redo = set(touched)
        firsts = (
            (items[number], _unspooled(found, state))
            for number, found in enumerate(_load_all(self.pending))
            if number in redo
        )
        again: Generator[Extracted, None, None] = extract_again(
            firsts, self.workers, self.policy.dedup, index, self.policy.personal_data
        )
        try:
            pages = grouped_pages(self._hashes(), index.groups)
            for number, (found, page) in enumerate(
                zip(_load_all(self.pending), pages, strict=True)
            ):
                if number in redo:
                    found = next(again)
                    progress("furniture", 1, len(touched))
                elif page and found.record_id is not None and index.has_furniture(page.site):
                    found = found._replace(furniture=_pages_tally(str(page.site)))
                yield found
        finally:
            again.close()
        self.remove()

    def remove(self) -> None:
        self.pending.unlink(missing_ok=True)
        self.hashes.unlink(missing_ok=True)
