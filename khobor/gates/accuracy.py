"""Accuracy gate: the annotator against the hand-checked gold (`validation/gold/`), at or above
the minimums stored beside the gold's checksum (`validation/accuracy_minimums.json`).

The minimums file is written only by `khobor accuracy-minimums` (`update_minimums`), which
refuses to lower a value unless `allow_lower` is given, and refuses nothing else: raising a
minimum is always allowed. A gold folder whose checksum differs from the stored one fails the
gate: minimums measured on other gold say nothing about this gold.

The gate never skips: the gold, its raw pages and the minimums are the project's own files,
found in the working directory or else in the khobor checkout the code runs from
(`project_path`), wherever the command is run; when they are in neither, the gate fails,
saying why it could not run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khobor.contracts.layout import DEFAULT_RAW
from khobor.gates.config import GatesConfig
from khobor.gates.core import CheckResult, GateInputError, Level, check_result

CHECK = "accuracy.annotator"
DEFAULT_GOLD = Path("validation/gold")


def metrics(report: dict[str, Any]) -> dict[str, float]:
    """The gated figures of an `evaluate.score` report, by a flat dotted name."""
    out = {f"fields.{name}.accuracy": row["accuracy"] for name, row in report["fields"].items()}
    out["body_lines.f1"] = report["body_lines"]["f1"]
    out["line_accuracy"] = report["line_accuracy"]
    return {name: round(float(value), 6) for name, value in out.items()}


def measure(gold: Path, raw: Path) -> tuple[dict[str, float], str]:
    """(metrics, gold checksum) of the annotator on the gold folder."""
    from khobor.gates.evaluate import GoldError, gold_checksum, load_gold, score

    try:
        cases = load_gold(gold)
    except GoldError as err:
        raise GateInputError(str(err)) from None
    return metrics(score(cases, raw)), gold_checksum(gold)


def read_minimums(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GateInputError(
            f"{path}: no accuracy minimums; run `khobor accuracy-minimums` to store them"
        ) from None
    except (OSError, json.JSONDecodeError) as err:
        raise GateInputError(f"{path}: cannot read the accuracy minimums ({err})") from None
    if not isinstance(data.get("minimums"), dict) or not isinstance(data.get("gold_sha256"), str):
        raise GateInputError(f"{path}: expected keys `gold_sha256` and `minimums`")
    return data


def project_root() -> Path | None:
    """The khobor checkout this code runs from (an editable install), or None (installed as a
    package: the project's files are not there)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "validation").is_dir() else None


def project_path(path: Path) -> Path:
    """`path` as given when it exists or is absolute; a relative path that is not in the
    working directory is looked for in the khobor checkout (`project_root`)."""
    root = project_root()
    if path.exists() or path.is_absolute() or root is None:
        return path
    return root / path if (root / path).exists() else path


def _cannot_run(level: Level, why: str) -> CheckResult:
    """An error-level gate that cannot run fails (never a silent skip)."""
    return CheckResult(CHECK, level, False, f"cannot run: {why}", failing_ids=["gold:missing"])


def run_accuracy_gate(
    config: GatesConfig, *, gold: Path = DEFAULT_GOLD, raw: Path = DEFAULT_RAW
) -> CheckResult:
    level = config.level(CHECK)
    gold, raw = project_path(gold), project_path(raw)
    minimums_path = project_path(Path(config.text(CHECK, "minimums")))
    where = "in the working directory nor in a khobor checkout"
    if not (gold / "pages").is_dir():
        return _cannot_run(level, f"no gold folder {gold} {where}; give --gold")
    if not raw.is_dir():
        return _cannot_run(level, f"no raw folder {raw} (the gold's pages) {where}; give --raw")
    stored = read_minimums(minimums_path)
    measured, checksum = measure(gold, raw)
    figures: dict[str, Any] = {"measured": measured, "minimums": stored["minimums"]}
    if checksum != stored["gold_sha256"]:
        return check_result(
            CHECK,
            level,
            ["gold:checksum"],
            ok="",
            bad=f"{gold} changed since the minimums were stored (checksum "
            f"{checksum[:12]} ≠ {stored['gold_sha256'][:12]}); run `khobor accuracy-minimums`",
            figures=figures,
        )
    below = {
        name: (measured.get(name, 0.0), minimum)
        for name, minimum in stored["minimums"].items()
        if measured.get(name, 0.0) < minimum
    }
    return check_result(
        CHECK,
        level,
        [f"metric:{name}" for name in below],
        ok=f"{len(stored['minimums'])} figures at or above their minimums on "
        f"{gold} ({checksum[:12]})",
        bad="{n} below minimum: "
        + "; ".join(
            f"{name} {value:.3f} < {minimum:.3f}" for name, (value, minimum) in below.items()
        ),
        figures=figures,
    )


@dataclass(frozen=True)
class MinimumsUpdate:
    written: bool
    lowered: dict[str, tuple[float, float]]  # name -> (stored, measured)
    minimums: dict[str, float]
    gold_sha256: str


def update_minimums(
    path: Path, *, gold: Path = DEFAULT_GOLD, raw: Path = DEFAULT_RAW, allow_lower: bool = False
) -> MinimumsUpdate:
    """Store the measured figures as the new minimums with the gold's checksum. A figure below
    its stored minimum is only written with `allow_lower`; otherwise nothing is written."""
    measured, checksum = measure(gold, raw)
    try:
        old = json.loads(path.read_text(encoding="utf-8")).get("minimums", {})
    except FileNotFoundError:
        old = {}
    except (OSError, json.JSONDecodeError) as err:
        raise GateInputError(f"{path}: cannot read the accuracy minimums ({err})") from None
    lowered = {
        name: (float(old[name]), value)
        for name, value in measured.items()
        if name in old and value < float(old[name])
    }
    lowered.update({name: (float(old[name]), 0.0) for name in old if name not in measured})
    if lowered and not allow_lower:
        return MinimumsUpdate(False, lowered, measured, checksum)
    data = {
        "comment": "Annotator accuracy minimums on validation/gold (khobor accuracy-minimums; "
        "lowering one needs --allow-lower). Tied to the gold by its SHA-256.",
        "gold_sha256": checksum,
        "minimums": dict(sorted(measured.items())),
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return MinimumsUpdate(True, lowered, measured, checksum)
