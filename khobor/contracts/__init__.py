"""The facts every layer shares: the record schema, the line taxonomy, the release layout, the
policy, URLs, time zones."""
