"""Release gates: every check a release must pass before it is written or trusted.

Families, one module each:

- `schema_gate`   pandera on every Parquet file of the release (types, nulls, text hygiene);
- `expectations`  the Great Expectations suite (schema-derived plus distributions), with the
                  Data Docs HTML site;
- `dataset_gates` ours: duplicates, near duplicates across splits, split ratios, the ledger,
                  boilerplate leaking into bodies, inputs accounted for, manifest checksums;
- `accuracy`      the annotator against `validation/gold/` and its stored minimums;
- `drift`         the release against the previous one.

Thresholds and levels live in `validation/gates.toml` (`[gates.*]`, loaded by `config`);
`khobor.release.validate` runs the families and `report` writes what they found. This package
imports
nothing heavy at import time.
"""

from khobor.gates.core import CheckResult, GateInputError, Level, ReleaseData

__all__ = ["CheckResult", "GateInputError", "Level", "ReleaseData"]
