"""Helpers of the reliability tests: the `khobor` console script run as a user would, corpora
made at test time from the seed pages, and checks that nothing partial or alive is left."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_DIR = REPO / "dataset" / "raw"
SEEDS = sorted(SEED_DIR.glob("*.txt"))
KHOBOR = Path(sys.executable).with_name("khobor")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def assert_clean(self) -> None:
        """No traceback, and when the command failed, exactly one line on stderr saying why."""
        assert "Traceback" not in self.stderr, self.stderr[-2000:]
        if self.code != 0:
            lines = [line for line in self.stderr.splitlines() if line.startswith("khobor: ")]
            assert len(lines) == 1, self.stderr[-2000:]
            assert all(ch == "\t" or ord(ch) >= 0x20 for ch in lines[0]), lines[0]


def khobor(
    *args: str | Path,
    cwd: Path = REPO,
    timeout: float = 300,
    env: dict[str, str] | None = None,
    **kwargs: object,
) -> Run:
    """Run the installed `khobor` script (its real entry point: the top-level error handler)."""
    proc = subprocess.run(
        [str(KHOBOR), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        env={**(env or os.environ), "COLUMNS": "200"},
        **kwargs,  # type: ignore[arg-type]
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), stderr)


def seed_pages(raw: Path) -> Path:
    """`raw` (made if need be) with a copy of every seed page."""
    raw.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        (raw / seed.name).write_bytes(seed.read_bytes())
    return raw


def make_pages(raw: Path, count: int, seed: int = 5) -> Path:
    """`count` distinct pages from the seeds (long lines replaced by random seed words)."""
    raw.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pages = [p.read_text(encoding="utf-8") for p in SEEDS]
    words = " ".join(pages).split()
    for i in range(count):
        lines = [
            (" ".join(rng.choice(words) for _ in range(60)) + "।") if len(line) > 120 else line
            for line in pages[i % len(pages)].split("\n")
        ]
        (raw / f"p{i:04d}.txt").write_text("\n".join(lines), encoding="utf-8")
    return raw


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under `root` (the khobor marker included)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def session_processes(session: int) -> list[int]:
    """Live processes (zombies aside) of a session started with `start_new_session=True`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, sid = fields[0], int(fields[3])
        if sid == session and state != "Z":
            found.append(int(entry.name))
    return found


def wait_until_no_process(session: int, timeout: float = 10) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = session_processes(session)
        if not alive:
            return []
        time.sleep(0.05)
    return session_processes(session)


def manifest_complete(folder: Path) -> bool:
    """Every file the manifest lists is there with its SHA-256."""
    import json

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return all(
        hashlib.sha256((folder / e["path"]).read_bytes()).hexdigest() == e["sha256"]
        for e in manifest["files"]
    )
