"""Duplicate clusters: exact (normalized body) and near (MinHash LSH) duplicates."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from khobor.dedup import Deduper, body_digest, cluster_bodies, jaccard, normalize_body, shingles
from khobor.policy import DedupPolicy, load_policy_text

SEEDS = Path(__file__).resolve().parent.parent / "dataset" / "raw"


def seed_bodies() -> dict[str, str]:
    """Long Bengali texts: the non-blank lines of each seed page, keyed by a fake id."""
    texts = {}
    for number, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").split("\n")]
        texts[f"{number:016x}"] = "\n\n".join(line for line in lines if len(line) > 40)
    return texts


def test_normalize_ignores_spacing_punctuation_and_invisible_marks() -> None:
    a = "ঢাকা, ৩০ জুন। দেশের খবর!"
    b = "ঢাকা ৩০  জুন  \n\nদেশের\u200c খবর"
    assert normalize_body(a) == normalize_body(b)
    assert body_digest(a) == body_digest(b)
    assert body_digest(a) != body_digest("ঢাকা ৩০ জুন দেশের খবর আজ")


def test_vowel_signs_stay_inside_words() -> None:
    assert normalize_body("কিম জং উন।") == "কিম জং উন"
    assert normalize_body("প্রতিশ্রুতি") == "প্রতিশ্রুতি"


def test_shingles_are_word_windows() -> None:
    assert len(shingles("এক দুই তিন চার পাঁচ ছয় সাত", 5)) == 3
    assert shingles("এক দুই", 5) == {"এক দুই".encode()}


def test_exact_duplicates_share_a_cluster_named_by_the_smallest_id() -> None:
    body = next(iter(seed_bodies().values()))
    clusters = cluster_bodies({"ffff": body, "0000": body.replace("।", " । "), "aaaa": "অন্য খবর"})
    assert clusters == {"ffff": "0000", "0000": "0000", "aaaa": "aaaa"}


def test_near_duplicate_with_one_word_changed_joins_the_cluster() -> None:
    bodies = seed_bodies()
    first_id, first = next(iter(bodies.items()))
    words = first.split(" ")
    words[len(words) // 2] = "পরিবর্তিত"
    near = " ".join(words)
    assert jaccard(shingles(first, 5), shingles(near, 5)) > 0.85
    clusters = cluster_bodies({**bodies, "ffffffffffffffff": near})
    assert clusters["ffffffffffffffff"] == first_id
    # the other seeds stay alone
    assert sorted(set(clusters.values())) == sorted(bodies)


def test_different_articles_stay_apart() -> None:
    bodies = seed_bodies()
    clusters = cluster_bodies(bodies)
    assert clusters == {key: key for key in bodies}


def test_threshold_from_policy_decides() -> None:
    bodies = seed_bodies()
    first = next(iter(bodies.values()))
    half = " ".join(first.split(" ")[: len(first.split(" ")) // 2])
    loose = load_policy_text("[dedup]\nthreshold = 0.3\n").dedup
    strict = load_policy_text("[dedup]\nthreshold = 0.95\n").dedup
    assert cluster_bodies({"a": first, "b": half}, loose)["b"] == "a"
    assert cluster_bodies({"a": first, "b": half}, strict)["b"] == "b"


def test_clusters_do_not_depend_on_input_order() -> None:
    bodies = seed_bodies()
    first_id, first = next(iter(bodies.items()))
    items = [*bodies.items(), ("00000000000000ff", first + " আরও একটি বাক্য।"), ("e" * 16, first)]
    expected = cluster_bodies(items)
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(items)
        assert cluster_bodies(items) == expected
    assert expected["e" * 16] == min(first_id, "00000000000000ff")


def test_empty_body_is_its_own_cluster_and_ids_are_unique() -> None:
    deduper = Deduper(DedupPolicy())
    deduper.add("a", "")
    deduper.add("b", "   ")
    assert deduper.clusters() == {"a": "a", "b": "a"}  # both normalize to "": exact duplicates
    with pytest.raises(ValueError, match="added twice"):
        deduper.add("a", "x")
