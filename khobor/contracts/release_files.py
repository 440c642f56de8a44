"""What a release folder may hold, and how khobor reads a file of it: nothing outside it.

A release is a folder anyone can edit, so a path its manifest names is data, not a place to
go: before any file is opened, every path is checked to be a relative path inside the release
(`member_problem`: no `..`, no absolute path, no empty or `.` part, no control character, no
backslash), the walk from the folder to it to hold no symbolic link (`member`), and the whole
folder to hold nothing but folders and regular files (`tree`): a symbolic link or a FIFO
anywhere is refused (`UnsafeRelease`, exit 2). A file is then opened with `O_NOFOLLOW`.

The release digest (`release_digest`) is one SHA-256 over every file of the folder (its path
and its own SHA-256, sorted by path), the signature file aside: the figure `khobor release`
prints, `khobor datasheet` records and `khobor validate --digest` checks.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path, PurePosixPath

from khobor.contracts.layout import MANIFEST, QUALITY_DIR, SIGNATURE

# Opening a release file: never through a symbolic link, never waiting on a FIFO.
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
# What a release may hold besides the files its manifest lists: the manifest itself (it cannot
# list itself), the signature made over the folder, and the gates' reports (written after it).
NOT_LISTED = (MANIFEST, SIGNATURE)
NOT_LISTED_DIRS = (QUALITY_DIR,)


class UnsafeRelease(Exception):
    """A release path that is not a plain relative path inside it, or a folder that holds a
    symbolic link or a special file; one line naming it."""


def member_problem(relative: object) -> str | None:
    """Why `relative` is not a plain relative path inside a release, or None.

    >>> member_problem("data/train-00000-of-00001.parquet") is None
    True
    >>> member_problem("../../outside/train.parquet")
    "a '..' part leaves the release"
    >>> member_problem("/etc/passwd")
    'an absolute path'
    """
    if not isinstance(relative, str) or not relative:
        return "not a non-empty string"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in relative):
        return "a control character"
    if "\\" in relative:
        return "a backslash"
    if relative.startswith("/"):
        return "an absolute path"
    parts = relative.split("/")
    if ".." in parts:
        return "a '..' part leaves the release"
    if any(part in ("", ".") for part in parts):
        return "an empty or '.' part"
    return None


def member(folder: Path, relative: object) -> Path:
    """`folder / relative` after checking the name (`member_problem`) and that no part of the
    walk to it is a symbolic link; `UnsafeRelease` otherwise. It may not exist."""
    problem = member_problem(relative)
    if problem is not None:
        raise UnsafeRelease(f"{folder}: the path {relative!a} is refused: {problem}")
    assert isinstance(relative, str)
    path = folder
    for part in PurePosixPath(relative).parts:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            break  # missing: whoever reads it says so
        if stat.S_ISLNK(mode):
            raise UnsafeRelease(f"{path}: a symbolic link in the release; it is never followed")
    return folder / relative


def open_member(folder: Path, relative: str) -> int:
    """A file descriptor of a regular file of the release, opened without following a link."""
    fd = os.open(member(folder, relative), _OPEN_FLAGS)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafeRelease(f"{folder / relative}: not a regular file")
    return fd


def member_sha256(folder: Path, relative: str) -> str:
    """SHA-256 of a release file (`open_member`)."""
    with os.fdopen(open_member(folder, relative), "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def tree(folder: Path) -> list[str]:
    """Every file of the release (relative posix paths, sorted); `UnsafeRelease` for a
    symbolic link, a FIFO, a device or a socket anywhere in it (never followed, never read)."""
    found: list[str] = []
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            entries = sorted(os.scandir(folder / prefix), key=lambda entry: entry.name)
        except OSError as error:
            raise UnsafeRelease(f"{folder / prefix}: cannot list it ({error.strerror})") from None
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                raise UnsafeRelease(
                    f"{folder / relative}: a symbolic link in the release; it is never followed"
                )
            if stat.S_ISDIR(mode):
                pending.append(relative + "/")
            elif stat.S_ISREG(mode):
                found.append(relative)
            else:
                raise UnsafeRelease(f"{folder / relative}: not a regular file or a folder")
    return sorted(found)


def unlisted(files: list[str], listed: set[str]) -> list[str]:
    """The files of `tree` that the manifest does not list and that are not the manifest, the
    signature or a quality report: hidden ones too."""
    return [
        name
        for name in files
        if name not in listed
        and name not in NOT_LISTED
        and name.split("/", 1)[0] not in NOT_LISTED_DIRS
    ]


def release_digest(folder: Path) -> str:
    """`sha256:<hex>`: one SHA-256 over every file of the release but the signature, as
    `path NUL sha256 LF` lines in path order (`tree` refuses links and special files)."""
    digest = hashlib.sha256()
    for name in tree(folder):
        if name != SIGNATURE:
            digest.update(f"{name}\0{member_sha256(folder, name)}\n".encode())
    return f"sha256:{digest.hexdigest()}"


def copy_release(
    folder: Path, dest: Path, listed: dict[str, str], skip: tuple[str, ...] = ()
) -> list[str]:
    """Copy exactly the release into `dest` (an empty folder): the files the manifest lists
    (`listed`: path → SHA-256, checked while copying), the manifest, the signature and the
    quality reports (not those matching a `skip` pattern); nothing else, never through a
    link. Returns the listed files whose bytes differ from their SHA-256, or that are missing
    (copied as they are, for the gates to name)."""
    import fnmatch

    problems = []
    present = tree(folder)
    wanted = sorted(
        set(listed) | {name for name in present if name not in unlisted(present, set(listed))}
    )
    for name in wanted:
        if any(fnmatch.fnmatch(name, pattern) for pattern in skip):
            continue
        if name not in present:
            problems.append(f"{name}: missing")
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with os.fdopen(open_member(folder, name), "rb") as source, target.open("xb") as out:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        if name in listed and digest.hexdigest() != listed[name]:
            problems.append(f"{name}: SHA-256 differs from the manifest")
    return problems
