"""The outlet table (`khobor/lexicons/outlets.toml`) and what `khobor.annotate.outlets` reads with it.

The table: well formed, unique, both countries, every slug released data already holds kept.
Signatures: found on lines where a page names itself, never in ordinary sentences or bylines
that credit another outlet. URLs: a table domain, or a host under one, gives its outlet.
"""

from __future__ import annotations

import re
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from khobor.annotate.outlets import (
    OUTLETS,
    ZONE_OF_COUNTRY,
    Country,
    Match,
    OutletTableError,
    fold,
    outlet_by_slug,
    outlet_from_signatures,
    outlet_from_url,
    parse_outlets,
    resolve_outlet,
    slug_from_url,
    zone_of_outlet,
    zone_of_url,
)

# Slugs the annotator gave before the table existed: released data holds them, so they stay.
SLUGS_BEFORE_THE_TABLE = (
    "kalbela", "prothomalo", "jugantor", "ittefaq", "kalerkantho", "samakal", "bd-pratidin",
    "jagonews24", "dhakapost", "banglatribune", "bdnews24", "banglanews24", "risingbd",
    "somoynews", "jaijaidinbd", "dailynayadiganta", "dailyinqilab", "manabzamin", "deshrupantor",
    "ajkerpatrika", "bbc", "anandabazar", "channel24bd", "ntvbd", "jamuna", "dailyjanakantha",
    "bhorerkagoj", "amadershomoy", "dailysangram", "sangbad", "banglavision", "independent24",
    "ekattor", "barta24", "sarabangla", "dailyvorerpata", "alokitobangladesh", "bonikbarta",
)  # fmt: skip
# Of those, slugs that are not their main domain's `slug_from_url` (mzamin.com).
LEGACY_SLUGS = frozenset({"manabzamin"})

DHAKA, KOLKATA = ZoneInfo("Asia/Dhaka"), ZoneInfo("Asia/Kolkata")


# --- the table ------------------------------------------------------------------------------


def test_the_table_holds_at_least_60_outlets_of_both_countries():
    by_country = Counter(outlet.country for outlet in OUTLETS)
    assert len(OUTLETS) >= 60
    assert by_country[Country.BD] >= 30 and by_country[Country.IN] >= 20


def test_slugs_names_and_domains_are_unique():
    slugs = [o.slug for o in OUTLETS]
    assert len(slugs) == len(set(slugs))
    names = Counter(fold(n.text) for o in OUTLETS for n in o.names)
    assert [name for name, n in names.items() if n > 1] == []
    domains = Counter(d for o in OUTLETS for d in o.domains)
    assert [domain for domain, n in domains.items() if n > 1] == []
    owner = {d: o.slug for o in OUTLETS for d in o.domains}
    for outlet in OUTLETS:  # a name that is a domain is its own outlet's domain
        for name in outlet.names:
            assert owner.get(fold(name.text), outlet.slug) == outlet.slug


def test_every_zone_is_its_countrys():
    for outlet in OUTLETS:
        assert isinstance(outlet.zone, ZoneInfo)
        assert outlet.zone == ZONE_OF_COUNTRY[outlet.country], outlet.slug
    assert ZONE_OF_COUNTRY == {Country.BD: DHAKA, Country.IN: KOLKATA}


def test_every_slug_of_released_data_is_kept():
    assert set(SLUGS_BEFORE_THE_TABLE) <= {o.slug for o in OUTLETS}


def test_a_slug_is_its_main_domain_without_the_tld():
    for outlet in OUTLETS:
        if outlet.slug not in LEGACY_SLUGS:
            assert slug_from_url(f"https://{outlet.domains[0]}/") == outlet.slug


def test_every_domain_and_every_host_under_it_gives_its_outlet():
    for outlet in OUTLETS:
        for domain in outlet.domains:
            assert outlet_from_url(f"https://{domain}/x/1") == outlet.slug
            assert outlet_from_url(f"http://www.{domain}/x/1") == outlet.slug
            assert outlet_from_url(f"https://amp.{domain}.") == outlet.slug  # a trailing dot


def test_every_name_standing_alone_names_its_outlet_and_the_longest_name_wins():
    for outlet in OUTLETS:
        for name in outlet.names:
            for line in (name.text, f"© {name.text}", f"হোম | {name.text} |"):
                assert outlet_from_signatures([(line, "chrome")]) == outlet.slug, line


def test_ordinary_word_names_are_marked_so():
    line_names = {fold(n.text) for o in OUTLETS for n in o.names if n.match is Match.LINE}
    # the words the brief of the table names as ordinary, and a few more
    for word in ("বর্তমান", "আজকাল", "এই সময়", "নয়া দিগন্ত", "আমার দেশ", "খবরের কাগজ", "the wall"):
        assert word in line_names
    for outlet in OUTLETS:  # no name is one bare ordinary word of the trade
        assert not {fold(n.text) for n in outlet.names} & {"সংবাদ", "সময়", "দেশ", "খবর"}


# --- a malformed table: one message naming the row -----------------------------------------

GOOD_ROW = '[dainik]\ncountry = "BD"\ndomains = ["dainik.com"]\nnames = ["দৈনিক খবর"]\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[dainik\n", "outlets.toml: "),
        (GOOD_ROW + 'colour = "red"\n', "[dainik]: unknown key 'colour'"),
        (GOOD_ROW.replace('"BD"', '"UK"'), "[dainik]: country must be one of BD, IN"),
        (GOOD_ROW + 'zone = "Asia/Nowhere"\n', "[dainik]: zone 'Asia/Nowhere' is not an IANA"),
        (GOOD_ROW.replace("dainik.com", "Dainik.com"), "domain 'Dainik.com' is not a lowercase"),
        (GOOD_ROW.replace('["dainik.com"]', "[]"), "[dainik]: domains must not be empty"),
        (GOOD_ROW.replace('["দৈনিক খবর"]', '"দৈনিক খবর"'), "names must be a list of non-blank"),
        (GOOD_ROW.replace("[dainik]", "[Dainik]"), "[Dainik]: a slug is lowercase"),
        (
            GOOD_ROW.replace('"দৈনিক খবর"', '"«দৈনিক খবর»"'),
            "[dainik]: name '«দৈনিক খবর»' must start with a letter or a digit",
        ),
        (
            GOOD_ROW + GOOD_ROW.replace("[dainik]", "[other]").replace("dainik.com", "o.com"),
            "[other]: 'দৈনিক খবর' is already 'dainik''s",
        ),
        (
            GOOD_ROW + GOOD_ROW.replace("[dainik]", "[other]").replace("দৈনিক খবর", "অন্য"),
            "[other]: 'dainik.com' is already 'dainik''s",
        ),
    ],
)
def test_a_malformed_table_is_refused_naming_the_row(text, message):
    with pytest.raises(OutletTableError) as caught:
        parse_outlets(text)
    assert str(caught.value).startswith("outlets.toml: ")
    assert message in str(caught.value)


def test_a_row_may_keep_another_clock_than_its_countrys():
    (outlet,) = parse_outlets(GOOD_ROW + 'zone = "Europe/London"\n')
    assert outlet.zone == ZoneInfo("Europe/London") and outlet.country is Country.BD


# --- signatures -----------------------------------------------------------------------------

SELF_NAMING = [
    ("কালবেলা ডেস্ক", "byline", "kalbela"),
    ("নিজস্ব প্রতিবেদক | বর্তমান", "byline", "bartamanpatrika"),
    ("রহিম উদ্দিন || dhakapost.com", "byline", "dhakapost"),
    ("স্টাফ রিপোর্টার, জাগো নিউজ", "byline", "jagonews24"),
    ("প্রথম আলোর হোয়াটসঅ্যাপ চ্যানেল ফলো করুন", "promo", "prothomalo"),
    ("কালবেলা অনলাইন এর সর্বশেষ খবর পেতে Google News ফিডটি অনুসরণ করুন", "promo", "kalbela"),
    ("প্রতিদিন হাজারো খবর পড়ুন প্রিয়-তে", "promo", "priyo"),
    ("© ২০২৫ আনন্দবাজার পত্রিকা", "chrome", "anandabazar"),
    ("© Sangbad Pratidin Digital Pvt. Ltd.", "chrome", "sangbadpratidin"),
    ("বর্তমান", "chrome", "bartamanpatrika"),  # a masthead: the line is the name
    ("‘আজকাল’", "chrome", "aajkaal"),
    ("দৈনিক সংবাদ", "edition", "sangbad"),
    ("এই সময় ডিজিটাল ডেস্ক", "byline", "eisamay"),
    ("ঢাকা সংস্করণ | যুগান্তরের ছাপা সংস্করণ", "edition", "jugantor"),
    ("Zee 24 Ghanta | Kolkata", "chrome", "zee24ghanta"),
    ("www.bengali.news18.com", "chrome", "news18"),
]


@pytest.mark.parametrize(("line", "label", "slug"), SELF_NAMING)
def test_a_self_naming_line_names_its_outlet(line, label, slug):
    assert outlet_from_signatures([(line, label)]) == slug


NOT_SIGNATURES = [
    # ordinary sentences holding the words of names that are ordinary words
    "বর্তমান পরিস্থিতিতে কেউ মুখ খুলছেন না",
    "আজকাল সবাই মোবাইলে খবর পড়েন",
    "এই সময় মাঠে কেউ ছিলেন না",
    "আমার দেশ আমার অহংকার",
    "শুটিংয়ের নয়া দিগন্ত, মন কেমন করলে যাবেন বাড়ি",
    "খবরের কাগজ হাতে বসে আছেন বৃদ্ধ",
    "ইনকিলাব মঞ্চের সমাবেশ আজ",
    "সমকালীন সাহিত্যে নতুন ধারা",  # "সমকাল" with a non-genitive ending is another word
    "উত্তরবঙ্গ সংবাদ শিরোনাম",  # a section name, not the line's only words
    # bylines and desks every outlet prints
    "নিজস্ব সংবাদদাতা",
    "সংবাদ ডেস্ক",
    "দেশ ডেস্ক",
    "অনলাইন ডেস্ক",
    "জেলা প্রতিনিধি, সময় সংবাদ",
    # a distinctive name inside a sentence or a quotation
    "শনিবার সমকালের পক্ষ থেকে এ তথ্য জানানো হয়।",
    "‘কালের কণ্ঠ মুক্তিযুদ্ধের চেতনায় এগিয়ে যাচ্ছে’",
    "সংবাদ সম্মেলনে তিনি বলেন, প্রথম আলো ও যুগান্তরসহ বিভিন্ন গণমাধ্যমের সাংবাদিকেরা সেখানে উপস্থিত ছিলেন এবং প্রশ্ন করেন",
]


@pytest.mark.parametrize("line", NOT_SIGNATURES)
@pytest.mark.parametrize("label", ["byline", "chrome", "promo"])
def test_ordinary_sentences_and_bylines_name_no_outlet(line, label):
    assert outlet_from_signatures([(line, label)]) is None


def test_a_byline_that_is_only_a_name_credits_the_source():
    # a republished BBC Bangla article, an aggregator's item: the byline is the source
    assert outlet_from_signatures([("বিবিসি বাংলা", "byline")]) is None
    assert outlet_from_signatures([("আরটিভি", "byline")]) is None
    # the same name as a masthead or footer signs, and a domain signs in a byline too
    assert outlet_from_signatures([("বিবিসি বাংলা", "chrome")]) == "bbc"
    assert outlet_from_signatures([("priyo.com", "byline")]) == "priyo"
    # a name alone in the byline's place, right above the date line, credits whatever its label
    dated = [("চ্যানেল আই", "chrome"), ("প্রকাশিত: ১১ জুন ২০২০, ১২:২৩", "dateline")]
    assert outlet_from_signatures(dated) is None
    assert outlet_from_signatures([*dated, ("© প্রিয়.কম", "chrome")]) == "priyo"
    # a masthead above the menu signs
    assert outlet_from_signatures([("চ্যানেল আই", "chrome"), ("খেলা", "chrome")]) == "channelionline"


def test_news_agencies_have_no_signature():
    # other outlets print "বাসস" as the byline or credit of the agency's stories
    assert outlet_by_slug("bssnews") is not None and outlet_by_slug("bssnews").names == ()
    assert outlet_from_signatures([("বাসস", "chrome"), ("সূত্র: বাসস", "promo")]) is None
    assert outlet_from_url("https://www.bssnews.net/bangla/national/1") == "bssnews"


def test_overlapping_names_give_the_longest():
    cases = {
        "Sangbad Pratidin": "sangbadpratidin",  # not Sangbad
        "বাংলানিউজটোয়েন্টিফোর ডেস্ক": "banglanews24",  # not News24's "নিউজ টোয়েন্টিফোর"
        "বিডিনিউজ টোয়েন্টিফোর ডটকম": "bdnews24",
        "চ্যানেল আই অনলাইন": "channelionline",
        "দৈনিক আমার দেশ-এর প্রতিবেদক": "dailyamardesh",
    }
    for line, slug in cases.items():
        assert outlet_from_signatures([(line, "chrome")]) == slug, line


def test_two_outlets_or_a_body_line_give_none():
    assert outlet_from_signatures([("কালবেলা ডেস্ক", "byline"), ("© বর্তমান", "chrome")]) is None
    assert outlet_from_signatures([("কালবেলা ডেস্ক", "body")]) is None
    assert outlet_from_signatures([("কালবেলা ডেস্ক", "byline"), ("কালবেলা", "chrome")]) == "kalbela"


# --- properties -----------------------------------------------------------------------------

# Prose words, with every word of the table's ordinary-word names and their inflected forms.
PROSE = (
    "বর্তমান", "বর্তমানে", "আজকাল", "এই", "সময়", "সময়ের", "আমার", "দেশ", "দেশের", "নয়া",
    "দিগন্ত", "সংবাদ", "সংবাদের", "খবরের", "কাগজ", "খোলা", "পরিবর্তন", "আজাদী", "করতোয়া",
    "গণশক্তি", "উত্তরবঙ্গ", "এবেলা", "প্রিয়", "ইনকিলাব", "আলোকিত", "বাংলাদেশ", "সুপ্রভাত",
    "শতাব্দী", "প্রতিদিনের", "দৈনিক", "শিক্ষা", "আমাদের", "সমকালীন", "মানুষ", "সরকার", "বলেন",
    "জানান", "আজ", "গতকাল", "নদী", "বাজার", "দাম", "বেড়েছে", "ভোট", "নির্বাচন", "ডেস্ক",
    "প্রতিবেদক", "অনলাইন", "নিজস্ব", "the", "wall", "news", "Ei",
)  # fmt: skip
_WORDY = r"[\w\u0980-\u09ff]"
_ANYWHERE = [fold(n.text) for o in OUTLETS for n in o.names if n.match is Match.ANYWHERE]
_ALL_NAMES = {fold(n.text) for o in OUTLETS for n in o.names}


def _holds_a_name_anywhere(line: str) -> bool:
    folded = fold(line)
    return any(re.search(rf"(?<!{_WORDY}){re.escape(n)}", folded) for n in _ANYWHERE)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PROSE), min_size=2, max_size=12), st.sampled_from(SELF_NAMING))
def test_a_line_of_ordinary_words_never_names_an_outlet(words, self_naming):
    line = " ".join(words)
    assume(fold(line) not in _ALL_NAMES and not _holds_a_name_anywhere(line))
    for label in ("byline", "chrome", "promo"):
        assert outlet_from_signatures([(line, label)]) is None
    # and it does not hide the page's own signature
    own, label, slug = self_naming
    assert outlet_from_signatures([(line, "chrome"), (own, label)]) == slug


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(PROSE), min_size=1, max_size=8),
    st.sampled_from([n for n in _ANYWHERE if " " in n or len(n) > 4]),
    st.lists(st.sampled_from(PROSE), min_size=1, max_size=8),
    st.sampled_from(["।", "?", "!", " হয়েছে।’"]),
)
def test_a_name_inside_a_sentence_never_signs(before, name, after, end):
    sentence = " ".join([*before, name, *after]) + end
    assert outlet_from_signatures([(sentence, "chrome")]) is None


# --- URLs and zones -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://bengali.news18.com/news/kolkata/a-123.html", "news18"),
        ("https://bangla.hindustantimes.com/bengal/x-31650000000000.html", "hindustantimes"),
        ("https://bartamanpatrika.com/detailNews.php?cID=21&nID=1", "bartamanpatrika"),
        ("https://bengali.abplive.com/news/x", "abplive"),
        ("https://eisamay.indiatimes.com/city/kolkata/x", "eisamay"),
        ("https://beta.ajkerpatrika.com/bangladesh/dhaka/x", "ajkerpatrika"),
        ("https://mzamin.com/news.php?news=1", "manabzamin"),
        ("https://www.bbc.com/bengali/articles/x", "bbc"),
        ("https://kolkata24x7.in/tag/x", "kolkata24x7"),
        ("https://www.unknown-daily.com.bd/national/1", "unknown-daily"),  # slug_from_url's rule
        ("not a url", None),
        ("http://[::1", None),
    ],
)
def test_a_url_gives_its_outlet(url, slug):
    assert outlet_from_url(url) == slug


def test_zones_of_outlets_and_urls():
    assert zone_of_outlet("anandabazar") == KOLKATA
    assert zone_of_outlet("jugasankha") == KOLKATA  # Assam's Barak Valley keeps India's clock
    assert zone_of_outlet("prothomalo") == DHAKA
    assert zone_of_outlet(None) is None and zone_of_outlet("unknown-daily") is None
    assert zone_of_url("https://www.thewall.in/news/x") == KOLKATA
    assert zone_of_url("https://www.some-weekly.in/x") == KOLKATA  # India's country domain
    assert zone_of_url("https://some-weekly.com.bd/x") == DHAKA
    assert zone_of_url("https://example.com/x") is None
    assert zone_of_url("not a url") is None


def test_resolve_outlet_takes_the_url_before_the_signatures():
    lines = [("কালবেলা ডেস্ক", "byline")]
    sources = {"a.txt": "https://mzamin.com/x", "b.txt": "https://bengali.news18.com/x"}
    assert resolve_outlet("a.txt", lines, sources) == "manabzamin"
    assert resolve_outlet("b.txt", lines, sources) == "news18"
    assert resolve_outlet("c.txt", lines, sources) == "kalbela"
