"""khobor: Bengali news pages → annotated, validated, versioned dataset releases."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1"
