"""Issue 25: the markup's evidence and its weighing (`khobor.inputs.markup`, `.weigh`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from khobor.cli.commands import app
from khobor.inputs.markup import markup_evidence
from khobor.inputs.render import parse_html
from khobor.inputs.weigh import Verdict, summary, weigh, weigh_time, weigh_title
from tests.inputs.zoo import layout_html, layout_truth

NAME = "a_nav_kicker_standfirst"
HEADLINE = str(layout_truth(NAME)["expected"]["headline"])  # type: ignore[index]


def _evidence(kind: str):  # type: ignore[no-untyped-def]
    return markup_evidence(parse_html(layout_html(NAME, kind))[0])


def test_evidence_read_from_title_og_h1_jsonld_and_meta() -> None:
    page = (
        b"<html><head><title>T | S</title><meta property='og:title' content='OG'>"
        b"<meta property='article:published_time' content='2025-01-02T03:04:05+06:00'>"
        b'<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": '
        b'["NewsArticle"], "headline": "J", "datePublished": "2025-01-02", "author": '
        b'[{"name": "A"}, {"name": "B"}], "publisher": {"name": "P"}}]}</script>'
        b"<script type='application/ld+json'>{not json</script></head><body><h1> H  1 </h1>"
    )
    evidence = markup_evidence(parse_html(page)[0])
    assert (evidence.title, evidence.og_title, evidence.h1) == ("T | S", "OG", "H 1")
    assert (evidence.jsonld_headline, evidence.jsonld_published) == ("J", "2025-01-02")
    assert (evidence.jsonld_author, evidence.jsonld_publisher) == ("A, B", "P")
    assert evidence.article_published == "2025-01-02T03:04:05+06:00"
    assert evidence.jsonld_errors == 1


def test_site_suffix_and_kicker_agree_once_cut() -> None:
    found = weigh(_evidence("suffix"), {"headline": HEADLINE})
    assert {w.where: w.verdict for w in found} == {
        "title": Verdict.AGREE,
        "og:title": Verdict.AGREE,
        "h1": Verdict.AGREE,
    }
    assert summary(found) == {"headline": "agree"}


def test_a_template_jsonld_of_another_story_is_named_and_its_dates_not_weighed() -> None:
    record = {"headline": HEADLINE, "published_at": "2025-11-22T09:15:00+06:00"}
    found = {w.where: w for w in weigh(_evidence("wrong_jsonld"), record)}
    story = found["jsonld.headline"]
    assert story.verdict is Verdict.DISAGREE and story.text == HEADLINE != story.markup
    assert "another story" in found["jsonld.datePublished"].why
    assert summary(list(found.values()))["published_at"] == "disagree"


def test_times_utc_agree_wrong_zone_and_crawl_time_disagree() -> None:
    ours = "2025-11-22T09:15:00+06:00"
    assert weigh_time("p", ours, "2025-11-22T03:15:00Z", "j", None).verdict is Verdict.AGREE
    wrong = weigh_time("p", ours, "2025-11-22T09:15:00Z", "j", None)
    assert wrong.verdict is Verdict.DISAGREE and "another zone" in wrong.why
    crawl = datetime(2025, 11, 23, 4, 0, tzinfo=UTC)
    seen = weigh_time("p", None, "2025-11-23T04:01:00Z", "j", crawl)
    assert seen.verdict is Verdict.MARKUP_ONLY and "crawl" in seen.why
    assert weigh_time("p", ours, "2025-11-22", "j", None).verdict is Verdict.DISAGREE
    assert weigh_time("p", ours, "yesterday", "j", None).verdict is Verdict.MARKUP_ONLY


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40) | st.none())
def test_weigh_title_never_raises_and_agrees_with_itself(headline: str, value: str | None) -> None:
    found = weigh_title("headline", headline or None, value, "title")
    assert isinstance(found.verdict, Verdict)
    if headline.strip():
        assert weigh_title("headline", headline, headline, "t").verdict is Verdict.AGREE


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_evidence_never_raises_on_any_jsonld(text: str) -> None:
    page = f'<script type="application/ld+json">{text}</script><h1>x</h1>'.encode()
    assert markup_evidence(parse_html(page)[0]).h1 == "x"


def test_explain_shows_the_markup_beside_the_text(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(layout_html(NAME, "jsonld_wrong_zone"))
    result = CliRunner().invoke(app, ["extract", "--explain", str(tmp_path / "p.html")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    markup = record["markup"]
    assert markup["charset"] == {"codec": "utf-8", "from": "meta"}
    assert markup["fields"] == {"headline": "agree", "published_at": "disagree"}
    (published,) = [w for w in markup["weighed"] if w["from"] == "jsonld.datePublished"]
    assert published["text"] == record["published_at"] != published["markup"]
