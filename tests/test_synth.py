"""The synthetic corpus generator of `bench/synth.py`: deterministic, truthful, varied."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from khobor.contracts.taxonomy import LABELS
from khobor.pages.extract import split_lines

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

synth = pytest.importorskip("synth")


def _digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    assert synth.main(["--pages", "60", "--out", str(out), "--seed", "3", "--workers", "1"]) == 0
    return out


def _truth(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "truth.jsonl").read_text("utf-8").splitlines()]


def test_same_seed_gives_the_same_bytes(corpus, tmp_path):
    again = tmp_path / "again"
    synth.main(["--pages", "60", "--out", str(again), "--seed", "3", "--workers", "2"])
    assert _digest(again) == _digest(corpus)


def test_another_seed_gives_other_pages(corpus, tmp_path):
    other = tmp_path / "other"
    synth.main(["--pages", "60", "--out", str(other), "--seed", "4", "--workers", "1"])
    assert (other / "truth.jsonl").read_bytes() != (corpus / "truth.jsonl").read_bytes()


@pytest.fixture(scope="module")
def zoo_corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth-zoo")
    args = ["--pages", "70", "--out", str(out), "--seed", "3", "--workers", "1"]
    assert synth.main([*args, "--families", "zoo"]) == 0
    return out


@pytest.fixture(params=["v1", "zoo"])
def any_corpus(request):
    return request.getfixturevalue({"v1": "corpus", "zoo": "zoo_corpus"}[request.param])


def test_truth_lines_are_the_pages_non_blank_lines(any_corpus):
    for record in _truth(any_corpus):
        text = (any_corpus / "pages" / record["source"]).read_text("utf-8")
        assert [t for _, t in record["lines"]] == split_lines(text), record["source"]


def test_labels_and_fields_are_valid(any_corpus):
    for record in _truth(any_corpus):
        labels = [label for label, _ in record["lines"]]
        assert set(labels) <= set(LABELS), record["source"]
        assert labels.count("headline") == 1
        assert ["headline", record["headline"]] in record["lines"]
        assert not record["headline"].endswith("।")
        assert "body" in labels
        for label, text in record["lines"]:
            if label == "body":
                assert text.endswith(("।", "।’")), text
        day = record["published_at"] or record["updated_at"]
        assert record["date"] == (day[:10] if day else None)
        if record["byline"] is not None:
            assert ["byline", record["byline"]] in record["lines"]


def test_at_least_six_layouts_in_sixty_pages(corpus):
    assert len({record["layout"] for record in _truth(corpus)}) >= 6


def test_families_are_chosen_by_name(corpus, zoo_corpus):
    assert {record["layout"] for record in _truth(corpus)} <= set(synth.FAMILY_SETS["v1"])
    assert {record["layout"] for record in _truth(zoo_corpus)} == set(synth.FAMILY_SETS["zoo"])
    assert synth.family_names("all") == synth.FAMILY_SETS["v1"] + synth.FAMILY_SETS["zoo"]
    with pytest.raises(ValueError, match="unknown"):
        synth.family_names("nav_kicker,no_such_family")


def test_pages_are_written_in_numbered_folders(corpus):
    sources = [record["source"] for record in _truth(corpus)]
    assert sources[0] == "000/0000000.txt" and sources[-1] == "000/0000059.txt"
    assert synth.source_of(1_234_567) == "123/1234567.txt"
