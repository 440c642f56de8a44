"""The record kinds that travel through every step (datatrove-style: one slotted class each)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from enum import StrEnum


class Reason(StrEnum):
    """Why a raw file could not become a record. Fixed codes, counted and reported."""

    EMPTY_FILE = "empty_file"
    WHITESPACE_ONLY = "whitespace_only"
    TOO_LARGE = "too_large"
    BINARY_CONTENT = "binary_content"
    NUL_BYTES = "nul_bytes"
    UNDECODABLE_ENCODING = "undecodable_encoding"
    MOJIBAKE = "mojibake"
    HTML_MARKUP = "html_markup"
    NOT_BENGALI = "not_bengali"
    OTHER_LANGUAGE = "other_language"  # Bengali script, another language (Assamese …)
    NO_HEADLINE = "no_headline"
    NO_BODY = "no_body"
    NOT_ARTICLE = "not_article"  # a listing, an author page, a video page: units of other stories
    UNREADABLE_FILE = "unreadable_file"
    NOT_A_REGULAR_FILE = "not_a_regular_file"  # a folder, FIFO, device, dangling or looping link
    SYMLINK_OUTSIDE_RAW = (
        "symlink_outside_raw"  # a link (to a file or folder) leaving the raw folder
    )
    UNDECODABLE_FILE_NAME = "undecodable_file_name"  # the name is not UTF-8
    NONCANONICAL_FILE_NAME = "noncanonical_file_name"  # not NFC / khobor's form, or controls
    DATE_OUT_OF_RANGE = "date_out_of_range"  # a date before 1990 or after tomorrow
    UPDATED_BEFORE_PUBLISHED = "updated_before_published"
    PAGE_DATE_BEFORE_DATE = "page_date_before_date"  # captured before it was published
    LOW_BENGALI_SHARE = "low_bengali_share"  # headline or body under the schema's floors
    DUPLICATE_RAW = "duplicate_raw"  # the same bytes as an earlier page: the same id
    DUPLICATE_BODY = "duplicate_body"  # another page has this exact body (normalized)
    # issue 25: WARC archives (`khobor.inputs.warc.WarcFault` says when each applies)
    WARC_TRUNCATED = "warc_truncated"
    WARC_BAD_RECORD = "warc_bad_record"
    WARC_CONTENT_LENGTH = "warc_content_length"
    WARC_NOT_HTML = "warc_not_html"
    WARC_HTTP_STATUS = "warc_http_status"
    WARC_NO_RESPONSES = "warc_no_responses"


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A raw file left out of the dataset, with the reason and a short human detail."""

    source: str
    reason: Reason
    detail: str = ""
    raw_sha256: str = ""
    # the counts behind a page-level decision (`not_article`), for `khobor extract`'s output
    evidence: tuple[tuple[str, str | int], ...] = ()


@dataclass(frozen=True, slots=True)
class RawPage:
    """A raw file's bytes and where they came from (path relative to the raw root)."""

    source: str
    data: bytes
    # issue 25: what the bytes are (`khobor.contracts.input_kinds.InputKind`: "text",
    # "html", "warc"),
    # and what a WARC record says of them
    kind: str = "text"
    url: str | None = None  # WARC-Target-URI
    captured: dt.datetime | None = None  # WARC-Date
    charset: str | None = None  # the HTTP header's charset


@dataclass(slots=True)
class Line:
    """One non-blank line of a page and its v1 label."""

    text: str
    label: str = "body"


@dataclass(slots=True)
class Article:
    """One record of schema v1.1, before serialisation."""

    id: str
    source: str
    raw_sha256: str
    outlet: str | None
    headline: str
    published_at: dt.datetime | None
    updated_at: dt.datetime | None
    date: dt.date | None
    page_date: dt.date | None
    byline: str | None
    section: str | None
    source_credit: str | None
    body: str
    captions: list[str]
    lines: list[Line]
    boilerplate: dict[str, bool]
    boilerplate_ratio: float
    bengali_ratio: float
    dup_cluster: str = ""
    url: str | None = None  # schema v1.1: the page's URL from `sources.csv`, when listed
    input_kind: str = "text"  # schema v1.2: what it was read from (`khobor.contracts.input_kinds`)


# the record's column names in order; `khobor.contracts.schema.COLUMNS` declares them (a test holds
# the two together), this is the same list for code that must not import the schema
ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Article))
