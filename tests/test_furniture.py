"""The corpus pass (`khobor.corpus.furniture`): per-site line counts over distinct articles."""

from __future__ import annotations

import copy
import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from khobor.annotate import line_info
from khobor.cli.commands import app
from khobor.contracts.policy import FurnitureConfig, PolicyError, load_policy_text
from khobor.corpus.furniture import (
    CountMinSketch,
    FurnitureCounter,
    FurnitureTally,
    PageKeys,
    build_index,
    line_hash,
    page_hashes,
    page_keys,
    site_of,
)
from khobor.corpus.furniture import _hash64 as _hash64

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

DISCLAIMER = "এই সাইটের মতামত বিভাগের লেখার দায় সম্পূর্ণ লেখকের, প্রতিষ্ঠানের নয়।"
KEY = line_info(DISCLAIMER).key


def _article(site: str, n: int, *extra: str, copy: int = 0) -> PageKeys:
    body = f"{n} নম্বর প্রতিবেদনের একটি বাক্য যা শুধু এই লেখায় আছে।"
    keys = tuple(line_info(t).key for t in (body, *extra))
    return PageKeys(f"{site}/{n}-{copy}.txt", site, n, keys)


# --- counting ----------------------------------------------------------------------------------


def test_a_line_under_most_articles_of_a_site_is_its_furniture():
    pages = [_article("a", n, DISCLAIMER) for n in range(30)]
    pages += [_article("a", n) for n in range(30, 40)]
    index = build_index(pages)
    assert index.sites["a"].articles == 40
    assert index.sites["a"].lines == {line_hash("a", KEY): 30}
    evidence = index.lookup_for("a")(KEY)
    assert evidence is not None
    assert evidence.explain() == "printed on 30 of 40 articles of a"
    assert index.lookup_for("b")(KEY) is None  # another site never printed it
    assert index.lookup_for(None)(KEY) is None


def test_copies_of_one_article_count_once():
    sentence = "একই প্রতিবেদন বারবার ছাপা হলেও তার বাক্য সাইটের আসবাব নয়।"
    pages = [_article("a", n, DISCLAIMER) for n in range(25)]
    pages += [_article("a", 99, sentence, copy=c) for c in range(60)]  # 60 copies of one article
    index = build_index(pages)
    assert index.sites["a"].articles == 26
    assert index.sites["a"].lines == {line_hash("a", KEY): 25}
    assert index.lookup_for("a")(line_info(sentence).key) is None


def test_the_same_article_on_two_sites_counts_on_each():
    pages = [_article(site, n, DISCLAIMER) for site in ("a", "b") for n in range(20)]
    index = build_index(pages)
    assert index.sites["a"].lines == {line_hash("a", KEY): 20}
    assert index.sites["b"].lines == {line_hash("b", KEY): 20}


def test_a_small_corpus_or_a_common_phrase_is_not_misread():
    small = [_article("a", n, DISCLAIMER) for n in range(5)]
    assert build_index(small).sites["a"].lines == {}  # 5 of 5, under the 20-article minimum
    lowered = build_index(small, config=FurnitureConfig(min_articles=2))
    assert lowered.sites["a"].lines == {line_hash("a", KEY): 5}
    common = [_article("a", n, *([DISCLAIMER] if n % 3 == 0 else [])) for n in range(90)]
    assert build_index(common).sites["a"].lines == {}  # 30 of 90: under half


def test_pages_without_a_site_get_no_evidence():
    pages = [PageKeys(f"{n}.txt", None, n, (KEY,)) for n in range(50)]
    index = build_index(pages)
    assert index.sites == {}


def test_the_passes_must_run_in_order_on_the_same_pages():
    counter = FurnitureCounter()
    with pytest.raises(RuntimeError):
        counter.count(_article("a", 1))
    counter.observe(_article("a", 1))
    counter.start_counting()
    with pytest.raises(RuntimeError):
        counter.observe(_article("a", 2))
    with pytest.raises(RuntimeError):
        counter.count(_article("a", 2))  # pass 1 never saw it


def test_thresholds_are_release_policy():
    policy = load_policy_text("[furniture]\nmin_share = 0.6\nmin_articles = 5")
    assert policy.furniture == FurnitureConfig(0.6, 5)
    assert load_policy_text("").furniture == FurnitureConfig()
    with pytest.raises(PolicyError):
        load_policy_text("[furniture]\nmin_share = 0")
    with pytest.raises(PolicyError):
        load_policy_text("[furniture]\nmin_articles = 1")
    with pytest.raises(PolicyError):
        load_policy_text("[furniture]\nshare = 0.5")
    assert not load_policy_text("[furniture]\nenabled = false").furniture.enabled
    with pytest.raises(PolicyError):
        load_policy_text('[furniture]\nenabled = "no"')


def test_the_committed_policy_file_holds_the_defaults():
    text = (Path(__file__).resolve().parent.parent / "validation" / "gates.toml").read_text()
    assert load_policy_text(text).furniture == FurnitureConfig()


def test_the_tally_counts_the_lines_the_corpus_decided():
    from khobor.annotate import label_page

    texts = ["ঢাকায় নতুন নীতিমালা ঘোষণা", "নিজস্ব প্রতিবেদক", *PARAGRAPHS, DISCLAIMER]
    lookup = build_index(
        [_article("a", n, DISCLAIMER) for n in range(20)], config=FurnitureConfig()
    ).lookup_for("a")
    labels = label_page([line_info(t) for t in texts], furniture=lookup)
    assert labels == ["headline", "byline", "body", "body", "body", "chrome"]
    tally = FurnitureTally()
    tally.add("a", texts, labels, lookup)
    tally.add("a", texts[:-1], labels[:-1], lookup)  # no evidence on this page
    tally.add(None, texts, labels, lookup)
    assert tally.to_json() == {
        "a": {"pages": 2, "pages_with_evidence": 1, "lines_decided": 1, "pages_body_changed": 1}
    }


# --- the memory-bounded structure agrees with exact counting -------------------------------------


def _exact(pages: list[PageKeys], config: FurnitureConfig) -> dict[str, dict[str, int]]:
    """Straightforward counting, every key held: each (site, cluster) counts on its page of
    the smallest source hash."""
    representative: dict[tuple[str, int], PageKeys] = {}
    for page in pages:
        if page.site is None:
            continue
        found = representative.get((page.site, page.cluster))
        if found is None or _hash64(page.source) < _hash64(found.source):
            representative[(page.site, page.cluster)] = page
    counts: dict[str, Counter[str]] = {}
    articles: Counter[str] = Counter()
    for (site, _), page in representative.items():
        articles[site] += 1
        counts.setdefault(site, Counter()).update(set(page.keys))
    return {
        site: {
            line_hash(site, k): n
            for k, n in counts[site].items()
            if n >= config.needed(articles[site])
        }
        for site in articles
    }


_PAGES = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", None]),
        st.integers(0, 12),
        st.lists(st.sampled_from([f"line {i}" for i in range(12)]), max_size=8).map(tuple),
    ),
    max_size=80,
).map(lambda rows: [PageKeys(f"p{i}.txt", *row) for i, row in enumerate(rows)])


@settings(max_examples=200, deadline=None)
@given(
    _PAGES,
    st.floats(0.05, 1.0),
    st.integers(2, 6),
    st.integers(4, 8),
    st.randoms(use_true_random=False),
)
def test_the_sketch_and_exact_counts_agree_with_plain_counting(
    pages, share, minimum, width_bits, rng
):
    config = FurnitureConfig(min_share=share, min_articles=minimum)
    again = list(pages)
    rng.shuffle(again)  # the second pass may see the pages in another order
    # a tiny sketch (16 to 256 counters a row) collides a lot: more candidates, never a miss
    index = build_index(pages, again=again, config=config, width_bits=width_bits)
    got = {site: dict(found.lines) for site, found in index.sites.items()}
    assert got == _exact(pages, config)


@settings(max_examples=100, deadline=None)
@given(_PAGES, st.integers(1, 4))
def test_shards_of_both_passes_merge_into_the_counts_of_one_pass(pages, shards):
    config = FurnitureConfig(min_articles=2)
    whole = build_index(pages, config=config)
    observed = [FurnitureCounter(config) for _ in range(shards)]
    for i, page in enumerate(pages):
        observed[i % shards].observe(page)
    merged = observed[0]
    for other in observed[1:]:
        merged.merge(other)
    merged.start_counting()
    counted = []
    for shard in range(shards):  # each shard of pass 2 starts from the merged pass-1 state
        counter = copy.deepcopy(merged)
        for page in pages[shard::shards]:
            counter.count(page)
        counted.append(counter)
    for other in counted[1:]:
        counted[0].merge(other)
    assert counted[0].index() == whole


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=30, unique=True), max_size=20),
    st.integers(4, 10),
)
def test_the_sketch_never_underestimates(pages, width_bits):
    import numpy as np

    plain, conservative = CountMinSketch(width_bits), CountMinSketch(width_bits)
    for hashes in pages:
        plain.add(np.array(hashes, dtype=np.uint64))
        conservative.add_distinct(np.array(hashes, dtype=np.uint64))
    truth = Counter(h for hashes in pages for h in hashes)
    keys = np.array(list(truth), dtype=np.uint64)
    want = np.array(list(truth.values()), dtype=np.uint64)
    assert (conservative.estimate(keys) >= want).all()
    assert (conservative.estimate(keys) <= plain.estimate(keys)).all()
    assert (plain.estimate(keys) >= want).all()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=30, unique=True), max_size=20),
    st.integers(4, 10),
)
def test_conservative_update_is_each_rows_maximum(pages, width_bits):
    """`add_distinct` updates every row at once: what raising each row on its own gives
    (Estan & Varghese's conservative update)."""
    import numpy as np

    sketch, table = CountMinSketch(width_bits), np.zeros((4, 1 << width_bits), np.uint32)
    for hashes in pages:
        keys = np.array(hashes, dtype=np.uint64)
        sketch.add_distinct(keys)
        if not hashes:
            continue
        buckets = sketch._buckets(keys)
        wanted = np.min([table[row][buckets[row]] for row in range(4)], axis=0) + 1
        for row in range(4):
            for bucket, value in zip(buckets[row].tolist(), wanted.tolist(), strict=True):
                table[row][bucket] = max(table[row][bucket], value)
    assert np.array_equal(sketch.table, table)


# --- sites ------------------------------------------------------------------------------------

MENU = ("হোম", "জাতীয়", "রাজনীতি", "খেলা", "বিনোদন", "প্রযুক্তি")
BODY = "সরকার আজ নতুন একটি নীতিমালা ঘোষণা করেছে বলে মন্ত্রণালয় সূত্রে জানা গেছে।"
PARAGRAPHS = (
    BODY,
    "নীতিমালায় বলা হয়েছে, আগামী বছর থেকে সব জেলায় নতুন নিয়ম চালু হবে এবং তা মানতে হবে।",
    "এ বিষয়ে জানতে চাইলে একজন কর্মকর্তা বলেন, খসড়াটি নিয়ে অংশীজনদের সঙ্গে আলোচনা হয়েছে।",
)


def _infos(*texts: str):
    return [line_info(t) for t in texts]


def test_the_site_is_the_outlet_when_it_can_be_told():
    sources = {"x.txt": "https://www.kalbela.com/world/1"}
    assert site_of("x.txt", _infos(*MENU, BODY), sources) == "kalbela"
    assert site_of("y.txt", _infos("কালবেলা ডেস্ক", BODY)) == "kalbela"  # its signature


def test_a_menu_alone_names_no_site_the_corpus_groups_such_pages():
    # issue 23: a page's first short lines no longer name its site (`khobor.corpus.site_groups` does)
    assert site_of("a.txt", _infos(*MENU, "১২ মে ২০২৫", BODY)) is None
    assert site_of("b.txt", _infos("হোম", BODY, *MENU)) is None


def test_page_keys_are_the_annotators_keys_of_unlabelled_lines():
    texts = [*MENU, "মন্তব্য করুন", "সরকার   আজ নতুন একটি ঘোষণা দিয়েছে।", BODY, BODY]
    page = page_keys("p.txt", texts)
    unlabelled = [t for t in texts if line_info(t).label is None]
    assert page.keys == tuple(dict.fromkeys(line_info(t).key for t in unlabelled))
    assert "সরকার আজ নতুন একটি ঘোষণা দিয়েছে।" in page.keys  # folded as the annotator folds
    assert line_info("মন্তব্য করুন").key not in page.keys  # intrinsic label: never weighed


def test_the_builds_hashes_learn_the_same_index():
    """`page_hashes` (what the build's workers hand over) and `page_keys` learn the same
    furniture: a labelled line on every page (a comment prompt, a rank) is counted by
    neither."""
    url = "https://www.kalbela.com/national/{}"
    texts = {
        f"p{n:02d}.txt": [
            *MENU,
            f"শিরোনাম নম্বর {n} এর খবর",
            f"{BODY} {n}",
            "মন্তব্য করুন",
            "১৫",
            "নদীর ধারে আমাদের ছোট্ট দপ্তরে প্রতি বিকেলে চা আর গল্পের আসর বসে, আপনিও আসুন।",
        ]
        for n in range(30)
    }
    sources = {name: url.format(n) for n, name in enumerate(texts)}
    config = FurnitureConfig(min_articles=5)
    full = build_index([page_keys(s, t, sources) for s, t in texts.items()], config=config)
    hashed = build_index([page_hashes(s, t, sources) for s, t in texts.items()], config=config)
    assert full == hashed
    site = full.sites["kalbela"]
    assert site.printed_on(line_info("মন্তব্য করুন").key) is None
    assert site.printed_on("১৫") is None
    assert site.printed_on(line_info(texts["p00.txt"][-1]).key) == 30


# --- `khobor extract --corpus` -------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    synth = pytest.importorskip("synth")
    root = tmp_path_factory.mktemp("corpus")
    rows = ["source,url"]
    for index in range(40):
        page = synth.make_page(7, index, synth.LAYOUT_NAMES, sites=1)
        name = f"page{index:03d}.txt"
        (root / name).write_text(page.render(), encoding="utf-8")
        rows.append(f"{name},{synth.site_url(7, index, 1)}")
        (root / f"page{index:03d}.json").write_text(
            json.dumps(page.truth(name), ensure_ascii=False), encoding="utf-8"
        )
    (root / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def _extract(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["extract", *args])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_extract_with_a_corpus_labels_invented_furniture_and_keeps_the_body(corpus):
    synth = pytest.importorskip("synth")
    site = synth.invented_site(7, 0)
    disclaimer = site.lines[0][1]  # printed on every page of the site
    page = corpus / "page003.txt"
    (plain,) = _extract(str(page))
    (learned,) = _extract("--corpus", str(corpus), "--explain", str(page))
    labels = {line["text"]: line for line in learned["lines"]}
    assert labels[disclaimer]["label"] == "chrome"
    assert labels[disclaimer]["rule"] == "corpus: printed on 40 of 40 articles of site00"
    assert {line["text"]: line["label"] for line in plain["lines"]}[disclaimer] == "body"
    truth = json.loads((corpus / "page003.json").read_text(encoding="utf-8"))
    true_body = [text for label, text in truth["lines"] if label == "body"]
    assert learned["body"] == "\n\n".join(true_body)
    assert plain["body"].startswith(learned["body"])  # the article's sentences unchanged
    assert learned["headline"] == plain["headline"]


def test_extract_without_a_corpus_is_unchanged(corpus):
    page = str(corpus / "page005.txt")
    (before,) = _extract(page)
    (explained,) = _extract("--explain", page)
    assert [line["label"] for line in explained["lines"]] == [
        line["label"] for line in before["lines"]
    ]
    assert not any(line["rule"].startswith("corpus:") for line in explained["lines"])


def test_extract_corpus_must_be_a_folder(tmp_path):
    result = CliRunner().invoke(app, ["extract", "--corpus", str(tmp_path / "nope"), str(tmp_path)])
    assert result.exit_code == 2
    assert "--corpus must be a folder" in result.stderr


@settings(max_examples=100, deadline=None)
@given(_PAGES, st.integers(1, 40))
def test_counting_a_batch_of_pages_counts_as_a_page_at_a_time(pages, size):
    config = FurnitureConfig(min_articles=2)
    one, batched = FurnitureCounter(config), FurnitureCounter(config)
    for page in pages:
        one.observe(page)
        batched.observe(page)
    one.start_counting()
    batched.start_counting()
    for page in pages:
        one.count(page)
    for start in range(0, len(pages), size):
        batched.count_all(pages[start : start + size])
    assert batched.index() == one.index()
    assert batched.pages_counted == one.pages_counted == len(pages)
