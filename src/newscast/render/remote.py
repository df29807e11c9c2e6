"""remote: inputs that live on the web — URL arguments fetched, feeds turned into their articles.

Each URL is fetched once, conditionally when the library holds its episode (the page's ETag and
Last-Modified go back; a ``304`` means the episode is reused without downloading anything). A
page, or a file, that is an RSS or Atom feed stands for its items (``latest``: the newest N):
an item carrying its whole article is read from the feed, any other is fetched from its link —
unless the feed dates its last change before its episode was made (then nothing is asked for).
A feed is asked for with the validators of the copy the library kept of it (a 304 reads that
copy). The same article reached twice (a feed and a link, a tracking variant) is rendered once; requests
to one host are spaced by :data:`HOST_GAP`.

Addresses are checked where they enter (an argument, a feed's item; a redirect in fetch): a malformed
one fails that input alone. A feed's item links only where :class:`~newscast.sources.fetch.Access` allows (no
local or private address the user did not name), and an item is read from the feed only when the
feed is on the article's own site — another site's article is fetched from that site (and read
from the feed, saying so, only when that fails).
I/O: HTTP (fetch), the input files it sniffs for feeds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import feeds
from ..site import library
from ..sources.fetch import RETRY_AFTER_MAX, Access, Fetched, FetchError, fetch, host_of, is_url, normalize_url, same_site
from ..read.ingest import MAX_BYTES
from ..core.models import Episode

#: File names that may hold a feed (read to see whether they do).
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")


@dataclass(frozen=True)
class Inputs:
    """The inputs after the web was asked: sources in order, the pages fetched for the URL ones,
    and the URLs (or feed files) that failed, each with its one-line reason."""

    sources: tuple[str, ...]
    pages: dict[str, Fetched]
    failures: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = ()
    """One line each for what the user should know: an article read from its feed because its page failed."""


class Known:
    """The library's episodes by the address each was made from (as given, and by its identity),
    indexed once: a feed's items are each looked up without normalising every episode's link."""

    def __init__(self, episodes: tuple[Episode, ...]) -> None:
        self.by_source: dict[str, Episode] = {}
        self.by_link: dict[str, Episode] = {}
        for e in episodes:  # the first episode of an address wins, as in the library's order
            self.by_source.setdefault(e.source, e)
            if e.link:
                self.by_link.setdefault(normalize_url(e.link), e)

    def get(self, url: str) -> Episode | None:
        """The episode made from this address before (as given, or by its identity)."""
        return self.by_source.get(url) or self.by_link.get(normalize_url(url))


def previous(episodes: tuple[Episode, ...], url: str) -> Episode | None:
    """The episode made from this address before (as given, or by its identity)."""
    return Known(episodes).get(url)


def _seconds(iso: str) -> float:
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return 0.0


def readable(content_type: str) -> bool:
    """A type an article can come in (or none given: the bytes decide).

    >>> readable("text/html"), readable("application/xhtml+xml"), readable(""), readable("image/png")
    (True, True, True, False)
    """
    return (not content_type or content_type.startswith("text/") or content_type.endswith(("+xml", "/xml"))
            or content_type in ("application/xhtml+xml", "application/json"))


#: Seconds between two requests to the same host (a feed's twenty links are not a burst).
HOST_GAP = 0.5
_last_request: dict[str, float] = {}
#: host -> (the time its Retry-After ends, the answer that asked for it), for this process's run.
_asked_to_wait: dict[str, tuple[float, str]] = {}


def _get(url: str, known: Known, access: Access, validators: tuple[str, str] | None = None) -> Fetched:
    """Fetch ``url`` with the validators of its episode (or those given), spaced from the last
    request to its host; a host that asked to be left alone (429/503 with ``Retry-After``) is waited
    for when that is short, else not asked again in this run."""
    host = host_of(url)
    now = time.monotonic()
    until, why = _asked_to_wait.get(host, (0.0, ""))
    if until - now > RETRY_AFTER_MAX:
        raise FetchError(f"{url}: not asked: {host} answered {why} and asked newscast to wait "
                         f"{until - now:.0f} s more; try again later")
    wait = max(_last_request.get(host, 0.0) + HOST_GAP, until) - now
    if wait > 0:
        time.sleep(wait)
    try:
        if validators is None:
            old = known.get(url)
            validators = (old.etag, old.last_modified) if old else ("", "")
        return fetch(url, *validators, access=access)
    except FetchError as exc:
        if exc.retry_after is not None:
            _asked_to_wait[host] = (time.monotonic() + exc.retry_after, exc.status)
        raise
    finally:
        _last_request[host] = time.monotonic()


def _feed_file(source: str) -> bytes | None:
    """The bytes of a local file that is a feed, else None."""
    path = Path(source)
    if path.suffix.lower() not in FEED_SUFFIXES:
        return None
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None  # the full route reports it
    return data if feeds.is_feed(data) else None


def _get_feed_or_page(url: str, known: Known, folder: Path | None, access: Access) -> tuple[Fetched, bytes | None]:
    """A URL input fetched, and its feed's bytes when it is a feed: a feed rendered before is asked
    for with its validators, and its kept copy read when the answer is 304."""
    copy = library.feed_copy(folder, url) if folder is not None and known.get(url) is None else None
    got = _get(url, known, access, (copy[0], copy[1]) if copy else None)
    if copy is not None and got.not_modified:
        return got, copy[2]
    if got.status == 200 and feeds.is_feed(got.body, got.content_type):
        if folder is not None:
            library.keep_feed(folder, url, got.etag, got.last_modified, got.body)
        return got, got.body
    return got, None


@dataclass
class _Gather:
    """The inputs an expansion has gathered so far: article addresses and files in order, the pages
    fetched, what failed and the notes to show; each article once."""

    known: Known
    access: Access
    out: list[str] = field(default_factory=list)
    pages: dict[str, Fetched] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def article(self, url: str, page: Fetched | None = None, carried: feeds.Item | None = None) -> None:
        key = normalize_url(url)
        if key in self.seen:
            return
        self.seen.add(key)
        try:
            got = page or _get(url, self.known, self.access)
        except FetchError as exc:
            if carried is None:
                self.failed.append((url, str(exc)))
                return
            self.notes.append(f"note: {exc} — read from its feed instead")
            got = Fetched(url, url, 200, feeds.item_page(carried), "text/html", "utf-8")
        if not readable(got.content_type):
            self.failed.append((url, f"{url}: is not an article ({got.content_type}); pass the address of an article page"))
            return
        self.pages[url] = got
        self.out.append(url)

    def items(self, source: str, listed: list[feeds.Item], feed_url: str) -> None:
        """A feed's items: each an article, read from the feed, skipped as unchanged, or fetched."""
        for item in listed:
            if item.problem:
                self.failed.append((f"{source} item {item.title or item.link}",
                                    f"{source}: the item '{item.title[:80]}': {item.problem}; the feed's other items are read"))
                continue
            old = self.known.get(item.link)
            own_site = not feed_url or same_site(item.link, feed_url)
            if item.content and own_site:  # the feed carries the whole article, and is the article's own site
                self.article(item.link, Fetched(item.link, item.link, 200, feeds.item_page(item), "text/html", "utf-8"))
            elif old and item.updated and item.updated <= _seconds(old.pub_date):
                # the feed says the article has not changed since its episode was made: not even asked for
                self.article(item.link, Fetched(item.link, old.link or item.link, 304, etag=old.etag,
                                                last_modified=old.last_modified))
            else:  # another site's article is that site's to give, with what the feed carried if it fails
                self.article(item.link, carried=item if item.content else None)


def expand(sources: list[str], episodes: tuple[Episode, ...], latest: int | None = None,
           folder: Path | None = None, access: Access | None = None) -> Inputs:
    """Fetch the URL inputs and open the feeds (see the module's docstring); ``folder``: the output
    folder whose library keeps the feeds' copies; ``access``: where requests may go (default: the
    hosts ``sources`` name)."""
    access = access if access is not None else Access.naming(sources)
    gathered = _Gather(Known(episodes), access)
    for source in sources:
        feed_url = ""
        if is_url(source):
            try:
                got, data = _get_feed_or_page(source, gathered.known, folder, access)  # fetch checks the address first
            except FetchError as exc:
                gathered.failed.append((source, str(exc)))
                continue
            if data is None and not readable(got.content_type):
                gathered.failed.append((source, f"{source}: is neither an article nor a feed ({got.content_type}); pass the "
                                            "address of an article page or of a site's RSS/Atom feed"))
                continue
            if data is None:
                gathered.article(source, got)
                continue
            feed_url = got.final_url
        else:
            data = _feed_file(source)
            if data is None:
                gathered.out.append(source)
                continue
        try:
            listed = feeds.items(data, source, latest, base=feed_url)
        except FetchError as exc:
            gathered.failed.append((source, str(exc)))
            continue
        gathered.items(source, listed, feed_url)
    return Inputs(tuple(gathered.out), gathered.pages, tuple(gathered.failed), tuple(gathered.notes))
