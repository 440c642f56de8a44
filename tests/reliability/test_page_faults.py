"""A fault one page can have is that page's quarantine: a release with such pages among good
ones passes its gates, the faulty pages quarantined with their reason codes."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

from khobor.contracts.policy import Policy
from khobor.gates.config import load_gates
from khobor.pages.faults import PageLimits
from khobor.release.write import Outcome, release
from reliability.helpers import SEEDS, make_pages

DATELINE = "প্রকাশ : ৩০ জুন ২০২৫, ১২:৩৯ পিএম"


def test_page_limits_are_the_schema_gates_limits() -> None:
    config = load_gates(None)
    limits = PageLimits.today(config.integer("schema.date_range", "max_days_ahead"))
    assert limits.earliest == dt.date.fromisoformat(config.text("schema.date_range", "earliest"))
    assert limits == PageLimits.today()  # the default days ahead is the gate's too
    assert limits.min_headline_bengali == config.number(
        "schema.bengali_script", "min_headline_ratio"
    )
    assert limits.min_body_bengali == config.number("schema.bengali_script", "min_body_ratio")


def test_one_faulty_page_does_not_refuse_the_release(tmp_path: Path) -> None:
    raw = make_pages(tmp_path / "raw", 20)
    page = SEEDS[0].read_text(encoding="utf-8")
    assert DATELINE in page
    faulty = {
        "future.txt": page.replace(DATELINE, DATELINE.replace("২০২৫", "২১৯৯")),
        "updated.txt": page.replace(DATELINE, DATELINE + "\nআপডেট : ২৯ জুন ২০২৫, ১০:০০ এএম"),
        unicodedata.normalize("NFD", "খবর কো.txt"): page.replace("কিম", "কিমের", 1),
    }
    for name, text in faulty.items():
        (raw / name).write_text(text, encoding="utf-8")
    report = release("1.0.0", raw=raw, releases=tmp_path / "releases", policy=Policy())
    assert report.outcome is Outcome.CREATED
    quarantine = [json.loads(line) for line in (report.path / "quarantine.jsonl").open()]
    reasons = {entry["source"]: entry["quarantine_reason"] for entry in quarantine}
    assert reasons["future.txt"] == "date_out_of_range"
    assert reasons["updated.txt"] == "updated_before_published"
    assert reasons[unicodedata.normalize("NFD", "খবর কো.txt")] == "noncanonical_file_name"
    assert report.build.figures.records == 20


def test_extract_shows_the_annotators_record_the_build_quarantines(tmp_path: Path) -> None:
    from khobor.corpus.dedup import BodySigner
    from khobor.pages.extract import ExtractContext, extract_file, iter_inputs, to_json
    from khobor.pipeline import extract_input

    page = SEEDS[0].read_text(encoding="utf-8")
    (tmp_path / "future.txt").write_text(page.replace(DATELINE, DATELINE.replace("২০২৫", "২১৯৯")))
    item = next(iter_inputs([tmp_path / "future.txt"]))
    ctx = ExtractContext()
    record = to_json(extract_file(item, ctx))
    assert record["published_at"].startswith("2199-06-30")
    built = extract_input(item, ctx, BodySigner(Policy().dedup))
    assert built.quarantine is not None
    assert built.quarantine["quarantine_reason"] == "date_out_of_range"
    assert "2199-06-30" in built.quarantine["detail"] and built.sha256
