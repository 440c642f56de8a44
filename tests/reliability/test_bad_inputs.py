"""The generated bad-input corpus through `khobor build` and `khobor extract`: every entry the
scan sees ends as a record or a quarantine entry with the reason its kind expects; nothing is
lost, nothing raises, nothing hangs."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from khobor.contracts.layout import read_inputs
from khobor.contracts.policy import Policy
from khobor.contracts.records import Reason
from khobor.pages.extract import ExtractContext, extract_file, iter_inputs, to_json
from khobor.pipeline import BuildRefused, Ledger, write_working_build
from reliability.corpus import RECORD, all_kinds, write_corpus
from reliability.helpers import SEEDS, khobor


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    raw = tmp_path_factory.mktemp("corpus") / "raw"
    return raw, write_corpus(raw)  # type: ignore[return-value]


def test_the_corpus_has_at_least_150_kinds() -> None:
    kinds = all_kinds()
    assert len({kind.name for kind in kinds}) == len(kinds) >= 150


def outcome(entry: dict[str, object]) -> str:
    return str(entry.get("quarantine_reason", RECORD))


def test_build_gives_every_entry_its_expected_outcome(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    raw, by_source = corpus
    result = write_working_build(raw, tmp_path / "out", policy=Policy(), ledger=None, workers=2)
    figures = result.figures
    assert figures.inputs == len(by_source)  # every scanned entry is an input
    assert figures.records + sum(figures.quarantined.values()) == figures.inputs
    quarantine = [json.loads(line) for line in (tmp_path / "out" / "quarantine.jsonl").open()]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    seen = {entry["source"]: outcome(entry) for entry in quarantine}
    inputs = read_inputs(tmp_path / "out")
    assert manifest["inputs"]["count"] == len(inputs)
    listed = {entry["source"] for entry in inputs} - {"sources.csv"}
    assert listed == set(by_source)
    wrong = []
    for source, kind in by_source.items():
        got = seen.get(source, RECORD)
        if got not in kind.expect:  # type: ignore[attr-defined]
            wrong.append(f"{kind.name}: {source!a} got {got}, expected {sorted(kind.expect)}")  # type: ignore[attr-defined]
    assert not wrong, "\n".join(wrong)
    assert figures.records >= 30  # the good pages among them


def test_extract_cli_prints_one_valid_json_line_per_entry(corpus) -> None:  # type: ignore[no-untyped-def]
    raw, by_source = corpus
    run = khobor("extract", raw, env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"})
    run.assert_clean()
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert len(lines) == len(by_source)
    sources = [json.loads(line)["source"] for line in lines]
    assert sorted(sources) == sorted(by_source)


def test_the_eight_entries_that_vanished_are_counted(tmp_path: Path) -> None:
    """Issue 10 item 6: dangling link, looping links, FIFO, folder named x.txt, device links
    and `*.TXT` are all inputs now, each with a reason (or a record for `*.TXT`)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_bytes(SEEDS[0].read_bytes())
    (raw / "UPPER.TXT").write_bytes(SEEDS[1].read_bytes())
    (raw / "dangling.txt").symlink_to(raw / "gone")
    (raw / "a.txt").symlink_to(raw / "b.txt")
    (raw / "b.txt").symlink_to(raw / "a.txt")
    os.mkfifo(raw / "fifo.txt")
    (raw / "x.txt").mkdir()
    (raw / "zero.txt").symlink_to("/dev/zero")
    (raw / "null.txt").symlink_to("/dev/null")
    ctx = ExtractContext()
    results = {item.source: to_json(extract_file(item, ctx)) for item in iter_inputs([raw])}
    assert len(results) == 9
    reasons = Counter(outcome(entry) for entry in results.values())
    # the device links leave the raw folder: never followed (issue 21)
    assert reasons == {
        RECORD: 2,
        str(Reason.NOT_A_REGULAR_FILE): 5,
        str(Reason.SYMLINK_OUTSIDE_RAW): 2,
    }
    assert "a symlink loop" in results["a.txt"]["detail"]
    assert "a dangling symlink" in results["dangling.txt"]["detail"]
    assert "a FIFO" in results["fifo.txt"]["detail"]
    assert "a folder" in results["x.txt"]["detail"]
    assert "a symbolic link leaving" in results["zero.txt"]["detail"]  # never opened


def test_fifo_and_dev_zero_named_explicitly_neither_hang_nor_exhaust(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "z.txt").symlink_to("/dev/zero")
    run = khobor("extract", tmp_path / "fifo.txt", tmp_path / "z.txt", SEEDS[0], timeout=60)
    run.assert_clean()
    assert run.code == 0
    entries = [json.loads(line) for line in run.stdout.splitlines()]
    assert [outcome(e) for e in entries] == ["not_a_regular_file", "not_a_regular_file", RECORD]


def test_read_ahead_opens_regular_files_only_and_never_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass 1 announces a task's files to the kernel before reading them (`advise_reading`):
    a FIFO, a device, a folder, a symlink loop or a missing file among them is passed over
    without being opened (opening a device can act on it), and left for `read_page` to
    quarantine."""
    from khobor.pages.extract import InputFile, advise_reading

    regular = tmp_path / "a.txt"
    regular.write_bytes(b"x")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    names = ["fifo.txt", "zero.txt", "a.txt", "folder.txt", "loop.txt", "gone.txt"]
    items = [InputFile(tmp_path / name, name, tmp_path) for name in names]
    opened: list[str] = []
    advised: list[int] = []
    real_open = os.open

    def watched_open(path: Path, flags: int, *rest: int) -> int:
        opened.append(str(path))
        return real_open(path, flags, *rest)

    monkeypatch.setattr(os, "open", watched_open)
    monkeypatch.setattr(
        os, "posix_fadvise", lambda fd, offset, length, advice: advised.append(advice)
    )
    advise_reading(items)
    assert opened == [str(regular)]
    assert advised == [os.POSIX_FADV_WILLNEED]
    monkeypatch.delattr(os, "posix_fadvise")  # not every system has it
    advise_reading(items)
    assert opened == [str(regular)]


def test_size_cap_holds_while_reading(tmp_path: Path) -> None:
    """A file that grows past the cap after its size was checked is still cut at the cap."""
    from khobor.pages.extract import InputFile, read_page
    from khobor.text.decode import DecodeLimits

    path = tmp_path / "grows.txt"
    path.write_bytes(b"x" * 10)
    limits = DecodeLimits(max_bytes=100)
    item = InputFile(path, "grows.txt", tmp_path)
    real_stat = Path.stat

    def small_stat(self: Path, **kwargs: object):  # type: ignore[no-untyped-def]
        found = real_stat(self, **kwargs)  # type: ignore[arg-type]
        path.write_bytes(b"x" * 10_000)  # grows between the stat and the read
        return found

    pytest.MonkeyPatch().setattr(Path, "stat", small_stat)
    try:
        result = read_page(item, limits)
    finally:
        pytest.MonkeyPatch().undo()
        Path.stat = real_stat  # type: ignore[method-assign]
    assert getattr(result, "reason", None) is Reason.TOO_LARGE


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run a step as `nobody`")
def test_unreadable_file_named_explicitly_is_quarantined_not_a_usage_error(tmp_path: Path) -> None:
    import shutil

    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is not installed")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="khobor-nobody-"))  # pytest's tmp is root-only
    folder.chmod(0o755)
    good, bad = folder / "good.txt", folder / "u.txt"
    good.write_bytes(SEEDS[1].read_bytes())
    good.chmod(0o644)
    bad.write_bytes(SEEDS[0].read_bytes())
    bad.chmod(0)
    import subprocess

    from reliability.helpers import KHOBOR

    proc = subprocess.run(
        [
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "--",
            str(KHOBOR),
            "extract",
            str(good),
            str(bad),
        ],
        capture_output=True,
        timeout=120,
    )
    if b"Permission denied" in proc.stderr and b"khobor" not in proc.stderr:
        pytest.skip("`nobody` cannot run the venv here")
    assert b"Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr
    entries = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    shutil.rmtree(folder)
    assert [outcome(e) for e in entries] == [RECORD, "unreadable_file"]


def test_zero_record_build_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildRefused, match="no records"):
        write_working_build(raw, tmp_path / "out", policy=Policy(), ledger=None)
    assert not (tmp_path / "out").exists()
    run = khobor("build", "--raw", raw, "--out", tmp_path / "out", "--releases", tmp_path / "r")
    run.assert_clean()
    assert run.code == 1 and "no records" in run.stderr
    empty = tmp_path / "none"
    empty.mkdir()
    run = khobor("release", "1.0.0", "--raw", empty, "--releases", tmp_path / "r")
    run.assert_clean()
    assert run.code == 1 and "no records" in run.stderr
    assert not (tmp_path / "r" / "1.0.0").exists()
    assert Ledger  # the ledger type stays importable for the build API


def test_links_to_folders_are_followed_once_and_unlistable_folders_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "sub" / "a.txt").write_bytes(SEEDS[0].read_bytes())
    (raw / "more").symlink_to(raw / "sub", target_is_directory=True)  # a second way in
    (raw / "back").symlink_to(raw, target_is_directory=True)  # a loop
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_bytes(SEEDS[1].read_bytes())
    (raw / "linked").symlink_to(outside, target_is_directory=True)
    (raw / "private").mkdir()
    real_scandir, real_access = os.scandir, os.access

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(
        os, "access", lambda p, m: not str(p).endswith("private") and real_access(p, m)
    )
    ctx = ExtractContext()
    results = {
        item.source: outcome(to_json(extract_file(item, ctx))) for item in iter_inputs([raw])
    }
    # a folder linked from outside the raw folder is an input of its own, never followed
    # (issue 21: its pages became records)
    assert results == {
        "linked": str(Reason.SYMLINK_OUTSIDE_RAW),
        "private": "unreadable_file",
        "sub/a.txt": RECORD,
    }


def test_odd_names_give_the_same_build_with_the_datatrove_engine(tmp_path: Path) -> None:
    """A newline or bytes that are not UTF-8 in a name (F4): both engines, the same bytes."""
    pytest.importorskip("datatrove")
    from khobor.pipeline import build_dataset
    from reliability.helpers import tree_digest

    raw = tmp_path / "raw"
    raw.mkdir()
    for index, name in enumerate([b"a\nb.txt", b"bad\xff.txt", b"tab\tname.txt", b"ok.txt"]):
        with open(os.path.join(os.fsencode(raw), name), "wb") as handle:
            handle.write(SEEDS[index].read_bytes())
    local = build_dataset(raw, tmp_path / "local", version="1.0.0", policy=Policy())
    other = build_dataset(
        raw, tmp_path / "dt", version="1.0.0", policy=Policy(), engine="datatrove", workers=2
    )
    assert local.figures.records == 3 and local.figures.quarantined == {"undecodable_file_name": 1}
    assert tree_digest(tmp_path / "local") == tree_digest(tmp_path / "dt")
    assert other.figures.inputs == 4
