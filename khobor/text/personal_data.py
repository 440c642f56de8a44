"""Personal data in a page's text: e-mail addresses, phone numbers, labelled national ID
numbers, payment card numbers and IP addresses (`find_personal_data`), and their masking
(`mask_text`, `apply_policy`: what the build does with a record under `[personal_data]`).

Recognizers are small and strict, because a news page is full of numbers that look like
phone numbers and are not (prices, scores, years, case numbers, dates, counts):

- **email**: a Latin local part, `@`, a domain with a letters-only top-level domain;
- **phone**: a run of Latin or Bengali digits with spaces, dashes or brackets, in an
  international form (+880, +91, 00…), a national form with its trunk "0" (01711-…, 02-…,
  033-…) or, for India, ten digits starting 6-9; each checked against the country's
  numbering plan with Google's libphonenumber (`phonenumbers`); a number after a case,
  file or account word, or before a currency or count word, is not one;
- **national_id**: only where the text labels it (এনআইডি, জাতীয় পরিচয়পত্র, NID; আধার for
  India), a number of the ID's length after the label on the same line (Aadhaar: a valid
  Verhoeff check digit);
- **payment_card**: 13-19 digits, in one run or in the groups cards are printed in, of a
  card issuer's prefix and length, Luhn-valid;
- **ip_address**: an IPv4 address (four octets 0-255 without leading zeros; in Bengali
  digits only after "আইপি"/"IP") or an IPv6 address that `ipaddress` accepts.

No recognizer crosses a line end, so finding in a text and finding in each of its lines give
the same spans (`mask_text` of a body equals its masked lines joined).

>>> [(f.kind.value, f.text) for f in find_personal_data("যোগাযোগ: ০১৭১১-২৩৪৫৬৭, rahim@example.com")]
[('phone', '০১৭১১-২৩৪৫৬৭'), ('email', 'rahim@example.com')]
>>> find_personal_data("দাম ১৭,৫০০ টাকা; ২০২৩-২০২৪ অর্থবছর; স্কোর ২৮৭/৬")
[]
>>> mask_text("ফোন ০১৭১১২৩৪৫৬৭ নম্বরে", frozenset({PersonalKind.PHONE}))
'ফোন [PHONE] নম্বরে'
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from khobor.lexicons import personal_data as lex
from khobor.text.normalize import bengali_letter_share, normalize_text

if TYPE_CHECKING:
    from khobor.contracts.policy import PersonalDataPolicy


class PersonalKind(StrEnum):
    """A kind of personal data the recognizers find (and the policy keeps or masks)."""

    EMAIL = "email"
    PHONE = "phone"
    NATIONAL_ID = "national_id"
    PAYMENT_CARD = "payment_card"
    IP_ADDRESS = "ip_address"


class Action(StrEnum):
    """What the build does with a kind of personal data, or with readers' comments."""

    KEEP = "keep"  # left as it is
    MASK = "mask"  # replaced by its placeholder (a comment line: its whole text)
    DROP = "drop"  # comments only: the lines are left out of the record


KINDS: tuple[PersonalKind, ...] = tuple(PersonalKind)
# Where two findings overlap, the kind earlier here wins: a labelled ID over a card number
# over a phone number (a 17-digit NID holds phone-like runs).
PRIORITY: tuple[PersonalKind, ...] = (
    PersonalKind.NATIONAL_ID,
    PersonalKind.PAYMENT_CARD,
    PersonalKind.EMAIL,
    PersonalKind.PHONE,
    PersonalKind.IP_ADDRESS,
)
# What a masked finding becomes: no digit, no "@" (no recognizer finds it again), ASCII so a
# reader of any language sees it is a placeholder, in the FineWeb-2 spirit of masking in place.
PLACEHOLDERS: dict[PersonalKind, str] = {
    PersonalKind.EMAIL: "[EMAIL]",
    PersonalKind.PHONE: "[PHONE]",
    PersonalKind.NATIONAL_ID: "[NATIONAL_ID]",
    PersonalKind.PAYMENT_CARD: "[CARD_NUMBER]",
    PersonalKind.IP_ADDRESS: "[IP_ADDRESS]",
}
COMMENT_PLACEHOLDER = "[COMMENT]"  # a masked reader's comment line
COMMENT_LABEL = "comment"
COMMENT_FLAG = "comment_prompt"  # the `boilerplate` flag a comment line sets (taxonomy)


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: its kind, where it is (`text[start:end]`) and what it is."""

    kind: PersonalKind
    start: int
    end: int
    text: str


# --- digits ----------------------------------------------------------------------------------

_BENGALI_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_ASCII = str.maketrans(_BENGALI_DIGITS, "0123456789")
_D = "0-9" + _BENGALI_DIGITS  # a digit, Latin or Bengali (inside a character class)
_NOT_DIGIT = re.compile(f"[^{_D}]")


def ascii_digits(text: str) -> str:
    """The digits of `text`, Bengali ones as Latin.

    >>> ascii_digits("+৮৮০ ১৭-১১")
    '8801711'
    """
    return _NOT_DIGIT.sub("", text).translate(_TO_ASCII)


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of payment card numbers.

    >>> luhn_valid("4111111111111111"), luhn_valid("4111111111111112")
    (True, False)
    """
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return bool(digits) and total % 10 == 0


# Verhoeff's dihedral-group tables (Aadhaar's check digit).
_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_valid(digits: str) -> bool:
    """Verhoeff's checksum (the last digit of an Aadhaar number).

    >>> verhoeff_valid("2363"), verhoeff_valid("2364")
    (True, False)
    """
    check = 0
    for position, char in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][ord(char) - 48]]
    return bool(digits) and check == 0


# --- candidates --------------------------------------------------------------------------------

_LETTER_BEFORE = r"(?<![A-Za-z0-9._%+\-])"
EMAIL_RE = re.compile(
    _LETTER_BEFORE + r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9])"
)
# Between two digits of one number: at most two of space, hyphen, dash, bracket.
_SEPARATOR = "[ \\-\u2010\u2011\u2012\u2013()]"
# A run of 8+ digits that may be a phone, card or ID number: not glued to a word, a decimal
# point, a fraction or a time on either side. The patterns start with a digit (what comes
# before is checked in `_start`): re then skips the text between digits quickly (a pattern
# that starts with a look-behind is tried at every character, ~6x slower on a page).
NUMBER_RE = re.compile(f"[{_D}](?:{_SEPARATOR}{{0,2}}[{_D}]){{7,22}}\\)?(?![\\w]|[.,:][{_D}])")
IPV4_RE = re.compile(f"[{_D}]{{1,3}}(?:\\.[{_D}]{{1,3}}){{3}}(?![\\w]|\\.[{_D}])")
# IPv6: hex groups and colons, starting with a group, or with "::" ("::1"); what is around
# them is checked in `_ipv6`, the address by `ipaddress`.
IPV6_RE = re.compile(r"[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}", re.ASCII)
IPV6_LEADING_RE = re.compile(r"::[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5}", re.ASCII)
# An address without "::" has seven colons between groups; a clock has two: a text is looked
# at for IPv6 only with "::" or four colons in a row of groups (a pattern that starts with a
# ":" is fast to search; the one above is slow on text with Latin letters).
_IPV6_HINT_RE = re.compile(r":[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:", re.ASCII)
_SENTENCE_END = re.compile("[।\n!?]")


def _words(entries: Iterable[str]) -> re.Pattern[str]:
    """A pattern finding any entry at a word's start (not after a Bengali or Latin letter)."""
    alternatives = sorted({normalize_text(e) for e in entries}, key=len, reverse=True)
    body = "|".join(re.escape(a) for a in alternatives)
    return re.compile(f"(?<![\u0980-\u09ffA-Za-z])(?:{body})", re.IGNORECASE)


_PHONE_CUES = _words(lex.PHONE_CUES)
_NOT_PHONE_BEFORE = _words(lex.NOT_PHONE_BEFORE)
_NOT_PHONE_AFTER = re.compile(
    r"\s*(?:" + _words(lex.NOT_PHONE_AFTER).pattern + r")(?![\u0980-\u09ffA-Za-z])",
    re.IGNORECASE,
)
_NID_BD = _words(lex.NID_CUES_BD)
_NID_IN = _words(lex.NID_CUES_IN)
_IP_CUES = _words(lex.IP_CUES)
_NOT_IP_BEFORE = _words(lex.NOT_IP_BEFORE)


def _line_before(text: str, start: int, width: int) -> str:
    """Up to `width` characters before `start`, on the same line and in the same sentence."""
    window = text[max(0, start - width) : start]
    ends = list(_SENTENCE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


# --- phones ----------------------------------------------------------------------------------


@cache
def _phonenumbers() -> Any:
    import phonenumbers  # ~20 ms to import: only when a page has a candidate number

    return phonenumbers


def _valid_phone(digits: str, international: bool) -> bool:
    """Whether a number (ASCII digits; `international`: written with + or 00) is a phone
    number of a country in `CALLING_CODES` by its numbering plan."""
    pn = _phonenumbers()
    if international or (digits.startswith("880") and len(digits) in (12, 13)):
        if digits.startswith("00"):
            digits = digits[2:]
        if not any(digits.startswith(code) for code in lex.CALLING_CODES):
            return False
        return _plan_valid(pn, "+" + digits, None)
    if digits.startswith("91") and len(digits) == 12 and digits[2] in lex.INDIAN_MOBILE_LEADS:
        return _plan_valid(pn, "+" + digits, None, mobile=True)
    if digits.startswith("0"):
        return any(_plan_valid(pn, digits, region) for region in lex.NATIONAL_REGIONS)
    if len(digits) == 10 and digits[0] in lex.INDIAN_MOBILE_LEADS:
        return _plan_valid(pn, digits, "IN", mobile=True)
    return False


def _plan_valid(pn: Any, number: str, region: str | None, *, mobile: bool = False) -> bool:
    try:
        parsed = pn.parse(number, region)
    except pn.NumberParseException:
        return False
    if not pn.is_valid_number(parsed):
        return False
    if region is None and pn.region_code_for_number(parsed) not in lex.CALLING_CODES.values():
        return False
    kinds = (pn.PhoneNumberType.MOBILE, pn.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return not mobile or pn.number_type(parsed) in kinds


# A date printed with separators (31-12-2024, 2024-12-31, 08 01 1990): never a phone number,
# though "08011990" is a valid number in Bangladesh's plan.
_DAY = f"[{_D}]{{1,2}}"
_YEAR = f"[{_D}]{{4}}"
_DATE_RE = re.compile(f"{_DAY}[-./ ]{_DAY}[-./ ]{_YEAR}|{_YEAR}[-./ ]{_DAY}[-./ ]{_DAY}")


def _is_date(chunk: str) -> bool:
    if _DATE_RE.fullmatch(chunk) is None:
        return False
    parts = [int(part) for part in re.split("[-./ ]", chunk.translate(_TO_ASCII))]
    day, month = (parts[0], parts[1]) if parts[2] > 999 else (parts[2], parts[1])
    return (1 <= month <= 12 and 1 <= day <= 31) or (1 <= day <= 12 and 1 <= month <= 31)


def _not_a_phone_by_context(text: str, start: int, end: int) -> bool:
    """A date, a case/file/account word before the number (and no phone word nearer), or a
    currency or count word right after it."""
    if _is_date(text[start:end]) or _NOT_PHONE_AFTER.match(text, end):
        return True
    before = _line_before(text, start, lex.CUE_WINDOW)
    blockers = [match.start() for match in _NOT_PHONE_BEFORE.finditer(before)]
    if not blockers:
        return False
    return not any(cue.start() > blockers[-1] for cue in _PHONE_CUES.finditer(before))


def _phones(text: str, start: int, end: int) -> list[Finding]:
    """The phone numbers in a number run `text[start:end]`: the run, or space-separated parts
    of it (two numbers on one line, a number and a year), longest first, left to right."""
    parts = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    found: list[Finding] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            a, b = parts[i][0], parts[j - 1][1]
            a, b = _trim_brackets(text, a, b)
            chunk = text[a:b]
            digits = ascii_digits(chunk)
            if not 8 <= len(digits) <= 15:
                continue
            international = chunk.lstrip("(").startswith(("+", "00", "০০"))
            if _valid_phone(digits, international) and not _not_a_phone_by_context(text, a, b):
                found.append(Finding(PersonalKind.PHONE, a, b, chunk))
                i = j
                break
        else:
            i += 1
    return found


def _trim_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop an unbalanced bracket at either end of a number ("(০২) ৯৫৫…" keeps its pair)."""
    chunk = text[start:end]
    if chunk.endswith(")") and chunk.count("(") < chunk.count(")"):
        end -= 1
    if chunk.startswith("(") and text[start:end].count("(") > text[start:end].count(")"):
        start += 1
    return start, end


# --- cards and IDs ---------------------------------------------------------------------------


def _card_grouping(chunk: str) -> bool:
    """Digits in one run, or in the groups cards are printed in (4-4-4-4[-3], 4-6-5, 4-6-4)."""
    groups = [len(g) for g in re.split(_SEPARATOR + "+", chunk.strip("()+")) if g]
    if len(groups) == 1:
        return True
    return groups[:-1] == [4] * (len(groups) - 1) or groups in ([4, 6, 5], [4, 6, 4])


def _card_issuer(digits: str) -> bool:
    for first, last, lengths in lex.CARD_RANGES:
        width = len(str(first))
        if len(digits) in lengths and first <= int(digits[:width]) <= last:
            return True
    return False


def _is_card(chunk: str, digits: str) -> bool:
    return (
        13 <= len(digits) <= 19
        and _card_grouping(chunk)
        and _card_issuer(digits)
        and luhn_valid(digits)
    )


def _national_id(text: str, start: int, end: int, digits: str) -> bool:
    """A number of an ID's length labelled as a national ID shortly before it."""
    before = _line_before(text, start, lex.NID_WINDOW)
    if len(digits) in lex.NID_LENGTHS_BD and _NID_BD.search(before):
        return True
    return (
        len(digits) == lex.AADHAAR_LENGTH
        and digits[0] not in "01"
        and _NID_IN.search(before) is not None
        and verhoeff_valid(digits)
    )


def _start(text: str, start: int, prefixes: str) -> int | None:
    """Where a number starting at `start` starts with the `prefixes` before it ("+", "(");
    None when it is glued to a word, a decimal point or a list before it."""
    while start and text[start - 1] in prefixes:
        start -= 1
    before = text[start - 1] if start else " "
    return None if before.isalnum() or before in "_.," else start


def _number(text: str, match: re.Match[str]) -> list[Finding]:
    """The finding(s) of a run of 8+ digits: a labelled ID, a card, or phone numbers."""
    first = _start(text, match.start(), "+(")
    if first is None:
        return []
    start, end = _trim_brackets(text, first, match.end())
    chunk = text[start:end]
    digits = ascii_digits(chunk)
    if _national_id(text, start, end, digits):
        return [Finding(PersonalKind.NATIONAL_ID, start, end, chunk)]
    if _is_card(chunk, digits):
        return [Finding(PersonalKind.PAYMENT_CARD, start, end, chunk)]
    return _phones(text, start, end)


# --- IP addresses -----------------------------------------------------------------------------


def _ipv4(text: str, match: re.Match[str]) -> list[Finding]:
    if _start(text, match.start(), "") is None:
        return []
    chunk = match.group()
    octets = chunk.translate(_TO_ASCII).split(".")
    if any((len(o) > 1 and o.startswith("0")) or int(o) > 255 for o in octets):
        return []
    before = _line_before(text, match.start(), lex.CUE_WINDOW)
    if chunk[0] in _BENGALI_DIGITS and not _IP_CUES.search(before):
        return []
    if _NOT_IP_BEFORE.search(before[-lex.VERSION_WINDOW :]):
        return []
    return [Finding(PersonalKind.IP_ADDRESS, match.start(), match.end(), chunk)]


def _ipv6(text: str) -> list[Finding]:
    found = []
    matches = list(IPV6_RE.finditer(text))
    if "::" in text:
        matches += IPV6_LEADING_RE.finditer(text)
    for match in matches:
        start, end = match.start(), match.end()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isalnum() or before in "_:." or after.isalnum() or after in "_:.":
            continue
        try:
            ipaddress.IPv6Address(match.group())
        except ValueError:
            continue
        found.append(Finding(PersonalKind.IP_ADDRESS, start, end, match.group()))
    return found


# --- the page ------------------------------------------------------------------------------------

# Numbers and IPv4 addresses in one scan of the text (a news page is full of digits: each
# starts an attempt, and one scan costs what two do not): an IPv4 address, else a run of 8+
# digits. Measured on 2,000-character synthetic pages: ~15 µs a page, the scan's floor.
# The first digit is outside the alternation, so that re can skip to the next digit quickly
# (an alternation of two groups is tried at every character: 4x slower).
_DIGIT_RE = re.compile(
    f"[{_D}](?:(?P<ipv4>[{_D}]{{0,2}}(?:\\.[{_D}]{{1,3}}){{3}}(?![\\w]|\\.[{_D}]))"
    f"|(?P<number>(?:{_SEPARATOR}{{0,2}}[{_D}]){{7,22}}\\)?(?![\\w]|[.,:][{_D}])))"
)


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, in order, none overlapping (on overlap the
    kind first in `PRIORITY` wins, then the longer)."""
    found: list[Finding] = []
    if "@" in text:
        found += _emails(text)
    for match in _DIGIT_RE.finditer(text):
        found += _ipv4(text, match) if match.lastgroup == "ipv4" else _number(text, match)
    if "::" in text or (text.count(":") >= 7 and _IPV6_HINT_RE.search(text) is not None):
        found += _ipv6(text)
    return _without_overlaps(found)


def _emails(text: str) -> list[Finding]:
    """The addresses around each "@" (the pattern, which starts with a look-behind, is tried
    only in a window around it, not at every character of the page)."""
    found: dict[tuple[int, int], Finding] = {}
    at = text.find("@")
    while at >= 0:
        for m in EMAIL_RE.finditer(text, max(0, at - 64), at + 256):
            if m.start() < at < m.end():
                found[m.span()] = Finding(PersonalKind.EMAIL, m.start(), m.end(), m.group())
        at = text.find("@", at + 1)
    return list(found.values())


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    if len(found) < 2:
        return found
    rank = {kind: n for n, kind in enumerate(PRIORITY)}
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (rank[f.kind], f.start - f.end, f.start)):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def mask_text(text: str, kinds: frozenset[PersonalKind]) -> str:
    """`text` with every finding of `kinds` replaced by its placeholder."""
    if not kinds:
        return text
    return _masked(text, [f for f in find_personal_data(text) if f.kind in kinds])


def _masked(text: str, findings: Sequence[Finding]) -> str:
    if not findings:
        return text
    parts, last = [], 0
    for finding in findings:
        parts += [text[last : finding.start], PLACEHOLDERS[finding.kind]]
        last = finding.end
    parts.append(text[last:])
    return "".join(parts)


# --- a record under the policy ---------------------------------------------------------------

_TEXT_FIELDS = ("headline", "byline", "section", "source_credit")


@dataclass(frozen=True, slots=True)
class RecordTally:
    """What `apply_policy` found in one record: findings per kind (in `KINDS` order) and
    readers' comment lines."""

    counts: tuple[int, ...]
    comment_lines: int

    def to_tuple(self) -> tuple[int, ...]:
        return (*self.counts, self.comment_lines)


def apply_policy(
    record: dict[str, Any], policy: PersonalDataPolicy
) -> tuple[RecordTally | None, tuple[tuple[str, str], ...] | None]:
    """Find the personal data of a record (JSON Lines form), count its readers' comment lines,
    and mask the kinds `policy` masks, in place (comments are `apply_comment_policy`'s, in the
    writing pass: they never reach the body, so duplicates do not depend on them). Returns what
    was found (None: nothing) and, when a line was masked, the record's lines as they were
    ((text, label) pairs: what the annotator is given when it labels the page again)."""
    lines = record["lines"]
    findings = find_personal_data("\n".join([line["text"] for line in lines]))
    comments = 0
    if record["boilerplate"].get(COMMENT_FLAG, True):  # set when a page has comment lines
        comments = [line["label"] for line in lines].count(COMMENT_LABEL)
    if not findings and not comments:
        return None, None
    counts = [0] * len(KINDS)
    for finding in findings:
        counts[KINDS.index(finding.kind)] += 1
    tally = RecordTally(tuple(counts), comments)
    masked = frozenset(PersonalKind(name) for name in policy.masked())
    if not any(f.kind in masked for f in findings):
        return tally, None
    original = tuple((line["text"], line["label"]) for line in lines)
    texts = [text for text, _ in original]
    for index, line_findings in _findings_by_line(texts, findings, masked).items():
        lines[index]["text"] = _masked(texts[index], line_findings)
    # the other texts are made of the lines' texts: each masked finding is replaced where it
    # occurs (no second search)
    replacements = sorted(
        {(f.text, PLACEHOLDERS[f.kind]) for f in findings if f.kind in masked},
        key=lambda pair: -len(pair[0]),
    )
    for key in _TEXT_FIELDS:
        if isinstance(record.get(key), str):
            record[key] = _replaced(record[key], replacements)
    record["captions"] = [_replaced(c, replacements) for c in record["captions"]]
    body = _replaced(record["body"], replacements)
    if body != record["body"]:
        record["body"] = body
        record["bengali_ratio"] = bengali_letter_share(body)
    return tally, original


def _replaced(text: str, replacements: list[tuple[str, str]]) -> str:
    for found, placeholder in replacements:
        if found in text:
            text = text.replace(found, placeholder)
    return text


def apply_comment_policy(record: dict[str, Any], action: str) -> None:
    """Readers' comments under `[personal_data] comments`, in place: "keep"; "mask" (each
    `comment` line's text becomes `COMMENT_PLACEHOLDER`); "drop" (the lines are left out)."""
    if Action(action) is Action.KEEP:
        return
    lines = record["lines"]
    if Action(action) is Action.DROP:
        record["lines"] = [line for line in lines if line["label"] != COMMENT_LABEL]
        return
    for line in lines:
        if line["label"] == COMMENT_LABEL:
            line["text"] = COMMENT_PLACEHOLDER


def _findings_by_line(
    texts: list[str], findings: list[Finding], kinds: frozenset[PersonalKind]
) -> dict[int, list[Finding]]:
    """The findings of `kinds` in the joined text, per line, with offsets in that line."""
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    by_line: dict[int, list[Finding]] = {}
    index = 0
    for finding in findings:
        while index + 1 < len(starts) and starts[index + 1] <= finding.start:
            index += 1
        if finding.kind not in kinds:
            continue
        base = starts[index]
        by_line.setdefault(index, []).append(
            Finding(finding.kind, finding.start - base, finding.end - base, finding.text)
        )
    return by_line


class PersonalTally:
    """What the build found in its records (`RecordTally.to_tuple()`s of the records it kept):
    the manifest's `figures.personal_data` and the card's figures."""

    def __init__(self) -> None:
        self.found = [0] * (len(KINDS) + 1)  # per kind, then comment lines
        self.records = [0] * (len(KINDS) + 1)

    def add(self, counts: Sequence[int]) -> None:
        for index, count in enumerate(counts):
            if count:
                self.found[index] += count
                self.records[index] += 1

    def figures(self) -> dict[str, dict[str, int]]:
        """`{kind: {"found", "records"}, ..., "comments": {"lines", "records"}}`."""
        figures = {
            str(kind): {"found": self.found[n], "records": self.records[n]}
            for n, kind in enumerate(KINDS)
        }
        figures["comments"] = {"lines": self.found[-1], "records": self.records[-1]}
        return figures


# What the card calls each kind, and how it says what the policy did.
KIND_NAMES: dict[str, str] = {
    "email": "e-mail addresses",
    "phone": "phone numbers (Bangladesh, India)",
    "national_id": "national ID numbers (labelled: NID, Aadhaar)",
    "payment_card": "payment card numbers (Luhn-valid)",
    "ip_address": "IP addresses",
}


def card_rows(
    figures: dict[str, dict[str, int]], policy: PersonalDataPolicy
) -> list[list[str | int]]:
    """The card's table: per kind (then readers' comments) what the build found in the
    release's records and what it did with it."""
    rows: list[list[str | int]] = []
    for kind in KINDS:
        counts = figures.get(str(kind), {})
        done = (
            f"masked: `{PLACEHOLDERS[kind]}`"
            if getattr(policy, str(kind)) == Action.MASK
            else "kept as published"
        )
        rows.append([KIND_NAMES[str(kind)], counts.get("found", 0), counts.get("records", 0), done])
    comments = figures.get("comments", {})
    done = {
        Action.KEEP: "kept as published",
        Action.MASK: f"text masked: `{COMMENT_PLACEHOLDER}` (the line and its label kept)",
        Action.DROP: "lines left out of `lines`",
    }[Action(policy.comments)]
    rows.append(
        ["readers' comment lines", comments.get("lines", 0), comments.get("records", 0), done]
    )
    return rows
