"""pagetree: what the whole page around the extract says — the paragraphs of a body split by
ads that the extractor left out, posts the story embeds, blocks that belong to another story's
``<article>``, and the page's visible texts the extract does not hold (listed as dropped).

Pure: an lxml tree of the page and the extract's blocks in, blocks (or texts) out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from .htmlblocks import squash
from ..core.models import Block
from ..core.words import OPENING_CHARS, SENTENCE_END, comparable, opening, word_count


#: A paragraph recovered from the article's own containers must read like prose.
RECOVER_MIN_WORDS = 8
RECOVER_MAX_LINK_SHARE = 0.5
#: Recover only when the extract left at least this many prose paragraphs behind.
RECOVER_MIN_PARAGRAPHS = 3


def page_tree(html: str):  # noqa: ANN201 - an lxml element, or None
    """The whole page parsed by lxml (for what trafilatura's extract leaves out), or None."""
    try:
        import lxml.html

        return lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises its own parser errors on hostile pages
        return None


#: How many opening words a page text is looked up by in the extract.
HEAD_WORDS = 4
#: Opening words found in more places than this are searched for in the whole extract instead.
HEAD_PLACES = 32


class Extract:
    """The extract's blocks as comparable text, asked quickly whether a text of the page is in it
    (by its first words, not by scanning every block: a hostile page has thousands of them).

    >>> ex = Extract([Block("paragraph", "The pier reopens in March."), Block("paragraph", "Boats return, too.")])
    >>> ex.owner("pier reopens in march"), ex.owner("boats return too"), ex.holds("in march boats return"), ex.holds("the ferry")
    (0, 1, True, False)
    """

    def __init__(self, blocks: list[Block]) -> None:
        self.keys = [comparable(b.text) for b in blocks]
        self.openings = {k[:n] for k in self.keys for n in (OPENING_CHARS, len(k))}  # a block's text or its opening
        self.joined = " ".join(self.keys)
        self.ends: list[int] = []  # where each block ends in ``joined``
        self.heads: dict[str, list[int]] = {}  # HEAD_WORDS words -> where they start in ``joined``
        at = 0
        for k in self.keys:
            self.ends.append(at + len(k))
            at += len(k) + 1
        spans = list(re.finditer(r"\S+", self.joined))
        words = [m.group() for m in spans]
        for j, m in enumerate(spans):
            self.heads.setdefault(" ".join(words[j:j + HEAD_WORDS]), []).append(m.start())

    def _starts(self, probe: str) -> list[int] | None:
        """Where ``probe`` may start in the extract, by its first words (None: it is too short to
        look up that way, or its first words open too many places — a page repeating itself)."""
        words = probe.split()
        if len(words) <= HEAD_WORDS:
            return None
        places = self.heads.get(" ".join(words[:HEAD_WORDS]), [])
        return places if len(places) <= HEAD_PLACES else None

    def holds(self, probe: str) -> bool:
        """The comparable text ``probe`` is in the extract, within one block or across two."""
        if not probe:
            return False
        if probe in self.openings:
            return True
        starts = self._starts(probe)
        if starts is None:
            return probe in self.joined
        return any(self.joined.startswith(probe, at) for at in starts)

    def owner(self, probe: str) -> int | None:
        """Index of the first block holding the comparable text ``probe`` whole."""
        if not probe:
            return None
        starts = self._starts(probe)
        if starts is None:
            at = self.joined.find(probe)
            while at >= 0:  # the first place it fits inside one block
                i = bisect.bisect_left(self.ends, at)
                if at + len(probe) <= self.ends[i]:
                    return i
                at = self.joined.find(probe, at + 1)
            return None
        for at in starts:
            i = bisect.bisect_left(self.ends, at)
            if at + len(probe) <= self.ends[i] and self.joined.startswith(probe, at):
                return i
        return None


def recover_split_body(doc, blocks: list[Block]) -> list[Block]:  # noqa: ANN001 - doc: lxml element
    """Put back paragraphs the extractor dropped from the article's own containers.

    Many sites split the body into several containers of one kind (ads between
    them) or embed widgets among its paragraphs; the extractor may keep only
    part. The container that holds most of the extracted paragraphs (same tag
    and class) names the body; prose paragraphs in every container of that
    kind are merged in, in page order.
    """
    extract = Extract(blocks)

    def owner(text: str) -> int | None:
        """Index of the extracted block holding this paragraph's opening words, if any."""
        return extract.owner(opening(text))

    paragraphs = [p for p in doc.iter("p") if p.getparent() is not None]
    homes: dict[tuple[str, str], int] = {}
    for p in paragraphs:
        parent = p.getparent()
        if parent.get("class") and owner(p.text_content()) is not None:
            home = (str(parent.tag), parent.get("class"))
            homes[home] = homes.get(home, 0) + 1
    if not homes:
        return blocks
    home = max(homes, key=lambda h: homes[h])
    if homes[home] < 3:
        return blocks
    out: list[Block] = []
    done = 0  # blocks[:done] are in out
    added: set[str] = set()
    for p in paragraphs:
        parent = p.getparent()
        if (str(parent.tag), parent.get("class")) != home:
            continue
        text = squash(p.text_content())
        at = owner(text)
        if at is None and extract.holds(comparable(text)):
            continue  # kept already, cut in lines (a paragraph of <br> lines the extractor split)
        if at is not None:
            if at >= done:  # everything extracted up to this paragraph comes first
                out.extend(blocks[done:at + 1])
                done = at + 1
            continue
        key = opening(text, 80)
        links = sum(len(a.text_content()) for a in p.iter("a"))
        if (key and key not in added and word_count(text) >= RECOVER_MIN_WORDS
                and links <= RECOVER_MAX_LINK_SHARE * len(text) and SENTENCE_END.search(text)):
            out.append(Block(kind="paragraph", text=text, explicit=True))
            added.add(key)
    # a paragraph or two outside the extract is usually an "About us" box or a caption the
    # extractor was right to drop; a body split in parts leaves many behind
    return out + blocks[done:] if len(added) >= RECOVER_MIN_PARAGRAPHS else blocks


#: Posts embedded with Twitter's own markup: the extractor drops them, yet a story quotes them.
EMBEDDED_POST = '//blockquote[contains(concat(" ", normalize-space(@class), " "), " twitter-tweet ")]'
#: Picture and short links at the end of a post are not read.
POST_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://t\.co/\S+)")


def _post(quote) -> tuple[str, str]:  # noqa: ANN001 - an lxml <blockquote>
    """An embedded post's text and its credit line ("Dele, November 19, 2019")."""
    text = squash(POST_LINK.sub("", " ".join(p.text_content() for p in quote.iter("p"))))
    credit = squash(" ".join(t for t in quote.xpath("./text()|./*[not(self::p)]//text()|./*[not(self::p)]/text()")))
    credit = re.sub(r"\s*\(@\w+\)\s*", ", ", credit).strip(" ,").lstrip("—–- ")  # the dash is the page's typography
    return text, credit


def embedded_posts(doc, blocks: list[Block]) -> list[Block]:  # noqa: ANN001 - doc: lxml element
    """Put back posts embedded in the story (a tweet it quotes), as a quote and its credit line,
    after the extracted block they follow on the page. Only posts with extracted blocks before
    and after them: a feed of posts in a sidebar is not the story."""
    posts = set(doc.xpath(EMBEDDED_POST))
    if not posts:
        return blocks
    kept = Extract(blocks)
    where: dict[str, int] = {}
    for i, b in enumerate(blocks):
        where.setdefault(opening(b.text), i)
    last, pending, placed = -1, [], []
    for el in doc.iter(*PLACE_TAGS):
        if el in posts:
            text, credit = _post(el)
            if text and not kept.holds(opening(text)) and last >= 0:
                pending.append((last, text, credit))
            continue
        if any(a in posts for a in el.iterancestors("blockquote")):
            continue
        at = where.get(opening(el.text_content()))
        if at is not None and at >= last:
            placed.extend(pending)  # a block of the story follows them
            pending, last = [], at
    out = list(blocks)
    for at, text, credit in sorted(placed, key=lambda p: p[0], reverse=True):
        post = [Block(kind="quote", text=text, explicit=True)] + ([Block(kind="paragraph", text=credit, explicit=True)] if credit else [])
        out[at + 1:at + 1] = post
    return out


#: Elements a block of the extract is looked up by, to learn which ``<article>`` of the page holds it.
PLACE_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "dd", "dt", "blockquote", "figcaption", "pre")


def _kind_of(article) -> frozenset[str]:  # noqa: ANN001 - an lxml element
    """An ``<article>``'s class without the tokens that name one story ("post-1806").

    >>> import lxml.html
    >>> _kind_of(lxml.html.fromstring('<article class="entry post-12 type-post">x</article>')) == {"entry", "type-post"}
    True
    """
    return frozenset(c for c in (article.get("class") or "").split() if not re.search(r"\d", c))


def mark_elsewhere(doc, blocks: list[Block], title: str | None) -> list[Block]:  # noqa: ANN001 - doc: lxml element
    """Mark the blocks that the page holds only inside *another* story's ``<article>``.

    A page often sets its story in an ``<article>`` and teasers for other stories ("You may also
    like") in ``<article>`` elements of their own; the extractor may take both. The story's
    article is the one holding the title's ``<h1>``, else the one holding most of the extract's
    words; a block found only in articles of another kind (another class, story numbers aside),
    neither inside the story's article nor around it, is marked ``elsewhere``. Articles of the
    story's own kind (the entries of a live blog) are never marked.
    """
    index: dict[str, list] = {}
    for el in doc.iter(*PLACE_TAGS):
        index.setdefault(opening(el.text_content()), []).append(el)
    found_in: dict[str, frozenset] = {}  # a text's articles, once per text (a page may repeat one a thousand times)
    keys = [opening(b.text) for b in blocks]
    for key in keys:
        if key not in found_in:
            found_in[key] = frozenset(next(el.iterancestors("article"), None) for el in index.get(key, ()))
    homes = [found_in[key] for key in keys]
    words: dict = {}
    for b, found in zip(blocks, homes):
        if len(found) == 1 and None not in found:
            art = next(iter(found))
            words[art] = words.get(art, 0) + word_count(b.text)
    if len(words) < 2:
        return blocks
    heading = opening(title or "", 40)
    titled = [next(h.iterancestors("article"), None) for h in doc.iter("h1") if heading and opening(h.text_content(), 40) == heading]
    main = next((a for a in titled if a is not None), None)
    main = max(words, key=lambda a: words[a]) if main is None else main
    around = {main, *main.iterancestors("article")}

    def elsewhere(art) -> bool:  # noqa: ANN001
        return (art is not None and art not in around and main not in set(art.iterancestors("article"))
                and _kind_of(art) != _kind_of(main))

    marked = {key: bool(arts) and all(elsewhere(a) for a in arts) for key, arts in found_in.items()}
    return [replace(b, elsewhere=True) if marked[key] else b for b, key in zip(blocks, keys)]


#: Elements whose text is a unit a reader sees on the page (for listing what the extractor dropped).
VISIBLE_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "td", "dt", "dd", "button", "label")
#: At most this many dropped page texts are listed, each cut to DROPPED_CHARS.
DROPPED_MAX = 150
DROPPED_CHARS = 160


def dropped_by_extractor(doc, kept: list[Block]) -> list[str]:  # noqa: ANN001 - doc: lxml element
    """The page's visible text blocks that are not in the article, in page order:
    what the extractor removed (menus, teasers, footers), so a producer can see it.
    Prunes scripts and styles from ``doc``: call it last."""
    for bad in doc.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    article = Extract(kept)
    out: list[str] = []
    seen: set[str] = set()
    for el in doc.iter(*VISIBLE_BLOCKS):
        if any(a.tag in VISIBLE_BLOCKS for a in el.iterancestors()):
            continue  # its outermost block is listed
        text = squash(el.text_content())
        key = comparable(text)
        if not key or key in seen or article.holds(key[:OPENING_CHARS]):
            continue
        seen.add(key)
        out.append(text if len(text) <= DROPPED_CHARS else text[: DROPPED_CHARS - 1] + "…")
        if len(out) >= DROPPED_MAX:
            break
    return out
