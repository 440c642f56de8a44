"""SIGINT and SIGTERM at random moments of `khobor build` and `khobor release`: tallies of what
each run did with its signal.

    .venv/bin/python bench/signals.py --runs 20      # 20 of each signal for each command

SIGINT goes to the run's whole process group (as a terminal's Ctrl-C does), SIGTERM to its main
process (as `kill PID` does). Each run starts in a session of its own, so every process it
forked is found in /proc afterwards. The moment is drawn uniformly over a full run's measured
time (fixed seed, printed). A run that ended before its signal could be sent is counted apart
(`ended first`) and is not a trial.

What each trial must show, and the column that counts a failure:
- `lost`: exit 0 although the signal was delivered (or any other exit than 128 + N: `wrong`);
- `raw`: killed by the signal itself instead of exiting 128 + N with a line saying why;
- `hang`: not ended within `HANG_SECONDS` of the signal (then killed);
- `partial`: what the last line says disagrees with the folder: "nothing was published" but a
  new version folder (or a new build) is there, "complete" but it is not there or not
  complete (every file of its manifest with its SHA-256);
- `orphans`: processes of the run's session still alive 10 s after it ended;
- `traceback`: a traceback on stderr.
`stopped` and `after` count the two good outcomes: stopped before the publish, and a signal
that came after it (the release is complete, and the line says so).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from reliability.helpers import make_pages, wait_until_no_process  # noqa: E402

KHOBOR = Path(sys.executable).with_name("khobor")
HANG_SECONDS = 60
COLUMNS = (
    "trials",
    "ended first",
    "stopped",
    "after",
    "lost",
    "wrong",
    "raw",
    "hang",
    "partial",
    "orphans",
    "traceback",
    "leftover",
)


def complete(folder: Path) -> bool:
    """Every file the manifest lists is there with its SHA-256."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return all(
            hashlib.sha256((folder / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
            for entry in manifest["files"]
        )
    except (OSError, ValueError, KeyError):
        return False


def run_once(args: list[str], stderr_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(KHOBOR), *args],
        stdout=subprocess.DEVNULL,
        stderr=stderr_path.open("wb"),
        start_new_session=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        # a bench started in the background ignores SIGINT: its runs must not inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def timed(args: list[str], work: Path) -> float:
    started = time.monotonic()
    proc = run_once(args, work / "timed.err")
    if proc.wait(timeout=900) != 0:
        raise SystemExit(f"khobor {' '.join(args)} failed: {(work / 'timed.err').read_text()}")
    return time.monotonic() - started


def _exited(pid: int) -> bool:
    """The process has exited (a zombie not reaped yet): a signal now would reach no one."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def trial(
    args: list[str], sig: signal.Signals, delay: float, work: Path, target: Path
) -> Counter[str]:
    """One run signalled after `delay` s; `target` is what it publishes (the version folder,
    or the build folder)."""
    tally: Counter[str] = Counter()
    before = target.stat().st_ino if target.exists() else None
    err = work / "trial.err"
    proc = run_once(args, err)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    if proc.poll() is not None or _exited(proc.pid):
        tally["ended first"] += 1
        proc.wait()
        wait_until_no_process(proc.pid)
        return tally
    tally["trials"] += 1
    if sig is signal.SIGINT:
        os.killpg(proc.pid, sig)  # a terminal's Ctrl-C
    else:
        os.kill(proc.pid, sig)
    try:
        code = proc.wait(timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired:
        tally["hang"] += 1
        print(f"    hang after {delay:.2f} s ({sig.name}); its processes:", flush=True)
        subprocess.run(["ps", "-o", "pid,stat,wchan:24,args", "-s", str(proc.pid)], check=False)
        os.kill(proc.pid, signal.SIGABRT)  # PYTHONFAULTHANDLER: every thread's stack
        time.sleep(2)
        print(err.read_text(encoding="utf-8", errors="replace")[-6000:], flush=True)
        os.killpg(proc.pid, signal.SIGKILL)
        code = proc.wait()
    left = wait_until_no_process(proc.pid, timeout=10)
    if left:
        tally["orphans"] += len(left)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    stderr = err.read_text(encoding="utf-8", errors="replace")
    last = [line for line in stderr.splitlines() if line.startswith("khobor: ")]
    said = last[-1] if last else ""
    if "Traceback" in stderr:
        tally["traceback"] += 1
        print(f"    traceback: {sig.name} after {delay:.2f} s, exit {code}:\n{stderr[-3000:]}")
    now = target.stat().st_ino if target.exists() else None
    published = now != before
    if code == 0:
        tally["lost"] += 1
        print(f"    lost: {sig.name} after {delay:.2f} s; stderr ends: {stderr[-300:]!r}")
    elif code < 0:
        tally["raw"] += 1
        print(f"    raw {code}: {sig.name} after {delay:.2f} s; stderr ends: {stderr[-300:]!r}")
    elif code != 128 + int(sig):
        tally["wrong"] += 1
        print(f"    exit {code}: {sig.name} after {delay:.2f} s; stderr ends: {stderr[-600:]!r}")
    elif "after publishing" in said and "complete" in said:
        tally["after"] += 1
        tally["partial"] += not (published and complete(target))
    elif "interrupted by" in said:  # "…: nothing was published", or before the run began
        tally["stopped"] += 1
        tally["partial"] += published
    else:
        tally["wrong"] += 1
        print(f"    exit {code} unexplained: {sig.name} after {delay:.2f} s: {stderr[-600:]!r}")
    if published and not complete(target):
        tally["partial"] += 1
    tally["leftover"] += len(list(target.parent.glob(".partial-*")))
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="trials per signal and command")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--build-pages", type=int, default=1000)
    parser.add_argument("--release-pages", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=("build", "release"))
    options = parser.parse_args()
    rng = random.Random(options.seed)
    work = Path(tempfile.mkdtemp(prefix="khobor-signals-"))
    print(f"seed {options.seed}, {options.runs} trials per signal and command, in {work}")
    rows: dict[str, Counter[str]] = {}
    try:
        commands = ("build", "release") if options.only is None else (options.only,)
        for command in commands:
            pages = options.build_pages if command == "build" else options.release_pages
            raw = make_pages(work / f"raw-{command}", pages)
            releases = work / f"releases-{command}"
            out = work / "build-out"
            base = ["--raw", str(raw), "--releases", str(releases), "--workers"]
            base.append(str(options.workers))
            if command == "build":
                full = ["build", *base, "--out", str(out)]
                duration = timed(full, work)
            else:
                duration = timed(["release", "0.1.0", *base], work)
            print(f"{command}: a full run takes {duration:.1f} s ({pages} pages)", flush=True)
            for sig in (signal.SIGINT, signal.SIGTERM):
                tally: Counter[str] = Counter()
                number = 0
                # until `runs` signals reached a running process (one that ended first is
                # no trial), three times as many runs at most
                while tally["trials"] < options.runs and number < 3 * options.runs:
                    number += 1
                    delay = rng.uniform(0, duration)
                    if command == "build":
                        tally += trial(full, sig, delay, work, out)
                    else:
                        version = f"1.{int(sig)}.{number}"
                        args = ["release", version, *base]
                        tally += trial(args, sig, delay, work, releases / version)
                rows[f"{command} {sig.name}"] = tally
                print(f"  {sig.name}: " + ", ".join(f"{k} {tally[k]}" for k in COLUMNS), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(name) for name in rows)
    print()
    print(" " * width + " | " + " | ".join(COLUMNS))
    for name, tally in rows.items():
        print(name.ljust(width) + " | " + " | ".join(str(tally[c]).rjust(len(c)) for c in COLUMNS))
    bad = sum(tally[c] for tally in rows.values() for c in COLUMNS[4:11])
    print(f"\nfailures (lost, wrong, raw, hang, partial, orphans, traceback): {bad}")


if __name__ == "__main__":
    main()
