"""khobor: Bengali news pages → annotated, validated, versioned dataset releases."""

import os

# pandera sets PYARROW_IGNORE_TIMEZONE=1 at import when the variable is unset, and pyarrow then
# stores tz-aware datetimes' local clock as UTC (Dhaka times land six hours late). An empty value
# is "set" for pandera and false for pyarrow, so timestamps convert correctly in every process.
os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "")

__version__ = "0.1.0"
SCHEMA_VERSION = "1.2"
