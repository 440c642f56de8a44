"""The corpus pass from the pages' `PageHashes`: groups, then counts, then the index.

One job, shared by every caller so they learn the same index: `khobor extract --corpus`, the
local build (`khobor.pipeline.corpus_pass`, over its hashes file) and the datatrove engine's
merge task
(over its ranks' files, in rank order = input order). `pages()` gives the same pages, in the
same order, at each call (a re-readable stream: a file, a list); it is read

1. once (`IndexLearner.add`; a build adds each page as pass 1 gives it): pages with a site are
   `observe`d; pages without one (`PageHashes.lines`) counted by line for grouping
   (`khobor.corpus.site_groups.SiteGrouper.add_lines`);
2. when some page has no site: once to sign them, once to `observe` the grouped ones as
   pages of their group (`grouped_pages`, a batch of pages mixed at a time);
3. once to `count` every page (grouped pages as their group's).

Only hashes are read: a few hundred bytes a page, never the pages again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from khobor.contracts.policy import FurnitureConfig
from khobor.corpus.furniture import (
    DEFAULT_FURNITURE,
    FurnitureCounter,
    FurnitureIndex,
    PageHashes,
    grouped_pages,
)
from khobor.corpus.site_groups import DEFAULT_GROUPING, GroupingConfig, SiteGrouper, SiteGroups

__all__ = ["IndexLearner", "learn_index"]

Pages = Callable[[], Iterable[PageHashes | None]]


def _groups(pages: Pages, grouper: SiteGrouper) -> SiteGroups:
    grouper.freeze()
    for page in pages():
        if page is not None and page.site is None:
            grouper.add_page(page.source_id, page.lines)
    return grouper.groups()


class IndexLearner:
    """`learn_index` in two steps: `add` each page as it comes (the first read, which a build
    does while pass 1 runs), then `finish` with the pages again."""

    def __init__(
        self,
        config: FurnitureConfig = DEFAULT_FURNITURE,
        grouping: GroupingConfig = DEFAULT_GROUPING,
    ) -> None:
        self.counter = FurnitureCounter(config)
        self.grouper = SiteGrouper(grouping)

    def add(self, page: PageHashes | None) -> None:
        """The first read of a page: a page with a site `observe`d, one without counted by
        line for grouping."""
        if page is None:
            return
        if page.site is None:
            self.grouper.add_lines(page.lines)
        self.counter.observe(page)  # a page without a site only counts as observed

    def finish(self, pages: Pages) -> FurnitureIndex:
        """The index, from `pages`: the pages `add`ed, in the same order."""
        counter, grouper = self.counter, self.grouper
        groups = _groups(pages, grouper) if grouper.pages else SiteGroups()
        if len(groups):
            unsited = (page for page in pages() if page is not None and page.site is None)
            for grouped in grouped_pages(unsited, groups):
                if grouped is not None and grouped.site is not None:
                    counter.observe(grouped)
                    counter.pages_observed -= 1  # observed once by `add`, as a page without one
        counter.start_counting()
        counter.count_all(page for page in grouped_pages(pages(), groups) if page is not None)
        index = counter.index()
        return FurnitureIndex(index.sites, index.config, groups)


def learn_index(
    pages: Pages,
    config: FurnitureConfig = DEFAULT_FURNITURE,
    grouping: GroupingConfig = DEFAULT_GROUPING,
) -> FurnitureIndex:
    """Every site's furniture, pages without a known site grouped by the lines they share."""
    learner = IndexLearner(config, grouping)
    for page in pages():
        learner.add(page)
    return learner.finish(pages)
