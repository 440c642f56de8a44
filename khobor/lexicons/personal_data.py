"""Words and number plans that tell personal data from the other numbers of a news page.

Read by `khobor.text.personal_data`, which normalizes every word here with `normalize_text` (the
nukta letters য়, ড়, ঢ় are decomposed in khobor's text, so a word written here precomposed
still matches). Each entry says why it is here.
"""

from __future__ import annotations

# --- Phone numbers ---------------------------------------------------------------------------
# Country calling codes whose numbers count, and the region `phonenumbers` checks them in.
CALLING_CODES: dict[str, str] = {
    "880": "BD",  # Bangladesh: +880 1XXX-XXXXXX (mobile), +880 2-XXXXXXX (Dhaka) …
    "91": "IN",  # India: +91 XXXXX XXXXX
}
# Regions a number written in national form (a trunk "0": 01711-…, 02-…, 033-…) is tried in,
# in this order: Bangladesh's plan first (most outlets), then India's.
NATIONAL_REGIONS: tuple[str, ...] = ("BD", "IN")
# First digits of an Indian mobile number written without a prefix (ten digits, 6-9…): the
# only bare number that counts, since a bare 8-digit or 10-digit number is as often a count,
# a case number or a year pair ("২০২৩২০২৪") as a phone.
INDIAN_MOBILE_LEADS = "6789"

# Words before a number that say it is a phone number (matched at a word's start: "ফোনে"
# too, "সকল" never). They win over NOT_PHONE_BEFORE.
PHONE_CUES: tuple[str, ...] = (
    "ফোন", "মোবাইল", "মুঠোফোন", "মুঠো ফোন", "টেলিফোন", "যোগাযোগ", "হটলাইন", "হেল্পলাইন",
    "কল", "বিকাশ", "নগদ", "রকেট", "হোয়াটসঅ্যাপ", "ইমো",
    "phone", "mobile", "mob", "tel", "cell", "call", "whatsapp", "hotline", "contact",
)
# Words shortly before a number that make it another kind of number: a case, a file, an
# account, a registration, a roll, a book. A phone cue nearer the number still wins.
NOT_PHONE_BEFORE: tuple[str, ...] = (
    "মামলা", "মামলার", "মোকদ্দমা", "জিডি", "এজাহার", "নথি", "স্মারক", "প্রজ্ঞাপন",
    "রেজিস্ট্রেশন", "নিবন্ধন", "রোল", "রেজি", "আইএসবিএন", "হিসাব", "অ্যাকাউন্ট", "চালান",
    "ট্র্যাকিং", "সিরিয়াল", "চেসিস", "চ্যাসিস", "ইঞ্জিন", "লট", "টেন্ডার", "দরপত্র",
    "case", "file", "memo", "isbn", "account", "a/c", "reg", "roll", "bdt", "tk",
)
# Words right after a number that make it an amount or a count, not a phone number.
NOT_PHONE_AFTER: tuple[str, ...] = (
    "টাকা", "টাকার", "রুপি", "রুপির", "ডলার", "ডলারের", "ইউরো", "পাউন্ড", "কোটি", "লাখ",
    "হাজার", "জন", "জনের", "টি", "টন", "কেজি", "মেগাওয়াট", "বর্গ", "কিলোমিটার", "সালে",
    "tk", "taka", "rs", "usd", "crore", "lakh",
)
# How far before a number (characters) the cue words are looked for.
CUE_WINDOW = 28

# --- National ID numbers ----------------------------------------------------------------------
# A national ID counts only where the text labels it: these cues, then (within
# NID_WINDOW characters, on the same line and sentence) a number of a length the ID has.
NID_CUES_BD: tuple[str, ...] = (
    "এনআইডি", "এন আই ডি", "জাতীয় পরিচয়পত্র", "জাতীয় পরিচয় পত্র", "জাতীয় পরিচয়পত্রের",
    "ভোটার আইডি", "পরিচয়পত্র নম্বর", "nid", "national id",
)
# Bangladesh's NID: 10 digits (smart card), 13 (old card) or 17 (birth year + 13).
NID_LENGTHS_BD: tuple[int, ...] = (10, 13, 17)
# India's Aadhaar: 12 digits, the first 2-9, the last a Verhoeff check digit.
NID_CUES_IN: tuple[str, ...] = ("আধার", "aadhaar", "aadhar")
AADHAAR_LENGTH = 12
NID_WINDOW = 30

# --- Payment cards -------------------------------------------------------------------------
# Issuer prefixes (IIN ranges) and lengths of the cards that count; a Luhn-valid number of
# another prefix (a bank account, a parcel) is not a card. (first, last, lengths): a number
# counts when its first len(str(first)) digits lie in [first, last].
CARD_RANGES: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (4, 4, (13, 16, 19)),  # Visa
    (51, 55, (16,)),  # Mastercard
    (2221, 2720, (16,)),  # Mastercard, 2-series
    (34, 34, (15,)),  # American Express
    (37, 37, (15,)),  # American Express
    (6011, 6011, (16, 19)),  # Discover
    (644, 649, (16, 19)),  # Discover
    (65, 65, (16, 19)),  # Discover, RuPay
    (3528, 3589, (16, 19)),  # JCB
    (300, 305, (14, 16, 19)),  # Diners Club
    (36, 36, (14, 16, 19)),  # Diners Club
    (62, 62, (16, 17, 18, 19)),  # UnionPay
    (60, 60, (16,)),  # RuPay
    (81, 82, (16,)),  # RuPay
    (508, 508, (16,)),  # RuPay
)

# --- IP addresses ----------------------------------------------------------------------------
# An IPv4 address written in Bengali digits counts only after one of these (a clause number
# "১.২.৩.৪" is not an address); in Latin digits it always counts.
IP_CUES: tuple[str, ...] = ("আইপি", "ip", "আই পি")
# Words right before a dotted number that make it a version, not an address ("Android 4.4.2.1").
NOT_IP_BEFORE: tuple[str, ...] = (
    "সংস্করণ", "ভার্সন", "আপডেট", "version", "android", "ios", "firmware",
)
VERSION_WINDOW = 12  # characters before the number where those words are looked for
