"""Split assignment: stable hash of the cluster, the ledger, no straddling, no empty split."""

from __future__ import annotations

import random
from dataclasses import asdict
from pathlib import Path

import pytest

from khobor.contracts.policy import (
    DEFAULT_GATES_PATH,
    SPLIT_NAMES,
    DedupPolicy,
    Policy,
    PolicyError,
    SplitPolicy,
    load_policy,
    load_policy_text,
)
from khobor.corpus.splits import assign_splits, hash_split, previous_release, release_versions

REPO = Path(__file__).resolve().parent.parent
POLICY = SplitPolicy()


def ids(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.getrandbits(64):016x}" for _ in range(n)]


def test_hash_split_is_stable_and_follows_the_shares() -> None:
    many = ids(4000)
    splits = [hash_split(i, POLICY) for i in many]
    assert splits == [hash_split(i, POLICY) for i in many]
    share = splits.count("train") / len(splits)
    assert 0.77 < share < 0.83
    assert hash_split(many[0], SplitPolicy(salt="other")) in SPLIT_NAMES


def test_no_cluster_straddles_splits() -> None:
    records = ids(200)
    clusters = {r: records[i // 4 * 4] for i, r in enumerate(records)}  # clusters of four
    assignment = assign_splits(clusters, {}, POLICY)
    for cluster in set(clusters.values()):
        members = [r for r in records if clusters[r] == cluster]
        assert len({assignment.split_of[m] for m in members}) == 1


@pytest.mark.parametrize("n", range(3, 25))
def test_three_or_more_clusters_leave_no_split_empty(n: int) -> None:
    for seed in range(5):
        assignment = assign_splits({i: i for i in ids(n, seed)}, {}, POLICY)
        assert all(assignment.counts()[split] > 0 for split in SPLIT_NAMES), assignment.counts()


def test_fewer_than_three_clusters_are_not_forced() -> None:
    assignment = assign_splits({"a": "a", "b": "a"}, {}, POLICY)
    assert assignment.moved_clusters == []
    assert assignment.split_of["a"] == assignment.split_of["b"] == hash_split("a", POLICY)


def test_ledger_entries_never_move_and_new_clusters_fill_gaps() -> None:
    old = ids(3, seed=1)
    ledger = dict.fromkeys(old, "train")  # an earlier release with everything in train
    new = ids(6, seed=2)
    assignment = assign_splits({i: i for i in old + new}, ledger, POLICY)
    assert all(assignment.split_of[i] == "train" for i in old)
    assert all(count > 0 for count in assignment.counts().values())
    assert set(assignment.moved_clusters) <= set(new)
    assert assignment.kept_from_ledger == 3


def test_ledger_only_clusters_are_never_rebalanced() -> None:
    old = ids(4, seed=3)
    assignment = assign_splits({i: i for i in old}, dict.fromkeys(old, "test"), POLICY)
    assert set(assignment.split_of.values()) == {"test"}
    assert assignment.moved_clusters == []


def test_new_near_duplicate_joins_its_ledger_cluster_split() -> None:
    old = ids(5, seed=4)
    ledger = {
        i: split
        for i, split in zip(old, ["train", "train", "validation", "test", "test"], strict=True)
    }
    newcomer = "0" * 16  # smaller than every old id: becomes the cluster's id
    clusters = {i: i for i in old} | {old[2]: newcomer, newcomer: newcomer}
    assignment = assign_splits(clusters, ledger, POLICY)
    assert assignment.split_of[newcomer] == "validation"
    assert assignment.cluster_of[old[2]] == newcomer


def test_cluster_bridging_two_ledger_splits_is_divided_not_moved() -> None:
    a, b = "1" * 16, "2" * 16
    newcomer = "3" * 16
    clusters = {a: a, b: a, newcomer: a}  # a new page linked two old pages
    assignment = assign_splits(clusters, {a: "train", b: "test"}, POLICY)
    assert assignment.split_of[a] == "train"
    assert assignment.split_of[b] == "test"
    assert assignment.split_of[newcomer] == "train"  # joins the part of the smallest old id
    assert assignment.cluster_of[b] == b
    assert assignment.divided_clusters == 1


def test_assignment_does_not_depend_on_mapping_order() -> None:
    records = ids(50, seed=5)
    clusters = {r: records[i // 3 * 3] for i, r in enumerate(records)}
    reversed_clusters = dict(reversed(list(clusters.items())))
    assert (
        assign_splits(clusters, {}, POLICY).split_of
        == assign_splits(reversed_clusters, {}, POLICY).split_of
    )


def test_release_versions_are_semver_ordered(tmp_path: Path) -> None:
    for version in ["1.0.0", "1.10.0", "1.9.0", "not-a-version", ".partial-1.2.0-1-x"]:
        (tmp_path / version).mkdir()
        (tmp_path / version / "manifest.json").write_text("{}")
    (tmp_path / "2.0.0").mkdir()  # incomplete: no manifest
    assert release_versions(tmp_path) == ["1.0.0", "1.9.0", "1.10.0"]
    assert previous_release(tmp_path, below="1.10.0") == tmp_path / "1.9.0"
    assert previous_release(tmp_path, below="1.0.0") is None
    assert previous_release(tmp_path) == tmp_path / "1.10.0"


# --- the policy file ----------------------------------------------------------------------


def test_committed_gates_file_matches_the_defaults() -> None:
    policy = load_policy(REPO / DEFAULT_GATES_PATH)
    assert policy == Policy()
    assert asdict(policy.dedup) == asdict(DedupPolicy())


def test_policy_rejects_unknown_keys_bad_types_and_bad_shares() -> None:
    with pytest.raises(PolicyError, match="unknown keys"):
        load_policy_text("[dedup]\nthreshhold = 0.8\n")
    with pytest.raises(PolicyError, match="must be int"):
        load_policy_text("[dedup]\nnum_perm = 12.5\n")
    with pytest.raises(PolicyError, match="add up to 1"):
        load_policy_text("[splits]\ntrain = 0.9\n")
    with pytest.raises(PolicyError, match="not valid TOML"):
        load_policy_text("[dedup\n")
    # sections owned by other loaders are left alone
    assert load_policy_text("[gates.schema]\nmax_failures = 0\n") == Policy()


def test_explicit_missing_policy_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "nope.toml")
