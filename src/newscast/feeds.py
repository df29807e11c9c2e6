"""feeds: a site's RSS or Atom feed as the articles to render — read with feedparser.

An item whose entry carries the whole article (RSS ``content:encoded``, Atom ``content``, at
least :data:`FULL_TEXT_WORDS` words) is read from the feed; any other item is fetched from its
link. ``latest`` keeps the newest items (by their date, else their order in the feed).

Pure: bytes in, items out.
"""

from __future__ import annotations

import calendar
import html
import re
from dataclasses import dataclass

from .errors import FetchError

#: An entry's content this long is the article itself, not a teaser.
FULL_TEXT_WORDS = 120
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)


@dataclass(frozen=True)
class Item:
    """One article a feed lists."""

    link: str
    title: str
    published: float = 0.0
    """Seconds since the epoch (0 when the entry has no date)."""
    updated: float = 0.0
    """When the entry says it last changed (its update date, else its publication date; 0: unknown)."""
    content: str = ""
    """The article's HTML when the feed carries it whole, else empty (fetch the link)."""


def is_feed(data: bytes, content_type: str = "") -> bool:
    """An RSS or Atom document (by its type, else by its root element).

    >>> is_feed(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>'), is_feed(b"<html><body>x</body></html>")
    (True, False)
    """
    if content_type in FEED_TYPES:
        return True
    head = data[:4096].lstrip()
    return bool(FEED_ROOT.search(head)) and not re.search(rb"<html[\s>]", head[:512], re.I)


def _words(markup: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", html.unescape(markup)).split())


def items(data: bytes, source: str, latest: int | None = None) -> list[Item]:
    """The feed's articles, newest first when it dates them; ``latest`` keeps that many."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise FetchError(f"{source}: the feed has no items{problem}; check the feed address")
    out: list[Item] = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        # dict.get: feedparser's own get maps a missing updated_parsed to published_parsed, with a warning
        when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        changed = dict.get(entry, "updated_parsed") or when
        full = max((c.get("value", "") for c in entry.get("content", [])), key=len, default="")
        out.append(Item(link=link, title=html.unescape(entry.get("title", "")).strip(),
                        published=float(calendar.timegm(when)) if when else 0.0,
                        content=full if _words(full) >= FULL_TEXT_WORDS else "",
                        updated=float(calendar.timegm(changed)) if changed else 0.0))
    if not out:
        raise FetchError(f"{source}: no item of the feed links to an article; check the feed address")
    if any(i.published for i in out):
        out.sort(key=lambda i: -i.published)
    return out[:latest] if latest else out


def item_page(item: Item) -> bytes:
    """A feed item's full text as a small HTML page: its title, its canonical link, its content.

    >>> b"<link rel=\\"canonical\\" href=\\"https://x.org/a\\">" in item_page(Item("https://x.org/a", "T", 0, "<p>Hi</p>"))
    True
    """
    title = html.escape(item.title)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="canonical" href="{html.escape(item.link, quote=True)}"></head>'
            f"<body><article><h1>{title}</h1>{item.content}</article></body></html>").encode("utf-8")
