"""khobor's MinHash (`khobor.corpus.dedup.BodySigner`, numpy) beside `rensa`'s (Rust) on the same
bodies (issue 23): signing time and near-duplicate recall, side by side.

    .venv/bin/pip install rensa   # not a dependency of khobor: a bench only
    .venv/bin/python bench/rensa_minhash.py --dir /tmp/synth-20k [--pages 3000]

Bodies are the true `body` lines of `bench/synth.py`'s first `--pages` pages; each gets a near
copy with one word changed (as `bench/scale_build.py`'s near-copy probe makes them). Each
signer signs every body and copy; recall is the share of (body, copy) pairs that the build's
own LSH (`khobor.corpus.dedup.near_pairs` with `lsh_bands(threshold, num_perm)`) links, and "other
pairs" the links between different articles. Signers:

* khobor: `BodySigner.sign` (words, 5-word shingle keys, numpy multiply-add-shift MinHash);
* rensa keys: the same shingle keys, MinHashed by rensa
  (`RMinHash.digest_matrix_from_token_hash_sets`);
* rensa strings: `rensa.RMinHash` over the shingles as strings (rensa hashes them itself).

Times are per body, single process, best of 3.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import rensa

from khobor.contracts.policy import DedupPolicy
from khobor.corpus.dedup import BodySigner, _words, lsh_bands, near_pairs


def bodies(truth: Path, pages: int) -> list[str]:
    out = []
    with truth.open(encoding="utf-8") as handle:
        for line in handle:
            lines = [text for label, text in json.loads(line)["lines"] if label == "body"]
            if lines:
                out.append("\n".join(lines))
            if len(out) >= pages:
                break
    return out


def near_copy(body: str, salt: int) -> str:
    words = body.split(" ")
    words[(salt * 7) % len(words)] = f"পরিবর্তন{salt}"
    return " ".join(words)


def best_of(runs: int, sign: Callable[[list[str]], np.ndarray], texts: list[str]) -> tuple:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = sign(texts)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=3000)
    args = parser.parse_args()
    policy = DedupPolicy()
    signer = BodySigner(policy)
    originals = bodies(args.dir / "truth.jsonl", args.pages)
    texts = originals + [near_copy(b, i) for i, b in enumerate(originals)]
    n = len(originals)

    def khobor_sign(items: list[str]) -> np.ndarray:
        return np.stack([signer.sign(t)[1] for t in items])  # type: ignore[misc]

    def rensa_keys(items: list[str]) -> np.ndarray:
        keys = [signer.shingle_keys(_words(t)).tolist() for t in items]
        matrix = rensa.RMinHash.digest_matrix_from_token_hash_sets(keys, policy.num_perm, 1)
        return np.asarray(matrix.to_rows(), dtype=np.uint32)

    def rensa_strings(items: list[str]) -> np.ndarray:
        size = policy.shingle_words
        rows = []
        for t in items:
            words = _words(t)
            m = rensa.RMinHash(num_perm=policy.num_perm, seed=1)
            m.update([" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))])
            rows.append(m.digest())
        return np.asarray(rows, dtype=np.uint32)

    bands, rows = lsh_bands(policy.threshold, policy.num_perm)
    print(
        f"{n:,} bodies + {n:,} near copies, num_perm {policy.num_perm}, "
        f"threshold {policy.threshold}, LSH {bands} x {rows}"
    )
    for name, sign in (
        ("khobor", khobor_sign),
        ("rensa keys", rensa_keys),
        ("rensa strings", rensa_strings),
    ):
        seconds, signatures = best_of(3, sign, texts)
        members = np.arange(len(texts))
        pairs, _ = near_pairs(signatures, members, bands, rows, policy.threshold)
        found = {(int(a), int(b)) for a, b in pairs}
        recall = sum((i, i + n) in found for i in range(n)) / n
        other = sum(1 for a, b in found if b != a + n)
        print(
            f"{name:14s} {seconds / len(texts) * 1e6:8.1f} µs a body   near-copy recall "
            f"{recall:.4f}   other pairs {other}"
        )


if __name__ == "__main__":
    main()
