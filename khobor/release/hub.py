"""The Hugging Face Hub boundary: push a release folder, pull one back.

`push_release` talks to an `HfApi`-like object (`create_repo`, `upload_folder`, `create_tag`)
and `pull_release` to a `snapshot_download`-like function; both are injectable, so tests use
a recorded fake and never the network. Tokens come from huggingface_hub's usual sources
(`HF_TOKEN`, `hf auth login`); khobor never reads, prints or logs them, and a server's text is
shown only with anything that looks like a credential removed (`redacted`).

A push uploads exactly the release its validation passed: the files its manifest lists (their
SHA-256 checked as they are copied), the manifest, the signature and the quality reports,
copied into a staging folder without following a link; nothing else in the folder goes up. A
pull keeps exactly the same of what it downloads (a Hub repository also holds
`.gitattributes`, and the download its cache folder).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from khobor.contracts.layout import MANIFEST
from khobor.contracts.release_files import UnsafeRelease, copy_release, member, member_problem

if TYPE_CHECKING:
    from khobor.gates.core import Validation


class HubError(Exception):
    """A Hub operation failed or was refused (exit 1); the message is one line and never
    holds a token."""


class HubUnreachable(Exception):
    """The Hub did not give the revision asked for (no network, no such repository or
    revision): input that cannot be read, exit 2 for `pull` and `validate ORG/NAME@REV` alike
    (docs/contracts.md, exit codes). Not a `HubError`, whose refusals are exit 1."""


class HubApi(Protocol):
    def create_repo(self, repo_id: str, **kwargs: Any) -> Any: ...

    def upload_folder(self, **kwargs: Any) -> Any: ...

    def create_tag(self, repo_id: str, **kwargs: Any) -> Any: ...

    def list_repo_refs(self, repo_id: str, **kwargs: Any) -> Any: ...


Downloader = Callable[..., str]

# What a push replaces on the Hub: the data files (a new release may have other shard names)
# and the quality reports (this release's only; reports never pile up).
REPLACED_ON_PUSH = ["data/*", "quality/**"]
# What a push leaves out of a release: the timestamped Great Expectations Data Docs folders that
# releases written before khobor's own HTML report carry (1.0.0's `quality/data_docs/`).
NOT_PUSHED = ("quality/data_docs/*",)


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


# What a credential looks like in a server's text: a Hugging Face token, an Authorization
# header or a bearer token, a `token=`/`password:`-style pair. Removed before anything is shown.
_CREDENTIALS = (
    re.compile(r"hf_[A-Za-z0-9]{6,}"),
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"),
    re.compile(
        r"(?i)\b(authorization|x-api-key|api[_-]?key|access[_-]?token|token|password|secret|"
        r"cookie|set-cookie)(['\"]?\s*[:=]\s*)(['\"]?)[^\s'\",;&]+"
    ),
)
MAX_SERVER_TEXT = 300


def redacted(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` without anything that looks like a credential, nor any of `secrets`.

    >>> redacted("401: echo Authorization: Bearer hf_abcdefgh123 token=xyz")
    '401: echo Authorization: [redacted] [redacted] token=[redacted]'
    """
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    text = _CREDENTIALS[0].sub("[redacted]", text)
    text = _CREDENTIALS[2].sub(lambda m: f"{m[1]}{m[2]}[redacted]", text)
    return _CREDENTIALS[1].sub("[redacted]", text)


def _known_token() -> str:
    try:
        from huggingface_hub import get_token

        return get_token() or ""
    except Exception:  # no token store, or an old huggingface_hub
        return ""


def _one_line(error: BaseException) -> str:
    text = redacted(" ".join(str(error).split()), (_known_token(),))
    return text[:MAX_SERVER_TEXT] or type(error).__name__


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
        data = json.loads(member(folder, MANIFEST).read_text(encoding="utf-8"))
    except UnsafeRelease as err:
        raise HubError(str(err)) from None
    except (OSError, ValueError) as err:
        raise HubError(f"{folder / MANIFEST}: not a khobor release ({err})") from None
    if not isinstance(data, dict):
        raise HubError(f"{folder / MANIFEST}: not a khobor release (not a JSON object)")
    return data


def listed_files(folder: Path) -> dict[str, str]:
    """`path -> SHA-256` of the files the manifest lists, each a plain path inside the
    release (`HubError` otherwise: nothing it names is opened before this)."""
    listed: dict[str, str] = {}
    for entry in read_manifest(folder).get("files", []):
        path = entry.get("path") if isinstance(entry, dict) else None
        problem = member_problem(path)
        if problem is not None:
            raise HubError(f"{folder / MANIFEST}: the path {path!a} is refused: {problem}")
        listed[str(path)] = str(entry.get("sha256"))
    return listed


def verify_release(folder: Path) -> list[str]:
    """Files whose SHA-256 or presence disagrees with the manifest, and files it does not
    list (empty when intact); `HubError` for a path outside the release or a link in it."""
    from khobor.contracts.release_files import member_sha256, tree, unlisted

    listed = listed_files(folder)
    try:
        present = tree(folder)
        problems = [
            f"{path}: missing"
            if path not in present
            else f"{path}: SHA-256 differs from the manifest"
            for path, sha in listed.items()
            if path not in present or member_sha256(folder, path) != sha
        ]
    except UnsafeRelease as err:
        raise HubError(str(err)) from None
    return problems + [f"{name}: not in the manifest" for name in unlisted(present, set(listed))]


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
    validation: Validation,
    api: HubApi | None = None,
    private: bool | None = None,
) -> PushResult:
    """Upload the release folder that `validation` passed to the dataset repo `repo_id` and tag
    it `vVERSION`.

    Exactly the release goes up (see the module docstring), from a staging copy; the upload
    is one commit, it replaces everything under `data/` and `quality/` (`REPLACED_ON_PUSH`)
    and leaves out `NOT_PUSHED`; the tag points at that commit.
    """
    if Path(validation.release).resolve() != folder.resolve():
        raise HubError(f"{folder}: refusing to push a release that was not the one validated")
    if not validation.passed:
        failed = ", ".join(result.check for result in validation.blocking())
        raise HubError(f"{folder}: refusing to push: gates failed: {failed}; nothing uploaded")
    version = str(read_manifest(folder)["version"])
    tag = tag_for(version)
    if api is None:
        from huggingface_hub import HfApi

        api = cast(HubApi, HfApi())
    with tempfile.TemporaryDirectory(prefix="khobor-push-") as staging:
        try:
            problems = copy_release(folder, Path(staging), listed_files(folder), NOT_PUSHED)
        except UnsafeRelease as err:
            raise HubError(f"refusing to push: {err}") from None
        if problems:  # changed since it was validated
            raise HubError(f"{folder}: refusing to push a damaged release: {problems[0]}")
        return _upload(api, Path(staging), folder, repo_id, version, tag, private)


def _upload(
    api: HubApi,
    staging: Path,
    folder: Path,
    repo_id: str,
    version: str,
    tag: str,
    private: bool | None,
) -> PushResult:
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
            folder_path=str(staging),
            commit_message=f"khobor release {version}",
            delete_patterns=list(REPLACED_ON_PUSH),
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
    """Download revision `revision` of the dataset repo and keep exactly its release in `dest`
    (new or empty), checked against its manifest. A damaged download is still kept (the
    gates then name its files) and `HubError` says so."""
    if download is None:
        from huggingface_hub import snapshot_download

        download = snapshot_download
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise HubError(f"{dest}: the destination must be a new or empty folder")
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".khobor-pull-", dir=dest.parent) as holder:
        staging = str(Path(holder) / "download")  # new: what a download may expect
        try:
            got = Path(download(repo_id, repo_type="dataset", revision=revision, local_dir=staging))
        except Exception as err:
            raise HubUnreachable(str(_hub_failure(f"download {repo_id}@{revision}", err))) from None
        try:
            problems = copy_release(got, dest, listed_files(got))
        except UnsafeRelease as err:
            shutil.rmtree(dest, ignore_errors=True)
            raise HubError(f"{repo_id}@{revision}: {err}") from None
    if problems:
        raise HubError(f"{repo_id}@{revision}: downloaded release is damaged: {problems[0]}")
    return dest
