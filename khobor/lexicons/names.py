"""How a person's name is written on Bengali news pages: the titles before it, the family names
that end it, and the word endings that a name never has but a headline's words do.

A byline is often a name alone under the headline ("<given name> <family name>"), with no role
word that says what it is. These lists let the annotator tell such a line from a short title by
its shape. They are written from general knowledge of Bengali names in Bangladesh and West
Bengal and name no outlet and no writer.
"""

from __future__ import annotations

from khobor.lexicons.furniture import nfc

# Titles written before a name ("ড. …", "অধ্যাপক …", "মো. …") that a headline does not open
# with unless it goes on to say something of the person (a verb, a case ending: not a name
# then). Name parts that are also ordinary words in headlines ("শেখ", "কাজী", "কবি") are not
# here: they are no evidence either way.
HONORIFICS = frozenset(
    nfc(
        [
            "ড.", "ডঃ", "ডক্টর", "ডা.", "ডাঃ", "অধ্যাপক", "প্রফেসর", "সহযোগী অধ্যাপক",
            "সহকারী অধ্যাপক", "মো.", "মোঃ", "মুহাম্মদ", "মোহাম্মদ", "মুহম্মদ", "মোহাম্মাদ",
            "আলহাজ্ব", "আলহাজ", "প্রকৌশলী", "কৃষিবিদ", "অধ্যক্ষ", "উপাধ্যক্ষ", "ব্যারিস্টার",
            "অ্যাডভোকেট", "এডভোকেট", "শ্রীমতী", "শ্রীমতি", "ইঞ্জিনিয়ার", "dr.", "prof.", "md.",
        ]
    )
)

# Family names and the name parts that end a full name, common in Bangladesh (Muslim and Hindu
# names) and in West Bengal, that are not also ordinary words of a headline.
FAMILY_NAMES = frozenset(
    nfc(
        [
            # Bangladesh, mostly Muslim names
            "আহমেদ", "আহমদ", "আহম্মেদ", "আহমাদ", "হোসেন", "হোসাইন", "হুসাইন", "হোসেইন",
            "রহমান", "হাসান", "হাছান", "কবির", "কবীর", "চৌধুরী", "চৌধুরি", "মিয়া", "মিঞা",
            "মাহমুদ", "করিম", "রশিদ", "রশীদ", "সিদ্দিকী", "সিদ্দিকি", "তালুকদার", "ভূঁইয়া",
            "ভূইয়া", "ভুঁইয়া", "ভুইয়া", "মজুমদার", "সরদার", "মোল্লা", "মুন্সী", "মুন্সি",
            "পাটোয়ারী", "হাওলাদার", "শিকদার", "সিকদার", "খন্দকার", "আকন্দ", "উদ্দিন", "উদ্দীন",
            "উল্লাহ", "উল্যাহ", "আক্তার", "আখতার", "আকতার", "খাতুন", "সুলতানা", "নাহার",
            "পারভীন", "পারভিন", "ইয়াসমিন", "আফরোজ", "শারমিন", "রানা", "রায়হান", "ফারুক",
            "ফারুকী", "হাবিব", "মাসুদ", "মনির", "আনোয়ার", "আনাম", "নিজাম", "কাদের", "সোবহান",
            "মান্নান", "জলিল", "খলিল", "বাশার", "কাইয়ুম", "রউফ", "লতিফ", "সাত্তার", "গাফফার",
            "হাফিজ", "হালিম", "রাজ্জাক", "রিপন", "শাহীন", "শামীম", "তুহিন", "সাঈদ", "ওয়াহিদ",
            "জাহিদ", "জাহাঙ্গীর", "আরিফ", "মুনির", "নাসির", "মোস্তফা", "মোস্তাফা", "মুস্তাফা",
            "হামিদ", "মজিদ", "কুমার", "জব্বার", "সরোয়ার", "জোয়ার্দার", "আলী", "আলি",
            # Hindu names of both countries, West Bengal's family names
            "ঘোষ", "বসু", "বোস", "সেনগুপ্ত", "রায়চৌধুরী", "মিত্র", "সাহা", "নন্দী",
            "ভট্টাচার্য", "ভট্টাচার্যা", "মুখোপাধ্যায়", "বন্দ্যোপাধ্যায়", "চট্টোপাধ্যায়",
            "গঙ্গোপাধ্যায়", "মুখার্জি", "ব্যানার্জি", "চ্যাটার্জি", "চক্রবর্তী", "চক্রবর্ত্তী",
            "সান্যাল", "মৈত্র", "বাগচী", "বাগচি", "লাহিড়ী", "লাহিড়ি", "সিনহা", "হালদার",
            "বর্মন", "বর্মণ", "আচার্য", "ভৌমিক", "পোদ্দার", "প্রামাণিক", "মাহাতো", "গাঙ্গুলি",
            "গাঙ্গুলী", "ঘোষাল", "দাশগুপ্ত", "দাসগুপ্ত", "রক্ষিত", "সাঁতরা", "মাইতি", "ত্রিপাঠী",
            "কুন্ডু", "কুণ্ডু", "সমাদ্দার", "বড়ুয়া", "চাকমা", "মারমা", "গোস্বামী", "অধিকারী",
            "মল্লিক", "গুহ", "মিশ্র", "শর্মা", "মুখোপাধ্যায়", "দত্তগুপ্ত", "সেনশর্মা",
        ]
    )
)

# Family names that are also ordinary words of headlines ("সরকার" government, "ইসলাম",
# "বিশ্বাস" trust, "কর" tax, "পাঠক" reader): a name's last word, but no evidence on their own.
COMMON_WORD_NAMES = frozenset(
    nfc(
        [
            "সরকার", "ইসলাম", "আলম", "হক", "খান", "শেখ", "জামান", "শহীদ", "আজাদ", "কামাল",
            "জামাল", "সালাম", "বেগম", "জাহান", "বাবুল", "মুকুল", "সুমন", "রাজু", "মিঠু", "বাকী",
            "দাস", "দাশ", "দে", "দেব", "দত্ত", "সেন", "গুপ্ত", "রায়", "পাল", "সিংহ", "মণ্ডল",
            "মন্ডল", "বিশ্বাস", "ঠাকুর", "কর", "নাথ", "ধর", "মাঝি", "শীল", "জানা", "বেরা", "চন্দ",
            "চন্দ্র", "বণিক", "সাধু", "ত্রিপুরা", "ভদ্র", "রাহা", "নাগ", "পাঠক", "শাস্ত্রী", "নন্দি",
        ]
    )
)

# Word endings of a headline's or a sentence's words: case endings and verb forms. A name's
# last word rarely carries one ("ঢাকায়", "নির্বাচনে", "বাড়ছে", "দিলেন" never end a name).
PROSE_ENDINGS = tuple(
    nfc(
        [
            "েছে", "েছেন", "চ্ছে", "চ্ছেন", "বেন", "লেন", "লো", "ছিল", "ছিলেন", "তেন",
            "াচ্ছে", "ের", "দের", "কে", "তে", "য়ে", "েও", "রা", "গুলো", "গুলি", "টি", "টা", "ে",
        ]
    )
)

# The genitive ending ("হাসিনার"): a name's last word has it only when the name is a family
# name that ends so ("তালুকদার"); given names with it stand before the family name.
GENITIVE_ENDING = "ার"

# Of those, the verb forms and the locative: a clause ("দশম বর্ষে …"), where a credit's name may
# still hold a genitive ("<outlet>-এর ডেস্ক").
CLAUSE_ENDINGS = tuple(
    nfc(["েছে", "েছেন", "চ্ছে", "চ্ছেন", "বেন", "লেন", "ছিল", "ছিলেন", "তেন", "তে", "য়ে", "ে"])
)
