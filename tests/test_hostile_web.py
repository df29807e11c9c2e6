"""Web addresses and feeds against broken and hostile servers (tests/httpserver.py on 127.0.0.1):
malformed addresses in every entry point, kept-alive redirects, deadlines, private addresses,
identities a feed or a page cannot take, and text that must not reach a terminal raw."""

import json
from pathlib import Path
import time

import pytest

from newscast.sources.fetch import Access, FetchError, fetch

from .conftest import make_silent_voices, without_progress
from .httpserver import Handler, Server
from .test_cli import newscast

MALFORMED = ["http://h:99999/", "http://[::1", "http://h:abc/", "https://exa mple.com/", "http:///x"]


def _render(tmp_path, *inputs, extra=(), cwd=None):
    voices = make_silent_voices(tmp_path / "voices")
    return newscast("render", *inputs, "--out", tmp_path / "out", "--voices", voices, "--cache", tmp_path / "cache",
                    "--json", "--jobs", "1", *extra, cwd=cwd)


@pytest.mark.parametrize("address", MALFORMED)
def test_a_malformed_address_is_one_error_and_the_rest_of_the_batch_renders(tmp_path, address):
    article = tmp_path / "a.txt"
    article.write_text("Harbour reopens\n\nThe harbour reopened on Monday after the storm.\n")
    listing = tmp_path / "list"
    listing.write_text(f"{address}\n")
    run = _render(tmp_path, address, article, "@" + str(listing))
    err = without_progress(run.stderr.decode())
    assert run.returncode == 1 and "Traceback" not in err, err
    assert err.count("Error:") >= 1 and all(line.startswith("Error: ") for line in err.strip().splitlines()), err
    assert [e["title"] for e in json.loads(run.stdout)["episodes"]] == ["Harbour reopens"]


def test_a_redirect_on_a_kept_alive_connection_is_followed():
    with Server(http11=True) as base:
        moved = fetch(base + "/redirect")
        again = fetch(base + "/to-localhost-long", access=Access.naming([base, base.replace("127.0.0.1", "localhost")]))
    assert moved.final_url == base + "/article.html" and b"Harbour reopens" in moved.body
    assert b"Harbour reopens" in again.body  # a 200 kB redirect body: the connection is closed, not drained


def test_gzip_and_validators_over_http11():
    with Server(http11=True) as base:
        packed = fetch(base + "/gzip.html")
        first = fetch(base + "/article.html")
        same = fetch(base + "/article.html", etag=first.etag)
    assert b"Harbour reopens" in packed.body and same.not_modified


@pytest.mark.parametrize("path", ["/trickle", "/endless"])
def test_a_body_that_never_ends_is_cut_off_by_the_deadline(path):
    with Server(http11=True) as base:
        start = time.monotonic()
        with pytest.raises(FetchError, match="longer than 2 s in all") as err:
            fetch(base + path, deadline=2.0)
    assert time.monotonic() - start < 6 and "\n" not in str(err.value)


def test_private_addresses_only_for_hosts_the_user_named():
    with Server() as base:
        with pytest.raises(FetchError, match="local or private address"):
            fetch(base + "/to-localhost")  # the user named 127.0.0.1, the redirect leads to localhost
        with pytest.raises(FetchError, match="local or private address"):
            fetch(base + "/article.html", access=Access())  # a feed's link to a host nobody named
        with pytest.raises(FetchError, match="local or private address"):
            fetch(base + "/article.html", access=Access.naming(["http://127.0.0.1:1/"]))  # the host named, another port
        assert fetch(base + "/to-localhost", access=Access(private=True)).status == 200
        assert fetch(base + "/article.html").status == 200  # the address the user named


def test_retry_after_is_honoured_once_and_bad_answers_say_whether_to_try_again():
    with Server() as base:
        assert fetch(base + "/retry").status == 200 and Handler.retry_calls == 2
        with pytest.raises(FetchError) as always:
            fetch(base + "/always-304")
        with pytest.raises(FetchError) as port:
            fetch(base + "/bad-port")
        with pytest.raises(FetchError) as escape:
            fetch(base + "/escape")
    assert "304 Not Modified to a request that asked for no earlier copy" in str(always.value)
    assert "redirects to an address that is not a valid web address (the port" in str(port.value)
    assert "\x1b" not in str(escape.value) and "\x07" not in str(escape.value) and "try again later" in str(escape.value)


def test_unknown_charsets_fall_back_and_the_content_type_beats_the_suffix(tmp_path):
    with Server() as base:
        odd = newscast("script", base + "/unknown-charset", "--json")
        typed = newscast("script", base + "/notes.txt", "--json")
    assert odd.returncode == 0, odd.stderr.decode()
    assert "Müller" in json.dumps(json.loads(odd.stdout), ensure_ascii=False)
    doc = json.loads(typed.stdout)
    assert typed.returncode == 0 and doc["title"] == "Harbour reopens after storm" and "Copyright Test Gazette" in doc["removed"]


def test_a_canonical_link_to_another_site_is_not_the_identity():
    with Server() as base:
        shown = newscast("script", base + "/elsewhere.html", "--json")
    assert json.loads(shown.stdout)["meta"]["url"] == base + "/elsewhere.html"


def test_a_hostile_feed_cannot_overwrite_an_episode_reach_inside_or_stop_the_batch(tmp_path):
    """A good local file named article.txt, a malformed address, and a feed whose items link by a
    bare path, by javascript:, to a bad port, to an internal host and to another site."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "article.txt").write_text("Local story\n\nThe local council met on Monday to plan the new library.\n")
    with Server() as base:
        first = _render(tmp_path, "article.txt", cwd=work)
        local = json.loads(first.stdout)["episodes"][0]
        run = _render(tmp_path, "article.txt", "http://h:99999/", base + "/hostile.xml", cwd=work)
    err = run.stderr.decode()
    doc = json.loads(run.stdout)
    assert run.returncode == 1 and "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 4, err  # the malformed address, the javascript: item, the bad port, the internal host
    assert any("'Script link': its link is not a web address" in e for e in errors)
    assert any("'Internal'" in e or "localhost" in e and "private address" in e for e in errors), errors
    assert "read from its feed instead" in err  # another site's article, its page unreachable
    by_title = {e["title"]: e for e in doc["episodes"]}
    assert set(by_title) >= {"Local story", "Relative path", "Other site"}, by_title
    assert by_title["Local story"]["guid"] == local["guid"] and by_title["Local story"]["reused"]
    assert by_title["Relative path"]["guid"] != local["guid"]
    assert Handler.hits.get("/article.html") is None  # the internal page was never asked for
    assert "Harbour reopens after storm" not in by_title
    assert b"Harbour reopens" not in (tmp_path / "out" / "feed.xml").read_bytes()


def test_urls_and_a_feed_from_a_real_nginx(tmp_path):
    """nginx keeps connections alive, redirects with a body, answers ETag/If-None-Match with 304
    and compresses the feed: the article by a 301, the feed by a 302, its items by relative links."""
    from .httpserver import ARTICLE, PARAS
    from .nginx import Nginx

    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/'
            'content/"><channel><title>Nginx Gazette</title><link>{base}/</link><description>x</description>'
            '<item><title>Pier rebuilt</title><link>/news/pier.html</link><pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate>'
            f'<description>Teaser.</description><content:encoded><![CDATA[{PARAS}]]></content:encoded></item>'
            '<item><title>Harbour</title><link>news/harbour.html</link><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate>'
            '<description>The harbour reopened.</description></item></channel></rss>')
    page = ARTICLE.replace("/news/harbour?utm_source=feed", "/news/harbour.html")
    server = Nginx(tmp_path / "nginx", {"/news/harbour.html": page, "/feed.xml": feed})
    with server as base:
        from newscast.sources.fetch import fetch

        direct = fetch(base + "/old-harbour")
        packed = fetch(base + "/feed.xml")
        first = _render(tmp_path, base + "/old-harbour", base + "/moved-feed")
        again = _render(tmp_path, base + "/old-harbour", base + "/moved-feed")
        served = server.log()
    assert direct.final_url == base + "/news/harbour.html" and direct.etag and b"Harbour reopens" in direct.body
    assert b"<rss" in packed.body  # gzip on the wire (nginx's gzip_types), decoded here
    assert first.returncode == 0, first.stderr.decode()
    titles = sorted(e["title"] for e in json.loads(first.stdout)["episodes"])
    assert titles == ["Harbour reopens after storm", "Pier rebuilt"], titles
    assert again.returncode == 0, again.stderr.decode()
    assert all(e["reused"] for e in json.loads(again.stdout)["episodes"])
    assert any('"GET /news/harbour.html HTTP/1.1" 304' in line for line in served), served


def test_a_huge_heading_and_a_page_of_digits_are_bounded(tmp_path):
    """A 120 kB <h1> is a title cut once (not two hours of speech read twice); 400 digits do not
    crash number reading and 16,000 are named, not read."""
    heading = " ".join(f"word{n}" for n in range(20000))
    page = tmp_path / "huge.html"
    page.write_text(f"<html><body><article><h1>{heading}</h1><p>The harbour reopened on Monday after the storm "
                    "closed it for nine days.</p><h2>" + heading + "</h2><p>More text follows here.</p></article></body></html>")
    digits = tmp_path / "digits.txt"
    digits.write_text("Digits\n\nThe value was " + "7" * 400 + " and then " + "3" * 16000 + " units.\n")
    shown = newscast("script", page, "--json")
    counted = newscast("script", digits, "--json")
    assert shown.returncode == 0 and counted.returncode == 0, shown.stderr.decode() + counted.stderr.decode()
    doc = json.loads(shown.stdout)
    assert len(doc["title"]) <= 200 and doc["title"].endswith("…")
    assert all(len(s["text"]) <= 300 for s in doc["segments"] if s["kind"] in ("title", "heading"))
    spoken = " ".join(s["spoken"] for s in json.loads(counted.stdout)["segments"])
    assert "a four hundred-digit number" in spoken and "a sixteen thousand-digit number" in spoken


def test_a_rewritten_headline_replaces_the_episode_and_its_old_files(tmp_path):
    with Server() as base:
        first = json.loads(_render(tmp_path, base + "/rewritten").stdout)["episodes"][0]
        second = json.loads(_render(tmp_path, base + "/rewritten").stdout)["episodes"][0]
    out = tmp_path / "out"
    assert first["guid"] == second["guid"] and first["mp3"] != second["mp3"], (first, second)
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert Path(first["mp3"]).name not in names and Path(second["mp3"]).name in names, names
    assert not [n for n in names if n.startswith("first-headline")], names


def test_remove_orphans_deletes_only_unlisted_episode_files(tmp_path):
    with Server() as base:
        done = json.loads(_render(tmp_path, base + "/article.html").stdout)["episodes"][0]
    out = tmp_path / "out"
    for name in ("old-story-1234abcd.mp3", "old-story-1234abcd.vtt", "notes.txt", "My Song.mp3"):
        (out / name).write_bytes(b"x")
    run = newscast("remove", "--orphans", "--out", out)
    assert run.returncode == 0, run.stderr.decode()
    names = {p.name for p in out.iterdir()}
    assert {"notes.txt", "My Song.mp3", Path(done["mp3"]).name} <= names
    assert not names & {"old-story-1234abcd.mp3", "old-story-1234abcd.vtt"}
    assert "removed 2 files" in run.stdout.decode()


def test_a_host_that_asks_to_be_left_alone_is_not_asked_again_in_the_run(tmp_path):
    with Server() as base:
        run = _render(tmp_path, base + "/busy.xml")
    err = run.stderr.decode()
    assert run.returncode == 1 and err.count("Error:") == 2, err
    assert "HTTP 429" in err and "try again later" in err and "not asked: 127.0.0.1 answered HTTP 429" in err, err
    assert Handler.hits.get("/busy-a") == 1 and "/busy-b" not in Handler.hits  # one 429, then no second request


def test_a_name_lookup_that_hangs_ends_at_the_deadline(monkeypatch):
    import socket

    real = socket.getaddrinfo

    def hanging(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - socket.getaddrinfo's signature
        if host == "slow.example":
            time.sleep(30)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    start = time.monotonic()
    with pytest.raises(FetchError, match="longer than 1 s in all"):
        fetch("http://slow.example/article", deadline=1.0)
    assert time.monotonic() - start < 5


def test_script_follows_a_redirect_to_a_private_address_only_when_allowed():
    with Server() as base:
        refused = newscast("script", base + "/to-localhost", "--json")
        allowed = newscast("script", base + "/to-localhost", "--json", "--allow-private")
    assert refused.returncode == 1 and b"local or private address" in refused.stderr and b"--allow-private" in refused.stderr
    assert allowed.returncode == 0 and json.loads(allowed.stdout)["title"] == "Harbour reopens after storm"
