"""Folder swaps that a crash cannot half-do, temporary folders a killed run leaves, and the
lock that lets one process at a time publish into a folder.

Linux gives `renameat2(2)`: `RENAME_NOREPLACE` fails when the target exists (a version is
published once, even if two processes race past every check), `RENAME_EXCHANGE` swaps two
folders in one step (the previous working build is never missing). Elsewhere the same calls
fall back to plain renames, done under the folder lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

PARTIAL_PREFIX = ".partial-"
# `.partial-<name>-<pid>-<random>`: a temporary folder next to <name>, owned by process <pid>.
_PARTIAL = re.compile(r"^\.partial-(?P<name>.+)-(?P<pid>\d+)-[^-]+$")
# Inside a partial folder: where the target's previous content waits while it is swapped out.
PREVIOUS = "previous"


class LockHeld(Exception):
    """Another process holds the folder lock."""


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _renameat2() -> Any:
    try:
        return _libc().renameat2
    except (OSError, AttributeError):
        return None


def _rename2(source: Path, target: Path, flags: int) -> bool:
    """renameat2(source, target, flags); False when the system does not offer it."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # old kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(target))


def rename_no_replace(source: Path, target: Path) -> None:
    """Rename `source` to `target`; FileExistsError when `target` exists, even if it appeared
    a moment ago (atomic on Linux; elsewhere checked first, so call it under `folder_lock`)."""
    if _rename2(source, target, _RENAME_NOREPLACE):
        return
    if target.exists() or target.is_symlink():
        raise FileExistsError(errno.EEXIST, "exists", str(target))
    source.rename(target)


def swap_in(new: Path, target: Path, parking: Path) -> Path | None:
    """Put folder `new` at `target`. The previous `target` (if any) ends at `parking` and is
    returned. With `RENAME_EXCHANGE` there is no moment without a `target`; without it, the
    previous one waits at `parking` (inside a partial folder, where `sweep_partials` puts it
    back if the process dies between the two renames)."""
    if not (target.exists() or target.is_symlink()):
        rename_no_replace(new, target)
        return None
    if _rename2(new, target, _RENAME_EXCHANGE):
        new.rename(parking)
        return parking
    target.rename(parking)
    new.rename(target)
    return parking


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def partial_dir(target: Path) -> Path:
    """A fresh temporary folder next to `target` (same file system, so renames are atomic),
    named after `target` and this process, so a later run can sweep it when this one dies."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(
        tempfile.mkdtemp(prefix=f"{PARTIAL_PREFIX}{target.name}-{os.getpid()}-", dir=target.parent)
    )


def stale_partials(parent: Path, name: str | None = None) -> Iterator[Path]:
    """Partial folders in `parent` (for target `name`, or any) whose process is gone."""
    try:
        entries = sorted(parent.iterdir())
    except OSError:
        return
    for path in entries:
        match = _PARTIAL.match(path.name)
        if not match or (name is not None and match["name"] != name):
            continue
        if path.is_dir() and not path.is_symlink() and not pid_alive(int(match["pid"])):
            yield path


def sweep_partials(parent: Path, name: str | None = None) -> list[Path]:
    """Remove the partial folders of dead processes; first put back a previous target that a
    process was swapping out when it died (so a killed swap never loses it)."""
    removed = []
    for path in stale_partials(parent, name):
        match = _PARTIAL.match(path.name)
        assert match is not None
        target = parent / match["name"]
        previous = path / PREVIOUS
        if previous.is_dir() and not (target.exists() or target.is_symlink()):
            previous.rename(target)
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


@contextmanager
def folder_lock(folder: Path, what: str) -> Iterator[None]:
    """Hold an exclusive `flock(2)` on `folder` itself (no lock file to leave behind); raise
    `LockHeld` at once when another process holds it. The kernel drops the lock when its
    process dies, so a killed run never leaves it held."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeld(f"{folder}: {what} by another khobor process") from None
        yield
    finally:
        os.close(fd)


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """In a worker process: ask the kernel to SIGKILL it when its parent dies (Linux
    `prctl(PR_SET_PDEATHSIG)`), so a killed `khobor build` leaves no worker behind; exit at once
    if the parent died before the request was made. SIGINT is left to the parent
    (`khobor.system.interrupts.in_worker`)."""
    import signal

    from khobor.system.interrupts import in_worker

    in_worker()
    # Not Linux: no such call; the workers then notice the closed pipe instead.
    with contextlib.suppress(OSError, AttributeError):
        _libc().prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def kill_pool(pool: Any, processes: list[Any], threads: list[Any] | None = None) -> None:
    """Stop a `ProcessPoolExecutor` now: its `processes` killed and reaped (its queued work
    fails as broken), and its manager thread (`threads`: as found before a `shutdown` forgot
    it) ended before this returns, so that nothing of it is left for the interpreter's exit to
    wait on
    or race with (Python 3.11's exit writes to the manager's wake-up pipe while the manager
    closes it: `OSError: Bad file descriptor`). A worker killed while sending its result
    leaves half a message in the result pipe, which the manager would wait on forever: the
    pool's own end of that pipe is closed, so the manager reads its end instead."""
    found = [getattr(pool, "_executor_manager_thread", None), *(threads or [])]
    results = getattr(pool, "_result_queue", None)
    # not `cancel_futures`: the manager then fails the pending work as broken, and in 3.11
    # failing a cancelled future raises in its thread (a traceback on stderr)
    pool.shutdown(wait=False)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(timeout=KILL_WAIT_SECONDS)
    writer = getattr(results, "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()
    for thread in {t for t in found if t is not None}:
        thread.join(timeout=KILL_WAIT_SECONDS)


# How long a killed worker, or a pool's manager thread, may take to end (they end at once;
# this only bounds a machine too loaded to run them).
KILL_WAIT_SECONDS = 30
