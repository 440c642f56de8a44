"""Issue 25: the synthetic corpus as one WARC crawl, built on both engines beside the text
dump of the same pages.

    .venv/bin/python bench/warc_build.py --pages 20000 [--workers 2] [--gates]

1. `bench/synth.py`'s pages (`/tmp/khobor-synth-N/`, made by `bench/scale_build.py`'s
   `corpus`, no near copies) are wrapped as HTML (a block a text line, a head with a title)
   and written as WARC `response` records, 5,000 a `.warc.gz` (a gzip member a record), with
   broken records among them: truncated gzip members, non-HTML payloads, wrong
   `Content-Length`s, 404 responses, and bytes that are no gzip member.
2. Three builds, each a child process measured as `bench/scale_build.py` measures (wall, peak
   PSS of the process tree): the text dump (local engine), the WARC (local), the WARC
   (datatrove).
3. Checks: inputs = records + quarantined in each; the broken records quarantined with their
   `warc_*` reasons; every file of the two WARC releases byte-identical; the WARC records'
   fields and line labels against the same pages' text records.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scale_build import corpus, run_measured  # noqa: E402

from tests.inputs.zoo import gz_member, warc_record  # noqa: E402

PER_ARCHIVE = 5000
BROKEN_EVERY = 1000  # a broken record after every 1,000th page, kinds in turn
BROKEN_KINDS = ("truncated", "not_html", "content_length", "http_404", "junk")
# the crawl's time: after every synthetic page's date (a capture before its publication is
# quarantined as `page_date_before_date`, as it should be)
CAPTURED = "2026-12-06T12:00:00Z"
FIELDS = ("headline", "published_at", "updated_at", "date", "byline", "outlet", "body")


def page_html(text: str) -> bytes:
    """A text page as HTML: each non-blank line a block of its own."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    blocks = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>page</title></head>'
        f"<body>\n{blocks}\n</body></html>"
    ).encode()


def broken(kind: str, number: int) -> bytes:
    uri = f"https://broken.example/{kind}/{number}"
    page = page_html("ভাঙা রেকর্ড\nএই রেকর্ডটি ইচ্ছে করে ভাঙা।")
    if kind == "truncated":
        return gz_member(warc_record(uri, page))[:-30]
    if kind == "not_html":
        return gz_member(warc_record(uri, b"%PDF-1.4 ...", content_type="application/pdf"))
    if kind == "content_length":
        return gz_member(warc_record(uri, page, length_delta=-11))
    if kind == "http_404":
        return gz_member(warc_record(uri, page, status="404 Not Found"))
    return b"this is not a gzip member\r\n" * 3


def write_warcs(pages: list[Path], raw: Path) -> dict[str, int]:
    """The crawl under `raw/`; the number of broken records of each kind."""
    raw.mkdir(parents=True)
    counts = dict.fromkeys(BROKEN_KINDS, 0)
    for start in range(0, len(pages), PER_ARCHIVE):
        with (raw / f"crawl-{start // PER_ARCHIVE:03d}.warc.gz").open("wb") as out:
            for number in range(start, min(start + PER_ARCHIVE, len(pages))):
                text = pages[number].read_text(encoding="utf-8")
                uri = f"https://synth.example/{pages[number].parent.name}/{pages[number].stem}"
                out.write(gz_member(warc_record(uri, page_html(text), date=CAPTURED)))
                if number % BROKEN_EVERY == BROKEN_EVERY - 1:
                    kind = BROKEN_KINDS[(number // BROKEN_EVERY) % len(BROKEN_KINDS)]
                    out.write(broken(kind, number))
                    counts[kind] += 1
    return counts


def build(raw: Path, out: Path, engine: str, workers: int, gates: bool) -> dict[str, Any]:
    command = [sys.executable, str(REPO / "bench" / "scale_build.py"), "--child", "--pages", "0"]
    command += ["--raw", str(raw), "--out", str(out), "--engine", engine]
    command += ["--workers", str(workers)] + ([] if gates else ["--no-gates"])
    result, wall, peaks = run_measured(command)
    figures = result["figures"]
    return {
        "wall_s": round(wall, 1),
        "build_s": round(result["build_s"], 1),
        "gates_passed": result.get("gates_passed"),
        "records_per_s": round(figures["records"] / result["build_s"], 1),
        "inputs_per_s": round(figures["inputs"] / result["build_s"], 1),
        "peak_pss_tree_mib": round(peaks["build"] / 1024),
        "inputs": figures["inputs"],
        "records": figures["records"],
        "quarantined": figures["quarantined"],
        "input_kinds": figures.get("input_kinds"),
    }


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def records(folder: Path) -> dict[str, dict[str, Any]]:
    import pyarrow.parquet as pq

    found: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.rglob("*.parquet")):
        table = pq.read_table(path)
        if "headline" not in table.column_names:
            continue  # the quarantine list
        for row in table.to_pylist():
            found[row["url"] or row["source"]] = row
    return found


def agreement(text: Path, warc: Path) -> dict[str, Any]:
    """The WARC records' fields and line labels against the same pages' text records."""
    by_text = records(text)
    by_url = records(warc)
    same = dict.fromkeys(FIELDS, 0)
    lines = labels = pairs = 0
    for url, row in by_url.items():
        source = url.removeprefix("https://synth.example/") + ".txt"
        twin = by_text.get(source)
        if twin is None:
            continue
        pairs += 1
        for field in FIELDS:
            same[field] += row[field] == twin[field]
        lines += len(twin["lines"])
        labels += sum(a == b for a, b in zip(row["lines"], twin["lines"], strict=False))
    return {
        "pairs": pairs,
        "text_records": len(by_text),
        "warc_records": len(by_url),
        "fields_equal": {k: round(v / max(1, pairs), 4) for k, v in same.items()},
        "lines_equal": round(labels / max(1, lines), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gates", action="store_true", help="run the gates after each build")
    parser.add_argument("--work", type=Path, default=Path("/tmp/khobor-warc-bench"))
    args = parser.parse_args(argv)
    root = Path(f"/tmp/khobor-synth-{args.pages}-plain")
    corpus(args.pages, args.seed, 0.0, root)
    import shutil

    shutil.rmtree(args.work, ignore_errors=True)
    pages = sorted((root / "pages").rglob("*.txt"))
    broken_counts = write_warcs(pages, args.work / "raw")
    warc_bytes = sum(p.stat().st_size for p in (args.work / "raw").iterdir())
    print(
        f"{len(pages):,} pages, {sum(broken_counts.values())} broken records "
        f"{broken_counts}; WARC {warc_bytes / 2**20:,.1f} MiB",
        flush=True,
    )
    runs = {}
    for name, raw, engine in (
        ("text_local", root / "pages", "local"),
        ("warc_local", args.work / "raw", "local"),
        ("warc_datatrove", args.work / "raw", "datatrove"),
    ):
        runs[name] = build(raw, args.work / name, engine, args.workers, args.gates)
        print(name, json.dumps(runs[name]), flush=True)
    local, dt = file_hashes(args.work / "warc_local"), file_hashes(args.work / "warc_datatrove")
    differing = sorted(k for k in local.keys() | dt.keys() if local.get(k) != dt.get(k))
    warc = runs["warc_local"]
    report = {
        "pages": len(pages),
        "workers": args.workers,
        "broken_records": broken_counts,
        "warc_mib": round(warc_bytes / 2**20, 1),
        "runs": runs,
        "accounted": {
            name: run["inputs"] == run["records"] + sum(run["quarantined"].values())
            for name, run in runs.items()
        },
        "warc_inputs_expected": len(pages) + sum(broken_counts.values()),
        "warc_inputs_seen": warc["inputs"],
        "engines_identical_files": len(local) if not differing else 0,
        "engines_differing_files": differing,
        "warc_vs_text": agreement(args.work / "text_local", args.work / "warc_local"),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if not differing and all(report["accounted"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
