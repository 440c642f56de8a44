"""`khobor eval --truth` on page-tops truth (line indexes), counted as the external scorer does.

Every figure below was worked out by hand from the scorer's rules (`khobor.gates.evaluate_tops`'s
docstring) for pages, truth and records of our own; no third-party page is read. The
records are written by hand too, so the counting is tested apart from the annotator; the last
tests run the command on the pages and check it prints the scorer's lines for its own records.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khobor.cli.commands import app
from khobor.gates.evaluate_tops import Outcome, load_tops, report_lines, score_tops
from khobor.gates.evaluate_truth import TruthError, extract_records, load_truth

ROOT = Path(__file__).resolve().parent.parent
SEED_ARGS = ["--gold", str(ROOT / "validation" / "gold"), "--raw", str(ROOT / "dataset" / "raw")]
runner = CliRunner()

RRA_DECOMPOSED, RRA = "\u09a1\u09bc", "\u09dc"  # DDA + NUKTA, and RRA as one code point
ZWNJ, NBSP = "\N{ZERO WIDTH NON-JOINER}", "\N{NO-BREAK SPACE}"

BOAT = [
    "সকালে মাছ ধরতে গিয়ে ঝ" + RRA + "ের কবলে প" + RRA + "ে নৌকাটি উল্টে যায়। তিন জেলে এখনো নিখোঁজ।",
    "ফায়ার সার্ভিসের ডুবুরিরা দুপুর পর্যন্ত খোঁজাখুঁজি করেও কাউকে পাননি।",
]
PAGES = {
    # an article: a second printing of its title, byline and date on one line, a cut last line
    "ka_1": [
        "প্রচ্ছদ",
        "নদীতে নৌকাডুবি, নিখোঁজ তিন জেলে",
        "নৌকাডুবিতে নিখোঁজ তিন জেলে",
        "রহিম উদ্দিন | প্রকাশ: ১২ মার্চ ২০২৫, ১০:১৫",
        *BOAT,
        "ছবি: সংগৃহীত",
        "বিকেলে উদ্ধার অভিযান আবার শুরু হ",
    ],
    # an article with an update time only
    "ka_2": [
        "শীতের আগেই কম্বল বিতরণ শুরু",
        "আপডেট: ০১ জানুয়ারি ২০২৫, ০৯:০০",
        "জেলার বিভিন্ন উপজেলায় দুস্থদের মধ্যে কম্বল বিতরণ শুরু হয়েছে।",
    ],
    # a tag listing and a video page: not articles
    "ka_3": ["ট্যাগ: বন্যা", "বন্যায় ডুবল তিন গ্রাম", "পানি বাড়ছে, আশ্রয়কেন্দ্রে মানুষ…"],
    "ka_4": ["ভিডিও", "নদীভাঙনের দৃশ্য", "প্রকাশ: ০৫ মে ২০২৫"],
    # an excerpt that starts below its headline
    "kha_1": ["এবং সেতুর কাজ শেষ হয়েছে বলে জানান প্রকৌশলী।", "আগামী মাসে উদ্বোধন হতে পারে।"],
    # an article (its record will be missing)
    "kha_2": [
        "বাজারে চালের দাম আবার বাড়ল",
        "নিজস্ব প্রতিবেদক",
        "সপ্তাহের ব্যবধানে মোটা চালের দাম কেজিতে দুই টাকা বেড়েছে।",
        "ব্যবসায়ীরা বলছেন, সরবরাহ কম।",
        "ক্রেতারা অসন্তোষ প্রকাশ করেছেন।",
    ],
    # an article whose credit opens its first paragraph
    "kha_3": [
        "হাওরে ধান কাটা শুরু",
        "জেলা প্রতিনিধি : হাওরে বোরো ধান কাটা শুরু হয়েছে।",
        "কৃষকেরা বলছেন, এবার ফলন ভালো।",
    ],
    # an article with a byline and a role on one line
    "kha_4": [
        "বইমেলায় নতুন বইয়ের ভি" + RRA,
        "করিম হোসেন, নিজস্ব প্রতিবেদক",
        "মেলার দ্বিতীয় দিনে প্রায় দুই শ নতুন বই এসেছে।",
    ],
    "kha_5": ["আর্কাইভ", "২ ফেব্রুয়ারি ২০২৫", "খবর এক", "খবর দুই"],
}

TRUTH = [
    {
        "doc_id": "ka_1",
        "url": "https://ka.example/news/1",
        "outlet": "ka.example",
        "country": "BD",
        "kind": "article",
        "headline": 1,
        "headline_alt": [2],
        "byline": 3,
        "published_at": "2025-03-12T10:15:00+06:00",
        "updated_at": None,
        "date": "2025-03-12",
        "page_date": None,
        "body": [4, 5],
        "truncated_last": 7,
        "captions": [6],
        "note": "our own page",
        "confidence": "high",
    },
    {
        "doc_id": "ka_2",
        "outlet": "ka.example",
        "kind": "article",
        "headline": 0,
        "byline": None,
        "published_at": None,
        "updated_at": "2025-01-01T09:00:00+06:00",
        "date": "2025-01-01",
        "body": [2],
        "truncated_last": None,
    },
    {"doc_id": "ka_3", "outlet": "ka.example", "kind": "not_article", "why": "tag"},
    {"doc_id": "ka_4", "outlet": "ka.example", "kind": "not_article", "why": "video"},
    {
        "doc_id": "kha_1",
        "outlet": "kha.example",
        "kind": "article",
        "headline": None,
        "byline": None,
        "body": [0, 1],
    },
    {
        "doc_id": "kha_2",
        "outlet": "kha.example",
        "kind": "article",
        "headline": 0,
        "byline": 1,
        "published_at": None,
        "updated_at": None,
        "date": "2024-12-31",
        "body": [2, 3, 4],
    },
    {
        "doc_id": "kha_3",
        "outlet": "kha.example",
        "kind": "article",
        "headline": 0,
        "byline": 1,
        "date": None,
        "body": [1, 2],
    },
    {
        "doc_id": "kha_4",
        "outlet": "kha.example",
        "kind": "article",
        "headline": 0,
        "headline_alt": None,
        "byline": 1,
        "date": "2025-02-02",
        "body": [2],
        "truncated_is_body": False,
    },
    {"doc_id": "kha_5", "outlet": "kha.example", "kind": "not_article", "why": "archive"},
]


def _record(headline: str | None, body: list[str], **fields: str | None) -> dict:
    lines = [{"text": text, "label": "body"} for text in body]
    return {"source": "x.txt", "headline": headline, "lines": lines, **fields}


P = PAGES
RECORDS = {
    # the second printing as headline (spacing and nukta folded), the name part of the byline
    # line, the same instant in UTC; the caption and the cut line as body (the cut one ignored)
    "ka_1": _record(
        P["ka_1"][2].replace(" ", NBSP, 1),
        [P["ka_1"][4].replace(RRA, RRA_DECOMPOSED), P["ka_1"][5] + ZWNJ, *P["ka_1"][6:8]],
        byline="রহিম উদ্দিন",
        published_at="2025-03-12T04:15:00Z",
        updated_at=None,
        date="2025-03-12",
    ),
    # a wrong headline, a byline and a published time where the truth has none, a naive update
    "ka_2": _record(
        "আপডেট: ০১ জানুয়ারি ২০২৫",
        [P["ka_2"][2]],
        byline="অনলাইন ডেস্ক",
        published_at="2025-01-01T09:00:00+06:00",
        updated_at="2025-01-01T09:00:00",
        date="2025-01-01",
    ),
    "ka_3": _record(P["ka_3"][1], [P["ka_3"][2]]),  # a listing kept as a record
    "ka_4": {"source": "ka_4.txt", "quarantine_reason": "no_body"},
    "kha_1": {"source": "kha_1.txt", "quarantine_reason": "no_headline"},
    # kha_2: no record
    # the credit left inside the first paragraph: byline null is right
    "kha_3": _record(P["kha_3"][0], P["kha_3"][1:3], byline=None, date=None),
    # a byline that is a prefix of the truth's line, not its name part; a day off
    "kha_4": _record(P["kha_4"][0], [P["kha_4"][2]], byline="করিম", date="2025-02-03"),
}

# Worked out by hand, page by page:
#   ka_1   article kept: body tp 2 fp 1 fn 0 (the caption; the cut line ignored); headline 1/1
#          (headline_alt), byline 1/1 (name part), published 1/1 (Z = +06:00), updated both
#          null: not counted, date 1/1
#   ka_2   tp 1; headline 0/1, byline 0/1 (truth null), published 0/1 (truth null), updated
#          0/1 (naive), date 1/1
#   ka_3   not_article kept;  ka_4 not_article refused (a quarantine)
#   kha_1  no headline in the excerpt, refused no_headline: accepted, not scored
#   kha_2  no record: refused; headline, byline and date counted as missed (published and
#          updated are null), its 3 body lines missed in the total only
#   kha_3  tp 2; headline 1/1, byline 1/1 (credit inside the first body line, left null),
#          date both null: not counted
#   kha_4  tp 1; headline 1/1, byline 0/1 ("করিম" is not cut at a separator), date 0/1
#   kha_5  not_article, no record: refused
# Total: articles 6, kept 6 - 1 - 1 = 4; not-articles refused 2/3; headline 3/5, byline 2/5,
# published 1/2, updated 0/1, date 2/4; body tp 6 fp 1 fn 0 + 3: P 6/7, R 6/9, F1 12/16.
SUMMARY = {
    "articles_kept": "4/6",
    "articles_wrongly_refused": 1,
    "headless_excerpts_refused": 1,
    "not_articles_refused": "2/3",
    "headline": "3/5",
    "byline": "2/5",
    "published_at": "1/2",
    "updated_at": "0/1",
    "date": "2/4",
    "body_P": 0.857,
    "body_R": 0.667,
    "body_F1": 0.75,
    "outlets": 2,
}
# (texts in a field's note are shown folded — YA + NUKTA as the one code point YYA —, a kept
# listing's headline as the record gives it)
ROWS = [
    "ka_1: body tp=2 fp=1 fn=0",
    "ka_2: headline='আপডেট: ০১ জানুয়ারি ২০২৫' want 'শীতের আগেই কম্বল বিতরণ শুরু'; "
    "byline='অনলাইন ডেস্ক' want None; published_at=2025-01-01T09:00:00+06:00 want None; "
    "updated_at=2025-01-01T09:00:00 want 2025-01-01T09:00:00+06:00",
    "ka_3: not_article (tag): KEPT as record, headline='বন্যায় ডুবল তিন গ্রাম'",
    "ka_4: not_article (video): refused ok",
    "kha_1: the excerpt shows no headline: no_headline accepted",
    "kha_2: article REFUSED: None",
    "kha_3: ok",
    "kha_4: byline='করিম' want 'করিম হোসেন, নিজস্ব প্রতিবেদক'; date=2025-02-03 want 2025-02-02",
    "kha_5: not_article (archive): refused ok",
]
ROWS = [row if ": not_article" in row else row.replace("\u09af\u09bc", "\u09df") for row in ROWS]
# The scorer's table: the name in 24 columns and a space, articles kept in 14, "refused/n"
# with n in 10, headline and byline in 9, published in 10, updated in 9, date in 8, body F1.
# ka.example: tp 3 fp 1 fn 0, F1 6/7. kha.example: tp 3 fp 0 and, as the scorer counts per
# outlet, not kha_2's 3 missed lines: F1 1.0.
TABLE = [
    "outlet                   articles kept not refused headline byline   published updated  date    body F1",
    "ka.example               2/2           1/2         1/2      1/2      1/2       0/1      2/2     0.857",
    "kha.example              2/4           1/1         2/3      1/3      0/0       0/0      0/2     1.000",
]


@pytest.fixture
def tops(tmp_path: Path) -> Path:
    """A truth file with its `pages/` folder beside it, as a page-tops set is laid out."""
    (tmp_path / "pages").mkdir()
    for doc_id, lines in PAGES.items():
        (tmp_path / "pages" / f"{doc_id}.txt").write_text("\n".join(lines), encoding="utf-8")
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(TRUTH, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def test_figures_are_the_hand_counted_ones(tops):
    report = score_tops(tops, load_tops(tops), tops.parent / "pages", RECORDS)
    assert report["summary"] == SUMMARY
    assert [page["row"] for page in report["pages"]] == ROWS
    outcomes = [page["outcome"] for page in report["pages"]]
    assert outcomes == [
        Outcome.SCORED, Outcome.SCORED, Outcome.KEPT, Outcome.REFUSED_OK,
        Outcome.NO_HEADLINE_ACCEPTED, Outcome.REFUSED, Outcome.SCORED, Outcome.SCORED,
        Outcome.REFUSED_OK,
    ]  # fmt: skip
    total = report["total"]
    assert (total["tp"], total["fp"], total["fn"], total["refused_fn"]) == (6, 1, 0, 3)
    kha = report["outlets"]["kha.example"]
    assert (kha["fn"], kha["refused_fn"], kha["body_F1"]) == (0, 3, 1.0)


def test_the_printed_lines_are_the_scorers(tops):
    report = score_tops(tops, load_tops(tops), tops.parent / "pages", RECORDS)
    assert report_lines(report, rows=False) == [*TABLE, json.dumps(SUMMARY, ensure_ascii=False)]
    assert report_lines(report, rows=True)[: len(ROWS)] == ROWS


def test_the_summary_line_is_the_scorers_json(tops):
    report = score_tops(tops, load_tops(tops), tops.parent / "pages", RECORDS)
    line = report_lines(report, rows=False)[-1]
    assert line.startswith('{"articles_kept": "4/6", "articles_wrongly_refused": 1, ')
    assert line.endswith('"body_P": 0.857, "body_R": 0.667, "body_F1": 0.75, "outlets": 2}')


def test_a_null_truth_is_right_only_against_null(tops):
    records = {**RECORDS, "kha_3": _record(P["kha_3"][0], P["kha_3"][1:3], date="2025-01-01")}
    row = score_tops(tops, load_tops(tops), tops.parent / "pages", records)["pages"][6]
    assert row["row"] == "kha_3: date=2025-01-01 want None"
    assert (row["date_ok"], row["date_n"]) == (0, 1)


# --- the command ----------------------------------------------------------------------------


def test_eval_prints_the_scorers_lines_for_khobors_own_records(tops):
    result = runner.invoke(app, ["eval", *SEED_ARGS, "--truth", str(tops), "--rows"])
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    # the scorer's lines for the records `khobor extract` gives these pages: a row a page, the
    # header, a line an outlet (sorted), the summary last
    pages = tops.parent / "pages"
    lines = report_lines(
        score_tops(tops, load_tops(tops), pages, extract_records(pages)), rows=True
    )
    assert out[-len(lines) :] == lines
    assert out[-len(lines) - 1] == f"Real page tops — {tops} (as score.py prints it):"
    assert [line.split(":")[0] for line in lines[: len(TRUTH)]] == [t["doc_id"] for t in TRUTH]
    assert lines[len(TRUTH)] == TABLE[0]
    assert [line.split()[0] for line in lines[-3:-1]] == ["ka.example", "kha.example"]
    assert list(json.loads(lines[-1])) == list(SUMMARY)


def test_eval_without_rows_prints_the_table_and_the_summary(tops):
    result = runner.invoke(app, ["eval", *SEED_ARGS, "--truth", str(tops)])
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out[-4] == TABLE[0] and out[-5].startswith("Real page tops — ")
    assert not any(line.startswith("ka_1: ") for line in out)


def test_eval_json_keeps_the_seed_report_beside_the_page_tops(tops):
    result = runner.invoke(app, ["eval", *SEED_ARGS, "--json", "--truth", str(tops)])
    assert result.exit_code == 0, result.output
    both = json.loads(result.stdout)
    assert set(both) == {"seeds", "realtops"}
    assert list(both["realtops"]["outlets"]) == ["ka.example", "kha.example"]
    assert [p["doc_id"] for p in both["realtops"]["pages"]] == [t["doc_id"] for t in TRUTH]


# --- a malformed truth file or page: one line naming the file and the entry, exit 2 ---------

GOOD = {"doc_id": "ka_2", "outlet": "ka.example", "kind": "article", "headline": 0, "body": [2]}


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            [{**GOOD, "kind": "listing"}],
            "entry 1 ('ka_2'): kind must be one of article, not_article",
        ),
        ([{**GOOD, "headline": -1}], "headline must be a line number (0-based) or null"),
        ([{**GOOD, "byline": True}], "byline must be a line number (0-based) or null"),
        ([{**GOOD, "body": "2"}], "body must be a list of line numbers"),
        ([{**GOOD, "headline_alt": ["1"]}], "headline_alt must be a line number, a list of them"),
        ([{**GOOD, "published_at": "yesterday"}], "published_at must be null or ISO 8601"),
        ([{**GOOD, "date": "12-03-2025"}], "date must be null or YYYY-MM-DD"),
        ([{**GOOD, "headlines": 0}], "unknown key 'headlines'"),
        ([{k: v for k, v in GOOD.items() if k != "outlet"}], "missing key 'outlet'"),
        ([GOOD, GOOD], "entry 2 ('ka_2'): doc_id given twice"),
        (
            [GOOD, {"doc_id": "p", "outlet": "o", "headline": "ক", "body": ["খ।"]}],
            "entry 2 ('p'): mixes two truth formats: entry 1 has a 'kind' key and this one not",
        ),
        ([{**GOOD, "body": [3]}], "entry 1 ('ka_2'): line 3 is beyond the 3 lines of"),
        ([{**GOOD, "doc_id": "nope"}], "entry 1 ('nope'): cannot read"),
    ],
)
def test_a_malformed_truth_is_one_line_naming_the_entry(tops, entries, message):
    tops.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["eval", *SEED_ARGS, "--truth", str(tops)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert f"{tops}: " in result.stderr
    assert result.stdout == ""


def test_each_loader_refuses_the_other_format(tops, tmp_path):
    with pytest.raises(TruthError, match="realtops format"):
        load_truth(tops)
    pages = tmp_path / "realpages.json"
    pages.write_text(json.dumps([{"doc_id": "p", "outlet": "o", "headline": None, "body": []}]))
    with pytest.raises(TruthError, match="realpages format"):
        load_tops(pages)
