"""The generated bad-input corpus: ≥150 kinds of raw entry, each with the outcome khobor must
give it (a record, or a quarantine reason). Nothing binary is committed: every entry is made
here, at test time, from the seed pages.

A kind is `Kind(name, make, expect)`: `make(folder)` creates one entry (or a few, for links)
under `folder` and returns the source names it adds; `expect` is "record" or a set of
acceptable reasons (a set when several codes are honest answers, e.g. random bytes).
"""

from __future__ import annotations

import codecs
import os
import random
import socket
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from khobor.contracts.records import Reason
from reliability.helpers import SEEDS

RECORD = "record"
DECODE_REASONS = {
    Reason.BINARY_CONTENT,
    Reason.UNDECODABLE_ENCODING,
    Reason.NUL_BYTES,
    Reason.MOJIBAKE,
    Reason.NOT_BENGALI,
    Reason.WHITESPACE_ONLY,
    Reason.HTML_MARKUP,
}
# What a damaged but decodable page may honestly become: a record, or a content reason.
CONTENT_OUTCOMES = {RECORD, *DECODE_REASONS, Reason.NO_HEADLINE, Reason.NO_BODY, Reason.NOT_ARTICLE}
CONTENT_OUTCOMES |= {Reason.LOW_BENGALI_SHARE, Reason.DATE_OUT_OF_RANGE}
CONTENT_OUTCOMES |= {Reason.UPDATED_BEFORE_PUBLISHED, Reason.PAGE_DATE_BEFORE_DATE}
CONTENT_OUTCOMES |= {Reason.DUPLICATE_BODY}  # a cut at the very end can leave the same body


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[Path], list[str]]
    expect: frozenset[str]


def _page(index: int = 0) -> str:
    return SEEDS[index % len(SEEDS)].read_text(encoding="utf-8")


def _unique(text: str, tag: str) -> str:
    """The page with a body line of its own, so no two kinds share a body (no duplicates)."""
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] = f"{lines[longest]} ({tag} নম্বর সংস্করণ)"
    return "\n".join(lines)


def _file(name: str, data: bytes) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / name).write_bytes(data)
        return [name]

    return make


def _text_kinds() -> list[Kind]:
    """Pages whose bytes are damaged or re-encoded."""
    kinds: list[Kind] = []

    def add(name: str, data: bytes, *expect: str) -> None:
        kinds.append(Kind(name, _file(f"{name}.txt", data), frozenset(expect)))

    good = _unique(_page(0), "base")
    add("good", good.encode(), RECORD)
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
        bom |= {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
        text = _unique(_page(1), codec)
        add(f"bom_{codec}", bom[codec] + text.encode(codec), RECORD)
    add("bom_utf8", codecs.BOM_UTF8 + _unique(_page(2), "sig").encode(), RECORD)
    add("utf16_no_bom", _unique(_page(3), "u16").encode("utf-16-le"), RECORD)
    add("crlf", _unique(_page(4), "crlf").replace("\n", "\r\n").encode(), RECORD)
    add("cr_only", _unique(_page(0), "cr").replace("\n", "\r").encode(), RECORD)
    add("empty", b"", Reason.EMPTY_FILE)
    for n, blank in enumerate([" ", "\n\n\n", "\t \r\n", "\u200b\u200b", "\u00a0\n"]):
        add(f"whitespace_{n}", blank.encode(), Reason.WHITESPACE_ONLY)
    cut = good.index("\n", 300)  # at a line end: not inside a character
    add("nul_in_middle", (good[:cut] + "\0" + good[cut:]).encode(), Reason.NUL_BYTES)
    add("all_nul", b"\0" * 4096, *DECODE_REASONS)
    add("latin1", "Café ক".encode("latin-1", "replace"), Reason.UNDECODABLE_ENCODING)
    add("mojibake", good.encode().decode("cp1252", "ignore").encode(), *DECODE_REASONS)
    add("html", f"<!doctype html><html><body>{good}</body></html>".encode(), Reason.HTML_MARKUP)
    add("english", b"Only English here, a few words.\n" * 20, Reason.NOT_BENGALI)
    add("digits_only", "১২৩ ৪৫৬\n".encode() * 10, Reason.NOT_BENGALI)
    add("one_line", "খবর".encode(), *CONTENT_OUTCOMES - {RECORD})
    add("headline_only", "উত্তর কোরিয়া ও রাশিয়ার বৈঠক\n".encode(), *CONTENT_OUTCOMES)
    add("control_chars", ("\x01\x02\x03\x04" * 300 + good).encode(), Reason.BINARY_CONTENT)
    add("huge_line", (good + "ক" * 500_000).encode(), *CONTENT_OUTCOMES)
    add("too_large", b"k" * (10 * 1024 * 1024 + 1), Reason.TOO_LARGE)
    rng = random.Random(10)
    for n in range(25):  # random bytes of several sizes
        add(
            f"random_{n}", rng.randbytes(rng.choice([1, 7, 64, 999, 4096, 70_000])), *DECODE_REASONS
        )
    data = good.encode()
    for n, cut in enumerate([1, 2, 3, 50, 301, 1001, 2500, len(data) // 2, len(data) - 1]):
        add(f"truncated_{n}", data[:cut], *CONTENT_OUTCOMES)  # mid-character cuts too
    for n in range(12):  # one invalid byte somewhere
        at = rng.randrange(len(data))
        add(f"bad_byte_{n}", data[:at] + b"\xff" + data[at:], *DECODE_REASONS)
    for n in range(10):  # lines shuffled: any honest outcome, never a crash
        lines = _unique(_page(n), f"shuffle{n}").split("\n")
        rng.shuffle(lines)
        add(f"shuffled_{n}", "\n".join(lines).encode(), *CONTENT_OUTCOMES)
    invisible = ["\u200d", "\u200c", "\u00ad", "\u2060", "\u202e", "\ufeff", "\u00a0"]
    for n, char in enumerate(invisible):
        add(
            f"invisible_{n}",
            _unique(_page(n), f"inv{n}").replace(" ", char, 30).encode(),
            *CONTENT_OUTCOMES,
        )
    shapes: dict[str, Callable[[str], str]] = {
        "doubled": lambda t: t + "\n" + t,  # the whole article a second time
        "one_line": lambda t: " ".join(t.split("\n")),
        "no_blank_lines": lambda t: "\n".join(x for x in t.split("\n") if x.strip()),
        "indented": lambda t: "\n".join("\t  " + x for x in t.split("\n")),
        "reversed": lambda t: "\n".join(reversed(t.split("\n"))),
    }
    for shape, change in shapes.items():
        for n in range(len(SEEDS)):
            text = change(_unique(_page(n), f"{shape}{n}"))
            add(f"{shape}_{n}", text.encode(), *CONTENT_OUTCOMES)
    utf16 = codecs.BOM_UTF16_LE + _unique(_page(2), "odd").encode("utf-16-le")
    add("utf16_odd_length", utf16[:-1], Reason.UNDECODABLE_ENCODING)
    add("utf32_no_bom", _unique(_page(3), "u32").encode("utf-32-le"), *DECODE_REASONS)
    nfd = unicodedata.normalize("NFD", _unique(_page(1), "nfd"))
    add("nfd_text", nfd.encode(), RECORD)
    add("emoji", _unique(_page(2), "emoji").replace("।", "। 😀", 3).encode(), RECORD)
    add(
        "lone_surrogate_utf16",
        codecs.BOM_UTF16_LE + b"\x00\xd8" + "ক".encode("utf-16-le"),
        Reason.UNDECODABLE_ENCODING,
    )
    return kinds


def _fault_kinds() -> list[Kind]:
    """Pages whose one fault the schema gate refuses: quarantined with its own reason."""
    dateline = "প্রকাশ : ৩০ জুন ২০২৫, ১২:৩৯ পিএম"
    page = _page(0)
    assert dateline in page
    kinds = [
        Kind(
            "date_2199",
            _file(
                "date_2199.txt",
                _unique(page.replace(dateline, dateline.replace("২০২৫", "২১৯৯")), "d2199").encode(),
            ),
            frozenset({Reason.DATE_OUT_OF_RANGE}),
        ),
        Kind(
            "date_1850",
            _file(
                "date_1850.txt",
                _unique(page.replace(dateline, dateline.replace("২০২৫", "১৮৫০")), "d1850").encode(),
            ),
            frozenset({Reason.DATE_OUT_OF_RANGE}),
        ),
        Kind(
            "updated_before_published",
            _file(
                "updated_before.txt",
                _unique(
                    page.replace(dateline, dateline + "\nআপডেট : ২৯ জুন ২০২৫, ১০:০০ এএম"), "upd"
                ).encode(),
            ),
            frozenset({Reason.UPDATED_BEFORE_PUBLISHED}),
        ),
    ]
    return kinds


def _name_kinds() -> list[Kind]:
    """Good pages under odd names."""
    kinds: list[Kind] = []

    def add(name: str | bytes, expect: str, tag: str) -> None:
        data = _unique(_page(len(kinds)), f"name{tag}").encode()

        def make(folder: Path) -> list[str]:
            path = os.path.join(os.fsencode(folder), os.fsencode(name))
            with open(path, "wb") as handle:
                handle.write(data)
            return [os.fsdecode(name)]

        kinds.append(Kind(f"name_{tag}", make, frozenset({expect})))

    for n, raw in enumerate([b"bad\xff.txt", b"\xc3\x28.txt", b"\xe0\xa6.txt", b"\x80\x80.txt"]):
        add(raw, Reason.UNDECODABLE_FILE_NAME, f"undecodable{n}")
    add(unicodedata.normalize("NFD", "খবর কো.txt"), Reason.NONCANONICAL_FILE_NAME, "nfd")
    add("ctrl\x01name.txt", Reason.NONCANONICAL_FILE_NAME, "ctrl")
    add("cr\rname.txt", Reason.NONCANONICAL_FILE_NAME, "cr")
    add("new\nline.txt", RECORD, "newline")  # LF is allowed in text; JSON escapes it
    add("tab\tname.txt", RECORD, "tab")
    add("upper.TXT", RECORD, "upper")
    add("mixed.Txt", RECORD, "mixed")
    add("-dash.txt", RECORD, "dash")
    add(" space .txt", RECORD, "spaces")
    add(".hidden.txt", RECORD, "hidden")
    add("খবর.txt", RECORD, "bengali")
    add("😀.txt", RECORD, "emoji")
    add("x" * 251 + ".txt", RECORD, "long")
    add("back\\slash.txt", RECORD, "backslash")
    add("quote\"'.txt", RECORD, "quotes")
    add("ক" * 60 + ".txt", RECORD, "long_bengali")
    return kinds


def _entry_kinds() -> list[Kind]:
    """Entries with a page name that are not regular files."""

    def fifo(folder: Path) -> list[str]:
        os.mkfifo(folder / "fifo.txt")
        return ["fifo.txt"]

    def dangling(folder: Path) -> list[str]:
        (folder / "dangling.txt").symlink_to(folder / "nowhere")
        return ["dangling.txt"]

    def loop(folder: Path) -> list[str]:
        (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
        (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
        return ["loop_a.txt", "loop_b.txt"]

    def self_loop(folder: Path) -> list[str]:
        (folder / "self.txt").symlink_to(folder / "self.txt")
        return ["self.txt"]

    def folder_named_txt(folder: Path) -> list[str]:
        (folder / "dir.txt").mkdir()
        return ["dir.txt"]

    def link_to_folder(folder: Path) -> list[str]:
        (folder / "dirlink.txt").symlink_to(folder, target_is_directory=True)
        return ["dirlink.txt"]

    def sock(folder: Path) -> list[str]:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(folder / "sock.txt"))
        server.close()
        return ["sock.txt"]

    def device(name: str, target: str) -> Callable[[Path], list[str]]:
        def make(folder: Path) -> list[str]:
            (folder / name).symlink_to(target)
            return [name]

        return make

    def link_to_page(folder: Path) -> list[str]:
        target = folder / "target.data"  # not a page name: read only through the link
        target.write_bytes(_unique(_page(3), "linked").encode())
        (folder / "link.txt").symlink_to(target)
        return ["link.txt"]

    def nested(folder: Path) -> list[str]:
        deep = folder / "a" / "b" / "c" / "d"
        deep.mkdir(parents=True)
        (deep / "deep.txt").write_bytes(_unique(_page(4), "deep").encode())
        return ["a/b/c/d/deep.txt"]

    def link_to_page_outside(folder: Path) -> list[str]:
        outside = folder.parent / "outside-the-raw-folder"
        outside.mkdir(exist_ok=True)
        target = outside / "page.txt"
        target.write_bytes(_unique(_page(1), "outside").encode())
        (folder / "outside_link.txt").symlink_to(target)
        return ["outside_link.txt"]

    def link_to_folder_outside(folder: Path) -> list[str]:
        outside = folder.parent / "outside-folder"
        outside.mkdir(exist_ok=True)
        (outside / "page.txt").write_bytes(_unique(_page(2), "outside folder").encode())
        (folder / "outside_folder").symlink_to(outside, target_is_directory=True)
        return ["outside_folder"]  # the link is the input; the pages beyond it are not

    not_regular = frozenset({Reason.NOT_A_REGULAR_FILE})
    outside = frozenset({Reason.SYMLINK_OUTSIDE_RAW})
    kinds = [
        Kind("fifo", fifo, not_regular),
        Kind("dangling_link", dangling, not_regular),
        Kind("looping_links", loop, not_regular),
        Kind("self_link", self_loop, not_regular),
        Kind("folder_named_txt", folder_named_txt, not_regular),
        Kind("link_to_folder", link_to_folder, not_regular),
        Kind("socket", sock, not_regular),
        Kind("link_to_page", link_to_page, frozenset({RECORD})),
        Kind("link_to_page_outside", link_to_page_outside, outside),
        Kind("link_to_folder_outside", link_to_folder_outside, outside),
        Kind("nested_page", nested, frozenset({RECORD})),
    ]
    for device_path in ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/full", "/dev/tty"):
        name = f"dev_{Path(device_path).name}.txt"  # outside the raw folder: never followed
        kinds.append(Kind(f"link_{Path(device_path).name}", device(name, device_path), outside))
    if os.geteuid() != 0:  # root reads anything: only a user can test an unreadable page

        def unreadable(folder: Path) -> list[str]:
            path = folder / "unreadable.txt"
            path.write_bytes(_unique(_page(0), "unreadable").encode())
            path.chmod(0)
            return ["unreadable.txt"]

        kinds.append(Kind("unreadable", unreadable, frozenset({Reason.UNREADABLE_FILE})))
    assert all(stat.S_ISCHR(os.stat(d).st_mode) for d in ("/dev/null", "/dev/zero"))
    return kinds


def all_kinds() -> list[Kind]:
    return [*_text_kinds(), *_fault_kinds(), *_name_kinds(), *_entry_kinds()]


def write_corpus(folder: Path) -> dict[str, Kind]:
    """Every kind under `folder`; returns source name → its kind."""
    from khobor.pages.extract import printable_name

    folder.mkdir(parents=True, exist_ok=True)
    by_source: dict[str, Kind] = {}
    for kind in all_kinds():
        for source in kind.make(folder):
            assert printable_name(source) not in by_source, source
            by_source[printable_name(source)] = kind
    return by_source
