"""Sites no URL or signature names, grouped by the lines they share (issue 23,
`khobor.corpus.site_groups`, `khobor.corpus.furniture_learn`)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from khobor.corpus.furniture import _hash64, line_hash
from khobor.corpus.site_groups import GroupingConfig, SiteGrouper, SiteGroups, mix64, mix64_array
from khobor.pages.extract import ExtractContext, corpus_index, extract_file, iter_inputs, to_json

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import two_sites


def _lines(*texts: str) -> bytes:
    return np.array([_hash64("", t) for t in texts], dtype="<u8").tobytes()


def _template(name: str, n: int = 10) -> list[str]:
    return [f"{name} line {i}" for i in range(n)]


def _group(pages: list[tuple[int, bytes]], config: GroupingConfig) -> SiteGroups:
    grouper = SiteGrouper(config, width_bits=12)
    for _, lines in pages:
        grouper.add_lines(lines)
    grouper.freeze()
    for source_id, lines in pages:
        grouper.add_page(source_id, lines)
    return grouper.groups()


def _pages(templates: dict[str, list[str]], per: int, seed: int = 0) -> list[tuple[int, bytes]]:
    """`per` pages of each template, each with its own article lines too."""
    r = random.Random(seed)
    pages = []
    for name, lines in templates.items():
        for i in range(per):
            own = [f"{name} article {i} sentence {j}" for j in range(5)]
            pages.append((r.getrandbits(64), _lines(*lines, *own)))
    return pages


CONFIG = GroupingConfig(min_pages=5)


def test_a_group_line_hash_is_the_unsited_hash_mixed_with_the_group():
    site = "group:00000000000000ff"
    assert line_hash(site, "key") == mix64(_hash64("", "key"), 0xFF)
    hashes = np.array([_hash64("", "a"), _hash64("", "b")], dtype=np.uint64)
    assert mix64_array(hashes, 0xFF).tolist() == [line_hash(site, "a"), line_hash(site, "b")]


def test_two_templates_are_two_groups_and_every_page_has_its_templates():
    pages = _pages({"a": _template("a"), "b": _template("b")}, per=12)
    groups = _group(pages, CONFIG)
    assert len(groups) == 24 and groups.count() == 2
    sites = [groups.site(source_id) for source_id, _ in pages]
    assert len(set(sites[:12])) == 1 and len(set(sites[12:])) == 1 and sites[0] != sites[12]
    # a group is named by its least source hash
    assert sites[0] == f"group:{min(s for s, _ in pages[:12]):016x}"


def test_grouping_does_not_depend_on_page_order_or_shards():
    pages = _pages({"a": _template("a"), "b": _template("b"), "c": _template("c")}, per=10)
    first = _group(pages, CONFIG)
    shuffled = pages[:]
    random.Random(1).shuffle(shuffled)
    assert _group(shuffled, CONFIG) == first
    # shards: sketches summed, signatures in any order (as the datatrove merge reads them)
    one, two = SiteGrouper(CONFIG, width_bits=12), SiteGrouper(CONFIG, width_bits=12)
    for n, (_, lines) in enumerate(shuffled):
        (one if n % 2 else two).add_lines(lines)
    one.merge(two)
    one.freeze()
    for source_id, lines in reversed(pages):
        one.add_page(source_id, lines)
    assert one.groups() == first


def test_two_sites_sharing_a_template_are_one_group():
    shared = _template("shared", 30)  # Jaccard 30/32 of the two sites' frequent lines
    pages = _pages({"a": [*shared, "notice of a"], "b": [*shared, "notice of b"]}, per=10)
    groups = _group(pages, CONFIG)
    assert groups.count() == 1 and len(groups) == 20


def test_templates_sharing_a_few_lines_are_not_linked():
    common = ["share", "print", "comment"]
    pages = _pages({"a": [*common, *_template("a", 7)], "b": [*common, *_template("b", 7)]}, 15)
    assert _group(pages, CONFIG).count() == 2  # Jaccard 3/17: never a link


def test_a_page_with_too_few_frequent_lines_joins_no_group():
    pages = _pages({"a": _template("a")}, per=10)
    lonely = (7, _lines("a line 0", "its own", "lines only"))  # one frequent line
    groups = _group([*pages, lonely], CONFIG)
    assert groups.site(7) is None and len(groups) == 10


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    root = tmp_path_factory.mktemp("two-sites")
    out = {}
    for sources in (False, True):
        two_sites.write_corpus(root / f"raw-{sources}", 40, sources)
        out[sources] = root / f"raw-{sources}"
    return out


@pytest.mark.parametrize("sources", [False, True])
def test_each_of_two_sites_learns_its_line_and_the_articles_keep_their_sentences(
    corpora: dict[bool, Path], sources: bool
) -> None:
    raw = corpora[sources]
    truth = {f"{s}-{i:03d}.txt": two_sites.page_text(s, i)[1] for s in two_sites.SITES
             for i in range(40)}  # fmt: skip
    plain = ExtractContext()
    learned = ExtractContext(furniture=corpus_index([raw], plain))
    before = {i.source: to_json(extract_file(i, plain)) for i in iter_inputs([raw])}
    after = {i.source: to_json(extract_file(i, learned)) for i in iter_inputs([raw])}
    score = two_sites.score(before, after, truth)
    for site in two_sites.SITES:
        assert score[site]["pages"] == 40
        assert score[site]["invented_body_without"] == 40  # the annotator alone keeps it
        assert score[site]["invented_body_with"] == 0, site
        assert score[site]["sentences_changed"] == 0, site
    if not sources:
        sites = {learned.furniture.site_for(s, [], {}) for s in truth}  # type: ignore[union-attr]
        assert len(sites) == 2 and all(str(s).startswith("group:") for s in sites)


def test_both_engines_build_the_same_bytes_from_the_two_sites(
    corpora: dict[bool, Path], tmp_path: Path
) -> None:
    pytest.importorskip("datatrove")
    from khobor.contracts.policy import Policy
    from khobor.pipeline import build_dataset

    raw = corpora[False]
    local = build_dataset(raw, tmp_path / "local", version="1.0.0", policy=Policy(), workers=2)
    other = build_dataset(
        raw, tmp_path / "dt", version="1.0.0", policy=Policy(), workers=2, engine="datatrove"
    )
    assert two_sites.tree_bytes(other.out) == two_sites.tree_bytes(local.out)
    learned = {s: f for s, f in local.figures.furniture.items() if f["furniture_lines"]}
    assert len(learned) == 2 and all(s.startswith("group:") for s in learned)


def test_a_crowded_sketch_still_tells_an_articles_lines_from_a_template():
    # 1,024 counters a row for ~33,000 lines: ~32 a counter, so a count-min estimate puts every
    # article's sentence above `min_pages`; less each row's mean noise, it does not
    r = random.Random(5)
    pages = []
    for name in ("a", "b"):
        for i in range(80):
            own = [f"{name} {i} sentence {j}" for j in range(200)]
            pages.append((r.getrandbits(64), _lines(*_template(name), *own)))
    grouper = SiteGrouper(GroupingConfig(min_pages=10), width_bits=10)
    for _, lines in pages:
        grouper.add_lines(lines)
    grouper.freeze()
    for source_id, lines in pages:
        grouper.add_page(source_id, lines)
    groups = grouper.groups()
    assert grouper.lines > 30 * 1024
    assert groups.count() == 2 and len(groups) == 160


@given(
    keys=st.lists(st.integers(0, 2**64 - 1), max_size=6),
    weighed=st.lists(st.integers(0, 2**64 - 1), max_size=6),
    group=st.integers(0, 2**64 - 1),
    grouped=st.booleans(),
)
def test_a_grouped_page_is_hashed_as_its_groups_page(
    keys: list[int], weighed: list[int], group: int, grouped: bool
) -> None:
    from khobor.corpus.furniture import PageHashes, in_groups
    from khobor.corpus.site_groups import group_id

    def packed(hashes: list[int]) -> bytes:
        return np.array(hashes, dtype="<u8").tobytes()

    page = PageHashes("p.txt", _hash64("p.txt"), None, 0, packed(keys), packed(weighed))
    others = [_hash64(f"other {n}") for n in range(3)]
    sources = sorted([*others, page.source_id] if grouped else others)
    groups = SiteGroups(
        np.array(sources, dtype=np.uint64), np.full(len(sources), group, dtype=np.uint64)
    )
    [found] = in_groups([page], groups)
    if not grouped:
        assert found == page
        return
    assert found.site is not None and group_id(found.site) == group
    assert found.keys == packed([mix64(key, group) for key in keys])
    assert found.weighed == packed([mix64(key, group) for key in weighed])
    assert in_groups([found], groups) == [found]  # a page with a site is its own


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["none", "sited", "unsited"]),
            st.lists(st.integers(0, 2**64 - 1), max_size=4),
            st.lists(st.integers(0, 2**64 - 1), max_size=4),
            st.integers(0, 3),  # the page's group, 0: none
        ),
        max_size=12,
    )
)
def test_a_batch_of_pages_is_grouped_as_each_page_alone(pages: list) -> None:
    """`in_groups` (what the corpus pass reads, a batch at a time) gives each page what mixing
    each of its hashes alone with its group gives; a page with a site or in no group stays."""
    from khobor.corpus.furniture import PageHashes, in_groups
    from khobor.corpus.site_groups import group_site

    def packed(hashes: list[int]) -> bytes:
        return np.array(hashes, dtype="<u8").tobytes()

    batch: list[PageHashes | None] = []
    grouped: dict[int, int] = {}
    for n, (kind, keys, weighed, group) in enumerate(pages):
        source = f"p{n}.txt"
        site = "kalbela" if kind == "sited" else None
        page = PageHashes(source, _hash64(source), site, 0, packed(keys), packed(weighed))
        batch.append(None if kind == "none" else page)
        if group:
            grouped[page.source_id] = 1000 + group
    sources = sorted(grouped)
    groups = SiteGroups(
        np.array(sources, dtype=np.uint64), np.array([grouped[s] for s in sources], np.uint64)
    )
    for page, found in zip(batch, in_groups(batch, groups), strict=True):
        if page is None or page.site is not None or page.source_id not in grouped:
            assert found == page
            continue
        group = grouped[page.source_id]
        keys = np.frombuffer(page.keys, dtype="<u8").tolist()
        weighed = np.frombuffer(page.weighed, dtype="<u8").tolist()
        assert found == page._replace(
            site=group_site(group),
            keys=packed([mix64(key, group) for key in keys]),
            weighed=packed([mix64(key, group) for key in weighed]),
        )
