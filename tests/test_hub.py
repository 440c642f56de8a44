"""The Hub boundary, against a recorded fake at the `HfApi` seam (never the network).

Exercised only live (not here): authentication with a real token, the Hub's handling of the
upload (LFS, commit), the tag on the Hub, and `snapshot_download` itself.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import huggingface_hub
import pytest
from release_pages import copy_seeds
from typer.testing import CliRunner

from khobor.cli.commands import app
from khobor.contracts.policy import Policy
from khobor.release.hub import HubError, pull_release, push_release
from khobor.release.validate import validate_release
from khobor.release.write import release

SECRET = "hf_THIS_TOKEN_MUST_NEVER_BE_PRINTED"


@dataclass
class FakeHfApi:
    """Records every call; keeps uploaded folders in memory like a tiny Hub."""

    store: dict[str, dict[str, Path]]
    fail_with: int | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _maybe_fail(self) -> None:
        if self.fail_with is not None:
            error = RuntimeError(f"HTTP {self.fail_with} for url https://huggingface.co/api")
            error.response = SimpleNamespace(status_code=self.fail_with)  # type: ignore[attr-defined]
            raise error

    def create_repo(self, repo_id: str, **kwargs: Any) -> str:
        self.calls.append(("create_repo", {"repo_id": repo_id, **kwargs}))
        self._maybe_fail()
        return f"https://huggingface.co/datasets/{repo_id}"

    def list_repo_refs(self, repo_id: str, **kwargs: Any) -> Any:
        self.calls.append(("list_repo_refs", {"repo_id": repo_id, **kwargs}))
        return SimpleNamespace(tags=[SimpleNamespace(name=t) for t in self.tags])

    def upload_folder(self, **kwargs: Any) -> Any:
        self.calls.append(("upload_folder", kwargs))
        # the Hub keeps what was uploaded, not the folder it came from
        snapshot = Path(tempfile.mkdtemp(prefix="fake-hub-"))
        shutil.copytree(kwargs["folder_path"], snapshot, dirs_exist_ok=True)
        self.uploaded = sorted(
            p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()
        )
        self.store.setdefault(kwargs["repo_id"], {})["main"] = snapshot
        return SimpleNamespace(oid="c0ffee", commit_url="https://huggingface.co/c0ffee")

    def create_tag(self, repo_id: str, **kwargs: Any) -> None:
        self.calls.append(("create_tag", {"repo_id": repo_id, **kwargs}))
        self.store[repo_id][kwargs["tag"]] = self.store[repo_id]["main"]


def fake_download(store: dict[str, dict[str, Path]]) -> Any:
    def download(repo_id: str, *, repo_type: str, revision: str, local_dir: str) -> str:
        assert repo_type == "dataset"
        shutil.copytree(store[repo_id][revision], local_dir)
        return local_dir

    return download


@pytest.fixture
def released(tmp_path: Path) -> Path:
    report = release(
        "1.0.0", raw=copy_seeds(tmp_path / "raw"), releases=tmp_path / "rel", policy=Policy()
    )
    return report.path


def push(folder: Path, api: FakeHfApi) -> Any:
    """`push_release` after the release's validation, as `khobor push` runs it."""
    return push_release(folder, "org/khobor", validation=validate_release(folder), api=api)


def test_push_creates_uploads_and_tags(released: Path) -> None:
    api = FakeHfApi(store={})
    result = push(released, api)
    names = [name for name, _ in api.calls]
    assert names == ["create_repo", "list_repo_refs", "upload_folder", "create_tag"]
    create = api.calls[0][1]
    assert create["repo_type"] == "dataset" and create["exist_ok"] is True
    upload = api.calls[2][1]
    assert upload["repo_type"] == "dataset"
    assert upload["delete_patterns"] == ["data/*", "quality/**"]
    files = sorted(p.relative_to(released).as_posix() for p in released.rglob("*") if p.is_file())
    assert api.uploaded == files  # exactly the release: nothing less, nothing more
    tag = api.calls[3][1]
    assert tag == {
        "repo_id": "org/khobor",
        "tag": "v1.0.0",
        "repo_type": "dataset",
        "revision": "c0ffee",
    }
    assert result.tag == "v1.0.0" and result.commit == "c0ffee"


def test_push_refuses_an_existing_tag_and_a_damaged_folder(released: Path) -> None:
    api = FakeHfApi(store={}, tags=("v1.0.0",))
    with pytest.raises(HubError, match="pushed before"):
        push(released, api)
    assert "upload_folder" not in [name for name, _ in api.calls]
    validation = validate_release(released)
    (released / "README.md").write_text("edited")  # after its validation
    api = FakeHfApi(store={})
    with pytest.raises(HubError, match="damaged"):
        push_release(released, "org/khobor", validation=validation, api=api)
    with pytest.raises(HubError, match=r"gates failed: dataset\.manifest_checksums"):
        push(released, api)
    assert api.calls == []


def test_pull_downloads_the_tag_and_verifies_it(released: Path, tmp_path: Path) -> None:
    store: dict[str, dict[str, Path]] = {}
    push(released, FakeHfApi(store=store))
    dest = pull_release("org/khobor", "v1.0.0", tmp_path / "pulled", download=fake_download(store))
    assert (dest / "manifest.json").read_bytes() == (released / "manifest.json").read_bytes()
    broken = tmp_path / "broken"
    shutil.copytree(released, broken)
    next(broken.glob("data/*.parquet")).write_bytes(b"not parquet")
    store["org/khobor"]["v9"] = broken
    with pytest.raises(HubError, match="damaged"):
        pull_release("org/khobor", "v9", tmp_path / "p2", download=fake_download(store))


def test_cli_push_uses_the_hfapi_seam_and_never_prints_the_token(
    released: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", SECRET)
    apis: list[FakeHfApi] = []

    def make_api(*args: Any, **kwargs: Any) -> FakeHfApi:
        apis.append(FakeHfApi(store={}, fail_with=401))
        return apis[-1]

    monkeypatch.setattr(huggingface_hub, "HfApi", make_api)
    releases = released.parent
    result = CliRunner().invoke(
        app, ["push", "1.0.0", "--repo-id", "org/khobor", "--releases", str(releases)]
    )
    assert result.exit_code == 1
    assert "hf auth login" in result.output and SECRET not in result.output
    assert len(result.output.strip().splitlines()) == 1

    def working_api(*args: Any, **kwargs: Any) -> FakeHfApi:
        apis.append(FakeHfApi(store={}))
        return apis[-1]

    monkeypatch.setattr(huggingface_hub, "HfApi", working_api)
    result = CliRunner().invoke(
        app, ["push", "1.0.0", "--repo-id", "org/khobor", "--releases", str(releases)]
    )
    assert result.exit_code == 0, result.output
    assert "tag v1.0.0" in result.output and SECRET not in result.output


def test_cli_pull_uses_snapshot_download(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store: dict[str, dict[str, Path]] = {}
    push(released, FakeHfApi(store=store))
    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_download(store))
    dest = tmp_path / "dest"
    result = CliRunner().invoke(app, ["pull", "org/khobor", str(dest), "--revision", "v1.0.0"])
    assert result.exit_code == 0, result.output
    assert (dest / "README.md").is_file()


def test_cli_push_missing_release_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["push", "9.9.9", "--repo-id", "o/n", "--releases", str(tmp_path)]
    )
    assert result.exit_code == 2 and "no such release" in result.output


def test_cli_push_without_a_token_says_so_before_any_network_call(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # no stored login either
    monkeypatch.setenv("HF_TOKEN_PATH", str(tmp_path / "hf-home" / "token"))
    monkeypatch.setenv("HF_STORED_TOKENS_PATH", str(tmp_path / "hf-home" / "stored_tokens"))
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "no-token"))
    monkeypatch.setattr(
        huggingface_hub.constants, "HF_STORED_TOKENS_PATH", str(tmp_path / "no-tokens")
    )
    assert huggingface_hub.get_token() is None

    def no_network(*args: Any, **kwargs: Any) -> FakeHfApi:
        raise AssertionError("HfApi built without a token")

    monkeypatch.setattr(huggingface_hub, "HfApi", no_network)
    result = CliRunner().invoke(
        app, ["push", "1.0.0", "--repo-id", "org/khobor", "--releases", str(released.parent)]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "khobor: no Hugging Face token: set HF_TOKEN or run `hf auth login`; nothing uploaded"
    ]


def test_push_leaves_out_timestamped_report_folders_and_replaces_reports(
    released: Path, tmp_path: Path
) -> None:
    """Releases written before khobor's own HTML report (the committed 1.0.0) carry Great
    Expectations Data Docs under timestamped folders: a push leaves them out, and replaces
    the Hub's `quality/` instead of adding to it."""
    old = tmp_path / "1.0.0"
    shutil.copytree(Path(__file__).resolve().parents[1] / "dataset" / "releases" / "1.0.0", old)
    api = FakeHfApi(store={})
    push(old, api)
    upload = next(kwargs for name, kwargs in api.calls if name == "upload_folder")
    assert upload["delete_patterns"] == ["data/*", "quality/**"]
    stamped = [p for p in old.rglob("*") if p.is_file() and "/validations/" in p.as_posix()]
    assert stamped and not [name for name in api.uploaded if "/validations/" in name]
    assert "quality/report.md" in api.uploaded
    assert "data/train-00000-of-00001.parquet" in api.uploaded


def test_an_unreachable_hub_is_exit_2_for_pull_and_validate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No network is input that cannot be read (exit 2), whichever command asked."""

    def offline(*args: Any, **kwargs: Any) -> str:
        raise ConnectionError("Failed to resolve 'huggingface.co'")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", offline)
    pulled = CliRunner().invoke(
        app, ["pull", "org/khobor", str(tmp_path / "d"), "--revision", "v1.0.0"]
    )
    validated = CliRunner().invoke(
        app, ["validate", "org/khobor@v1.0.0", "--report-dir", str(tmp_path / "q")]
    )
    assert (pulled.exit_code, validated.exit_code) == (2, 2), pulled.output + validated.output
    assert "huggingface.co" in pulled.output and "huggingface.co" in validated.output
