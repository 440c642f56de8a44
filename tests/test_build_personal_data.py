"""`[personal_data]` at build time: masked in every text of a record, the figures in the
manifest and the card, the gate that reports what is left, both engines alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from release_pages import copy_seeds

from khobor.contracts.policy import PersonalDataPolicy, Policy
from khobor.contracts.schema import row_to_record
from khobor.corpus.dedup import BodySigner
from khobor.pages.extract import ExtractContext, iter_inputs
from khobor.pipeline import build_dataset
from khobor.pipeline.spool import extract_input, reannotate_input
from khobor.release.validate import validate_release
from khobor.release.write import release
from khobor.text.normalize import bengali_letter_share

# A page written for this test: a missing child, the family's phone number and address, and
# two readers' comments with a name.
PAGE = """সারাদেশ
নিখোঁজ শিশুর সন্ধান চেয়ে পরিবারের আকুতি
নিজস্ব প্রতিবেদক
প্রকাশ : ১২ জুলাই ২০২৫, ১০:১৫ এএম
রাজধানীর মিরপুর থেকে গত বৃহস্পতিবার বিকেলে নিখোঁজ হয়েছে সাত বছরের এক শিশু। স্কুল থেকে ফেরার পথে সে আর বাড়ি ফেরেনি বলে জানিয়েছে পরিবার।
শিশুটির বাবা জানান, থানায় সাধারণ ডায়েরি করা হয়েছে এবং আশপাশের সব এলাকায় মাইকিং করা হয়েছে। তবু এখনো কোনো খোঁজ মেলেনি।
কেউ শিশুটির সন্ধান পেলে ০১৭১১-২২৩৩৪৪ নম্বরে অথবা khoj.parivar@example.com ঠিকানায় জানাতে অনুরোধ করেছে পরিবার।
মিরপুর থানার ভারপ্রাপ্ত কর্মকর্তা বলেন, পুলিশ সিসিটিভি ফুটেজ দেখে শিশুটির খোঁজ করছে এবং শিগগিরই তাকে উদ্ধার করা সম্ভব হবে বলে তাঁরা আশা করছেন।
পাঠকের মন্তব্য (২)
রহিম উদ্দিন
আল্লাহ শিশুটিকে ফিরিয়ে দিন, আমরা এলাকায় খোঁজ নিচ্ছি
লাইক ১২
উত্তর দিন
"""
KEEP = PersonalDataPolicy(
    email="keep", phone="keep", national_id="keep", payment_card="keep", ip_address="keep",
    comments="keep",
)  # fmt: skip


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = copy_seeds(tmp_path / "raw")
    (folder / "missing_child.txt").write_text(PAGE, encoding="utf-8")
    return folder


def records(out: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((out / "data").glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            record = row_to_record(row)
            found[record["source"]] = record
    return found


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_default_policy_masks_the_record_and_reports_the_figures(raw: Path, tmp_path: Path) -> None:
    masked = build_dataset(raw, tmp_path / "masked", version="1.0.0", policy=Policy())
    kept = build_dataset(raw, tmp_path / "kept", version="1.0.0", policy=Policy(personal_data=KEEP))
    new, old = records(masked.out), records(kept.out)
    assert sorted(new) == sorted(old)
    # the seeds hold no personal data and no comments: their records are the same
    for source in new:
        if source != "missing_child.txt":
            assert new[source] == old[source], source
    page, original = new["missing_child.txt"], old["missing_child.txt"]
    assert "০১৭১১-২২৩৩৪৪" in original["body"] and "khoj.parivar@example.com" in original["body"]
    assert "[PHONE]" in page["body"] and "[EMAIL]" in page["body"]
    assert "০১৭১১" not in json.dumps(page, ensure_ascii=False)
    assert [line["label"] for line in page["lines"]] == [
        line["label"] for line in original["lines"]
    ]
    comments = [line["text"] for line in page["lines"] if line["label"] == "comment"]
    assert comments == ["[COMMENT]"] * 5
    # the body changed: its Bengali share is measured again (the address had more Latin letters)
    assert page["bengali_ratio"] == bengali_letter_share(page["body"]) > original["bengali_ratio"]
    figures = manifest(masked.out)["figures"]["personal_data"]
    assert figures["phone"] == {"found": 1, "records": 1}
    assert figures["email"] == {"found": 1, "records": 1}
    assert figures["national_id"] == {"found": 0, "records": 0}
    assert figures["comments"] == {"lines": 5, "records": 1}
    assert manifest(masked.out)["policy"]["personal_data"]["phone"] == "mask"
    assert manifest(kept.out)["figures"]["personal_data"] == figures  # found, whatever is done
    card = (masked.out / "README.md").read_text(encoding="utf-8")
    assert "| phone numbers (Bangladesh, India) | 1 | 1 | masked: `[PHONE]` |" in card
    assert "| readers' comment lines | 5 | 1 | text masked: `[COMMENT]`" in card
    assert "| e-mail addresses | 1 | 1 | kept as published |" in (kept.out / "README.md").read_text(
        encoding="utf-8"
    )


def test_comments_can_be_left_out(raw: Path, tmp_path: Path) -> None:
    policy = Policy(personal_data=PersonalDataPolicy(comments="drop"))
    out = build_dataset(raw, tmp_path / "out", version="1.0.0", policy=policy).out
    page = records(out)["missing_child.txt"]
    assert "comment" not in {line["label"] for line in page["lines"]}
    assert "| readers' comment lines | 5 | 1 | lines left out of `lines` |" in (
        out / "README.md"
    ).read_text(encoding="utf-8")


def test_the_gate_names_the_records_that_hold_personal_data(raw: Path, tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    release("1.0.0", raw=raw, releases=releases, policy=Policy(personal_data=KEEP))
    kept = validate_release(releases / "1.0.0", previous=None, families=("dataset",))
    check = next(r for r in kept.results if r.check == "dataset.personal_data")
    page_id = next(r["id"] for r in records(releases / "1.0.0").values() if "০১৭১১" in r["body"])
    assert not check.passed and check.status == "warn" and kept.passed  # a warning by default
    assert check.failing_ids == [page_id]
    assert check.figures["kinds"]["phone"]["found"] == 1
    assert check.figures["kinds"]["phone"]["ids"] == [page_id]
    assert check.figures["kinds"]["email"]["records"] == 1
    assert check.figures["comments"] == {"lines": 5, "lines_with_text": 5}
    assert "phone 1 in 1 records" in check.message

    masked = tmp_path / "masked"
    release("1.0.0", raw=raw, releases=masked, policy=Policy())
    validation = validate_release(masked / "1.0.0", previous=None, families=("dataset",))
    check = next(r for r in validation.results if r.check == "dataset.personal_data")
    assert check.passed, check.message
    assert check.figures["kinds"]["phone"]["masked_placeholders"] == 1
    assert check.figures["comments"]["lines_with_text"] == 0
    assert check.figures["policy"]["comments"] == "mask"


def test_labelling_a_masked_page_again_sees_its_original_lines(raw: Path) -> None:
    """The corpus pass annotates some pages again from their spooled record: a masked record
    must be labelled from the page's own lines (its figures count what the page holds)."""
    ctx = ExtractContext()
    signer = BodySigner(Policy().dedup)
    item = next(i for i in iter_inputs([raw]) if i.source == "missing_child.txt")
    first = extract_input(item, ctx, signer)
    assert first.unmasked is not None and first.personal == (1, 1, 0, 0, 0, 5)
    again = reannotate_input(item, first, ctx, signer)
    assert again.personal == first.personal and again.line == first.line


def test_both_engines_mask_alike(raw: Path, tmp_path: Path) -> None:
    local = build_dataset(raw, tmp_path / "local", version="1.0.0", policy=Policy())
    other = build_dataset(
        raw, tmp_path / "dt", version="1.0.0", policy=Policy(), engine="datatrove"
    )
    for path in sorted(p for p in local.out.rglob("*") if p.is_file()):
        relative = path.relative_to(local.out)
        assert path.read_bytes() == (other.out / relative).read_bytes(), relative
