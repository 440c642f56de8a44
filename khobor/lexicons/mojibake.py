"""Mojibake signatures: traces of text decoded with the wrong codec somewhere upstream.

khobor detects mojibake and never repairs it: a repaired page is a guess, and a guess in a
dataset cannot be told apart from the real text afterwards.

The signatures are matched on *normalized* text (khobor.text.normalize.normalize_text), which has
already turned no-break spaces into spaces and deleted C1 controls (U+0080–U+009F). So every
pattern here is written to survive that: it never relies on a C1 control or on U+00A0.

Why these sequences cannot occur in honest text: Bengali script is U+0980–U+09FF, which UTF-8
writes as ``E0 A6 xx`` or ``E0 A7 xx``; the danda U+0964 (Devanagari block, used by every
Bengali page) is ``E0 A5 A4``. Read as cp1252 or latin-1, ``E0`` is "à" and ``A5``/``A6``/``A7``
are "¥"/"¦"/"§". No language writes "à" directly before "¥", "¦" or "§".
"""

from __future__ import annotations

import re
from types import MappingProxyType

# name -> regular expression. Each entry says which wrong decoding leaves this trace.
MOJIBAKE_SIGNATURES = MappingProxyType(
    {
        # UTF-8 Bengali letters, signs, digits (E0 A6 xx, E0 A7 xx) and the danda (E0 A5 A4)
        # read as cp1252 or latin-1: "à¦•" / "à§‡" / "à¥¤". The third byte is a cp1252 letter or
        # a C1 control (deleted by normalization), so only the first two characters are matched.
        "bengali_utf8_read_as_latin": "\u00e0[\u00a5\u00a6\u00a7]",
        # The same damage done twice: "à" is C3 A0 in UTF-8, read back as "Ã" + no-break space
        # (normalized to a plain space), "¦" is C2 A6, read back as "Â¦".
        "bengali_utf8_read_as_latin_twice": "\u00c3[\u00a0 ]\u00c2[\u00a5\u00a6\u00a7]",
        # UTF-8 typographic punctuation (U+2013–U+2026: E2 80 xx; the seeds use ‘ ’ and •) read as
        # cp1252: "â€˜", "â€™", "â€¢", "â€”". "â" directly before "€" is not written on purpose.
        "punctuation_utf8_read_as_cp1252": "\u00e2\u20ac",
    }
)

# One alternation of every signature, for counting all hits in a single pass over the text.
MOJIBAKE_RE = re.compile("|".join(f"(?:{pattern})" for pattern in MOJIBAKE_SIGNATURES.values()))
# The characters a signature starts with (each starts with a literal one): a text holding none
# of them, most, has no mojibake to count (a substring test each, not a regex pass).
MOJIBAKE_LEADS = "".join(sorted({pattern[0] for pattern in MOJIBAKE_SIGNATURES.values()}))

# U+FFFD is what a decoder writes for bytes it could not decode (errors="replace"); a page
# that carries more than a stray one lost its text before it reached us.
REPLACEMENT_CHARACTER = "\N{REPLACEMENT CHARACTER}"
REPLACEMENT_RUN_RE = re.compile(f"{REPLACEMENT_CHARACTER}+")
