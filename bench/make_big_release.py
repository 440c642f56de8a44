"""Make a synthetic khobor release of many rows, to time `khobor validate` (issue 4).

    .venv/bin/python bench/make_big_release.py [--rows 100000] [--out /tmp/khobor-big]
        [--previous-share 0.95] [--seed 7]

Writes `OUT/1.1.0/` (`--rows` records) and, unless `--previous-share 0`, `OUT/1.0.0/` holding
the first share of those records in the same splits, so the ledger and drift gates have a
previous release to compare with. Bodies are random sequences of the words of the seed bodies
(so they are Bengali, canonical, and no two are near duplicates), 10–20 paragraphs of
10–20 words; each page has a headline, a dateline, its body lines and a few related lines.
Files follow the release layout: `data/{split}-0000i-of-0000N.parquet` (100,000 rows per
shard, explicit schema), `quarantine.jsonl`, `manifest.json` with SHA-256 and row counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from khobor.build import MAX_SHARD_ROWS, parquet_schema, sha256_file, shard_name  # noqa: E402
from khobor.policy import SPLIT_NAMES, Policy  # noqa: E402
from khobor.schema import DHAKA, label_to_index, rows_to_table  # noqa: E402
from khobor.splits import hash_split  # noqa: E402

BATCH = 5_000
FLAGS = ("related", "rank", "comment_prompt", "promo", "chrome", "duplicate")


def vocabulary() -> list[str]:
    words: set[str] = set()
    for path in (REPO / "dataset" / "releases" / "1.0.0" / "data").glob("*.parquet"):
        for body in pq.read_table(path, columns=["body"]).column("body").to_pylist():
            words.update(w for w in body.split() if w.isalpha() or len(w) > 2)
    return sorted(words)


def make_rows(n: int, seed: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    vocab = np.array(vocabulary(), dtype=object)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    labels = {name: label_to_index(name) for name in ("headline", "dateline", "body", "related")}
    rows = []
    for i in range(n):
        record_id = hashlib.sha256(f"synthetic-{i}".encode()).hexdigest()
        paragraphs = [
            " ".join(rng.choice(vocab, int(rng.integers(10, 21))))
            for _ in range(int(rng.integers(10, 21)))
        ]
        headline = " ".join(rng.choice(vocab, 8))
        published = (start + timedelta(minutes=int(rng.integers(0, 3_000_000)))).astimezone(DHAKA)
        updated = published + timedelta(minutes=int(rng.integers(0, 600)))
        related = [" ".join(rng.choice(vocab, 6)) for _ in range(3)]
        lines = [
            {"text": headline, "label": labels["headline"]},
            {"text": f"প্রকাশ: {published:%Y-%m-%d}", "label": labels["dateline"]},
            *({"text": p, "label": labels["body"]} for p in paragraphs),
            *({"text": r, "label": labels["related"]} for r in related),
        ]
        rows.append(
            {
                "id": record_id[:16],
                "source": f"synthetic/{i:07d}.txt",
                "raw_sha256": record_id,
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
                "dup_cluster": record_id[:16],
            }
        )
    return rows


def write_release(folder: Path, version: str, rows: list[dict[str, Any]], policy: Policy) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "data").mkdir(parents=True)
    by_split: dict[str, list[dict[str, Any]]] = {name: [] for name in SPLIT_NAMES}
    for row in rows:
        by_split[hash_split(row["dup_cluster"], policy.splits)].append(row)
    schema = parquet_schema()
    files = []
    for split, members in by_split.items():
        members.sort(key=lambda row: row["id"])
        count = max(1, math.ceil(len(members) / MAX_SHARD_ROWS))
        for index in range(count):
            part = members[index * MAX_SHARD_ROWS : (index + 1) * MAX_SHARD_ROWS]
            name = shard_name(split, index, count)
            with pq.ParquetWriter(folder / name, schema, compression="zstd") as writer:
                for lo in range(0, len(part), BATCH):
                    writer.write_table(rows_to_table(part[lo : lo + BATCH]).cast(schema))
            files.append(_entry(folder, name, split=split, rows=len(part)))
    (folder / "quarantine.jsonl").write_text("")
    files.append(_entry(folder, "quarantine.jsonl", rows=0))
    inputs = [{"source": r["source"], "sha256": r["raw_sha256"], "bytes": 0} for r in rows]
    manifest = {
        "name": "khobor",
        "version": version,
        "schema_version": "1",
        "policy": policy.to_json(),
        "figures": {"inputs": len(rows), "records": len(rows), "quarantined": {}},
        "inputs": {"count": len(inputs), "files": sorted(inputs, key=lambda e: e["source"])},
        "files": sorted(files, key=lambda e: e["path"]),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))


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
    rows = make_rows(args.rows, args.seed)
    policy = Policy()
    write_release(args.out / "1.1.0", "1.1.0", rows, policy)
    if args.previous_share > 0:
        kept = rows[: int(len(rows) * args.previous_share)]
        write_release(args.out / "1.0.0", "1.0.0", kept, policy)
    print(f"wrote {args.out}/1.1.0 ({len(rows)} rows) in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
