"""End-to-end build at scale on a synthetic corpus (issue 5): wall time, pages/s, peak memory,
accuracy against the corpus's truth.

    .venv/bin/python bench/scale_build.py --pages 100000 [--engine local|datatrove]
        [--workers 2] [--seed 100] [--near-dups 0.01] [--no-gates] [--keep]

1. The corpus: `/tmp/khobor-synth-N/` written by `bench/synth.py` (reused when its
   `truth.jsonl` has N pages), plus `--near-dups` × N near-duplicate pages under
   `pages/near/` (a page with one body word changed; its original is known).
2. In a child process: `khobor.pipeline.build_dataset` (annotate, sign, dedup, split, Parquet,
   card, manifest), then `khobor.release.validate.validate_release` (every gate family: pandera,
   Great Expectations, ours, accuracy on the gold set, drift). The parent samples the memory
   of the child and its worker processes every second: the peak of their summed PSS is "peak
   PSS (tree)" (the sum of RSS over-counts the pages forked workers share with the parent; it
   is reported too); `getrusage` gives the largest single process's peak RSS.
3. Accuracy of the built release against `truth.jsonl` (fields exact, body-line P/R/F1,
   line-label accuracy, as `bench/synth_score.py` counts them) and near-duplicate recall
   (near copies whose `dup_cluster` is their original's), read back from the Parquet files.

Output: a table on stdout and `--json` (default `/tmp/khobor-scale-N.json`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIELDS = ("headline", "published_at", "updated_at", "date", "page_date", "byline")
NEAR_DIR = "near"


# --- corpus ----------------------------------------------------------------------------------


def corpus(pages: int, seed: int, near_share: float, root: Path) -> Path:
    truth = root / "truth.jsonl"
    if not truth.is_file() or sum(1 for _ in truth.open("rb")) != pages:
        shutil.rmtree(root, ignore_errors=True)
        command = [sys.executable, str(REPO / "bench" / "synth.py"), "--pages", str(pages)]
        command += ["--out", str(root), "--seed", str(seed), "--workers", "2"]
        print("generating:", " ".join(command), flush=True)
        subprocess.run(command, check=True)
    write_near_duplicates(root, int(pages * near_share))
    return root


def write_near_duplicates(root: Path, count: int) -> None:
    """`count` pages copied from every (pages/count)-th page with one body word changed;
    `near.jsonl` lists (copy, original) pairs."""
    folder, listing = root / "pages" / NEAR_DIR, root / "near.jsonl"
    if listing.is_file() and sum(1 for _ in listing.open("rb")) == count:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    step = max(1, sum(1 for _ in (root / "truth.jsonl").open("rb")) // max(1, count))
    pairs = []
    with (root / "truth.jsonl").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if len(pairs) >= count:
                break
            if number % step:
                continue
            truth = json.loads(line)
            if not any(label == "body" for label, _ in truth["lines"]):
                continue
            # change the longest body line itself (its text may also occur above the body)
            labels = [label for label, _ in truth["lines"]]
            longest = max(
                (i for i, label in enumerate(labels) if label == "body"),
                key=lambda i: len(truth["lines"][i][1]),
            )
            lines = (root / "pages" / truth["source"]).read_text(encoding="utf-8").split("\n")
            non_blank = [i for i, line in enumerate(lines) if line.strip()]
            words = lines[non_blank[longest]].split(" ")
            words[len(words) // 2] = "পরিবর্তিত"
            lines[non_blank[longest]] = " ".join(words)
            name = f"{NEAR_DIR}/{number:07d}.txt"
            (root / "pages" / name).write_text("\n".join(lines), encoding="utf-8")
            pairs.append({"copy": name, "original": truth["source"]})
    with listing.open("w", encoding="utf-8") as out:
        for pair in pairs:
            out.write(json.dumps(pair) + "\n")


# --- the measured child ----------------------------------------------------------------------


class Ticker:
    """A plain-text progress line every few seconds: phase, done/total, pages/s, ETA."""

    def __init__(self, every: float = 15.0) -> None:
        self.every, self.done, self.started = every, {}, {}
        self.last = time.perf_counter()

    def __call__(self, phase: str, advance: int, total: int) -> None:
        now = time.perf_counter()
        if phase not in self.started:
            self.started[phase] = self.last = now
        self.done[phase] = self.done.get(phase, 0) + advance
        if now - self.last < self.every and self.done[phase] < total:
            return
        self.last = now
        elapsed = max(now - self.started[phase], 1e-9)
        rate = self.done[phase] / elapsed
        eta = (total - self.done[phase]) / rate if rate else 0.0
        print(
            f"  {phase:<8} {self.done[phase]:>9,}/{total:,}  {rate:,.0f} pages/s  ETA {eta:,.0f} s",
            file=sys.stderr,
            flush=True,
        )


def child(args: argparse.Namespace) -> int:
    from khobor.contracts.policy import load_policy
    from khobor.pipeline import build_dataset
    from khobor.release.validate import validate_release

    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    result = build_dataset(
        Path(args.raw),
        out,
        version="1.0.0",
        policy=load_policy(),
        workers=args.workers,
        progress=Ticker(),
        engine=args.engine,
    )
    built = time.perf_counter()
    figures: dict[str, Any] = {"build_s": built - started}
    figures["build_max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if not args.no_gates:
        print("PHASE gates", flush=True)
        # as `khobor release` gates the release it staged: with the build's signatures
        signatures, result.signatures = result.signatures, None
        validation = validate_release(
            out,
            previous=None,
            report_dir=Path(f"{args.out}-quality"),
            gold=REPO / "validation" / "gold",
            raw=REPO / "dataset" / "raw",
            signatures=signatures,
        )
        del signatures
        figures["gates_s"] = time.perf_counter() - built
        figures["gates_passed"] = validation.passed
        figures["gate_timings"] = {k: round(v, 1) for k, v in validation.timings.items()}
        figures["gates_failed"] = [r.check for r in validation.blocking()]
    figures["figures"] = result.figures.to_json() | {"line_labels": None, "outlets": None}
    figures["dedup"] = vars(result.dedup)
    figures["child_max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("RESULT " + json.dumps(figures), flush=True)
    return 0


def _tree_memory_kb(pid: int) -> tuple[int, int, list[tuple[int, str]]]:
    """(PSS, RSS) in KB of a process and all its descendants, from /proc/*/smaps_rollup: PSS
    divides each shared page among the processes sharing it (forked workers share the
    parent's pages); RSS counts shared pages in every process."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    pss = rss = 0
    parts: list[tuple[int, str]] = []  # each process's PSS and what it is
    stack = [pid]
    while stack:
        current = stack.pop()
        stack += children.get(current, [])
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                        parts.append((int(line.split()[1]), _role(pid, current)))
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            continue
    return pss, rss, sorted(parts, reverse=True)


def _role(root: int, pid: int) -> str:
    """What a process of the tree is: the build's own, a spawned one (Great Expectations, a
    signing worker) or a forked worker."""
    if pid == root:
        return "build process"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            spawned = b"multiprocessing" in handle.read()
    except OSError:
        return "gone"
    return "spawned child" if spawned else "forked worker"


SAMPLE_SECONDS = 1.0  # reading smaps of a multi-GiB tree costs CPU the build then lacks


def run_measured(command: list[str]) -> tuple[dict[str, Any], float, dict[str, int]]:
    """Run the child; (its RESULT, wall seconds, peak tree RSS in KB by phase)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = {"build": 0, "gates": 0, "rss_sum": 0}
    phase = "build"
    done = threading.Event()
    at_peak: dict[str, list[tuple[int, str]]] = {}

    def sample() -> None:
        while not done.is_set():
            pss, rss, parts = _tree_memory_kb(process.pid)
            if pss > peak[phase]:
                peak[phase], at_peak[phase] = pss, parts
            peak["rss_sum"] = max(peak["rss_sum"], rss)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stdout is not None
    result: dict[str, Any] = {}
    for line in process.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
        elif line.startswith("PHASE "):
            phase = line.split()[1]
        else:
            print(line, end="", flush=True)
    code = process.wait()
    done.set()
    sampler.join()
    if code != 0:
        sys.exit(f"build child failed with exit code {code}")
    for name, parts in at_peak.items():  # what made each phase's peak
        shown = ", ".join(f"{role} {kb // 1024:,}" for kb, role in parts[:4])
        print(f"peak PSS of {name} by process (MiB): {shown}", flush=True)
    return result, time.perf_counter() - started, peak


# --- accuracy of the built release -----------------------------------------------------------


def score_release(out: Path, root: Path) -> dict[str, Any]:
    """Fields, body lines and labels of the built records against the truth, by source."""
    import pyarrow.parquet as pq

    offsets: dict[str, int] = {}
    with (root / "truth.jsonl").open("rb") as handle:
        position = 0
        for line in handle:
            start = line.index(b'"source": "') + len(b'"source": "')
            offsets[line[start : line.index(b'"', start)].decode()] = position
            position += len(line)
    near = {}
    if (root / "near.jsonl").is_file():
        for line in (root / "near.jsonl").open(encoding="utf-8"):
            pair = json.loads(line)
            near[pair["copy"]] = pair["original"]
    cluster_of: dict[str, str] = {}
    tally = {"pages": 0, "fields": dict.fromkeys(FIELDS, 0), "tp": 0, "fp": 0, "fn": 0}
    tally |= {"lines": 0, "line_hits": 0}
    with (root / "truth.jsonl").open("rb") as truth_file:
        for path in sorted((out / "data").glob("*.parquet")):
            parquet = pq.ParquetFile(path)
            for group in range(parquet.num_row_groups):
                rows = parquet.read_row_group(group, columns=COLUMNS).to_pylist()
                for record in map(_as_record, rows):
                    source = record["source"]
                    if source in near or source in near.values():
                        cluster_of[source] = record["dup_cluster"]
                    if source not in offsets:
                        continue
                    truth_file.seek(offsets[source])
                    truth = json.loads(truth_file.readline())
                    _score(tally, record, truth)
    tally["pages_in_truth"] = len(offsets)
    tally["quarantined_or_missing"] = len(offsets) - tally["pages"]
    # A copy whose edit vanished under normalization has its original's body exactly: the
    # build quarantines it as `duplicate_body` of the original, which counts as found too.
    exact_copies = set()
    with (out / "quarantine.jsonl").open(encoding="utf-8") as quarantine:
        for line in quarantine:
            entry = json.loads(line)
            original = near.get(entry["source"])
            if (
                entry["quarantine_reason"] == "duplicate_body"
                and original is not None
                and entry["detail"] == f"same body as {original}"
            ):
                exact_copies.add(entry["source"])
    clustered = sum(
        1 for c, o in near.items() if c in cluster_of and cluster_of[c] == cluster_of.get(o)
    )
    tally["near_dups"] = len(near)
    tally["near_dups_clustered"] = clustered
    tally["near_dups_exact"] = len(exact_copies)
    tally["near_dup_recall"] = (clustered + len(exact_copies)) / len(near) if near else None
    return tally


COLUMNS = ["source", "dup_cluster", *FIELDS, "lines"]


def _as_record(row: dict[str, Any]) -> dict[str, Any]:
    """The scored columns of a Parquet row in their JSON Lines form (ISO timestamps at
    +06:00, ISO dates, label names)."""
    from khobor.contracts.schema import index_to_label
    from khobor.contracts.timezone import DHAKA

    out = dict(row)
    for name in ("published_at", "updated_at"):
        if out[name] is not None:
            out[name] = out[name].astimezone(DHAKA).isoformat()
    for name in ("date", "page_date"):
        if out[name] is not None:
            out[name] = out[name].isoformat()
    out["lines"] = [
        {"text": line["text"], "label": index_to_label(line["label"])} for line in row["lines"]
    ]
    return out


def _score(tally: dict[str, Any], record: dict[str, Any], truth: dict[str, Any]) -> None:
    tally["pages"] += 1
    for name in FIELDS:
        tally["fields"][name] += record.get(name) == truth.get(name)
    predicted = [(line["label"], line["text"]) for line in record["lines"]]
    for (want, _), (got, _) in zip(truth["lines"], predicted, strict=False):
        tally["tp"] += want == "body" and got == "body"
        tally["fp"] += want != "body" and got == "body"
        tally["fn"] += want == "body" and got != "body"
        tally["line_hits"] += want == got
    tally["lines"] += len(truth["lines"])


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--seed", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", default="local", choices=("local", "datatrove"))
    parser.add_argument("--near-dups", type=float, default=0.01, help="share of near copies")
    parser.add_argument("--dir", type=Path, default=None, help="corpus folder")
    parser.add_argument("--out", type=Path, default=None, help="build folder")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--no-gates", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the build folder")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--raw", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    root = args.dir or Path(f"/tmp/khobor-synth-{args.pages}")
    out = args.out or Path(f"/tmp/khobor-scale-{args.pages}-{args.engine}")
    corpus(args.pages, args.seed, args.near_dups, root)
    inputs = sum(1 for _ in (root / "pages").rglob("*.txt"))
    command = [sys.executable, __file__, "--child", "--pages", str(args.pages)]
    command += ["--raw", str(root / "pages"), "--out", str(out), "--engine", args.engine]
    command += ["--workers", str(args.workers)] + (["--no-gates"] if args.no_gates else [])
    print(f"build + gates of {inputs:,} pages ({args.engine} engine, {args.workers} workers)")
    result, wall, peaks = run_measured(command)
    tree_peak = max(peaks["build"], peaks["gates"])
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"measured: wall {wall:,.0f} s (build {result['build_s']:,.1f} s, gates "
        f"{result.get('gates_s', 0.0):,.1f} s), peak PSS {tree_peak / 1024:,.0f} MiB (tree; "
        f"build {peaks['build'] / 1024:,.0f}, gates {peaks['gates'] / 1024:,.0f}); largest "
        f"process {largest / 1024:,.0f} MiB; gate timings {result.get('gate_timings')}",
        flush=True,
    )

    accuracy = score_release(out, root)
    p, r, f1 = _f1(accuracy["tp"], accuracy["fp"], accuracy["fn"])
    report = {
        "pages": inputs,
        "engine": args.engine,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "wall_s": round(wall, 1),
        "pages_per_s": round(inputs / wall, 1),
        "build_s": round(result["build_s"], 1),
        "gates_s": round(result.get("gates_s", 0.0), 1),
        "gates_passed": result.get("gates_passed"),
        "gates_failed": result.get("gates_failed"),
        "gate_timings": result.get("gate_timings"),
        "peak_pss_tree_mib": round(tree_peak / 1024),
        "peak_pss_tree_build_mib": round(peaks["build"] / 1024),
        "peak_pss_tree_gates_mib": round(peaks["gates"] / 1024),
        "peak_rss_sum_tree_mib": round(peaks["rss_sum"] / 1024),
        "peak_rss_largest_process_mib": round(largest / 1024),
        "figures": result["figures"],
        "dedup": result["dedup"],
        "accuracy": {
            "pages_scored": accuracy["pages"],
            "quarantined_or_missing": accuracy["quarantined_or_missing"],
            "fields": {
                k: round(v / max(1, accuracy["pages"]), 4) for k, v in accuracy["fields"].items()
            },
            "body_precision": round(p, 4),
            "body_recall": round(r, 4),
            "body_f1": round(f1, 4),
            "line_label_accuracy": round(accuracy["line_hits"] / max(1, accuracy["lines"]), 4),
            "near_dups": accuracy["near_dups"],
            "near_dup_recall": accuracy["near_dup_recall"],
        },
    }
    path = args.json or Path(f"/tmp/khobor-scale-{args.pages}-{args.engine}.json")
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print(
        f"\n{inputs:,} pages: wall {wall:,.0f} s (build {report['build_s']:,} s, gates "
        f"{report['gates_s']:,} s), {inputs / wall:,.0f} pages/s, peak PSS "
        f"{report['peak_pss_tree_mib']:,} MiB (tree; build {report['peak_pss_tree_build_mib']:,},"
        f" gates {report['peak_pss_tree_gates_mib']:,}); largest process "
        f"{report['peak_rss_largest_process_mib']:,} MiB; body F1 {f1:.3f}; gates passed: "
        f"{report['gates_passed']}"
    )
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
