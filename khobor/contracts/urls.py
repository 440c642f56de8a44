"""Which page URLs and outlet slugs khobor accepts: what `sources.csv` gives goes into records,
the card, the datasheet and the manifest, so it is checked where it comes in.

A URL is `http` or `https`, with a valid host (a DNS name of letters, digits and hyphens in
labels of at most 63, after IDNA encoding; or an IP address), no user name or password, a
valid port, and no control, format (bidirectional overrides, zero-width characters) or space
character anywhere. An outlet slug is one DNS label in lower case.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

SCHEMES = frozenset({"http", "https"})
OUTLET_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_SHOWN = 80  # characters of a bad URL shown in a message


def _hidden_character(text: str) -> str | None:
    """The first control, format or space character in `text`, named, or None."""
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"
    return None


def host_problem(host: str) -> str | None:
    """Why `host` (as `urlsplit` gives it) is not a valid host, or None.

    >>> host_problem("www.prothomalo.com") is None, host_problem("192.0.2.7") is None
    (True, True)
    >>> host_problem("x.<img src=x onerror=alert(11)>.com")
    "not a DNS name: label '<img src=x onerror=alert(11)>'"
    """
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return "not a DNS name (IDNA encoding fails)"
    if len(ascii_host) > 253 or "." not in ascii_host.strip("."):
        return "not a DNS name with a domain"
    for label in ascii_host.rstrip(".").lower().split("."):
        if not _LABEL.match(label):
            return f"not a DNS name: label {label!a}"
    return None


def url_problem(url: str) -> str | None:
    """Why `url` is not a page URL khobor accepts, or None.

    >>> url_problem("https://www.kalbela.com/world/123") is None
    True
    >>> url_problem("javascript:alert(1)")
    "scheme 'javascript' (only http and https)"
    >>> url_problem("https://x.com/a\\u202eb")
    'U+202E RIGHT-TO-LEFT OVERRIDE in it'
    """
    hidden = _hidden_character(url)
    if hidden is not None:
        return f"{hidden} in it"
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port that is not a number in range
    except ValueError as error:
        return f"not a URL ({error})"
    if parts.scheme.lower() not in SCHEMES:
        return f"scheme {parts.scheme!a} (only http and https)"
    if parts.username is not None or parts.password is not None:
        return "a user name or password in it"
    if not parts.hostname:
        return "no host"
    problem = host_problem(parts.hostname)
    if problem is not None:
        return f"host {parts.hostname[:_SHOWN]!a}: {problem}"
    if port == 0:
        return "port 0"
    return None


def is_outlet_slug(value: str) -> bool:
    """
    >>> is_outlet_slug("bdnews24"), is_outlet_slug("x.<img>"), is_outlet_slug("Kalbela")
    (True, False, False)
    """
    return bool(OUTLET_SLUG.match(value))
