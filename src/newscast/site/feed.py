"""feed: build ``feed.xml`` (RSS 2.0 + itunes + podcast + atom namespaces)
and the episode page (``index.html``) from the episode library, written atomically."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from urllib.parse import quote, urljoin
from xml.etree import ElementTree as ET

from ..core.version import __version__
from ..settings.show import Show
from .cover import local_image, make_cover
from ..core.dates import rfc2822
from ..core.errors import PublishError
from ..core.models import Episode
from ..core.files import write_atomic

FEED_NAME = "feed.xml"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
#: Podcasting 2.0 namespace for channel GUIDs.
PODCAST_GUID_NS = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
for _prefix, _uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(_prefix, _uri)


def channel_guid(feed_url: str) -> str:
    """uuid5 of the feed URL without scheme and trailing slash (podcast:guid).

    >>> channel_guid("https://mp3s.nashownotes.com/pc20rss.xml")
    '917393e3-1b1e-5cef-ace4-edaa54e1f810'
    """
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NS, bare))


#: Apple's limit for an item's description.
DESCRIPTION_MAX_BYTES = 4000
#: Our speaker roles -> Podcasting 2.0 person roles (taxonomy group "cast").
PERSON_ROLES = {"interviewer": "host", "expert": "guest", "guest": "guest"}


def episode_numbers(episodes: tuple[Episode, ...]) -> dict[str, int]:
    """itunes:episode numbers: 1, 2, … in order of first publication (stable as episodes are added)."""
    ordered = sorted(episodes, key=lambda e: (e.pub_date, e.id))
    return {e.guid: n for n, e in enumerate(ordered, 1)}


def _bounded(text: str, limit: int) -> str:
    """At most ``limit`` UTF-8 bytes, cut at a word with an ellipsis.

    >>> _bounded("aaa bbb ccc ddd", 12)
    'aaa bbb…'
    """
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[: limit - 3].decode("utf-8", "ignore")
    return cut[: cut.rfind(" ")].rstrip() + "…" if " " in cut else cut + "…"


#: Characters XML 1.0 forbids, C1 controls (mojibake to feed readers) and U+FFFD.
_NOT_IN_FEEDS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]")


def feed_text(text: str) -> str:
    r"""``text`` without the characters a feed must not carry (the XML stays well-formed).

    >>> feed_text("Bad\x00 \x1btitle\x85\ufffd ok")
    'Bad title ok'
    """
    return _NOT_IN_FEEDS.sub("", text)


def _sub(parent: ET.Element, tag: str, content: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: feed_text(v) for k, v in attrs.items()})
    if content is not None:
        el.text = feed_text(content)
    return el


def _url(base: str, name: str) -> str:
    return urljoin(base if base.endswith("/") else base + "/", quote(name))


def show_image(out: Path, show: Show) -> str:
    """The channel cover's file name in ``out`` (or the configured URL).

    A URL in the config is used as is; a local file is copied beside the feed;
    with neither, a cover naming the show is generated.
    """
    if "://" in show.image:
        return show.image
    own = local_image(show.image)
    if own is not None:
        data, name = own, "cover" + (Path(show.image).suffix.lower() or ".jpg")
    else:
        data, name = make_cover(show.title), "cover.jpg"
    target = out / name
    if not target.exists() or target.read_bytes() != data:
        write_atomic(target, data)
    return name


def build_feed(show: Show, episodes: tuple[Episode, ...], image: str = "") -> bytes:
    """The feed document for ``episodes``, newest first; ``image`` is the channel
    cover's URL or file name relative to ``base_url``."""
    feed_url = _url(show.base_url, FEED_NAME)
    rss = ET.Element("rss", {"version": "2.0"})
    ch = _sub(rss, "channel")
    _sub(ch, "title", show.title)
    _sub(ch, "link", show.link)
    _sub(ch, "description", show.description)
    _sub(ch, "language", show.language)
    _sub(ch, "generator", f"newscast {__version__}")
    _sub(ch, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    if show.copyright:
        _sub(ch, "copyright", show.copyright)
    newest = sorted(episodes, key=lambda e: (e.pub_date, e.guid), reverse=True)
    if newest:
        _sub(ch, "lastBuildDate", rfc2822(newest[0].pub_date))
    _sub(ch, f"{{{ITUNES}}}author", show.author)
    _sub(ch, f"{{{ITUNES}}}summary", show.description)
    _sub(ch, f"{{{ITUNES}}}explicit", "true" if show.explicit else "false")
    _sub(ch, f"{{{ITUNES}}}type", "episodic")
    cat = _sub(ch, f"{{{ITUNES}}}category", None, text=show.category)
    if show.subcategory:
        _sub(cat, f"{{{ITUNES}}}category", None, text=show.subcategory)
    if image:
        image_url = image if "://" in image else _url(show.base_url, image)
        _sub(ch, f"{{{ITUNES}}}image", href=image_url)
        img = _sub(ch, "image")
        _sub(img, "url", image_url)
        _sub(img, "title", show.title)
        _sub(img, "link", show.link)
    if show.owner_name or show.owner_email:
        owner = _sub(ch, f"{{{ITUNES}}}owner")
        _sub(owner, f"{{{ITUNES}}}name", show.owner_name or show.author)
        if show.owner_email:
            _sub(owner, f"{{{ITUNES}}}email", show.owner_email)
    _sub(ch, f"{{{PODCAST}}}guid", channel_guid(feed_url))
    locked = _sub(ch, f"{{{PODCAST}}}locked", "no")
    if show.owner_email:
        locked.set("owner", show.owner_email)
    numbers = episode_numbers(episodes)
    for ep in newest:
        item = _sub(ch, "item")
        _sub(item, "title", ep.title)
        if ep.link:
            _sub(item, "link", ep.link)  # the article it was made from
        _sub(item, "description", _bounded(ep.description, DESCRIPTION_MAX_BYTES))
        _sub(item, "guid", ep.guid, isPermaLink="false")
        _sub(item, "pubDate", rfc2822(ep.pub_date))
        _sub(item, "enclosure", url=_url(show.base_url, ep.mp3), length=str(ep.size_bytes), type="audio/mpeg")
        _sub(item, f"{{{ITUNES}}}duration", str(round(ep.duration_s)))
        if show.episode_numbers:
            _sub(item, f"{{{ITUNES}}}episode", str(numbers[ep.guid]))
        _sub(item, f"{{{ITUNES}}}episodeType", "full")
        _sub(item, f"{{{ITUNES}}}explicit", "true" if show.explicit else "false")
        if ep.image:
            _sub(item, f"{{{ITUNES}}}image", href=_url(show.base_url, ep.image))
        if ep.chapters_file:
            _sub(item, f"{{{PODCAST}}}chapters", url=_url(show.base_url, ep.chapters_file), type="application/json+chapters")
        for name in ep.transcripts:
            kind = "text/vtt" if name.endswith(".vtt") else "application/x-subrip"
            _sub(item, f"{{{PODCAST}}}transcript", url=_url(show.base_url, name), type=kind, language=show.language)
        for person, role in ep.speakers:
            _sub(item, f"{{{PODCAST}}}person", person, role=PERSON_ROLES.get(role, "guest"), group="cast")
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def publish(out: Path, show: Show, episodes: tuple[Episode, ...]) -> Path:
    """Write ``feed.xml`` into ``out``; return its path."""
    from .page import PAGE_NAME, build_page

    path = out / FEED_NAME
    try:
        image = show_image(out, show)
        write_atomic(path, build_feed(show, episodes, image))
        write_atomic(out / PAGE_NAME, build_page(out, show, episodes, image).encode("utf-8"))
    except OSError as exc:
        raise PublishError(f"{path}: cannot write the feed ({exc.strerror}); check the folder's permissions and free space") from None
    return path
