"""A real HTTP server on 127.0.0.1 (an ephemeral port) for the tests: pages, feeds, redirects,
errors, slow and oversized answers, conditional requests. No mocks of the HTTP layer."""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour reopens after storm</title>
<link rel="canonical" href="{base}/news/harbour?utm_source=feed"><meta property="og:site_name" content="Test Gazette">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Harbour reopens after storm</h1>
<p>The harbour at Gull Point reopened on Monday after a storm closed it for nine days and sank two fishing boats.</p>
<p>Harbour master Ruth Okonkwo said the crews had worked through the weekend to clear the channel of debris.</p>
<p>The council has promised a review of the sea wall, which was last repaired more than thirty years ago.</p>
</article><footer><p>Copyright Test Gazette</p></footer></body></html>"""

LONG = " ".join(["The pier was rebuilt stone by stone, and the town came to watch the last one set."] * 12)

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Test Gazette</title><link>{base}/</link><description>News</description>
<item><title>Harbour reopens after storm</title><link>{base}/news/harbour?utm_medium=rss</link>
<pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate><description>The harbour reopened.</description></item>
<item><title>Pier rebuilt</title><link>{base}/news/pier</link><pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate>
<description>Short teaser.</description><content:encoded><![CDATA[<p>{long}</p>]]></content:encoded></item>
<item><title>Old news</title><link>{base}/news/old</link><pubDate>Sun, 01 Nov 2026 08:00:00 GMT</pubDate>
<description>Old.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Gazette</title>
<id>urn:x</id><updated>2026-11-03T08:00:00Z</updated>
<entry><title>Pier rebuilt</title><link href="{base}/news/pier"/><id>urn:1</id><updated>2026-11-03T08:00:00Z</updated>
<content type="html">&lt;p&gt;{long}&lt;/p&gt;</content></entry></feed>"""

EMPTY_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>"""
ETAG = '"harbour-v1"'
FEED_ETAG = '"feed-v7"'
MODIFIED = "Mon, 02 Nov 2026 08:00:00 GMT"


class Handler(BaseHTTPRequestHandler):
    server_version = "TestServer/1"
    hits: dict[str, int] = {}
    agents: list[str] = []
    conditional: dict[str, int] = {}  # path -> requests that carried If-None-Match or If-Modified-Since
    answers: dict[str, list[int]] = {}  # path -> status codes sent
    retry_calls = 0

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        Handler.answers.setdefault(self.path.split("?")[0], []).append(status)
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one branch a route
        base = f"http://127.0.0.1:{self.server.server_port}"
        path = self.path.split("?")[0]
        Handler.hits[path] = Handler.hits.get(path, 0) + 1
        Handler.agents.append(self.headers.get("User-Agent", ""))
        if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
            Handler.conditional[path] = Handler.conditional.get(path, 0) + 1
        if path in ("/news/harbour", "/article.html"):
            if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == MODIFIED:
                return self._send(304, ETag=ETAG)
            return self._send(200, ARTICLE.format(base=base).encode(), ETag=ETAG, Last_Modified=MODIFIED)
        if path in ("/news/pier", "/news/old"):
            page = ARTICLE.format(base=base).replace("Harbour reopens", "Pier news" if path.endswith("pier") else "Old news")
            return self._send(200, page.replace("/news/harbour?utm_source=feed", path).encode())
        if path == "/gzip.html":
            body = gzip.compress(ARTICLE.format(base=base).encode())
            return self._send(200, body, Content_Encoding="gzip")
        if path == "/latin1.html":
            page = ARTICLE.format(base=base).replace('<meta charset="utf-8">', "").replace("Okonkwo", "Müller")
            return self._send(200, page.encode("latin-1"), "text/html; charset=iso-8859-1")
        if path == "/redirect":
            return self._send(302, Location="/article.html")
        if path == "/loop":
            return self._send(302, Location="/loop")
        if path == "/to-file":
            return self._send(302, Location="file:///etc/passwd")
        if path == "/missing":
            return self._send(404, b"not here")
        if path == "/error":
            return self._send(500, b"oops")
        if path == "/slow":
            time.sleep(3)
            return self._send(200, b"<p>late</p>")
        if path == "/huge":
            return self._send(200, b"<p>" + b"x" * (6 * 1024 * 1024) + b"</p>")
        if path == "/bomb":  # small on the wire, 6 MiB decoded
            return self._send(200, gzip.compress(b"<p>" + b"x" * (6 * 1024 * 1024) + b"</p>"), Content_Encoding="gzip")
        if path == "/feed.xml":
            if self.headers.get("If-None-Match") == FEED_ETAG:
                return self._send(304, ETag=FEED_ETAG)
            return self._send(200, FEED.format(base=base, long=LONG).encode(), "application/rss+xml", ETag=FEED_ETAG)
        if path == "/atom.xml":
            return self._send(200, ATOM.format(base=base, long=LONG).encode(), "application/atom+xml")
        if path == "/feed-broken.xml":  # the feed above plus an item whose link is gone
            broken = ('<item><title>Gone</title><link>{base}/missing</link>'
                      '<pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate></item></channel>')
            return self._send(200, FEED.format(base=base, long=LONG).replace("</channel>", broken.format(base=base)).encode(),
                              "application/rss+xml")
        if path == "/empty.xml":
            return self._send(200, EMPTY_FEED.encode(), "application/rss+xml")
        if path in HOSTILE:
            return HOSTILE[path](self, base)
        if path == "/image.png":
            return self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        return self._send(404, b"no route")


PARAS = "".join(f"<p>Paragraph {n} of the pier story: the crews worked through the night to finish it.</p>" for n in range(5))


def _feed(items: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Hostile</title>'
            f"<link>http://elsewhere.example/</link><description>x</description>{items}</channel></rss>").encode()


def _item(title: str, link: str, content: str = "", day: int = 2) -> str:
    full = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (f"<item><title>{title}</title><link>{link}</link><pubDate>Mon, {day:02d} Nov 2026 08:00:00 GMT</pubDate>"
            f"<description>Teaser.</description>{full}</item>")


def _drip(h, piece: bytes, times: int, gap: float, chunked: bool = False) -> None:
    """Headers, then ``piece`` ``times`` times, ``gap`` seconds apart: only a deadline ends it."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    if chunked:
        h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    for _ in range(times):
        h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        h.wfile.flush()
        time.sleep(gap)


def _retry(h, _base):  # busy once, then the page
    Handler.retry_calls += 1
    if Handler.retry_calls == 1:
        return h._send(503, b"busy", Retry_After="1")
    return h._send(200, ARTICLE.format(base=_base).encode())


def _escape(h, _base):  # a reason phrase that would retitle the window and clear the screen
    h.send_response(500, "Oops\x1b]0;pwned\x07\x1b[2J")
    h.send_header("Content-Length", "0")
    h.end_headers()


#: Routes that behave as broken or hostile servers do.
HOSTILE = {
    "/trickle": lambda h, b: _drip(h, b"x", 120, 0.2),  # no length, a byte at a time
    "/endless": lambda h, b: _drip(h, b"<p>.", 600, 0.02, chunked=True),  # a chunked answer that never ends
    "/retry": _retry,
    "/escape": _escape,
    "/busy-a": lambda h, b: h._send(429, b"slow down", Retry_After="3600"),
    "/busy-b": lambda h, b: h._send(429, b"slow down", Retry_After="3600"),
    "/busy.xml": lambda h, b: h._send(200, _feed(_item("Busy A", "/busy-a", day=3) + _item("Busy B", "/busy-b", day=2)),
                                      "application/rss+xml"),
    "/rewritten": lambda h, b: h._send(200, ARTICLE.format(base=b).replace("/news/harbour?utm_source=feed", "/rewritten")
                                       .replace("Harbour reopens after storm", "First headline" if Handler.hits["/rewritten"] == 1
                                                else "A rewritten headline").encode()),
    "/always-304": lambda h, b: h._send(304),
    "/bad-port": lambda h, b: h._send(302, b"moved", Location="http://h:99999/x"),
    "/to-localhost": lambda h, b: h._send(302, b"moved", Location=b.replace("127.0.0.1", "localhost") + "/article.html"),
    "/to-localhost-long": lambda h, b: h._send(302, b"m" * 200000, Location=b.replace("127.0.0.1", "localhost") + "/article.html"),
    "/unknown-charset": lambda h, b: h._send(200, ARTICLE.format(base=b).replace('<meta charset="utf-8">', '<meta charset="zlib">')
                                             .replace("Okonkwo", "Müller").encode("latin-1"), "text/html; charset=utf8mb4x"),
    "/notes.txt": lambda h, b: h._send(200, ARTICLE.format(base=b).encode()),
    "/elsewhere.html": lambda h, b: h._send(200, ARTICLE.format(base="https://victim.example").encode()),
    "/x/article.txt": lambda h, b: h._send(200, ARTICLE.format(base=b).replace("Harbour reopens", "Relative news")
                                           .replace("/news/harbour?utm_source=feed", "/x/article.txt").encode()),
    "/hostile.xml": lambda h, b: h._send(200, _feed(
        _item("Relative path", "/x/article.txt", PARAS.replace("pier", "relative"), 3)
        + _item("Script link", "javascript:alert(1)", PARAS, 4)
        + _item("Bad port", "http://h:99999/a", day=5)
        + _item("Internal", b.replace("127.0.0.1", "localhost") + "/article.html", day=6)
        + _item("Other site", "http://no-such-host.invalid/story", PARAS.replace("pier", "borrowed"), 7)), "application/rss+xml"),
}


class Server:
    """``with Server() as base:`` serves the routes above at ``base`` (http://127.0.0.1:PORT);
    ``Server(http11=True)`` keeps connections alive as almost every real server does."""

    def __init__(self, http11: bool = False) -> None:
        self.http11 = http11

    def __enter__(self) -> str:
        Handler.hits = {}
        Handler.agents = []
        Handler.conditional = {}
        Handler.answers = {}
        Handler.retry_calls = 0
        Handler.protocol_version = "HTTP/1.1" if self.http11 else "HTTP/1.0"
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda *_args: None  # a client that hangs up (too large, timeout) is expected
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
