"""urls: web addresses as newscast takes them — checked where they enter, normalised into an
article's identity, judged for the site they belong to and the address they reach.

Pure: strings in, strings out (no network).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..core.errors import FetchError, printable

SCHEMES = ("http", "https")
#: The longest address taken (browsers and servers stop near here).
MAX_URL = 4096
#: Query parameters that track a click, not name a page: dropped from an article's identity.
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|"
                      r"ref_src|cmpid|ocid|sr_share|at_medium|at_campaign|at_custom\d)$", re.I)


def is_url(text: str) -> bool:
    """Whether an input names a web address (not a file).

    >>> is_url("https://example.com/a"), is_url("HTTP://x.org"), is_url("ftp://x.org/f"), is_url("notes.txt")
    (True, True, False, False)
    """
    return bool(re.match(r"^https?://[^\s/]", text, re.I))


def check_url(url: str) -> str:
    """``url`` as an address newscast may fetch, else a :class:`FetchError` naming it and why: an
    absolute http(s) address with a host, a valid port, no spaces or control characters.

    >>> check_url(" https://example.com/a ")
    'https://example.com/a'
    >>> for bad in ("http://h:99999/", "http://[::1", "http://h:abc/", "javascript:alert(1)", "/x/index.html",
    ...             "http:///x", "http://exa mple.com/"):
    ...     try:
    ...         check_url(bad)
    ...     except FetchError as exc:
    ...         print(str(exc).split(";")[0])
    http://h:99999/: is not a valid web address (the port is not a number from 1 to 65535)
    http://[::1: is not a valid web address (a [ in the host is not closed)
    http://h:abc/: is not a valid web address (the port is not a number from 1 to 65535)
    javascript:alert(1): is not a web address (only http and https addresses are fetched)
    /x/index.html: is not a web address (only http and https addresses are fetched)
    http:///x: is not a valid web address (no host name)
    http://exa mple.com/: is not a valid web address (it holds spaces or control characters)
    """
    text = url.strip()
    name = printable(text[:200]) + ("…" if len(text) > 200 else "")

    def bad(why: str, kind: str = "a valid web address") -> FetchError:
        return FetchError(f"{name}: is not {kind} ({why}); check the address")

    if re.search(r"[\s\x00-\x1f\x7f]", text):
        raise bad("it holds spaces or control characters")
    if len(text) > MAX_URL:
        raise bad(f"longer than {MAX_URL} characters")
    try:
        parts = urlsplit(text)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        why = str(exc).lower()
        raise bad("the port is not a number from 1 to 65535" if "port" in why
                  else "a [ in the host is not closed" if "ipv6" in why else "it cannot be read") from None
    if parts.scheme.lower() not in SCHEMES:
        raise bad("only http and https addresses are fetched", "a web address")
    if not host:
        raise bad("no host name")
    if port == 0:
        raise bad("the port is not a number from 1 to 65535")
    try:
        host.encode("idna")
    except UnicodeError:
        raise bad("the host name is not valid") from None
    return text


def host_of(url: str) -> str:
    """The host an address names, in lower case without brackets or a final dot ('' when none).

    >>> host_of("http://[::1]:8080/x"), host_of("https://News.Example.com./a"), host_of("http://h:99999/")
    ('::1', 'news.example.com', 'h')
    """
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def normalize_url(url: str) -> str:
    """A URL as an identity: scheme and host in lower case, default port, fragment and tracking
    parameters dropped (the same article reached from a newsletter or a feed is one episode).
    Never raises: a malformed address (refused by :func:`check_url` where it entered) comes back
    trimmed.

    >>> normalize_url("HTTPS://News.Example.COM:443/a/b?utm_source=x&id=7&fbclid=1#top")
    'https://news.example.com/a/b?id=7'
    >>> normalize_url("http://example.com"), normalize_url("http://[::1]:8080/a"), normalize_url("http://h:99999/")
    ('http://example.com/', 'http://[::1]:8080/a', 'http://h:99999/')
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    host = f"[{host}]" if ":" in host else host
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def same_site(a: str, b: str) -> bool:
    """Whether two addresses are on one site: the same host, give or take a ``www.``, ``m.`` or
    ``amp.`` in front (a page may name its canonical address there; another host may not).

    >>> same_site("https://www.example.com/a", "https://example.com/b"), same_site("https://m.x.org/a", "http://x.org/")
    (True, True)
    >>> same_site("https://evil.example/a", "https://news.example.com/a"), same_site("https://a.github.io/", "https://b.github.io/")
    (False, False)
    """
    def bare(host: str) -> str:
        return re.sub(r"^(?:www\d?|m|amp|mobile)\.(?=[^.]+\.[^.]+)", "", host)

    return bool(host_of(a)) and bare(host_of(a)) == bare(host_of(b))


def public(ip: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local,
    shared, multicast or reserved; an IPv4 address inside IPv6 is judged as IPv4).

    >>> [public(a) for a in ("93.184.216.34", "127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "::ffff:192.168.0.1", "224.0.0.1", "2606:4700::1111")]
    [True, False, False, False, False, False, False, True]
    """
    try:
        addr = ipaddress.ip_address(ip.split("%")[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast
