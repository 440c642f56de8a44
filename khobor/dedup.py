"""Duplicate clusters: exact duplicates by normalized-body hash, near duplicates by MinHash LSH.

Records are added one at a time (`Deduper.add`); only a 16-byte digest and a MinHash signature
are kept per record, never the text. `Deduper.clusters()` then gives every record its
`dup_cluster`: the smallest id among the records linked to it (transitively), so the cluster id
does not depend on input order.

A candidate pair from LSH is kept only when its estimated Jaccard similarity reaches the
threshold (LSH alone also returns some pairs below it).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from datasketch import LeanMinHash, MinHash, MinHashLSH

from khobor.policy import DedupPolicy

# Characters dropped before comparing bodies: zero-width joiners and marks that change the
# bytes, not the words (ZWNJ/ZWJ are used inconsistently in Bengali web text).
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\N{ZERO WIDTH NON-JOINER}\N{ZERO WIDTH JOINER}\N{ZERO WIDTH SPACE}"
        "\N{BYTE ORDER MARK}\N{SOFT HYPHEN}",
    )
)


def normalize_body(text: str) -> str:
    """The body as compared for duplicates: NFC, case-folded, invisible marks dropped,
    punctuation and whitespace collapsed to single spaces.

    >>> normalize_body("ঢাকা।  দেশের\\u200c খবর!\\n\\nAB")
    'ঢাকা দেশের খবর ab'
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).casefold()
    return " ".join(_words(text))


def _words(text: str) -> list[str]:
    """Words: runs of letters, digits and combining marks. Punctuation separates words
    ("দেশ।" and "দেশ" are one word; the danda is punctuation), and Bengali vowel signs,
    which `str.isalnum` rejects (category Mc/Mn), stay inside their word."""
    out: list[str] = []
    current: list[str] = []
    for char in text:
        if char.isalnum() or unicodedata.category(char)[0] == "M":
            current.append(char)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def body_digest(text: str) -> bytes:
    """16-byte digest of the normalized body (exact-duplicate key)."""
    return hashlib.sha256(normalize_body(text).encode("utf-8")).digest()[:16]


def shingles(text: str, size: int) -> set[bytes]:
    """Word shingles of the normalized body; a body shorter than `size` words is one shingle.

    >>> sorted(s.decode() for s in shingles("ক খ গ ঘ", 3))
    ['ক খ গ', 'খ গ ঘ']
    >>> shingles("", 3)
    set()
    """
    words = normalize_body(text).split()
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, item: str) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id is the root, so a root is its cluster's smallest member
            low, high = sorted((ra, rb))
            self.parent[high] = low


@dataclass
class DedupStats:
    records: int = 0
    exact_pairs: int = 0  # records whose normalized body equals an earlier record's
    near_pairs: int = 0  # LSH candidate pairs confirmed at the threshold
    clusters: int = 0
    clustered_records: int = 0  # records in a cluster of two or more


@dataclass
class Deduper:
    """Streams (id, body) pairs in; gives `id -> dup_cluster` out."""

    policy: DedupPolicy = field(default_factory=DedupPolicy)
    stats: DedupStats = field(default_factory=DedupStats)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.policy.threshold, num_perm=self.policy.num_perm)
        self._signatures: dict[str, LeanMinHash] = {}
        self._by_digest: dict[bytes, str] = {}
        self._links = _UnionFind()
        # one template MinHash: its permutations are derived from the seed once
        self._template = MinHash(num_perm=self.policy.num_perm, seed=self.policy.seed)

    def signature(self, text: str) -> LeanMinHash | None:
        grams = shingles(text, self.policy.shingle_words)
        if not grams:
            return None
        minhash = self._template.copy()
        minhash.update_batch(sorted(grams))
        return LeanMinHash(minhash)

    def add(self, record_id: str, body: str) -> None:
        if record_id in self._links.parent:
            raise ValueError(f"record id {record_id!r} added twice")
        self._links.add(record_id)
        self.stats.records += 1
        digest = body_digest(body)
        earlier = self._by_digest.get(digest)
        if earlier is not None:
            self.stats.exact_pairs += 1
            self._links.union(earlier, record_id)
            return  # same normalized body: same shingles, nothing new for LSH
        self._by_digest[digest] = record_id
        signature = self.signature(body)
        if signature is None:
            return
        for other in sorted(self._lsh.query(signature)):
            if signature.jaccard(self._signatures[other]) >= self.policy.threshold:
                self.stats.near_pairs += 1
                self._links.union(other, record_id)
        self._lsh.insert(record_id, signature)
        self._signatures[record_id] = signature

    def clusters(self) -> dict[str, str]:
        """`id -> dup_cluster` for every record added (the smallest id of its cluster)."""
        result = {record_id: self._links.find(record_id) for record_id in self._links.parent}
        sizes: dict[str, int] = {}
        for cluster in result.values():
            sizes[cluster] = sizes.get(cluster, 0) + 1
        self.stats.clusters = len(sizes)
        self.stats.clustered_records = sum(size for size in sizes.values() if size > 1)
        return result


def cluster_bodies(
    bodies: Mapping[str, str] | Iterable[tuple[str, str]], policy: DedupPolicy | None = None
) -> dict[str, str]:
    """`id -> dup_cluster` for (id, body) pairs; a convenience over `Deduper`.

    >>> cluster_bodies({"b": "এক দুই তিন চার পাঁচ ছয়", "a": "এক দুই তিন চার পাঁচ ছয়!", "c": "অন্য"})
    {'b': 'a', 'a': 'a', 'c': 'c'}
    """
    deduper = Deduper(policy or DedupPolicy())
    items = bodies.items() if isinstance(bodies, Mapping) else bodies
    for record_id, body in items:
        deduper.add(record_id, body)
    return deduper.clusters()


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
