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

from ..core.errors import IngestError
from .htmlblocks import html_blocks, note, squash
from .language import detect_language, html_language
from ..core.models import Article, Block, BlockKind
from .pagetree import dropped_by_extractor, embedded_posts, mark_elsewhere, page_tree, recover_split_body
from ..core.words import SENTENCE_END

#: A bullet or numbered-list mark at the start of a plain-text line.
BULLET = re.compile(r"^\s*(?:[•·◦▪●‣*+\-–]|\d{1,2}[.)])\s+")
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
            kind: BlockKind = ("heading" if "heading" in stack[-1:] else "bullet" if "list_item" in stack
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


#: What parse puts back that the extractor left out, by name: ``parse(article, skip={name})``
#: runs without it (benchmarks/extraction.py judges each on pages it was not written against).
PARSE_RULES = ("split-body recovery", "embedded posts")


def parse(article: Article, skip: frozenset[str] = frozenset()) -> Article:
    """Set ``blocks`` (and, for HTML, the page's metadata); ``skip`` names parse rules to leave out."""
    if article.format == "html":
        blocks, meta, unread = html_blocks(article.text, article.source, html_language(article.text))
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
                             removed=tuple(dict.fromkeys((*article.removed, *unread, *dropped))))
    left: list[str] = []
    if article.format == "markdown":
        blocks = markdown_blocks(article.text, detect_language(article.text), left)
    else:
        blocks = text_blocks(article.text)
    return article.with_(blocks=blocks, language=detect_language(" ".join(b.text for b in blocks)),
                         removed=(*article.removed, *left))
