"""parse: turn an article's text into structural blocks, whatever its format.

- HTML: trafilatura finds the article in the page (its XML output keeps
  headings, lists, quotes and bold runs) and the page's metadata.
- Markdown: markdown-it-py's token stream.
- Plain text: layout (blank lines, bullet marks, wrapped lines); whether a
  short line is a heading is decided later, by segment.

Pure: strings in, an Article with ``blocks`` out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .errors import IngestError
from .htmlblocks import html_blocks, note, squash
from .language import detect_language, html_language
from .models import Article, Block

#: A bullet or numbered-list mark at the start of a plain-text line.
BULLET = re.compile(r"^\s*(?:[•·◦▪●‣*+\-–]|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"[.!?:;\"”’)\]。！？」』）]$")
#: Characters of scripts written without spaces (Chinese, Japanese): about two make a word.
UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def word_count(text: str) -> int:
    """Words in ``text``, counting two Chinese or Japanese characters as one (they have no spaces).

    >>> word_count("Three short words"), word_count("報道によると、今回販売されたのは、いわゆる「脱獄」したiPhone。")
    (3, 13)
    """
    unspaced = len(UNSPACED.findall(text))
    return len(UNSPACED.sub("", text).split()) + (unspaced + 1) // 2



def split_blocks(text: str) -> list[str]:
    """Split plain text into blocks: one per paragraph, heading or bullet item.

    Blank lines separate blocks; inside a group of lines, a bullet mark or a
    line ending a sentence starts a new block, so hard-wrapped paragraphs are
    joined again while one-paragraph-per-line pastes stay apart.

    >>> split_blocks("Title\\n\\nOne line\\nwrapped here.\\n  • a\\n  • b")
    ['Title', 'One line wrapped here.', '• a', '• b']
    """
    blocks: list[str] = []
    for group in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for line in group.split("\n"):
            line = line.strip()
            if not line:
                continue
            if current and (BULLET.match(line) or SENTENCE_END.search(current[-1])):
                blocks.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            blocks.append(" ".join(current))
    return blocks


def text_blocks(text: str) -> tuple[Block, ...]:
    """Plain text: bullets by their marks, everything else a paragraph for now.

    >>> [(b.kind, b.text) for b in text_blocks("Head\\n\\n- one\\n- two")]
    [('paragraph', 'Head'), ('bullet', 'one'), ('bullet', 'two')]
    """
    blocks = []
    for b in split_blocks(text):
        mark = BULLET.match(b)
        blocks.append(Block(kind="bullet", text=b[mark.end():], marker=mark.group(0).strip()) if mark
                      else Block(kind="paragraph", text=b))
    return tuple(blocks)


def _inline_text(children: list) -> tuple[str, str, bool, bool]:
    """Plain text of markdown-it inline tokens, the bold text it opens with, and whether it is
    all bold and all italic."""
    parts: list[str] = []
    lead: list[str] = []
    depth, leading, plain_outside = 0, True, False
    em, upright = 0, False
    for tok in children:
        if tok.type == "strong_open":
            depth += 1
        elif tok.type == "strong_close":
            depth -= 1
            if depth == 0 and leading:
                leading = False if lead else leading
        elif tok.type in ("em_open", "em_close"):
            em += 1 if tok.type == "em_open" else -1
        elif tok.type in ("text", "code_inline"):
            parts.append(tok.content)
            upright = upright or (not em and bool(tok.content.strip()))
            if depth and leading:
                lead.append(tok.content)
            elif re.search(r"\w", tok.content):  # a "?" after the bold run leaves the line bold
                plain_outside = True
                leading = False
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append("\n" if tok.type == "hardbreak" else " ")
    text = "".join(parts)
    return text, squash("".join(lead)), bool(lead) and not plain_outside, bool(text.strip()) and not upright


def markdown_blocks(text: str, language: str | None = None, left: list[str] | None = None) -> tuple[Block, ...]:
    """Markdown: headings, paragraphs, list items, block quotes, with bold leads.

    >>> [(b.kind, b.text, b.lead) for b in markdown_blocks("# T\\n\\n**Q:** Why?\\n\\n- a *b*\\n\\n> said")]
    [('heading', 'T', ''), ('paragraph', 'Q: Why?', 'Q:'), ('bullet', 'a b', ''), ('quote', 'said', '')]
    """
    from markdown_it import MarkdownIt

    blocks: list[Block] = []
    stack: list[str] = []
    for tok in MarkdownIt("commonmark").parse(text):
        if tok.type.endswith("_open") and tok.type != "paragraph_open":
            stack.append(tok.type[:-5])
        elif tok.type.endswith("_close") and tok.type != "paragraph_close" and stack:
            stack.pop()
        elif tok.type == "inline":
            body, lead, bold, italic = _inline_text(tok.children or [])
            kind = ("heading" if "heading" in stack[-1:] else "bullet" if "list_item" in stack
                    else "quote" if "blockquote" in stack else "paragraph")
            lines = [squash(line) for line in (body.split("\n") if kind == "paragraph" else [body])]
            for n, line in enumerate(x for x in lines if x):
                blocks.append(Block(kind=kind, text=line, lead=lead if n == 0 else "", bold=bold, explicit=True,
                                    italic=italic))
        elif tok.type in ("fence", "code_block") and tok.content.strip():  # code is not read aloud: a note says so
            blocks.append(note("code", language))
            if left is not None:
                left.append("code: " + tok.content.strip().splitlines()[0][:120])
    return tuple(blocks)


#: A paragraph recovered from the article's own containers must read like prose.
RECOVER_MIN_WORDS = 8
RECOVER_MAX_LINK_SHARE = 0.5
#: Recover only when the extract left at least this many prose paragraphs behind.
RECOVER_MIN_PARAGRAPHS = 3


def comparable(text: str) -> str:
    """Text reduced to lowercase words, for comparing blocks however they are punctuated.

    >>> comparable("  Hello, World! ")
    'hello world'
    """
    return re.sub(r"\W+", " ", text).strip().lower()


def _key(text: str) -> str:
    return comparable(text)[:80]


def page_tree(html: str):  # noqa: ANN201 - an lxml element, or None
    """The whole page parsed by lxml (for what trafilatura's extract leaves out), or None."""
    try:
        import lxml.html

        return lxml.html.fromstring(html)
    except Exception:  # lxml raises its own parser errors on hostile pages
        return None


def recover_split_body(doc, blocks: list[Block]) -> list[Block]:  # noqa: ANN001 - doc: lxml element
    """Put back paragraphs the extractor dropped from the article's own containers.

    Many sites split the body into several containers of one kind (ads between
    them) or embed widgets among its paragraphs; the extractor may keep only
    part. The container that holds most of the extracted paragraphs (same tag
    and class) names the body; prose paragraphs in every container of that
    kind are merged in, in page order.
    """
    keys = [comparable(b.text) for b in blocks]
    kept = " ".join(keys)  # never re-add what the extractor kept, however it cut it into blocks

    def owner(text: str) -> int | None:
        """Index of the extracted block holding this paragraph's opening words, if any."""
        probe = _key(text)[:60]
        return next((i for i, k in enumerate(keys) if probe and probe in k), None) if probe else None

    paragraphs = [p for p in doc.iter("p") if p.getparent() is not None]
    homes: dict[tuple[str, str], int] = {}
    for p in paragraphs:
        parent = p.getparent()
        if parent.get("class") and owner(p.text_content()) is not None:
            home = (str(parent.tag), parent.get("class"))
            homes[home] = homes.get(home, 0) + 1
    if not homes:
        return blocks
    home = max(homes, key=homes.get)
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
        if at is None and comparable(text) in kept:
            continue  # kept already, cut in lines (a paragraph of <br> lines the extractor split)
        if at is not None:
            if at >= done:  # everything extracted up to this paragraph comes first
                out.extend(blocks[done:at + 1])
                done = at + 1
            continue
        key = _key(text)
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
    """An embedded post's text and its credit line ("— Dele, November 19, 2019")."""
    text = squash(POST_LINK.sub("", " ".join(p.text_content() for p in quote.iter("p"))))
    credit = squash(" ".join(t for t in quote.xpath("./text()|./*[not(self::p)]//text()|./*[not(self::p)]/text()")))
    credit = re.sub(r"\s*\(@\w+\)\s*", ", ", credit).strip(" ,")
    return text, credit


def embedded_posts(doc, blocks: list[Block]) -> list[Block]:  # noqa: ANN001 - doc: lxml element
    """Put back posts embedded in the story (a tweet it quotes), as a quote and its credit line,
    after the extracted block they follow on the page. Only posts with extracted blocks before
    and after them: a feed of posts in a sidebar is not the story."""
    posts = set(doc.xpath(EMBEDDED_POST))
    if not posts:
        return blocks
    kept = " ".join(comparable(b.text) for b in blocks)
    where = {}
    for i, b in enumerate(blocks):
        where.setdefault(_key(b.text)[:60], i)
    last, pending, placed = -1, [], []
    for el in doc.iter(*PLACE_TAGS):
        if el in posts:
            text, credit = _post(el)
            if text and comparable(text)[:60] not in kept and last >= 0:
                pending.append((last, text, credit))
            continue
        if any(a in posts for a in el.iterancestors("blockquote")):
            continue
        at = where.get(_key(el.text_content())[:60])
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
        index.setdefault(_key(el.text_content())[:60], []).append(el)
    found_in: dict[str, frozenset] = {}  # a text's articles, once per text (a page may repeat one a thousand times)
    keys = [_key(b.text)[:60] for b in blocks]
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
    heading = _key(title or "")[:40]
    titled = [next(h.iterancestors("article"), None) for h in doc.iter("h1") if heading and _key(h.text_content())[:40] == heading]
    main = next((a for a in titled if a is not None), None)
    main = max(words, key=words.get) if main is None else main
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
    article = " ".join(comparable(b.text) for b in kept)
    out: list[str] = []
    seen: set[str] = set()
    for el in doc.iter(*VISIBLE_BLOCKS):
        if any(a.tag in VISIBLE_BLOCKS for a in el.iterancestors()):
            continue  # its outermost block is listed
        text = squash(el.text_content())
        key = comparable(text)
        if not key or key in seen or key[:60] in article:
            continue
        seen.add(key)
        out.append(text if len(text) <= DROPPED_CHARS else text[: DROPPED_CHARS - 1] + "…")
        if len(out) >= DROPPED_MAX:
            break
    return out


#: What parse puts back that the extractor left out, by name: ``parse(article, skip={name})``
#: runs without it (benchmarks/extraction.py judges each on pages it was not written against).
PARSE_RULES = ("split-body recovery", "embedded posts")


def parse(article: Article, skip: frozenset[str] = frozenset()) -> Article:
    """Set ``blocks`` (and, for HTML, the page's metadata); ``skip`` names parse rules to leave out."""
    if article.format == "html":
        blocks, meta, left = html_blocks(article.text, article.source, html_language(article.text))
        if not blocks:
            raise IngestError(f"{article.source}: no article text found in the page; save the article page itself, or pass its text")
        doc = page_tree(article.text)  # parsed once: split-body recovery, then the list of what was dropped
        blocks = tuple(recover_split_body(doc, list(blocks))) if doc is not None and PARSE_RULES[0] not in skip else blocks
        blocks = tuple(embedded_posts(doc, list(blocks))) if doc is not None and PARSE_RULES[1] not in skip else blocks
        blocks = tuple(mark_elsewhere(doc, list(blocks), meta.get("title"))) if doc is not None else blocks
        dropped = dropped_by_extractor(doc, list(blocks)) if doc is not None else []
        return article.with_(blocks=blocks, title=meta.get("title"), author=meta.get("author"), date=meta.get("date"),
                             site_name=meta.get("site_name"), url=meta.get("url"), description=meta.get("description"),
                             language=html_language(article.text) or detect_language(" ".join(b.text for b in blocks)),
                             removed=tuple(dict.fromkeys((*article.removed, *left, *dropped))))
    left: list[str] = []
    if article.format == "markdown":
        blocks = markdown_blocks(article.text, detect_language(article.text), left)
    else:
        blocks = text_blocks(article.text)
    return article.with_(blocks=blocks, language=detect_language(" ".join(b.text for b in blocks)),
                         removed=(*article.removed, *left))
