"""Trust anchored outside the release: its maintainer's signature checked against a public key
the user pins (`dataset.signature`, `khobor validate --public-key`), and its release digest
against one the user pins (`dataset.pinned_digest`, `khobor validate --digest`, the digest
`khobor release` printed and `DATASHEET.md` records). Run only when asked for."""

from __future__ import annotations

from pathlib import Path

from khobor.contracts.release_files import release_digest
from khobor.gates.config import GatesConfig
from khobor.gates.core import CheckResult, ReleaseData, check_result, literal

SIGNATURE_CHECK = "dataset.signature"
DIGEST_CHECK = "dataset.pinned_digest"


def normal_digest(text: str) -> str | None:
    """`sha256:<64 hex>` from what a user types (with or without `sha256:`), or None.

    >>> normal_digest("SHA256:" + "AB" * 32) == "sha256:" + "ab" * 32
    True
    >>> normal_digest("abc") is None
    True
    """
    value = text.strip().lower().removeprefix("sha256:")
    if len(value) != 64 or any(ch not in "0123456789abcdef" for ch in value):
        return None
    return f"sha256:{value}"


def signature_check(release: ReleaseData, config: GatesConfig, public_key: Path) -> CheckResult:
    from khobor.contracts.signing import signature_problem

    problem = signature_problem(release.folder, public_key)
    return check_result(
        SIGNATURE_CHECK,
        config.level(SIGNATURE_CHECK),
        [] if problem is None else ["release.sig"],
        ok=f"every file is what the holder of {public_key.name}'s private key signed",
        bad=literal(f"the signature does not hold for {public_key.name}: {problem}"),
        figures={"public_key": str(public_key)},
    )


def digest_check(release: ReleaseData, config: GatesConfig, pinned: str) -> CheckResult:
    actual = release_digest(release.folder)
    return check_result(
        DIGEST_CHECK,
        config.level(DIGEST_CHECK),
        [] if actual == pinned else ["release:digest"],
        ok=f"release digest {actual} is the one pinned",
        bad=literal(f"release digest {actual} ≠ the pinned {pinned}: the folder changed"),
        figures={"digest": actual, "pinned": pinned},
    )
