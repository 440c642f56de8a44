"""The Hugging Face Hub boundary: push a release folder, pull one back.

`push_release` talks to an `HfApi`-like object (`create_repo`, `upload_folder`, `create_tag`)
and `pull_release` to a `snapshot_download`-like function; both are injectable, so tests use
a recorded fake and never the network. Tokens come from huggingface_hub's usual sources
(`HF_TOKEN`, `hf auth login`); khobor never reads, prints or logs them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from khobor.layout import MANIFEST, sha256_file


class HubError(Exception):
    """A Hub operation failed; the message is one line and never holds a token."""


class HubApi(Protocol):
    def create_repo(self, repo_id: str, **kwargs: Any) -> Any: ...

    def upload_folder(self, **kwargs: Any) -> Any: ...

    def create_tag(self, repo_id: str, **kwargs: Any) -> Any: ...

    def list_repo_refs(self, repo_id: str, **kwargs: Any) -> Any: ...


Downloader = Callable[..., str]

# What a push replaces on the Hub: the data files (a new release may have other shard names)
# and the quality reports (this release's only; reports never pile up).
REPLACED_ON_PUSH = ["data/*", "quality/**"]
# What a push leaves out: the timestamped Great Expectations Data Docs folders that releases
# written before khobor's own HTML report carry (1.0.0's `quality/data_docs/`).
NOT_PUSHED = ["quality/data_docs/**", ".partial-*", ".partial-*/**"]


@dataclass(frozen=True)
class PushResult:
    repo_id: str
    tag: str
    commit: str | None
    url: str | None


def tag_for(version: str) -> str:
    """The Hub tag of a release version.

    >>> tag_for("1.0.0")
    'v1.0.0'
    """
    return f"v{version}"


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:300] or type(error).__name__


def _hub_failure(action: str, error: BaseException) -> HubError:
    status = getattr(getattr(error, "response", None), "status_code", None)
    hint = {
        401: "not authenticated: run `hf auth login` or set HF_TOKEN",
        403: "not allowed: the token cannot write to this repository",
        404: "not found: check the repository id and the revision",
        409: "conflict with the repository's current state (tag or commit exists)",
    }.get(status or 0)
    return HubError(f"{action}: {hint or _one_line(error)}")


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise HubError(f"{folder / MANIFEST}: not a khobor release ({err})") from None
    return data


def verify_release(folder: Path) -> list[str]:
    """Files whose SHA-256 or presence disagrees with the manifest (empty when intact)."""
    problems = []
    for entry in read_manifest(folder).get("files", []):
        path = folder / entry["path"]
        if not path.is_file():
            problems.append(f"{entry['path']}: missing")
        elif sha256_file(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: SHA-256 differs from the manifest")
    return problems


def missing_token_message() -> str | None:
    """Why a push cannot authenticate, before any network call: None when huggingface_hub
    finds a token (`HF_TOKEN`, `hf auth login`), else what to do. The token is never read
    into khobor beyond this check, nor printed."""
    from huggingface_hub import get_token

    if get_token():
        return None
    return "no Hugging Face token: set HF_TOKEN or run `hf auth login`; nothing uploaded"


def push_release(
    folder: Path,
    repo_id: str,
    *,
    api: HubApi | None = None,
    private: bool | None = None,
) -> PushResult:
    """Upload a release folder to the dataset repo `repo_id` and tag it `vVERSION`.

    The upload is one commit; it replaces everything under `data/` and `quality/`
    (`REPLACED_ON_PUSH`) and leaves out `NOT_PUSHED`; the tag points at that commit.
    """
    manifest = read_manifest(folder)
    problems = verify_release(folder)
    if problems:
        raise HubError(f"{folder}: refusing to push a damaged release: {problems[0]}")
    version = str(manifest["version"])
    tag = tag_for(version)
    if api is None:
        from huggingface_hub import HfApi

        api = cast(HubApi, HfApi())
    try:
        api.create_repo(repo_id, repo_type="dataset", exist_ok=True, private=private)
    except Exception as err:  # the Hub client raises many kinds; report one line
        raise _hub_failure(f"create {repo_id}", err) from None
    try:
        tags = {ref.name for ref in api.list_repo_refs(repo_id, repo_type="dataset").tags}
    except Exception as err:
        raise _hub_failure(f"list the tags of {repo_id}", err) from None
    if tag in tags:
        raise HubError(
            f"{repo_id} has tag {tag} already: release {version} was pushed before and a "
            "release never changes; nothing uploaded"
        )
    try:
        commit = api.upload_folder(
            repo_id=repo_id,
            repo_type="dataset",
            folder_path=str(folder),
            commit_message=f"khobor release {version}",
            delete_patterns=list(REPLACED_ON_PUSH),
            ignore_patterns=list(NOT_PUSHED),
        )
    except Exception as err:
        raise _hub_failure(f"upload {folder} to {repo_id}", err) from None
    oid = getattr(commit, "oid", None)
    try:
        api.create_tag(repo_id, tag=tag, repo_type="dataset", revision=oid)
    except Exception as err:
        raise _hub_failure(f"tag {repo_id} {tag}", err) from None
    return PushResult(repo_id, tag, oid, getattr(commit, "commit_url", None))


def pull_release(
    repo_id: str,
    revision: str,
    dest: Path,
    *,
    download: Downloader | None = None,
) -> Path:
    """Download revision `revision` of the dataset repo into `dest` and check it against its
    manifest."""
    if download is None:
        from huggingface_hub import snapshot_download

        download = snapshot_download
    try:
        path = Path(download(repo_id, repo_type="dataset", revision=revision, local_dir=str(dest)))
    except Exception as err:
        raise _hub_failure(f"download {repo_id}@{revision}", err) from None
    problems = verify_release(path)
    if problems:
        raise HubError(f"{repo_id}@{revision}: downloaded release is damaged: {problems[0]}")
    return path
