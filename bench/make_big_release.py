"""Make a synthetic khobor release of many rows, to time `khobor validate` (issue 4).

    .venv/bin/python bench/make_big_release.py [--rows 100000] [--out /tmp/khobor-big]
        [--previous-share 0.95] [--seed 7]

Writes `OUT/1.1.0/` (`--rows` records) and, unless `--previous-share 0`, `OUT/1.0.0/` holding
the first share of those records in the same splits, so the ledger and drift gates have a
previous release to compare with. Bodies are random sequences of the words of the seed bodies
(so they are Bengali, canonical, and no two are near duplicates), 10–20 paragraphs of
10–20 words; each page has a headline, a dateline, its body lines and a few related lines.
Every row comes from its own seeded generator and rows are written a batch at a time, so a
1,000,000-row release is made in little memory. Files follow the release layout:
`data/{split}-0000i-of-0000N.parquet` (100,000 rows per shard, explicit schema, row groups of
5,000 rows), `quarantine.jsonl`, `manifest.json` with SHA-256 and row counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from khobor.contracts.layout import MANIFEST, QUARANTINE, sha256_file, shard_name  # noqa: E402
from khobor.contracts.policy import SPLIT_NAMES, Policy  # noqa: E402
from khobor.contracts.schema import label_to_index, rows_to_table  # noqa: E402
from khobor.contracts.timezone import DHAKA  # noqa: E402
from khobor.corpus.splits import hash_split  # noqa: E402
from khobor.pipeline import MAX_SHARD_ROWS, parquet_schema  # noqa: E402

BATCH = 5_000
FLAGS = ("related", "rank", "comment_prompt", "promo", "chrome", "duplicate")
LABEL = {name: label_to_index(name) for name in ("headline", "dateline", "body", "related")}


def vocabulary() -> list[str]:
    words: set[str] = set()
    for path in (REPO / "dataset" / "releases" / "1.0.0" / "data").glob("*.parquet"):
        for body in pq.read_table(path, columns=["body"]).column("body").to_pylist():
            words.update(w for w in body.split() if w.isalpha() or len(w) > 2)
    return sorted(words)


def record_ids(n: int) -> list[str]:
    return [hashlib.sha256(f"synthetic-{i}".encode()).hexdigest() for i in range(n)]


def make_row(i: int, sha: str, seed: int, vocab: np.ndarray) -> dict[str, Any]:
    """Row `i`, the same whatever else is generated (its own generator, seeded by `i`)."""
    rng = np.random.default_rng([seed, i])
    start = datetime(2020, 1, 1, tzinfo=UTC)
    paragraphs = [
        " ".join(rng.choice(vocab, int(rng.integers(10, 21))))
        for _ in range(int(rng.integers(10, 21)))
    ]
    headline = " ".join(rng.choice(vocab, 8))
    published = (start + timedelta(minutes=int(rng.integers(0, 3_000_000)))).astimezone(DHAKA)
    updated = published + timedelta(minutes=int(rng.integers(0, 600)))
    related = [" ".join(rng.choice(vocab, 6)) for _ in range(3)]
    lines = [
        {"text": headline, "label": LABEL["headline"]},
        {"text": f"প্রকাশ: {published:%Y-%m-%d}", "label": LABEL["dateline"]},
        *({"text": p, "label": LABEL["body"]} for p in paragraphs),
        *({"text": r, "label": LABEL["related"]} for r in related),
    ]
    return {
        "id": sha[:16],
        "source": f"synthetic/{i:07d}.txt",
        "raw_sha256": sha,
        "outlet": "synthetic",
        "headline": headline,
        "published_at": published,
        "updated_at": updated,
        "date": published.date(),
        "page_date": published.date() + timedelta(days=int(rng.integers(0, 3))),
        "byline": "ডেস্ক",
        "section": None,
        "source_credit": None,
        "body": "\n\n".join(paragraphs),
        "captions": [],
        "lines": lines,
        "boilerplate": {flag: flag == "related" for flag in FLAGS},
        "boilerplate_ratio": len(related) / len(lines),
        "bengali_ratio": 1.0,
        "dup_cluster": sha[:16],
    }


class ReleaseWriter:
    """One release folder being written split by split, shard by shard, in batches."""

    def __init__(self, folder: Path, version: str, counts: dict[str, int], policy: Policy):
        if folder.exists():
            shutil.rmtree(folder)
        (folder / "data").mkdir(parents=True)
        self.folder, self.version, self.counts, self.policy = folder, version, counts, policy
        self.schema = parquet_schema()
        self.files: list[dict[str, Any]] = []
        self.inputs: list[dict[str, Any]] = []

    def write_split(self, split: str, rows: Iterator[dict[str, Any]]) -> None:
        total = self.counts[split]
        count = max(1, math.ceil(total / MAX_SHARD_ROWS))
        for index in range(count):
            name = shard_name(split, index, count)
            size = min(MAX_SHARD_ROWS, total - index * MAX_SHARD_ROWS)
            with pq.ParquetWriter(self.folder / name, self.schema, compression="zstd") as writer:
                written = 0
                while written < size:
                    batch = [next(rows) for _ in range(min(BATCH, size - written))]
                    self.inputs += [
                        {"source": r["source"], "sha256": r["raw_sha256"], "bytes": 0}
                        for r in batch
                    ]
                    writer.write_table(rows_to_table(batch).cast(self.schema))
                    written += len(batch)
            self.files.append(_entry(self.folder, name, split=split, rows=max(size, 0)))

    def finish(self) -> None:
        folder = self.folder
        (folder / QUARANTINE).write_text("")
        self.files.append(_entry(folder, QUARANTINE, rows=0))
        records = len(self.inputs)
        manifest = {
            "name": "khobor",
            "version": self.version,
            "schema_version": "1",
            "policy": self.policy.to_json(),
            "figures": {"inputs": records, "records": records, "quarantined": {}},
            "inputs": {
                "count": records,
                "files": sorted(self.inputs, key=lambda e: e["source"]),
            },
            "files": sorted(self.files, key=lambda e: e["path"]),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))


def write_releases(out: Path, rows: int, previous_share: float, seed: int) -> None:
    """`OUT/1.1.0` with `rows` records and `OUT/1.0.0` with the first `previous_share` of
    them, written in one pass, one batch of rows in memory at a time."""
    policy = Policy()
    shas = record_ids(rows)
    kept = int(rows * previous_share)
    order: dict[str, list[int]] = {name: [] for name in SPLIT_NAMES}
    for i, sha in enumerate(shas):
        order[hash_split(sha[:16], policy.splits)].append(i)
    for members in order.values():
        members.sort(key=lambda i: shas[i][:16])  # by id, as the build writes them
    vocab = np.array(vocabulary(), dtype=object)
    current = ReleaseWriter(out / "1.1.0", "1.1.0", {s: len(m) for s, m in order.items()}, policy)
    previous = (
        ReleaseWriter(
            out / "1.0.0", "1.0.0", {s: sum(i < kept for i in m) for s, m in order.items()}, policy
        )
        if previous_share > 0
        else None
    )
    for split, members in order.items():
        if previous is None:
            current.write_split(split, (make_row(i, shas[i], seed, vocab) for i in members))
            continue
        # one generation feeds both releases: rows for the previous one are queued
        queue: list[dict[str, Any]] = []

        def generated(
            members: list[int] = members, queue: list[dict[str, Any]] = queue
        ) -> Iterator[dict[str, Any]]:
            for i in members:
                row = make_row(i, shas[i], seed, vocab)
                if i < kept:
                    queue.append(row)
                yield row

        current.write_split(split, generated())
        previous.write_split(split, iter(queue))
        queue.clear()
    current.finish()
    if previous is not None:
        previous.finish()


def _entry(folder: Path, name: str, **extra: Any) -> dict[str, Any]:
    path = folder / name
    return {"path": name, "sha256": sha256_file(path), "bytes": path.stat().st_size, **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/khobor-big"))
    parser.add_argument("--previous-share", type=float, default=0.95)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    write_releases(args.out, args.rows, args.previous_share, args.seed)
    print(f"wrote {args.out}/1.1.0 ({args.rows} rows) in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
