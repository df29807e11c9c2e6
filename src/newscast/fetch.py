"""fetch: get the article or feed a user named by URL — politely and within bounds.

- A ``User-Agent`` naming newscast and its version; connect and read timeouts; at most
  :data:`MAX_REDIRECTS` redirects, each checked: only ``http`` and ``https`` (never ``file:`` or
  another scheme through a redirect); at most :data:`MAX_BYTES` of (decoded) body — reading stops
  past it; gzip and deflate; the charset from the header (the page's own declaration is read
  later, by ingest).
- Conditional requests: the ETag and Last-Modified a page was last served with are sent back
  (``If-None-Match`` / ``If-Modified-Since``); a ``304`` answer says nothing changed.
- Every failure is a :class:`FetchError` naming the URL and the cause in one line: name not found,
  refused, timeout, HTTP status, too large, not http(s), too many redirects.

The one place newscast uses the network, and only for what the user asked for. I/O: HTTP.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from . import __version__
from .errors import FetchError
from .ingest import MAX_BYTES  # the largest body read, after decompression: the limit ingest sets for files

MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
USER_AGENT = f"newscast/{__version__} (article-to-podcast; +https://pypi.org/project/newscast/)"
SCHEMES = ("http", "https")
#: Query parameters that track a click, not name a page: dropped from an article's identity.
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|"
                      r"ref_src|cmpid|ocid|sr_share|at_medium|at_campaign|at_custom\d)$", re.I)


@dataclass(frozen=True)
class Fetched:
    """What one request brought back."""

    url: str
    """The URL as the user (or a feed) gave it."""
    final_url: str
    """Where the redirects ended."""
    status: int
    """200, or 304 when a conditional request found the page unchanged (``body`` is then empty)."""
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(text: str) -> bool:
    """Whether an input names a web address (not a file).

    >>> is_url("https://example.com/a"), is_url("HTTP://x.org"), is_url("ftp://x.org/f"), is_url("notes.txt")
    (True, True, False, False)
    """
    return bool(re.match(r"^https?://[^\s/]", text, re.I))


def normalize_url(url: str) -> str:
    """A URL as an identity: scheme and host in lower case, default port, fragment and tracking
    parameters dropped (the same article reached from a newsletter or a feed is one episode).

    >>> normalize_url("HTTPS://News.Example.COM:443/a/b?utm_source=x&id=7&fbclid=1#top")
    'https://news.example.com/a/b?id=7'
    >>> normalize_url("http://example.com")
    'http://example.com/'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    return m.group(1) if m else None


def _cause(exc: BaseException) -> str:
    """A one-line reason for a failed request."""
    text = f"{exc!r} {getattr(exc, 'reason', '')}"
    if isinstance(exc, socket.gaierror) or re.search(r"NameResolution|Name or service not known|getaddrinfo|nodename", text):
        return "the host name was not found; check the address"
    if re.search(r"ConnectionRefused|Connection refused|NewConnectionError", text):
        return "the connection was refused; is the site up?"
    if re.search(r"Timeout|timed out", text, re.I):
        return "no answer in time (timeout); try again later"
    if re.search(r"SSL|certificate", text):
        return "the secure connection failed (certificate or TLS); check the address"
    return f"the request failed ({type(exc).__name__}); try again later"


def fetch(url: str, etag: str = "", last_modified: str = "", timeout: tuple[float, float] | None = None) -> Fetched:
    """GET ``url`` within the bounds above; a conditional request when ``etag`` or
    ``last_modified`` is given (a ``304`` comes back with no body)."""
    import urllib3

    connect, read = timeout or (CONNECT_TIMEOUT, READ_TIMEOUT)
    http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=connect, read=read), retries=False)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
               "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                         "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    where = url
    for _hop in range(MAX_REDIRECTS + 1):
        if urlsplit(where).scheme.lower() not in SCHEMES:
            raise FetchError(f"{url}: only http and https addresses are fetched (this leads to {where})")
        try:
            response = http.request("GET", where, headers=headers, redirect=False, preload_content=False,
                                    decode_content=True)
        except Exception as exc:  # noqa: BLE001 - urllib3 wraps socket errors in its own types
            raise FetchError(f"{url}: {_cause(exc)}") from None
        try:
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                where = urljoin(where, response.headers["Location"])
                continue
            if response.status == 304:
                return Fetched(url, where, 304, etag=response.headers.get("ETag", etag),
                               last_modified=response.headers.get("Last-Modified", last_modified))
            if response.status != 200:
                raise FetchError(f"{url}: the server answered HTTP {response.status} {response.reason or ''}".rstrip()
                                 + ("; check the address" if response.status in (404, 410) else "; try again later"))
            body = _read_bounded(response, url)
        finally:
            response.release_conn()
        content_type = response.headers.get("Content-Type", "")
        return Fetched(url, where, 200, body, content_type.split(";")[0].strip().lower(), _charset(content_type),
                       response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""))
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; open it in a browser and pass the final address")


def _read_bounded(response, url: str) -> bytes:  # noqa: ANN001 - a urllib3 response
    """The decoded body, stopping as soon as it passes MAX_BYTES."""
    def too_large(size: str = "") -> FetchError:
        return FetchError(f"{url}: the page is larger than {MAX_BYTES // (1024 * 1024)} MiB{size}; "
                          "save the article text and pass the file")

    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_BYTES and not response.headers.get("Content-Encoding"):
        raise too_large(f" ({int(declared)} bytes)")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > MAX_BYTES:
                raise too_large()
            chunks.append(chunk)
    except FetchError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken or stalled transfer
        raise FetchError(f"{url}: {_cause(exc)}") from None
    return b"".join(chunks)
