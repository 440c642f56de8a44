"""Release policy: typed thresholds read from `validation/gates.toml`.

One frozen dataclass per TOML section, with defaults equal to the committed file's values, so a
missing file or section falls back to the same policy. A key a section does not know is an
error (a typo must not silently fall back to a default). Sections this module does not know
are left to their own loaders.

>>> load_policy_text("[dedup]\\nthreshold = 0.9").dedup.threshold
0.9
>>> load_policy_text("").splits.train
0.8
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

DEFAULT_GATES_PATH = Path("validation/gates.toml")
DEFAULT_MINIMUMS_PATH = Path("validation/accuracy_minimums.json")  # `accuracy.annotator`
SPLIT_NAMES: tuple[str, ...] = ("train", "validation", "test")


class PolicyError(ValueError):
    """The policy file cannot be read or holds a value out of range."""


@dataclass(frozen=True, slots=True)
class DedupPolicy:
    """Exact and near-duplicate clustering (`khobor.corpus.dedup`)."""

    threshold: float = 0.8  # minimum estimated Jaccard similarity of two near duplicates
    num_perm: int = 128  # MinHash permutations
    shingle_words: int = 5  # words per shingle
    seed: int = 1  # MinHash seed, fixed for reproducible clusters

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise PolicyError(f"[dedup] threshold must be in (0, 1], got {self.threshold}")
        if self.num_perm < 16:
            raise PolicyError(f"[dedup] num_perm must be at least 16, got {self.num_perm}")
        if self.shingle_words < 1:
            raise PolicyError(f"[dedup] shingle_words must be at least 1, got {self.shingle_words}")


@dataclass(frozen=True, slots=True)
class SplitPolicy:
    """Split shares of duplicate clusters (`khobor.corpus.splits`)."""

    train: float = 0.8
    validation: float = 0.1
    test: float = 0.1
    salt: str = "khobor-splits-v1"

    def __post_init__(self) -> None:
        shares = self.ratios()
        if any(share < 0 for share in shares.values()):
            raise PolicyError(f"[splits] shares must not be negative, got {shares}")
        if abs(sum(shares.values()) - 1.0) > 1e-9:
            raise PolicyError(f"[splits] shares must add up to 1, got {sum(shares.values())}")

    def ratios(self) -> dict[str, float]:
        """The shares by split name, in `SPLIT_NAMES` order."""
        return {name: float(getattr(self, name)) for name in SPLIT_NAMES}


@dataclass(frozen=True, slots=True)
class FurnitureConfig:
    """When a line is furniture of its site by corpus evidence (`khobor.corpus.furniture`)."""

    min_share: float = 0.5  # least share of the site's distinct articles that print the line
    min_articles: int = 20  # and at least this many of them: a small corpus tells nothing
    enabled: bool = True  # `khobor build` runs the corpus pass (off: no corpus evidence)

    def __post_init__(self) -> None:
        if not 0.0 < self.min_share <= 1.0:
            raise PolicyError(f"[furniture] min_share must be in (0, 1], got {self.min_share}")
        if self.min_articles < 2:
            raise PolicyError(
                f"[furniture] min_articles must be at least 2, got {self.min_articles}"
            )

    def needed(self, articles: int) -> int:
        """Articles that must print a line, on a site of `articles` distinct articles.

        >>> FurnitureConfig().needed(100), FurnitureConfig().needed(10)
        (50, 20)
        """
        return max(self.min_articles, math.ceil(self.min_share * articles - 1e-9))


# The kinds of `PersonalDataPolicy`, in `khobor.text.personal_data.KINDS` order.
PERSONAL_KINDS = ("email", "phone", "national_id", "payment_card", "ip_address")
PERSONAL_ACTIONS = ("keep", "mask")  # per kind of personal data (`khobor.text.personal_data`)
COMMENT_ACTIONS = ("keep", "mask", "drop")  # readers' comments


@dataclass(frozen=True, slots=True)
class PersonalDataPolicy:
    """What the build does with the personal data it finds in a record (`khobor.text.personal_data`)
    and with readers' comments: "keep", or "mask" (each finding replaced by its kind's
    placeholder in every text of the record; a comment line's whole text by `[COMMENT]`);
    comments may also be "drop"ped (their lines left out of `lines`)."""

    email: str = "mask"
    phone: str = "mask"
    national_id: str = "mask"
    payment_card: str = "mask"
    ip_address: str = "mask"
    comments: str = "mask"

    def __post_init__(self) -> None:
        for name in PERSONAL_KINDS:
            if getattr(self, name) not in PERSONAL_ACTIONS:
                raise PolicyError(
                    f"[personal_data] {name} must be one of {PERSONAL_ACTIONS}, "
                    f"got {getattr(self, name)!r}"
                )
        if self.comments not in COMMENT_ACTIONS:
            raise PolicyError(
                f"[personal_data] comments must be one of {COMMENT_ACTIONS}, got {self.comments!r}"
            )

    def masked(self) -> tuple[str, ...]:
        """The kinds this policy masks."""
        return tuple(name for name in PERSONAL_KINDS if getattr(self, name) == "mask")


@dataclass(frozen=True, slots=True)
class Policy:
    dedup: DedupPolicy = DedupPolicy()
    splits: SplitPolicy = SplitPolicy()
    furniture: FurnitureConfig = FurnitureConfig()
    personal_data: PersonalDataPolicy = PersonalDataPolicy()

    def to_json(self, *, furniture: bool = False) -> dict[str, Any]:
        """The manifest's `policy`. `furniture` joins it only when the build learned furniture
        (`furniture=True`): a release the corpus pass changed nothing in keeps the bytes of one
        built before the pass existed (`dataset/releases/1.0.0`, rebuilt from `dataset/raw`)."""
        policy = {"dedup": asdict(self.dedup), "splits": asdict(self.splits)}
        if furniture:
            policy["furniture"] = asdict(self.furniture)
        policy["personal_data"] = asdict(self.personal_data)
        return policy


_SECTIONS: dict[str, type[Any]] = {
    "dedup": DedupPolicy,
    "splits": SplitPolicy,
    "furniture": FurnitureConfig,
    "personal_data": PersonalDataPolicy,
}


def _section(name: str, cls: type[Any], table: Any, origin: str) -> Any:
    if not isinstance(table, dict):
        raise PolicyError(f"{origin}: [{name}] must be a table")
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise PolicyError(f"{origin}: [{name}] has unknown keys {unknown}; known: {sorted(known)}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = type(getattr(cls(), key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise PolicyError(
                f"{origin}: [{name}] {key} must be {expected.__name__}, got {value!r}"
            )
        values[key] = value
    try:
        return cls(**values)
    except PolicyError as err:
        raise PolicyError(f"{origin}: {err}") from None


def load_policy_text(text: str, origin: str = "gates.toml") -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise PolicyError(f"{origin}: not valid TOML: {err}") from None
    sections = {
        name: _section(name, cls, data[name], origin)
        for name, cls in _SECTIONS.items()
        if name in data
    }
    return Policy(**sections)


def read_policy_file(path: Path | None = None) -> tuple[str, str] | None:
    """(text, name) of the policy file `path` (default `validation/gates.toml`); None when the
    default file is absent. A path given explicitly must exist."""
    if path is None:
        if not DEFAULT_GATES_PATH.is_file():
            return None
        path = DEFAULT_GATES_PATH
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except OSError as err:
        raise PolicyError(f"{path}: cannot read the policy file ({err.strerror})") from None


def load_policy(path: Path | None = None) -> Policy:
    """The build policy in `path` (see `read_policy_file`); defaults without a file."""
    found = read_policy_file(path)
    return Policy() if found is None else load_policy_text(*found)
