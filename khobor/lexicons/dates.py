"""Words that make up Bengali (and English) datelines: months, weekdays, clock words, cues.

Only data lives here; :mod:`khobor.text.dates` and :mod:`khobor.text.bangla_calendar` build their
lookup tables and regexes from it. Entries may be typed in any Unicode form: every consumer
applies NFC (which *decomposes* ড় U+09DC, ঢ় U+09DD and য় U+09DF into base + nukta U+09BC)
before using an entry, and the regexes accept both spellings of those three letters.

English entries are matched case-insensitively and are stored in lower case.
"""

from __future__ import annotations

BENGALI_DIGITS = "০১২৩৪৫৬৭৮৯"
ASCII_DIGITS = "0123456789"

# Gregorian month names as Bengali outlets print them, with the spelling variants seen on
# real pages (ই/ঈ endings, ষ/স in আগস্ট, the য়-less and য়-ful জুলাই).
GREGORIAN_MONTHS_BN: dict[str, int] = {
    "জানুয়ারি": 1,
    "জানুয়ারী": 1,  # long ঈ: Jugantor/Ittefaq spelling (seed 003)
    "জানুআরি": 1,
    "ফেব্রুয়ারি": 2,
    "ফেব্রুয়ারী": 2,
    "ফেব্রুআরি": 2,
    "ফেবরুয়ারি": 2,  # dropped hasanta, seen in older archives
    "মার্চ": 3,
    "এপ্রিল": 4,
    "মে": 5,
    "জুন": 6,
    "জুলাই": 7,
    "জুলায়": 7,  # য়-spelling of জুলাই
    "আগস্ট": 8,
    "আগষ্ট": 8,  # ষ-spelling, common in headers
    "অগাস্ট": 8,  # West Bengal spelling
    "অগস্ট": 8,
    "সেপ্টেম্বর": 9,
    "সেপ্টেমবর": 9,
    "অক্টোবর": 10,
    "অকটোবর": 10,
    "নভেম্বর": 11,
    "নবেম্বর": 11,  # older spelling
    "ডিসেম্বর": 12,
    # abbreviations some outlets print in tight date boxes ("১২ সেপ্টে. ২০২৫"); a date still
    # needs a day before and a four-digit year after, so these short words stay safe
    "জানু": 1,
    "ফেব্রু": 2,
    "সেপ্টে": 9,
    "অক্টো": 10,
    "নভে": 11,
    "ডিসে": 12,
}

# English month names and abbreviations (a trailing dot is allowed by the parser).
GREGORIAN_MONTHS_EN: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

# Bangla-calendar months in order (1 = বৈশাখ … 12 = চৈত্র), canonical Bangla Academy spelling.
BANGLA_MONTHS: tuple[str, ...] = (
    "বৈশাখ",
    "জ্যৈষ্ঠ",
    "আষাঢ়",
    "শ্রাবণ",
    "ভাদ্র",
    "আশ্বিন",
    "কার্তিক",
    "অগ্রহায়ণ",
    "পৌষ",
    "মাঘ",
    "ফাল্গুন",
    "চৈত্র",
)

# Spelling variants of the Bangla months beyond the canonical ones above.
BANGLA_MONTH_VARIANTS: dict[str, int] = {
    "জৈষ্ঠ্য": 2,  # very common misspelling in page headers
    "জৈষ্ঠ": 2,
    "জ্যৈষ্ঠ্য": 2,
    "আষাড়": 3,  # ড় for ঢ়
    "শ্রাবন": 4,  # dental ন
    "আশ্বীন": 6,
    "কার্ত্তিক": 7,  # old spelling with double ত
    "অগ্রহায়ন": 8,  # dental ন
    "অঘ্রাণ": 8,  # colloquial name of the same month
    "অঘ্রান": 8,
    "ফাগুন": 11,  # colloquial
    "ফালগুন": 11,
    "চৈত": 12,  # colloquial
}

# Weekdays, Python numbering (Monday = 0).
WEEKDAYS: dict[str, int] = {
    "সোমবার": 0,
    "মঙ্গলবার": 1,
    "বুধবার": 2,
    "বৃহস্পতিবার": 3,
    "বৃহষ্পতিবার": 3,  # ষ misspelling
    "বিষ্যুদবার": 3,  # colloquial
    "শুক্রবার": 4,
    "শনিবার": 5,
    "রবিবার": 6,
    "রোববার": 6,  # colloquial, used by Prothom Alo
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

# Ordinal endings written after the day number: ১লা, ২রা, ৪ঠা, ৫ই, ২১শে, 22nd.
DAY_SUFFIXES: tuple[str, ...] = ("লা", "রা", "ঠা", "ই", "শে", "এ", "st", "nd", "rd", "th")

# Era words that may follow a year and belong to the date's span.
GREGORIAN_ERA_WORDS: tuple[str, ...] = (
    "খ্রিস্টাব্দ",
    "খ্রিষ্টাব্দ",
    "খ্রিঃ",
    "ইংরেজি",
    "ইং",
    "সাল",
)
BANGLA_ERA_WORDS: tuple[str, ...] = ("বঙ্গাব্দ", "বাংলা সন", "সন")

# Before-noon / after-noon markers written after a clock time.
AM_WORDS: tuple[str, ...] = (
    "এএম",
    "এ.এম.",
    "এ.এম",
    "এ এম",
    "পূর্বাহ্ণ",  # correct spelling with মূর্ধন্য ণ
    "পূর্বাহ্ন",  # dental ন, the common spelling on pages
    "am",
    "a.m.",
    "a.m",
)
PM_WORDS: tuple[str, ...] = (
    "পিএম",
    "পি.এম.",
    "পি.এম",
    "পি এম",
    "অপরাহ্ন",  # dental ন, seed 003
    "অপরাহ্ণ",
    "pm",
    "p.m.",
    "p.m",
)

# Day-part words written before a time ("রাত ১০টা", "সকাল ৯টা ১৫ মিনিট") or after it
# ("০৬:৩৬ সকাল", "৮:১০ রাত"), mapped to the rule that turns a 12-hour clock reading into a
# 24-hour one (rules live in khobor.text.dates).
DAY_PARTS: dict[str, str] = {
    "ভোর": "morning",  # dawn, 4–6 am
    "ভোরে": "morning",
    "ভোররাত": "morning",  # the small hours before dawn: "ভোররাত ৩টা" is 3 am
    "ভোররাতে": "morning",
    "সকাল": "morning",
    "সকালে": "morning",
    "দুপুর": "midday",  # 12 → noon, 1–5 → pm
    "দুপুরে": "midday",
    "বেলা": "midday",  # "বেলা ১১টা", "বেলা ২টা"
    "মধ্যাহ্ন": "midday",
    "বিকাল": "afternoon",
    "বিকালে": "afternoon",
    "বিকেল": "afternoon",
    "বিকেলে": "afternoon",
    "সন্ধ্যা": "afternoon",  # evening, 5–8 pm: always pm
    "সন্ধ্যায়": "afternoon",
    "সন্ধ্যে": "afternoon",  # West Bengal spellings
    "সন্ধে": "afternoon",
    "সন্ধেয়": "afternoon",
    "রাত": "night",  # 6–11 → pm, 12 → midnight, 1–5 → am
    "রাতে": "night",
    "রাত্রি": "night",
    "রাত্রে": "night",
    "মধ্যরাত": "night",
    "মধ্যরাতে": "night",
}

# The "o'clock" word after an hour ("১০টা", "১০টায়") and the minute word ("১৫ মিনিট").
HOUR_WORDS: tuple[str, ...] = ("টায়", "টার", "টা")
MINUTE_WORDS: tuple[str, ...] = ("মিনিটে", "মিনিট")

# Zone names written after a time (also in brackets: "০৫:১৫ (IST)"), as minutes east of UTC.
# "BST" on Bengali pages is Bangladesh Standard Time (UTC+6), not British Summer Time (UTC+1):
# a Bengali outlet's dateline in either country never prints British time, and Bangladeshi
# outlets print "BST" after their own times ("১০:৩০ BST"). "IST" is India Standard Time.
ZONE_OFFSETS: dict[str, int] = {
    "bst": 360,
    "bdst": 360,  # "22:30:52.0 BdST": Bangladesh Standard Time as one wire service writes it
    "bdt": 360,
    "বিএসটি": 360,
    "বাংলাদেশ সময়": 360,
    "ঢাকা সময়": 360,
    "bangladesh time": 360,
    "dhaka time": 360,
    "ist": 330,
    "আইএসটি": 330,
    "ভারতীয় সময়": 330,
    "কলকাতা সময়": 330,
    "india time": 330,
    "indian time": 330,
    "gmt": 0,
    "utc": 0,
    "জিএমটি": 0,
    "ইউটিসি": 0,
}
# Zone names that name a country's clock, not just an offset: the time is read on that clock
# (its offset above is the standard one), and an unknown outlet whose line says "IST" is read
# in India's zone.
ZONE_REGIONS: dict[str, str] = {
    **dict.fromkeys(
        ("bst", "bdst", "bdt", "বিএসটি", "বাংলাদেশ সময়", "ঢাকা সময়", "bangladesh time", "dhaka time"),
        "Asia/Dhaka",
    ),
    **dict.fromkeys(
        ("ist", "আইএসটি", "ভারতীয় সময়", "কলকাতা সময়", "india time", "indian time"), "Asia/Kolkata"
    ),
}
# Printed offsets that point to the country of a Bengali outlet ("+05:30" is India's, "+06:00"
# Bangladesh's); GMT, UTC and other offsets tell when, not where.
OFFSET_REGIONS: dict[int, str] = {330: "Asia/Kolkata", 360: "Asia/Dhaka"}
# Zone phrases also written *before* a time ("বাংলাদেশ সময়: ১৯৩১ ঘণ্টা", "ভারতীয় সময় রাত ৮টায়").
# Abbreviations are not: "GMT ১০:৩০" is more often the end of one stamp than a zone of the next.
ZONES_BEFORE_TIME: tuple[str, ...] = ("বাংলাদেশ সময়", "ঢাকা সময়", "ভারতীয় সময়", "কলকাতা সময়")
# Zone prefixes that take an explicit offset: "GMT+6", "UTC+06:00", "জিএমটি+৬".
ZONE_OFFSET_PREFIXES: tuple[str, ...] = ("gmt", "utc", "জিএমটি", "ইউটিসি")

# Dateline cue words. The longest matching cue wins, so "প্রকাশের সময়" beats "প্রকাশ".
PUBLISHED_CUES: tuple[str, ...] = (
    "প্রকাশ",
    "প্রকাশিত",
    "প্রকাশের সময়",
    "প্রকাশিত হয়েছে",
    "প্রকাশকাল",
    "published",
    "published on",
    "posted",
    "posted on",
    "পোস্ট",  # "পোস্ট হয়েছে: …" on blog-style news sites
)
UPDATED_CUES: tuple[str, ...] = (
    "আপডেট",
    "আপডেট সময়",
    "আপডেটেড",
    "আপডেটের সময়",
    "হালনাগাদ",
    "সর্বশেষ আপডেট",
    "সর্বশেষ হালনাগাদ",
    "updated",
    "updated on",
    "update",
    "last updated",
    "last modified",
    "সম্পাদনা",  # "সর্বশেষ সম্পাদনা: …" (last edited) on Bangla Tribune-style pages
    "সর্বশেষ সম্পাদনা",
    "সংশোধিত",
)
