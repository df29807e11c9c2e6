"""clean: drop page boilerplate (breadcrumbs, comment forms, ad notices), find
the title, and record everything removed.

Rules are tables: a new kind of junk is a row in :data:`JUNK_BLOCKS` or
:data:`JUNK_SENTENCES`, not a new branch.
"""

from __future__ import annotations

import re

from .errors import IngestError
from .models import Article

#: Whole blocks (lines) that are page furniture, matched case-insensitively
#: against the stripped block. (name, pattern)
JUNK_BLOCKS: tuple[tuple[str, str], ...] = (
    ("related", r"(you may also like|you might also like|related( articles| posts| stories)?|more from .{1,40}|recommended( for you)?|read (more|next|also)|see also)\s*:?"),
    ("comment form", r"(leave a (comment|reply)|post comment|\d* ?comments?|join the (conversation|discussion)|cancel reply)"),
    ("comment notice", r"(this site uses akismet to reduce spam\..*|your email address will not be published\..*|save my name, email,? and website .*|required fields are marked.*)"),
    ("ad-block notice", r"(adblock(er)? detected|ad ?blocker detected|please (support us by )?disabl(e|ing) your ad ?blocker.*|we noticed you('| a)re using an ad ?blocker.*)"),
    ("advertisement", r"(advertisement|sponsored( content)?|ad)"),
    ("share prompt", r"(share (this|on) .{0,40}|share|tweet|follow us( on .{1,40})?|click to share.*)"),
    ("newsletter", r"((sign up|subscribe) (for|to) (our|the) .{0,40}newsletter.*|subscribe( now)?)"),
    ("cookie notice", r"(we use cookies.*|this (web)?site uses cookies.*|accept (all )?cookies)"),
    ("photo credit", r"((photo|image|picture) ?(credit)?: .{1,80}|getty images|©.{1,80})"),
)

#: Sentences inside a kept block that are calls to action, not story.
JUNK_SENTENCES: tuple[tuple[str, str], ...] = (
    ("call to comment", r"(share|leave|tell us|let us know) your (thoughts|views|opinion)s? in the comments( (section )?below)?[.!]"),
    ("call to comment", r"let us know (what you think )?in the comments( below)?[.!]"),
)

#: Separators used by breadcrumb trails ("Home » world » …").
BREADCRUMB = re.compile(r"^\s*(?P<crumb>(home|start|news)\s*[»›>|/](?:[^»›>|/\n]{1,40}[»›>|/])*)\s*(?P<rest>.*)$", re.I)
BULLET = re.compile(r"^\s*(?:[•·◦▪●‣*+\-–]|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")

_JUNK_BLOCK_RES = tuple((name, re.compile(rf"^(?:{pat})$", re.I)) for name, pat in JUNK_BLOCKS)
_JUNK_SENTENCE_RES = tuple((name, re.compile(rf"\s*(?:{pat})", re.I)) for name, pat in JUNK_SENTENCES)


def split_blocks(text: str) -> list[str]:
    """Split text into blocks: one per paragraph, heading or bullet item.

    Blank lines separate blocks; inside a group of lines, a bullet marker or a
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


def junk_kind(block: str) -> str | None:
    """Name of the boilerplate rule a whole block matches, or None.

    >>> junk_kind("Leave a Comment"), junk_kind("Adblock Detected"), junk_kind("Russia Stands Firm")
    ('comment form', 'ad-block notice', None)
    """
    for name, rx in _JUNK_BLOCK_RES:
        if rx.match(block.strip()):
            return name
    return None


def strip_junk_sentences(block: str) -> tuple[str, list[str]]:
    """Remove call-to-action sentences from a block; return (kept, removed).

    >>> strip_junk_sentences("What do you think? Share your thoughts in the comments below!")
    ('What do you think?', ['Share your thoughts in the comments below!'])
    """
    removed: list[str] = []
    for _name, rx in _JUNK_SENTENCE_RES:
        for m in list(rx.finditer(block)):
            removed.append(m.group(0).strip())
        block = rx.sub("", block)
    return block.strip(), removed


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return norm(a) == norm(b)


def clean(article: Article) -> Article:
    """Remove boilerplate, find the title, record what was dropped."""
    removed: list[str] = []
    kept: list[str] = []
    crumb_title: str | None = None
    for block in split_blocks(article.text):
        if not kept and crumb_title is None:
            m = BREADCRUMB.match(block)
            if m and m.group("crumb").count("»") + m.group("crumb").count("›") + m.group("crumb").count(">") >= 1:
                removed.append(m.group("crumb").strip())
                crumb_title = m.group("rest").strip() or None
                continue
        if crumb_title is not None and not kept and _same(block, crumb_title):
            removed.append(block)  # the title, printed twice: in the breadcrumb and on its own
            continue
        if junk_kind(block):
            removed.append(block)
            continue
        block, dropped = strip_junk_sentences(block)
        removed.extend(dropped)
        if block:
            kept.append(block)
    if not kept:
        raise IngestError(f"{article.source}: no article text left after removing page boilerplate; pass the article itself")
    title = crumb_title if crumb_title is not None else kept.pop(0)
    while kept and _same(kept[0], title):  # repeated title lines
        removed.append(kept.pop(0))
    if not kept:
        raise IngestError(f"{article.source}: holds only a title, no article text; pass the full article")
    return article.with_(text="\n\n".join(kept), title=BULLET.sub("", title).strip(), removed=tuple(removed))
