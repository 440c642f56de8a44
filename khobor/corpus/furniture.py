"""Furniture learned from a corpus: the lines a site prints under many of its articles.

One job: count each line key (`khobor.annotate.line_info(text).key`, as the annotator folds
it) over the distinct articles of each site, and answer the annotator's lookups
(`khobor.annotate.evidence.FurnitureLookup`) for a page's site.

**Site of a page** (`site_of`): its outlet when it can be told (the URL in `sources.csv`, else
the one outlet signature the page prints in a line whose intrinsic label names the site, as
`khobor.annotate.outlets` reads them): a pure function of the page. A page without one is given the
site of its group, `group:<hex>`, by the corpus (`khobor.corpus.site_groups`: pages that print the
same frequent lines; `FurnitureIndex.site_for`, `in_groups`), or none and no
corpus evidence. (A page's first short lines, its "menu", named its site until issue 23: a
site whose pages print fewer than three of them above the body learned nothing, and one page
with a short headline made a site of its own.)

**Distinct articles** (`page_cluster`): copies of one article must not make its sentences look
like furniture, so each (site, cluster) is counted once, on one page of the cluster chosen by
its source alone (so neither the order of the pages nor sharding changes a count). The
cluster is the caller's (e.g. a near-duplicate cluster); `page_cluster` gives an exact one:
a digest of the keys of the page's long (paragraph-like) lines.

**Two streaming passes, bounded memory** (`FurnitureCounter`):

1. `observe(page)` adds the page's distinct keys, hashed with its site to 64 bits, to one
   count-min sketch (`depth × width` uint32 counters, fixed size whatever the corpus; a
   conservative update a page), and
   keeps 20 bytes per page: its (site, cluster) digest, its source's hash and its site's
   number (the cluster's representative is the page of the smallest source hash);
2. `count(page)` (after `start_counting()`) counts exactly, per (site, key), the distinct
   articles of the keys whose sketch estimate reaches the site's threshold. Pass 1 counts
   every page, copies too, and a count-min sketch never underestimates: no line that meets
   the threshold is missed; only the few keys the sketch or copies overestimate are counted
   exactly and then dropped.

`index()` keeps the keys that meet `FurnitureConfig` (`khobor.contracts.policy`, read from
`validation/gates.toml`): printed under at least `min_share` of the site's distinct articles
and at least `min_articles` of them.

Memory: the sketch (16 MB at the default 4 × 2²⁰), 20 bytes a page in pass 1 (16 bytes a
distinct article in pass 2: digest and representative), and one entry per candidate key
(~150 bytes). Lines are known by a 64-bit hash of their site and key (`line_hash`; workers
hash them, `PageHashes`): no line text is kept, in the counter or in the index.

`FurnitureTally` counts, in the annotation pass, per site, the lines the evidence decided and
the pages whose body it changed (for the build summary and the card).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from khobor.annotate import (
    DEFAULT_CONFIG,
    AnnotatorConfig,
    Furniture,
    FurnitureLookup,
    label_page,
    line_infos,
    weighs_evidence,
)
from khobor.annotate.lines import LineInfo
from khobor.annotate.outlets import outlet_from_signatures, slug_from_url
from khobor.contracts.policy import FurnitureConfig
from khobor.corpus.site_groups import SiteGroups, group_id, group_site, mix64, mix64_array
from khobor.lexicons.outlets import SELF_NAMING_LABELS

__all__ = [
    "CountMinSketch",
    "FurnitureConfig",
    "FurnitureCounter",
    "FurnitureIndex",
    "FurnitureTally",
    "PageHashes",
    "PageKeys",
    "SiteFurniture",
    "SiteTally",
    "grouped_pages",
    "in_groups",
    "line_hash",
    "page_cluster",
    "page_hashes",
    "page_keys",
    "site_of",
]

# Lines of at least this many words make a page's cluster digest (its body, roughly).
CLUSTER_MIN_WORDS = 8
_MASK64 = (1 << 64) - 1
DEFAULT_FURNITURE = FurnitureConfig()


def _hash64(*parts: str) -> int:
    """A stable 64-bit hash (the same in every process, unlike `hash`)."""
    data = "\x1f".join(parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


@functools.lru_cache(maxsize=16_384)
def line_hash(site: str, key: str) -> int:
    """What the counter and the index know a line of a site by: a 64-bit hash of both (no
    line text is kept). Cached: a site's menus and footers are on every one of its pages.
    A `group:` site's (`khobor.corpus.site_groups`) mixes the group into the line's unsited hash
    (`UNSITED`'s), so a worker's unsited hashes give the group's once it is known."""
    group = group_id(site)
    if group is not None:
        return mix64(_hash64(UNSITED, key), group)
    return _hash64(site, key)


UNSITED = ""  # the site a page without one hashes its lines with (`page_hashes`)


def _hashes(site: str, keys: Iterable[str]) -> bytes:
    return np.array([line_hash(site, key) for key in keys], dtype="<u8").tobytes()


def _url_site(source: str, sources: Mapping[str, str] | None) -> str | None:
    url = (sources or {}).get(source)
    return slug_from_url(url) if url else None


def site_of(
    source: str,
    infos: Sequence[LineInfo],
    sources: Mapping[str, str] | None = None,
    cfg: AnnotatorConfig = DEFAULT_CONFIG,
) -> str | None:
    """The page's site as the page tells it: its outlet (URL, else signature), else None (the
    corpus may then group it: `FurnitureIndex.site_for`).

    >>> from khobor.annotate import line_info
    >>> site_of("a.txt", [line_info("x")], {"a.txt": "https://www.kalbela.com/x/1"})
    'kalbela'
    >>> menu = [line_info(t) for t in ("হোম", "জাতীয়", "খেলা", "বিনোদন")]
    >>> site_of("b.txt", menu) is None
    True
    """
    slug = _url_site(source, sources)
    if slug:
        return slug
    outlet = outlet_from_signatures(
        (i.text, i.label) for i in infos if i.label in SELF_NAMING_LABELS
    )
    return outlet or None


def page_cluster(infos: Sequence[LineInfo]) -> int:
    """An exact-duplicate cluster of a page: a 64-bit digest of the keys of its lines of at
    least `CLUSTER_MIN_WORDS` words, in order (all its lines when it has none). Two copies of
    an article differing in their short lines (dates, menus, lists) share it.

    >>> from khobor.annotate import line_info
    >>> a = [line_info(t) for t in ("১২:৩০", "এক দুই তিন চার পাঁচ ছয় সাত আট নয়।")]
    >>> b = [line_info(t) for t in ("১৩:০০", "এক  দুই তিন চার পাঁচ ছয় সাত আট নয়।")]
    >>> page_cluster(a) == page_cluster(b)
    True
    """
    long = [i.key for i in infos if i.words >= CLUSTER_MIN_WORDS] or [i.key for i in infos]
    return _hash64(*long)


@dataclass(frozen=True, slots=True)
class PageKeys:
    """What the corpus pass needs of a page: its source (unique in the corpus), its site, its
    cluster, its distinct line keys: those the annotator may weigh evidence for
    (`page_keys`)."""

    source: str
    site: str | None
    cluster: int
    keys: tuple[str, ...]

    def hashed(self) -> PageHashes:
        """The page's distinct keys hashed with its site, in order."""
        keys = dict.fromkeys(self.keys) if self.site is not None else {}
        hashes = _hashes(self.site, keys) if self.site is not None else b""
        return PageHashes(self.source, _hash64(self.source), self.site, self.cluster, hashes)


class PageHashes(NamedTuple):
    """A page's `PageKeys` as a worker hands them over: hashes only (`line_hash`), a few
    hundred bytes a page. `keys`: the hashes of the lines without an intrinsic label (what is
    counted); `weighed`: of those whose evidence the annotator weighs on this page
    (`khobor.annotate.weighs_evidence`; `FurnitureIndex.touches` looks at them)."""

    source: str
    source_id: int  # `_hash64(source)`: a cluster's representative is the smallest
    site: str | None
    cluster: int
    keys: bytes  # little-endian uint64 `line_hash`es, distinct
    weighed: bytes = b""
    # a page without a site (`site_of` None): every distinct line key's `line_hash` with
    # `UNSITED`, what `khobor.corpus.site_groups` groups it by; `keys` and `weighed` are unsited too
    lines: bytes = b""


# pages grouped (`grouped_pages`) or counted (`FurnitureCounter.count_all`) in one numpy call
# (a page alone: ~10 µs); the corpus pass reads every page up to four times
PAGES_TOGETHER = 256


def in_groups(pages: Sequence[PageHashes | None], groups: SiteGroups) -> list[PageHashes | None]:
    """Each of `pages` as the page of its group (None, a page with a site and a page in no
    group stay as they are), in order, the hashes of all of them mixed in one call."""
    result = list(pages)
    unsited = [(n, page) for n, page in enumerate(pages) if page is not None and page.site is None]
    if not unsited or not len(groups):
        return result
    found, numbers = groups.lookup(np.array([page.source_id for _, page in unsited], np.uint64))
    grouped = [pair for pair, hit in zip(unsited, found.tolist(), strict=True) if hit]
    if not grouped:
        return result
    numbers = numbers[found]
    both = [page.keys + page.weighed for _, page in grouped]
    each = np.repeat(numbers, [len(data) // 8 for data in both])
    packed = mix64_array(np.frombuffer(b"".join(both), dtype="<u8"), each).astype("<u8").tobytes()
    start = 0
    for (n, page), number, data in zip(grouped, numbers.tolist(), both, strict=True):
        middle, end = start + len(page.keys), start + len(data)
        result[n] = page._replace(
            site=group_site(number), keys=packed[start:middle], weighed=packed[middle:end]
        )
        start = end
    return result


def grouped_pages(
    pages: Iterable[PageHashes | None], groups: SiteGroups
) -> Iterator[PageHashes | None]:
    """Each of `pages` as the page of its group (`in_groups`, a batch at a time), in order."""
    stream = iter(pages)
    while batch := list(itertools.islice(stream, PAGES_TOGETHER)):
        yield from in_groups(batch, groups)


def page_hashes(
    source: str,
    texts: Sequence[str],
    sources: Mapping[str, str] | None = None,
    cfg: AnnotatorConfig = DEFAULT_CONFIG,
) -> PageHashes:
    """`page_keys(...).hashed()`, with the hashes of the lines whose evidence the annotator
    weighs (for `FurnitureIndex.touches`)."""
    infos = line_infos(texts, cfg)
    site = site_of(source, infos, sources, cfg)
    keys = dict.fromkeys(i.key for i in infos if i.label is None and i.key)
    weighed = dict.fromkeys(i.key for i in infos if i.key and weighs_evidence(i, cfg))
    if site is not None:
        hashed = PageHashes(source, _hash64(source), site, page_cluster(infos), b"", b"")
        return hashed._replace(keys=_hashes(site, keys), weighed=_hashes(site, weighed))
    # its group, if any, is known only after every page is seen: every line's unsited hash,
    # each distinct key hashed once (`keys` and `weighed` are some of them)
    every = {i.key: line_hash(UNSITED, i.key) for i in infos if i.key}

    def packed(chosen: Iterable[str]) -> bytes:
        return np.array([every[key] for key in chosen], dtype="<u8").tobytes()

    return PageHashes(
        source,
        _hash64(source),
        None,
        page_cluster(infos),
        packed(keys),
        packed(weighed),
        packed(every),
    )


def page_keys(
    source: str,
    texts: Sequence[str],
    sources: Mapping[str, str] | None = None,
    cluster: int | None = None,
    cfg: AnnotatorConfig = DEFAULT_CONFIG,
) -> PageKeys:
    """A page's site, cluster (`page_cluster` unless given) and the distinct keys of its lines
    that the annotator may weigh corpus evidence for (lines without an intrinsic label)."""
    infos = line_infos(texts, cfg)
    keys = tuple(dict.fromkeys(i.key for i in infos if i.label is None and i.key))
    return PageKeys(
        source,
        site_of(source, infos, sources, cfg),
        page_cluster(infos) if cluster is None else cluster,
        keys,
    )


# ---------------------------------------------------------------------------------------------
# The sketch


class CountMinSketch:
    """Count-min sketch over 64-bit hashes: `depth` rows of `2**width_bits` uint32 counters,
    row j's bucket of h is `((a_j·h + b_j) mod 2⁶⁴) >> (64 − width_bits)` (multiply-shift).
    An estimate is never below the true count, and above it by at most ~e·n/width with
    probability 1 − e^−depth (n: all counts added)."""

    # Odd multipliers and offsets: fixed, so two runs give the same estimates.
    _A = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)
    _B = (0x27D4EB2F165667C5, 0x85EBCA77C2B2AE63, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53)

    def __init__(self, width_bits: int = 20, depth: int = 4) -> None:
        if not 1 <= depth <= len(self._A):
            raise ValueError(f"depth must be 1..{len(self._A)}, got {depth}")
        if not 4 <= width_bits <= 32:
            raise ValueError(f"width_bits must be 4..32, got {width_bits}")
        self.width_bits = width_bits
        self.depth = depth
        self.table = np.zeros((depth, 1 << width_bits), dtype=np.uint32)
        self._a = np.array(self._A[:depth], dtype=np.uint64)[:, None]
        self._b = np.array(self._B[:depth], dtype=np.uint64)[:, None]
        self._shift = np.uint64(64 - width_bits)

    @property
    def nbytes(self) -> int:
        return int(self.table.nbytes)

    def _buckets(self, hashes: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return ((hashes[None, :] * self._a + self._b) >> self._shift).astype(np.intp)

    def add(self, hashes: np.ndarray) -> None:
        """Count each hash once (a hash repeated in `hashes` is counted as often)."""
        if hashes.size == 0:
            return
        buckets = self._buckets(hashes)
        for row in range(self.depth):
            np.add.at(self.table[row], buckets[row], 1)

    def add_distinct(self, hashes: np.ndarray) -> None:
        """Count each of `hashes` (distinct) once, by conservative update: only the counters
        below the new estimate rise to it. Still never below a true count, and far less
        above it than `add` (Estan & Varghese, 2002)."""
        if hashes.size == 0:
            return
        buckets = self._buckets(hashes)
        rows = np.arange(self.depth)[:, None]
        wanted = self.table[rows, buckets].min(axis=0) + np.uint32(1)
        # every row at once (unbuffered: hashes sharing a bucket get the larger estimate)
        np.maximum.at(self.table, (rows, buckets), wanted[None, :])

    def estimate(self, hashes: np.ndarray) -> np.ndarray:
        if hashes.size == 0:
            return np.zeros(0, dtype=np.uint32)
        buckets = self._buckets(hashes)
        rows = np.arange(self.depth)[:, None]
        return np.asarray(self.table[rows, buckets].min(axis=0))


# ---------------------------------------------------------------------------------------------
# The counter and its index


@dataclass(frozen=True, slots=True)
class SiteFurniture:
    """What the corpus says of one site: its distinct articles and its furniture lines
    (`line_hash` of the site and the line's key → articles that print it)."""

    site: str
    articles: int
    lines: Mapping[int, int]

    def printed_on(self, key: str) -> int | None:
        """The articles that print the line of `key`, when it is the site's furniture."""
        return self.lines.get(line_hash(self.site, key))

    def to_json(self) -> dict[str, object]:
        return {"site": self.site, "articles": self.articles, "furniture_lines": len(self.lines)}


def _learned(sites: Mapping[str, SiteFurniture]) -> dict[str, SiteFurniture]:
    return {name: found for name, found in sites.items() if found.lines}


def _never(_key: str) -> Furniture | None:
    return None


@dataclass(frozen=True, slots=True)
class FurnitureIndex:
    """The furniture of every site; `lookup_for(site)` binds a lookup to one site."""

    sites: Mapping[str, SiteFurniture]
    config: FurnitureConfig = DEFAULT_FURNITURE
    groups: SiteGroups = field(default_factory=SiteGroups)  # of pages `site_of` names no site

    def site_for(
        self,
        source: str,
        infos: Sequence[LineInfo],
        sources: Mapping[str, str] | None = None,
        cfg: AnnotatorConfig = DEFAULT_CONFIG,
    ) -> str | None:
        """The page's site as the corpus pass knew it: `site_of`, else its group's."""
        site = site_of(source, infos, sources, cfg)
        return site if site is not None else self.groups.site(_hash64(source))

    def lookup_for(self, site: str | None) -> FurnitureLookup:
        """The annotator's lookup for a page of `site` (one that never answers for a page
        without a site, or a site without furniture)."""
        found = self.sites.get(site) if site is not None else None
        if found is None or not found.lines:
            return _never
        total, name = found.articles, found.site

        def lookup(key: str) -> Furniture | None:
            articles = found.printed_on(key)
            return None if articles is None else Furniture(name, articles, total)

        return lookup

    def touches(self, page: PageHashes) -> bool:
        """Whether a line of `page` whose evidence the annotator weighs is its site's
        furniture: only such a page is labelled otherwise with this index than without it."""
        found = self.sites.get(page.site) if page.site is not None else None
        if found is None or not found.lines:
            return False
        lines = found.lines
        return any(h in lines for h in np.frombuffer(page.weighed, dtype="<u8").tolist())

    @property
    def learned(self) -> bool:
        """Whether any site has a furniture line."""
        return any(found.lines for found in self.sites.values())

    def has_furniture(self, site: str | None) -> bool:
        found = self.sites.get(site) if site is not None else None
        return found is not None and bool(found.lines)

    def summary(self) -> list[dict[str, object]]:
        """Per site, sorted: distinct articles and furniture lines learned."""
        return [self.sites[name].to_json() for name in sorted(self.sites)]


def _second(pair: tuple[int, str]) -> str:
    return pair[1]


@dataclass(slots=True)
class _Candidate:
    site: str
    articles: int = 0


def _site_of_each(
    pages: list[tuple[str, PageHashes]], hashes: list[int]
) -> Iterator[tuple[str, int]]:
    """(site, hash) for each of `hashes`: the pages' `keys`, one page after the other."""
    start = 0
    for site, page in pages:
        end = start + len(page.keys) // 8
        for h in hashes[start:end]:
            yield site, h
        start = end


@dataclass(slots=True)
class FurnitureCounter:
    """The corpus pass. Pass 1: `observe` every page; then `start_counting()`; pass 2: `count`
    every page again (the same pages, in any order, in any number of shards); then `index()`.

    A cluster is counted on one page only, its representative: the page of the smallest
    source hash among the cluster's pages seen in pass 1. So pass 2 gives the same counts in
    any order, and shards of either pass merge (`merge`) into the counts of one process.
    """

    config: FurnitureConfig = DEFAULT_FURNITURE
    width_bits: int = 20
    depth: int = 4
    cfg: AnnotatorConfig = DEFAULT_CONFIG  # the annotator's, for `PageKeys.texts`
    sketch: CountMinSketch = field(init=False)
    # pass 1, one entry a page: (site, cluster) digest, source hash, site number
    _page_clusters: array = field(default_factory=lambda: array("Q"))
    _page_ids: array = field(default_factory=lambda: array("Q"))
    _page_sites: array = field(default_factory=lambda: array("I"))
    _site_ids: dict[str, int] = field(default_factory=dict)
    _site_names: list[str] = field(default_factory=list)
    # pass 2: sorted distinct (site, cluster) digests and the source hash of each one's page
    _clusters: np.ndarray | None = None
    _representatives: np.ndarray | None = None
    _articles: dict[str, int] = field(default_factory=dict)  # distinct articles per site
    _needed: dict[str, int] = field(default_factory=dict)  # articles that must print a line
    _candidates: dict[int, _Candidate] = field(default_factory=dict)
    pages_observed: int = 0
    pages_counted: int = 0

    def __post_init__(self) -> None:
        self.sketch = CountMinSketch(self.width_bits, self.depth)

    @staticmethod
    def _digest(site: str, cluster: int) -> int:
        return _hash64(site, format(cluster & _MASK64, "x"))

    def _site_id(self, site: str) -> int:
        found = self._site_ids.get(site)
        if found is None:
            found = self._site_ids[site] = len(self._site_names)
            self._site_names.append(site)
        return found

    # -- pass 1

    def observe(self, page: PageKeys | PageHashes) -> None:
        if self._clusters is not None:
            raise RuntimeError("observe() after start_counting(): pass 1 is over")
        self.pages_observed += 1
        if page.site is None:
            return
        hashed = page if isinstance(page, PageHashes) else page.hashed()
        self._page_clusters.append(self._digest(page.site, page.cluster))
        self._page_ids.append(hashed.source_id)
        self._page_sites.append(self._site_id(page.site))
        self.sketch.add_distinct(np.frombuffer(hashed.keys, dtype="<u8"))

    def start_counting(self) -> None:
        """End pass 1: each cluster's representative page, each site's distinct articles and
        threshold."""
        digests = np.frombuffer(self._page_clusters, dtype=np.uint64)
        ids = np.frombuffer(self._page_ids, dtype=np.uint64)
        order = np.lexsort((ids, digests))  # by digest, then source hash
        digests, ids = digests[order], ids[order]
        first = np.ones(len(digests), dtype=bool)
        first[1:] = digests[1:] != digests[:-1]
        self._clusters, self._representatives = digests[first].copy(), ids[first].copy()
        page_sites = np.frombuffer(self._page_sites, dtype=np.uint32)
        per_site = np.bincount(page_sites[order[first]], minlength=len(self._site_names))
        self._articles = {
            name: int(per_site[i]) for i, name in sorted(enumerate(self._site_names), key=_second)
        }
        self._needed = {site: self.config.needed(n) for site, n in self._articles.items()}
        self._page_clusters, self._page_ids, self._page_sites = array("Q"), array("Q"), array("I")

    # -- pass 2

    def count(self, page: PageKeys | PageHashes) -> None:
        self.count_all([page])

    def count_all(self, pages: Iterable[PageKeys | PageHashes]) -> None:
        """`count` each of `pages`, the sketch estimates of a batch of them read in one call
        (the sketch does not change in pass 2: the same counts as a page at a time)."""
        if self._clusters is None or self._representatives is None:
            raise RuntimeError("count() before start_counting(): pass 1 first")
        stream = iter(pages)
        while batch := list(itertools.islice(stream, PAGES_TOGETHER)):
            self._count_batch(batch, self._clusters, self._representatives)

    def _count_batch(
        self, pages: list[PageKeys | PageHashes], clusters: np.ndarray, representatives: np.ndarray
    ) -> None:
        sited: list[tuple[str, PageHashes]] = []
        for page in pages:
            self.pages_counted += 1
            if page.site is not None:
                sited.append((page.site, page if isinstance(page, PageHashes) else page.hashed()))
        if not sited:
            return
        digests = np.array([self._digest(site, p.cluster) for site, p in sited], np.uint64)
        at = np.searchsorted(clusters, digests)
        seen = at < len(clusters)
        seen[seen] = clusters[at[seen]] == digests[seen]
        if not seen.all():
            site, page = sited[int(np.argmin(seen))]
            raise RuntimeError(f"{page.source}: a page of {site} that pass 1 did not see")
        ids = np.array([p.source_id for _, p in sited], dtype=np.uint64)
        firsts = (representatives[at] == ids).tolist()
        chosen = [pair for pair, first in zip(sited, firsts, strict=True) if first]
        # a cluster is counted on its representative page only
        hashes = np.frombuffer(b"".join(p.keys for _, p in chosen), dtype="<u8")
        estimates = iter(self.sketch.estimate(hashes).tolist())
        for site, h in _site_of_each(chosen, hashes.tolist()):
            if next(estimates) < self._needed[site]:
                continue
            found = self._candidates.get(h)
            if found is None:
                found = self._candidates[h] = _Candidate(site)
            found.articles += 1

    # -- shards

    def merge(self, other: FurnitureCounter) -> None:
        """Add a shard's counts: in pass 1 (both before `start_counting`) its sketch and pages;
        in pass 2 (both after it, on the same pass-1 state) its exact counts."""
        if (self._clusters is None) != (other._clusters is None):
            raise RuntimeError("merge() of counters in different passes")
        if self._clusters is None:
            if (self.width_bits, self.depth) != (other.width_bits, other.depth):
                raise ValueError("merge() of sketches of different shapes")
            self.sketch.table += other.sketch.table
            self._page_clusters.extend(other._page_clusters)
            self._page_ids.extend(other._page_ids)
            renumber = np.array([self._site_id(n) for n in other._site_names], dtype=np.uint32)
            theirs = np.frombuffer(other._page_sites, dtype=np.uint32)
            self._page_sites.frombytes(renumber[theirs].tobytes() if theirs.size else b"")
            self.pages_observed += other.pages_observed
            return
        for h, found in other._candidates.items():
            mine = self._candidates.get(h)
            if mine is None:
                self._candidates[h] = _Candidate(found.site, found.articles)
            else:
                mine.articles += found.articles
        self.pages_counted += other.pages_counted

    def shard_counts(self) -> FurnitureCounter:
        """After pass 2, a shard's exact counts alone (no sketch, no pass-1 state): small to
        send to the task that `merge`s them into the counter they were counted with."""
        if self._clusters is None:
            raise RuntimeError("shard_counts() before start_counting(): pass 2's counts only")
        shard = FurnitureCounter(self.config, width_bits=4, depth=1)
        shard._clusters = shard._representatives = np.zeros(0, dtype=np.uint64)
        shard._candidates = self._candidates
        shard.pages_counted = self.pages_counted
        return shard

    def index(self) -> FurnitureIndex:
        """The furniture of every site (after pass 2)."""
        lines: dict[str, dict[int, int]] = {}
        for h, found in self._candidates.items():
            if found.articles >= self._needed[found.site]:
                lines.setdefault(found.site, {})[h] = found.articles
        sites = {
            name: SiteFurniture(name, total, dict(sorted(lines.get(name, {}).items())))
            for name, total in self._articles.items()
        }
        return FurnitureIndex(sites, self.config)

    @property
    def candidates(self) -> int:
        return len(self._candidates)


def build_index(
    pages: Iterable[PageKeys | PageHashes] | None = None,
    *,
    again: Iterable[PageKeys | PageHashes] | None = None,
    config: FurnitureConfig = DEFAULT_FURNITURE,
    width_bits: int = 20,
) -> FurnitureIndex:
    """Both passes over `pages` (a list), or over `pages` then `again` (two iterations of the
    same stream). Convenience for small corpora and tests."""
    first = list(pages or ())
    counter = FurnitureCounter(config, width_bits=width_bits)
    for page in first:
        counter.observe(page)
    counter.start_counting()
    for page in again if again is not None else first:
        counter.count(page)
    return counter.index()


@dataclass(slots=True)
class SiteTally:
    """What corpus evidence did on one site's pages, in the annotation pass."""

    pages: int = 0
    pages_with_evidence: int = 0  # pages where a line the annotator weighs is furniture
    lines_decided: int = 0  # lines whose label the evidence changed
    pages_body_changed: int = 0  # pages whose body lines the evidence changed

    def to_json(self) -> dict[str, int]:
        return {
            "pages": self.pages,
            "pages_with_evidence": self.pages_with_evidence,
            "lines_decided": self.lines_decided,
            "pages_body_changed": self.pages_body_changed,
        }


@dataclass(slots=True)
class FurnitureTally:
    """Per site, the lines corpus evidence decided (for the build summary and the card).

    `add` takes a page's lines and the labels it got with its site's lookup; on a page where
    any line has evidence it labels the page once more without it (the lines' features are
    cached), so "decided" means exactly: the label would have been another without the corpus.
    """

    cfg: AnnotatorConfig = DEFAULT_CONFIG
    sites: dict[str, SiteTally] = field(default_factory=dict)

    def add(
        self,
        site: str | None,
        texts: Sequence[str],
        labels: Sequence[str],
        lookup: FurnitureLookup,
        labels_without_evidence: Sequence[str] | None = None,
    ) -> None:
        """`labels_without_evidence`: the page's labels without the evidence, when known (else
        labelled here)."""
        if site is None:
            return
        tally = self.sites.setdefault(site, SiteTally())
        tally.pages += 1
        infos = line_infos(texts, self.cfg)
        if not any(lookup(i.key) is not None for i in infos if weighs_evidence(i, self.cfg)):
            return
        tally.pages_with_evidence += 1
        if labels_without_evidence is None:
            labels_without_evidence = label_page(infos, self.cfg)
        changed = [
            i
            for i, (a, b) in enumerate(zip(labels_without_evidence, labels, strict=True))
            if a != b
        ]
        tally.lines_decided += len(changed)
        tally.pages_body_changed += any(
            "body" in (labels_without_evidence[i], labels[i]) for i in changed
        )

    def add_page(
        self,
        index: FurnitureIndex,
        source: str,
        texts: Sequence[str],
        labels: Sequence[str],
        sources: Mapping[str, str] | None = None,
        labels_without_evidence: Sequence[str] | None = None,
    ) -> None:
        """`add` for a page labelled with `index`'s evidence (its non-blank lines and their
        labels, as `khobor.pages.assemble.assemble` made them); only the pages of a site with
        furniture are counted."""
        infos = line_infos(texts, self.cfg)
        site = index.site_for(source, infos, sources, self.cfg)
        if index.has_furniture(site):
            self.add(site, texts, labels, index.lookup_for(site), labels_without_evidence)

    @classmethod
    def from_json(cls, data: Mapping[str, Mapping[str, int]]) -> FurnitureTally:
        """The tally of `to_json`."""
        return cls(sites={site: SiteTally(**counts) for site, counts in data.items()})

    def figures(self, index: FurnitureIndex) -> dict[str, dict[str, int]]:
        """Per site with furniture (sorted): its distinct articles, furniture lines, and what the
        evidence did on its pages (the build summary, the card, the manifest's figures)."""
        rows: dict[str, dict[str, int]] = {}
        for name, found in sorted(_learned(index.sites).items()):
            tally = self.sites.get(name, SiteTally())
            rows[name] = {
                "articles": found.articles,
                "furniture_lines": len(found.lines),
                **tally.to_json(),
            }
        return rows

    def merge(self, other: FurnitureTally) -> None:
        """Add another tally's counts (from another worker)."""
        for site, theirs in other.sites.items():
            mine = self.sites.setdefault(site, SiteTally())
            mine.pages += theirs.pages
            mine.pages_with_evidence += theirs.pages_with_evidence
            mine.lines_decided += theirs.lines_decided
            mine.pages_body_changed += theirs.pages_body_changed

    def to_json(self) -> dict[str, dict[str, int]]:
        return {site: self.sites[site].to_json() for site in sorted(self.sites)}
