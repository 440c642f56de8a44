"""A release signed by its maintainer and verified against a public key its user pins: trust
that does not come from the folder itself.

OpenSSF `model-signing` (made for ML artifacts: it hashes every file of a folder into a signed
in-toto statement in a Sigstore bundle) with its key-based signer, so nothing goes to the
network: `khobor release --sign-key KEY.pem` signs the staged folder, its quality reports
included, into `release.sig` before the publish rename; `khobor validate --public-key PUB.pem`
checks it (`dataset.signature`). Every file is covered, hidden ones and git's too (model-signing
would leave `.git*` out by default): a file added, removed or changed anywhere fails. Keys are
elliptic-curve keys in PEM (`openssl ecparam -name prime256v1 -genkey -noout -out key.pem`;
`openssl ec -in key.pem -pubout -out key.pub.pem`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from khobor.contracts.layout import SIGNATURE

# model-signing names a changed file in a list's repr: `'Hash mismatch for \\'data/x\\': …'`
_CHANGED = re.compile(r"Hash mismatch for \\?'([^'\\]+)\\?'")


class SigningError(Exception):
    """The release cannot be signed (no such key, not a private key); one line."""


def _hashing() -> Any:
    import model_signing

    # every file but the signature itself, `.git*` included: nothing in the folder is exempt
    return model_signing.hashing.Config().set_ignored_paths(
        paths=[SIGNATURE], ignore_git_paths=False
    )


def sign_release(folder: Path, private_key: Path) -> Path:
    """Sign every file of `folder` into `folder/release.sig`; returns its path."""
    import model_signing

    if not private_key.is_file():
        raise SigningError(f"{private_key}: no such private key file")
    signature = folder / SIGNATURE
    try:
        config = model_signing.signing.Config().use_elliptic_key_signer(private_key=private_key)
        config.set_hashing_config(_hashing()).sign(folder, signature)
    except (ValueError, TypeError, OSError) as error:
        raise SigningError(f"{private_key}: cannot sign with it ({_first_line(error)})") from None
    return signature


def signature_problem(folder: Path, public_key: Path) -> str | None:
    """Why `folder` is not what the holder of `public_key`'s private key signed, or None."""
    import model_signing

    signature = folder / SIGNATURE
    if not signature.is_file() or signature.is_symlink():
        return f"no signature in the release ({SIGNATURE})"
    try:
        config = model_signing.verifying.Config().use_elliptic_key_verifier(public_key=public_key)
        config.set_hashing_config(_hashing()).verify(folder, signature)
    except Exception as error:  # the library raises ValueError, OSError and its own kinds
        changed = _CHANGED.findall(str(error))
        if changed:  # its message prints both digests as bytes: name the files instead
            return "changed since it was signed: " + ", ".join(changed[:5])
        return _first_line(error)
    return None


def _first_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return (text[:300] + "…" if len(text) > 300 else text) or type(error).__name__
