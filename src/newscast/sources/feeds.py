"""feeds: a site's RSS or Atom feed as the articles to render — read with feedparser.

An item whose entry carries the whole article (RSS ``content:encoded``, Atom ``content``:
see :func:`carries_article`) is read from the feed; any other item is fetched from its link.
``latest`` keeps the newest items (by their date, else their order in the feed). An item's link
is resolved against the feed's address (relative links are valid in Atom and common in RSS) and
must then be an http(s) address: it is the article's identity. An item whose link is not one
comes back with its ``problem`` said.

Pure: bytes in, items out.
"""

from __future__ import annotations

import calendar
import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from ..core.errors import FetchError, printable
from .urls import check_url

#: An entry's content this long is the article itself, not a teaser ...
FULL_TEXT_WORDS = 120
#: ... and so is a shorter one in this many paragraphs, of at least FULL_TEXT_MIN_WORDS words.
FULL_TEXT_PARAGRAPHS = 3
FULL_TEXT_MIN_WORDS = 40
#: Content that ends by sending the reader to the site is a teaser, whatever its length.
READ_MORE = re.compile(r"(?:continue reading|read more|read the full|weiterlesen|mehr lesen|lire la suite|leer m[aá]s|"
                       r"sigue leyendo|leia mais|continua a leggere|leggi tutto|lees verder|читать далее)\W*$|"
                       r"\[(?:…|\.\.\.)\]\s*$", re.I)
PARAGRAPH = re.compile(r"<\s*(?:p|br|li|h[1-6]|blockquote|div)\b[^>]*>|\n\s*\n", re.I)
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
    problem: str = ""
    """Why the item cannot be rendered (its link is no web address), else empty."""


def is_feed(data: bytes, content_type: str = "") -> bool:
    """An RSS or Atom document (by its type, else by its root element).

    >>> is_feed(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>'), is_feed(b"<html><body>x</body></html>")
    (True, False)
    """
    if content_type in FEED_TYPES:
        return True
    head = data[:4096].lstrip()
    return bool(FEED_ROOT.search(head)) and not re.search(rb"<html[\s>]", head[:512], re.I)


def _text(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", html.unescape(markup))


def _words(markup: str) -> int:
    return len(_text(markup).split())


def carries_article(content: str, summary: str = "") -> bool:
    """Whether an entry's content is the whole article, not a teaser: long (FULL_TEXT_WORDS), or
    several paragraphs of some length; much longer than the entry's own summary when that
    differs; not ending with a "read more" link.

    >>> para = "<p>The harbour reopened on Monday after the storm had closed it for nine days.</p>"
    >>> carries_article(para * 4), carries_article(para), carries_article(para * 4 + "<p><a href=x>Continue reading</a></p>")
    (True, False, False)
    >>> carries_article(para * 4, summary=para * 3)
    False
    """
    words = _words(content)
    paragraphs = sum(1 for block in PARAGRAPH.split(content) if len(_text(block).split()) >= 3)
    if words < FULL_TEXT_WORDS and not (paragraphs >= FULL_TEXT_PARAGRAPHS and words >= FULL_TEXT_MIN_WORDS):
        return False
    if READ_MORE.search(_text(content).strip()):
        return False
    said = _words(summary)
    same = " ".join(_text(summary).split()) == " ".join(_text(content).split())
    return same or said * 1.5 <= words


def _link(entry: dict, base: str) -> tuple[str, str]:
    """The entry's link as an absolute http(s) address, and the problem when it is none."""
    raw = (entry.get("link") or "").strip()
    try:
        link = urljoin(base, raw) if base else raw
    except ValueError:
        link = raw
    try:
        return check_url(link), ""
    except FetchError as exc:
        where = "" if base else " (a feed file's relative links need the feed's <link>)"
        return raw, f"its link {str(exc).split(': ', 1)[-1]}{where}"


def items(data: bytes, source: str, latest: int | None = None, base: str = "") -> list[Item]:
    """The feed's articles, newest first when it dates them; ``latest`` keeps that many. Relative
    links are resolved against ``base`` (the feed's address), else the feed's own ``<link>``."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = f" ({printable(str(parsed.bozo_exception))})" if parsed.get("bozo") else ""
        raise FetchError(f"{source}: the feed has no items{problem}; check the feed address")
    if not base and isinstance(parsed.feed.get("link"), str):
        base = parsed.feed["link"]
    out: list[Item] = []
    for entry in parsed.entries:
        if not (entry.get("link") or "").strip():
            continue
        link, problem = _link(entry, base)
        # dict.get: feedparser's own get maps a missing updated_parsed to published_parsed, with a warning
        when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        changed = dict.get(entry, "updated_parsed") or when
        full = max((c.get("value", "") for c in entry.get("content", [])), key=len, default="")
        out.append(Item(link=link, title=" ".join(html.unescape(entry.get("title", "")).split()),
                        published=float(calendar.timegm(when)) if when else 0.0,
                        content=full if carries_article(full, entry.get("summary", "")) else "",
                        updated=float(calendar.timegm(changed)) if changed else 0.0, problem=problem))
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
