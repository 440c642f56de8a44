"""SIGINT and SIGTERM: never lost, never a hang, never a half-published folder.

The command line installs the handler first (`install_for_command`, from `khobor.__main__`
before anything heavy is imported, and `khobor.cli.errors.GuardedTyper`); until the command
reports its outcome (`hold`), the first signal raises `Interrupted` wherever the command is,
as Ctrl-C would. A signal ignored when khobor starts (a shell's background job) stays ignored.

A build or a release has a commit point: the rename that publishes its folder. Inside the run
(`stoppable`) and before that point, the first signal stops it: `Interrupted` unwinds, the
worker processes are stopped and the temporary folder removed, and the command exits 128 + N
(130 for SIGINT, 143 for SIGTERM) saying that nothing was published. From the commit point on
(`committing`), a signal no longer stops anything (a publish is never half done): it is
recorded, and the command still ends with 128 + N, saying that what it published is complete.

An `Interrupted` raised at a bad moment can be swallowed on its way (inside a finaliser, where
Python only prints "Exception ignored"); the record cannot be: `committing` looks at it before
publishing and `finish` before the process exits, so a signal is never lost.

Worker processes ignore SIGINT (a terminal's Ctrl-C reaches the whole process group): the
parent stops them (`khobor.system.atomic.kill_pool`), or the kernel kills them when it dies
(`khobor.system.atomic.die_with_parent`). Calls into a pool's machinery run with the signals
`deferred`, so a stop never leaves one of its locks held.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from enum import Enum
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):  # a stop, like KeyboardInterrupt: not an Exception
    """A SIGINT or SIGTERM stopped the command (before a run's commit point: nothing
    published)."""

    def __init__(self, signum: int) -> None:
        self.signum = signal.Signals(signum)
        super().__init__(f"interrupted by {self.signum.name}")

    @property
    def exit_code(self) -> int:
        return 128 + int(self.signum)


class Phase(Enum):
    """What a signal does now."""

    STOP = "stop"  # record it and raise `Interrupted` (the first signal only)
    RECORD = "record"  # record it only: past a commit point, or reporting the outcome


class _State:
    def __init__(self) -> None:
        self.owner = 0  # the process the handler belongs to (forked workers inherit it)
        self.received: signal.Signals | None = None
        self.phase = Phase.RECORD
        self.run = False  # a build or release started (`stoppable`)
        self.published: str | None = None  # what the run published, for the last message
        self.persistent = False  # installed by the command line for the whole process


_state = _State()


def _handler(signum: int, frame: object) -> None:
    if os.getpid() != _state.owner:  # a forked process inherited it: die as the signal says
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    first = _state.received is None
    if first:
        _state.received = signal.Signals(signum)
    if first and _state.phase is Phase.STOP:
        raise Interrupted(signum)


def _install() -> dict[int, Any] | None:
    """Install the handler for both signals; their previous handlers, or None when this is not
    the main thread (signals are then left alone). A signal ignored when khobor starts stays
    ignored: its caller chose so (a shell's background job ignores SIGINT)."""
    try:
        previous = {int(sig): signal.getsignal(sig) for sig in SIGNALS}
        for sig in SIGNALS:
            if previous[int(sig)] is not signal.SIG_IGN:
                signal.signal(sig, _handler)
    except ValueError:
        return None
    _state.owner = os.getpid()
    _state.received = None
    _state.phase = Phase.RECORD
    _state.run = False
    _state.published = None
    return previous


def install_for_command() -> None:
    """The command line's first step: the handler stays for the whole process, a signal stops
    the command at once until `hold`, and `finish` decides the exit status."""
    if _state.persistent and _ours():  # installed already (`khobor.__main__`): keep the record
        _state.phase = Phase.STOP
        return
    if _install() is not None:
        _state.persistent = True
        _state.phase = Phase.STOP


def hold() -> None:
    """From here a signal is only recorded (the command is reporting its outcome)."""
    _state.phase = Phase.RECORD


def _ours() -> bool:
    return _state.owner == os.getpid()


@contextmanager
def stoppable() -> Iterator[None]:
    """A build or release runs inside: a signal before `committing` raises `Interrupted`.
    Used as a library (the command line did not install the handler), the previous handlers
    come back at the end, and a signal that did not stop the run is delivered to them then."""
    if _state.persistent and _ours():
        _state.phase, _state.run = Phase.STOP, True
        try:
            yield
        finally:
            _state.phase = Phase.RECORD  # the command's own code after the run only records
        return
    previous = _install()
    if previous is None:
        yield
        return
    _state.phase, _state.run = Phase.STOP, True
    ended = False
    try:
        yield
        ended = True
    finally:
        _state.phase = Phase.RECORD
        late = _state.received if ended else None
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _state.owner = 0
        if late is not None:
            signal.raise_signal(late)


@contextmanager
def committing(published: str) -> Iterator[None]:
    """The commit point: from here a signal no longer stops the run. A signal that came
    before (its `Interrupted` swallowed on the way) stops it here, before anything is
    published. `published` says what is complete once the block has run."""
    _state.phase = Phase.RECORD  # first: no signal can land between the check and the block
    if _state.received is not None and _ours():
        raise Interrupted(_state.received)
    yield
    _state.published = published


def received() -> signal.Signals | None:
    """The signal this process received, if any (only where the handler is installed)."""
    return _state.received if _ours() else None


def raise_if_stopped() -> None:
    """Raise `Interrupted` when a signal came and nothing was published: an error the command
    is about to report is then a consequence of the stop (a worker killed by the same
    Ctrl-C), and the stop is what it reports."""
    signum = received()
    if signum is not None and _state.published is None:
        raise Interrupted(signum)


def stop_message(signum: signal.Signals) -> str:
    """The one line a signalled command ends with."""
    if _state.published is not None:
        return f"{signum.name} received after publishing: {_state.published}"
    if _state.run:
        return f"interrupted by {signum.name}: nothing was published"
    return f"interrupted by {signum.name}"


def finish(code: int, say: Callable[[str], None]) -> None:
    """End a command that installed the handler (else return at once): with `code`, or with
    128 + N when a signal came (its line said here unless `code` says so already). Signals are
    blocked first (a pending one is handled), exit handlers run, and the process exits at
    once: in the interpreter's teardown a signal would be dropped unseen."""
    if not _state.persistent or not _ours():
        return
    _state.phase = Phase.RECORD
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)  # runs a pending handler first
    import atexit
    import threading

    # What the interpreter's exit runs before its teardown: threads joined (process pools'
    # managers among them, which release their queues), then the exit handlers (semaphores).
    # Not after a stop: an exception the stop raised may have left a lock held that one of
    # those threads waits on (`deferred`), and its pools are killed already (`kill_pool`).
    shutdown = getattr(threading, "_shutdown", None)
    stopped = _state.received is not None and _state.published is None
    if shutdown is not None and not stopped:
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    # last: a signal that came meanwhile (to another thread, or pending here) still counts
    pending = [sig for sig in SIGNALS if sig in signal.sigpending()]
    signum = _state.received or (pending[0] if pending else None)
    if signum is not None and code != 128 + int(signum):
        say(stop_message(signum))
        code = 128 + int(signum)
    os._exit(code)


def in_worker() -> None:
    """In a worker process: SIGINT ignored (the parent decides), SIGTERM as the default, and
    both unblocked (a spawned process starts with the mask `deferred` gave it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


@contextmanager
def deferred() -> Iterator[None]:
    """Both signals blocked in this thread while the block runs, and handled as it ends.

    Around a call into a process pool's machinery (`submit`): an exception raised by the
    handler between a lock's acquire and the `with` that would release it leaves the lock held,
    and the pool's manager thread waits on it forever. Around the start of a spawned process
    too: a fresh interpreter would turn a SIGINT during its start-up into a traceback on the
    shared stderr, so it starts with both blocked until `in_worker` ignores SIGINT and
    unblocks them."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
