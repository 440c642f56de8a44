"""`khobor build` and `khobor release` beside the floor, in one run (issue 12).

    .venv/bin/python bench/build_speed.py --dir /tmp/synth-20k [--workers 2] [--rounds 2]
        [--khobor .venv/bin/khobor] [--khobor OTHER/.venv/bin/khobor ...]

The corpus is `bench/synth.py`'s (`--pages 20000 --out DIR`). Each measurement is one fresh
process, timed from start to exit (imports included), alternated round by round so a busy
machine slows every system alike:

* floor: read, decode (UTF-8) and split every page into stripped non-blank lines with
  `--workers` processes, and write the pages' text as one zstd Parquet file: what any build
  must do (khobor's own decoding — charset detection, NFC, the Bengali share — is not in it);
* build: `khobor build RAW --out DIR --workers N` (every default: the corpus pass included);
* release: `khobor release` into a fresh releases folder (build + every gate);
* with `--without-corpus-pass`, the build with `[furniture] enabled = false` too;
* with `--cold`, every run reads the pages from disk: they are dropped from the page cache
  (`POSIX_FADV_DONTNEED`) before it, as a corpus larger than the cache (a million pages) is read.

More than one `--khobor` compares trees side by side (e.g. a worktree of the base commit). The
table gives the best wall time of the rounds and its ratio to the floor's best, and the least
CPU time (user + system of the run's whole process tree) and its ratio to the floor's: where
both cores are busy the whole run, wall time follows CPU time, and CPU time moves less when
another job shares the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def drop_from_cache(raw: Path) -> None:
    """Evict the corpus's pages from the kernel's page cache (clean pages: no root needed)."""
    for path in raw.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _floor_chunk(paths: list[str]) -> list[str]:
    texts = []
    for path in paths:
        text = Path(path).read_bytes().decode("utf-8", "replace")
        lines = (line.strip() for line in text.splitlines())
        texts.append("\n".join(line for line in lines if line))
    return texts


def floor(raw: Path, workers: int, out: Path) -> None:
    """Read + decode + split every page in `workers` processes; the text as zstd Parquet."""
    from concurrent.futures import ProcessPoolExecutor

    import pyarrow as pa
    import pyarrow.parquet as pq

    paths = sorted(str(path) for path in raw.rglob("*") if path.suffix in {".txt", ".html"})
    chunks = [paths[start : start + 256] for start in range(0, len(paths), 256)]
    texts: list[str] = []
    with ProcessPoolExecutor(workers) as pool:
        for part in pool.map(_floor_chunk, chunks):
            texts += part
    pq.write_table(pa.table({"text": texts}), out, compression="zstd")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run: the CPU of every process it started and waited
    for (its workers, the Great Expectations process) counts."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace")[-2000:] or done.stdout.decode()[-2000:]
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{tail}")
    return elapsed, _children_cpu() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, required=True, help="bench/synth.py's folder")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--khobor", action="append", type=Path, default=None)
    parser.add_argument("--no-release", action="store_true")
    parser.add_argument(
        "--without-corpus-pass",
        action="store_true",
        help="also time the build with `[furniture] enabled = false`",
    )
    parser.add_argument(
        "--cold", action="store_true", help="drop the pages from the page cache before each run"
    )
    parser.add_argument("--floor-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    raw = args.dir / "pages" if (args.dir / "pages").is_dir() else args.dir
    if args.floor_child:
        floor(raw, args.workers, args.out)
        return 0
    systems = args.khobor or [REPO / ".venv" / "bin" / "khobor"]
    pages = sum(1 for path in raw.rglob("*") if path.suffix in {".txt", ".html"})
    best: dict[str, float] = {}
    least_cpu: dict[str, float] = {}
    scratch = Path(tempfile.mkdtemp(prefix="khobor-build-speed-"))
    env = {**os.environ, "COLUMNS": "200"}
    no_pass = scratch / "gates-no-corpus-pass.toml"
    policy = (REPO / "validation" / "gates.toml").read_text(encoding="utf-8")
    no_pass.write_text(policy.replace("enabled = true", "enabled = false", 1), encoding="utf-8")
    try:
        for round_number in range(args.rounds):
            runs: list[tuple[str, list[str]]] = [
                (
                    "floor",
                    [
                        *(sys.executable, __file__, "--dir", str(args.dir), "--floor-child"),
                        *("--workers", str(args.workers), "--out", str(scratch / "floor.parquet")),
                    ],
                )
            ]
            for number, khobor in enumerate(systems):
                tag = f"[{number}] " if len(systems) > 1 else ""
                out = scratch / f"build-{number}"
                runs.append(
                    (
                        f"{tag}build",
                        [
                            *(str(khobor), "build", "--raw", str(raw), "--out", str(out)),
                            *("--workers", str(args.workers)),
                        ],
                    )
                )
                if args.without_corpus_pass:
                    runs.append(
                        (
                            f"{tag}build, no corpus pass",
                            [
                                *(str(khobor), "build", "--raw", str(raw), "--out", str(out)),
                                *("--workers", str(args.workers), "--gates", str(no_pass)),
                            ],
                        )
                    )
                if not args.no_release:
                    releases = scratch / f"releases-{number}"
                    runs.append(
                        (
                            f"{tag}release",
                            [
                                *(str(khobor), "release", "1.0.0", "--raw", str(raw)),
                                *("--releases", str(releases), "--workers", str(args.workers)),
                            ],
                        )
                    )
            for name, command in runs:
                for leftover in scratch.glob("build-*"):
                    shutil.rmtree(leftover)
                for leftover in scratch.glob("releases-*"):
                    shutil.rmtree(leftover)
                if args.cold:
                    drop_from_cache(raw)
                seconds, cpu = timed(command, env)
                best[name] = min(best.get(name, seconds), seconds)
                least_cpu[name] = min(least_cpu.get(name, cpu), cpu)
                print(
                    f"round {round_number + 1}: {name:<26} {seconds:8.2f} s  CPU {cpu:6.2f} s",
                    flush=True,
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    cache = ", read from disk (--cold)" if args.cold else ""
    print(f"\n{pages:,} pages, {args.workers} workers, best of {args.rounds} rounds{cache}")
    for number, khobor in enumerate(systems):
        print(f"[{number}] {khobor}")
    print(f"{'system':<26}{'seconds':>9}{'pages/s':>10}{'x floor':>9}{'CPU s':>9}{'x floor':>9}")
    for name, seconds in best.items():
        ratio, cpu = seconds / best["floor"], least_cpu[name]
        cpu_ratio = cpu / least_cpu["floor"]
        wall = f"{seconds:9.2f}{pages / seconds:10,.0f}{ratio:9.2f}"
        print(f"{name:<26}{wall}{cpu:9.2f}{cpu_ratio:9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
