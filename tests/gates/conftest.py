from __future__ import annotations

from pathlib import Path

import pytest

from gates.corrupt import RELEASE, copy_release


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A writable copy of release 1.0.0 in `tmp_path/releases/1.0.0`."""
    if not RELEASE.is_dir():
        pytest.fail("dataset/releases/1.0.0 is missing; run `khobor release 1.0.0`")
    return copy_release(tmp_path / "releases" / "1.0.0")
