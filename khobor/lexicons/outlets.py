"""Printed signatures of Bengali news outlets: how a page names its own site.

A signature only counts where a page speaks for itself — bylines ("কালবেলা ডেস্ক"), promos
("কালবেলা অনলাইন এর সর্বশেষ খবর পেতে …"), edition lines, header and footer chrome — never in the
body, where another outlet is routinely quoted as a source. Slugs are the outlets' domain names
without the TLD, as `sources.csv` URLs give them.
"""

from __future__ import annotations

import unicodedata
from types import MappingProxyType


def _nfc(*names: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", n).casefold() for n in names)


OUTLET_SIGNATURES = MappingProxyType(
    {
        "kalbela": _nfc("কালবেলা", "kalbela"),
        "prothomalo": _nfc("প্রথম আলো", "prothom alo", "prothomalo"),
        "jugantor": _nfc("যুগান্তর", "jugantor"),
        "ittefaq": _nfc("ইত্তেফাক", "ittefaq"),
        "kalerkantho": _nfc("কালের কণ্ঠ", "kaler kantho", "kalerkantho"),
        "samakal": _nfc("সমকাল", "samakal"),
        "bd-pratidin": _nfc("বাংলাদেশ প্রতিদিন", "bangladesh pratidin", "bd-pratidin"),
        "jagonews24": _nfc("জাগো নিউজ", "jagonews24", "jago news"),
        "dhakapost": _nfc("ঢাকা পোস্ট", "dhaka post", "dhakapost"),
        "banglatribune": _nfc("বাংলা ট্রিবিউন", "bangla tribune", "banglatribune"),
        "bdnews24": _nfc("বিডিনিউজ টোয়েন্টিফোর", "bdnews24"),
        "banglanews24": _nfc("বাংলানিউজটোয়েন্টিফোর", "বাংলানিউজ", "banglanews24"),
        "risingbd": _nfc("রাইজিংবিডি", "risingbd"),
        "somoynews": _nfc("সময় নিউজ", "somoy news", "somoynews"),
        "jaijaidinbd": _nfc("যায়যায়দিন", "jaijaidin"),
        "dailynayadiganta": _nfc("নয়া দিগন্ত", "naya diganta", "nayadiganta"),
        "dailyinqilab": _nfc("ইনকিলাব", "inqilab"),
        "manabzamin": _nfc("মানবজমিন", "manab zamin", "mzamin"),
        "deshrupantor": _nfc("দেশ রূপান্তর", "desh rupantor", "deshrupantor"),
        "ajkerpatrika": _nfc("আজকের পত্রিকা", "ajker patrika", "ajkerpatrika"),
        "bbc": _nfc("বিবিসি বাংলা", "bbc bangla"),
        "anandabazar": _nfc("আনন্দবাজার", "anandabazar"),
        "channel24bd": _nfc("চ্যানেল ২৪", "channel 24", "channel24"),
        "ntvbd": _nfc("এনটিভি অনলাইন", "ntv online"),
        "jamuna": _nfc("যমুনা টিভি", "jamuna tv"),
        "dailyjanakantha": _nfc("জনকণ্ঠ", "janakantha"),
        "bhorerkagoj": _nfc("ভোরের কাগজ", "bhorer kagoj"),
        "amadershomoy": _nfc("আমাদের সময়", "amader shomoy"),
        "dailysangram": _nfc("দৈনিক সংগ্রাম", "daily sangram"),
        "sangbad": _nfc("দৈনিক সংবাদ", "sangbad"),
        "banglavision": _nfc("বাংলাভিশন", "banglavision"),
        "independent24": _nfc(
            "ইনডিপেনডেন্ট টিভি",
        ),
        "ekattor": _nfc("একাত্তর টিভি", "ekattor tv"),
        "barta24": _nfc("বার্তা২৪", "barta24"),
        "sarabangla": _nfc("সারাবাংলা", "sarabangla"),
        "dailyvorerpata": _nfc(
            "ভোরের পাতা",
        ),
        "alokitobangladesh": _nfc(
            "আলোকিত বাংলাদেশ",
        ),
        "bonikbarta": _nfc("বণিক বার্তা", "bonik barta"),
    }
)

# Labels of lines where a page names itself.
SELF_NAMING_LABELS = frozenset(
    {"byline", "promo", "edition", "chrome", "comment_prompt", "page_date"}
)
