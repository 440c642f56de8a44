"""One raw page → one record or one quarantine entry."""
