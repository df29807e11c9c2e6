"""A feed checker for the tests, written from the rules of the W3C Feed
Validation Service (validator.w3.org/feed, the feedvalidator engine) and
Apple's podcast requirements, as far as they touch an RSS 2.0 podcast feed.

The W3C engine is not on PyPI, so it cannot run here; this module re-states
the rules that its source gives as *errors* (not warnings) for the elements we
write, and a few warnings that clients care about, so a test can fail on them:

- the document is well-formed XML 1.0, root ``rss`` version 2.0, one channel;
- channel: ``title`` (not blank), ``link`` (absolute URI), ``description``;
  ``language`` a language code; no core element twice;
- dates (``pubDate``, ``lastBuildDate``) match RFC 2822 exactly as the engine
  reads it (``Sat, 28 Nov 2026 03:50:00 +0000``), with the right weekday;
- ``enclosure``: ``url`` an http(s) URL whose host is an IPv4 address or a
  name with a dot (``localhost`` is an error), ``length`` a non-negative
  integer, ``type`` a MIME type; ``itunes:image href`` and ``image/url`` the same URL rule;
- ``guid``: present, unique; ``isPermaLink`` ``true`` or ``false``; a
  permalink guid must be a URL;
- iTunes: ``explicit`` ``true``/``false``; ``category``/subcategory from
  Apple's list; ``type`` ``episodic``/``serial``; ``episodeType``
  ``full``/``trailer``/``bonus``; ``episode`` a positive integer;
  ``duration`` ``S``, ``M:SS`` or ``H:MM:SS``; ``author`` at most 255
  characters, ``summary`` 4000; an ``owner`` has an ``email``; no element
  of the iTunes namespace that the engine does not define (``UndefinedElement``);
- no core RSS element the engine does not define in channel or item;
- Apple: unique enclosure URLs, ASCII file names, item description ≤ 4000 bytes;
- no C1 control characters or U+FFFD in text or attributes (``BadCharacters``).

Elements of namespaces the engine does not know (the Podcasting 2.0
namespace is one: it logs "UnsupportedNamespace", a warning) are not checked
by it; :func:`podcast_namespace_problems` checks ours against the namespace's spec.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from email.utils import parsedate_tz, mktime_tz
from urllib.parse import urlsplit

from lxml import etree

from newscast.settings.show import APPLE_CATEGORIES

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"

CHANNEL_CORE = {"title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate",
                "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput",
                "skipHours", "skipDays", "item"}
ITEM_CORE = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate", "source"}
ITUNES_ANY = {"author", "block", "explicit", "keywords", "subtitle", "summary", "image"}
ITUNES_CHANNEL = ITUNES_ANY | {"owner", "category", "pubDate", "new-feed-url", "type"}
ITUNES_ITEM = ITUNES_ANY | {"duration", "title", "episode", "season", "episodeType"}
SINGLE = {"title", "link", "description", "language", "copyright", "pubDate", "lastBuildDate", "generator", "image",
          "guid", "enclosure"}

RFC2822 = re.compile(r"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d\d:\d\d(:\d\d)? ([+-]?\d\d[03]0|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$")
HTTP_URL = re.compile(r"(http|https)://((\d{1,3}\.\d{1,3}\.\d{1,3}\.)|(([A-Z0-9\-]+\.)+))([A-Z0-9][-A-Z0-9]*)(:\d+)?(/|$)",
                      re.I)
URI_CHARS = re.compile(r"[a-zA-Z][0-9a-zA-Z+\-.]*:(//)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$")
MIME = re.compile(r"[^\s()<>,;:\\\"/\[\]?=]+/[^\s()<>,;:\\\"/\[\]?=]+$")
DURATION = re.compile(r"\d+(:[0-5][0-9](:[0-5][0-9])?)?$")
EMAIL = re.compile(r"[A-Z0-9_\-+.']+@(([0-9]{1,3}\.){3}|([A-Z0-9\-]+\.)+)[A-Z0-9][-A-Z0-9]*$", re.I)
LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*$", re.I)
BAD_CHARS = re.compile("[\x80-\x9f\ufffd]")
PERSON_ROLES = {"host", "guest", "co-host", "cover art designer", "producer", "editor", "author", "narrator"}


def _local(el: etree._Element) -> tuple[str, str]:
    q = etree.QName(el)
    return q.namespace or "", q.localname


def _date_problem(value: str, where: str) -> str:
    if not RFC2822.match(value):
        return f"{where}: '{value}' is not an RFC 2822 date"
    parsed = parsedate_tz(value)
    if parsed is None:
        return f"{where}: '{value}' cannot be read"
    if "," in value and date(*parsed[:3]).strftime("%a") != value[:3]:
        return f"{where}: '{value}' names the wrong weekday"
    mktime_tz(parsed)
    return ""


def _url_problem(value: str | None, where: str) -> str:
    if not value:
        return f"{where}: missing URL"
    if not HTTP_URL.match(value) or not URI_CHARS.match(value):
        return f"{where}: '{value}' is not an http(s) URL with an IP address or a dotted host name"
    return ""


def errors(feed: bytes) -> list[str]:
    """Everything the rules above call an error in ``feed`` (empty when it is valid)."""
    try:
        root = etree.fromstring(feed, etree.XMLParser(resolve_entities=False, recover=False))
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    out: list[str] = []
    for el in root.iter():
        texts = [el.text or ""] + list(el.attrib.values())
        if any(BAD_CHARS.search(t) for t in texts):
            out.append(f"{el.tag}: C1 control character or U+FFFD")
    if root.tag != "rss" or root.get("version") != "2.0":
        return out + ["root is not <rss version=\"2.0\">"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return out + ["there must be exactly one channel"]
    ch = channels[0]
    out += _children_problems(ch, "channel", CHANNEL_CORE, ITUNES_CHANNEL)
    for name in ("title", "link", "description"):
        if ch.find(name) is None:
            out.append(f"channel: missing <{name}>")
    if not (ch.findtext("title") or "").strip():
        out.append("channel: blank <title>")
    link = ch.findtext("link")
    if link is not None and not URI_CHARS.match(link.strip()):
        out.append(f"channel/link: '{link}' is not an absolute URI")
    lang = ch.findtext("language")
    if lang is not None and not LANGUAGE.match(lang):
        out.append(f"channel/language: '{lang}' is not a language code")
    for name in ("pubDate", "lastBuildDate"):
        if ch.findtext(name) is not None:
            out.append(_date_problem(ch.findtext(name), f"channel/{name}"))
    selfs = [a for a in ch.findall(f"{{{ATOM}}}link") if a.get("rel") == "self"]
    if not selfs:
        out.append("channel: no atom:link rel=self (MissingAtomSelfLink)")
    for a in selfs:
        if not URI_CHARS.match(a.get("href", "")):
            out.append(f"atom:link: href '{a.get('href')}' is not an absolute URI")
    image = ch.find("image")
    if image is not None:
        out.append(_url_problem(image.findtext("url"), "channel/image/url"))
        for name in ("title", "link"):
            if image.find(name) is None:
                out.append(f"channel/image: missing <{name}>")
    out += _itunes_channel(ch)
    guids: set[str] = set()
    urls: set[str] = set()
    for n, item in enumerate(ch.findall("item"), 1):
        out += _item(item, f"item {n}", guids, urls)
    return [p for p in out if p]


def _children_problems(parent: etree._Element, where: str, core: set[str], itunes: set[str]) -> list[str]:
    out = []
    seen: dict[str, int] = {}
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        ns, name = _local(child)
        if ns == "" and name not in core:
            out.append(f"{where}: <{name}> is not an RSS 2.0 element (UndefinedElement)")
        if ns == ITUNES and name not in itunes:
            out.append(f"{where}: <itunes:{name}> is not an iTunes element here (UndefinedElement)")
        if ns == "" and name in SINGLE:
            seen[name] = seen.get(name, 0) + 1
            if seen[name] == 2:
                out.append(f"{where}: <{name}> appears twice (DuplicateElement)")
        if ns == ITUNES and name != "category" and len(parent.findall(child.tag)) > 1 and seen.get(child.tag) is None:
            seen[child.tag] = 1
            out.append(f"{where}: <itunes:{name}> appears twice (DuplicateElement)")
    return out


def _truefalse(el: etree._Element | None, where: str) -> str:
    if el is not None and (el.text or "").lower() not in ("true", "false"):
        return f"{where}: '{el.text}' is not true or false"
    return ""


def _itunes_channel(ch: etree._Element) -> list[str]:
    i = f"{{{ITUNES}}}"
    out = [_truefalse(ch.find(i + "explicit"), "itunes:explicit")]
    cats = ch.findall(i + "category")
    if not cats:
        out.append("channel: no itunes:category (Apple requires one)")
    for cat in cats:
        top = cat.get("text")
        if top not in APPLE_CATEGORIES:
            out.append(f"itunes:category '{top}' is not an Apple category")
            continue
        for sub in cat.findall(i + "category"):
            if sub.get("text") not in APPLE_CATEGORIES[top]:
                out.append(f"itunes:category '{top}' has no subcategory '{sub.get('text')}'")
    kind = ch.findtext(i + "type")
    if kind is not None and kind not in ("episodic", "serial"):
        out.append(f"itunes:type '{kind}' is not episodic or serial")
    if ch.find(i + "image") is not None:
        out.append(_url_problem(ch.find(i + "image").get("href"), "channel/itunes:image"))
    elif not ch.findall("item"):
        pass
    for name, limit in (("author", 255), ("summary", 4000), ("subtitle", 255)):
        value = ch.findtext(i + name)
        if value is not None and len(value) > limit:
            out.append(f"itunes:{name} is longer than {limit} characters")
    owner = ch.find(i + "owner")
    if owner is not None:
        email = owner.findtext(i + "email")
        if email is None:
            out.append("itunes:owner has no itunes:email")
        elif not EMAIL.match(email):
            out.append(f"itunes:email '{email}' is not an e-mail address")
    return out


def _item(item: etree._Element, where: str, guids: set[str], urls: set[str]) -> list[str]:
    i = f"{{{ITUNES}}}"
    out = _children_problems(item, where, ITEM_CORE, ITUNES_ITEM)
    if item.find("title") is None and item.find("description") is None:
        out.append(f"{where}: neither title nor description")
    if item.find("title") is not None and not (item.findtext("title") or "").strip():
        out.append(f"{where}: blank title")
    guid = item.find("guid")
    if guid is None:
        out.append(f"{where}: no guid (clients re-download episodes without one)")
    else:
        perma = guid.get("isPermaLink")
        if perma is not None and perma not in ("true", "false"):
            out.append(f"{where}: guid isPermaLink='{perma}'")
        value = (guid.text or "").strip()
        if not value:
            out.append(f"{where}: blank guid")
        if perma != "false" and not URI_CHARS.match(value):
            out.append(f"{where}: permalink guid '{value}' is not a URL")
        if value in guids:
            out.append(f"{where}: guid '{value}' is not unique")
        guids.add(value)
    if item.findtext("pubDate") is not None:
        out.append(_date_problem(item.findtext("pubDate"), f"{where}/pubDate"))
    description = item.findtext("description")
    if description is not None and len(description.encode("utf-8")) > 4000:
        out.append(f"{where}: description longer than 4000 bytes (Apple)")
    enc = item.find("enclosure")
    if enc is not None:
        url = enc.get("url")
        out.append(_url_problem(url, f"{where}/enclosure"))
        if url:
            if url in urls:
                out.append(f"{where}: enclosure URL {url} is used twice (Apple)")
            urls.add(url)
            if not urlsplit(url).path.isascii():
                out.append(f"{where}: enclosure file name is not ASCII (Apple)")
            if url.rsplit(".", 1)[-1] not in ("m4a", "mp3", "mov", "mp4", "m4v", "pdf", "epub"):
                out.append(f"{where}: enclosure type not supported by Apple")
        length = enc.get("length")
        if length is None or not length.isdigit():
            out.append(f"{where}: enclosure length '{length}' is not a non-negative integer")
        if not MIME.match(enc.get("type") or ""):
            out.append(f"{where}: enclosure type '{enc.get('type')}' is not a MIME type")
    out.append(_truefalse(item.find(i + "explicit"), f"{where}/itunes:explicit"))
    duration = item.findtext(i + "duration")
    if duration is not None and not DURATION.match(duration):
        out.append(f"{where}: itunes:duration '{duration}'")
    episode = item.findtext(i + "episode")
    if episode is not None and not (episode.isdigit() and int(episode) > 0):
        out.append(f"{where}: itunes:episode '{episode}' is not a positive integer")
    kind = item.findtext(i + "episodeType")
    if kind is not None and kind not in ("full", "trailer", "bonus"):
        out.append(f"{where}: itunes:episodeType '{kind}'")
    if item.find(i + "image") is not None:
        out.append(_url_problem(item.find(i + "image").get("href"), f"{where}/itunes:image"))
    return out


def podcast_namespace_problems(feed: bytes) -> list[str]:
    """Our Podcasting 2.0 tags against the namespace's spec (podcastindex.org/namespace/1.0)."""
    root = etree.fromstring(feed)
    p = f"{{{PODCAST}}}"
    ch = root.find("channel")
    out = []
    guid = ch.findtext(p + "guid")
    try:
        if guid is not None and uuid.UUID(guid).version != 5:
            out.append("podcast:guid is not a version 5 UUID")
    except ValueError:
        out.append(f"podcast:guid '{guid}' is not a UUID")
    locked = ch.find(p + "locked")
    if locked is not None and locked.text not in ("yes", "no"):
        out.append(f"podcast:locked '{locked.text}'")
    for n, item in enumerate(ch.findall("item"), 1):
        for t in item.findall(p + "transcript"):
            if _url_problem(t.get("url"), "transcript") or not t.get("type"):
                out.append(f"item {n}: podcast:transcript needs url and type")
        for c in item.findall(p + "chapters"):
            if _url_problem(c.get("url"), "chapters") or c.get("type") != "application/json+chapters":
                out.append(f"item {n}: podcast:chapters needs url and type application/json+chapters")
        for person in item.findall(p + "person"):
            if not (person.text or "").strip() or (person.get("role") or "host").lower() not in PERSON_ROLES:
                out.append(f"item {n}: podcast:person '{person.text}' role '{person.get('role')}'")
    return out
