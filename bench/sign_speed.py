"""MinHash signing speed with and without `np.unique` in shingling, interleaved, best of 7.

The "before" signer is today's `BodySigner` with `np.unique` put back on its shingle keys;
both must give the same signatures. Run from the repository root:

    python bench/sign_speed.py
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np

from khobor.contracts.policy import DedupPolicy
from khobor.corpus.dedup import BodySigner

BODIES = 2000
ROUNDS = 7


def bodies() -> list[str]:
    """Bodies of 12 long lines drawn from the seed pages (fixed seed)."""
    lines = []
    for path in sorted(Path("dataset/raw").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines += [line.strip() for line in text.splitlines() if len(line.strip()) > 40]
    rng = random.Random(1)
    return ["\n\n".join(rng.sample(lines, min(len(lines), 12))) for _ in range(BODIES)]


def main() -> None:
    texts = bodies()
    after = BodySigner(DedupPolicy())
    before = BodySigner(DedupPolicy())
    keys_of = before.shingle_keys
    before.shingle_keys = lambda words: np.unique(keys_of(words))  # type: ignore[method-assign]
    for text in texts:  # warm both word caches
        after.sign(text)
        before.sign(text)
    times: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(ROUNDS):
        for name, signer in (("before", before), ("after", after)):
            start = time.perf_counter()
            for text in texts:
                signer.sign(text)
            times[name].append(time.perf_counter() - start)
    same = all(np.array_equal(before.sign(t)[1], after.sign(t)[1]) for t in texts)
    old, new = min(times["before"]), min(times["after"])
    print(
        f"{len(texts)} bodies: before {old:.3f} s ({len(texts) / old:.0f}/s), "
        f"after {new:.3f} s ({len(texts) / new:.0f}/s), ratio {old / new:.2f}x, "
        f"same signatures: {same}"
    )


if __name__ == "__main__":
    main()
