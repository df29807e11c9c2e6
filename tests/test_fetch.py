"""fetch and feeds against a real HTTP server on 127.0.0.1 (tests/httpserver.py)."""

import socket

import pytest

from newscast.sources import feeds
from newscast.sources.fetch import MAX_BYTES, USER_AGENT, FetchError, fetch, normalize_url

from .httpserver import ETAG, MODIFIED, Handler, Server


def test_a_page_comes_with_its_validators_and_a_polite_user_agent():
    with Server() as base:
        got = fetch(base + "/article.html")
    assert got.status == 200 and b"Harbour reopens" in got.body and got.content_type == "text/html"
    assert got.charset == "utf-8" and got.etag == ETAG and got.last_modified == MODIFIED
    assert Handler.agents == [USER_AGENT] and USER_AGENT.startswith("newscast/")


def test_a_conditional_request_answered_304_brings_no_body():
    with Server() as base:
        again = fetch(base + "/article.html", etag=ETAG)
        since = fetch(base + "/article.html", last_modified=MODIFIED)
        changed = fetch(base + "/article.html", etag='"old"')
    assert again.not_modified and again.body == b"" and since.not_modified
    assert changed.status == 200 and changed.body


def test_redirects_gzip_and_charset():
    with Server() as base:
        moved = fetch(base + "/redirect")
        packed = fetch(base + "/gzip.html")
        latin = fetch(base + "/latin1.html")
    assert moved.final_url == base + "/article.html" and moved.url == base + "/redirect"
    assert b"Harbour reopens" in packed.body
    assert latin.charset == "iso8859-1" and "Müller".encode("latin-1") in latin.body


@pytest.mark.parametrize("path, cause", [
    ("/missing", "HTTP 404"), ("/error", "HTTP 500"), ("/loop", "more than 5 redirects"),
    ("/to-file", "only http and https"), ("/huge", "larger than 5 MiB"), ("/bomb", "larger than 5 MiB"),
])
def test_failures_are_one_line_naming_the_url_and_the_cause(path, cause):
    with Server() as base:
        with pytest.raises(FetchError) as err:
            fetch(base + path)
    message = str(err.value)
    assert message.startswith(base + path + ": ") and cause in message and "\n" not in message
    assert MAX_BYTES == 5 * 1024 * 1024


def test_timeout_refused_and_unknown_host():
    with Server() as base:
        with pytest.raises(FetchError, match="timeout"):
            fetch(base + "/slow", timeout=(1.0, 0.5))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(FetchError, match="refused"):
        fetch(f"http://127.0.0.1:{port}/x")
    with pytest.raises(FetchError, match="not found"):
        fetch("http://no-such-host.invalid/article")


def test_feeds_list_their_articles_newest_first_and_carry_full_text():
    with Server() as base:
        rss = fetch(base + "/feed.xml")
        atom = fetch(base + "/atom.xml")
        page = fetch(base + "/article.html")
        empty = fetch(base + "/empty.xml")
    assert feeds.is_feed(rss.body, rss.content_type) and feeds.is_feed(atom.body, atom.content_type)
    assert not feeds.is_feed(page.body, page.content_type)
    listed = feeds.items(rss.body, "feed")
    assert [i.title for i in listed] == ["Pier rebuilt", "Harbour reopens after storm", "Old news"]
    assert listed[0].content and not listed[1].content  # content:encoded with the whole article; a teaser is no article
    assert [i.title for i in feeds.items(rss.body, "feed", latest=2)] == ["Pier rebuilt", "Harbour reopens after storm"]
    assert feeds.items(atom.body, "atom")[0].content
    with pytest.raises(FetchError, match="no items"):
        feeds.items(empty.body, "empty")


def test_the_same_article_by_any_address_is_one_identity():
    assert (normalize_url("HTTP://Example.com:80/news/harbour?utm_source=feed&fbclid=abc#comments")
            == normalize_url("http://example.com/news/harbour") == "http://example.com/news/harbour")
    assert normalize_url("https://example.com/a?id=2&page=1") == "https://example.com/a?id=2&page=1"
