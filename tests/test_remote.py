"""Articles from where they live: URLs and feeds rendered end to end through the CLI, against a
real HTTP server on 127.0.0.1 (tests/httpserver.py), judged with feedparser and mutagen."""

import json

import feedparser

from newscast.site import library

from .conftest import make_silent_voices
from .httpserver import ETAG, Handler, Server
from .test_cli import newscast


def _render(tmp_path, *inputs, extra=()):
    voices = make_silent_voices(tmp_path / "voices")
    return newscast("render", *inputs, "--out", tmp_path / "out", "--voices", voices, "--cache", tmp_path / "cache",
                    "--json", "--jobs", "1", *extra)


def test_urls_and_a_feed_become_episodes_and_a_304_reuses_without_downloading(tmp_path):
    from mutagen.id3 import ID3

    with Server() as base:
        article = base + "/news/harbour"
        first = _render(tmp_path, article, base + "/redirect", article + "?utm_source=newsletter&fbclid=x",
                        base + "/feed.xml", base + "/missing", extra=("--latest", "2"))
        served = dict(Handler.hits)
        again = _render(tmp_path, article, base + "/feed.xml", extra=("--latest", "2"))
        hits_again = {k: v - served.get(k, 0) for k, v in Handler.hits.items()}
        served = dict(Handler.hits)
        feed_only = _render(tmp_path, base + "/feed.xml")
        hits_feed = {k: v - served.get(k, 0) for k, v in Handler.hits.items() if v - served.get(k, 0)}
    err = first.stderr.decode()
    assert first.returncode == 1, err
    assert err.count("Error:") == 1 and f"{base}/missing: the server answered HTTP 404" in err, err
    doc = json.loads(first.stdout)
    # the article by three addresses and again through the feed is one episode; the feed's newest
    # item carries its whole text; its third item is older than --latest 2
    titles = sorted(e["title"] for e in doc["episodes"])
    assert titles == ["Harbour reopens after storm", "Pier rebuilt"], titles
    feed = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
    links = {e.title: e.link for e in feed.entries}
    assert not feed.bozo and links["Harbour reopens after storm"] == f"{base}/news/harbour"
    assert links["Pier rebuilt"] == f"{base}/news/pier"
    harbour = next(e for e in doc["episodes"] if e["title"].startswith("Harbour"))
    assert str(ID3(harbour["mp3"]).getall("WOAS")[0].url) == f"{base}/news/harbour"
    # the second run: the page answered 304 to its ETag (nothing downloaded), nothing spoken
    assert again.returncode == 0, again.stderr.decode()
    redo = json.loads(again.stdout)
    assert all(e["reused"] for e in redo["episodes"]) and len(redo["episodes"]) == 2
    assert hits_again.get("/news/harbour") == 1 and "/news/old" not in hits_again
    # the feed alone: its items dated before their episodes are not asked for at all; the third,
    # never rendered (older than --latest 2 before), is fetched and rendered now
    assert feed_only.returncode == 0, feed_only.stderr.decode()
    assert hits_feed == {"/feed.xml": 1, "/news/old": 1}, hits_feed
    assert Handler.conditional.get("/feed.xml") and Handler.answers["/feed.xml"][-1] == 304  # read from the kept copy
    assert sum(not e["reused"] for e in json.loads(feed_only.stdout)["episodes"]) == 1
    stored = {e.title: e for e in library.load(tmp_path / "out")}
    assert stored["Harbour reopens after storm"].etag == ETAG and stored["Harbour reopens after storm"].last_modified
    assert stored["Harbour reopens after storm"].source == article


def test_a_feed_that_is_not_one_and_a_page_that_is_no_article(tmp_path):
    with Server() as base:
        run = _render(tmp_path, base + "/empty.xml", base + "/image.png", base + "/article.html")
    err = run.stderr.decode()
    assert run.returncode == 1
    assert f"{base}/empty.xml: the feed has no items" in err
    assert f"{base}/image.png: is neither an article nor a feed (image/png)" in err and err.count("Error:") == 2, err
    assert len(json.loads(run.stdout)["episodes"]) == 1


def test_script_of_a_web_address(tmp_path):
    with Server() as base:
        shown = newscast("script", base + "/news/harbour", "--json")
        feed = newscast("script", base + "/feed.xml")
    doc = json.loads(shown.stdout)
    assert shown.returncode == 0 and doc["title"] == "Harbour reopens after storm"
    assert doc["meta"]["url"] == f"{base}/news/harbour" and "Copyright Test Gazette" in doc["removed"]
    assert feed.returncode == 1 and "is a feed, not an article" in feed.stderr.decode()
