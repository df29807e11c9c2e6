import io
from datetime import datetime

import feedparser
import podcastparser
import pytest
from lxml import etree

from newscast.settings.show import Show
from newscast.core.models import Episode
from newscast.site.feed import FEED_NAME, build_feed, channel_guid, publish

PODCAST_NS = "https://podcastindex.org/namespace/1.0"


def _episode(n: int, pub: str, title: str = "Title") -> Episode:
    return Episode(id=f"ep{n}", guid=f"guid-{n}", title=title, description="About <it> & more", source=f"{n}.txt",
                   mp3=f"ep{n}.mp3", size_bytes=1000 + n, duration_s=61.6, pub_date=pub, loudness_lufs=-16.0,
                   true_peak_dbtp=-1.5, chapters=2, segments=5, cached_segments=0,
                   transcripts=(f"ep{n}.vtt", f"ep{n}.srt"), image=f"ep{n}.jpg")


def test_feed_is_read_by_podcast_clients(tmp_path):
    eps = (_episode(1, "2026-11-26T10:00:00+00:00", "Old ]]> <b>markup</b> & \"quotes\""),
           _episode(2, "2026-11-28T03:50:00+00:00"))
    path = publish(tmp_path, Show(title="Brief", base_url="https://example.org/pod"), eps)
    assert path == tmp_path / FEED_NAME
    data = path.read_bytes()
    parsed = podcastparser.parse("https://example.org/pod/feed.xml", io.BytesIO(data))
    assert parsed["title"] == "Brief"
    assert [e["guid"] for e in parsed["episodes"]] == ["guid-2", "guid-1"]
    newest = parsed["episodes"][0]
    assert newest["enclosures"][0] == {"url": "https://example.org/pod/ep2.mp3", "file_size": 1002, "mime_type": "audio/mpeg"}
    assert newest["total_time"] == 62
    assert parsed["episodes"][1]["title"] == "Old ]]> <b>markup</b> & \"quotes\""
    fp = feedparser.parse(data)
    assert not fp.bozo
    assert fp.feed.itunes_explicit is False or fp.feed.get("itunes_explicit") in (False, "false", None)
    entry = fp.entries[0]
    assert entry.itunes_duration == "62"
    assert datetime(*entry.published_parsed[:6]).strftime("%a") == "Sat"
    assert entry.published.startswith("Sat, 28 Nov 2026")
    assert fp.feed.image.href == "https://example.org/pod/cover.jpg"
    assert (tmp_path / "cover.jpg").read_bytes()[:3] == b"\xff\xd8\xff"


def test_podcast_namespace_tags(tmp_path):
    show = Show(base_url="https://example.org/pod/")
    root = etree.fromstring(build_feed(show, (_episode(1, "2026-11-28T03:50:00+00:00"),), "cover.jpg"))
    ns = {"podcast": PODCAST_NS, "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
          "atom": "http://www.w3.org/2005/Atom"}
    assert root.findtext("channel/podcast:guid", namespaces=ns) == channel_guid("https://example.org/pod/feed.xml")
    assert root.find("channel/atom:link", ns).get("rel") == "self"
    cat = root.find("channel/itunes:category", ns)
    assert cat.get("text") == "News" and cat.find("itunes:category", ns).get("text") == "Daily News"
    kinds = [t.get("type") for t in root.findall("channel/item/podcast:transcript", ns)]
    assert kinds == ["text/vtt", "application/x-subrip"]
    assert root.find("channel/item/guid").get("isPermaLink") == "false"


def test_feed_write_is_atomic(tmp_path, monkeypatch):
    publish(tmp_path, Show(), (_episode(1, "2026-11-28T03:50:00+00:00"),))
    before = (tmp_path / FEED_NAME).read_bytes()

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    import newscast.core.files as files
    monkeypatch.setattr(files.os, "fsync", boom)
    with pytest.raises(Exception, match="cannot write the feed"):
        publish(tmp_path, Show(title="Changed"), ())
    assert (tmp_path / FEED_NAME).read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_local_show_image_is_copied_beside_the_feed(tmp_path):
    from PIL import Image

    art = tmp_path / "art.png"
    Image.new("RGB", (1400, 1400), (10, 20, 30)).save(art)
    out = tmp_path / "out"
    out.mkdir()
    publish(out, Show(image=str(art), base_url="https://example.org/"), ())
    assert (out / "cover.png").read_bytes() == art.read_bytes()
    fp = feedparser.parse((out / FEED_NAME).read_bytes())
    assert fp.feed.image.href == "https://example.org/cover.png"


def test_missing_show_image_is_a_config_error(tmp_path):
    from newscast.core.errors import ConfigError

    with pytest.raises(ConfigError, match="nope.png: cannot read"):
        publish(tmp_path, Show(image=str(tmp_path / "nope.png")), ())


def test_podcasting20_item_tags_and_numbering(tmp_path):
    eps = (_episode(1, "2026-11-26T10:00:00+00:00"), _episode(2, "2026-11-28T03:50:00+00:00"))
    eps = tuple(e.__class__(**{**e.__dict__, "speakers": (("Archyde News", "interviewer"), ("Dr. Anya Petrova", "expert")),
                                "chapters_file": f"{e.id}.chapters.json", "description": "word " * 2000}) for e in eps)
    root = etree.fromstring(build_feed(Show(owner_email="desk@example.org"), eps, "cover.jpg"))
    ns = {"podcast": PODCAST_NS, "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    assert root.find("channel/podcast:locked", ns).text == "no"
    assert root.find("channel/podcast:locked", ns).get("owner") == "desk@example.org"
    items = root.findall("channel/item")
    assert [i.findtext("itunes:episode", namespaces=ns) for i in items] == ["2", "1"]  # newest first, numbered by age
    people = [(p.text, p.get("role")) for p in items[0].findall("podcast:person", ns)]
    assert people == [("Archyde News", "host"), ("Dr. Anya Petrova", "guest")]
    assert items[0].find("podcast:chapters", ns).get("type") == "application/json+chapters"
    assert len(items[0].findtext("description").encode("utf-8")) <= 4000


def test_library_is_sqlite_and_imports_the_old_json(tmp_path):
    import json
    import sqlite3
    from dataclasses import asdict

    from newscast.site import library

    old = _episode(1, "2026-11-26T10:00:00+00:00")
    (tmp_path / "library.json").write_text(json.dumps({"format": 1, "episodes": [asdict(old)]}))
    assert library.load(tmp_path) == (old,)
    new = _episode(2, "2026-11-28T03:50:00+00:00")
    library.save(tmp_path, library.upsert(library.load(tmp_path), new))
    assert not (tmp_path / "library.json").exists()
    assert library.load(tmp_path) == (old, new)
    with sqlite3.connect(tmp_path / "library.db") as db:
        assert db.execute("SELECT count(*) FROM episodes").fetchone() == (2,)
    (tmp_path / "library.db").write_bytes(b"not a database at all, just junk bytes" * 100)
    with pytest.raises(Exception, match="the episode library is unreadable"):
        library.load(tmp_path)


HOSTILE_TITLES = ["Old ]]> <b>markup</b> & \"quotes\" 'apos'", "Ctrl\x00\x01\x1b\x7f\x85 chars\ufffd", "../../../etc/passwd",
                  "Emoji 🎙️ العربية 中文", "<![CDATA[x]]>", "&amp; &#x41; &nbsp;", " " * 3 + "padded"]


def test_feed_passes_the_w3c_validator_rules_with_hostile_titles(tmp_path):
    from . import feedrules

    eps = tuple(_episode(n, f"2026-11-{10 + n:02d}T0{n % 10}:30:00+00:00", t) for n, t in enumerate(HOSTILE_TITLES, 1))
    eps = tuple(e.__class__(**{**e.__dict__, "description": e.title + " <3 & more", "chapters_file": f"{e.id}.chapters.json",
                               "speakers": (("Archyde News", "interviewer"), ("Dr. Anya Petrova", "expert"))}) for e in eps)
    show = Show(owner_name="Desk", owner_email="desk@example.org", copyright="© 2026 Example", language="en-GB")
    data = publish(tmp_path, show, eps).read_bytes()
    assert feedrules.errors(data) == []
    assert feedrules.podcast_namespace_problems(data) == []
    titles = [e["title"] for e in podcastparser.parse("http://127.0.0.1:8000/feed.xml", io.BytesIO(data))["episodes"]]
    assert "Ctrl chars" in titles and HOSTILE_TITLES[0] in titles and HOSTILE_TITLES[3] in titles


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d.replace(b"http://127.0.0.1:8000/", b"http://localhost:8000/"), "not an http(s) URL"),
    (lambda d: d.replace(b"<pubDate>Sat, 28 Nov", b"<pubDate>Fri, 28 Nov"), "wrong weekday"),
    (lambda d: d.replace(b'text="Daily News"', b'text="Cooking"'), "has no subcategory"),
    (lambda d: d.replace(b"<itunes:explicit>false", b"<itunes:explicit>no"), "not true or false"),
    (lambda d: d.replace(b"<itunes:duration>62", b"<itunes:duration>1:99"), "itunes:duration"),
    (lambda d: d.replace(b"</item>", b"<itunes:rating>5</itunes:rating></item>", 1), "UndefinedElement"),
    (lambda d: d.replace(b"guid-1<", b"guid-2<"), "not unique"),
    (lambda d: d.replace(b'length="1002"', b'length="-1"'), "non-negative"),
    (lambda d: d.replace(b"<title>newscast", b"<title>\xc2\x85newscast"), "C1 control"),
    (lambda d: d.replace(b"</channel>", b"<title>again</title></channel>"), "appears twice"),
])
def test_the_feed_rule_checker_catches_what_the_validator_calls_errors(tmp_path, mutate, expected):
    """The checker is only worth something if it fails: each known error, planted in a valid feed, is reported."""
    from . import feedrules

    data = build_feed(Show(), (_episode(1, "2026-11-26T10:00:00+00:00"), _episode(2, "2026-11-28T03:50:00+00:00")), "cover.jpg")
    assert feedrules.errors(data) == []
    bad = mutate(data)
    assert bad != data
    assert any(expected in problem for problem in feedrules.errors(bad)), feedrules.errors(bad)
