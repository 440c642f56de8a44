"""`khobor release VERSION`: atomic, never overwritten, ledger kept, card and manifest real."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from release_pages import copy_seeds, write_near_duplicate, write_variant
from typer.testing import CliRunner

from khobor.cli.commands import app
from khobor.contracts.layout import INPUTS, read_inputs
from khobor.contracts.policy import SPLIT_NAMES, Policy
from khobor.contracts.schema import hf_features
from khobor.corpus.splits import read_ledger
from khobor.pipeline import CARD, CROISSANT, MANIFEST, BuildError, sha256_file
from khobor.pipeline import writer as release_writer
from khobor.release.write import QUALITY_DIR, Outcome, ReleaseRefused, release
from khobor.render.card import LICENSE_LINK, LICENSE_NAME, TAKEDOWN_URL

REPO = Path(__file__).resolve().parent.parent


def tree_bytes(root: Path) -> dict[str, bytes]:
    """A release's bytes, its `quality/` reports aside (they hold run times)."""
    return {
        name: (root / name).read_bytes()
        for name in (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        if not name.startswith(QUALITY_DIR + "/")
    }


def run_release(version: str, raw: Path, releases: Path) -> object:
    return CliRunner().invoke(
        app, ["release", version, "--raw", str(raw), "--releases", str(releases), "--workers", "1"]
    )


def test_release_again_is_identical_and_a_changed_input_is_refused(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    releases = tmp_path / "releases"
    first = run_release("1.0.0", raw, releases)
    assert first.exit_code == 0, first.output
    before = tree_bytes(releases / "1.0.0")

    again = run_release("1.0.0", raw, releases)
    assert again.exit_code == 0, again.output
    assert "identical bytes" in again.output

    page = raw / "003_41397e208400c2db.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\nআরও একটি লাইন\n", encoding="utf-8")
    refused = run_release("1.0.0", raw, releases)
    assert refused.exit_code == 1
    message = refused.output.strip().splitlines()[-1]
    assert "exists" in message and "different bytes" in message and "Traceback" not in message
    assert tree_bytes(releases / "1.0.0") == before
    assert sorted(p.name for p in releases.iterdir()) == ["1.0.0"]


def test_next_release_keeps_every_earlier_record_in_its_split(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    releases = tmp_path / "releases"
    first = release("1.0.0", raw=raw, releases=releases, policy=Policy())
    old = read_ledger(releases / "1.0.0")
    assert sorted(set(old.values())) == sorted(SPLIT_NAMES)
    for salt in range(12):
        write_variant(raw, salt % 5, 100 + salt)
    near = write_near_duplicate(raw, 1)
    second = release("1.0.1", raw=raw, releases=releases, policy=Policy())
    new = read_ledger(releases / "1.0.1")
    assert len(new) == len(old) + 13
    assert {i: new[i] for i in old} == old
    assert second.build.ledger_version == "1.0.0"
    assert second.build.splits.kept_from_ledger == len(old)
    # the near duplicate of an old page takes that page's split
    source_to_id = {e["source"]: e["sha256"][:16] for e in read_inputs(releases / "1.0.1")}
    assert new[source_to_id[near.name]] == old[source_to_id["001_f30f3440f69daec0.txt"]]
    assert first.outcome is Outcome.CREATED
    # rebuilding 1.0.0 now still ignores 1.0.1 (the ledger is the release *below*)
    with pytest.raises(ReleaseRefused, match="different bytes"):
        release("1.0.0", raw=raw, releases=releases, policy=Policy())


def test_injected_failure_leaves_no_release_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = copy_seeds(tmp_path / "raw")
    releases = tmp_path / "releases"

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(release_writer, "_write_quarantine", broken)
    with pytest.raises(BuildError, match=r"1\.0\.0: cannot write it \(disk full\)"):
        release("1.0.0", raw=raw, releases=releases, policy=Policy())
    assert list(releases.iterdir()) == []


def test_failed_gate_hook_leaves_no_release_folder(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    releases = tmp_path / "releases"

    def gate(folder: Path) -> None:
        assert (folder / MANIFEST).is_file()
        raise ReleaseRefused("gate failed")

    with pytest.raises(ReleaseRefused, match="gate failed"):
        release("1.0.0", raw=raw, releases=releases, policy=Policy(), before_publish=gate)
    assert list(releases.iterdir()) == []


SLOW_RELEASE = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    import khobor.render.card
    from khobor.contracts.policy import Policy
    from khobor.release.write import release

    def endless_card(context):
        Path(sys.argv[3]).write_text("card")  # the marker the test waits for
        threading.Event().wait()  # until a signal: the test never waits for a time

    khobor.render.card.render_card = endless_card
    release("1.0.0", raw=Path(sys.argv[1]), releases=Path(sys.argv[2]), policy=Policy())
    """
)


def start_slow_release(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """A release stopped in its card (its data files written) until a signal."""
    raw = copy_seeds(tmp_path / "raw")
    releases = tmp_path / "releases"
    marker = tmp_path / "card-started"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_RELEASE, str(raw), str(releases), str(marker)],
        # a runner started in the background ignores SIGINT, and its children inherit that:
        # restore the default so the child's Python turns SIGINT into KeyboardInterrupt
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stderr=subprocess.DEVNULL,
    )
    while not marker.exists():
        assert proc.poll() is None, "the release process ended early"
        time.sleep(0.02)
    assert list(releases.glob(".partial-*/1.0.0/data/*.parquet"))
    return proc, releases


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_release_cleans_up(tmp_path: Path, sig: signal.Signals) -> None:
    proc, releases = start_slow_release(tmp_path)
    proc.send_signal(sig)
    assert proc.wait(timeout=600) != 0  # a safety net only: the signal ends it
    assert list(releases.iterdir()) == []


def test_killed_release_leaves_no_version_folder_and_is_swept(tmp_path: Path) -> None:
    proc, releases = start_slow_release(tmp_path)
    proc.kill()
    proc.wait(timeout=30)
    assert not (releases / "1.0.0").exists()
    leftovers = [p.name for p in releases.iterdir()]
    assert leftovers and all(name.startswith(".partial-1.0.0-") for name in leftovers)
    report = release("1.0.0", raw=tmp_path / "raw", releases=releases, policy=Policy())
    assert report.outcome is Outcome.CREATED
    assert [p.name for p in releases.iterdir()] == ["1.0.0"]


def test_card_front_matter_and_body(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    (raw / "empty.txt").write_bytes(b"")
    report = release("1.0.0", raw=raw, releases=tmp_path / "releases", policy=Policy())
    text = (report.path / CARD).read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["license"] == "other"
    assert front["license_name"] == LICENSE_NAME and front["license_link"] == LICENSE_LINK
    assert "license_details" not in front  # legacy field
    assert front["language"] == ["bn"] and front["language_details"]
    assert front["annotations_creators"] == ["machine-generated"]
    assert front["language_creators"] == ["found"]
    assert front["size_categories"] == ["n<1K"]
    assert front["task_categories"] and front["pretty_name"]
    assert TAKEDOWN_URL in front["extra_gated_prompt"] and front["extra_gated_fields"]
    data_files = front["configs"][0]["data_files"]
    assert [d["split"] for d in data_files] == list(SPLIT_NAMES)
    from datasets import Features
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCard

    assert Features._from_yaml_list(front["dataset_info"]["features"]) == hf_features()
    # the card's dataset_info (built without `datasets`) is what `datasets` writes for it
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from huggingface_hub import DatasetCardData

    splits = SplitDict(dataset_name="khobor")
    for entry in front["dataset_info"]["splits"]:
        splits.add(SplitInfo(dataset_name="khobor", **entry))
    written = DatasetCardData()
    DatasetInfosDict(
        {
            "default": DatasetInfo(
                features=hf_features(),
                splits=splits,
                download_size=front["dataset_info"]["download_size"],
                dataset_size=front["dataset_info"]["dataset_size"],
                config_name="default",
            )
        }
    ).to_dataset_card_data(written)
    assert yaml.safe_dump(written["dataset_info"], sort_keys=False) == yaml.safe_dump(
        front["dataset_info"], sort_keys=False
    )
    # the libraries read every part of dataset_info back
    info = DatasetInfosDict.from_dataset_card_data(DatasetCard(text).data)["default"]
    assert info.features == hf_features()
    assert {name: s.num_examples for name, s in info.splits.items()} == {
        "train": 3,
        "validation": 1,
        "test": 1,
    }
    assert all(s.num_bytes > 0 for s in info.splits.values())
    manifest = json.loads((report.path / MANIFEST).read_text())
    parquet = [e for e in manifest["files"] if e.get("split")]
    assert info.download_size == sum(e["bytes"] for e in parquet)
    assert info.dataset_size == sum(s.num_bytes for s in info.splits.values())
    for heading in hub_template_headings():
        assert f"\n{heading}\n" in text, heading
    for heading in ["### Fields", "### Labels", "### Splits", "## Licensing", "## Glossary"]:
        assert f"\n{heading}\n" in text
    assert "belong to their outlets" in text and "Takedown" in text and TAKEDOWN_URL in text
    assert "**Point of Contact:** " + TAKEDOWN_URL in text
    assert "`empty_file` | 1" in text
    assert "@misc{khobor_1_0_0," in text  # BibTeX
    example = json.loads(
        text.split("### An example record")[1].split("```json\n")[1].split("```")[0]
    )
    assert set(example) == set(hf_features()) and example["url"] is None


def hub_template_headings() -> list[str]:
    """The section headings of huggingface_hub's own dataset card template (without its
    "[optional]" marks and the title, which names the dataset)."""
    import huggingface_hub

    template = Path(huggingface_hub.__file__).parent / "templates" / "datasetcard_template.md"
    return [
        line.replace(" [optional]", "")
        for line in template.read_text(encoding="utf-8").splitlines()
        if line.startswith("##")
    ]


def test_manifest_and_croissant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751241600")
    raw = copy_seeds(tmp_path / "raw")
    report = release("1.0.0", raw=raw, releases=tmp_path / "releases", policy=Policy())
    manifest = json.loads((report.path / MANIFEST).read_text())
    assert manifest["version"] == "1.0.0"
    assert manifest["schema_version"] == "1.2"
    assert manifest["khobor_version"]
    assert manifest["source_date_epoch"] == 1751241600
    assert {e["source"] for e in read_inputs(report.path)} == {p.name for p in raw.iterdir()}
    assert manifest["inputs"] == {
        "count": len(list(raw.iterdir())),
        "sha256": manifest["inputs"]["sha256"],
        "file": INPUTS,
    }
    assert len(manifest["inputs"]["sha256"]) == 64
    for entry in manifest["files"]:
        assert sha256_file(report.path / entry["path"]) == entry["sha256"]
    assert {e["path"] for e in manifest["files"]} >= {CARD, CROISSANT, "quarantine.jsonl"}
    croissant = json.loads((report.path / CROISSANT).read_text())
    assert croissant["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert croissant["datePublished"] == "2025-06-30"
    objects = [d for d in croissant["distribution"] if d["@type"] == "cr:FileObject"]
    assert {o["contentUrl"] for o in objects} == {
        e["path"] for e in manifest["files"] if "split" in e
    }
    fields = {f["@id"] for f in croissant["recordSet"][1]["field"]}
    assert "default/lines" in fields and "default/published_at" in fields


def test_croissant_validates_with_mlcroissant(tmp_path: Path) -> None:
    from khobor.render.croissant import validate_croissant  # mlcroissant: a [test] extra

    report = release(
        "1.0.0", raw=copy_seeds(tmp_path / "raw"), releases=tmp_path / "releases", policy=Policy()
    )
    assert validate_croissant(str(report.path / CROISSANT)) == []


def test_cli_release_bad_version_and_missing_raw(tmp_path: Path) -> None:
    result = run_release("1.0", copy_seeds(tmp_path / "raw"), tmp_path / "releases")
    assert result.exit_code == 2 and "MAJOR.MINOR.PATCH" in result.output  # a usage error
    assert len(result.output.strip().splitlines()) == 1
    result = run_release("1.0.0", tmp_path / "nope", tmp_path / "releases")
    assert result.exit_code == 2 and "raw folder not found" in result.output


def test_committed_release_is_intact_and_still_validates_as_schema_v1(tmp_path: Path) -> None:
    """dataset/releases/1.0.0 is published and never changes: it was written with schema v1,
    before `url` (v1.1) existed, so today's code cannot rebuild its bytes. It must stay
    byte-identical to its manifest and still pass every gate, judged against schema v1."""
    from khobor.release.hub import verify_release
    from khobor.release.validate import validate_release

    committed = REPO / "dataset" / "releases" / "1.0.0"
    if not committed.is_dir():
        pytest.fail("dataset/releases/1.0.0 is missing")
    manifest = json.loads((committed / MANIFEST).read_text())
    assert manifest["schema_version"] == "1"
    assert verify_release(committed) == []
    validation = validate_release(committed, previous=None, report_dir=tmp_path / "reports")
    assert validation.passed, [r.check for r in validation.blocking()]
    schema_checks = [r for r in validation.results if r.check.startswith("schema.")]
    assert schema_checks and all(r.passed for r in schema_checks)


def test_replace_swaps_an_unpublished_version(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    releases = tmp_path / "releases"
    release("1.0.0", raw=raw, releases=releases, policy=Policy())
    (raw / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(
        app, ["release", "1.0.0", "--raw", str(raw), "--releases", str(releases), "--replace"]
    )
    assert result.exit_code == 0, result.output
    assert "empty.txt" in (releases / "1.0.0" / "quarantine.jsonl").read_text()
    assert [p.name for p in releases.iterdir()] == ["1.0.0"]


def test_a_v1_1_release_after_the_committed_v1_release_keeps_its_ledger(tmp_path: Path) -> None:
    """A release of schema v1.1 next to the committed v1 release: the v1 release is its
    ledger and its drift baseline, and `url`, a column v1 lacks, is no drift."""
    import shutil

    from khobor.release.validate import validate_release

    releases = tmp_path / "releases"
    shutil.copytree(REPO / "dataset" / "releases" / "1.0.0", releases / "1.0.0")
    report = release("1.1.0", raw=REPO / "dataset" / "raw", releases=releases, policy=Policy())
    assert report.build.ledger_version == "1.0.0"
    assert read_ledger(releases / "1.1.0") == read_ledger(releases / "1.0.0")
    manifest = json.loads((releases / "1.1.0" / MANIFEST).read_text())
    assert manifest["schema_version"] == "1.2"
    validation = validate_release(releases / "1.1.0", report_dir=tmp_path / "reports")
    assert validation.previous == releases / "1.0.0"
    by_check = {r.check: r for r in validation.results}
    assert by_check["dataset.ledger_stability"].passed
    nulls = by_check["drift.null_rates"]
    assert nulls.passed and "url" not in nulls.figures["current"]


def test_a_version_below_the_latest_is_refused_but_an_existing_one_is_confirmed(
    tmp_path: Path,
) -> None:
    raw = copy_seeds(tmp_path / "raw")
    releases = tmp_path / "releases"
    release("1.0.0", raw=raw, releases=releases, policy=Policy())
    release("1.1.0", raw=raw, releases=releases, policy=Policy())
    result = run_release("0.9.0", raw, releases)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        "khobor: release 0.9.0 is below the latest release 1.1.0: versions only go up (the "
        "next one's ledger is 1.1.0); release a version above it"
    ]
    assert sorted(p.name for p in releases.iterdir()) == ["1.0.0", "1.1.0"]
    with pytest.raises(ReleaseRefused, match="below the latest"):
        release("1.0.1", raw=raw, releases=releases, policy=Policy())
    with pytest.raises(ReleaseRefused, match="below the latest"):
        release("1.0.0", raw=raw, releases=releases, policy=Policy(), replace=True)
    # an existing version is still confirmed byte for byte (its recorded date kept)
    assert release("1.0.0", raw=raw, releases=releases, policy=Policy()).outcome is (
        Outcome.IDENTICAL
    )


def test_expectations_process_started_for_a_release_that_gates_nothing_ends(
    tmp_path: Path,
) -> None:
    """`khobor release` starts Great Expectations' process before building; when no gate
    runs (the build fails, or the release exists already) `close` ends it: nothing is left
    behind importing."""
    import multiprocessing

    from khobor.release.validate import ExpectationsProcess

    before = set(multiprocessing.active_children())
    process = ExpectationsProcess(background=True)
    started = set(multiprocessing.active_children()) - before
    assert started  # the process runs (importing, at the lowest priority)
    process.close()
    deadline = time.monotonic() + 60
    while started & set(multiprocessing.active_children()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not started & set(multiprocessing.active_children())
