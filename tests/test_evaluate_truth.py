"""`khobor eval --truth`: article-level truth of real pages, counted as the external scorer does.

The figures below were worked out by hand for small fixtures of our own (no page from
outside the repository is read here). The counting rules they pin: body lines compared as sets of
normalized texts; P/R/F1 over all pages and over full pages only; headlines and dates exact;
dates only on full pages and only for the keys the truth gives; an expected or accepted
quarantine counts as a right headline and date; a missing page counts its body as missed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khobor.cli.commands import app
from khobor.gates.evaluate_truth import TruthError, load_truth, score_truth

ROOT = Path(__file__).resolve().parent.parent
SEED_ARGS = ["--gold", str(ROOT / "validation" / "gold"), "--raw", str(ROOT / "dataset" / "raw")]
runner = CliRunner()

# --- a tiny real-page set of our own: two outlets, seven truth entries, six page files --------

FLOOD = [
    "টানা বর্ষণে নদীর পানি বেড়ে যাওয়ায় তিন গ্রামের অন্তত দুই শ পরিবার ঘর হারিয়েছে। স্থানীয় প্রশাসন বলছে, ক্ষতিগ্রস্তদের তালিকা তৈরির কাজ চলছে।",
    "গ্রামের বাসিন্দারা জানান, গত সপ্তাহ থেকে ভাঙন শুরু হলেও কেউ ব্যবস্থা নেয়নি। তাঁরা দ্রুত বাঁধ নির্মাণের দাবি জানিয়েছেন।",
    "উপজেলা নির্বাহী কর্মকর্তা বলেন, ক্ষতিগ্রস্ত পরিবারগুলোকে শুকনা খাবার ও নগদ অর্থ দেওয়া হবে।",
]
BOOKS = [
    "বছরের প্রথম দিনেই জেলার সব প্রাথমিক বিদ্যালয়ে নতুন পাঠ্যবই পৌঁছে গেছে। শিক্ষার্থীরা উৎসবের আমেজে বই হাতে পেয়েছে।",
    "জেলা শিক্ষা কর্মকর্তা জানান, এবার কোনো বিদ্যালয়ে বইয়ের ঘাটতি নেই। অভিভাবকেরাও সন্তুষ্টি প্রকাশ করেছেন।",
]
STORM = [
    "বঙ্গোপসাগরে সৃষ্ট লঘুচাপের কারণে সমুদ্রবন্দরগুলোকে তিন নম্বর সতর্কসংকেত দেখাতে বলা হয়েছে। মাছ ধরার নৌকাগুলোকে উপকূলের কাছাকাছি থাকতে বলা হয়েছে।",
    "আবহাওয়া অধিদপ্তর জানিয়েছে, আগামী দুই দিন উপকূলীয় এলাকায় ভারী বৃষ্টি হতে পারে।",
]
BRIDGE = [
    "দীর্ঘ প্রতীক্ষার পর সেতুটি যান চলাচলের জন্য খুলে দেওয়া হয়েছে। এতে দুই জেলার মধ্যে যাতায়াতের সময় অর্ধেকে নেমে আসবে।",
    "স্থানীয় ব্যবসায়ীরা বলছেন, পণ্য পরিবহনের খরচ কমবে এবং কৃষকেরা ন্যায্য দাম পাবেন।",
]
MENU = "প্রচ্ছদ\nজাতীয়\nখেলা\n\n"


def _article(headline: str, byline: str, dateline: str, body: list[str], tail: str = "") -> str:
    return MENU + f"{headline}\n\n{byline}\n{dateline}\n\n" + "\n\n".join(body) + "\n\n" + tail


PAGES = {
    # a right record
    "dainik_1": _article(
        "নদীভাঙনে ঘর হারাল তিন গ্রামের মানুষ",
        "নিজস্ব প্রতিবেদক",
        "প্রকাশ : ১২ মার্চ ২০২৫, ১০:১৫ এএম",
        FLOOD,
        "আরও পড়ুন\nবাজারে চালের দাম আবার বাড়ল\nশীতের আগেই কম্বল বিতরণ শুরু\n",
    ),
    # the truth's headline is not the printed one; its body is the first paragraph only
    "dainik_2": _article(
        "বিদ্যালয়ে নতুন বই পৌঁছাল বছরের শুরুতেই",
        "নিজস্ব প্রতিবেদক",
        "প্রকাশ : ০১ জানুয়ারি ২০২৫, ০৯:০০ এএম",
        BOOKS,
        "আরও পড়ুন\nবাজারে চালের দাম আবার বাড়ল\n",
    ),
    # a trimmed page: no surroundings, no dateline
    "dainik_3": "সাগরে লঘুচাপ, বন্দরে সতর্কসংকেত\n\n" + "\n\n".join(STORM) + "\n",
    # the truth's published time is 15 minutes off the printed one
    "saptahik_1": _article(
        "সেতুর উদ্বোধনে খুলল দুই জেলার পথ",
        "জেলা প্রতিনিধি",
        "প্রকাশ : ১৫ ফেব্রুয়ারি ২০২৫, ০৪:৩০ পিএম",
        BRIDGE,
    ),
    # a video page: no article text
    "saptahik_2": MENU + "ভিডিও: বন্যার পানিতে ডুবে আছে গ্রামের সড়ক\n\nপ্রকাশ : ২০ আগস্ট ২০২৫, ১১:০০ এএম\n",
    # a photo story: its only text is a caption
    "saptahik_3": MENU + "শীতের সকালে কুয়াশায় ঢাকা মাঠ\n\nপ্রকাশ : ০৫ জানুয়ারি ২০২৫, ০৮:০০ এএম\n\n"
    "ভোরের কুয়াশায় ঢাকা মাঠে কাজে যাচ্ছেন কৃষকেরা। ছবি: নিজস্ব আলোকচিত্রী\n",
}

TRUTH = [
    {
        "doc_id": "dainik_1",
        "outlet": "dainik",
        "headline": "নদীভাঙনে ঘর হারাল তিন গ্রামের মানুষ",
        "published_at": "2025-03-12T10:15:00+06:00",
        "updated_at": None,
        "full_page": True,
        # spacing the scorer folds away: a no-break space, a doubled space
        "body": [FLOOD[0].replace(" ", "\u00a0", 1), FLOOD[1].replace(" ", "  ", 2), FLOOD[2]],
    },
    {
        "doc_id": "dainik_2",
        "outlet": "dainik",
        "headline": "পাঠ্যবই হাতে উৎসবে মাতল শিক্ষার্থীরা",
        "published_at": "2025-01-01T03:00:00Z",  # the same instant as 09:00 in Dhaka
        "full_page": True,
        "body": [BOOKS[0]],
        "note": "No updated_at key: the page prints no update time and the truth says nothing.",
    },
    {
        "doc_id": "dainik_3",
        "outlet": "dainik",
        "headline": "সাগরে লঘুচাপ, বন্দরে সতর্কসংকেত",
        "published_at": "2025-06-01T08:00:00+06:00",  # not counted: a trimmed page
        "full_page": False,
        "body": STORM,
    },
    {
        "doc_id": "saptahik_1",
        "outlet": "saptahik",
        "headline": "সেতুর উদ্বোধনে খুলল দুই জেলার পথ",
        "published_at": "2025-02-15T16:45:00+06:00",
        "updated_at": None,
        "body": BRIDGE,  # full_page left out: true
    },
    {
        "doc_id": "saptahik_2",
        "outlet": "saptahik",
        "headline": "ভিডিও: বন্যার পানিতে ডুবে আছে গ্রামের সড়ক",
        "published_at": "2025-08-20T11:00:00+06:00",
        "updated_at": None,
        "full_page": True,
        "body": [],
        "expect_quarantine": "no_body",
    },
    {
        "doc_id": "saptahik_3",
        "outlet": "saptahik",
        "headline": "শীতের সকালে কুয়াশায় ঢাকা মাঠ",
        "published_at": "2025-01-05T08:00:00+06:00",
        "updated_at": None,
        "full_page": True,
        "body": ["ভোরের কুয়াশায় ঢাকা মাঠে কাজে যাচ্ছেন কৃষকেরা। ছবি: নিজস্ব আলোকচিত্রী"],
        "accept_quarantine": "no_body",
    },
    {
        "doc_id": "saptahik_4",  # no page file: missing
        "outlet": "saptahik",
        "headline": "হাটে উঠেছে নতুন আলু",
        "published_at": "2025-01-10T07:00:00+06:00",
        "full_page": True,
        "body": ["নতুন আলু উঠতে শুরু করায় দাম কমেছে।", "কৃষকেরা বলছেন, ফলন এবার ভালো।"],
    },
]

# Worked out by hand, page by page (tp/fp/fn; headline; dates):
#   dainik_1    3/0/0 full; 1/1; 2/2
#   dainik_2    1/1/0 full; 0/1; 1/1 (Z and +06:00 name the same instant)
#   dainik_3    2/0/0 trimmed (not in the full-page counts); 1/1; 0/0 (no dates on a trimmed page)
#   saptahik_1  2/0/0 full; 1/1; 1/2 (published 16:30, truth 16:45; updated null = null)
#   saptahik_2  quarantined no_body as expected: 1/1; 1/1
#   saptahik_3  quarantined no_body, accepted: 1/1; 1/1
#   saptahik_4  missing: 0/0/2 full; 0/1; 0/1
# All pages tp 8 fp 1 fn 2: P 8/9, R 8/10, F1 16/19; full pages tp 6 fp 1 fn 2: F1 12/15.
SUMMARY = {
    "body_P": 0.889,
    "body_R": 0.8,
    "body_F1": 0.842,
    "full_body_F1": 0.8,
    "headline": "5/7",
    "dates": "6/8",
}
PER_PAGE = {  # doc_id: (got, tp, fp, fn, headlines_ok, headlines, dates_ok, dates)
    "dainik_1": ("record", 3, 0, 0, 1, 1, 2, 2),
    "dainik_2": ("record", 1, 1, 0, 0, 1, 1, 1),
    "dainik_3": ("record", 2, 0, 0, 1, 1, 0, 0),
    "saptahik_1": ("record", 2, 0, 0, 1, 1, 1, 2),
    "saptahik_2": ("quarantine:no_body", 0, 0, 0, 1, 1, 1, 1),
    "saptahik_3": ("quarantine:no_body", 0, 0, 0, 1, 1, 1, 1),
    "saptahik_4": ("missing", 0, 0, 2, 0, 1, 0, 1),
}


@pytest.fixture
def realpages(tmp_path: Path) -> Path:
    """A truth file with its `pages/` folder beside it, as a real-pages truth set is laid out."""
    (tmp_path / "pages").mkdir()
    for doc_id, text in PAGES.items():
        (tmp_path / "pages" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(TRUTH, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def _eval_json(*args: str) -> dict:
    result = runner.invoke(app, ["eval", *SEED_ARGS, "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_figures_on_our_own_pages_are_the_hand_counted_ones(realpages):
    report = _eval_json("--truth", str(realpages))["realpages"]
    assert report["summary"] == SUMMARY
    got = {
        row["doc_id"]: (
            row["got"],
            *(row[k] for k in ("tp", "fp", "fn", "headlines_ok", "headlines", "dates_ok", "dates")),
        )
        for row in report["pages"]
    }
    assert got == PER_PAGE
    assert [row["doc_id"] for row in report["pages"]] == [t["doc_id"] for t in TRUTH]
    total = report["total"]
    assert (total["tp"], total["fp"], total["fn"]) == (8, 1, 2)
    assert (total["full_tp"], total["full_fp"], total["full_fn"]) == (6, 1, 2)
    assert total["body_precision"] == pytest.approx(8 / 9)
    assert total["body_recall"] == pytest.approx(8 / 10)
    assert total["body_f1"] == pytest.approx(16 / 19)
    assert total["full_body_f1"] == pytest.approx(12 / 15)


def test_per_outlet_rows_sum_their_pages(realpages):
    outlets = _eval_json("--truth", str(realpages))["realpages"]["outlets"]
    assert list(outlets) == ["dainik", "saptahik"]
    dainik, saptahik = outlets["dainik"], outlets["saptahik"]
    assert dainik["pages"] == 3 and saptahik["pages"] == 4
    # dainik: tp 6 fp 1 fn 0 (full pages: tp 4 fp 1 fn 0); headlines 2/3; dates 3/3
    assert dainik["body_precision"] == pytest.approx(6 / 7)
    assert dainik["body_recall"] == 1.0
    assert dainik["body_f1"] == pytest.approx(12 / 13)
    assert dainik["full_body_f1"] == pytest.approx(8 / 9)
    assert (dainik["headlines_ok"], dainik["headlines"]) == (2, 3)
    assert (dainik["dates_ok"], dainik["dates"]) == (3, 3)
    # saptahik: tp 2 fp 0 fn 2 (all on full pages); headlines 3/4; dates 3/5
    assert saptahik["body_precision"] == 1.0
    assert saptahik["body_recall"] == 0.5
    assert saptahik["body_f1"] == pytest.approx(2 / 3)
    assert saptahik["full_body_f1"] == pytest.approx(2 / 3)
    assert (saptahik["headlines_ok"], saptahik["headlines"]) == (3, 4)
    assert (saptahik["dates_ok"], saptahik["dates"]) == (3, 5)


def test_json_keeps_the_seed_report_beside_the_real_pages(realpages):
    both = _eval_json("--truth", str(realpages))
    seeds_only = _eval_json()
    assert set(both) == {"seeds", "realpages"}
    assert both["seeds"] == seeds_only


def test_table_prints_seeds_then_real_pages_and_the_scorer_summary_line(realpages):
    result = runner.invoke(app, ["eval", *SEED_ARGS, "--truth", str(realpages)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("gold pages") < out.index("Real pages") < out.index("by outlet")
    assert "saptahik_4" in out and "missing" in out
    summary = json.dumps(SUMMARY, ensure_ascii=False)
    assert f"summary (as score.py prints it): {summary}" in out


def test_pages_folder_can_be_given_apart_from_the_truth(realpages, tmp_path):
    moved = tmp_path / "elsewhere"
    (realpages.parent / "pages").rename(moved)
    result = runner.invoke(app, ["eval", *SEED_ARGS, "--truth", str(realpages)])
    assert result.exit_code == 2
    assert "pages folder not found" in result.stderr
    report = _eval_json("--truth", str(realpages), "--pages", str(moved))["realpages"]
    assert report["summary"] == SUMMARY


# --- the counting rules on records written by hand (no annotator involved) --------------------


def _truth(tmp_path: Path, entries: list[dict]) -> list:
    path = tmp_path / "truth.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return load_truth(path)


def _record(headline: str, body: list[str], **dates: str | None) -> dict:
    lines = [{"text": headline, "label": "headline"}]
    lines += [{"text": text, "label": "body"} for text in body]
    return {"source": "x.txt", "headline": headline, "lines": lines, **dates}


def test_a_record_where_quarantine_is_expected_counts_its_body_as_false_positives(tmp_path):
    truth = _truth(
        tmp_path,
        [
            {
                "doc_id": "v",
                "outlet": "o",
                "headline": "ক",
                "body": [],
                "expect_quarantine": "no_body",
            }
        ],
    )
    report = score_truth(truth, {"v": _record("ক", ["খ গ ঘ।", "ঙ চ ছ।"])})
    row = report["pages"][0]
    assert (row["tp"], row["fp"], row["fn"]) == (0, 2, 0)
    assert (row["full_tp"], row["full_fp"], row["full_fn"]) == (0, 0, 0)  # all pages only
    assert report["summary"] == {
        "body_P": 0.0,
        "body_R": 0.0,
        "body_F1": 0.0,
        "full_body_F1": 0.0,
        "headline": "0/1",
        "dates": "0/1",
    }


def test_another_quarantine_than_the_accepted_one_scores_as_a_missing_record(tmp_path):
    entry = {
        "doc_id": "p",
        "outlet": "o",
        "headline": "ক",
        "published_at": None,
        "body": ["খ।"],
        "accept_quarantine": "no_body",
    }
    report = score_truth(_truth(tmp_path, [entry]), {"p": {"quarantine_reason": "no_headline"}})
    row = report["pages"][0]
    assert row["got"] == "quarantine:no_headline"
    assert (row["fn"], row["headlines"], row["dates"]) == (1, 1, 1)
    assert report["summary"]["headline"] == "0/1" and report["summary"]["dates"] == "0/1"


def test_body_text_is_split_at_line_breaks_when_a_record_has_no_lines(tmp_path):
    truth = _truth(
        tmp_path, [{"doc_id": "p", "outlet": "o", "headline": None, "body": ["ক।", "খ।"]}]
    )
    record = {"source": "p.txt", "body": "ক।\n\nখ।\nগ।"}
    row = score_truth(truth, {"p": record})["pages"][0]
    assert (row["tp"], row["fp"], row["fn"], row["headlines"]) == (2, 1, 0, 0)


def test_texts_are_compared_after_the_scorers_folding(tmp_path):
    rra_decomposed = "\u09ac\u09a1\u09bc"  # BA, DDA + NUKTA
    rra_single = "\u09ac\u09dc"  # BA, RRA
    truth = _truth(
        tmp_path,
        [
            {
                "doc_id": "p",
                "outlet": "o",
                "headline": f"{rra_single} খবর",
                "body": ["এক  দুই\u00a0তিন।"],
            }
        ],
    )
    record = _record(f" {rra_decomposed}\u00a0খবর ", ["এক দুই তিন।"])
    assert score_truth(truth, {"p": record})["summary"]["headline"] == "1/1"
    assert score_truth(truth, {"p": record})["pages"][0]["tp"] == 1


# --- a malformed truth file: one line naming the file and the entry, exit 2 -------------------

GOOD = {"doc_id": "p", "outlet": "o", "headline": "ক", "body": ["খ।"]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[", "cannot read truth file"),
        ("{}", "must be a non-empty JSON list"),
        ("[]", "must be a non-empty JSON list"),
        (json.dumps([GOOD, 3]), "entry 2: must be a JSON object"),
        (
            json.dumps([{k: v for k, v in GOOD.items() if k != "body"}]),
            "entry 1 ('p'): missing key 'body'",
        ),
        (json.dumps([{**GOOD, "bodi": []}]), "entry 1 ('p'): unknown key 'bodi'"),
        (json.dumps([{**GOOD, "outlet": ""}]), "outlet must be a non-empty string"),
        (json.dumps([{**GOOD, "headline": ""}]), "headline must be a non-empty string or null"),
        (json.dumps([{**GOOD, "body": "খ।"}]), "body must be a list of non-blank strings"),
        (json.dumps([{**GOOD, "full_page": "yes"}]), "full_page must be true or false"),
        (
            json.dumps([{**GOOD, "published_at": "2025-13-01"}]),
            "published_at must be null or ISO 8601",
        ),
        (
            json.dumps([{**GOOD, "updated_at": "2025-01-01T10:00:00"}]),
            "updated_at must be null or ISO 8601 with an offset",
        ),
        (
            json.dumps([{**GOOD, "expect_quarantine": "video"}]),
            "'video' is not a quarantine reason",
        ),
        (
            json.dumps([{**GOOD, "expect_quarantine": "no_body", "accept_quarantine": "no_body"}]),
            "both given",
        ),
        (json.dumps([GOOD, GOOD]), "entry 2 ('p'): doc_id given twice"),
    ],
)
def test_a_malformed_truth_file_is_one_line_naming_the_file_and_entry(tmp_path, content, message):
    truth = tmp_path / "truth.json"
    truth.write_text(content, encoding="utf-8")
    with pytest.raises(TruthError) as caught:
        load_truth(truth)
    assert str(caught.value).startswith(f"{truth}: ")
    assert message in str(caught.value)
    (tmp_path / "pages").mkdir()
    result = runner.invoke(app, ["eval", *SEED_ARGS, "--truth", str(truth)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert result.stdout == ""


def test_a_missing_truth_file_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["eval", *SEED_ARGS, "--truth", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "cannot read truth file" in result.stderr
