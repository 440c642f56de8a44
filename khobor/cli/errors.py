"""No traceback, ever: the one place where an error leaving a `khobor` command becomes one
line on stderr and an exit code.

Exit codes, in every command: 0 done / passed; 1 a gate failed or the command refused (a
release that exists, an --out khobor must not replace, no records); 2 a usage error or input
that cannot be read or output that cannot be written (`OSError`: a full disk, a read-only or
unwritable folder, a stdout that fails). `KHOBOR_TRACEBACK=1` shows the traceback instead, for
debugging.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import typer

TRACEBACK_VARIABLE = "KHOBOR_TRACEBACK"  # set (to anything): a traceback, then the one line
EXIT_REFUSED = 1
EXIT_USAGE = 2

# khobor's refusals (matched by class name, so this module imports none of the heavy modules
# that define them); every other exception defined in khobor is unreadable input: exit 2.
REFUSALS = frozenset({"ReleaseRefused", "BuildRefused", "HubError", "LockHeld"})

_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
MAX_MESSAGE_CHARS = 2000


def one_line(message: str) -> str:
    r"""`message` as one printable line: control characters (newlines too) escaped, bytes of a
    non-UTF-8 name shown as `\xNN`, overly long messages cut.

    >>> one_line("a\nb\udcff")
    'a\\nb\\xff'
    """
    text = message.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    text = _CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def _khobor_class(error: BaseException) -> str | None:
    for cls in type(error).__mro__:
        if cls.__module__.startswith("khobor"):
            return cls.__name__
    return None


def describe(error: BaseException) -> tuple[str, int]:
    """The one-line message and exit code of an error that ended a command."""
    name = _khobor_class(error)
    if name is not None:
        refused = any(cls.__name__ in REFUSALS for cls in type(error).__mro__)
        return str(error), EXIT_REFUSED if refused else EXIT_USAGE
    if isinstance(error, OSError):
        return _os_error(error), EXIT_USAGE
    if isinstance(error, RecursionError):
        return "input nested too deeply to read", EXIT_USAGE
    if isinstance(error, MemoryError):
        return "out of memory", EXIT_USAGE
    return f"internal error: {type(error).__name__}: {error}", EXIT_USAGE


def _os_error(error: OSError) -> str:
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename is None:
        where = "stdout: " if _stdout_fails() else ""  # a write error names no file
        return f"{where}{reason} (errno {error.errno})" if error.errno else where + reason
    where = os.fsdecode(error.filename) if isinstance(error.filename, bytes) else error.filename
    if error.filename2 is not None:
        return f"{where} → {error.filename2}: {reason}"
    return f"{where}: {reason}"


def _stdout_fails() -> bool:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    return False


def _silence_stdout() -> None:
    """Point a failing stdout at /dev/null, so the interpreter's last flush cannot print a
    second error."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def report(error: BaseException, stream: str | None = None) -> int:
    """Print the one line for `error` (`stream`: the standard stream it came from) and return
    the exit code."""
    message, code = describe(error)
    if stream is not None:
        message = f"{stream}: {message}"
    try:
        sys.stderr.write(f"khobor: {one_line(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    _silence_stdout()
    return code


class GuardedTyper(typer.Typer):
    """A `typer.Typer` whose commands never end in a traceback (see the module docstring) and
    never lose a signal: SIGINT and SIGTERM end a command with 128 + N and one line saying what
    was published, if anything (`khobor.system.interrupts`)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from khobor.system import interrupts

        interrupts.install_for_command()
        try:
            code = self._run(*args, **kwargs)
        except interrupts.Interrupted as stop:  # landed while the outcome was being reported
            _say(interrupts.stop_message(stop.signum))
            code = stop.exit_code
        interrupts.finish(_numeric(code), _say)
        raise SystemExit(code)

    def _run(self, *args: Any, **kwargs: Any) -> Any:
        from khobor.system import interrupts

        try:
            super().__call__(*args, **kwargs)
        except SystemExit as done:
            interrupts.hold()
            return _flushed(done.code)
        except interrupts.Interrupted as stop:
            interrupts.hold()
            _say(interrupts.stop_message(stop.signum))
            return stop.exit_code
        except KeyboardInterrupt:  # SIGINT before the handler was installed
            interrupts.hold()
            _say("interrupted")
            return 130
        except Exception as error:
            interrupts.hold()
            if os.environ.get(TRACEBACK_VARIABLE):
                raise
            signum = interrupts.received()
            if signum is None:
                return report(error)
            _say(interrupts.stop_message(signum))  # the error came of the stop
            return 128 + int(signum)
        interrupts.hold()
        return _flushed(0)


def _numeric(code: Any) -> int:
    """The exit status `SystemExit(code)` gives: None is 0, a message is 1."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _say(message: str) -> None:
    try:
        sys.stderr.write(f"khobor: {one_line(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _flushed(code: Any) -> Any:
    """`code`, or the exit code of a stdout that fails on its last flush (a full device)."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as error:
        return report(error, "stdout")
    return code
