"""The markup-filling zoo (issue 25): HTML pages whose text leaves a field empty while the
markup holds a value, right or wrong. Each case has the page's truth (what the page is about,
invented here) and what khobor must do: take the markup's value, or refuse it and why.
Every story, name and site below is made up for these tests."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from khobor.inputs.fill import Refusal

TEXT = "text"
TAKEN_WRONG = "taken_wrong"
SITE = "খবরের খাতা"  # a made-up site; a title of only this is the site's name
MENU = ("প্রচ্ছদ", "দেশ", "বিদেশ", "খেলা", "বিনোদন")
FOOTER = "© খবরের খাতা, সর্বস্বত্ব সংরক্ষিত"


@dataclass(frozen=True)
class Story:
    headline: str
    body: tuple[str, ...]


DAM = Story(
    "নদীর পাড়ে নতুন বাঁধের কাজ শুরু",
    (
        "গ্রামের মানুষেরা বহুদিন ধরে এই বাঁধের অপেক্ষায় ছিলেন। বর্ষার সময় পানি ঢুকে ঘরবাড়ি "
        "ভেসে যেত, ফসলের ক্ষতি হতো প্রতি বছর।",
        "স্থানীয় প্রকৌশলী জানিয়েছেন, কাজটি শেষ হতে প্রায় এক বছর সময় লাগবে এবং এতে কয়েক হাজার পরিবার উপকৃত হবে।",
        "শ্রমিকেরা সকাল থেকেই মাটি কাটার কাজে নেমে পড়েছেন। এলাকার স্কুলশিক্ষক বললেন, এবার "
        "হয়তো ছেলেমেয়েরা নিরাপদে স্কুলে যেতে পারবে।",
    ),
)
LIBRARY = Story(
    "শহরের পুরোনো গ্রন্থাগারে ফিরল পাঠকের ভিড়",
    (
        "দীর্ঘ সংস্কারের পর গত সপ্তাহে গ্রন্থাগারটি আবার খুলে দেওয়া হয়েছে। প্রথম দিন থেকেই "
        "শিক্ষার্থী ও প্রবীণ পাঠকেরা সেখানে ভিড় করছেন।",
        "গ্রন্থাগারের তত্ত্বাবধায়ক জানান, নতুন তাকে কয়েক হাজার বই সাজানো হয়েছে এবং শিশুদের "
        "জন্য আলাদা একটি কক্ষ খোলা হয়েছে।",
        "স্থানীয় এক কলেজছাত্রী বললেন, বাড়িতে পড়ার জায়গা নেই বলে তিনি প্রতিদিন বিকেলে এখানে এসে পড়াশোনা করেন।",
    ),
)
RIDE = Story(
    "পাহাড়ি পথে সাইকেল চালিয়ে তিন বন্ধুর দীর্ঘ যাত্রা",
    (
        "তিন বন্ধু মিলে তিন সপ্তাহে প্রায় আটশো কিলোমিটার পথ পাড়ি দিয়েছেন। পথে তাঁরা অনেক "
        "গ্রামে থেমেছেন, মানুষের সঙ্গে কথা বলেছেন।",
        "তাঁদের একজন জানালেন, সবচেয়ে কঠিন ছিল বৃষ্টির দিনগুলো, যখন কাদায় চাকা আটকে যেত আর সামনে এগোনো যেত না।",
        "যাত্রা শেষে তাঁরা ঠিক করেছেন, আগামী বছর আরও দূরের পথে বের হবেন এবং অভিজ্ঞতা নিয়ে একটি বই লিখবেন।",
    ),
)
# a headline as long as a paragraph: the text path takes it for body text (no headline)
LONG_HEADLINE = (
    "নদীর পাড়ে নতুন বাঁধের কাজ শুরু, গ্রামের মানুষেরা বহুদিন ধরে এই বাঁধের অপেক্ষায় ছিলেন "
    "এবং বর্ষার সময় পানি ঢুকে ঘরবাড়ি ভেসে যেত বলে তাঁরা জানান"
)
OTHER_HEADLINE = "বন্দরে নতুন ক্রেন বসানোর কাজ পিছিয়ে গেল"  # a template's JSON-LD story
AUTHOR = "তানিয়া মেহজাবিন"  # an invented name

PUBLISHED = "2025-10-14T08:30:00+06:00"  # the stories' true times (invented)
UPDATED = "2025-10-14T11:05:00+06:00"
CAPTURED = datetime(2025, 10, 20, 6, 0, tzinfo=UTC)  # the crawl's time


@dataclass(frozen=True)
class Head:
    """The markup a case's page carries."""

    title: str | None = None
    og_title: str | None = None
    site_name: str | None = None
    jsonld: dict[str, Any] | None = None
    meta: dict[str, str] = field(default_factory=dict)  # article:* meta


@dataclass(frozen=True)
class Case:
    name: str
    html: bytes
    truth: dict[str, str | None]  # the page's true field values (ISO times)
    # what khobor must do with each field: None (take the markup's, right), a `Refusal`,
    # `TEXT` (the text already gives it: nothing is filled) or `TAKEN_WRONG` (taken, and
    # wrong: the one case no guard can see)
    expect: dict[str, Refusal | str | None]
    kind: str = "html"
    captured: datetime | None = None  # a WARC record's capture


def jsonld(story: str, **values: Any) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story} | values


def page(
    head: Head,
    *,
    h1: str | None,
    body: tuple[str, ...],
    lead: str | None = None,
    extra: tuple[str, ...] = (),
    dateline: str | None = None,
) -> bytes:
    """A news page: a menu, the h1 (a lead paragraph above it when given), an optional
    dateline, the body, extra lines in `<div>`s, a footer; `head`'s markup."""
    parts = ['<meta charset="utf-8">']
    if head.title is not None:
        parts.append(f"<title>{html.escape(head.title)}</title>")
    if head.og_title is not None:
        parts.append(f'<meta property="og:title" content="{html.escape(head.og_title)}">')
    if head.site_name is not None:
        parts.append(f'<meta property="og:site_name" content="{html.escape(head.site_name)}">')
    for name, value in head.meta.items():
        parts.append(f'<meta property="{name}" content="{html.escape(value)}">')
    if head.jsonld is not None:
        text = json.dumps(head.jsonld, ensure_ascii=False)
        parts.append(f'<script type="application/ld+json">{text}</script>')
    blocks = ["<nav>" + "".join(f"<div>{html.escape(m)}</div>" for m in MENU) + "</nav>"]
    if lead is not None:
        blocks.append(f"<p>{html.escape(lead)}</p>")
    if h1 is not None:
        blocks.append(f"<h1>{html.escape(h1)}</h1>")
    if dateline is not None:
        blocks.append(f"<div>{html.escape(dateline)}</div>")
    blocks += [f"<p>{html.escape(p)}</p>" for p in body]
    blocks += [f"<div>{html.escape(line)}</div>" for line in extra]
    blocks.append(f"<footer>{html.escape(FOOTER)}</footer>")
    document = f"<!DOCTYPE html><html><head>{''.join(parts)}</head><body>{''.join(blocks)}"
    return (document + "</body></html>").encode("utf-8")


def _suffixed(story: str) -> Head:
    return Head(title=f"{story} | {SITE}", og_title=story, site_name=SITE)


def _cases() -> list[Case]:
    dam, lib, ride = DAM.headline, LIBRARY.headline, RIDE.headline
    both = {"datePublished": PUBLISHED, "dateModified": UPDATED}
    times = {"published_at": PUBLISHED, "updated_at": UPDATED}
    return [
        # the text prints no dateline; the JSON-LD of the page's story has its times
        Case(
            "dates_from_jsonld",
            page(Head(title=dam, jsonld=jsonld(dam, **both)), h1=dam, body=DAM.body),
            {"headline": dam} | times,
            {"headline": TEXT, "published_at": None, "updated_at": None},
        ),
        # the same instants written in UTC (converted, so right)
        Case(
            "dates_from_jsonld_utc",
            page(
                Head(
                    title=lib,
                    jsonld=jsonld(
                        lib, datePublished="2025-10-14T02:30:00Z", dateModified="2025-10-14T05:05Z"
                    ),
                ),
                h1=lib,
                body=LIBRARY.body,
            ),
            {"headline": lib} | times,
            {"published_at": None, "updated_at": None},
        ),
        # a local clock with no offset: read on the outlet's clock (Dhaka here)
        Case(
            "dates_from_jsonld_no_offset",
            page(
                Head(title=ride, jsonld=jsonld(ride, datePublished="2025-10-14T08:30:00")),
                h1=ride,
                body=RIDE.body,
            ),
            {"headline": ride, "published_at": PUBLISHED},
            {"published_at": None},
        ),
        # no JSON-LD: the article:* meta
        Case(
            "dates_from_article_meta",
            page(
                Head(
                    title=dam,
                    meta={
                        "article:published_time": PUBLISHED,
                        "article:modified_time": UPDATED,
                    },
                ),
                h1=dam,
                body=DAM.body,
            ),
            {"headline": dam} | times,
            {"published_at": None, "updated_at": None},
        ),
        # a headline as long as a paragraph: the text finds none; the title (site suffix
        # cut), og:title and h1 agree and the page prints it as a line
        Case(
            "headline_long_from_titles",
            page(_suffixed(LONG_HEADLINE), h1=LONG_HEADLINE, body=DAM.body),
            {"headline": LONG_HEADLINE},
            {"headline": None},
        ),
        # a lead paragraph printed above the h1: the text finds no title above the body
        Case(
            "headline_below_lead_from_titles",
            page(
                Head(title=lib, jsonld=jsonld(lib, **both)),
                h1=lib,
                lead=LIBRARY.body[0],
                body=LIBRARY.body[1:],
            ),
            {"headline": lib} | times,
            {"headline": None, "published_at": None, "updated_at": None},
        ),
        # the author the JSON-LD names is printed under the body, not as a byline
        Case(
            "byline_from_jsonld_author",
            page(
                Head(title=ride, jsonld=jsonld(ride, author={"name": AUTHOR})),
                h1=ride,
                body=RIDE.body,
                extra=(f"ছবি তুলেছেন ও লিখেছেন {AUTHOR}",),
            ),
            {"headline": ride, "byline": AUTHOR},
            {"byline": None},
        ),
        # --- hostile: each would be wrong if taken
        # a template's JSON-LD about another story: none of its values is taken
        Case(
            "other_story_jsonld",
            page(
                Head(
                    title=dam,
                    og_title=dam,
                    jsonld=jsonld(
                        OTHER_HEADLINE,
                        datePublished="2019-03-04T05:06:07Z",
                        author={"name": AUTHOR},
                    ),
                ),
                h1=dam,
                body=DAM.body,
                extra=(f"লিখেছেন {AUTHOR}",),
            ),
            {"headline": dam, "published_at": PUBLISHED, "byline": None},
            {"published_at": Refusal.OTHER_STORY, "byline": Refusal.OTHER_STORY},
        ),
        # a WARC record whose JSON-LD time is the crawl's (two minutes after the capture)
        Case(
            "crawl_time_jsonld",
            page(
                Head(title=lib, jsonld=jsonld(lib, datePublished="2025-10-20T06:02:00Z")),
                h1=lib,
                body=LIBRARY.body,
            ),
            {"headline": lib, "published_at": PUBLISHED},
            {"published_at": Refusal.CRAWL_TIME},
            kind="warc",
            captured=CAPTURED,
        ),
        # a time after the capture cannot be the publication's
        Case(
            "after_capture_jsonld",
            page(
                Head(title=ride, jsonld=jsonld(ride, datePublished="2025-11-02T09:00:00+06:00")),
                h1=ride,
                body=RIDE.body,
            ),
            {"headline": ride, "published_at": PUBLISHED},
            {"published_at": Refusal.AFTER_CAPTURE},
            kind="warc",
            captured=CAPTURED,
        ),
        # the title is only the site's name, as is the logo's h1, printed under a lead
        # paragraph: the text finds no headline, and the site's name is not one
        Case(
            "site_name_title",
            page(
                Head(title=SITE, og_title=SITE, site_name=SITE),
                h1=SITE,
                lead=DAM.body[0],
                body=DAM.body[1:],
            ),
            {"headline": dam},
            {"headline": Refusal.SITE_NAME},
        ),
        # the site's name known from the JSON-LD's publisher only
        Case(
            "publisher_name_title",
            page(
                Head(
                    title=SITE,
                    og_title=SITE,
                    jsonld={"@type": "NewsArticle", "publisher": {"name": SITE}},
                ),
                h1=SITE,
                lead=LIBRARY.body[0],
                body=LIBRARY.body[1:],
            ),
            {"headline": lib},
            {"headline": Refusal.SITE_NAME},
        ),
        # JSON-LD and article:* meta disagree on the time: neither is taken
        Case(
            "markup_times_disagree",
            page(
                Head(
                    title=dam,
                    jsonld=jsonld(dam, datePublished=PUBLISHED),
                    meta={"article:published_time": "2025-10-12T19:00:00+06:00"},
                ),
                h1=dam,
                body=DAM.body,
            ),
            {"headline": dam, "published_at": PUBLISHED},
            {"published_at": Refusal.SOURCES_DISAGREE},
        ),
        # the JSON-LD names an author the page never prints (rightly here: a refusal that
        # costs a true value, counted by bench/html_zoo.py)
        Case(
            "author_not_printed",
            page(Head(title=lib, jsonld=jsonld(lib, author=AUTHOR)), h1=lib, body=LIBRARY.body),
            {"headline": lib, "byline": AUTHOR},  # true, but nothing on the page shows it
            {"byline": Refusal.NOT_PRINTED},
        ),
        # the text prints its dateline: the markup's other time is not taken (the text wins)
        Case(
            "text_dateline_kept",
            page(
                Head(title=ride, jsonld=jsonld(ride, datePublished="2025-10-13T22:00:00Z")),
                h1=ride,
                body=RIDE.body,
                dateline="প্রকাশ: ১৪ অক্টোবর ২০২৫, ০৮:৩০",
            ),
            {"headline": ride, "published_at": PUBLISHED},
            {"published_at": Refusal.TEXT_HAS_DATE},
        ),
        # the undetectable case: the local clock labelled UTC and no time in the text. The
        # rule takes the instant as stated: six hours late, the day still right
        Case(
            "local_clock_marked_utc",
            page(
                Head(title=dam, jsonld=jsonld(dam, datePublished="2025-10-14T08:30:00Z")),
                h1=dam,
                body=DAM.body,
            ),
            {"headline": dam, "published_at": PUBLISHED},
            {"published_at": TAKEN_WRONG},
        ),
    ]


CASES: tuple[Case, ...] = tuple(_cases())
