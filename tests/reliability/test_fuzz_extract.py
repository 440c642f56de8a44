"""Hypothesis fuzz of `extract_page`: 10,000 pages of bytes, Bengali-ish text and damaged seed
pages; every one ends as a record or a quarantine entry, and a record is well formed."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khobor.contracts.records import Article, Quarantined, RawPage, Reason
from khobor.pages.extract import ExtractContext, extract_page, to_json
from reliability.helpers import SEEDS

CTX = ExtractContext()
SEED_LINES = [
    line for seed in SEEDS for line in seed.read_text(encoding="utf-8").split("\n") if line
]
BENGALI = st.characters(min_codepoint=0x0980, max_codepoint=0x09FF)
NOISE = st.sampled_from(
    [
        "\n",
        "\r\n",
        " ",
        "\t",
        "\u200d",
        "\u200c",
        "\ufeff",
        "\u00a0",
        "<p>",
        "।",
        ":",
        "০",
        "৯",
        "আপডেট",
        "প্রকাশ",
        "জুন",
        "২০২৫",
        "১২:৩৯ পিএম",
        "\x00",
        "\x1b",
        "\ufffd",
        "à¦",
    ]
)
TEXT = st.lists(st.one_of(BENGALI, NOISE, st.sampled_from(SEED_LINES)), max_size=80).map("".join)
ENCODED = st.tuples(TEXT, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32"])).map(
    lambda pair: pair[0].encode(pair[1], "surrogatepass")
)
DAMAGED = st.tuples(
    st.sampled_from([s.read_bytes() for s in SEEDS]),
    st.integers(0, 8000),
    st.integers(0, 8000),
    st.binary(max_size=16),
).map(lambda t: t[0][: t[1]] + t[3] + t[0][t[1] + t[2] :])
PAGES = st.one_of(st.binary(max_size=2000), ENCODED, DAMAGED)


@settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(PAGES)
def test_extract_page_never_raises_and_records_are_well_formed(data: bytes) -> None:
    result = extract_page(RawPage("fuzz.txt", data), CTX)
    assert isinstance(result, Article | Quarantined)
    line = json.dumps(to_json(result), ensure_ascii=False)
    line.encode("utf-8")  # strict: no lone surrogate can reach the JSON Lines output
    if isinstance(result, Quarantined):
        assert isinstance(result.reason, Reason) and result.source == "fuzz.txt"
        return
    assert result.headline.strip() and result.body.strip()
    assert result.lines and all(line.text.strip() for line in result.lines)
    assert 0.0 <= result.boilerplate_ratio <= 1.0 and 0.0 <= result.bengali_ratio <= 1.0
    assert result.published_at is None or result.published_at.tzinfo is not None
