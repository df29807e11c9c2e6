"""serve: the output folder over HTTP, so a podcast app on this laptop (or the
LAN, when asked) can subscribe: right content types, HEAD, single byte ranges
(206), no directory listings, hidden temp files, and never a path outside the
folder (``..``, encoded ``%2e%2e``, symlinks pointing out).

The feed's URLs start with the show's ``base_url``. So that they resolve
wherever the folder is served from (another port, the laptop's LAN address),
``feed.xml`` is sent with that prefix replaced by the address the client
asked for (its ``Host`` header), unless the server is made with
``rewrite=False`` (``newscast serve --keep-urls``). The file on disk is not
touched, and the channel's ``podcast:guid`` (made from the configured URL)
stays the same.

Multi-range requests (``bytes=0-1,5-9``) get 416: podcast apps ask for one
range at a time, and a server may answer a multi-range request with the
whole file or 416 (RFC 9110, 14.2).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import urllib.parse
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CONTENT_TYPES = {".mp3": "audio/mpeg", ".xml": "application/rss+xml", ".vtt": "text/vtt",
                 ".srt": "application/x-subrip", ".json": "application/json", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".png": "image/png", ".html": "text/html; charset=utf-8"}
#: One byte range; offsets of more than 18 digits (past any file) are refused, not parsed.
RANGE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")
SELF_LINK = re.compile(rb'<atom:link href="([^"]+/)feed\.xml"')
HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def rewrite_base(feed: bytes, host: str) -> bytes:
    """``feed`` with its base URL (from the atom self link) pointed at ``http://host/``.

    >>> rewrite_base(b'<atom:link href="http://127.0.0.1:8000/feed.xml" /><enclosure url="http://127.0.0.1:8000/a.mp3"', "192.168.1.5:9000")
    b'<atom:link href="http://192.168.1.5:9000/feed.xml" /><enclosure url="http://192.168.1.5:9000/a.mp3"'
    >>> rewrite_base(b"<rss/>", "x:1")
    b'<rss/>'
    """
    m = SELF_LINK.search(feed)
    if not m or not HOST.match(host):
        return feed
    old = m.group(1)
    new = f"http://{host}/".encode("ascii")
    return feed.replace(b'"' + old, b'"' + new).replace(b">" + old, b">" + new)
CHUNK = 64 * 1024


class EpisodeHandler(SimpleHTTPRequestHandler):
    """Serves files of one folder, read-only."""

    server_version = "newscast"
    #: Seconds a client may sit idle mid-request before its connection is closed (a slow or
    #: silent client cannot hold a thread for ever).
    timeout = 30

    def list_directory(self, path: "str | os.PathLike[str]") -> None:  # no listings, anywhere
        self.send_error(HTTPStatus.FORBIDDEN, "No listings")
        return None

    def log_message(self, format: str, *args: Any) -> None:  # quiet unless asked
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def _file(self) -> Path | None:
        """The file the request names, or None when it is not a file inside the folder."""
        root = Path(self.directory).resolve()
        raw = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if raw.endswith("/"):
            raw += "index.html"
        parts = [p for p in raw.split("/") if p]
        if any(p in ("..", ".") or p.startswith(".") or "\\" in p or "\x00" in p or len(p.encode("utf-8", "replace")) > 255
               or p.lower().startswith("library.") for p in parts):  # lower(): a case-insensitive disk has Library.db too
            return None
        try:
            target = (root.joinpath(*parts)).resolve() if parts else root / "index.html"
            if root not in target.parents or not target.is_file():
                return None
        except (OSError, ValueError):  # a name the system refuses: not a file here
            return None
        return target

    def send_head(self) -> Any:  # noqa: C901 - HTTP has cases (a file object or None, as the base class)
        target = self._file()
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        body = None
        if target.name == "feed.xml" and getattr(self.server, "rewrite", True):
            host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]  # type: ignore[index]  # TCP: (host, port)
            body = rewrite_base(target.read_bytes(), host)
        size = len(body) if body is not None else target.stat().st_size
        start, end = 0, size - 1
        status = HTTPStatus.OK
        header = self.headers.get("Range")
        if header:
            m = RANGE.match(header.strip())
            if not m or (not m.group(1) and not m.group(2)):
                self.send_error(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "Bad range")
                return None
            if m.group(1):
                start = int(m.group(1))
                end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
            else:  # suffix range: the last N bytes
                start = max(0, size - int(m.group(2)))
            if start >= size or start > end:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            status = HTTPStatus.PARTIAL_CONTENT
        fh = io.BytesIO(body) if body is not None else target.open("rb")
        fh.seek(start)
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPES.get(target.suffix.lower(), "application/octet-stream"))
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", self.date_time_string(int(target.stat().st_mtime)))
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        self._remaining = end - start + 1
        return fh

    def copyfile(self, source, outputfile) -> None:  # noqa: ANN001
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            shutil.copyfileobj(source, outputfile)
            return
        while remaining > 0:
            chunk = source.read(min(CHUNK, remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False,
                rewrite: bool = True, idle_timeout: float | None = None) -> ThreadingHTTPServer:
    """An HTTP server for ``folder`` (not yet serving); port 0 picks a free one;
    ``rewrite`` points the served feed's URLs at the address the client used."""
    handler = EpisodeHandler if idle_timeout is None else type("TimedHandler", (EpisodeHandler,), {"timeout": idle_timeout})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=os.fspath(folder)))
    server.daemon_threads = True
    server.verbose = verbose  # type: ignore[attr-defined]
    server.rewrite = rewrite  # type: ignore[attr-defined]
    return server
