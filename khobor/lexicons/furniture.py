"""Phrases of page furniture common to Bengali news sites, apart from the annotator's logic.

Entries are matched on NFC text (see `khobor.text.normalize`); `nfc()` is applied when the
lookup tables are built, so entries may be typed in any form. Keep entries generic — phrases
that many outlets print — never a sentence from one page.
"""

from __future__ import annotations

import unicodedata


def nfc(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", w).casefold() for w in words)


# Whole-line headers that open a list of other articles.
RELATED_HEADERS = nfc(
    [
        "সম্পর্কিত", "সম্পর্কিত খবর", "সম্পর্কিত সংবাদ", "এ সম্পর্কিত আরও খবর",
        "এ সম্পর্কিত আরো খবর", "সর্বশেষ", "সর্বশেষ খবর", "সর্বশেষ সংবাদ", "সর্বাধিক পঠিত",
        "সর্বাধিক পঠিত সংবাদ", "সর্বাধিক পঠিত খবর", "সর্বাধিক পড়া", "সর্বাধিক দেখা",
        "সর্বাধিক আলোচিত", "সর্বাধিক", "আরও পড়ুন", "আরো পড়ুন", "আরও খবর", "আরো খবর",
        "জনপ্রিয়", "জনপ্রিয় সংবাদ", "জনপ্রিয় খবর", "পাঠকপ্রিয়", "পাঠকপ্রিয় খবর",
        "এই বিভাগের আরও খবর", "এই বিভাগের আরো খবর", "এই বিভাগের আরও সংবাদ", "আরও সংবাদ",
        "এই বিভাগের সর্বাধিক পঠিত", "শীর্ষ সংবাদ", "শীর্ষ খবর", "বাছাইকৃত", "নির্বাচিত",
        "আলোচিত", "আলোচিত খবর", "ট্রেন্ডিং", "সংশ্লিষ্ট খবর", "সংশ্লিষ্ট সংবাদ", "পরবর্তী খবর",
        "পরবর্তী সংবাদ", "আগের খবর", "আগের সংবাদ", "পূর্ববর্তী খবর", "পূর্ববর্তী সংবাদ",
        "আরও ছবি", "আরো ছবি", "আরও ভিডিও", "আরো ভিডিও", "more photos", "more videos",
        "you may also like", "related", "related news", "latest", "latest news", "most read",
        "most popular", "more news", "read more", "also read", "popular",
    ]
)

# Endings of short list headers not listed whole ("এই বিষয়ে আরও পড়ুন", "বিনোদনের আরও খবর").
RELATED_HEADER_ENDINGS = nfc(
    ["আরও পড়ুন", "আরো পড়ুন", "আরও খবর", "আরো খবর", "আরও সংবাদ", "আরো সংবাদ", "সম্পর্কিত খবর",
     "more news", "read more", "পড়তে পারেন", "আরও লেখা", "আরো লেখা"]
)

# Links after a teaser to the whole story ("বিস্তারিত", "View More <title>"): the line above
# them is a listing's teaser. "আরও পড়ুন: <title>" is not among them: articles print it between
# their own paragraphs.
MORE_LINKS = nfc(
    ["বিস্তারিত", "বিস্তারিত পড়ুন", "বিস্তারিত দেখুন", "পুরো খবর পড়ুন", "পুরো খবর", "পুরোটা পড়ুন",
     "view more", "read more", "continue reading", "read full story", "full story"]
)

# What a video player prints around a video: its notices and counters. A page of such notices
# and a short description is a video page.
PLAYER_NOTICES = nfc(
    ["বার দেখা হয়েছে", "ভিডিওটি দেখতে", "ভিডিও দেখতে ক্লিক", "প্লে বোতাম", "ভিডিওটি চালু",
     "ভিডিও প্লেয়ার", "play video", "watch video", "watch now", "video player",
     "your browser does not support", "views"]
)

# Prefixes of a line that links to another article ("আরও পড়ুন: <headline>") or prev/next links.
RELATED_PREFIXES = nfc(
    [
        "আরও পড়ুন", "আরো পড়ুন", "আরও দেখুন", "পরবর্তী খবর", "পরবর্তী সংবাদ",
        "আগের খবর", "আগের সংবাদ", "পূর্ববর্তী খবর", "পূর্ববর্তী সংবাদ", "read more", "also read",
        "next", "previous",
    ]
)

# Invitations to comment. Matched as whole line or as the line's start.
COMMENT_PROMPTS = nfc(
    [
        "মন্তব্য করুন", "মন্তব্য লিখুন", "আপনার মন্তব্য লিখুন", "মতামত দিন", "আপনার মতামত দিন",
        "কমেন্ট করুন", "মন্তব্য", "মন্তব্যসমূহ", "leave a comment", "comments", "post a comment",
        # login prompts of a comment box
        "মন্তব্য করতে লগইন করুন", "মন্তব্য লিখতে লগইন করুন", "log in to comment",
        "login to comment", "sign in to comment",
    ]
)

# Headers of a readers' comment section; lines after them are `comment` until the next furniture.
COMMENT_SECTION_HEADERS = nfc(
    ["পাঠকের মন্তব্য", "পাঠক মন্তব্য", "মন্তব্যসমূহ", "সব মন্তব্য", "readers' comments"]
)
# Controls of a comment section: login prompts, sort buttons, page sizes. Inside comments they
# are `comment` furniture, not the start of another list.
COMMENT_CONTROLS = nfc(
    ["লগইন করুন", "লগ ইন করুন", "মন্তব্য করতে লগইন করুন", "সাইন ইন করুন", "login to comment",
     "log in to comment", "sign in to comment", "সর্বশেষ", "পুরাতন", "পুরোনো", "জনপ্রিয়", "নতুন",
     "newest", "oldest", "popular", "sort by", "সাজান", "প্রতি পৃষ্ঠায়", "প্রতি পাতায়", "আরও মন্তব্য",
     "আরো মন্তব্য", "load more comments", "উত্তর দিন", "জবাব দিন", "লাইক", "রিপ্লাই", "reply",
     "like", "report", "রিপোর্ট"]
)

# Follow / subscribe / app prompts and advertisement markers.
PROMO_PHRASES = nfc(
    [
        "google news", "গুগল নিউজ", "ফিডটি অনুসরণ করুন", "অনুসরণ করুন", "ফলো করুন", "সাবস্ক্রাইব",
        "subscribe", "ইউটিউব চ্যানেল", "youtube channel", "হোয়াটসঅ্যাপ চ্যানেল",
        "টেলিগ্রাম চ্যানেল", "অ্যাপ ডাউনলোড", "অ্যাপটি ডাউনলোড", "ডাউনলোড করুন", "download the app",
        "বিজ্ঞাপন", "advertisement", "sponsored", "স্পন্সরড", "follow us",
        # e-paper and app promos printed in site headers ("ই-পেপার <outlet>")
        "ই-পেপার", "ই পেপার", "e-paper", "epaper", "অ্যাপ ডাউনলোড", "get the app",
        # messenger and newsletter prompts ("আমাদের হোয়াটসঅ্যাপ চ্যানেলে যুক্ত হোন")
        "যুক্ত হোন", "জয়েন করুন", "join us", "নিউজলেটার", "newsletter", "চ্যানেলে যুক্ত",
        # Google's "preferred source" button many outlets print under the article
        "পছন্দের সংবাদ উৎস", "preferred source",
    ]
)

# Social networks and messengers: a short line naming one is a share or follow button
# ("<outlet> হোয়াটসঅ্যাপ", "Facebook", "ইউটিউব").
SOCIAL_NAMES = nfc(
    [
        "facebook", "ফেসবুক", "twitter", "টুইটার", "x", "whatsapp", "হোয়াটসঅ্যাপ", "হোয়াটসঅ্যাপ",
        "messenger", "মেসেঞ্জার", "linkedin", "লিংকডইন", "telegram", "টেলিগ্রাম", "youtube",
        "ইউটিউব", "instagram", "ইনস্টাগ্রাম", "tiktok", "টিকটক", "viber", "ভাইবার", "imo",
        "google news", "গুগল নিউজ", "pinterest", "reddit", "threads", "email", "ইমেইল", "ই-মেইল",
    ]
)

# The first item of a breadcrumb trail: a line starting with one is a trail, never a title.
HOME_WORDS = nfc(["হোম", "প্রচ্ছদ", "home", "মূলপাতা", "প্রথম পাতা"])

# Names of site sections: a line made mostly of these is a menu row, never a headline
# ("হোম জাতীয় রাজনীতি অর্থনীতি খেলা", "HOME NEWS SPORTS").
SECTION_NAMES = nfc(
    [
        "হোম", "প্রচ্ছদ", "জাতীয়", "রাজনীতি", "অর্থনীতি", "বাণিজ্য", "অর্থ-বাণিজ্য", "খেলা",
        "খেলাধুলা", "বিনোদন", "আন্তর্জাতিক", "বিশ্ব", "সারাদেশ", "সারাবাংলা", "দেশ", "বাংলাদেশ",
        "মতামত", "সম্পাদকীয়", "লাইফস্টাইল", "জীবনযাপন", "প্রযুক্তি", "বিজ্ঞান", "শিক্ষা",
        "স্বাস্থ্য", "ধর্ম", "ইসলাম", "চাকরি", "ক্যাম্পাস", "ফিচার", "ভিডিও", "ছবি", "ফটো",
        "আর্কাইভ", "অপরাধ", "আইন-আদালত", "রাজধানী", "প্রবাস", "কৃষি", "পরিবেশ", "শিল্প",
        "সাহিত্য", "সংস্কৃতি", "অন্যান্য", "সর্বশেষ", "অনলাইন", "ই-পেপার", "আজকের", "পত্রিকা",
        "home", "news", "bangladesh", "national", "politics", "business", "economy", "sports",
        "entertainment", "international", "world", "opinion", "lifestyle", "tech", "technology",
        "science", "education", "health", "video", "videos", "photo", "photos", "country",
        "more", "others", "latest", "e-paper", "epaper", "archive", "jobs", "religion", "crime",
    ]
)

# Share rows, buttons, footers, notices: `chrome` when the line is short and made of these.
CHROME_WORDS = nfc(
    [
        "x", "×", "✕", "close", "বন্ধ", "শেয়ার", "শেয়ার করুন", "share", "facebook", "ফেসবুক",
        "twitter", "টুইটার", "whatsapp", "হোয়াটসঅ্যাপ", "messenger", "মেসেঞ্জার", "linkedin",
        "লিংকডইন", "telegram", "টেলিগ্রাম", "print", "প্রিন্ট", "email", "ই-মেইল", "ইমেইল",
        "copy link", "কপি লিংক", "লিংক কপি", "হোম", "প্রচ্ছদ", "home", "menu", "মেনু", "search",
        "খুঁজুন", "অনুসন্ধান", "লগইন", "login", "সাইন ইন", "ই-পেপার", "e-paper", "epaper",
        "আর্কাইভ", "archive", "সব খবর", "সকল খবর", "আরও দেখুন", "আরো দেখুন",
        "লোড মোর", "load more", "top", "উপরে", "ফন্ট", "font", "a+", "a-", "বাংলা", "english",
        "ভিডিও", "ছবি", "অডিও", "লাইভ", "live", "সর্বশেষ", "জনপ্রিয়", "ঠিক আছে", "সম্মত",
        "accept", "ok", "got it", "বুঝেছি",
    ]
)

# Button phrases inside short lines ("সংবাদটি শেয়ার করুন", "লিংক কপি করুন").
CHROME_PHRASES = nfc(
    ["শেয়ার করুন", "শেয়ার করুন", "প্রিন্ট করুন", "কপি করুন", "লিংক কপি", "share this",
     "share on", "print this", "অ-", "অ+", "a-", "a+", "ফন্ট সাইজ", "ফন্ট",
     # skip links around boxes ("এই অংশ এড়িয়ে যান", "Skip to content")
     "এড়িয়ে যান", "বাদ দিয়ে পড়ুন", "skip to", "skip", "রিফ্রেশ করুন", "refresh",
     # audio players and reading-time notes ("খবরটি শুনুন", "পড়তে সময় লাগবে ৩ মিনিট")
     "শুনুন", "listen", "পড়তে সময় লাগবে", "min read"]
)

# Footer and notice markers: any line containing one of these is `chrome` once the article ended.
FOOTER_MARKERS = nfc(
    [
        "©", "copyright", "কপিরাইট", "স্বত্ব", "সর্বস্বত্ব", "সম্পাদক ও প্রকাশক", "প্রকাশক",
        "সম্পাদক:", "সম্পাদক :", "ভারপ্রাপ্ত সম্পাদক", "নির্বাহী সম্পাদক", "বার্তা সম্পাদক",
        "ফোন:", "ফোন :", "মোবাইল:", "ইমেইল:", "ই-মেইল:", "email:", "ঠিকানা:", "ঠিকানা :",
        "গোপনীয়তা নীতি", "প্রাইভেসি পলিসি", "privacy policy", "শর্তাবলি", "শর্তাবলী",
        "ব্যবহারের শর্ত", "terms of use", "আমাদের সম্পর্কে", "about us", "যোগাযোগ করুন", "যোগাযোগ:",
        "যোগাযোগ :", "contact us",
        "বিজ্ঞাপন দিন", "কুকি", "cookie", "cookies", "all rights reserved",
    ]
)

# Cookie and consent notices: sentences, but chrome wherever they stand.
NOTICE_MARKERS = nfc(
    ["কুকি", "কুকিজ", "cookie", "cookies", "গোপনীয়তা নীতিতে সম্মত",
     # an opinion page's disclaimer ("মতামত লেখকের নিজস্ব …")
     "লেখকের নিজস্ব", "লেখকের ব্যক্তিগত", "views are the author's own", "views expressed"]
)

# Kickers that read like bylines ("বিশেষ প্রতিবেদন" is a report type, not a reporter).
KICKER_PHRASES = nfc(
    ["বিশেষ প্রতিবেদন", "অনুসন্ধানী প্রতিবেদন", "বিশেষ সংবাদ", "বিশ্লেষণ", "সাক্ষাৎকার", "মতামত",
     "ফিচার", "কলাম"]
)

# Bullet glyphs that start a tab or menu item ("  • সর্বশেষ").
BULLETS = "•·▪►▸»›‣◦○●■□-–—"

# A topic/keyword list: the line starts with one of these.
TAG_PREFIXES = nfc(
    ["ট্যাগ", "ট্যাগস", "বিষয়", "বিষয়সমূহ", "কীওয়ার্ড", "tags", "tag", "topics", "related topic",
     "related topics"]
)

# Section line: "বিভাগ : আন্তর্জাতিক".
SECTION_PREFIXES = nfc(["বিভাগ", "ক্যাটাগরি", "category", "section"])

# Source credit: "সূত্র: রয়টার্স".
SOURCE_PREFIXES = nfc(["সূত্র", "তথ্যসূত্র", "খবর সূত্র", "সংবাদ সূত্র", "source", "sources"])

# Edition lines ("অনলাইন সংস্করণ").
EDITION_WORDS = nfc(["সংস্করণ", "edition"])

# Role words of a byline: "কালবেলা ডেস্ক", "নিজস্ব প্রতিবেদক", "জেলা প্রতিনিধি".
BYLINE_WORDS = nfc(
    [
        "ডেস্ক", "প্রতিবেদক", "প্রতিবেদন", "প্রতিনিধি", "সংবাদদাতা", "রিপোর্টার", "রিপোর্ট",
        "করেসপন্ডেন্ট", "লেখক", "সম্পাদকীয়", "নিউজরুম", "অনলাইন", "ওয়েবডেস্ক", "ব্যুরো", "desk",
        "reporter", "report", "correspondent", "staff", "bureau", "webdesk",
    ]
)
# The last part of an outlet's domain as a credit prints it ("<name>.com", "<name>.কম"): a
# byline signed with the site's address.
DOMAIN_SUFFIXES = nfc(["com", "net", "org", "in", "tv", "info", "news", "bd", "co", "কম", "ডটকম"])
BYLINE_PREFIXES = nfc(
    ["লিখেছেন", "লেখক", "by", "প্রতিবেদন", "প্রতিবেদক", "ছবি ও লেখা", "লেখা ও ছবি", "ছবি ও প্রতিবেদন",
     "written by", "reported by", "published by", "posted by", "story by", "text by"]
)
# A second credit on a byline's line names who edited the story, not who wrote it
# ("<writer> | Edited By: <editor> | Updated on: <date>").
EDITOR_PREFIXES = nfc(["edited by", "updated by", "সম্পাদনা", "সম্পাদনায়"])

# Lines that open with these are captions ("ছবির উৎস, Getty Images").
CAPTION_LEADS = nfc(["ছবির উৎস", "ছবির ক্যাপশন", "ছবির ক্যাপশান", "image source", "image caption"])

# Caption markers at a line's end: "ছবি : সংগৃহীত", "ফাইল ছবি", "Photo: AFP".
CAPTION_MARKERS = nfc(
    [
        "ছবি", "ফাইল ছবি", "ফাইল ফটো", "ফটো", "সংগৃহীত", "photo", "file photo", "ছবিঃ",
        "ভিডিও থেকে নেওয়া",
    ]
)

# Words a date line may carry besides the date and its cue words (the date lexicon's cues are
# added by the annotator); what is left over decides whether a line is a date line or a sentence
# that mentions a date.
DATE_FILLER_WORDS = frozenset(
    nfc(
        [
            "প্রকাশের", "প্রকাশঃ", "আপডেটঃ", "সময়", "সময়ঃ", "তারিখ", "সর্বশেষ", "শেষ", "হয়েছে",
            "last", "at", "on", "bst", "gmt", "utc", "ঢাকা", "dhaka", "শনিবার", "রবিবার", "রোববার",
            "সোমবার", "মঙ্গলবার", "বুধবার", "বৃহস্পতিবার", "শুক্রবার", "saturday", "sunday",
            "monday", "tuesday", "wednesday", "thursday", "friday", "বঙ্গাব্দ", "খ্রিস্টাব্দ",
            "হিজরি", "আজ", "এএম", "পিএম", "am", "pm", "পূর্বাহ্ণ", "পূর্বাহ্ন", "অপরাহ্ন", "অপরাহ্ণ",
        ]
    )
)
