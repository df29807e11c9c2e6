"""A real nginx (Debian's package) on 127.0.0.1 for the tests: saved pages and a feed served with
nginx's own keep-alive, redirects, ETag/Last-Modified with 304s, and gzip. The test is skipped,
saying why, where nginx is not installed (`.ci/run` installs it)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

CONF = """daemon off; master_process off; worker_processes 1; pid {root}/nginx.pid; error_log {root}/error.log;
events {{ worker_connections 64; }}
http {{
  log_format plain '"$request" $status $body_bytes_sent';
  access_log {root}/access.log plain;
  client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
  uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
  types {{ text/html html; application/rss+xml xml; text/plain txt; }}
  keepalive_timeout 30; keepalive_requests 100;
  gzip on; gzip_min_length 0; gzip_types application/rss+xml text/plain;
  server {{
    listen 127.0.0.1:{port}; root {root}/www; etag on;
    location = /old-harbour {{ return 301 /news/harbour.html; }}
    location = /moved-feed {{ return 302 /feed.xml; }}
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """``with Nginx(tmp_path, pages) as base:`` serves ``pages`` ({path: text with {base}}) at ``base``."""

    def __init__(self, root: Path, pages: dict[str, str]) -> None:
        self.root, self.pages = root, pages
        self.binary = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)

    def __enter__(self) -> str:
        if self.binary is None:
            pytest.skip("nginx is not installed (apt-get install nginx-light; .ci/run does)")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        (self.root / "tmp").mkdir(parents=True, exist_ok=True)
        for path, text in self.pages.items():
            target = self.root / "www" / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text.replace("{base}", base), encoding="utf-8")
        conf = self.root / "nginx.conf"
        conf.write_text(CONF.format(root=self.root, port=port))
        self.proc = subprocess.Popen([self.binary, "-c", str(conf), "-p", str(self.root)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return base
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"nginx did not start: {self.proc.stderr.read().decode()}")
                time.sleep(0.05)
        raise RuntimeError("nginx did not listen within 10 s")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def log(self) -> list[str]:
        """The access log's lines (method, path, status, bytes)."""
        path = self.root / "access.log"
        return path.read_text().splitlines() if path.exists() else []
