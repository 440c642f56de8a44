"""Duplicate clusters: exact (normalized body) and near (MinHash LSH) duplicates."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khobor.contracts.policy import DedupPolicy, load_policy_text
from khobor.corpus.dedup import (
    BodySigner,
    Deduper,
    body_digest,
    cluster_bodies,
    jaccard,
    lsh_bands,
    normalize_body,
    shingles,
)

SEEDS = Path(__file__).resolve().parent.parent / "dataset" / "raw"
SIGNATURE_DIGEST = (
    "d6710ca9d7820917"  # SHA-256 prefix of the first seed body's signature under the default policy
)


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
    assert deduper.add("a", "") is None
    assert deduper.add("b", "   ") == 0  # both normalize to "": "b" is a copy of "a", refused
    assert deduper.clusters() == {"a": "a"}
    assert deduper.stats.exact_pairs == 1
    assert cluster_bodies({"a": "", "b": "   "}) == {"a": "a", "b": "a"}
    with pytest.raises(ValueError, match="added twice"):
        deduper.add("a", "x")


# --- the vectorised MinHash and the LSH banding ----------------------------------------------


def _reference_words(text: str) -> list[str]:
    """The original character loop `normalize_body` was written as (the regex must agree)."""
    import unicodedata

    invisible = dict.fromkeys(map(ord, "\u200c\u200d\u200b\ufeff\u00ad"))
    text = unicodedata.normalize("NFC", text).translate(invisible).casefold()
    out, current = [], []
    for char in text:
        if char.isalnum() or unicodedata.category(char)[0] == "M":
            current.append(char)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def test_word_regex_agrees_with_the_character_loop_on_every_code_point() -> None:
    import sys

    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(chars), 4096):
        # each code point between two letters, and alone between spaces
        text = " ".join(f"a{c}b {c}" for c in chars[start : start + 4096])
        assert normalize_body(text) == " ".join(_reference_words(text))


@given(
    st.text(alphabet=st.sampled_from("কখগ াি্ৎ।,_-\u200c\u200dAbc1২ \n\U0001d167\u0301"), max_size=60)
)
def test_word_regex_agrees_with_the_character_loop_on_mixed_text(text: str) -> None:
    assert normalize_body(text) == " ".join(_reference_words(text))


def test_signature_estimates_jaccard() -> None:
    rng = random.Random(3)
    vocabulary = [f"শব্দ{i}" for i in range(5000)]
    deduper = Deduper(DedupPolicy())
    for _ in range(20):
        words = [rng.choice(vocabulary) for _ in range(300)]
        other = list(words)
        for _ in range(rng.randrange(1, 40)):
            other[rng.randrange(len(other))] = rng.choice(vocabulary)
        a, b = " ".join(words), " ".join(other)
        exact = jaccard(shingles(a, 5), shingles(b, 5))
        sig_a, sig_b = deduper.signature(a), deduper.signature(b)
        assert sig_a is not None and sig_b is not None
        assert abs(sig_a.jaccard(sig_b) - exact) < 0.15
    assert deduper.signature(" ।, ") is None


def test_one_key_per_distinct_shingle_and_word_order_matters() -> None:
    signer = BodySigner(DedupPolicy())
    for body in seed_bodies().values():
        words = normalize_body(body).split()
        assert len(np.unique(signer.shingle_keys(words))) == len(shingles(body, 5))
    assert not np.array_equal(
        signer.shingle_keys(["ক", "খ", "গ", "ঘ", "ঙ"]),
        signer.shingle_keys(["খ", "ক", "গ", "ঘ", "ঙ"]),
    )


def test_signatures_are_fixed_by_the_policy_alone() -> None:
    """The same body gives the same values in any process (no hash seed, no input order):
    changing the scheme changes clusters of existing releases, so it shows up here."""
    import hashlib

    body = next(iter(seed_bodies().values()))
    values = BodySigner(DedupPolicy()).sign(body)[1]
    assert values is not None and values.dtype == np.uint32 and values.shape == (128,)
    assert hashlib.sha256(values.astype("<u4").tobytes()).hexdigest()[:16] == SIGNATURE_DIGEST
    assert not np.array_equal(values, BodySigner(DedupPolicy(seed=2)).sign(body)[1])
    copy = pickle.loads(pickle.dumps(BodySigner(DedupPolicy())))
    assert np.array_equal(copy.sign(body)[1], values)


def test_add_signed_is_add() -> None:
    bodies = seed_bodies()
    first = next(iter(bodies.values()))
    items = [*bodies.items(), ("00000000000000ff", first + " আরও একটি বাক্য।"), ("e" * 16, first)]
    signer = BodySigner(DedupPolicy())
    signed, plain = Deduper(DedupPolicy()), Deduper(DedupPolicy())
    kept = [signed.add_signed(record_id, *signer.sign(body)) for record_id, body in items]
    assert kept == [plain.add(record_id, body) for record_id, body in items]
    assert kept == [None] * (len(items) - 1) + [0]  # the exact copy of the first is refused
    assert signed.clusters() == plain.clusters()
    assert signed.stats.exact_pairs == 1 and len(signed) == len(items) - 1
    assert signed.position_of("e" * 16) is None and signed.position_of("zz") is None
    assert cluster_bodies(items)["e" * 16] == cluster_bodies(items)[next(iter(bodies))]
    with pytest.raises(ValueError, match="wrong length"):
        signed.add_signed("x", b"\0" * 16, np.zeros(3, dtype=np.uint32))


def test_lsh_bands_put_recall_first() -> None:
    for threshold, num_perm in ((0.8, 128), (0.5, 64), (0.9, 256), (0.7, 128)):
        bands, rows = lsh_bands(threshold, num_perm)
        assert bands * rows <= num_perm
        assert (1 - threshold**rows) ** bands <= 1e-6  # a pair at the threshold is proposed
        if threshold >= 0.7:  # few unrelated pairs are
            assert 1 - (1 - 0.2**rows) ** bands < 0.25


def test_a_large_near_duplicate_family_is_one_cluster_and_strangers_stay_apart() -> None:
    rng = random.Random(11)
    vocabulary = [f"খবর{i}" for i in range(20000)]
    base = [rng.choice(vocabulary) for _ in range(400)]
    bodies = {}
    for n in range(60):
        words = list(base)
        words[rng.randrange(len(words))] = f"বদল{n}"
        bodies[f"near{n:03d}"] = " ".join(words)
    for n in range(300):
        bodies[f"solo{n:03d}"] = " ".join(rng.choice(vocabulary) for _ in range(200))
    deduper = Deduper(DedupPolicy())
    for record_id, body in bodies.items():
        deduper.add(record_id, body)
    clusters = deduper.clusters()
    assert {clusters[f"near{n:03d}"] for n in range(60)} == {"near000"}
    assert all(clusters[f"solo{n:03d}"] == f"solo{n:03d}" for n in range(300))
    assert deduper.stats.clusters == 301 and deduper.stats.clustered_records == 60
    assert deduper.stats.near_pairs >= 59


def _pair_hidden_in_big_buckets(policy: DedupPolicy) -> np.ndarray:
    """Signatures where the last two records are alike (every value but one band equal) and
    every band they share is a bucket of 65 records whose other members are strangers to
    them: a bucket compared only against its first member would never pair the two."""
    bands, rows = lsh_bands(policy.threshold, policy.num_perm)
    rng = np.random.default_rng(7)
    fillers_per_band = 64
    pair = rng.integers(0, 1 << 32, size=policy.num_perm, dtype=np.uint64).astype(np.uint32)
    shared = bands - 1  # the two differ in the last band only
    signatures = rng.integers(
        0, 1 << 32, size=(shared * fillers_per_band + 2, policy.num_perm), dtype=np.uint64
    ).astype(np.uint32)
    for band in range(shared):
        columns = slice(band * rows, (band + 1) * rows)
        signatures[band * fillers_per_band : (band + 1) * fillers_per_band, columns] = pair[columns]
    signatures[-2], signatures[-1] = pair, pair
    signatures[-1, shared * rows :] ^= 1
    return signatures


def test_big_buckets_are_compared_pair_by_pair_in_the_build_and_the_gate() -> None:
    from khobor.gates.neardup import Signed, cross_split_pairs

    policy = DedupPolicy()
    signatures = _pair_hidden_in_big_buckets(policy)
    count = len(signatures)
    similarity = float(np.mean(signatures[-2] == signatures[-1]))
    assert similarity >= policy.threshold

    deduper = Deduper(policy)
    for position, values in enumerate(signatures):
        deduper.add_signed(f"{position:06d}", position.to_bytes(16, "little"), values)
    clusters = deduper.clusters()
    assert clusters[f"{count - 1:06d}"] == f"{count - 2:06d}"
    assert deduper.stats.clusters == count - 1

    digests = np.stack([np.arange(count, dtype=np.uint64), np.zeros(count, np.uint64)], axis=1)
    signed = Signed(digests, digests, signatures, np.ones(count, dtype=np.bool_))
    every_record_its_own_split = np.arange(count)
    pairs = cross_split_pairs(signed, every_record_its_own_split, policy)
    assert pairs == [(count - 2, count - 1, round(similarity, 3))]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["ক", "খ", "গ", "ঘ", "ঙ", "চ", "a"]), min_size=1, max_size=60))
def test_repeated_shingles_sign_as_their_distinct_set(words: list[str]) -> None:
    """Keys keep repeated shingles; the MinHash of the multiset is the MinHash of the set
    (what the signer computed with `np.unique` before), so releases keep their clusters."""
    signer = BodySigner(DedupPolicy())
    keys = signer.shingle_keys(words)
    assert np.array_equal(signer.minhash(keys), signer.minhash(np.unique(keys)))


def test_seed_bodies_sign_as_their_distinct_shingle_keys() -> None:
    signer = BodySigner(DedupPolicy())
    for body in seed_bodies().values():
        words = normalize_body(body).split()
        keys = signer.shingle_keys(words)
        assert np.array_equal(signer.sign(body)[1], signer.minhash(np.unique(keys)))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=40))
def test_minhash_is_its_definition(keys: list[int]) -> None:
    """Value i: the least high half of (a_i · key + b_i) mod 2^64 over the keys (the signer
    takes the minimum before the shift: the shift is monotone)."""
    signer = BodySigner(DedupPolicy())
    a, b = signer._a[:, 0].tolist(), signer._b[:, 0].tolist()
    expected = [
        min(((ai * k + bi) % 2**64) >> 32 for k in keys) for ai, bi in zip(a, b, strict=True)
    ]
    assert signer.minhash(np.array(keys, dtype=np.uint64)).tolist() == expected
