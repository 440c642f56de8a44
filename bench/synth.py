"""Synthetic Bengali news pages with their true records (issue 5).

    .venv/bin/python bench/synth.py --pages N --out DIR [--seed S] [--workers 2] [--families v1]

writes `DIR/pages/NNN/NNNNNNN.txt` (10,000 pages a folder) and `DIR/truth.jsonl`, one JSON
object a page, in page order:

    {"source": "000/0000042.txt", "layout": "...", "headline": ..., "published_at": ISO or null,
     "updated_at": ..., "date": ..., "page_date": ..., "byline": ...,
     "lines": [[label, text], ...]}        # every non-blank line, v1 labels
     (khobor.contracts.taxonomy)

Pages come in several outlet layouts, after the ways Bengali news sites print a page as text
(desk-first datelines with an edition line, header clocks with Bangla-calendar dates, glued
"আপডেট" datelines, repeated-article blocks, nav menus and breadcrumbs, comment sections,
month-first, ISO and English datelines …): `--families v1`, the default. `--families zoo` draws
from issue 9's families instead (breadcrumbs ending in the headline, follow rows between the
dateline and the body, English menus and datelines, comment sections with controls, a body
interrupted by a box, e-paper and app promos above the headline, a bare date under the byline);
`all` from both, or name the families. Sentences are composed from the word lists of
`bn_vocab.py`, so no two pages share a body. Each page's random generator is seeded by
(seed, page index): the output does not depend on the worker count or the order of work.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import bn_vocab as V

from khobor.text.bangla_calendar import from_gregorian

DHAKA = timezone(timedelta(hours=6))
PAGES_PER_FOLDER = 10_000
CHUNK = 500  # pages a task

_BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def bn(text: str | int) -> str:
    """ASCII digits to Bengali digits."""
    return str(text).translate(_BN_DIGITS)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------------------------
# A page under construction


@dataclass(slots=True)
class Page:
    layout: str
    lines: list[tuple[str, str, bool]] = field(default_factory=list)  # label, text, blank after
    headline: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    page_date: date | None = None
    byline: str | None = None

    def add(self, label: str, text: str, blank: bool = False) -> None:
        self.lines.append((label, nfc(text), blank))

    def render(self) -> str:
        out: list[str] = []
        for _, text, blank in self.lines:
            out.append(text)
            if blank:
                out.append("")
        return "\n".join(out)

    def truth(self, source: str) -> dict[str, object]:
        day = self.published or self.updated
        return {
            "source": source,
            "layout": self.layout,
            "headline": self.headline,
            "published_at": self.published.isoformat() if self.published else None,
            "updated_at": self.updated.isoformat() if self.updated else None,
            "date": day.date().isoformat() if day else None,
            "page_date": self.page_date.isoformat() if self.page_date else None,
            "byline": self.byline,
            "lines": [[label, text.strip()] for label, text, _ in self.lines],
        }


# ---------------------------------------------------------------------------------------------
# Text


def sentence(r: random.Random) -> str:
    place = r.choice(V.PLACES)
    actor = r.choice(V.ACTORS)
    topic = r.choice(V.TOPICS)
    kind = r.randrange(8)
    if kind == 0:
        text = f"{r.choice(V.WHEN)} {place[1]} {topic} নিয়ে {actor[0]} {r.choice(V.OBJECTS)} "
        text += r.choice(V.ACTED)
    elif kind == 1:
        text = f"{actor[1]} {r.choice(V.OFFICIALS)} {r.choice(V.SAID)}, {place[2]} {topic} "
        text += r.choice(V.PREDICATES)
    elif kind == 2:
        text = f"{r.choice(V.PEOPLE)} {r.choice(V.SAID)}, {topic} {r.choice(V.PREDICATES)}"
    elif kind == 3:
        text = f"{r.choice(V.CONNECTIVES)} {place[2]} {r.choice(V.COUNTS_BN)} এলাকায় "
        text += f"{topic} {r.choice(V.PREDICATES)}"
    elif kind == 4:
        return f"{r.choice(V.OFFICIALS)} {r.choice(V.SAID)}, ‘{topic} {r.choice(V.PREDICATES)}।’"
    elif kind == 5:
        day = r.randint(1, 28)
        month = r.choice(V.GREGORIAN_MONTHS)
        text = f"গত {bn(day)} {month} {place[1]} {actor[0]} {r.choice(V.OBJECTS)} "
        text += r.choice(V.ACTED)
    elif kind == 6:
        text = f"এ ঘটনায় {place[2]} {r.choice(V.PEOPLE)} {topic} নিয়ে "
        text += f"{actor[1]} কাছে {r.choice(V.OBJECTS)} দাবি করেন"
    else:
        text = f"{actor[0]} জানিয়েছে, {r.choice(V.WHEN)} {place[2]} বিভিন্ন এলাকায় "
        text += f"{r.choice(V.OBJECTS)} {r.choice(V.ACTED)}"
    return text + "।"


def paragraph(r: random.Random) -> str:
    return " ".join(sentence(r) for _ in range(r.randint(2, 4)))


def headline(r: random.Random) -> str:
    place = r.choice(V.PLACES)
    topic = r.choice(V.TOPICS)
    kind = r.randrange(5)
    if kind == 0:
        return f"{place[1]} {topic} {r.choice(V.HEADLINE_TAILS)}"
    if kind == 1:
        actor = r.choice(V.ACTORS)[1]
        return f"{actor} {r.choice(V.OBJECTS)}, {topic} {r.choice(V.HEADLINE_TAILS)}"
    if kind == 2:
        return f"{topic} {r.choice(V.PREDICATES)} : {r.choice(V.OFFICIALS)}"
    if kind == 3:
        return f"{place[2]} {r.choice(V.NUMBERS_BN)} এলাকায় {topic} {r.choice(V.HEADLINE_TAILS)}"
    return f"{r.choice(V.PEOPLE)} বলছেন {topic} {r.choice(V.PREDICATES)}"


def standfirst(r: random.Random) -> str:
    place = r.choice(V.PLACES)
    return (
        f"{place[2]} {r.choice(V.TOPICS)} {r.choice(V.PREDICATES)}, "
        f"{r.choice(V.PEOPLE)} বলছেন {r.choice(V.TOPICS)} {r.choice(V.PREDICATES)}"
    )


def caption(r: random.Random, outlet: str) -> str:
    place = r.choice(V.PLACES)
    what = f"{place[1]} {r.choice(V.OBJECTS)}।" if r.random() < 0.6 else f"{r.choice(V.NAMES)}।"
    credit = r.choice(("ছবি : সংগৃহীত", "ছবি: সংগৃহীত", f"ছবি: {outlet}", "ফাইল ছবি"))
    return f"{what} {credit}"


def byline(r: random.Random, outlet: str) -> str:
    kind = r.randrange(5)
    if kind == 0:
        return f"{outlet} ডেস্ক"
    if kind == 1:
        return r.choice(V.DESKS)
    if kind == 2:
        return f"{r.choice(V.REPORTER_ROLES)}, {r.choice(V.PLACES[:20])[0]}"
    if kind == 3:
        return f"{r.choice(V.PLACES[:20])[0]} প্রতিনিধি"
    return r.choice(V.REPORTER_ROLES)


def paragraphs(r: random.Random, low: int = 3, high: int = 8) -> list[str]:
    return [paragraph(r) for _ in range(r.randint(low, high))]


def related_items(r: random.Random, n: int) -> list[str]:
    return [headline(r) for _ in range(n)]


# ---------------------------------------------------------------------------------------------
# Dates and their printed forms


def moments(r: random.Random, seconds: bool = False) -> tuple[datetime, datetime, date]:
    """A publication time, an update a little later and the capture date (days later)."""
    start = datetime(2023, 1, 1, tzinfo=DHAKA)
    published = start + timedelta(minutes=r.randrange(3 * 365 * 24 * 60))
    if seconds:
        published = published.replace(second=r.randrange(60))
    updated = published + timedelta(minutes=r.choice((0, 7, 25, 90, 300, 1440)))
    if seconds:
        updated = updated.replace(second=r.randrange(60))
    captured = (updated + timedelta(days=r.choice((0, 1, 3, 40, 200)))).date()  # never before
    return published, updated, captured


def month_bn(r: random.Random, month: int) -> str:
    if month in V.GREGORIAN_MONTH_VARIANTS and r.random() < 0.3:
        return V.GREGORIAN_MONTH_VARIANTS[month]
    return V.GREGORIAN_MONTHS[month - 1]


def dmy(r: random.Random, d: date, ascii_digits: bool = False, pad: bool = True) -> str:
    day = f"{d.day:02d}" if pad else str(d.day)
    text = f"{day} {month_bn(r, d.month)} {d.year}"
    return text if ascii_digits else bn(text)


def clock12(dt: datetime, words: tuple[str, str], seconds: bool = False) -> str:
    hour = dt.hour % 12 or 12
    text = f"{hour:02d}:{dt.minute:02d}" + (f":{dt.second:02d}" if seconds else "")
    return f"{text} {words[dt.hour >= 12]}"


def clock24(dt: datetime) -> str:
    return f"{dt.hour:02d}:{dt.minute:02d}"


def bangla_date(d: date) -> str:
    b = from_gregorian(d)
    return bn(f"{b.day} {V.BANGLA_MONTHS[b.month - 1]} {b.year}")


AMPM_BN = ("এএম", "পিএম")
AMPM_AHNA = (("পূর্বাহ্ণ", "অপরাহ্ন"), ("পূর্বাহ্ন", "অপরাহ্ণ"))


# ---------------------------------------------------------------------------------------------
# Furniture


def nav_menu(page: Page, r: random.Random) -> None:
    for word in r.sample(V.NAV_WORDS, r.randint(5, 9)):
        page.add("chrome", word)


def share_row(page: Page, r: random.Random) -> None:
    if r.random() < 0.5:
        for word in r.sample(V.SHARE_WORDS, r.randint(3, 5)):
            page.add("chrome", word)
    else:
        page.add("chrome", " | ".join(r.sample(V.SHARE_WORDS, 4)))


def footer(page: Page, r: random.Random, outlet: str, year: int) -> None:
    page.add("chrome", f"সম্পাদক ও প্রকাশক: {r.choice(V.NAMES)}")
    if r.random() < 0.5:
        page.add("chrome", f"ফোন: {bn('০২-৯৮৭৬৫৪৩')}, ইমেইল: news@example.com")
    page.add("chrome", f"© {bn(year)} {outlet} সর্বস্বত্ব সংরক্ষিত")


def tags(r: random.Random, prefix: str) -> str:
    return f"{prefix} {', '.join(r.sample(V.TAG_WORDS, r.randint(2, 4)))}"


def body_with_inserts(
    page: Page, r: random.Random, paras: list[str], blank: bool, inline_link: bool, ad: bool
) -> None:
    """Body paragraphs, maybe with a "আরও পড়ুন:" link and an advertisement marker inside."""
    link_at = r.randint(1, len(paras) - 1) if inline_link and len(paras) > 2 else -1
    ad_at = r.randint(1, len(paras) - 1) if ad and len(paras) > 2 else -1
    for i, text in enumerate(paras):
        if i == link_at:
            page.add("related", f"আরও পড়ুন: {headline(r)}", blank)
        if i == ad_at:
            page.add("promo", "বিজ্ঞাপন", blank)
        page.add("body", text, blank)


# ---------------------------------------------------------------------------------------------
# Layouts


def layout_desk_edition(r: random.Random, page: Page) -> None:
    """Desk byline and "প্রকাশ :" dateline above the headline, edition line, caption twice,
    Google-News promo, comment prompt, tabs and a ranked latest list."""
    outlet = r.choice(V.OUTLETS)
    published, _, _ = moments(r)
    where = r.choice(("above", "above", "below", "none"))
    page.published, page.headline = published, headline(r)
    if where == "above":
        page.byline = byline(r, outlet)
        page.add("byline", page.byline)
    page.add("dateline", f"প্রকাশ : {dmy(r, published.date())}, {bn(clock12(published, AMPM_BN))}")
    if r.random() < 0.8:
        page.add("edition", "অনলাইন সংস্করণ", True)
    page.add("headline", page.headline, True)
    if where == "below":
        page.byline = byline(r, outlet)
        page.add("byline", page.byline, True)
    cap = caption(r, outlet)
    for _ in range(r.choice((0, 1, 2, 2))):
        page.add("caption", cap)
    body_with_inserts(page, r, paragraphs(r), True, False, False)
    page.add("promo", f"{outlet} অনলাইন এর সর্বশেষ খবর পেতে Google News ফিডটি অনুসরণ করুন", True)
    page.add("comment_prompt", "মন্তব্য করুন", True)
    page.add("chrome", "  • সর্বশেষ")
    page.add("chrome", "• জনপ্রিয়", True)
    items = related_items(r, 20)
    rank_after = r.random() < 0.5
    for i, item in enumerate(items, 1):
        if not rank_after:
            page.add("rank", bn(i), True)
        page.add("related", item, True)
        if rank_after and i >= 10:
            page.add("rank", bn(i), True)
    page.add("chrome", "X")


def layout_header_glued_update(r: random.Random, page: Page) -> None:
    """Header clock (weekday date + Bangla date), desk byline under the headline, a published
    time glued to the update cue, source credit, sign-off, lists whose items print twice."""
    outlet = r.choice(V.OUTLETS)
    published, updated, captured = moments(r)
    page.published, page.updated, page.page_date = published, updated, captured
    page.headline = headline(r)
    page.add("chrome", "X")
    page.add("page_date", f"{V.WEEKDAYS[captured.weekday()]}, {dmy(r, captured)}")
    page.add("page_date", bangla_date(captured), True)
    page.add("headline", page.headline, True)
    if r.random() < 0.8:
        page.byline = r.choice(V.DESKS) if r.random() < 0.6 else byline(r, outlet)
        page.add("byline", page.byline)
    glue = r.choice(("", " | ", " "))
    page.add(
        "dateline",
        f"{dmy(r, published.date())}, {bn(clock24(published))}{glue}আপডেট : "
        f"{dmy(r, updated.date())}, {bn(clock24(updated))}",
        True,
    )
    body_with_inserts(page, r, paragraphs(r), True, False, False)
    if r.random() < 0.6:
        page.add("source_credit", f"সূত্র: {r.choice(V.AGENCIES)}", True)
    page.add("signoff", f"/{r.choice(V.SIGNOFF_INITIALS)}/")
    page.add("related_header", "সম্পর্কিত")
    for item in related_items(r, 3):
        page.add("related", item)
    for header in ("সর্বশেষ খবর", "সর্বাধিক পঠিত"):
        page.add("related_header", header)
        for item in related_items(r, r.randint(3, 5)):
            page.add("related", item)
            page.add("related", item)


def layout_repeated_article(r: random.Random, page: Page) -> None:
    """Header clock with time, weekday, Gregorian and Bangla dates; the article, a popular-list
    header, then the whole article again with the only (update) dateline."""
    outlet = r.choice(V.OUTLETS)
    _, updated, captured = moments(r, seconds=True)
    words = r.choice(AMPM_AHNA)
    now = datetime.combine(captured, datetime.min.time(), DHAKA) + timedelta(
        minutes=r.randrange(24 * 60)
    )
    page.page_date, page.headline = captured, headline(r)
    page.add(
        "page_date",
        f"{bn(clock12(now, words))}, {V.WEEKDAYS[captured.weekday()]}, {dmy(r, captured)}, "
        f"{bangla_date(captured)} বঙ্গাব্দ",
        True,
    )
    page.add("headline", page.headline, True)
    cap = caption(r, outlet) if r.random() < 0.7 else None
    if cap:
        page.add("caption", cap, True)
    paras = paragraphs(r, 3, 6)
    for text in paras:
        page.add("body", text)
    signoff = "/".join(r.sample(V.SIGNOFF_INITIALS, 2))
    page.add("signoff", signoff, True)
    page.add("related_header", r.choice(("জনপ্রিয় সংবাদ", "সর্বাধিক পঠিত", "আলোচিত খবর")), True)
    page.add("duplicate", page.headline, True)
    cue = r.choice(("আপডেট সময় :", "প্রকাশ :"))
    stamp = (
        f"{cue} {bn(clock12(updated, words, seconds=True))}, "
        f"{V.WEEKDAYS[updated.weekday()]}, {dmy(r, updated.date())}"
    )
    page.add("dateline", stamp, True)
    if cue.startswith("আপডেট"):
        page.updated = updated
    else:
        page.published = updated
    for text in paras:
        page.add("duplicate", text)
    page.add("duplicate", signoff)


def layout_headline_first_section(r: random.Random, page: Page) -> None:
    """Headline first, one-line dateline with "| আপডেট:", section line, comment prompt and
    a long read-more list."""
    published, updated, _ = moments(r)
    page.published, page.updated, page.headline = published, updated, headline(r)
    page.add("headline", page.headline)
    page.add(
        "dateline",
        f"{dmy(r, published.date())}, {bn(clock12(published, AMPM_BN))} | "
        f"আপডেট: {dmy(r, updated.date())}, {bn(clock12(updated, AMPM_BN))}",
    )
    for text in paragraphs(r):
        page.add("body", text)
    page.add("section", f"বিভাগ : {r.choice(V.SECTIONS)}")
    page.add("comment_prompt", "মন্তব্য করুন")
    page.add("related_header", r.choice(("আরও পড়ুন", "আরো পড়ুন", "এই বিভাগের আরও খবর")))
    for item in related_items(r, r.randint(8, 20)):
        page.add("related", item)


def layout_nav_kicker(r: random.Random, page: Page) -> None:
    """Nav menu (sometimes twice), breadcrumb, kicker, headline, standfirst, byline with
    place, 24-hour dateline, share row, caption, inline link, tags and a footer."""
    outlet = r.choice(V.OUTLETS)
    published, updated, _ = moments(r)
    page.published, page.headline = published, headline(r)
    nav_menu(page, r)
    if r.random() < 0.3:
        nav_menu(page, r)
    section = r.choice(V.SECTIONS[:8])
    page.add("chrome", f"প্রচ্ছদ / {section} / {r.choice(V.PLACES[:10])[0]}", True)
    if r.random() < 0.6:
        page.add("subheadline", r.choice(V.KICKERS))
    page.add("headline", page.headline)
    if r.random() < 0.7:
        page.add("subheadline", standfirst(r))
    if r.random() < 0.85:
        page.byline = byline(r, outlet)
        page.add("byline", page.byline)
    sep = r.choice((": ", " : ", "ঃ "))
    page.add("dateline", f"প্রকাশ{sep}{dmy(r, published.date())}, {bn(clock24(published))}")
    if r.random() < 0.4:
        page.updated = updated
        page.add("dateline", f"আপডেট{sep}{dmy(r, updated.date())}, {bn(clock24(updated))}")
    share_row(page, r)
    page.lines[-1] = (*page.lines[-1][:2], True)
    if r.random() < 0.8:
        page.add("caption", caption(r, outlet), True)
    body_with_inserts(page, r, paragraphs(r), True, r.random() < 0.6, False)
    page.add("tags", tags(r, r.choice(("বিষয়:", "ট্যাগ:"))))
    footer(page, r, outlet, published.year)


def layout_ascii_comments(r: random.Random, page: Page) -> None:
    """ASCII digits, 24-hour clocks, header date line, published and updated above the
    headline, optional byline under it, tags and readers' comments."""
    published, updated, captured = moments(r)
    page.published, page.page_date, page.headline = published, captured, headline(r)
    page.add("page_date", f"ঢাকা, {V.WEEKDAYS[captured.weekday()]} {dmy(r, captured, True, False)}")
    page.add("dateline", f"প্রকাশিত: {dmy(r, published.date(), True, False)}, {clock24(published)}")
    if r.random() < 0.7:
        page.updated = updated
        page.add("dateline", f"আপডেট: {dmy(r, updated.date(), True, False)}, {clock24(updated)}")
    page.add("headline", page.headline, True)
    if r.random() < 0.5:
        page.byline = byline(r, r.choice(V.OUTLETS))
        page.add("byline", page.byline)
    for text in paragraphs(r):
        page.add("body", text)
    page.add("tags", tags(r, "ট্যাগ:"))
    n = r.randint(1, 4)
    page.add("comment", f"পাঠকের মন্তব্য ({n})")
    for _ in range(n):
        page.add("comment", r.choice(V.NAMES))
        page.add("comment", r.choice(V.COMMENTS))
        if r.random() < 0.4:
            page.add("comment", f"লাইক {bn(r.randint(1, 40))}")
        page.add("comment", "উত্তর দিন")


def layout_month_first(r: random.Random, page: Page) -> None:
    """Header with Gregorian and Bangla-calendar dates, byline, uncued month-first dateline
    with পূর্বাহ্ণ/অপরাহ্ণ, numbered most-read list."""
    outlet = r.choice(V.OUTLETS)
    published, _, captured = moments(r)
    page.published, page.page_date, page.headline = published, captured, headline(r)
    page.add(
        "page_date",
        f"{V.WEEKDAYS[captured.weekday()]}, {dmy(r, captured)} | {bangla_date(captured)}",
    )
    where = r.choice(("above", "below", "below", "none"))
    if where == "above":
        page.byline = byline(r, outlet)
        page.add("byline", page.byline)
    page.add("headline", page.headline)
    if where == "below":
        page.byline = byline(r, outlet)
        page.add("byline", page.byline)
    words = r.choice(AMPM_AHNA)
    month = month_bn(r, published.month)
    page.add(
        "dateline",
        bn(f"{month} {published.day}, {published.year} ") + bn(clock12(published, words)),
        True,
    )
    for text in paragraphs(r):
        page.add("body", text, True)
    page.add("related_header", "সর্বাধিক পঠিত")
    for i, item in enumerate(related_items(r, r.randint(4, 10)), 1):
        page.add("rank", bn(i))
        page.add("related", item)


def layout_english_iso(r: random.Random, page: Page) -> None:
    """Close button, section kicker, standfirst, English cue words with ISO, 'YYYY-MM-DD HH:MM'
    or English-month GMT datelines, an advertisement marker inside the body."""
    published, updated, _ = moments(r)
    page.published, page.headline = published, headline(r)
    page.add("chrome", "X")
    page.add("subheadline", r.choice(V.SECTIONS[:8]))
    page.add("headline", page.headline)
    if r.random() < 0.7:
        page.add("subheadline", standfirst(r))
    style = r.randrange(3)
    if style == 0:
        page.add("dateline", f"Published: {published.isoformat()}")
    elif style == 1:
        page.add("dateline", f"Published: {published:%Y-%m-%d %H:%M}")
    else:
        gmt = published.astimezone(UTC)
        page.add(
            "dateline",
            f"Published: {gmt.day} {V.ENGLISH_MONTHS[gmt.month - 1]} {gmt.year}, "
            f"{clock12(gmt, ('AM', 'PM'))} GMT",
        )
    if r.random() < 0.6:
        page.updated = updated
        page.add("dateline", f"Updated: {updated:%Y-%m-%d %H:%M}")
    body_with_inserts(page, r, paragraphs(r), False, False, True)
    page.add("related_header", r.choice(("এই বিভাগের আরও খবর", "সম্পর্কিত খবর", "আরও খবর")))
    for item in related_items(r, r.randint(2, 6)):
        page.add("related", item)


def layout_no_date(r: random.Random, page: Page) -> None:
    """Menu buttons, no date anywhere, share prompt, previous/next links, app promo."""
    outlet = r.choice(V.OUTLETS)
    page.headline = headline(r)
    for word in ("মেনু", "খুঁজুন", "লগইন"):
        page.add("chrome", word)
    page.add("headline", page.headline, True)
    if r.random() < 0.5:
        page.byline = byline(r, outlet)
        page.add("byline", page.byline, True)
    for text in paragraphs(r):
        page.add("body", text, True)
    page.add("chrome", "শেয়ার করুন")
    page.add("related", f"পরবর্তী খবর: {headline(r)}")
    page.add("related", f"আগের খবর: {headline(r)}")
    if r.random() < 0.5:
        page.add("promo", f"{outlet} এর সর্বশেষ খবর পেতে আমাদের ইউটিউব চ্যানেল সাবস্ক্রাইব করুন")


# ---------------------------------------------------------------------------------------------
# Layout-zoo families (issue 9): styles of other news sites, each with its truth. They are not
# in the default corpus (`--families v1`), so its bytes and the speed figures measured on it
# stay as they were; `--families zoo` or `all` brings them in.


def english_clock(dt: datetime) -> str:
    return clock12(dt, ("AM", "PM"))


def english_date(r: random.Random, dt: datetime) -> str:
    """'Thursday, July 23, 2026' or 'Thursday, 23 July 2026'."""
    weekday, month = V.ENGLISH_WEEKDAYS[dt.weekday()], V.ENGLISH_MONTHS[dt.month - 1]
    if r.random() < 0.5:
        return f"{weekday}, {month} {dt.day}, {dt.year}"
    return f"{weekday}, {dt.day} {month} {dt.year}"


def bare_stamp(r: random.Random, dt: datetime) -> str:
    """A date and time with no cue word, as printed under a byline."""
    style = r.randrange(3)
    if style == 0:
        return f"{V.WEEKDAYS[dt.weekday()]}, {dmy(r, dt.date())} {bn(clock12(dt, AMPM_BN))}"
    if style == 1:
        return f"{dmy(r, dt.date(), pad=False)}, {bn(clock24(dt))}"
    return f"{dmy(r, dt.date())} {bn(clock12(dt, r.choice(AMPM_AHNA)))}"


def related_list(page: Page, r: random.Random, header: str, low: int = 2, high: int = 5) -> None:
    page.add("related_header", header)
    for item in related_items(r, r.randint(low, high)):
        page.add("related", item)


def layout_breadcrumb_headline(r: random.Random, page: Page) -> None:
    """Nav menu, then a breadcrumb whose last item is the headline (whole on one line, or its
    start cut with '…'), the headline printed again above byline and dateline."""
    outlet = r.choice(V.OUTLETS)
    published, _, _ = moments(r)
    page.published, page.headline = published, headline(r)
    nav_menu(page, r)
    home, section = r.choice(V.BREADCRUMB_HOMES), r.choice(V.SECTIONS[:8])
    style = r.randrange(3)
    if style in (0, 2):
        page.add("chrome", f"{home} {section} {page.headline}")
    if style in (1, 2):
        words = page.headline.split()
        cut = " ".join(words[: max(2, len(words) - r.randint(1, 3))])
        sep = r.choice(V.BREADCRUMB_SEPARATORS)
        page.add("chrome", f"{home}{sep}{section}{sep}{cut}…", True)
    page.add("headline", page.headline)
    if r.random() < 0.8:
        page.byline = byline(r, outlet)
        page.add("byline", page.byline)
    page.add("dateline", f"প্রকাশিত: {dmy(r, published.date())}, {bn(clock12(published, AMPM_BN))}")
    body_with_inserts(page, r, paragraphs(r), True, r.random() < 0.4, False)
    page.add("tags", tags(r, "ট্যাগ:"))
    related_list(page, r, "এই বিভাগের আরও খবর")
    footer(page, r, outlet, published.year)


def layout_follow_rows(r: random.Random, page: Page) -> None:
    """Follow and messenger rows and a one-line share row between the dateline and the body;
    a join-the-channel button line inside the body."""
    outlet = r.choice(V.OUTLETS)
    published, updated, _ = moments(r)
    page.published, page.headline = published, headline(r)
    page.add("chrome", "মেনু")
    if r.random() < 0.5:
        page.add("subheadline", r.choice(V.KICKERS))
    page.add("headline", page.headline)
    page.byline = byline(r, outlet)
    page.add("byline", page.byline)
    page.add("dateline", f"প্রকাশিত: {dmy(r, published.date())}, {bn(clock12(published, AMPM_BN))}")
    if r.random() < 0.5:
        page.updated = updated
        page.add("dateline", f"আপডেট: {dmy(r, updated.date())}, {bn(clock12(updated, AMPM_BN))}")
    rows = [
        ("promo", f"{outlet} {r.choice(V.MESSENGERS)}"),
        ("promo", r.choice(V.FOLLOW_PROMPTS)),
        ("chrome", " ".join(r.sample(V.SHARE_WORDS, r.randint(3, 5)))),
    ]
    for label, text in r.sample(rows, r.randint(2, 3)):
        page.add(label, text)
    paras = paragraphs(r, 3, 7)
    join_at = r.randint(1, len(paras) - 1)
    for i, text in enumerate(paras):
        if i == join_at:
            page.add("promo", r.choice(V.JOIN_PROMPTS), True)
        page.add("body", text, True)
    related_list(page, r, r.choice(("সম্পর্কিত খবর", "আরও পড়ুন")))


def layout_english_menus(r: random.Random, page: Page) -> None:
    """English navigation in capitals and an English dateline with weekday and month names,
    published and updated on one line."""
    published, updated, _ = moments(r)
    page.published, page.headline = published, headline(r)
    for word in r.sample(V.ENGLISH_NAV, r.randint(6, 10)):
        page.add("chrome", word)
    page.add("headline", page.headline)
    if r.random() < 0.7:
        page.byline = r.choice(V.ENGLISH_BYLINES)
        if r.random() < 0.5:
            page.byline += f", {r.choice(('Dhaka', 'Chattogram', 'Sylhet', 'Khulna'))}"
        page.add("byline", page.byline)
    stamp = f"Published: {english_date(r, published)} {english_clock(published)}"
    if r.random() < 0.7:
        page.updated = updated
        stamp += f" | Updated: {english_date(r, updated)} {english_clock(updated)}"
    page.add("dateline", stamp)
    if r.random() < 0.5:
        page.add("chrome", "Share")
    for text in paragraphs(r):
        page.add("body", text, True)
    related_list(page, r, r.choice(V.ENGLISH_RELATED_HEADERS))
    page.add("chrome", r.choice(V.ENGLISH_FOOTERS))
    page.add("chrome", f"Copyright © {published.year} All rights reserved")


def layout_comment_controls(r: random.Random, page: Page) -> None:
    """A readers' comment section with its controls: a count, a login prompt, sort buttons,
    page sizes, names, times, like counts and reply buttons."""
    outlet = r.choice(V.OUTLETS)
    published, _, _ = moments(r)
    page.published, page.headline = published, headline(r)
    nav_menu(page, r)
    page.add("headline", page.headline)
    page.byline = byline(r, outlet)
    page.add("byline", page.byline)
    page.add("dateline", f"প্রকাশ : {dmy(r, published.date())}, {bn(clock24(published))}", True)
    for text in paragraphs(r):
        page.add("body", text, True)
    page.add("tags", tags(r, "বিষয় :"))
    n = r.randint(1, 5)
    page.add("comment", r.choice(V.COMMENT_COUNTS).format(n=bn(n) if r.random() < 0.5 else n))
    page.add("comment_prompt", r.choice(V.COMMENT_LOGINS))
    for word in r.choice(V.COMMENT_SORTS):
        page.add("comment", word)
    if r.random() < 0.6:
        page.add("comment", r.choice(V.COMMENT_PAGE_SIZES))
    for _ in range(n):
        page.add("comment", r.choice(V.NAMES))
        ago = f"{bn(r.randint(1, 59))} মিনিট" if r.random() < 0.5 else f"{bn(r.randint(1, 23))} ঘণ্টা"
        page.add("comment", f"{ago} আগে")
        page.add("comment", r.choice(V.COMMENTS))
        page.add("comment", f"{bn(r.randint(0, 40))} লাইক")
        page.add("comment", "উত্তর দিন")
    if r.random() < 0.5:
        page.add("comment", r.choice(V.COMMENT_MORE))
    related_list(page, r, "আরও পড়ুন")
    page.add("chrome", "© সর্বস্বত্ব সংরক্ষিত")


def layout_interrupted_body(r: random.Random, page: Page) -> None:
    """A body interrupted in the middle by a box: a most-read list with its skip link and end
    marker, a newsletter promo, a photo with its source and caption, a subhead."""
    published, _, _ = moments(r)
    page.published, page.headline = published, headline(r)
    nav_menu(page, r)
    page.add("headline", page.headline)
    page.byline = r.choice(V.NAMES)
    page.add("byline", page.byline)
    if r.random() < 0.5:
        page.add("byline", r.choice(V.DESKS))
    page.add("dateline", f"{dmy(r, published.date())}, {english_clock(published)}", True)
    for text in paragraphs(r, 2, 3):
        page.add("body", text, True)
    parts = [p for p in ("most_read", "promo", "photo") if r.random() < 0.7] or ["most_read"]
    for part in parts:
        if part == "most_read":
            page.add("chrome", r.choice(V.SKIP_LINKS))
            page.add("related_header", "সর্বাধিক পঠিত")
            for i, item in enumerate(related_items(r, r.randint(3, 5)), 1):
                page.add("rank", bn(i))
                page.add("related", item)
            page.add("chrome", r.choice(V.BOX_ENDS))
        elif part == "promo":
            page.add("promo", r.choice(V.NEWSLETTER_PROMOS))
        else:
            page.add("caption", f"ছবির উৎস, {r.choice(V.AGENCIES)}")
            place = r.choice(V.PLACES)
            page.add("caption", f"ছবির ক্যাপশান, {place[1]} {r.choice(V.OBJECTS)}")
    if r.random() < 0.7:
        page.add("subheadline", f"{r.choice(V.TOPICS)} {r.choice(V.SUBHEAD_TAILS)}", True)
    for text in paragraphs(r, 2, 4):
        page.add("body", text, True)
    related_list(page, r, "এ সম্পর্কিত আরও খবর", 1, 3)


def layout_epaper_promo(r: random.Random, page: Page) -> None:
    """E-paper and app promos above the headline, under a header date; kicker, standfirst."""
    outlet = r.choice(V.OUTLETS)
    published, _, captured = moments(r)
    page.published, page.page_date, page.headline = published, captured, headline(r)
    page.add("page_date", f"{V.WEEKDAYS[captured.weekday()]}, {dmy(r, captured)}")
    page.add("chrome", "ই-পেপার")
    promos = [r.choice(V.EPAPER_PROMOS), f"{outlet} অ্যাপ ডাউনলোড করুন"]
    for text in r.sample(promos, 2):
        page.add("promo", text)
    for word in r.sample(V.NAV_WORDS[:12], r.randint(3, 6)):
        page.add("chrome", word)
    if r.random() < 0.6:
        page.add("subheadline", r.choice(V.KICKERS))
    page.add("headline", page.headline)
    if r.random() < 0.6:
        page.add("subheadline", standfirst(r))
    page.byline = byline(r, outlet)
    page.add("byline", page.byline)
    page.add("dateline", f"প্রকাশ: {dmy(r, published.date())}, {bn(clock12(published, AMPM_BN))}")
    for text in paragraphs(r):
        page.add("body", text, True)
    share_row(page, r)
    related_list(page, r, "সর্বাধিক পঠিত")


def layout_bare_date_byline(r: random.Random, page: Page) -> None:
    """A bare date-and-time line directly under the byline (a name, maybe a desk), no cue."""
    published, _, _ = moments(r)
    page.published, page.headline = published, headline(r)
    nav_menu(page, r)
    page.add("headline", page.headline)
    page.byline = r.choice(V.NAMES) if r.random() < 0.6 else r.choice(V.REPORTER_ROLES)
    page.add("byline", page.byline)
    if r.random() < 0.4:
        page.add("byline", r.choice(V.DESKS))
    page.add("dateline", bare_stamp(r, published), True)
    body_with_inserts(page, r, paragraphs(r), True, r.random() < 0.5, False)
    page.add("chrome", "শেয়ার করুন")
    related_list(page, r, "সর্বশেষ")


def insert_after_body(page: Page, label: str, text: str) -> None:
    last = max((i for i, line in enumerate(page.lines) if line[0] == "body"), default=None)
    if last is not None:
        page.lines.insert(last + 1, (label, nfc(text), page.lines[last][2]))


def extras(r: random.Random, page: Page) -> None:
    """Furniture any outlet may add: a messenger follow prompt after the body, a like count
    under comments, a cookie notice at the very end."""
    if r.random() < 0.2:
        app = r.choice(("হোয়াটসঅ্যাপ চ্যানেল", "টেলিগ্রাম চ্যানেল", "ইউটিউব চ্যানেল"))
        insert_after_body(page, "promo", f"সর্বশেষ খবর পেতে আমাদের {app} ফলো করুন")
    if r.random() < 0.15:
        page.add(
            "chrome",
            "আমরা কুকি ব্যবহার করি। এই সাইট ব্যবহার চালিয়ে গেলে আপনি আমাদের কুকি নীতিতে সম্মত হচ্ছেন।",
        )
        page.add("chrome", "ঠিক আছে")


LAYOUTS: dict[str, Callable[[random.Random, Page], None]] = {
    "desk_edition": layout_desk_edition,
    "header_glued_update": layout_header_glued_update,
    "repeated_article": layout_repeated_article,
    "headline_first_section": layout_headline_first_section,
    "nav_kicker": layout_nav_kicker,
    "ascii_comments": layout_ascii_comments,
    "month_first": layout_month_first,
    "english_iso": layout_english_iso,
    "no_date": layout_no_date,
    "breadcrumb_headline": layout_breadcrumb_headline,
    "follow_rows": layout_follow_rows,
    "english_menus": layout_english_menus,
    "comment_controls": layout_comment_controls,
    "interrupted_body": layout_interrupted_body,
    "epaper_promo": layout_epaper_promo,
    "bare_date_byline": layout_bare_date_byline,
}
# The default corpus is the first nine families (issue 5); the zoo families come on request.
ZOO_NAMES = (
    "breadcrumb_headline",
    "follow_rows",
    "english_menus",
    "comment_controls",
    "interrupted_body",
    "epaper_promo",
    "bare_date_byline",
)
LAYOUT_NAMES = tuple(name for name in LAYOUTS if name not in ZOO_NAMES)
FAMILY_SETS = {"v1": LAYOUT_NAMES, "zoo": ZOO_NAMES, "all": LAYOUT_NAMES + ZOO_NAMES}


def family_names(spec: str) -> tuple[str, ...]:
    """`v1`, `zoo`, `all` or a comma-separated list of layout names.

    >>> family_names("follow_rows,no_date")
    ('follow_rows', 'no_date')
    """
    if spec in FAMILY_SETS:
        return FAMILY_SETS[spec]
    names = tuple(n.strip() for n in spec.split(",") if n.strip())
    unknown = [n for n in names if n not in LAYOUTS]
    if unknown or not names:
        raise ValueError(f"unknown layout families {unknown}; known: {', '.join(LAYOUTS)}")
    return names


# ---------------------------------------------------------------------------------------------
# Sites with invented furniture (issue 13): sentence-like lines a site prints after its articles,
# worded here and nowhere else (no lexicon lists them), so only a corpus can tell them apart
# from the article. `{name}` is the site's invented name.

INVENTED_DISCLAIMERS = (
    "{name}-এ প্রকাশিত মতামত ও বিশ্লেষণের সব দায় লেখকের, এর সঙ্গে প্রতিষ্ঠানের অবস্থানের মিল না-ও থাকতে পারে।",
    "এই প্রতিবেদনের তথ্য প্রকাশের সময় পর্যন্ত হালনাগাদ, পরবর্তী সময়ে পরিস্থিতি বদলে গেলে তা "
    "আলাদা প্রতিবেদনে জানানো হবে।",
    "{name} পরিবারের কোনো সদস্যের বিরুদ্ধে অভিযোগ থাকলে তা লিখিতভাবে সম্পাদকের দপ্তরে পাঠানোর অনুরোধ করা হলো।",
    "পাঠকের পাঠানো ছবি ও তথ্য যাচাই করে ছাপা হয়, তবে সব ক্ষেত্রে তা আমাদের পক্ষে নিশ্চিত করা সম্ভব হয় না।",
)
INVENTED_NOTICES = (
    "সংশোধিত: এই প্রতিবেদনের আগের রূপে একটি নাম ভুলভাবে ছাপা হয়েছিল, যা পরে ঠিক করা হয়েছে।",
    "{name} এর প্রতিটি লেখা আইনে সুরক্ষিত, অনুমতি ছাড়া অন্য কোথাও ছাপা বা প্রচার করা আইনত দণ্ডনীয়।",
    "অনুসন্ধানী এই ধারাবাহিকের পরের পর্ব আগামী সপ্তাহে একই সময়ে পাঠকের সামনে আনা হবে।",
    "প্রতিবেদনটি তৈরিতে সহায়তা করেছেন আমাদের জেলা প্রতিনিধিরা, যাঁদের নাম নিরাপত্তার কারণে ছাপা হলো না।",
)
INVENTED_PROMOS = (
    "{name} অ্যাপ নামিয়ে নিন, প্রতিদিন সকালে দিনের সবচেয়ে জরুরি দশটি খবর পৌঁছে যাবে আপনার মুঠোফোনে।",
    "প্রতি শুক্রবার {name} পাঠশালায় থাকছে সপ্তাহের বাছাই করা লেখা, এখনই নাম লেখান আমাদের ঠিকানায়।",
    "{name} এর ছাপা কাগজ ঘরে পেতে চাইলে আপনার এলাকার হকারকে আজই জানিয়ে রাখুন।",
)
_NAME_SYLLABLES = ("নী", "লা", "দি", "গন্ত", "সো", "নার", "বা", "র্তা", "প্র", "ভা", "তী", "রু")
# (label, share of the site's pages that print it): a promo under 60% of the articles, and the
# notice under 70%, stay above the default 0.5 share; a site may print more or less.
INVENTED_SHARES = {"disclaimer": 1.0, "notice": 0.7, "promo": 0.6}


@dataclass(frozen=True, slots=True)
class InventedSite:
    slug: str
    menu: tuple[str, ...]
    lines: tuple[tuple[str, str, float], ...]  # (truth label, text, share of pages)


def invented_site(seed: int, site: int) -> InventedSite:
    """Site `site` of the corpus of `seed`: a fixed menu and its own sentence-like furniture."""
    r = random.Random(f"khobor-synth-site:{seed}:{site}")
    name = "দৈনিক " + "".join(r.choice(_NAME_SYLLABLES) for _ in range(3))
    lines = (
        ("chrome", r.choice(INVENTED_DISCLAIMERS), INVENTED_SHARES["disclaimer"]),
        ("chrome", r.choice(INVENTED_NOTICES), INVENTED_SHARES["notice"]),
        ("promo", r.choice(INVENTED_PROMOS), INVENTED_SHARES["promo"]),
    )
    return InventedSite(
        slug=f"site{site:02d}",
        menu=tuple(r.sample(V.NAV_WORDS, 5)),
        lines=tuple((label, text.format(name=name), share) for label, text, share in lines),
    )


def add_invented_furniture(r: random.Random, page: Page, site: InventedSite) -> None:
    """The site's menu on top, its furniture lines (each on its share of pages) after the body."""
    printed = [(label, text) for label, text, share in site.lines if r.random() < share]
    for label, text in reversed(printed):
        insert_after_body(page, label, text)
    page.lines[0:0] = [("chrome", nfc(word), False) for word in site.menu]
    page.layout = f"{page.layout}@{site.slug}"


def site_url(seed: int, index: int, sites: int) -> str:
    return f"https://www.{invented_site(seed, index % sites).slug}.com/news/{index}"


def make_page(seed: int, index: int, names: tuple[str, ...] = LAYOUT_NAMES, sites: int = 0) -> Page:
    """Page `index` of the corpus of `seed` drawn from the families `names`: the same
    arguments give the same page. With `sites`, page `index` is of site `index % sites`, whose
    invented furniture it carries."""
    r = random.Random(f"khobor-synth:{seed}:{index}")
    name = r.choice(names)
    page = Page(name)
    LAYOUTS[name](r, page)
    extras(r, page)
    if sites:
        add_invented_furniture(r, page, invented_site(seed, index % sites))
    return page


def source_of(index: int) -> str:
    return f"{index // PAGES_PER_FOLDER:03d}/{index:07d}.txt"


# ---------------------------------------------------------------------------------------------
# Writing


def _write_chunk(task: tuple[int, int, int, str, tuple[str, ...], int]) -> list[str]:
    seed, first, last, pages_dir, names, sites = task
    rows = []
    made: set[Path] = set()
    for index in range(first, last):
        page = make_page(seed, index, names, sites)
        source = source_of(index)
        path = Path(pages_dir) / source
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(page.render().encode("utf-8"))
        rows.append(json.dumps(page.truth(source), ensure_ascii=False))
    return rows


def tasks(
    seed: int, n: int, pages_dir: Path, names: tuple[str, ...] = LAYOUT_NAMES, sites: int = 0
) -> Iterator[tuple[int, int, int, str, tuple[str, ...], int]]:
    for first in range(0, n, CHUNK):
        yield seed, first, min(n, first + CHUNK), str(pages_dir), names, sites


def write_sources(pages_dir: Path, seed: int, n: int, sites: int) -> None:
    """`pages/sources.csv`: each page's URL on its invented site (`khobor.annotate.outlets`
    reads it)."""
    with (pages_dir / "sources.csv").open("w", encoding="utf-8") as out:
        out.write("source,url\n")
        for index in range(n):
            out.write(f"{source_of(index)},{site_url(seed, index, sites)}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--families",
        default="v1",
        help="layout families: v1 (default, issue 5's nine), zoo (issue 9's), all, or names",
    )
    parser.add_argument(
        "--invented-furniture",
        type=int,
        default=0,
        metavar="SITES",
        help="spread the pages over SITES sites, each with a fixed menu and its own invented "
        "sentence-like disclaimer, notice and promo after the body (truth chrome/promo), and "
        "write pages/sources.csv with each page's site URL",
    )
    args = parser.parse_args(argv)
    try:
        names = family_names(args.families)
    except ValueError as error:
        parser.error(str(error))
    pages_dir = args.out / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    sites = args.invented_furniture
    if sites:
        write_sources(pages_dir, args.seed, args.pages, sites)
    started = time.perf_counter()
    written = 0
    with (args.out / "truth.jsonl").open("w", encoding="utf-8") as truth:
        if args.workers > 1:
            with Pool(args.workers) as pool:
                work = tasks(args.seed, args.pages, pages_dir, names, sites)
                for rows in pool.imap(_write_chunk, work):
                    truth.write("\n".join(rows) + "\n")
                    written += len(rows)
        else:
            for task in tasks(args.seed, args.pages, pages_dir, names, sites):
                rows = _write_chunk(task)
                truth.write("\n".join(rows) + "\n")
                written += len(rows)
    seconds = time.perf_counter() - started
    print(
        f"wrote {written} pages ({len(names)} layouts) to {pages_dir} and "
        f"{args.out / 'truth.jsonl'} in {seconds:.1f} s: {written / seconds:,.0f} pages/s "
        f"with {args.workers} worker(s), seed {args.seed}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
