"""Custom pandera checks of schema v1, registered once, on purpose, by importing this module.

`khobor.contracts.schema.pandera_schema()` imports it; so must anyone who loads
`schemas/v1/pandera.yaml` (the YAML names these checks, and pandera can only rebuild a
check that is registered):

    import khobor.contracts.checks  # noqa: F401  (registers the khobor_* checks)
    schema = pandera.pandas.DataFrameSchema.from_yaml(Path("schemas/v1/pandera.yaml"))

Every check here is element-wise and works on the values of a DataFrame read from the
release Parquet with pandas' default conversion (`pd.read_parquet(path)` or
`pyarrow.Table.to_pandas()`): list columns arrive as numpy object arrays, structs as dicts,
`date32` as `datetime.date`, and each line's `label` as its int64 ClassLabel index. Nulls
never reach a check: pandera drops them first and judges them by the column's `nullable`.
Their statistics are plain lists and bools, so `DataFrameSchema.to_yaml()` serialises them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from numbers import Integral
from typing import Any

import numpy as np
from pandera import extensions

# What default conversion gives for a list column (numpy arrays); lists and tuples are
# accepted too, so a DataFrame built by hand from rows validates the same way.
_SEQUENCE_TYPES = (list, tuple, np.ndarray)


def _is_label_index(value: Any, n_labels: int) -> bool:
    """An int (numpy or Python, never bool) that indexes the label list."""
    return (
        isinstance(value, Integral)
        and not isinstance(value, bool | np.bool_)
        and 0 <= int(value) < n_labels
    )


@extensions.register_check_method(check_type="element_wise")
def khobor_is_date(value: Any) -> bool:
    """A calendar date (`datetime.date`, not a `datetime`), as `date32` converts to."""
    return isinstance(value, date) and not isinstance(value, datetime)


@extensions.register_check_method(statistics=["distinct"], check_type="element_wise")
def khobor_string_list(value: Any, *, distinct: bool) -> bool:
    """A list of strings; with `distinct`, no string twice (`captions`)."""
    if not isinstance(value, _SEQUENCE_TYPES):
        return False
    items = list(value)
    if not all(isinstance(item, str) for item in items):
        return False
    return not distinct or len(set(items)) == len(items)


@extensions.register_check_method(check_type="element_wise")
def khobor_lines_well_formed(value: Any) -> bool:
    """A list of `{"text", "label"}` structs whose text is a non-blank string."""
    if not isinstance(value, _SEQUENCE_TYPES):
        return False
    return all(
        isinstance(line, Mapping)
        and set(line) == {"text", "label"}
        and isinstance(line["text"], str)
        and line["text"].strip() != ""
        for line in value
    )


@extensions.register_check_method(statistics=["labels"], check_type="element_wise")
def khobor_line_labels(value: Any, *, labels: list[str]) -> bool:
    """Every line's label is a ClassLabel index of taxonomy v1 (`labels` in index order)."""
    if not isinstance(value, _SEQUENCE_TYPES):
        return False
    return all(
        isinstance(line, Mapping) and _is_label_index(line.get("label"), len(labels))
        for line in value
    )


@extensions.register_check_method(statistics=["flags"], check_type="element_wise")
def khobor_boilerplate_flags(value: Any, *, flags: list[str]) -> bool:
    """A struct with exactly the boilerplate `flags` as keys, each a bool."""
    return (
        isinstance(value, Mapping)
        and set(value) == set(flags)
        and all(isinstance(value[flag], bool | np.bool_) for flag in flags)
    )
