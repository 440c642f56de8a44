"""Issue 25: the markup fills the record fields the text leaves empty, under guards
(`khobor.inputs.fill`, `khobor.pages.markup_fill`), in the normal extract path, on both
engines; text pages never touched. The pages are `tests/inputs/fill_zoo.py`'s."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from khobor.cli.commands import app
from khobor.contracts.policy import Policy
from khobor.contracts.records import RawPage
from khobor.corpus.dedup import BodySigner
from khobor.inputs.fill import (
    CRAWL_TIME_SLACK,
    Decision,
    PageClock,
    Refusal,
    markup_time,
    markup_titles,
    time_decisions,
)
from khobor.inputs.markup import MarkupEvidence, markup_evidence
from khobor.inputs.render import parse_html, render_html
from khobor.inputs.weigh import Verdict
from khobor.pages.extract import (
    ExtractContext,
    extract_lines,
    extract_page,
    iter_inputs,
    to_json,
)
from khobor.pages.faults import PageLimits
from khobor.pages.markup_fill import site_namer
from khobor.pipeline.spool import extract_input, from_spool, reannotate_input
from tests.inputs.fill_zoo import CASES, DAM, SITE, TAKEN_WRONG, TEXT, Case, Head, page
from tests.inputs.zoo import gz_member, warc_record

BY_NAME = {case.name: case for case in CASES}


def extracted(case: Case) -> tuple[dict[str, object], list[Decision]]:
    raw = RawPage(f"{case.name}.html", case.html, kind=case.kind, captured=case.captured)
    found = extract_lines(raw, ExtractContext(), None)
    assert found.markup is not None
    return to_json(found.result), list(found.markup.decisions)


def same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str) and a[:4].isdigit() and "T" in a:
        return datetime.fromisoformat(a) == datetime.fromisoformat(b)
    return a == b


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_zoo_page_fills_or_refuses_as_its_truth_says(case: Case) -> None:
    record, decisions = extracted(case)
    for field, expect in case.expect.items():
        mine = [d for d in decisions if d.field == field]
        if expect is None:  # taken, and right
            assert mine and all(d.taken for d in mine), (field, mine)
            assert same(record[field], case.truth[field]), (field, record.get(field))
        elif expect == TEXT:  # the text gave it: nothing taken
            assert not any(d.taken for d in mine)
            assert same(record[field], case.truth[field])
        elif expect == TAKEN_WRONG:  # the rule's known blind spot, measured
            assert mine and all(d.taken for d in mine)
            assert not same(record[field], case.truth[field])
        else:  # refused for the named reason, and the field holds no markup value
            assert mine and {d.why for d in mine} == {expect}, (field, mine)
            value = record.get(field)
            assert not any(same(value, d.value) for d in mine if value is not None)


def test_the_local_clock_marked_utc_is_taken_as_stated_its_day_right() -> None:
    """The rule (docs/inputs.md): with no time in the text, a `Z` time is the instant it
    states. Here it is six hours late, its day (in the outlet's zone) still the true one."""
    case = BY_NAME["local_clock_marked_utc"]
    record, _ = extracted(case)
    truth = datetime.fromisoformat(str(case.truth["published_at"]))
    got = datetime.fromisoformat(str(record["published_at"]))
    assert got - truth == timedelta(hours=6) and record["date"] == truth.date().isoformat()


def test_without_the_site_name_guard_the_site_name_would_be_the_headline() -> None:
    """The guard is what refuses it: the page prints its site's name as a line under a lead,
    and title, og:title and h1 all say it."""
    for name in ("site_name_title", "publisher_name_title"):
        evidence = markup_evidence(parse_html(BY_NAME[name].html)[0])
        assert markup_titles(evidence, site_namer(evidence)) == []
        assert [core for core, _ in markup_titles(evidence, lambda _: False)] == [SITE]
        record, _ = extracted(BY_NAME[name])
        assert record["quarantine_reason"] == "no_headline"


def test_an_outlet_of_the_table_is_a_site_name_without_any_meta() -> None:
    from khobor.annotate.outlets import OUTLETS

    name = OUTLETS[0].names[0].text
    assert site_namer(MarkupEvidence())(name) and not site_namer(MarkupEvidence())(DAM.headline)


def test_one_title_alone_or_one_not_printed_is_not_taken() -> None:
    lone = page(Head(title=DAM.headline), h1=None, body=DAM.body)
    raw = RawPage("lone.html", lone, kind="html")
    found = extract_lines(raw, ExtractContext(), None)
    assert to_json(found.result)["quarantine_reason"] == "no_headline"
    assert found.markup is not None
    assert [d.why for d in found.markup.decisions] == [Refusal.ONE_SOURCE]
    unprinted = page(Head(title=DAM.headline, og_title=DAM.headline), h1=None, body=DAM.body)
    found = extract_lines(RawPage("u.html", unprinted, kind="html"), ExtractContext(), None)
    assert found.markup is not None
    assert {d.why for d in found.markup.decisions} == {Refusal.NOT_ON_PAGE}


def test_updated_before_published_is_refused() -> None:
    evidence = MarkupEvidence(
        article_published="2025-10-14T08:30:00+06:00", article_modified="2025-10-13T08:30+06:00"
    )
    decisions, taken = time_decisions(evidence, False, PageClock(UTC), False)
    assert list(taken) == ["published_at"]
    assert [d.why for d in decisions if d.field == "updated_at"] == [Refusal.BEFORE_PUBLISHED]


@pytest.mark.parametrize("value", ["1985-03-02T10:00:00+06:00", "2031-03-02T10:00:00+06:00"])
def test_a_time_outside_the_page_limits_is_refused_and_the_page_keeps_its_record(
    value: str,
) -> None:
    evidence = MarkupEvidence(article_published=value)
    clock = PageClock(UTC, days=(PageLimits().earliest, datetime(2026, 1, 1).date()))
    decisions, taken = time_decisions(evidence, False, clock, False)
    assert not taken
    assert [d.why for d in decisions] == [Refusal.OUT_OF_RANGE]


def test_text_pages_are_byte_for_byte_unchanged_and_never_read_for_markup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rendered text of a page the markup fills, given as a text page: no fill, and the
    markup reader is never called."""
    import khobor.inputs.markup as markup

    def refuse(*_: object) -> None:
        raise AssertionError("markup read for a text page")

    case = BY_NAME["dates_from_jsonld"]
    html_record, _ = extracted(case)
    text = "\n".join(line["text"] for line in html_record["lines"])  # type: ignore[union-attr]
    monkeypatch.setattr(markup, "markup_evidence", refuse)
    found = extract_lines(RawPage("t.txt", text.encode()), ExtractContext(), None)
    record = to_json(found.result)
    assert found.markup is None and record["published_at"] is None
    assert html_record["published_at"] is not None
    for field in ("headline", "body", "lines", "byline", "page_date"):
        assert record[field] == html_record[field]


def test_explain_names_what_was_taken(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(BY_NAME["headline_below_lead_from_titles"].html)
    result = CliRunner().invoke(app, ["extract", "--explain", str(tmp_path / "p.html")])
    assert result.exit_code == 0, result.output
    markup = json.loads(result.output)["markup"]
    assert markup["filled_from_markup"] == {
        "headline": ["title", "h1", "jsonld.headline"],
        "published_at": ["jsonld.datePublished"],
        "updated_at": ["jsonld.dateModified"],
    }
    assert markup["fields"] == {"headline": "taken", "published_at": "taken", "updated_at": "taken"}
    verdicts = {w["from"]: w["verdict"] for w in markup["weighed"]}
    assert verdicts["jsonld.datePublished"] == str(Verdict.TAKEN)


def test_explain_says_why_a_page_kept_no_headline(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(BY_NAME["site_name_title"].html)
    result = CliRunner().invoke(app, ["extract", "--explain", str(tmp_path / "p.html")])
    record = json.loads(result.output)
    assert record["quarantine_reason"] == "no_headline"
    whys = {w["from"]: w["why"] for w in record["markup"]["weighed"]}
    assert whys["title"] == f"{Refusal.SITE_NAME}; not taken"


def test_a_warc_record_fills_from_markup_but_not_the_crawl_time(tmp_path: Path) -> None:
    date = "2025-10-20T06:00:00Z"
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(
        gz_member(warc_record("https://x.invalid/a", BY_NAME["dates_from_jsonld"].html, date=date))
        + gz_member(
            warc_record("https://x.invalid/b", BY_NAME["crawl_time_jsonld"].html, date=date)
        )
    )
    result = CliRunner().invoke(app, ["extract", str(archive)])
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["published_at"] == "2025-10-14T08:30:00+06:00"
    assert second["published_at"] is None and second["date"] is None
    assert second["page_date"] == "2025-10-20"  # the capture day, as before


def test_pass_two_fills_as_pass_one(tmp_path: Path) -> None:
    """The local engine's second pass (corpus furniture) assembles from the spooled lines:
    it reads the page's markup again and fills the same fields (the datatrove engine has one
    pass, `extract_page`'s)."""
    for case in CASES:
        (tmp_path / f"{case.name}.html").write_bytes(case.html)
    ctx, signer = ExtractContext(), BodySigner(Policy().dedup)
    filled = 0
    for item in iter_inputs([tmp_path]):
        first = extract_input(item, ctx, signer)
        again = reannotate_input(item, first, ctx, signer)
        assert again.line == first.line and again.quarantine == first.quarantine
        if first.line:
            filled += from_spool(first.line)["published_at"] is not None
    assert filled >= 5


def test_both_engines_give_the_same_filled_release(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    from khobor.pipeline import build_dataset

    raw = tmp_path / "raw"
    raw.mkdir()
    for n, case in enumerate(CASES):  # a paragraph of its own each: no duplicate bodies
        own = f"<p>এই পাতার {n} নম্বর অনুচ্ছেদে আলাদা কথা লেখা আছে, যাতে পাতাটি অন্যগুলোর নকল না হয়।</p>"
        if case.kind == "html":
            (raw / f"{case.name}.html").write_bytes(
                case.html.replace(b"<footer>", own.encode() + b"<footer>")
            )
    local = build_dataset(raw, tmp_path / "local", version="1.0.0", policy=Policy())
    other = build_dataset(
        raw, tmp_path / "dt", version="1.0.0", policy=Policy(), engine="datatrove"
    )

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file()}  # fmt: skip

    assert tree(local.out) == tree(other.out)
    assert local.figures.records == len([c for c in CASES if c.kind == "html"]) - 2
    import pyarrow.parquet as pq

    rows = [row for part in sorted((local.out / "data").glob("*.parquet"))
            for row in pq.read_table(part).to_pylist()]  # fmt: skip
    dated = {row["source"] for row in rows if row["published_at"] is not None}
    assert {"dates_from_jsonld.html", "headline_below_lead_from_titles.html"} <= dated
    assert "headline_long_from_titles.html" in {row["source"] for row in rows}


# ---------------------------------------------------------------------------------------------
# property-based: the time reader and the title finder

ZONES = st.sampled_from([UTC, timezone(timedelta(hours=6)), timezone(timedelta(hours=-5))])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_markup_time_never_raises_and_gives_an_aware_instant(text: str) -> None:
    found = markup_time(text, UTC)
    assert found is None or found.utcoffset() is not None


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
    ZONES,
    ZONES,
)
def test_markup_time_keeps_a_stated_offset_and_reads_a_bare_clock_in_the_zone(
    moment: datetime, stated: timezone, zone: timezone
) -> None:
    aware = moment.replace(tzinfo=stated)
    assert markup_time(aware.isoformat(), zone) == aware
    assert markup_time(moment.isoformat(), zone) == moment.replace(tzinfo=zone)
    assert markup_time(moment.date().isoformat(), zone) is None  # a day alone


@settings(max_examples=200, deadline=None)
@given(st.datetimes(), ZONES, st.sampled_from(["", "+14:00", "-14:00", "Z"]), st.booleans())
@example(datetime(1, 1, 1, 0, 30), UTC, "+14:00", False)
@example(datetime(9999, 12, 31, 23, 30), timezone(timedelta(hours=6)), "-14:00", False)
def test_time_decisions_never_raise_at_the_ends_of_the_calendar(
    moment: datetime, zone: timezone, offset: str, story: bool
) -> None:
    value = moment.replace(tzinfo=None).isoformat() + offset
    evidence = MarkupEvidence(jsonld_published=value, article_modified=value)
    clock = PageClock(zone, datetime(2025, 1, 1, tzinfo=UTC), moment.date())
    decisions, taken = time_decisions(evidence, story, clock, False)
    assert len(decisions) == 2 and all(t.utcoffset() is not None for t in taken.values())


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1991, 1, 1), max_value=datetime(2090, 1, 1)),
    st.integers(min_value=-600, max_value=600),
)
def test_a_time_near_or_after_the_capture_is_never_taken(moment: datetime, minutes: int) -> None:
    captured = moment.replace(tzinfo=UTC)
    value = captured + timedelta(minutes=minutes)
    evidence = MarkupEvidence(article_published=value.isoformat())
    _, taken = time_decisions(evidence, False, PageClock(UTC, captured), False)
    near = abs(value - captured) <= CRAWL_TIME_SLACK
    assert ("published_at" in taken) == (not near and value < captured)


TITLES = st.text(st.sampled_from("কখগ অআ|-:"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(TITLES, TITLES | st.none(), TITLES | st.none(), TITLES | st.none())
def test_markup_titles_are_stated_twice_and_never_a_site_name(
    site: str, title: str | None, og: str | None, h1: str | None
) -> None:
    evidence = MarkupEvidence(title=title, og_title=og, h1=h1, og_site_name=site or None)
    is_site = site_namer(evidence)
    for core, wheres in markup_titles(evidence, is_site):
        assert len(set(wheres)) >= 2 and core.strip() == core and core
        assert not is_site(core)


DATEISH = st.text(st.sampled_from("0123456789-T:Z+ ."), max_size=26)


@settings(max_examples=80, deadline=None)
@given(
    TITLES | st.none(), TITLES | st.none(), TITLES | st.none(), DATEISH, DATEISH,
    st.booleans(), st.sampled_from(["html", "warc"]),
)  # fmt: skip
def test_extracting_any_markup_never_raises_and_fills_only_empty_fields(
    title: str | None, og: str | None, h1: str | None, published: str, modified: str,
    lead: bool, kind: str,
) -> None:  # fmt: skip
    head = Head(
        title=title, og_title=og,
        jsonld={"@type": "NewsArticle", "headline": h1 or "", "datePublished": published},
        meta={"article:modified_time": modified},
    )  # fmt: skip
    data = page(head, h1=h1, lead=DAM.body[0] if lead else None, body=DAM.body[1:])
    captured = datetime(2025, 10, 20, tzinfo=UTC) if kind == "warc" else None
    raw = RawPage("p.html", data, kind=kind, captured=captured)
    found = extract_lines(raw, ExtractContext(), None)
    record = to_json(found.result)
    assert found.markup is not None
    # the same page's rendered text as a text page: every field it gives is kept as it is
    text = to_json(
        extract_page(RawPage("p.txt", render_html(data).text.encode()), ExtractContext())
    )
    if "quarantine_reason" in text:
        return
    assert "quarantine_reason" not in record
    for field in ("headline", "published_at", "updated_at", "date", "byline", "body"):
        if text[field] is not None:
            assert record[field] == text[field], field
    taken = {d.field for d in found.markup.decisions if d.taken}
    assert all(text[field] is None for field in taken)
