"""serve: the output folder over HTTP, so a podcast app on this laptop (or the
LAN, when asked) can subscribe: right content types, HEAD, single byte ranges
(206), no directory listings, hidden temp files, and never a path outside the
folder (``..``, encoded ``%2e%2e``, symlinks pointing out).
"""

from __future__ import annotations

import os
import re
import shutil
import urllib.parse
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONTENT_TYPES = {".mp3": "audio/mpeg", ".xml": "application/rss+xml", ".vtt": "text/vtt",
                 ".srt": "application/x-subrip", ".json": "application/json", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".png": "image/png", ".html": "text/html; charset=utf-8"}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


class EpisodeHandler(SimpleHTTPRequestHandler):
    """Serves files of one folder, read-only."""

    server_version = "newscast"

    def list_directory(self, path):  # noqa: ANN001 - no listings, anywhere
        self.send_error(HTTPStatus.FORBIDDEN, "No listings")
        return None

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet unless asked
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def _file(self) -> Path | None:
        """The file the request names, or None when it is not a file inside the folder."""
        root = Path(self.directory).resolve()
        raw = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if raw.endswith("/"):
            raw += "index.html"
        parts = [p for p in raw.split("/") if p]
        if any(p in ("..", ".") or p.startswith(".") or "\\" in p or "\x00" in p or p.startswith("library.") for p in parts):
            return None
        target = (root.joinpath(*parts)).resolve() if parts else root / "index.html"
        if root not in target.parents or not target.is_file():
            return None
        return target

    def send_head(self):  # noqa: C901 - HTTP has cases
        target = self._file()
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        size = target.stat().st_size
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
        fh = target.open("rb")
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


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False) -> ThreadingHTTPServer:
    """An HTTP server for ``folder`` (not yet serving); port 0 picks a free one."""
    handler = partial(EpisodeHandler, directory=os.fspath(folder))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.verbose = verbose  # type: ignore[attr-defined]
    return server
