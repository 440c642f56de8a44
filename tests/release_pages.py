"""Raw folders for the build and release tests, made from the seed pages at test time.

Import as ``from release_pages import copy_seeds, write_variant`` (pytest puts ``tests/`` on
``sys.path``). A *variant* is a seed whose body lines are scrambled word by word (so its
shingles share nothing with the seed: a distinct article) and whose headline is marked.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent.parent / "dataset" / "raw"
SEEDS = sorted(SEED_DIR.glob("*.txt"))


def copy_seeds(dest: Path) -> Path:
    """`dest` with a writable copy of every seed page (and `sources.csv` when there is one)."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in SEED_DIR.iterdir():
        if path.is_file():
            (dest / path.name).write_bytes(path.read_bytes())
    return dest


def _scramble(line: str, salt: int) -> str:
    return " ".join(
        sorted(line.split(), key=lambda w: hashlib.sha1(f"{salt}\0{w}".encode()).digest())
    )


def variant_text(seed: Path, salt: int) -> str:
    """A distinct article made from `seed`: body lines scrambled, headline marked."""
    from khobor.pages.extract import ExtractContext, extract_file, iter_inputs, to_json

    record = to_json(extract_file(next(iter_inputs([seed])), ExtractContext()))
    body = {line["text"] for line in record["lines"] if line["label"] == "body"}
    out = []
    for line in seed.read_text(encoding="utf-8").split("\n"):
        text = line.strip()
        if text in body:
            out.append(_scramble(text, salt))
        elif text == record["headline"]:
            out.append(f"{text} ({salt})")
        else:
            out.append(line)
    return "\n".join(out)


def write_variant(raw: Path, seed_index: int, salt: int) -> Path:
    path = raw / f"variant_{seed_index}_{salt}.txt"
    path.write_text(variant_text(SEEDS[seed_index], salt), encoding="utf-8")
    return path


def write_near_duplicate(raw: Path, seed_index: int) -> Path:
    """The seed with one body word changed: a near duplicate with other bytes (another id)."""
    text = SEEDS[seed_index].read_text(encoding="utf-8")
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    words = lines[longest].split(" ")
    words[len(words) // 2] = "পরিবর্তিত"
    lines[longest] = " ".join(words)
    path = raw / f"near_{seed_index}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def clear(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
