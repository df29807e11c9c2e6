"""fetch: get the article or feed a user named by URL — politely and within bounds.

- A ``User-Agent`` naming newscast and its version; connect and read timeouts; at most
  :data:`MAX_REDIRECTS` redirects, each checked: only ``http`` and ``https`` (never ``file:`` or
  another scheme through a redirect); at most :data:`MAX_BYTES` of (decoded) body — reading stops
  past it; gzip and deflate; the charset from the header (the page's own declaration is read
  later, by ingest).
- Conditional requests: the ETag and Last-Modified a page was last served with are sent back
  (``If-None-Match`` / ``If-Modified-Since``); a ``304`` answer says nothing changed.
- Every address is checked where it enters (:func:`check_url`): a malformed one is one
  :class:`FetchError`, never a crash of the batch.
- Address policy (:class:`Access`): the address a connection *reached* (not the name asked for)
  must be public — loopback, private, link-local, multicast and reserved addresses only for hosts
  the user named, or with ``--allow-private``. A feed, a redirect or a link cannot make newscast
  read an internal page.
- An overall deadline (:data:`DEADLINE`) for each request beside the per-read timeout: a name
  lookup that hangs, a body trickled a byte at a time or a stream that never ends is cut off; a connection is reused for the
  next redirect only when the answer's body was read to its end.
- ``Retry-After`` on a 429 or 503 is honoured once when it asks for at most :data:`RETRY_AFTER_MAX`.
- Every failure is a :class:`FetchError` naming the URL and the cause in one line, saying whether
  trying again can help: name not found, refused, timeout, HTTP status, too large, not http(s),
  too many redirects, a private address. Text from the server in it is made printable.

The one place newscast uses the network, and only for what the user asked for. I/O: HTTP.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urljoin, urlsplit

from ..core.version import __version__
from ..core.errors import FetchError, printable
from ..read.ingest import MAX_BYTES, text_codec  # the largest body read, after decompression: the limit ingest sets for files
from .urls import SCHEMES, check_url, host_of, is_url, normalize_url, public, same_site

__all__ = ["Access", "Fetched", "FetchError", "check_url", "fetch", "host_of", "is_url", "normalize_url", "place_of", "same_site"]

MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
#: Seconds one fetch may take in all (connect, every redirect, every read).
DEADLINE = 60.0
#: The longest ``Retry-After`` waited for (once) before the request is tried again.
RETRY_AFTER_MAX = 10.0
#: A body this small is read to its end so its connection serves the next redirect; a larger one's
#: connection is closed instead.
DRAIN_BYTES = 64 * 1024
USER_AGENT = f"newscast/{__version__} (article-to-podcast; +https://pypi.org/project/newscast/)"


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


@dataclass(frozen=True)
class Access:
    """Which places may be reached at a non-public address: the host and port of each address the
    user named (a feed at http://127.0.0.1:8000/ that the user asked for may link to other pages
    of 127.0.0.1:8000, not to another port there), or any with ``private`` (``--allow-private``).
    A feed's items, a redirect or a canonical link never widen it."""

    named: frozenset[str] = frozenset()
    """``host:port`` of every address the user named."""
    private: bool = False

    @classmethod
    def naming(cls, urls: Iterable[str], private: bool = False) -> "Access":
        return cls(frozenset(p for p in (place_of(u) for u in urls if is_url(u)) if p), private)

    def allows(self, host: str, port: int, ip: str) -> bool:
        """Whether a connection to ``host:port`` that reached ``ip`` may be used.

        >>> named = Access.naming(["http://127.0.0.1:8000/feed.xml", "http://localhost/a"])
        >>> named.allows("127.0.0.1", 8000, "127.0.0.1"), named.allows("127.0.0.1", 22, "127.0.0.1"), named.allows("localhost", 80, "::1")
        (True, False, True)
        >>> Access().allows("intranet.example", 80, "10.0.0.5"), Access(private=True).allows("x", 80, "10.0.0.5")
        (False, True)
        """
        return self.private or public(ip) or f"{host.strip('[]').rstrip('.').lower()}:{port}" in self.named


def place_of(url: str) -> str:
    """``host:port`` of an address, the scheme's port when none is given ('' when malformed).

    >>> place_of("https://News.example.com/a"), place_of("http://[::1]:8080/"), place_of("http://h:99999/")
    ('news.example.com:443', '::1:8080', '')
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        return ""
    host = host_of(url)
    return f"{host}:{port}" if host else ""


def _charset(content_type: str) -> str | None:
    """The charset a Content-Type names, when it is a text encoding Python knows (else the bytes decide)."""
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    return text_codec(m.group(1)) if m else None


class _Refused(Exception):
    """A connection reached an address the policy does not allow."""


class _Watch:
    """One fetch's sockets, its deadline and its address policy: every connection's peer address
    is checked as it opens; when the deadline passes every socket is shut down, which ends a read
    blocked in any phase (headers trickled, a body that never ends)."""

    def __init__(self, access: Access, seconds: float) -> None:
        self.access = access
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self.refused = ""
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Watch":
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def looked_up(self, host: str, port: int) -> None:
        """Look ``host`` up within what is left of the deadline (the system's lookup cannot be
        interrupted: it runs in a thread, and a lookup still running at the deadline is given up);
        the connection that follows looks it up again, answered at once in practice."""
        try:
            ipaddress.ip_address(host.strip("[]"))
            return  # an address: nothing to look up
        except ValueError:
            pass
        lookup = threading.Thread(target=_quietly_look_up, args=(host, port), daemon=True)
        lookup.start()
        lookup.join(max(0.0, self.ends - time.monotonic()))
        if lookup.is_alive():
            self._expire()
            raise TimeoutError("name lookup")

    def opened(self, sock: socket.socket, host: str) -> socket.socket:
        with self._lock:
            if self.expired:
                sock.close()
                raise TimeoutError("deadline")
            self._sockets.append(sock)
        try:
            peer = sock.getpeername()
            ip, port = str(peer[0]), int(peer[1])
        except OSError:
            ip, port = "", 0
        if not self.access.allows(host, port, ip):
            sock.close()
            self.refused = f"{host} ({ip})" if host.strip("[]") != ip else ip
            raise _Refused(ip)
        return sock


def _quietly_look_up(host: str, port: int) -> None:
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        pass  # the connection's own lookup reports it


def _manager(watch: _Watch, connect: float, read: float):  # noqa: ANN202 - a urllib3.PoolManager
    """A connection pool whose every new socket is shown to ``watch`` first."""
    import urllib3
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Plain(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            watch.looked_up(self._dns_host, self.port)
            return watch.opened(super()._new_conn(), self.host)

    class Secure(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            watch.looked_up(self._dns_host, self.port)
            return watch.opened(super()._new_conn(), self.host)

    class PlainPool(HTTPConnectionPool):
        ConnectionCls = Plain

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = Secure

    http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=connect, read=read), retries=False)
    http.pool_classes_by_scheme = {"http": PlainPool, "https": SecurePool}
    return http


def _cause(exc: BaseException, watch: _Watch | None = None) -> str:
    """A one-line reason for a failed request, saying whether trying again can help."""
    if watch is not None and watch.refused:
        return (f"it leads to {watch.refused}, a local or private address; newscast goes there only for an address "
                "you name yourself (or with --allow-private)")
    if watch is not None and watch.expired:
        return f"the transfer took longer than {watch.seconds:.0f} s in all (the server is too slow); try again later"
    text = f"{exc!r} {getattr(exc, 'reason', '')}"
    if isinstance(exc, socket.gaierror) or re.search(r"NameResolution|Name or service not known|getaddrinfo|nodename", text):
        return "the host name was not found; check the address"
    if re.search(r"ConnectionRefused|Connection refused|NewConnectionError", text):
        return "the connection was refused; is the site up? try again later"
    if re.search(r"Timeout|timed out", text, re.I):
        return "no answer in time (timeout); try again later"
    if re.search(r"SSL|certificate", text):
        return "the secure connection failed (certificate or TLS); check the address"
    return f"the request failed ({type(exc).__name__}); try again later"


def _status_error(url: str, status: int, reason: str, retry_after: str) -> FetchError:
    """An HTTP error answer as one line that says whether trying again can help."""
    said = printable(f"HTTP {status} {reason or ''}".rstrip()[:80])
    if status in (404, 410):
        advice = "check the address"
    elif status in (401, 403, 451):
        advice = "the site refuses newscast, and trying again will not help; save the page in a browser and pass the file"
    elif 400 <= status < 500 and status not in (408, 425, 429):
        advice = "trying again will not help; check the address"
    else:
        wait = f" (it asks to wait {printable(retry_after[:40])} s)" if retry_after else ""
        advice = f"try again later{wait}"
    seconds = _retry_after(retry_after) if retry_after and status in (429, 503) else None
    return FetchError(f"{url}: the server answered {said}; {advice}", seconds, said)


def _retry_after(value: str) -> float | None:
    """Seconds a ``Retry-After`` asks for (a number or an HTTP date), None when unreadable.

    >>> _retry_after("3"), _retry_after("soon"), _retry_after("Wed, 21 Oct 2015 07:28:00 GMT")
    (3.0, None, 0.0)
    """
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _discard(response) -> None:  # noqa: ANN001 - a urllib3 response
    """An answer not returned (a redirect, an error, a 304): a small body is read to its end so the
    connection can carry the next request; any other connection is closed, never pooled mid-answer."""
    length = response.headers.get("Content-Length", "")
    small = length.isdigit() and int(length) <= DRAIN_BYTES and "chunked" not in response.headers.get("Transfer-Encoding", "")
    if response.status == 304:  # no body, by definition
        return
    if small:
        response.drain_conn()  # bounded by the declared length
        if response.length_remaining == 0:
            return
    response.close()


def fetch(url: str, etag: str = "", last_modified: str = "", timeout: tuple[float, float] | None = None,
          access: Access | None = None, deadline: float | None = None) -> Fetched:
    """GET ``url`` within the bounds above; a conditional request when ``etag`` or
    ``last_modified`` is given (a ``304`` comes back with no body). ``access``: where the
    connections may go (default: ``url``'s own host, which the caller named, at any address)."""
    url = check_url(url)
    connect, read = timeout or (CONNECT_TIMEOUT, READ_TIMEOUT)
    watch = _Watch(access if access is not None else Access.naming([url]), deadline or DEADLINE)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
               "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                         "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with watch:
        http = _manager(watch, connect, read)
        try:
            return _follow(http, watch, url, headers)
        finally:
            http.clear()


def _follow(http, watch: _Watch, url: str, headers: dict[str, str]) -> Fetched:  # noqa: ANN001 - a PoolManager
    """The request and its redirects, each answer read or discarded."""
    where = url
    retried = False
    hops = 0
    while hops <= MAX_REDIRECTS:
        try:
            response = http.request("GET", where, headers=headers, redirect=False, preload_content=False,
                                    decode_content=True)
        except Exception as exc:  # noqa: BLE001 - urllib3 wraps socket errors in its own types
            raise FetchError(f"{url}: {_cause(exc, watch)}") from None
        returned = False
        try:
            status = response.status
            if status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                where = _redirect(url, where, response.headers["Location"])
                hops += 1
                continue
            if status == 304:
                if not (headers.get("If-None-Match") or headers.get("If-Modified-Since")):
                    raise FetchError(f"{url}: the server answered 304 Not Modified to a request that asked for no "
                                     "earlier copy (a misconfigured cache); try again later, or save the page and pass the file")
                return Fetched(url, where, 304, etag=response.headers.get("ETag", headers.get("If-None-Match", "")),
                               last_modified=response.headers.get("Last-Modified", headers.get("If-Modified-Since", "")))
            wait = _retry_after(response.headers.get("Retry-After", "")) if status in (429, 503) else None
            if (wait is not None and not retried and wait <= RETRY_AFTER_MAX
                    and time.monotonic() + wait < watch.ends - watch.seconds / 2):  # within the first half of the deadline
                retried = True
                _discard(response)
                time.sleep(wait)
                continue
            if status != 200:
                raise _status_error(url, status, response.reason or "", response.headers.get("Retry-After", ""))
            body = _read_bounded(response, url, watch)
            returned = True
        finally:
            if not returned:
                _discard(response)
            response.release_conn()
        content_type = printable(response.headers.get("Content-Type", ""))
        return Fetched(url, where, 200, body, content_type.split(";")[0].strip().lower(), _charset(content_type),
                       response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""))
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; open it in a browser and pass the final address")


def _redirect(url: str, where: str, location: str) -> str:
    """Where a redirect leads, checked like any address the user gives."""
    try:
        target = urljoin(where, location.strip())
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        target, scheme = location, "http"
    if scheme not in SCHEMES:
        raise FetchError(f"{url}: only http and https addresses are fetched (this leads to {printable(target[:200])})")
    try:
        return check_url(target)
    except FetchError as exc:
        raise FetchError(f"{url}: it redirects to an address that {str(exc).split(': ', 1)[-1]}") from None


def _read_bounded(response, url: str, watch: _Watch) -> bytes:  # noqa: ANN001 - a urllib3 response
    """The decoded body, stopping as soon as it passes MAX_BYTES or the deadline."""
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
        raise FetchError(f"{url}: {_cause(exc, watch)}") from None
    if watch.expired:  # a body with no declared length ends where the deadline cut it: not the page
        raise FetchError(f"{url}: {_cause(TimeoutError(), watch)}")
    return b"".join(chunks)
