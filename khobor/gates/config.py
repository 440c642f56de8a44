"""Gate settings: every check's level and thresholds, read from `[gates.*]` in
`validation/gates.toml`.

The code holds the mechanisms, the file holds the numbers. `CHECKS` below declares every
check with its default settings (equal to the committed file, so a missing file gives the same
policy); the file may override any of them. A check or key the registry does not know is an
error, so a typo cannot silently fall back to a default.

>>> config = load_gates_text('[gates.drift.row_count]\\nlevel = "error"')
>>> config.level("drift.row_count"), config.number("drift.row_count", "max_relative_change")
(<Level.ERROR: 'error'>, 0.5)
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from khobor.contracts.policy import DEFAULT_MINIMUMS_PATH, PolicyError, read_policy_file
from khobor.gates.core import GateInputError, Level

E, W = "error", "warn"

# check -> default settings. Every check has a `level`; the rest are its thresholds.
# fmt: off
CHECKS: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    # --- schema (pandera, every Parquet file, lazily) ---
    "schema.arrow_types": {"level": E},          # physical types equal schema v1's
    "schema.columns": {"level": E},              # exactly the v1 columns
    "schema.types": {"level": E},                # pandas dtypes and element types
    "schema.nullability": {"level": E},          # no null in a non-null column
    "schema.unique_id": {"level": E},            # `id` unique over the whole release
    "schema.non_empty_text": {"level": E},       # headline and body have a non-space character
    "schema.formats": {"level": E},              # patterns (raw_sha256) and ratio ranges
    "schema.line_labels": {"level": E},          # every line label in taxonomy v1
    "schema.timestamps_ordered": {"level": E},   # published_at <= updated_at
    "schema.date_range": {"level": E, "earliest": "1990-01-01", "max_days_ahead": 1},
    "schema.page_date_not_before_date": {"level": E},
    "schema.bengali_script": {"level": E, "min_headline_ratio": 0.5, "min_body_ratio": 0.6},
    "schema.canonical_text": {"level": E},       # text equals normalize_text(text) (NFC ...)
    "schema.replacement_character": {"level": E},  # no U+FFFD
    "schema.control_characters": {"level": E},   # no C0/C1 controls other than \t and \n
    "schema.mojibake": {"level": E},             # no lexicons.mojibake signature
    # --- expectations (Great Expectations) ---
    "expectations.schema_suite": {"level": E},   # the suite derived from schema v1
    "expectations.body_length": {
        "level": E, "min_p05_chars": 200, "min_median_chars": 400, "max_median_chars": 20000,
        "max_p95_chars": 60000,
    },
    "expectations.boilerplate_ratio": {"level": W, "max_median": 0.95},
    "expectations.null_dates": {"level": W, "max_share": 0.2},
    "expectations.label_distribution": {
        "level": W, "min_mean_body_line_share": 0.05, "max_mean_body_line_share": 0.95,
    },
    # --- dataset (ours) ---
    "dataset.exact_duplicates": {"level": E},
    "dataset.near_duplicates_across_splits": {"level": E},
    "dataset.split_ratios": {"level": E, "tolerance": 0.05, "z": 4.0},
    "dataset.ledger_stability": {"level": E},
    "dataset.boilerplate_in_body": {"level": E, "max_promo_line_words": 15},
    "dataset.inputs_accounted": {"level": E},
    "dataset.manifest_checksums": {"level": E},
    "dataset.personal_data": {"level": W},       # personal data in the records (per kind)
    "dataset.stated_facts": {"level": E},
    "dataset.signature": {"level": E},  # only with `validate --public-key`
    "dataset.pinned_digest": {"level": E},  # only with `validate --digest`
    # --- accuracy (annotator against validation/gold) ---
    "accuracy.annotator": {"level": E, "minimums": str(DEFAULT_MINIMUMS_PATH)},
    # --- drift (against the previous release) ---
    "drift.row_count": {"level": W, "max_relative_change": 0.5},
    "drift.null_rates": {"level": W, "max_abs_change": 0.1},
    "drift.label_shares": {"level": W, "max_abs_change": 0.05},
    "drift.length_quantiles": {"level": W, "max_relative_change": 0.25},
})
# fmt: on
FAMILIES: tuple[str, ...] = ("schema", "expectations", "dataset", "accuracy", "drift")


@dataclass(frozen=True)
class GatesConfig:
    """Settings of every check: defaults merged with the file's `[gates.*]` tables."""

    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: CHECKS)
    origin: str = "defaults"

    def level(self, check: str) -> Level:
        return Level(self.settings[check]["level"])

    def value(self, check: str, key: str) -> Any:
        return self.settings[check][key]

    def number(self, check: str, key: str) -> float:
        return float(self.settings[check][key])

    def integer(self, check: str, key: str) -> int:
        return int(self.settings[check][key])

    def text(self, check: str, key: str) -> str:
        return str(self.settings[check][key])

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as plain dicts (read-only views cannot be): the expectations gate runs in a
        process of its own."""
        plain = {check: dict(values) for check, values in self.settings.items()}
        return (_frozen_config, (plain, self.origin))


def _frozen_config(settings: dict[str, dict[str, Any]], origin: str) -> GatesConfig:
    frozen = {check: MappingProxyType(values) for check, values in settings.items()}
    return GatesConfig(MappingProxyType(frozen), origin)


def _typed(check: str, key: str, value: Any, default: Any, origin: str) -> Any:
    if key == "level":
        if value not in (E, W):
            raise GateInputError(f"{origin}: [gates.{check}] level must be 'error' or 'warn'")
        return value
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, expected) or isinstance(value, bool) != isinstance(default, bool):
        raise GateInputError(
            f"{origin}: [gates.{check}] {key} must be {expected.__name__}, got {value!r}"
        )
    return value


def load_gates_text(text: str, origin: str = "gates.toml") -> GatesConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise GateInputError(f"{origin}: not valid TOML: {err}") from None
    gates = data.get("gates", {})
    merged = {check: dict(defaults) for check, defaults in CHECKS.items()}
    if not isinstance(gates, dict):
        raise GateInputError(f"{origin}: [gates] must be a table")
    for family, checks in gates.items():
        if family not in FAMILIES or not isinstance(checks, dict):
            raise GateInputError(
                f"{origin}: [gates.{family}] is not a gate family; known: {', '.join(FAMILIES)}"
            )
        for name, table in checks.items():
            check = f"{family}.{name}"
            if check not in CHECKS or not isinstance(table, dict):
                known = sorted(c.split(".", 1)[1] for c in CHECKS if c.startswith(family + "."))
                raise GateInputError(
                    f"{origin}: [gates.{check}] is not a check; [gates.{family}] knows {known}"
                )
            for key, value in table.items():
                if key not in CHECKS[check]:
                    raise GateInputError(
                        f"{origin}: [gates.{check}] has unknown key {key!r}; "
                        f"known: {sorted(CHECKS[check])}"
                    )
                merged[check][key] = _typed(check, key, value, CHECKS[check][key], origin)
    return _frozen_config(merged, origin)


def load_gates(path: Path | None = None) -> GatesConfig:
    """The gate settings in `path` (default `validation/gates.toml`; defaults when that file
    is absent). A path given explicitly must exist."""
    try:
        found = read_policy_file(path)
    except PolicyError as err:
        raise GateInputError(str(err)) from None
    return GatesConfig() if found is None else load_gates_text(*found)
