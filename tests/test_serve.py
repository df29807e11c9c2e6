"""newscast serve, list, remove, feed, init — with real HTTP and real podcast-client parsers."""

import http.client
import io
import json
import os
import threading
import urllib.parse

import feedparser
import podcastparser
import pytest

from newscast.site.serve import make_server

from . import feedrules
from .conftest import DATA, make_silent_voices
from .test_cli import newscast


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Two articles rendered (silent voices, real encoder) into one library, served on a free port."""
    root = tmp_path_factory.mktemp("site")
    voices = make_silent_voices(root / "voices")
    out = root / "out"
    for article in ("harbour_interview.txt", "plain_brief.txt"):
        done = newscast("render", DATA / "articles" / article, "--out", out, "--voices", voices)
        assert done.returncode == 0, done.stderr
    (root / "secret.txt").write_text("outside")
    os.symlink(root / "secret.txt", out / "escape.txt")
    (out / ".feed.xml.tmp").write_text("half")
    server = make_server(out, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, server.server_address[1], voices
    server.shutdown()
    server.server_close()


def get(port, path, method="GET", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


def test_served_feed_is_read_by_podcast_clients_and_ranges_work(site):
    out, port, _voices = site
    resp, data = get(port, "/feed.xml")
    assert resp.status == 200 and resp.getheader("Content-Type") == "application/rss+xml"
    parsed = podcastparser.parse(f"http://127.0.0.1:{port}/feed.xml", io.BytesIO(data))
    assert len(parsed["episodes"]) == 2
    fp = feedparser.parse(data)
    assert not fp.bozo and len(fp.entries) == 2
    assert feedrules.errors(data) == [] and feedrules.podcast_namespace_problems(data) == []
    enclosure = parsed["episodes"][0]["enclosures"][0]
    # the served feed points at this server (base_url is port 8000 on disk), so the app can follow it
    assert enclosure["url"].startswith(f"http://127.0.0.1:{port}/") and b"127.0.0.1:8000" not in data
    assert fp.feed.links[0].href == f"http://127.0.0.1:{port}/feed.xml" or any(
        link.get("rel") == "self" and link.href == f"http://127.0.0.1:{port}/feed.xml" for link in fp.feed.links)
    name = urllib.parse.urlsplit(enclosure["url"]).path.lstrip("/")
    whole = (out / name).read_bytes()
    assert b"127.0.0.1:8000" in (out / "feed.xml").read_bytes()  # the file itself is untouched
    resp, head = get(port, f"/{name}", "HEAD")
    assert resp.status == 200 and head == b"" and int(resp.getheader("Content-Length")) == len(whole) == enclosure["file_size"]
    assert resp.getheader("Content-Type") == "audio/mpeg" and resp.getheader("Accept-Ranges") == "bytes"
    resp, part = get(port, f"/{name}", headers={"Range": "bytes=100-1099"})
    assert resp.status == 206 and part == whole[100:1100]
    assert resp.getheader("Content-Range") == f"bytes 100-1099/{len(whole)}"
    resp, tail = get(port, f"/{name}", headers={"Range": "bytes=-500"})
    assert resp.status == 206 and tail == whole[-500:]
    resp, _ = get(port, f"/{name}", headers={"Range": f"bytes={len(whole)}-"})
    assert resp.status == 416
    for suffix, kind in ((".vtt", "text/vtt"), (".chapters.json", "application/json")):
        resp, _ = get(port, "/" + name.replace(".mp3", suffix))
        assert resp.status == 200 and resp.getheader("Content-Type") == kind


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/escape.txt",
                                  "/.feed.xml.tmp", "/library.db", "/Library.db", "/LIBRARY.DB",
                                  "/library.json/../../secret.txt", "/..%5csecret.txt", "/nope.mp3", "/" + "a" * 300 + ".mp3",
                                  "/" + "%C3%A9" * 200])
def test_nothing_outside_the_folder_and_no_temp_files(site, path):
    _out, port, _voices = site
    resp, body = get(port, path)
    assert resp.status == 404 and b"outside" not in body and b"half" not in body


def test_served_feed_ranges_follow_the_rewritten_bytes_and_keep_urls_turns_it_off(site):
    out, port, _voices = site
    _resp, whole = get(port, "/feed.xml")
    resp, part = get(port, "/feed.xml", headers={"Range": "bytes=10-"})
    assert resp.status == 206 and part == whole[10:] and resp.getheader("Content-Range") == f"bytes 10-{len(whole) - 1}/{len(whole)}"
    _resp, lan = get(port, "/feed.xml", headers={"Host": "192.168.1.5:9000"})
    assert b'url="http://192.168.1.5:9000/' in lan
    _resp, hostile = get(port, "/feed.xml", headers={"Host": 'evil"><x'})
    assert hostile == (out / "feed.xml").read_bytes()  # a strange Host header changes nothing
    server = make_server(out, "127.0.0.1", 0, rewrite=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _resp, kept = get(server.server_address[1], "/feed.xml")
    finally:
        server.shutdown()
        server.server_close()
    assert kept == (out / "feed.xml").read_bytes()


def test_no_directory_listing(site):
    out, port, _voices = site
    (out / "sub").mkdir(exist_ok=True)
    resp, _ = get(port, "/sub/")
    assert resp.status in (403, 404)


def test_list_feed_remove_init(site, tmp_path):
    out, _port, _voices = site
    listed = json.loads(newscast("list", "--out", out, "--json").stdout)
    assert len(listed) == 2
    work = tmp_path / "copy"
    import shutil

    shutil.copytree(out, work, symlinks=True)
    (work / "feed.xml").unlink()
    assert newscast("feed", "--out", work).returncode == 0 and (work / "feed.xml").exists()
    victim = listed[0]["id"]
    done = newscast("remove", victim, "--out", work)
    assert done.returncode == 0, done.stderr
    assert not list(work.glob(f"{victim}*"))
    assert len(feedparser.parse((work / "feed.xml").read_bytes()).entries) == 1
    missing = newscast("remove", "nope", "--out", work)
    assert missing.returncode == 1 and b"no episode 'nope'" in missing.stderr
    cfg = tmp_path / "newscast.toml"
    assert newscast("init", cfg).returncode == 0
    again = newscast("init", cfg)
    assert again.returncode == 1 and b"already exists" in again.stderr
    from newscast.settings.show import Production, Show, load_show
    from newscast.sound.mix import PAUSES_MS

    assert load_show(cfg) == Show(production=Production(pauses=tuple(PAUSES_MS.items())))  # the defaults, spelled out


def test_a_silent_client_is_dropped_and_others_are_still_served(site):
    import socket

    out, _port, _voices = site
    server = make_server(out, "127.0.0.1", 0, idle_timeout=1.0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        idle = socket.create_connection(("127.0.0.1", port), timeout=5)
        idle.sendall(b"GET /feed.xml HTTP/1.1\r\n")  # and then nothing more
        resp, _ = get(port, "/feed.xml")  # another client is served meanwhile
        assert resp.status == 200
        idle.settimeout(5)
        assert idle.recv(1024) == b""  # the silent one was closed by the server
        idle.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("header", ["bytes=" + "9" * 5000 + "-", "bytes=0-" + "9" * 5000, "bytes=-" + "9" * 30,
                                    "bytes=0-1,5-9"])
def test_hostile_ranges_get_416_and_the_server_keeps_serving(site, header):
    """Huge offsets are refused without being parsed; multi-range requests get 416 (documented)."""
    out, port, _voices = site
    name = next(out.glob("*.mp3")).name
    resp, _ = get(port, f"/{name}", headers={"Range": header})
    assert resp.status == 416
    resp, body = get(port, f"/{name}", headers={"Range": "bytes=0-9"})
    assert resp.status == 206 and len(body) == 10


def test_remove_takes_several_episodes_and_unique_starts_of_ids_and_list_says_when_there_is_nothing(site, tmp_path):
    import shutil

    out, _port, _voices = site
    work = tmp_path / "copy"
    shutil.copytree(out, work, symlinks=True)
    listed = json.loads(newscast("list", "--out", work, "--json").stdout)
    first, second = listed[0]["id"], listed[1]["id"]
    assert newscast("remove", "", "--out", work).returncode == 1  # an empty name starts every id: refused
    nothing_yet = newscast("remove", first[:3] + "zzz", second, "--out", work)  # one bad name: nothing is removed
    assert nothing_yet.returncode == 1 and len(json.loads(newscast("list", "--out", work, "--json").stdout)) == 2
    done = newscast("remove", first[:-3], second, "--out", work)  # a unique start of one id, and a whole id
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().count("removed ") == 2 and json.loads(newscast("list", "--out", work, "--json").stdout) == []
    empty = newscast("list", "--out", work)
    assert empty.returncode == 0 and b"no episodes yet" in empty.stderr
    missing = newscast("list", "--out", tmp_path / "nowhere")
    assert missing.returncode == 1 and b"no such folder" in missing.stderr
