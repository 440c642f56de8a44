"""Schema gate: pandera on every row of every Parquet file of a release, one record batch at a
time, validated lazily so all failures come back together, each with the id of its row.

Two pandera schemas run over the release:

1. `release_schema()`: `khobor.contracts.schema.pandera_schema()` (types, nulls, unique `id`,
patterns,
   ranges, line labels) plus row checks between columns (`published_at <= updated_at`, dates
   in range, `page_date >= date`) and the Bengali-script floors;
2. `text_schema()`: text hygiene on a frame of every text field of a row (headline, body,
   metadata strings, captions and line texts joined by newlines): canonical form
   (`normalize_text(x) == x`, which includes NFC), no U+FFFD, no control characters, no
   mojibake signature.

Every pandera check carries the name of the gate check it belongs to (`CHECK_OF`), so a
failure case maps straight to a line of the report.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from khobor.gates.config import GatesConfig
from khobor.gates.core import (
    CheckResult,
    FailingRows,
    ReleaseData,
    counted_result,
    resolve_ids,
    to_pandas,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pandera.pandas as pandera_pd
    import pyarrow as pa

# Text fields hygiene applies to: these string columns, and `captions` and `lines` joined by
# newlines (below).
TEXT_COLUMNS = ("headline", "body", "byline", "section", "source_credit", "outlet", "source")

# C0 and C1 controls and DEL, except tab and line feed (the only ones canonical text keeps).
CONTROL_RE = r"[\x{0}-\x{8}\x{b}-\x{1f}\x{7f}-\x{9f}]"  # RE2 syntax (run by Arrow)
REPLACEMENT_RE = r"\x{fffd}"

SCHEMA_CHECKS = (
    "schema.arrow_types",
    "schema.columns",
    "schema.types",
    "schema.nullability",
    "schema.unique_id",
    "schema.non_empty_text",
    "schema.formats",
    "schema.line_labels",
    "schema.timestamps_ordered",
    "schema.date_range",
    "schema.page_date_not_before_date",
    "schema.bengali_script",
    "schema.canonical_text",
    "schema.replacement_character",
    "schema.control_characters",
    "schema.mojibake",
)

# pandera's name of a check (its prefix up to "(") -> our check. Our own checks are named
# after the gate check directly ("schema.mojibake").
_PANDERA_NAMES: dict[str, str] = {
    "column_in_schema": "schema.columns",
    "column_in_dataframe": "schema.columns",
    "not_nullable": "schema.nullability",
    "field_uniqueness": "schema.unique_id",
    "dtype": "schema.types",
    "khobor_is_date": "schema.types",
    "khobor_string_list": "schema.types",
    "khobor_lines_well_formed": "schema.types",
    "khobor_boilerplate_flags": "schema.types",
    "khobor_line_labels": "schema.line_labels",
    "str_length": "schema.non_empty_text",
    "str_matches": "schema.formats",
    "in_range": "schema.formats",
    "greater_than_or_equal_to": "schema.formats",
    "less_than_or_equal_to": "schema.formats",
}


def gate_check_of(pandera_check: str) -> str:
    """The gate check a pandera failure case belongs to.

    >>> gate_check_of("str_matches('^[0-9a-f]{64}$')"), gate_check_of("schema.mojibake")
    ('schema.formats', 'schema.mojibake')
    """
    if pandera_check.startswith("schema."):
        return pandera_check
    return _PANDERA_NAMES.get(re.split(r"[(\[]", pandera_check, maxsplit=1)[0], "schema.types")


def _dates(series: pd.Series) -> pd.Series:
    """A date or timestamp column as tz-naive Dhaka calendar days (NaT for null)."""
    import pandas as pd

    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("Asia/Dhaka").dt.tz_localize(None).dt.normalize()
    return pd.to_datetime(series, errors="coerce")


def _row_checks(config: GatesConfig, today: date) -> list[Any]:
    """Checks between columns, on the whole frame (each returns one bool per row)."""
    import pandas as pd
    import pandera.pandas as pandera_pd

    earliest = pd.Timestamp(config.text("schema.date_range", "earliest"))
    latest = pd.Timestamp(
        today + timedelta(days=config.integer("schema.date_range", "max_days_ahead"))
    )
    min_headline = config.number("schema.bengali_script", "min_headline_ratio")
    min_body = config.number("schema.bengali_script", "min_body_ratio")

    def timestamps_ordered(df: pd.DataFrame) -> pd.Series:
        published, updated = df["published_at"], df["updated_at"]
        return published.isna() | updated.isna() | (published <= updated)

    def dates_in_range(df: pd.DataFrame) -> pd.Series:
        ok = pd.Series(True, index=df.index)
        for column in ("published_at", "updated_at", "date", "page_date"):
            days = _dates(df[column])
            ok &= days.isna() | ((days >= earliest) & (days <= latest))
        return ok

    def page_date_not_before(df: pd.DataFrame) -> pd.Series:
        page, day = _dates(df["page_date"]), _dates(df["date"])
        return page.isna() | day.isna() | (page >= day)

    def bengali_floors(df: pd.DataFrame) -> pd.Series:
        headline = bengali_shares(df["headline"])
        body = bengali_shares(df["body"])
        return (headline >= min_headline) & (body >= min_body)

    named: list[tuple[str, Callable[[pd.DataFrame], pd.Series]]] = [
        ("schema.timestamps_ordered", timestamps_ordered),
        ("schema.date_range", dates_in_range),
        ("schema.page_date_not_before_date", page_date_not_before),
        ("schema.bengali_script", bengali_floors),
    ]
    return [pandera_pd.Check(function, name=name) for name, function in named]


def release_schema(
    config: GatesConfig, today: date, version: str | None = None
) -> pandera_pd.DataFrameSchema:
    """`schema.pandera_schema()` plus the row checks; headline and body must hold more than
    whitespace."""
    import pandera.pandas as pandera_pd

    from khobor.contracts.schema import pandera_schema

    schema = pandera_schema() if version is None else pandera_schema(version)
    not_blank = pandera_pd.Check(
        lambda s: s.str.contains(r"\S", regex=True), name="schema.non_empty_text"
    )
    for column in ("headline", "body"):
        schema = schema.update_column(column, checks=[*schema.columns[column].checks, not_blank])
    # The element-wise checks of `lines` (2 million lines in 100,000 rows) run in Arrow
    # instead: `line_failures`.
    schema = schema.update_column("lines", checks=[])
    return pandera_pd.DataFrameSchema(
        schema.columns,
        checks=_row_checks(config, today),
        strict=True,
        name=schema.name,
        description=schema.description,
        metadata=schema.metadata,
    )


def _arrow(series: pd.Series) -> pa.Array:
    import pyarrow as pa

    return pa.array(series, type=pa.large_string(), from_pandas=True)


def _matches(series: pd.Series, pattern: str) -> np.ndarray:
    """Where `series` matches the RE2 `pattern` (nulls never match); runs in Arrow."""
    import numpy as np

    from khobor.gates._arrow import pc

    found = pc.match_substring_regex(_arrow(series), pattern).fill_null(False)
    return np.asarray(found, dtype=np.bool_)


def _re2_class(chars: Iterable[str]) -> str:
    return "".join(f"\\x{{{ord(char):x}}}" for char in chars)


@functools.cache
def _canonical_trigger() -> str:
    """An RE2 pattern that matches wherever `normalize_text` could change a text: a character
    it replaces or deletes, a joiner, a character outside its proven-NFC fast path, a Bengali
    sequence NFC rewrites, a space before a line end. A text it does not match is canonical
    (tests/gates check this against `normalize_text`); one it matches is judged exactly."""
    from khobor.text import normalize as n

    replaced = (*n._LINE_BREAKS, *n._SPACES, *n._INVISIBLES, *n._CONTROLS, n._ZWJ, n._ZWNJ)
    fast_nfc = (
        "\\x{0}-\\x{2ff}\\x{964}\\x{965}\\x{980}-\\x{9ff}\\x{2002}-\\x{206f}\\x{20a0}-\\x{20c0}"
    )
    sequences = "|".join(_re2_class(seq) for seq in n._BENGALI_NOT_NFC)
    return f"[{_re2_class(replaced)}]|[^{fast_nfc}]|{sequences}|[ \\t]\\n|[ \\t]$"


def canonical_mask(series: pd.Series) -> pd.Series:
    """True where the text equals `normalize_text(text)` (nulls are canonical)."""
    import pandas as pd

    from khobor.text.normalize import normalize_text

    ok = pd.Series(True, index=series.index)
    suspects = _matches(series, _canonical_trigger())
    for position in suspects.nonzero()[0].tolist():
        text = series.iloc[position]
        ok.iloc[position] = normalize_text(text) == text
    return ok


def _bengali_alpha() -> str:
    return _re2_class(chr(c) for c in range(0x980, 0xA00) if chr(c).isalpha())


def bengali_shares(series: pd.Series) -> pd.Series:
    """`normalize.bengali_letter_share` of every text: 1.0 without computing it where the
    text has a Bengali letter and no letter (nor anything unusual) outside Bengali, ASCII
    punctuation and digits, general punctuation; exactly elsewhere."""
    import pandas as pd

    from khobor.text.normalize import bengali_letter_share

    shares = pd.Series(1.0, index=series.index)
    plain = (
        "\\x{0}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{7f}\\x{964}\\x{965}"
        "\\x{980}-\\x{9ff}\\x{2000}-\\x{206f}"
    )
    unusual = _matches(series, f"[^{plain}]") | ~_matches(series, f"[{_bengali_alpha()}]")
    for position in unusual.nonzero()[0].tolist():
        text = series.iloc[position]
        shares.iloc[position] = bengali_letter_share(text) if isinstance(text, str) else 0.0
    return shares


def text_frame(table: pa.Table, index: pd.Index) -> pd.DataFrame:
    """One string column per text field of a file (list columns joined with newlines), for
    the rows where a text hygiene check could fail."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from khobor.gates._arrow import pc

    columns: dict[str, Any] = {}
    names = table.column_names
    for column in TEXT_COLUMNS:
        if column in names and pa.types.is_string(table.schema.field(column).type):
            columns[column] = table.column(column).combine_chunks()
    if "captions" in names and pa.types.is_list(table.schema.field("captions").type):
        columns["captions"] = pc.binary_join(table.column("captions").combine_chunks(), "\n")
    if "lines" in names and pa.types.is_list(table.schema.field("lines").type):
        lines = table.column("lines").combine_chunks()
        offsets = pa.array(np.asarray(lines.offsets) - lines.offsets[0].as_py(), pa.int32())
        texts = pc.list_flatten(lines).field("text")
        columns["lines"] = pc.binary_join(pa.ListArray.from_arrays(offsets, texts), "\n")
    if not columns:
        frame = pd.DataFrame()
        frame.index = index
        return frame
    # One RE2 pass per column with every hygiene check's trigger: a row matching none passes
    # them all, so pandera sees only the rows some trigger matches (none, in a clean release).
    suspect = np.zeros(table.num_rows, dtype=np.bool_)
    for values in columns.values():
        found = pc.match_substring_regex(values, _hygiene_trigger()).fill_null(False)
        suspect |= np.asarray(found, dtype=np.bool_)
    rows = np.flatnonzero(suspect)
    frame = pa.table(columns).take(pa.array(rows, pa.int64())).to_pandas()
    frame.index = index[rows]
    return frame


@functools.cache
def _hygiene_trigger() -> str:
    """Matches wherever any check of `text_schema` could fail."""
    from khobor.lexicons.mojibake import MOJIBAKE_SIGNATURES

    return "|".join(
        f"(?:{pattern})"
        for pattern in (
            _canonical_trigger(),
            REPLACEMENT_RE,
            CONTROL_RE,
            *MOJIBAKE_SIGNATURES.values(),
        )
    )


def text_schema(columns: list[str]) -> pandera_pd.DataFrameSchema:
    """Text hygiene of every text field; each check runs in Arrow (RE2) over the column."""
    import pandas as pd
    import pandera.pandas as pandera_pd

    from khobor.lexicons.mojibake import MOJIBAKE_SIGNATURES

    # The signatures are Python strings of the characters themselves: valid RE2 as they are.
    mojibake = "|".join(f"(?:{pattern})" for pattern in MOJIBAKE_SIGNATURES.values())

    def absent(pattern: str) -> Callable[[pd.Series], pd.Series]:
        return lambda s: pd.Series(~_matches(s, pattern), index=s.index)

    checks = [
        pandera_pd.Check(canonical_mask, name="schema.canonical_text"),
        pandera_pd.Check(absent(REPLACEMENT_RE), name="schema.replacement_character"),
        pandera_pd.Check(absent(CONTROL_RE), name="schema.control_characters"),
        pandera_pd.Check(absent(mojibake), name="schema.mojibake"),
    ]
    return pandera_pd.DataFrameSchema(
        {name: pandera_pd.Column(checks=checks, nullable=True) for name in columns},
        name="khobor_text_hygiene",
    )


def line_failures(table: pa.Table) -> dict[str, list[int]]:
    """Rows (positions in the file) whose `lines` hold a blank or null text
    (`schema.types`, as `checks.khobor_lines_well_formed`) or a label outside taxonomy v1
    (`schema.line_labels`, as `checks.khobor_line_labels`), computed in Arrow."""
    import numpy as np
    import pyarrow as pa

    from khobor.contracts.taxonomy import LABELS
    from khobor.gates._arrow import pc

    if "lines" not in table.column_names:
        return {}
    kind = table.schema.field("lines").type
    if not (pa.types.is_list(kind) and pa.types.is_struct(kind.value_type)):
        return {}
    item = kind.value_type
    if item.get_field_index("text") < 0 or item.get_field_index("label") < 0:
        return {}
    lines = table.column("lines").combine_chunks()
    flat = pc.list_flatten(lines)
    parents = np.asarray(pc.list_parent_indices(lines))
    text_ok = pc.match_substring_regex(flat.field("text"), r"\S").fill_null(False)
    labels = flat.field("label")
    if not pa.types.is_integer(labels.type):
        return {"schema.line_labels": sorted(set(parents.tolist()))}
    label_ok = pc.and_(pc.greater_equal(labels, 0), pc.less(labels, len(LABELS))).fill_null(False)
    return {
        "schema.types": sorted(set(parents[~np.asarray(text_ok, dtype=np.bool_)].tolist())),
        "schema.line_labels": sorted(set(parents[~np.asarray(label_ok, dtype=np.bool_)].tolist())),
    }


def _failures(schema: pandera_pd.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame | None:
    import pandera.errors

    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        return errors.failure_cases
    return None


def run_schema_gate(
    release: ReleaseData, config: GatesConfig, *, today: date | None = None
) -> list[CheckResult]:
    """Every row, one record batch at a time: pandera's two schemas on the batch's frame
    (failure cases merged across batches), the line checks in Arrow, and a 64-bit hash of
    each id for the release-wide uniqueness check (confirmed on the ids themselves)."""
    import numpy as np
    import pandas as pd

    from khobor.contracts.schema import arrow_schema_differences

    today = today or _today_in_dhaka()
    total = release.num_rows
    failing: dict[str, FailingRows] = {check: FailingRows(total) for check in SCHEMA_CHECKS}
    details: dict[str, set[str]] = defaultdict(set)

    for path, file_schema in release.schemas.items():
        for problem in arrow_schema_differences(
            file_schema, check_nullability=False, version=release.schema_version
        ):
            failing["schema.arrow_types"].add(path)
            details["schema.arrow_types"].add(f"{path}: {problem}")

    # Each batch on its own, so each file's dtypes are judged as that file gives them (a
    # concatenation would upcast a float32 file to float64); the frame's index is the row's
    # position in the release.
    schema, hygiene = release_schema(config, today, release.schema_version), None
    id_hashes: list[np.ndarray] = []
    for batch in release.batches():
        part = to_pandas(batch.table)
        part.index = pd.RangeIndex(batch.offset, batch.offset + len(batch))
        texts = text_frame(batch.table, part.index)
        hygiene = hygiene or text_schema(list(texts.columns))
        for pandera_schema, data in ((schema, part), (hygiene, texts)):
            cases = _failures(pandera_schema, data)
            if cases is None:
                continue
            for case in cases.to_dict("records"):
                check = gate_check_of(str(case["check"]))
                if check == "schema.unique_id":
                    continue  # judged over the whole release below
                column = (
                    None if case["schema_context"] == "DataFrameSchema" else str(case["column"])
                )
                index = case["index"]
                if index is None or index != index:  # NaN: a column-level failure
                    what = str(case["failure_case"]) if column is None else column
                    failing[check].add(f"{batch.path}:{what}")
                    details[check].add(f"{batch.path}: {what}: {case['check']}")
                    continue
                failing[check].add_rows([int(index)])
                details[check].add(column or "row")
        for check, positions in line_failures(batch.table).items():
            if positions:
                failing[check].add_rows(np.asarray(positions, dtype=np.int64) + batch.offset)
                details[check].add("lines")
        if "id" in part:
            ids = part["id"]
            hashed = pd.util.hash_pandas_object(ids.fillna(""), index=False).to_numpy().copy()
            hashed[ids.isna().to_numpy()] = 0  # nulls are the nullability check's
            id_hashes.append(hashed)
    repeated = repeated_ids(release, id_hashes)
    if len(repeated):
        failing["schema.unique_id"].add_rows(repeated)
        details["schema.unique_id"].add("id")

    id_of = resolve_ids(release, failing.values())
    results = []
    for check in SCHEMA_CHECKS:
        where = sorted(details.get(check, ()))
        results.append(
            counted_result(
                check,
                config.level(check),
                failing[check],
                id_of,
                ok=f"{total} rows in {len(release.schemas)} files",
                bad="{n} failing: " + "; ".join(where[:5]) + ("…" if len(where) > 5 else ""),
                figures={"rows": total, "where": where[:20]},
            )
        )
    return results


def repeated_ids(release: ReleaseData, hashes: list[np.ndarray]) -> np.ndarray:
    """Positions of the rows whose id another row also has: 64-bit hashes of every id
    (8 bytes a row) find the candidates, a second pass over the `id` column of the candidate
    rows confirms them on the ids themselves."""
    import numpy as np

    if not hashes:
        return np.zeros(0, dtype=np.int64)
    every = np.concatenate(hashes)
    values, counts = np.unique(every[every != 0], return_counts=True)
    suspect = values[counts > 1]
    if not len(suspect):
        return np.zeros(0, dtype=np.int64)
    candidates = np.flatnonzero(np.isin(every, suspect))
    by_id: dict[str, list[int]] = defaultdict(list)
    for position, record_id in release.ids_at(candidates.tolist()).items():
        by_id[record_id].append(position)
    return np.asarray(
        sorted(p for positions in by_id.values() if len(positions) > 1 for p in positions),
        dtype=np.int64,
    )


def _today_in_dhaka() -> date:
    from datetime import datetime

    from khobor.contracts.timezone import DHAKA

    return datetime.now(DHAKA).date()
