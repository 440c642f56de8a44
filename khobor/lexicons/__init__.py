"""Lexicons: word lists kept apart from the logic that uses them."""
