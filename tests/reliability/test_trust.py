"""Issue 21's probes, kept: a release, a validation and an upload cannot be made to say what is
not so. Each runs khobor as a user would (the `khobor` script, or the Typer app for a push
against a fake Hub) and failed on the tree before the issue's work.

What `validate` and `push` accept: paths outside the release, links, a manifest that certifies
itself, hidden files, a server's text with a token. What `build` and `release` let in: URLs and
outlet names into Markdown, file names into report.md, links out of the raw folder, a
`--releases` inside the raw folder, a gate that skips. The signed and pinned-digest release
is `test_anchors.py`; signals are `test_signals.py`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import huggingface_hub
import pyarrow.parquet as pq
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from khobor.cli.commands import app
from reliability.helpers import REPO, SEEDS, Run, khobor, seed_pages

SECRET = "hf_PROBE_TOKEN_that_must_never_be_printed_1234"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release made by `khobor release` from the seed pages (copied for each probe)."""
    root = tmp_path_factory.mktemp("trust")
    run = khobor("release", "1.0.0", "--raw", seed_pages(root / "raw"), "--releases", root / "rel")
    assert run.code == 0, run.stderr[-2000:]
    return root / "rel" / "1.0.0"


@pytest.fixture
def release(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "releases" / "1.0.0"
    shutil.copytree(built, copy)
    return copy


def manifest(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


def write_manifest(folder: Path, data: dict[str, Any]) -> None:
    (folder / "manifest.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def rehash(folder: Path, relative: str) -> None:
    """Update the manifest's SHA-256 and size of an edited file: the manifest certifying
    itself."""
    data = manifest(folder)
    for entry in data["files"]:
        if entry["path"] == relative:
            body = (folder / relative).read_bytes()
            entry["sha256"] = hashlib.sha256(body).hexdigest()
            entry["bytes"] = len(body)
    write_manifest(folder, data)


def validate(folder: Path, tmp_path: Path, *args: str | Path) -> Run:
    run = khobor("validate", folder, "--report-dir", tmp_path / "reports", *args)
    run.assert_clean()
    return run


def data_file(folder: Path) -> str:
    return next(e["path"] for e in manifest(folder)["files"] if e.get("split") == "train")


# --- what validate accepts -------------------------------------------------------------------


def test_a_manifest_path_leaving_the_release_is_refused_before_it_is_read(
    release: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(release / data_file(release), outside / "train.parquet")
    data = manifest(release)
    entry = next(e for e in data["files"] if e.get("split") == "train")
    entry["path"] = "../../outside/train.parquet"  # its right SHA-256 is kept
    (release / data_file(release)).unlink()
    write_manifest(release, data)
    run = validate(release, tmp_path)
    assert run.code == 2 and "'..' part leaves the release" in run.stderr


def test_an_absolute_manifest_path_is_refused_not_hashed(release: Path, tmp_path: Path) -> None:
    data = manifest(release)
    data["files"].append({"path": "/etc/passwd", "sha256": "0" * 64, "bytes": 1})
    write_manifest(release, data)
    run = validate(release, tmp_path)
    assert run.code == 2 and "an absolute path" in run.stderr
    assert "SHA-256 differs" not in run.stdout + run.stderr and "missing" not in run.stdout


def test_a_data_file_linked_to_a_file_outside_is_refused(release: Path, tmp_path: Path) -> None:
    relative = data_file(release)
    outside = tmp_path / "outside.parquet"
    shutil.move(release / relative, outside)
    (release / relative).symlink_to(outside)
    run = validate(release, tmp_path)
    assert run.code == 2 and "symbolic link" in run.stderr


def test_a_data_folder_that_is_a_link_is_refused(release: Path, tmp_path: Path) -> None:
    shutil.move(release / "data", tmp_path / "elsewhere")
    (release / "data").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    run = validate(release, tmp_path)
    assert run.code == 2 and "symbolic link" in run.stderr


@pytest.mark.parametrize("name", [".hf_token_backup", "data/.extra.parquet", "notes.txt"])
def test_a_file_the_manifest_does_not_list_fails_validation(
    release: Path, tmp_path: Path, name: str
) -> None:
    (release / name).write_bytes(b"hf_x")
    run = validate(release, tmp_path)
    assert run.code == 1 and "manifest_checksums" in run.stderr


def _edit_card_licence(folder: Path) -> None:
    card = folder / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace("license: other", "license: mit"))
    rehash(folder, "README.md")


def _edit_croissant_count(folder: Path) -> None:
    path = folder / "croissant.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["description"] = document["description"].replace(" 5 records", " 50 records")
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    rehash(folder, "croissant.json")


def _edit_croissant_digest(folder: Path) -> None:
    path = folder / "croissant.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["distribution"][0]["sha256"] = "0" * 64
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    rehash(folder, "croissant.json")


def _edit_records(folder: Path) -> None:
    data = manifest(folder)
    data["figures"]["records"] = 50
    write_manifest(folder, data)


def _edit_split_count(folder: Path) -> None:
    data = manifest(folder)
    data["figures"]["splits"]["train"] += 7
    write_manifest(folder, data)


def _edit_version(folder: Path) -> None:
    data = manifest(folder)
    data["version"] = "9.9.9"
    write_manifest(folder, data)


def _edit_outlets(folder: Path) -> None:
    data = manifest(folder)
    data["figures"]["outlets"]["x.<img src=x onerror=alert(1)>"] = {"train": 1}
    write_manifest(folder, data)


@pytest.mark.parametrize(
    "edit",
    [
        _edit_card_licence,
        _edit_croissant_count,
        _edit_croissant_digest,
        _edit_records,
        _edit_split_count,
        _edit_version,
        _edit_outlets,
    ],
)
def test_a_manifest_cannot_certify_an_edit(
    release: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    edit(release)
    run = validate(release, tmp_path)
    assert run.code == 1 and "stated_facts" in run.stderr


def test_datasheet_never_publishes_an_edited_manifest(release: Path, tmp_path: Path) -> None:
    _edit_records(release)
    sheet = tmp_path / "DATASHEET.md"
    text = "<!-- figures:begin -->\n<!-- figures:end -->\n"
    sheet.write_text(text + "<!-- releases:begin -->\n<!-- releases:end -->\n")
    run = khobor("datasheet", "--release", release, "--datasheet", sheet)
    run.assert_clean()
    assert run.code == 2 and "50 records" not in sheet.read_text()


def test_file_names_in_report_md_are_escaped(release: Path, tmp_path: Path) -> None:
    names = ["<img src=x onerror=alert(1)>", "[y](javascript:alert(2))", "a|b"]
    for name in names:
        (release / "data" / name).write_bytes(b"x")
    run = validate(release, tmp_path)
    assert run.code == 1
    report = (tmp_path / "reports" / "report.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark").enable("table").render(report)
    assert "<img" not in rendered and 'href="javascript:' not in rendered
    for name in names:  # shown as text, each of them
        assert name.replace("<", "&lt;").replace(">", "&gt;") in rendered.replace("\\|", "|")


def test_the_accuracy_gate_runs_from_any_working_directory(release: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = khobor("validate", release, "--report-dir", tmp_path / "r", cwd=elsewhere)
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    accuracy = next(c for c in report["checks"] if c["check"] == "accuracy.annotator")
    assert not accuracy["skipped"] and accuracy["passed"], accuracy
    assert run.code == 0


# --- what push uploads -----------------------------------------------------------------------


class FakeHub:
    """`HfApi` at its seam: keeps what an upload sends (the files of `folder_path` but the
    `ignore_patterns`, read as the client reads them, through links), or fails with a server
    text that echoes the request's Authorization header."""

    def __init__(self, fail_with: int | None = None) -> None:
        self.fail_with = fail_with
        self.uploaded: list[str] = []
        self.contents: dict[str, bytes] = {}

    def __call__(self, *args: Any, **kwargs: Any) -> FakeHub:  # huggingface_hub.HfApi()
        return self

    def create_repo(self, repo_id: str, **kwargs: Any) -> None:
        if self.fail_with:
            error = RuntimeError(
                f"{self.fail_with} Server Error for url https://huggingface.co/api/repos/create"
                f" (request headers: Authorization: Bearer {SECRET}; token={SECRET})"
            )
            error.response = SimpleNamespace(status_code=self.fail_with)  # type: ignore[attr-defined]
            raise error

    def list_repo_refs(self, repo_id: str, **kwargs: Any) -> Any:
        return SimpleNamespace(tags=[])

    def upload_folder(self, **kwargs: Any) -> Any:
        root = Path(kwargs["folder_path"])
        ignored = list(kwargs.get("ignore_patterns") or [])
        for path in sorted(root.rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and not any(fnmatch.fnmatch(name, p) for p in ignored):
                self.uploaded.append(name)
                self.contents[name] = path.read_bytes()
        return SimpleNamespace(oid="c0ffee", commit_url=None)

    def create_tag(self, repo_id: str, **kwargs: Any) -> None:
        return None


def push(release: Path, hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("HF_TOKEN", SECRET)
    monkeypatch.setattr(huggingface_hub, "HfApi", hub)
    args = ["push", "1.0.0", "--repo-id", "org/khobor", "--releases", str(release.parent)]
    return CliRunner().invoke(app, args)


def test_push_uploads_only_the_manifests_files_and_reports(
    release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the maintainer's private notes")
    (release / ".hf_token_backup").write_text(SECRET)
    (release / "quality" / "notes.txt").symlink_to(secret)
    hub = FakeHub()
    result = push(release, hub, monkeypatch)
    assert ".hf_token_backup" not in hub.uploaded
    assert not any(
        SECRET.encode() in body or b"private notes" in body for body in hub.contents.values()
    )
    assert result.exit_code in (1, 2) and hub.uploaded == [], result.output  # refused whole


def test_push_validates_what_it_uploads(release: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit_records(release)  # the manifest says 50 records: a gate fails
    hub = FakeHub()
    result = push(release, hub, monkeypatch)
    assert result.exit_code == 1 and hub.uploaded == [], result.output
    assert "stated_facts" in result.output


def test_push_uploads_exactly_a_valid_release(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = FakeHub()
    result = push(release, hub, monkeypatch)
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert sorted(hub.uploaded) == files


def test_a_server_text_echoing_the_token_is_never_printed(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = push(release, FakeHub(fail_with=500), monkeypatch)
    assert result.exit_code == 1
    assert SECRET not in result.output and "500 Server Error" in result.output


# --- what build and release let in -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://x.<img src=x onerror=alert(11)>.com/a",
        "https://x.a|b.com/a",
        "javascript://www.kalbela.com/%0Aalert(1)",
        "file://localhost/etc/passwd",
        '"https://www.kalbela.com/a\nb"',
        "https://www.kalbela.com/a\u202eb",
    ],
    ids=["markup-host", "pipe-host", "javascript", "file", "newline", "rtl-override"],
)
def test_a_bad_sources_url_is_an_error_naming_its_line(tmp_path: Path, url: str) -> None:
    raw = seed_pages(tmp_path / "raw")
    (raw / "sources.csv").write_text(f"source,url\n{SEEDS[0].name},{url}\n", encoding="utf-8")
    run = khobor("build", "--raw", raw, "--out", tmp_path / "out", "--releases", tmp_path / "r")
    run.assert_clean()
    assert run.code == 2 and "sources.csv: line 2" in run.stderr
    assert not (tmp_path / "out").exists()


def test_a_link_out_of_the_raw_folder_is_neither_followed_nor_hashed(tmp_path: Path) -> None:
    raw = seed_pages(tmp_path / "raw")
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.txt").write_bytes(SEEDS[1].read_bytes().replace("।".encode(), b"."))
    (raw / "more").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    run = khobor("build", "--raw", raw, "--out", out, "--releases", tmp_path / "r")
    assert run.code == 0, run.stderr[-2000:]
    quarantine = {
        entry["source"]: entry["quarantine_reason"]
        for entry in map(json.loads, (out / "quarantine.jsonl").read_text().splitlines())
    }
    assert quarantine.get("passwd.txt") == "symlink_outside_raw"
    assert quarantine.get("more") == "symlink_outside_raw"
    inputs = {row["source"]: row for row in pq.read_table(out / "inputs.parquet").to_pylist()}
    passwd = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    assert inputs["passwd.txt"]["sha256"] != passwd and inputs["passwd.txt"]["bytes"] == 0
    assert "more/page.txt" not in inputs


def test_a_huge_sparse_file_is_not_hashed(tmp_path: Path) -> None:
    raw = seed_pages(tmp_path / "raw")
    with (raw / "huge.txt").open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: over the 10 MB cap, never read
    out = tmp_path / "out"
    run = khobor("build", "--raw", raw, "--out", out, "--releases", tmp_path / "r")
    assert run.code == 0, run.stderr[-2000:]
    inputs = {row["source"]: row for row in pq.read_table(out / "inputs.parquet").to_pylist()}
    zeros = hashlib.sha256()
    for _ in range(64):
        zeros.update(bytes(1024 * 1024))
    assert inputs["huge.txt"]["sha256"] != zeros.hexdigest()


def test_release_into_the_raw_folder_through_a_link_is_refused(tmp_path: Path) -> None:
    raw = seed_pages(tmp_path / "raw")
    (tmp_path / "releases").symlink_to(raw, target_is_directory=True)
    run = khobor("release", "1.0.0", "--raw", raw, "--releases", tmp_path / "releases")
    run.assert_clean()
    assert run.code == 1 and "inside" in run.stderr
    assert not (raw / "1.0.0").exists()


def test_a_refused_releases_report_names_files_that_exist(tmp_path: Path) -> None:
    gates = tmp_path / "gates.toml"
    policy = (REPO / "validation" / "gates.toml").read_text(encoding="utf-8")
    gates.write_text(policy.replace("min_p05_chars = 200", "min_p05_chars = 1000000"))
    raw = seed_pages(tmp_path / "raw")
    run = khobor("release", "1.0.0", "--raw", raw, "--releases", tmp_path / "rel", "--gates", gates)
    run.assert_clean()
    assert run.code == 1 and "refused" in run.stderr
    report = Path(run.stderr.split("see ")[-1].strip())
    text = report.read_text(encoding="utf-8")
    named = text.split("HTML report: `")[1].split("`")[0]
    assert Path(named).is_file()
    assert not (tmp_path / "rel" / "1.0.0").exists()
