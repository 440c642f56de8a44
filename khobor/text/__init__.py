"""A page's text: decoding, normalization, line keys, language, dates, personal data."""
