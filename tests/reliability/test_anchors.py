"""A release whose trust comes from outside its folder: signed by its maintainer's key
(`khobor release --sign-key`) and checked against the public key a user pins (`khobor validate
--public-key`), and its release digest (printed by `khobor release`) pinned (`--digest`). A
one-byte edit anywhere in the folder, or a new file, is caught: each case its own test."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from reliability.helpers import khobor, seed_pages


def _key_pair(folder: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    private, public = folder / f"{name}.pem", folder / f"{name}.pub.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(release, the maintainer's public key, the digest `khobor release` printed)."""
    root = tmp_path_factory.mktemp("signed")
    raw = seed_pages(root / "raw")
    private, public = _key_pair(root, "maintainer")
    run = khobor(
        "release", "1.0.0", "--raw", raw, "--releases", root / "rel", "--sign-key", private
    )
    assert run.code == 0, run.stderr[-2000:]
    found = re.search(r"release digest (sha256:[0-9a-f]{64}); signed: release.sig", run.stdout)
    assert found, run.stdout[-500:]
    release = root / "rel" / "1.0.0"
    assert (release / "release.sig").is_file()
    return release, public, found[1]


def _checks(report_dir: Path) -> dict[str, dict[str, object]]:
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    return {check["check"]: check for check in report["checks"]}


def test_the_signed_release_verifies_with_its_key_and_digest(
    signed: tuple[Path, Path, str], tmp_path: Path
) -> None:
    release, public, digest = signed
    run = khobor(
        "validate", release, "--report-dir", tmp_path, "--public-key", public, "--digest", digest
    )
    assert run.code == 0, run.stdout[-3000:]
    checks = _checks(tmp_path)
    assert checks["dataset.signature"]["passed"] and checks["dataset.pinned_digest"]["passed"]


def test_another_key_does_not_verify_it(signed: tuple[Path, Path, str], tmp_path: Path) -> None:
    release, _, _ = signed
    _, other = _key_pair(tmp_path, "someone-else")
    run = khobor("validate", release, "--report-dir", tmp_path / "r", "--public-key", other)
    run.assert_clean()
    assert run.code == 1 and not _checks(tmp_path / "r")["dataset.signature"]["passed"]


def _flip(path: Path, old: bytes, new: bytes) -> None:
    """One byte changed: the first `old` becomes `new` (same length, one byte apart)."""
    assert len(old) == len(new) and sum(a != b for a, b in zip(old, new, strict=True)) == 1
    body = path.read_bytes()
    assert old in body, (path, old)
    path.write_bytes(body.replace(old, new, 1))


EDITS: dict[str, Callable[[Path], None]] = {
    # the data: a letter of the Hugging Face features in the Parquet footer (readable still)
    "data": lambda r: _flip(
        next((r / "data").glob("train-*.parquet")), b"Asia/Dhaka", b"Asia/Dhakb"
    ),
    "card": lambda r: _flip(r / "README.md", b"Dataset Card for", b"Dataset Card fop"),
    "croissant": lambda r: _flip(r / "croissant.json", b'"name": "khobor"', b'"name": "khobos"'),
    "manifest": lambda r: _flip(r / "manifest.json", b'"name": "khobor"', b'"name": "khobos"'),
    "quality report": lambda r: _flip(r / "quality" / "report.md", b"passed", b"passes"),
    "new hidden file": lambda r: (r / ".gitattributes").write_text("*.parquet -diff\n"),
    "new file in data": lambda r: (r / "data" / ".cache").write_bytes(b"x"),
}


@pytest.mark.parametrize("where", list(EDITS))
def test_a_one_byte_edit_anywhere_is_caught(
    signed: tuple[Path, Path, str], tmp_path: Path, where: str
) -> None:
    release, public, digest = signed
    copy = tmp_path / "1.0.0"
    shutil.copytree(release, copy)
    EDITS[where](copy)
    reports = tmp_path / "reports"
    run = khobor(
        "validate", copy, "--report-dir", reports, "--public-key", public, "--digest", digest
    )
    run.assert_clean()
    assert run.code == 1, run.stdout[-3000:]
    checks = _checks(reports)
    assert not checks["dataset.signature"]["passed"], checks["dataset.signature"]
    assert not checks["dataset.pinned_digest"]["passed"], checks["dataset.pinned_digest"]


def test_a_removed_signature_is_caught(signed: tuple[Path, Path, str], tmp_path: Path) -> None:
    release, public, _ = signed
    copy = tmp_path / "1.0.0"
    shutil.copytree(release, copy)
    (copy / "release.sig").unlink()
    run = khobor("validate", copy, "--report-dir", tmp_path / "r", "--public-key", public)
    run.assert_clean()
    signature = _checks(tmp_path / "r")["dataset.signature"]
    assert run.code == 1 and "no signature" in str(signature["message"]), signature


def test_a_bad_digest_or_a_missing_key_is_a_usage_error(
    signed: tuple[Path, Path, str], tmp_path: Path
) -> None:
    release, _, _ = signed
    bad = khobor("validate", release, "--report-dir", tmp_path, "--digest", "sha256:beef")
    missing = khobor("validate", release, "--report-dir", tmp_path, "--public-key", tmp_path / "k")
    for run in (bad, missing):
        run.assert_clean()
        assert run.code == 2
