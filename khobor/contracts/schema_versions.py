"""The record schema's versions, apart from the schema itself (`khobor.contracts.schema` imports
pyarrow): the command line's help names them without that cost."""

from __future__ import annotations

SCHEMA_VERSION = "1.2"  # the version builds write
SCHEMA_VERSIONS = ("1", "1.1", "1.2")  # every version whose releases still load and validate
