"""`khobor validate` and `khobor release` end to end: exit codes, reports, Data Docs, the Hub
path (with a fake downloader), and a release that refuses to be written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gates.corrupt import REPO, copy_release, edit, first_id, manifest, write_manifest
from khobor.cli.commands import app


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, ["validate", *args])


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # validation/gates.toml, gold and minimums by their default paths


def test_committed_release_passes_with_reports_and_the_html_report(tmp_path: Path) -> None:
    out = tmp_path / "quality"
    result = invoke("dataset/releases/1.0.0", "--report-dir", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["passed"] and report["exit_code"] == 0
    families = {c["family"] for c in report["checks"]}
    assert families == {"schema", "expectations", "dataset", "accuracy", "drift"}
    assert set(report["timings_seconds"]) >= families
    assert set(report["counts"]) == {"pass", "fail", "warn", "skipped"}  # one case
    assert report["run_name"].startswith("khobor-1.0.0-") and report["schema_version"] == "1"
    assert report["html_report"] == str(out / "report.html") and (out / "report.html").is_file()
    assert not (out / "data_docs").exists()  # no GE site (CDN assets, timestamped folders)
    summary = (out / "report.md").read_text()
    assert summary.startswith("## khobor validate: 1.0.0 passed")
    assert "| `dataset.manifest_checksums` | error | ✅ pass |" in summary


def test_each_corruption_exits_1_naming_check_and_ids(good: Path, tmp_path: Path) -> None:
    """A null headline and 'মন্তব্য করুন' appended to a body, in one release: both named."""

    def change(rows: list[dict[str, Any]]) -> None:
        rows[0]["headline"] = None
        rows[1]["body"] += "\n\nমন্তব্য করুন"

    edit(good, "train", change)
    ids = [first_id(good)]
    out = tmp_path / "q"
    result = invoke(str(good), "--report-dir", str(out), "--no-html")
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert "schema.nullability" in last and "dataset.boilerplate_in_body" in last
    report = json.loads((out / "report.json").read_text())
    by_check = {c["check"]: c for c in report["checks"]}
    assert ids[0] in by_check["schema.nullability"]["failing_ids"]
    assert ids[0] in by_check["expectations.schema_suite"]["failing_ids"]  # GE agrees
    assert len(by_check["dataset.boilerplate_in_body"]["failing_ids"]) == 1
    assert ids[0] in (out / "report.md").read_text()


def test_validate_never_writes_inside_the_release(good: Path) -> None:
    before = sorted(p.relative_to(good) for p in good.rglob("*"))
    result = invoke(str(good), "--report-dir", str(good / "quality"))
    assert result.exit_code == 2 and "inside the release" in result.output
    assert sorted(p.relative_to(good) for p in good.rglob("*")) == before


def test_usage_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    result = invoke(str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    bad_policy = tmp_path / "gates.toml"
    bad_policy.write_text("[gates.schema]\nnope = { level = 'error' }\n")
    result = invoke("dataset/releases/1.0.0", "--gates", str(bad_policy))
    assert result.exit_code == 2 and "nope" in result.output


def test_hub_revision_is_pulled_and_validated(tmp_path: Path) -> None:
    from khobor.release.validate import resolve_target

    calls: list[tuple[str, str]] = []

    def fake_download(repo_id: str, **kwargs: Any) -> str:
        calls.append((repo_id, kwargs["revision"]))
        copy_release(Path(kwargs["local_dir"]), REPO / "dataset" / "releases" / "1.0.0")
        return kwargs["local_dir"]

    dest = tmp_path / "download"
    folder = resolve_target("org/khobor@v1.0.0", download_dir=dest, download=fake_download)
    assert calls == [("org/khobor", "v1.0.0")] and folder == dest
    from khobor.release.validate import validate_release

    assert validate_release(folder, families=("schema", "dataset")).passed


def test_damaged_hub_download_is_validated_not_crashed(tmp_path: Path) -> None:
    from khobor.release.validate import resolve_target, validate_release

    def fake_download(repo_id: str, **kwargs: Any) -> str:
        folder = copy_release(Path(kwargs["local_dir"]), REPO / "dataset" / "releases" / "1.0.0")
        data = manifest(folder)
        data["files"][0]["sha256"] = "0" * 64
        write_manifest(folder, data)
        return kwargs["local_dir"]

    folder = resolve_target("org/khobor", download_dir=tmp_path / "d", download=fake_download)
    validation = validate_release(folder, families=("dataset",))
    assert [r.check for r in validation.blocking()] == ["dataset.manifest_checksums"]


def test_not_a_path_nor_a_repo_id_is_a_usage_error() -> None:
    result = invoke("not a/valid repo id")
    assert result.exit_code == 2 and "ORG/NAME" in result.output


# --- khobor release runs the gates before the atomic rename -----------------------------------


def test_release_of_a_corrupted_build_is_refused_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`khobor release` runs the gates by default (no hook injected): a build whose Parquet
    writer appends 'মন্তব্য করুন' to every body is refused with exit 1, naming the check, and
    the releases folder (holding an earlier release) is left byte for byte as it was."""
    from release_pages import copy_seeds

    from khobor.contracts import schema

    raw = copy_seeds(tmp_path / "raw")
    releases = tmp_path / "releases"
    previous = copy_release(releases / "0.9.0", REPO / "dataset" / "releases" / "1.0.0")
    before = {p: p.read_bytes() for p in releases.rglob("*") if p.is_file()}
    real = schema.records_to_table

    def corrupting(records: Any) -> Any:
        return real([{**r, "body": r["body"] + "\n\nমন্তব্য করুন"} for r in records])

    monkeypatch.setattr(schema, "records_to_table", corrupting)
    result = CliRunner().invoke(
        app, ["release", "1.0.0", "--raw", str(raw), "--releases", str(releases), "--workers", "1"]
    )
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert "refused" in last and "dataset.boilerplate_in_body" in last
    assert {p: p.read_bytes() for p in releases.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in releases.iterdir()) == ["0.9.0"] and previous.is_dir()
    # the refused release's reports are kept outside the releases folder, where it says
    kept = Path(last.split("; see ")[-1])
    assert kept.name == "report.md" and not kept.is_relative_to(tmp_path)
    report = json.loads((kept.parent / "report.json").read_text())
    shutil.rmtree(kept.parent.parent)
    assert not report["passed"]


def test_release_of_a_good_build_passes_the_gates(tmp_path: Path) -> None:
    from release_pages import copy_seeds

    from khobor.contracts.policy import Policy
    from khobor.release.validate import gate_staged_release
    from khobor.release.write import release

    raw = copy_seeds(tmp_path / "raw")
    report = release(
        "1.0.0",
        raw=raw,
        releases=tmp_path / "releases",
        policy=Policy(),
        before_publish=gate_staged_release,
    )
    assert (report.path / "manifest.json").is_file()
    # The published release carries its reports, and they are nowhere else.
    names = sorted(p.name for p in (report.path / "quality").iterdir())
    assert names == ["report.html", "report.json", "report.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw", "releases"]
    assert [p.name for p in (tmp_path / "releases").iterdir()] == ["1.0.0"]


def test_pre_commit_entry_validates_the_releases_of_changed_files(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khobor.release.validate import main, release_folders_of

    changed = [str(good / "data" / "train-00000-of-00001.parquet"), str(good / "README.md")]
    assert release_folders_of([*changed, "README.md"]) == [good.resolve()]
    monkeypatch.setattr("khobor.release.validate.hook_report_dir", lambda: tmp_path / "kq")
    user_repo = tmp_path / "user-repo"  # the hook runs at the root of the user's repository
    user_repo.mkdir()
    monkeypatch.chdir(user_repo)
    assert main(changed) == 0
    edit(good, "train", lambda rows: [*rows, rows[0]])
    assert main(changed) == 1
    assert (tmp_path / "kq" / "1.0.0" / "report.json").is_file()
    assert list(user_repo.iterdir()) == []  # no khobor-quality/ left in the repository


def test_release_gates_read_the_policy_file_given_to_release(tmp_path: Path) -> None:
    """`khobor release --gates F` judges the staged release by F: a Bengali-script floor no
    page can reach refuses the release."""
    from release_pages import copy_seeds

    policy = (REPO / "validation" / "gates.toml").read_text(encoding="utf-8")
    strict = tmp_path / "gates.toml"
    strict.write_text(policy.replace("min_body_ratio = 0.6", "min_body_ratio = 1.01"), "utf-8")
    raw = copy_seeds(tmp_path / "raw")
    releases = tmp_path / "releases"
    result = CliRunner().invoke(
        app,
        [
            "release",
            "1.0.0",
            "--raw",
            str(raw),
            "--releases",
            str(releases),
            "--workers",
            "1",
            "--gates",
            str(strict),
        ],
    )
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert "schema.bengali_script" in last
    assert not (releases / "1.0.0").exists()
    shutil.rmtree(Path(last.split("; see ")[-1]).parents[1])  # the refused release's reports
