"""Generate the broken-input corpus (and equivalent encodings of a page) into a directory.

Nothing big is committed: every file is made from the seed pages in ``dataset/raw/`` at test
time. Import from tests as ``from broken_inputs import write_broken_corpus`` (pytest puts
``tests/`` on ``sys.path``).
"""

from __future__ import annotations

import codecs
import random
from pathlib import Path

from khobor.contracts.records import Reason

SEED_DIR = Path(__file__).resolve().parent.parent / "dataset" / "raw"

# Size of the too-large file: well above DecodeLimits.max_bytes (10 MB).
TOO_LARGE_BYTES = 50 * 1024 * 1024

ENGLISH_PAGE = """\
International Desk
Published: 30 June 2025, 12:39 PM

North Korea and Russia pledge to deepen their friendship

Kim Jong Un. Photo: collected

North Korea and Russia have promised to deepen their cultural ties and mutual friendship,
the state news agency reported on Monday.
The two countries signed a new cultural exchange plan for the next three years.
Source: Reuters
"""


def seed_paths() -> list[Path]:
    """The seed pages, in file-name order."""
    return sorted(SEED_DIR.glob("*.txt"))


def seed_bytes() -> bytes:
    """The raw bytes of the first seed page (UTF-8, LF line ends)."""
    return seed_paths()[0].read_bytes()


def _cp1252_like_a_browser(data: bytes) -> str:
    """Decode ``data`` as windows-1252 the way browsers do (WHATWG).

    Python's cp1252 rejects the five undefined bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D; browsers map
    them to the C1 control of the same number. UTF-8 Bengali is full of 0x81 (E0 A6 81 is the
    candrabindu), so only the browser behaviour produces the real-world mojibake.
    """
    table = []
    for byte in range(256):
        try:
            table.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(byte))
    return "".join(table[byte] for byte in data)


def _html_page(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    paragraphs = "\n".join(f"<p>{line}</p>" for line in lines[1:])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="bn">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{lines[0]}</title>\n</head>\n<body>\n"
        f'<div class="article">\n<h1>{lines[0]}</h1>\n{paragraphs}\n</div>\n'
        "</body>\n</html>\n"
    )


def write_broken_corpus(dir: Path) -> dict[str, Reason]:
    """Write one file per kind of broken input into ``dir``; return file name → expected reason.

    Every reason that decoding can give appears at least once; the two mojibake kinds share
    one reason. The too-large file is 50 MB, written by repeating a seed page.
    """
    dir.mkdir(parents=True, exist_ok=True)
    seed = seed_bytes()
    seed_text = seed.decode("utf-8")
    seed_lines = seed_text.split("\n")
    files: dict[str, tuple[bytes, Reason]] = {
        "empty.txt": (b"", Reason.EMPTY_FILE),
        "whitespace_only.txt": (
            " \n\t\n\N{NO-BREAK SPACE}\N{ZERO WIDTH SPACE}  \r\n\n".encode(),
            Reason.WHITESPACE_ONLY,
        ),
        "random_bytes.bin": (random.Random(20250630).randbytes(4096), Reason.BINARY_CONTENT),
        # UTF-8 Bengali shown as windows-1252 by a browser, copied, and saved as UTF-8.
        "mojibake_cp1252.txt": (
            _cp1252_like_a_browser(seed).encode("utf-8"),
            Reason.MOJIBAKE,
        ),
        # The same through latin-1 (ISO-8859-1): the third byte of each letter is a C1 control.
        "mojibake_latin1.txt": (seed.decode("latin-1").encode("utf-8"), Reason.MOJIBAKE),
        # A page with NULs at the start of line 5 (a crashed writer's padding).
        "nul_bytes.txt": (
            "\n".join([*seed_lines[:4], "\x00\x00\x00" + seed_lines[4], *seed_lines[5:]]).encode(),
            Reason.NUL_BYTES,
        ),
        # Not UTF-8, no BOM: the seed's first line followed by an English line saved as cp1252.
        "undecodable_cp1252.txt": (
            seed_lines[0].encode() + "\nCafé “news”\n".encode("cp1252") + seed,
            Reason.UNDECODABLE_ENCODING,
        ),
        # an HTML page saved under a text page's name (since issue 25 `*.html` is read as HTML)
        "saved_markup.txt": (_html_page(seed_text).encode(), Reason.HTML_MARKUP),
        "english_only.txt": (ENGLISH_PAGE.encode(), Reason.NOT_BENGALI),
    }
    for name, (data, _) in files.items():
        (dir / name).write_bytes(data)
    with (dir / "too_large.txt").open("wb") as out:
        copies = TOO_LARGE_BYTES // len(seed) + 1
        block = seed * 64
        for _ in range(copies // 64 + 1):
            out.write(block)
    return {name: reason for name, (_, reason) in files.items()} | {
        "too_large.txt": Reason.TOO_LARGE
    }


def write_equivalent_encodings(dir: Path, seed_text: str) -> dict[str, Path]:
    """Write ``seed_text`` as UTF-8, UTF-8 with a BOM and UTF-16 LE with a BOM.

    Returns encoding name → path. All three must decode to exactly the same text.
    """
    dir.mkdir(parents=True, exist_ok=True)
    encoded = {
        "utf-8": seed_text.encode("utf-8"),
        "utf-8-sig": codecs.BOM_UTF8 + seed_text.encode("utf-8"),
        "utf-16": codecs.BOM_UTF16_LE + seed_text.encode("utf-16-le"),
    }
    paths = {}
    for name, data in encoded.items():
        path = dir / f"page.{name}.txt"
        path.write_bytes(data)
        paths[name] = path
    return paths
