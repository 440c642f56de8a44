"""How Bengali news pages name their own outlet: where, and with which endings.

The outlets themselves — slugs, printed names, domains, countries — are a data file beside this
module, `outlets.toml`, read by `khobor.annotate.outlets`.

A signature only counts where a page speaks for itself — bylines ("কালবেলা ডেস্ক"), promos
("কালবেলা অনলাইন এর সর্বশেষ খবর পেতে …"), edition lines, header and footer chrome — never in the
body, where another outlet is routinely quoted as a source.
"""

from __future__ import annotations

OUTLETS_FILE = "outlets.toml"  # beside this module (package data)

# Labels of lines where a page names itself.
SELF_NAMING_LABELS = frozenset(
    {"byline", "promo", "edition", "chrome", "comment_prompt", "page_date"}
)

# Of those, labels of lines that credit the source of a text as often as they sign it: on a
# republished or aggregated page the byline is "বিবিসি বাংলা", "বাসস", "আরটিভি" — the outlet the text
# came from. There a name standing alone is a credit; a byline signs for its outlet only with
# more words ("কালবেলা ডেস্ক", "রহিম || dhakapost.com"; the role words are `furniture.BYLINE_WORDS`).
CREDIT_LABELS = frozenset({"byline"})
# A line right above one of these is in the byline's place, whatever its own label: a name alone
# there credits too (an aggregator's "চ্যানেল আই" over "প্রকাশিত: ১১ জুন ২০২০, ১২:২৩").
DATE_LABELS = frozenset({"dateline"})

# A part of a line that ends like a sentence ("… সমকালের পক্ষ থেকে এ তথ্য জানানো হয়।") is one:
# outlets are named in sentences about them, not by them.
SENTENCE_ENDS = ("\N{DEVANAGARI DANDA}", "?", "!")
# Opening and closing quotation marks: a part of a line inside them is someone's words (a quoted
# headline, "‘কালের কণ্ঠ মুক্তিযুদ্ধের চেতনায় এগিয়ে যাচ্ছে’"), never an outlet signing.
QUOTE_PAIRS = (("\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"),
               ("\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"),
               ('"', '"'), ("'", "'"), ("\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}",
               "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"))  # fmt: skip

# Marks that may close a sentence after its end: quotes and brackets.
CLOSING_MARKS = ("'", '"', "\N{RIGHT SINGLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}",
                 ")", "]")  # fmt: skip

# Where a self-naming line is cut into parts that each may be a name standing alone:
# "নিজস্ব প্রতিবেদক | বর্তমান", "◈ headline ◈ headline" (a ticker), "desk ॥ outlet".
SIGNATURE_SEPARATORS = ("|", "\N{DEVANAGARI DOUBLE DANDA}", "\N{BULLET}", "\N{MIDDLE DOT}",
                        "\N{WHITE DIAMOND CONTAINING BLACK SMALL DIAMOND}")  # fmt: skip

# Genitive endings written onto a name: "প্রথম আলোর", "যুগান্তরের", "কালবেলার". Only these: a
# name followed by any other letters is another word ("সমকালীন" is not "সমকাল").
GENITIVE_ENDINGS = ("র", "ের", "এর", "য়ের")

# Case endings after a hyphen, which Bengali print uses to mark a name: "আমার দেশ-এর",
# "প্রিয়-তে", "বর্তমান-এর". Hyphen-minus and the non-breaking hyphen.
HYPHENS = ("-", "\N{NON-BREAKING HYPHEN}")
HYPHENATED_ENDINGS = ("এর", "র", "এ", "য়ে", "তে", "কে", "য়")
