"""The gates' parts: policy loading, the accuracy minimums, the near-duplicate candidates,
the GE severities, the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gates.corrupt import REPO
from khobor.gates.config import load_gates_text
from khobor.gates.core import GateInputError, Level

GOLD = REPO / "validation" / "gold"
RAW = REPO / "dataset" / "raw"


# --- config -----------------------------------------------------------------------------------


def test_file_overrides_defaults_and_typos_are_errors() -> None:
    config = load_gates_text("[gates.schema.bengali_script]\nmin_body_ratio = 1\nlevel = 'warn'")
    assert config.number("schema.bengali_script", "min_body_ratio") == 1.0
    assert config.level("schema.bengali_script") is Level.WARN
    for text, message in [
        ("[gates.nope]\nx = {}", "not a gate family"),
        ("[gates.schema.nope]\nlevel = 'error'", "not a check"),
        ("[gates.schema.date_range]\nmax_days = 1", "unknown key"),
        ("[gates.schema.date_range]\nmax_days_ahead = 'one'", "must be int"),
        ("[gates.drift.row_count]\nlevel = 'fatal'", "'error' or 'warn'"),
        ("[gates", "not valid TOML"),
    ]:
        with pytest.raises(GateInputError, match=message):
            load_gates_text(text)


# --- accuracy ---------------------------------------------------------------------------------


def write_minimums(path: Path, checksum: str, minimums: dict[str, float]) -> Path:
    path.write_text(json.dumps({"gold_sha256": checksum, "minimums": minimums}))
    return path


def accuracy_config(minimums: Path) -> object:
    return load_gates_text(f"[gates.accuracy.annotator]\nminimums = '{minimums}'")


def test_accuracy_passes_at_the_stored_minimums_and_fails_above() -> None:
    from khobor.gates.accuracy import run_accuracy_gate
    from khobor.gates.evaluate import gold_checksum

    stored = json.loads((REPO / "validation" / "accuracy_minimums.json").read_text())
    assert stored["gold_sha256"] == gold_checksum(GOLD), "run `khobor accuracy-minimums`"
    good = run_accuracy_gate(
        accuracy_config(REPO / "validation" / "accuracy_minimums.json"), gold=GOLD, raw=RAW
    )
    assert good.passed, good.message


def test_accuracy_below_minimum_and_changed_gold_fail(tmp_path: Path) -> None:
    from khobor.gates.accuracy import run_accuracy_gate
    from khobor.gates.evaluate import gold_checksum

    too_high = write_minimums(tmp_path / "m.json", gold_checksum(GOLD), {"line_accuracy": 1.01})
    verdict = run_accuracy_gate(accuracy_config(too_high), gold=GOLD, raw=RAW)
    assert not verdict.passed and verdict.failing_ids == ["metric:line_accuracy"]
    stale = write_minimums(tmp_path / "s.json", "0" * 64, {"line_accuracy": 0.0})
    verdict = run_accuracy_gate(accuracy_config(stale), gold=GOLD, raw=RAW)
    assert not verdict.passed and "changed since" in verdict.message


def test_minimums_never_drop_without_the_flag(tmp_path: Path) -> None:
    from khobor.gates.accuracy import update_minimums

    path = write_minimums(tmp_path / "m.json", "x", {"line_accuracy": 1.5})
    refused = update_minimums(path, gold=GOLD, raw=RAW)
    assert not refused.written and "line_accuracy" in refused.lowered
    assert json.loads(path.read_text())["minimums"] == {"line_accuracy": 1.5}
    accepted = update_minimums(path, gold=GOLD, raw=RAW, allow_lower=True)
    assert accepted.written and json.loads(path.read_text())["gold_sha256"] != "x"
    raised = update_minimums(path, gold=GOLD, raw=RAW)  # same figures: nothing lowered
    assert raised.written and not raised.lowered


def test_accuracy_minimums_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from khobor.cli.commands import app

    path = write_minimums(tmp_path / "m.json", "x", {"line_accuracy": 1.5})
    args = ["accuracy-minimums", "--minimums", str(path), "--gold", str(GOLD), "--raw", str(RAW)]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 1 and "--allow-lower" in refused.output
    assert CliRunner().invoke(app, [*args, "--allow-lower"]).exit_code == 0


# --- near duplicates --------------------------------------------------------------------------


def test_near_duplicates_found_only_across_splits() -> None:
    from khobor.contracts.policy import DedupPolicy
    from khobor.gates.neardup import cross_split_near_duplicates

    base = " ".join(f"শব্দ{i}" for i in range(200))
    variant = base.replace("শব্দ7 ", "অন্য ")
    other = " ".join(f"ভিন্ন{i}" for i in range(200))
    ids = ["a", "b", "c", "d"]
    bodies = [base, variant, other, base]
    pairs = cross_split_near_duplicates(
        ids, bodies, ["train", "test", "train", "train"], DedupPolicy()
    )
    assert {(p["a"], p["b"]) for p in pairs} == {("a", "b"), ("b", "d")}
    none = cross_split_near_duplicates(ids, bodies, ["train"] * 4, DedupPolicy())
    assert none == []


# --- GE severities ----------------------------------------------------------------------------


def test_levels_map_to_ge_severities() -> None:
    from khobor.gates.expectations import distribution_expectations

    config = load_gates_text("[gates.expectations.null_dates]\nlevel = 'error'")
    severities = {check: str(e.severity.value) for check, e in distribution_expectations(config)}
    assert severities["expectations.null_dates"] == "critical"
    assert severities["expectations.boilerplate_ratio"] == "warning"


# --- the Arrow pre-screens of the schema gate agree with the Python definitions --------------

TEXT_PIECES = st.sampled_from(
    [
        "খবর",
        "ঢাকা।",
        "\u09dc",
        "\u09a1\u09bc",
        "\u09c7\u09be",
        "\u09cb",
        " ",
        "\n",
        "\t",
        "\u00a0",
        "\u200c",
        "র\u200d\u09cdয",
        "\ufeff",
        "\x07",
        "\u2028",
        "Kim",
        "é",
        "e\u0301",
        "—",
        "১২",
        "😀",
        "\r\n",
        "  \n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT_PIECES, max_size=12))
def test_canonical_prescreen_never_misses(pieces: list[str]) -> None:
    import pandas as pd

    from khobor.gates.schema_gate import canonical_mask
    from khobor.text.normalize import normalize_text

    text = "".join(pieces)
    assert bool(canonical_mask(pd.Series([text], dtype="str")).iloc[0]) == (
        normalize_text(text) == text
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT_PIECES, max_size=12))
def test_bengali_share_prescreen_is_exact(pieces: list[str]) -> None:
    import pandas as pd

    from khobor.gates.schema_gate import bengali_shares
    from khobor.text.normalize import bengali_letter_share

    text = "".join(pieces)
    assert bengali_shares(pd.Series([text], dtype="str")).iloc[0] == bengali_letter_share(text)


def test_a_gates_config_survives_pickling_for_the_expectations_process() -> None:
    """The expectations gate runs in a spawned process: its config crosses as a pickle."""
    import pickle
    from types import MappingProxyType

    from khobor.gates.config import load_gates_text

    config = load_gates_text("[gates.drift.row_count]\nmax_relative_change = 0.3\n", "t.toml")
    again = pickle.loads(pickle.dumps(config))
    assert again == config
    assert again.number("drift.row_count", "max_relative_change") == 0.3
    assert isinstance(again.settings, MappingProxyType)
    assert isinstance(again.settings["drift.row_count"], MappingProxyType)
