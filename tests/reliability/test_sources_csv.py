"""`sources.csv` as users write it: a BOM or UTF-16 is read; every other problem is an error
naming the file and its lines (exit 2 from the CLI), never a silently ignored listing."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from khobor.annotate.outlets import SourcesError, load_sources
from reliability.helpers import SEEDS, khobor

PAGE = SEEDS[2].name
ROWS = f"source,url\n{PAGE},https://www.prothomalo.com/x\n"


def write(folder: Path, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.csv").write_bytes(data)
    return folder


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + ROWS.encode(),
        ROWS.encode("utf-16"),  # with its BOM
        ROWS.encode("utf-32"),
        ROWS.replace("\n", "\r\n").encode(),
        f"url,source,note\nhttps://www.prothomalo.com/x,{PAGE},extra\n".encode(),
        (ROWS + "\n\n").encode(),  # blank lines
        f"source , url \n {PAGE} , https://www.prothomalo.com/x \n".encode(),
    ],
    ids=["bom", "utf16", "utf32", "crlf", "other-order", "blank-lines", "spaces"],
)
def test_readable_variants_give_the_listing(tmp_path: Path, data: bytes) -> None:
    assert load_sources(write(tmp_path, data)) == {PAGE: "https://www.prothomalo.com/x"}


BAD: dict[str, tuple[bytes, str]] = {
    "latin1": (
        f"source,url\n{PAGE},https://x.com/caf\xe9\n".encode("latin-1"),
        "line 2: not utf-8",
    ),
    "random": (random.Random(1).randbytes(2000), "not utf-8"),
    "huge-field": (
        f"source,url\n{PAGE},https://x.com/{'a' * 200_000}\n".encode(),
        "line 2: field larger",
    ),
    "ipv6": (f"source,url\n{PAGE},http://[::1\n".encode(), "line 2: invalid URL"),
    "no-host": (f"source,url\n{PAGE},not a url\n".encode(), "line 2: not a URL with a host"),
    "wrong-header": (f"file,link\n{PAGE},https://x.com/a\n".encode(), "line 1: the header"),
    "empty": (b"", "line 1: the header"),
    "duplicate": ((ROWS + f"{PAGE},https://x.com/b\n").encode(), "line 3: '002"),
    "same-row-twice": ((ROWS + ROWS.split("\n")[1] + "\n").encode(), "first on line 2"),
    "missing-url": (f"source,url\n{PAGE},\n".encode(), "line 2: needs both"),
    "short-row": (f"source,url\n{PAGE}\n".encode(), "line 2: needs both"),
    "nul": (ROWS.encode() + b"\0\n", "line 3"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_variants_are_errors_naming_the_lines(tmp_path: Path, name: str) -> None:
    data, expected = BAD[name]
    folder = write(tmp_path, data)
    with pytest.raises(SourcesError) as caught:
        load_sources(folder)
    message = str(caught.value)
    assert message.startswith(str(folder / "sources.csv")) and expected in message, message
    assert "\n" not in message


def test_many_bad_lines_are_named_and_counted(tmp_path: Path) -> None:
    rows = "".join(f"p{i}.txt,no-host\n" for i in range(10))
    with pytest.raises(SourcesError, match=r"line 2: .*line 3: .*line 4: .*\(and 7 more\)"):
        load_sources(write(tmp_path, f"source,url\n{rows}".encode()))


def test_cli_reports_a_bad_sources_csv_in_one_line(tmp_path: Path) -> None:
    folder = write(tmp_path / "raw", BAD["latin1"][0])
    (folder / PAGE).write_bytes(SEEDS[2].read_bytes())
    for args in (
        ["extract", folder],
        ["build", "--raw", folder, "--out", tmp_path / "o", "--releases", tmp_path / "r"],
    ):
        run = khobor(*args)
        run.assert_clean()
        assert run.code == 2 and "sources.csv: line 2" in run.stderr


def test_bom_listing_is_used(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "raw", codecs.BOM_UTF8 + ROWS.replace("prothomalo", "kalbela").encode()
    )
    (folder / PAGE).write_bytes(SEEDS[2].read_bytes())
    run = khobor("extract", folder)
    assert run.code == 0
    assert json.loads(run.stdout.splitlines()[0])["outlet"] == "kalbela"
