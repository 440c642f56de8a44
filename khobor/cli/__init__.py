"""The `khobor` command line."""
