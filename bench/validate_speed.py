"""Time `khobor validate` on a synthetic release of many rows, split by gate family (issue 4).

    .venv/bin/python bench/validate_speed.py [--rows 100000] [--out /tmp/khobor-big]

Makes the release with `bench/make_big_release.py` when `OUT/1.1.0` is missing (1.1.0 with
`--rows` records, 1.0.0 with the first 95% of them, so the ledger and drift gates run too),
then runs every gate family once, in one process, and prints wall-clock and CPU seconds per
family, and the peak RSS of the process and of its largest worker (the near-duplicate
signers). Wall time on a shared machine depends on what else runs; CPU time much less.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/khobor-big"))
    args = parser.parse_args()
    release = args.out / "1.1.0"
    if not (release / "manifest.json").is_file():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "bench" / "make_big_release.py"),
                "--rows",
                str(args.rows),
                "--out",
                str(args.out),
            ],
            check=True,
        )
    import khobor.release.validate as validate
    from khobor.gates import accuracy, dataset_gates, drift, expectations, schema_gate

    cpu: dict[str, float] = {}

    def with_cpu(name: str, function):  # type: ignore[no-untyped-def]
        def wrapped(*a, **k):  # type: ignore[no-untyped-def]
            start = cpu_seconds()
            try:
                return function(*a, **k)
            finally:
                cpu[name] = cpu_seconds() - start  # this process only, not the signing workers

        return wrapped

    schema_gate_run = with_cpu("schema", schema_gate.run_schema_gate)
    # the families are imported inside validate_release: patch their modules
    schema_gate.run_schema_gate = schema_gate_run
    expectations.run_expectation_gate = with_cpu("expectations", expectations.run_expectation_gate)
    dataset_gates.run_dataset_gates = with_cpu("dataset", dataset_gates.run_dataset_gates)
    accuracy.run_accuracy_gate = with_cpu("accuracy", accuracy.run_accuracy_gate)
    drift.run_drift_gate = with_cpu("drift", drift.run_drift_gate)

    import great_expectations  # noqa: F401  (import time is not the gates' work)

    started, started_cpu = time.perf_counter(), cpu_seconds()
    result = validate.validate_release(
        release,
        report_dir=args.out / "quality",
        gold=REPO / "validation" / "gold",
        raw=REPO / "dataset" / "raw",
    )
    wall, total_cpu = time.perf_counter() - started, cpu_seconds() - started_cpu
    rows = sum(
        entry.get("rows", 0)
        for entry in __import__("json").loads((release / "manifest.json").read_text())["files"]
        if entry.get("split")
    )
    print(f"validated {release} ({rows} rows): exit {result.exit_code}")
    print(f"{'family':<14}{'wall s':>8}{'cpu s':>8}")
    for name, seconds in result.timings.items():
        if name == "total":
            continue
        print(f"{name:<14}{seconds:>8.2f}{cpu.get(name, float('nan')):>8.2f}")
    print(f"{'total':<14}{wall:>8.2f}{total_cpu:>8.2f}")
    # ru_maxrss is in KiB on Linux; children are the signing workers (each its own peak)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    print(f"peak RSS: {own:.2f} GiB (this process), {workers:.2f} GiB (largest worker)")


if __name__ == "__main__":
    main()
