"""Personal data recognizers (`khobor.text.personal_data`): the hand-written gold, properties of the
recognizers and checksums (Hypothesis), and masking."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from khobor.contracts.policy import PersonalDataPolicy, PolicyError, load_policy_text
from khobor.text.normalize import normalize_text
from khobor.text.personal_data import (
    KINDS,
    PLACEHOLDERS,
    PersonalKind,
    apply_comment_policy,
    apply_policy,
    ascii_digits,
    find_personal_data,
    luhn_valid,
    mask_text,
    verhoeff_valid,
)

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "validation" / "personal_data" / "gold.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
]
# Precision and recall per kind on the gold, at least (measured: every kind 1.0 but phone
# recall, 32 of 33; a fix that loses a case is noticed by the per-case test below too).
MINIMUMS = {"precision": 1.0, "recall": 0.95}

BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def found(text: str) -> set[tuple[str, str]]:
    return {(str(f.kind), f.text) for f in find_personal_data(text)}


def test_gold_file_is_well_formed() -> None:
    labels = [case["label"] for case in CASES]
    assert len(labels) == len(set(labels)), "labels are unique"
    kinds = {str(kind) for kind in KINDS}
    for case in CASES:
        assert set(case) <= {"label", "comment", "input", "expected", "known_failure"}
        assert case["comment"] and case["input"] == normalize_text(case["input"]), case["label"]
        for item in case["expected"]:
            assert item["kind"] in kinds and item["text"] in case["input"], case["label"]
    negatives = [case for case in CASES if not case["expected"]]
    assert len(negatives) >= 40  # prices, scores, years, case numbers, dates …


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["comment"]))
        if c.get("known_failure")
        else c
        for c in CASES
    ],
    ids=[c["label"] for c in CASES],
)
def test_gold_case(case: dict[str, Any]) -> None:
    expected = {(item["kind"], item["text"]) for item in case["expected"]}
    assert found(case["input"]) == expected


def test_gold_precision_and_recall_per_kind() -> None:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for case in CASES:
        got = found(case["input"])
        expected = {(item["kind"], item["text"]) for item in case["expected"]}
        tp.update(kind for kind, _ in got & expected)
        fp.update(kind for kind, _ in got - expected)
        fn.update(kind for kind, _ in expected - got)
    for kind in map(str, KINDS):
        assert tp[kind] >= 4, f"the gold has too few {kind} cases"
        assert tp[kind] / (tp[kind] + fp[kind]) >= MINIMUMS["precision"], kind
        assert tp[kind] / (tp[kind] + fn[kind]) >= MINIMUMS["recall"], kind


# --- properties ------------------------------------------------------------------------------

digits_script = st.sampled_from(["latin", "bengali"])
separator = st.sampled_from(["", " ", "-", "\u2013"])
bengali_words = st.lists(
    st.sampled_from(["খবর", "আজ", "ঢাকায়", "সভা", "হয়েছে", "তিনি", "বলেন", "এবং", "নতুন"]),
    max_size=6,
).map(" ".join)


def script(text: str, which: str) -> str:
    return text.translate(BN) if which == "bengali" else text


@settings(max_examples=200, deadline=None)
@given(
    operator=st.sampled_from("3456789"),
    rest=st.text("0123456789", min_size=8, max_size=8),
    which=digits_script,
    sep=separator,
    prefix=st.sampled_from(["0", "+880 ", "880"]),
    before=bengali_words,
    after=bengali_words,
)
def test_any_bangladeshi_mobile_is_a_phone(
    operator: str, rest: str, which: str, sep: str, prefix: str, before: str, after: str
) -> None:
    number = script(f"{prefix}1{operator}{rest[:2]}{sep}{rest[2:]}", which)
    text = normalize_text(f"{before} মোবাইল {number} {after}".strip())
    assert found(text) == {("phone", number)}


@settings(max_examples=200, deadline=None)
@given(
    first=st.sampled_from("6789"),
    rest=st.text("0123456789", min_size=9, max_size=9),
    which=digits_script,
    plus=st.booleans(),
)
def test_any_indian_mobile_is_a_phone(first: str, rest: str, which: str, plus: bool) -> None:
    number = script(("+91 " if plus else "") + first + rest[:4] + " " + rest[4:], which)
    # libphonenumber's plan for India leaves some 6-9… blocks unassigned or to fixed lines:
    # those are no mobile number (a bare number counts only as a mobile one)
    import phonenumbers

    parsed = phonenumbers.parse(first + rest, "IN")
    mobile = (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    assume(phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in mobile)
    assert found(f"যোগাযোগ {number}") == {("phone", number)}


@settings(max_examples=300, deadline=None)
@given(
    amount=st.integers(min_value=0, max_value=10**12),
    which=digits_script,
    unit=st.sampled_from(["টাকা", "কোটি টাকা", "লাখ", "জন", "রুপি", "ডলার"]),
    commas=st.booleans(),
)
def test_amounts_and_counts_are_never_phones(
    amount: int, which: str, unit: str, commas: bool
) -> None:
    shown = f"{amount:,}" if commas else str(amount)
    assert found(f"মোট {script(shown, which)} {unit} ব্যয় হয়েছে") == set()


@settings(max_examples=300, deadline=None)
@given(
    day=st.integers(1, 31),
    month=st.integers(1, 12),
    year=st.integers(1900, 2099),
    other=st.integers(1900, 2099),
    runs=st.integers(0, 999),
    wickets=st.integers(0, 10),
    which=digits_script,
    sep=st.sampled_from(["-", "/", ".", " "]),
)
def test_dates_years_and_scores_are_never_personal_data(
    day: int, month: int, year: int, other: int, runs: int, wickets: int, which: str, sep: str
) -> None:
    texts = [
        f"{day:02d}{sep}{month:02d}{sep}{year} তারিখে",
        f"{year}-{other} অর্থবছরে",
        f"{year}{other} সালে নয়",
        f"স্কোর {runs}/{wickets}",
        f"সময় {day % 24:02d}:{month * 4:02d}:{wickets:02d}",
        f"মামলা নম্বর {year}{other}/{day}",
    ]
    for text in texts:
        assert found(script(text, which)) == set(), text


def card_number(prefix: str, length: int, body: str) -> str:
    digits = (prefix + body)[: length - 1]
    check = next(d for d in "0123456789" if luhn_valid(digits + d))
    return digits + check


@settings(max_examples=200, deadline=None)
@given(
    body=st.text("0123456789", min_size=18, max_size=18),
    brand=st.sampled_from([("4", 16), ("51", 16), ("55", 16), ("37", 15), ("6011", 16)]),
    which=digits_script,
    grouped=st.booleans(),
)
def test_luhn_valid_card_numbers_are_found(
    body: str, brand: tuple[str, int], which: str, grouped: bool
) -> None:
    number = card_number(brand[0], brand[1], body)
    if grouped and brand[1] == 16:
        number = " ".join(number[i : i + 4] for i in range(0, 16, 4))
    shown = script(number, which)
    assert found(f"কার্ড নম্বর {shown} থেকে টাকা তোলা হয়") == {("payment_card", shown)}


@given(digits=st.text("0123456789", min_size=2, max_size=19), position=st.integers(0, 18))
def test_luhn_catches_every_single_digit_error(digits: str, position: int) -> None:
    number = digits + next(d for d in "0123456789" if luhn_valid(digits + d))
    position %= len(number)
    for other in "0123456789":
        if other != number[position]:
            assert not luhn_valid(number[:position] + other + number[position + 1 :])


@given(digits=st.text("0123456789", min_size=3, max_size=14), position=st.integers(0, 13))
def test_verhoeff_catches_single_errors_and_transpositions(digits: str, position: int) -> None:
    number = digits + next(d for d in "0123456789" if verhoeff_valid(digits + d))
    position %= len(number)
    for other in "0123456789":
        if other != number[position]:
            assert not verhoeff_valid(number[:position] + other + number[position + 1 :])
    if position + 1 < len(number) and number[position] != number[position + 1]:
        swapped = (
            number[:position] + number[position + 1] + number[position] + number[position + 2 :]
        )
        assert not verhoeff_valid(swapped)


@settings(max_examples=200, deadline=None)
@given(octets=st.lists(st.integers(0, 255), min_size=4, max_size=4), words=bengali_words)
def test_latin_ipv4_addresses_are_found(octets: list[int], words: str) -> None:
    address = ".".join(map(str, octets))
    assert found(f"{words} ঠিকানা {address} থেকে".strip()) == {("ip_address", address)}


@settings(max_examples=100, deadline=None)
@given(
    user=st.from_regex(r"[a-z][a-z0-9._]{0,15}[a-z0-9]", fullmatch=True),
    domain=st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True),
    tld=st.sampled_from(["com", "org", "net", "com.bd", "ac.bd", "in"]),
)
def test_email_addresses_are_found(user: str, domain: str, tld: str) -> None:
    assume(".." not in user)
    address = f"{user}@{domain}.{tld}"
    assert found(f"ইমেইল: {address}, ফোন নেই") == {("email", address)}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
@example("০১৭১১-২৩৪৫৬৭ rahim@example.com 4111 1111 1111 1111 10.0.0.1 ::1")
def test_findings_are_inside_the_text_in_order_and_never_overlap(text: str) -> None:
    findings = find_personal_data(text)
    last = 0
    for finding in findings:
        assert last <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        last = finding.end


pii_lines = st.lists(
    st.sampled_from(
        [
            "যোগাযোগ: ০১৭১১-২৩৪৫৬৭",
            "ইমেইল rahim@example.com",
            "এনআইডি ৪৫৬৭৮৯০১২৩",
            "কার্ড 4111 1111 1111 1111",
            "আইপি 10.1.2.3",
            "ঢাকায় আজ ২০২৪ সালের বাজেট পেশ হয়েছে",
            "দাম ১,২০০ টাকা",
        ]
    ),
    min_size=1,
    max_size=8,
)


@given(lines=pii_lines)
def test_masking_a_text_equals_masking_its_lines(lines: list[str]) -> None:
    kinds = frozenset(KINDS)
    joined = mask_text("\n".join(lines), kinds)
    assert joined == "\n".join(mask_text(line, kinds) for line in lines)
    assert find_personal_data(joined) == []  # nothing is left, placeholders are not found
    assert mask_text(joined, kinds) == joined  # idempotent


@given(lines=pii_lines, kept=st.sets(st.sampled_from(KINDS)))
def test_masking_keeps_the_kinds_the_policy_keeps(
    lines: list[str], kept: set[PersonalKind]
) -> None:
    text = "\n".join(lines)
    masked = mask_text(text, frozenset(KINDS) - kept)
    assert Counter(f.kind for f in find_personal_data(masked)) == Counter(
        f.kind for f in find_personal_data(text) if f.kind in kept
    )


def test_ascii_digits() -> None:
    assert ascii_digits("+৮৮০ (১৭) ১১-২৩") == "880171123"


# --- a record under the policy ---------------------------------------------------------------


def record(lines: list[tuple[str, str]]) -> dict[str, Any]:
    body = "\n\n".join(text for text, label in lines if label == "body")
    return {
        "headline": lines[0][0],
        "byline": None,
        "section": None,
        "source_credit": None,
        "body": body,
        "captions": [text for text, label in lines if label == "caption"],
        "lines": [{"text": text, "label": label} for text, label in lines],
        "boilerplate": {"comment_prompt": any(label == "comment" for _, label in lines)},
        "bengali_ratio": 1.0,
    }


PAGE = [
    ("নিখোঁজ শিশুর সন্ধান চায় পরিবার", "headline"),
    ("শিশুটির সন্ধান পেলে ০১৭১১-২২৩৩৪৪ নম্বরে জানাতে অনুরোধ করেছে পরিবার।", "body"),
    ("পুলিশ জানায়, তার খোঁজে তল্লাশি চলছে এবং মাইকিং করা হয়েছে।", "body"),
    ("পাঠকের মন্তব্য (২)", "comment"),
    ("আমার ভাইয়ের নম্বর 01812-334455, দয়া করে জানাবেন", "comment"),
]


def test_apply_policy_masks_every_text_and_counts_the_comments() -> None:
    page = record(PAGE)
    tally, original = apply_policy(page, PersonalDataPolicy())
    assert tally is not None and tally.to_tuple() == (0, 2, 0, 0, 0, 2)
    assert original == tuple(PAGE)
    assert page["lines"][1]["text"].count(PLACEHOLDERS[PersonalKind.PHONE]) == 1
    assert "[PHONE]" in page["lines"][4]["text"]  # in a comment too (comments: the writer's)
    assert [line["label"] for line in page["lines"]] == [label for _, label in PAGE]
    joined = "\n\n".join(line["text"] for line in page["lines"] if line["label"] == "body")
    assert page["body"] == joined and "[PHONE]" in page["body"]
    assert page["bengali_ratio"] < 1.0  # recomputed: the placeholder's Latin letters


def test_apply_policy_keep() -> None:
    page = record(PAGE)
    tally, original = apply_policy(page, PersonalDataPolicy(phone="keep"))
    assert tally is not None and tally.counts[1] == 2 and original is None
    assert page == record(PAGE)


@pytest.mark.parametrize(
    ("action", "texts"),
    [
        ("keep", [text for text, _ in PAGE]),
        ("mask", [text for text, _ in PAGE[:3]] + ["[COMMENT]", "[COMMENT]"]),
        ("drop", [text for text, _ in PAGE[:3]]),
    ],
)
def test_comment_policy(action: str, texts: list[str]) -> None:
    page = record(PAGE)
    apply_comment_policy(page, action)
    assert [line["text"] for line in page["lines"]] == texts
    assert page["body"] == record(PAGE)["body"]


def test_apply_policy_leaves_a_page_without_personal_data_alone() -> None:
    page = record(PAGE[:1] + PAGE[2:3])
    assert apply_policy(page, PersonalDataPolicy()) == (None, None)


def test_policy_is_read_from_gates_toml_and_checked() -> None:
    policy = load_policy_text('[personal_data]\nphone = "keep"\ncomments = "drop"')
    assert policy.personal_data == PersonalDataPolicy(phone="keep", comments="drop")
    assert policy.personal_data.masked() == ("email", "national_id", "payment_card", "ip_address")
    committed = (REPO / "validation" / "gates.toml").read_text(encoding="utf-8")
    assert load_policy_text(committed).personal_data == PersonalDataPolicy()
    with pytest.raises(PolicyError, match="phone must be one of"):
        load_policy_text('[personal_data]\nphone = "hide"')
    with pytest.raises(PolicyError, match="comments must be one of"):
        load_policy_text('[personal_data]\ncomments = "delete"')
    with pytest.raises(PolicyError, match="unknown keys"):
        load_policy_text('[personal_data]\nnames = "mask"')


def test_the_comment_flag_is_the_one_comment_lines_set() -> None:
    from khobor.contracts.taxonomy import BOILERPLATE_FLAGS
    from khobor.text.personal_data import COMMENT_FLAG, COMMENT_LABEL

    assert COMMENT_LABEL in BOILERPLATE_FLAGS[COMMENT_FLAG]
