"""Sites that no URL, signature or menu names: pages grouped by the lines they share.

One job: from the pages that `khobor.corpus.furniture.site_of` gives no site, find the groups of
pages that print the same frequent lines (one site's template: menus, footers, notices) and
name each group `group:<hex>` (`SiteGroups`), so the corpus pass learns its furniture.

**How** (`SiteGrouper`, two streaming passes over the pages' `PageHashes.lines`, the 64-bit
hashes of every distinct line key of the page, hashed without a site):

1. `add_lines`: each page's distinct lines go into a count-min sketch (pages per line;
   fixed size, never below the true count), a batch of pages at a time;
2. `add_page`: a page's *frequent* lines (printed on at least `min_pages` pages: an article's
   own sentences are not) make its MinHash signature, `bands × rows` minima, cut into
   `bands` band keys (LSH); a page with fewer than `min_lines` frequent lines joins no group;
3. `groups()`: pages that share a band key are linked; each connected component of two pages
   or more is one group, named by the smallest source hash among its pages.

Deterministic and independent of page order and sharding: the sketch is a sum, a signature a
pure function of the page and the sketch, a component the same whatever order its links are
found in, and its name a minimum. Memory: the sketch (16 MB), `8 × (1 + bands) + 2 × bands ×
rows` bytes (168) a page while grouping, 16 bytes a grouped page in `SiteGroups`.

**What it does with templates.** Two pages are linked with high probability when the Jaccard
similarity of their frequent lines is above ~`(1/bands)^(1/rows)` (≈0.77 at the defaults), and
never when their signatures agree on less than `min_similarity` of their minima (so a chance
LSH collision of two templates sharing a few lines, over millions of pairs, does not chain
two sites). Within a site, pages of one template agree almost entirely, and a site's pages
are one component as soon as each links to one other. So:

- *two sites sharing one template* (the same menus and footers, each its own notice): when
  their frequent lines overlap almost entirely (Jaccard above ~0.8), they become one group;
  when each adds enough lines of its own (its menu's sections, its name), two. Merged, a line
  is furniture only when printed under `min_share` of the group's articles: a notice of the larger
  site can still be learned (and is looked up on the other site's pages, which do not print
  it: no effect there); a notice of a site under that share of the group is not learned.
  Less evidence, never a sentence of an article taken for furniture by another site's count.
- *one site with two templates* (say a redesign): the pages of each template are one group
  when their frequent lines differ, each learning from its own pages (each needs
  `min_articles`); when the templates share most of their lines, one group.

Line hashes of a group (`khobor.corpus.furniture.line_hash`) are `mix64(unsited hash, group)`, so a
page's hashes taken without a site (in a worker, before any group is known) give its
group's hashes afterwards (`mix64_array`), without its lines.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "DEFAULT_GROUPING",
    "GROUP_PREFIX",
    "GroupingConfig",
    "SiteGrouper",
    "SiteGroups",
    "group_id",
    "mix64",
    "mix64_array",
]

GROUP_PREFIX = "group:"
BATCH_BYTES = 1 << 18  # line hashes (8 bytes each) counted or signed together: ~30k lines
_MASK64 = (1 << 64) - 1
# splitmix64's finalizer (Steele et al., 2014): every input bit moves every output bit
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB


@dataclass(frozen=True, slots=True)
class GroupingConfig:
    """When pages without a known site are one site (thresholds, apart from the logic)."""

    min_pages: int = 20  # a line groups pages when printed on at least this many of them
    min_lines: int = 2  # a page with fewer frequent lines joins no group (one line is no template)
    bands: int = 8  # LSH: a candidate link needs one band of `rows` equal minima ...
    rows: int = 8  # ... so candidates ≈ Jaccard above (1/bands)^(1/rows), ≈0.77
    # and a link, at least this share of all `bands × rows` minima equal (16 bits of each
    # kept): a chance candidate between two templates sharing a few lines is no link. At 0.5,
    # the 8 sites of a `bench/synth.py --invented-furniture 8` corpus (9 layouts shared by
    # every site) chained into one group; at 0.7 they are ~100 groups, one site's each but
    # for a few (bench/results/site_groups_synth.txt)
    min_similarity: float = 0.7

    @property
    def perms(self) -> int:
        return self.bands * self.rows


DEFAULT_GROUPING = GroupingConfig()


def mix64(h: int, g: int) -> int:
    """splitmix64 of `h ^ g` (the same as `mix64_array`)."""
    z = (h ^ g) & _MASK64
    z = ((z ^ (z >> 30)) * _M1) & _MASK64
    z = ((z ^ (z >> 27)) * _M2) & _MASK64
    return z ^ (z >> 31)


def mix64_array(hashes: np.ndarray, g: int | np.ndarray) -> np.ndarray:
    """`mix64` of each of `hashes` (uint64) with `g`, vectorized."""
    with np.errstate(over="ignore"):
        z = hashes.astype(np.uint64) ^ np.asarray(g, dtype=np.uint64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(_M1)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(_M2)
        return z ^ (z >> np.uint64(31))


def group_site(group: int) -> str:
    """The site name of group number `group` (`group_id`'s inverse)."""
    return f"{GROUP_PREFIX}{group:016x}"


def group_id(site: str) -> int | None:
    """The number of a `group:<hex>` site, None for any other site."""
    if not site.startswith(GROUP_PREFIX):
        return None
    return int(site[len(GROUP_PREFIX) :], 16)


def _seeds(n: int) -> np.ndarray:
    """`n` fixed seeds, one a MinHash permutation: two runs sign alike."""
    return mix64_array(np.arange(1, n + 1, dtype=np.uint64), 0x5EED)


def signatures(
    lines: np.ndarray, starts: np.ndarray, config: GroupingConfig
) -> tuple[np.ndarray, np.ndarray]:
    """The MinHash of each of a batch of pages (page i's frequent lines, uint64 hashes, are
    `lines[starts[i]:starts[i + 1]]`, at least one): its `bands` LSH keys, and the low 16 bits
    of every minimum (b-bit MinHash, Li & König 2010). A batch at once: numpy a batch, not a
    page (a page alone costs ~40 numpy calls)."""
    seeds = _seeds(config.perms)
    minima = np.minimum.reduceat(mix64_array(lines[None, :], seeds[:, None]), starts, axis=1).T
    rows = minima.reshape(len(starts), config.bands, config.rows)
    keys = np.broadcast_to(np.arange(config.bands, dtype=np.uint64), rows.shape[:2])
    for column in range(config.rows):  # a band's own keys: bands never collide
        keys = mix64_array(keys, rows[:, :, column])
    return keys, (minima & np.uint64(0xFFFF)).astype(np.uint16)


@dataclass(frozen=True, slots=True, eq=False)
class SiteGroups:
    """The group of each grouped page: source hashes (sorted) and their groups' numbers."""

    sources: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    groups: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SiteGroups):
            return NotImplemented
        same = np.array_equal(self.sources, other.sources)
        return bool(same and np.array_equal(self.groups, other.groups))

    __hash__ = None  # type: ignore[assignment]  # arrays: no hash, as a list

    def group_of(self, source_id: int) -> int | None:
        """The group number of the page of source hash `source_id`, None when in no group
        (one page: a scalar search, ~2 µs, where `lookup`'s arrays cost ~8 µs; annotating with
        the index asks it of every page)."""
        at = int(self.sources.searchsorted(np.uint64(source_id)))
        if at >= len(self.sources) or int(self.sources[at]) != source_id:
            return None
        return int(self.groups[at])

    def lookup(self, source_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each source hash (uint64): whether its page is in a group, and the group's number
        (0 where it is in none)."""
        if not len(self.sources):
            return np.zeros(len(source_ids), dtype=bool), np.zeros(len(source_ids), np.uint64)
        at = np.minimum(self.sources.searchsorted(source_ids), len(self.sources) - 1)
        found = self.sources[at] == source_ids
        return found, np.where(found, self.groups[at], np.uint64(0))

    def site(self, source_id: int) -> str | None:
        """`group:<hex>` of the page of source hash `source_id`, None when in no group."""
        group = self.group_of(source_id)
        return None if group is None else group_site(group)

    def __len__(self) -> int:
        return len(self.sources)

    def count(self) -> int:
        """How many groups."""
        return len(np.unique(self.groups))


def _links(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of pages (row numbers) sharing a key of one band: each to its run's first page."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.ones(len(ordered), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = order[np.flatnonzero(starts)[np.cumsum(starts) - 1]]
    linked = ~starts
    return order[linked], first[linked]


class LineCounts:
    """A linear count-min table of 64-bit hashes (`depth` rows of `2**width_bits` uint32,
    multiply-shift buckets): a sum, so shards add up in any order. (`khobor.corpus.furniture`'s
    sketch updates conservatively, which depends on the order of pages.)"""

    _A = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)

    def __init__(self, width_bits: int, depth: int) -> None:
        if not 1 <= depth <= len(self._A) or not 4 <= width_bits <= 32:
            raise ValueError(f"depth 1..{len(self._A)}, width_bits 4..32: {depth}, {width_bits}")
        self.table = np.zeros((depth, 1 << width_bits), dtype=np.uint32)
        self._a = np.array(self._A[:depth], dtype=np.uint64)[:, None]
        self._shift = np.uint64(64 - width_bits)

    def _buckets(self, hashes: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return ((hashes[None, :] * self._a) >> self._shift).astype(np.intp)

    def add(self, hashes: np.ndarray) -> None:
        """Count each of `hashes` (a repeated hash as often as it is repeated)."""
        for row, buckets in enumerate(self._buckets(hashes)):  # `np.add.at`'s sum, ~10× faster
            where, times = np.unique(buckets, return_counts=True)
            self.table[row, where] += times.astype(np.uint32)

    def counts(self, hashes: np.ndarray) -> np.ndarray:
        """Each row's counter of each hash, `depth × len(hashes)`."""
        return self.table[np.arange(len(self.table))[:, None], self._buckets(hashes)]


@dataclass(slots=True)
class SiteGrouper:
    """`add_lines` every page without a site; `freeze()`; `add_page` each again; `groups()`."""

    config: GroupingConfig = DEFAULT_GROUPING
    width_bits: int = 22  # 4 × 2²² uint32: 64 MB
    depth: int = 4
    sketch: LineCounts = field(init=False)
    _frozen: bool = False
    _ids: array = field(default_factory=lambda: array("Q"))
    _bands: array = field(default_factory=lambda: array("Q"))
    _minima: array = field(default_factory=lambda: array("H"))
    # pages waiting for their batch (numpy a batch, not a page)
    _pending: list[bytes] = field(default_factory=list)
    _pending_ids: list[int] = field(default_factory=list)
    _pending_bytes: int = 0
    pages: int = 0  # pages seen in pass 1
    lines: int = 0  # lines counted in pass 1 (a line once a page that prints it)

    def __post_init__(self) -> None:
        self.sketch = LineCounts(self.width_bits, self.depth)

    def add_lines(self, lines: bytes) -> None:
        """Pass 1: a page's distinct lines (counted a batch at a time)."""
        if self._frozen:
            raise RuntimeError("add_lines() after freeze(): pass 1 is over")
        self.pages += 1
        self._pending.append(lines)
        self._pending_bytes += len(lines)
        if self._pending_bytes >= BATCH_BYTES:
            self._count_pending()

    def _count_pending(self) -> None:
        # `add`, not `add_distinct`: a batch holds a line once a page that prints it, and a
        # conservative update of a batch would count a repeated line once
        added = np.frombuffer(b"".join(self._pending), dtype="<u8")
        if added.size:
            self.sketch.add(added)
        self.lines += added.size
        self._pending, self._pending_bytes = [], 0

    def freeze(self) -> None:
        self._count_pending()
        self._frozen = True

    def merge(self, other: SiteGrouper) -> None:
        """Pass 1: add a shard's line counts (a sum: shards merge in any order)."""
        if self._frozen or other._frozen:
            raise RuntimeError("merge() after freeze(): shards merge in pass 1")
        self._count_pending()
        other._count_pending()
        self.sketch.table += other.sketch.table
        self.pages += other.pages
        self.lines += other.lines

    def add_page(self, source_id: int, lines: bytes) -> None:
        """Pass 2: a page's signature of its frequent lines (signed a batch at a time)."""
        if not self._frozen:
            raise RuntimeError("add_page() before freeze(): pass 1 first")
        if len(lines) < 8 * self.config.min_lines:
            return
        self._pending.append(lines)
        self._pending_ids.append(source_id)
        self._pending_bytes += len(lines)
        if self._pending_bytes >= BATCH_BYTES:
            self._sign_pending()

    def _frequent(self, hashes: np.ndarray) -> np.ndarray:
        """Whether each line is printed on `min_pages` pages, by the count-mean-min estimate
        (Deng & Rafiei, 2007): a row's counter less the row's mean noise, the other lines
        that share its bucket, and the least of the rows. A count-min estimate's noise grows
        with the corpus (at 1M pages of 40 lines, ~40 a bucket of 2²⁰: every article's
        sentence looked printed on 20 pages, and no two pages of a site looked alike); less
        the mean, an article's line stays near its count. A function of the final table and
        the total only: the same in any order and sharding (no conservative update)."""
        counts = self.sketch.counts(hashes).astype(np.float64)
        noise = (self.lines - counts) / ((1 << self.width_bits) - 1)
        return np.asarray((counts - noise).min(axis=0) >= self.config.min_pages)

    def _sign_pending(self) -> None:
        if not self._pending:
            return
        sizes = np.array([len(lines) // 8 for lines in self._pending])
        hashes = np.frombuffer(b"".join(self._pending), dtype="<u8")
        page = np.repeat(np.arange(len(sizes)), sizes)
        frequent = self._frequent(hashes)
        hashes, page = hashes[frequent], page[frequent]
        counts = np.bincount(page, minlength=len(sizes))
        kept = counts >= self.config.min_lines
        hashes = hashes[kept[page]]
        if hashes.size:
            starts = np.concatenate([[0], np.cumsum(counts[kept])[:-1]])
            keys, minima = signatures(hashes, starts, self.config)
            ids = np.array(self._pending_ids, dtype=np.uint64)[kept]
            self._ids.frombytes(ids.tobytes())
            self._bands.frombytes(np.ascontiguousarray(keys, dtype="<u8").tobytes())
            self._minima.frombytes(np.ascontiguousarray(minima, dtype="<u2").tobytes())
        self._pending, self._pending_ids, self._pending_bytes = [], [], 0

    def groups(self) -> SiteGroups:
        """The connected components of two pages or more, named by their least source hash."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        self._sign_pending()
        ids = np.frombuffer(self._ids, dtype=np.uint64)
        n = len(ids)
        if n < 2:
            return SiteGroups()
        bands = np.frombuffer(self._bands, dtype=np.uint64).reshape(n, self.config.bands)
        minima = np.frombuffer(self._minima, dtype=np.uint16).reshape(n, self.config.perms)
        pairs = []
        for band in range(self.config.bands):
            a, b = _links(bands[:, band])
            alike = (minima[a] == minima[b]).mean(axis=1) >= self.config.min_similarity
            pairs.append((a[alike], b[alike]))
        rows = np.concatenate([a for a, _ in pairs])
        cols = np.concatenate([b for _, b in pairs])
        graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
        count, labels = connected_components(graph.tocsr(), directed=False)
        least = np.full(count, np.iinfo(np.uint64).max, dtype=np.uint64)
        np.minimum.at(least, labels, ids)
        sizes = np.bincount(labels, minlength=count)
        keep = sizes[labels] >= 2
        order = np.argsort(ids[keep], kind="stable")
        return SiteGroups(ids[keep][order].copy(), least[labels[keep]][order].copy())
