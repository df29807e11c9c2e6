"""clean: drop page furniture (breadcrumbs, teasers, share and newsletter
prompts, comment forms, cookie and ad-block notices, photo credits, pull
quotes), find the title, and record everything removed.

Rules are tables: a new kind of junk is a row in :data:`JUNK_BLOCKS`,
:data:`JUNK_STARTS`, :data:`TEASER_HEADS` or :data:`JUNK_SENTENCES`, not a new
branch. Pure: blocks in, blocks out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .errors import IngestError
from .models import Article, Block
from .words import comparable, word_count
from .speakers import NOT_SPEAKERS

#: Month names (en, de, fr, es, pt, it, nl; an English one may be cut short), for the date-line rule.
_MONTH = (r"((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|januar|februar|märz|mai|oktober|dezember|janvier|"
          r"février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|"
          r"julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|"
          r"novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|maart|mei|juni|juli)")
#: A weekday name before a date, and the word or mark between a date and its time, in the same languages.
_WEEKDAY = (r"((mon|tues|wednes|thurs|fri|satur|sun)(day)?|(mon|die|donners|frei|sams|sonn)tag|mittwoch|lundi|mardi|"
            r"mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
            r"(segunda|terça|quarta|quinta|sexta)(-feira)?|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|"
            r"(maan|dins|woens|donder|vrij|zater|zon)dag)\.?,?")
_AT = r"([ ,|–-]+|\s+(at|um|à|às|a las|alle|om)\s+)"
#: An e-mail address, a Twitter address or handle (each part unambiguous: no slow backtracking).
_HANDLE = r"([^@\s|,]+@[^@\s|,.]+(\.[^@\s|,.]+)+|(https?://)?(www\.)?twitter\.com/\w+/?|@\w+)"
#: Whole blocks that are page furniture, matched case-insensitively against the block. (name, pattern)
JUNK_BLOCKS: tuple[tuple[str, str], ...] = (
    ("related", r"(you may also like|you might also like|related( articles| posts| stories| content| coverage)?|more from .{1,40}|recommended( for you| stories)?|read (more|next|also)|see also|don'?t miss|most (read|popular)|trending( now)?|more stories|top stories|further reading)\s*[:.…]*"),
    ("comment form", r"(leave a (comment|reply)|post (a )?comment|\d* ?comments?|join the (conversation|discussion)|cancel reply|show comments|view comments)"),
    ("comment notice", r"(this site uses akismet to reduce spam\..*|your email address will not be published\..*|save my name, email,? and website .*|required fields are marked.*|comments (are|have been) closed\.?)"),
    ("ad-block notice", r"(adblock(er)? detected|ad ?blocker detected|please (support us by )?disabl(e|ing) your ad ?blocker.*|we noticed you('| a)re using an ad ?blocker.*)"),
    ("advertisement", r"(advertisement|sponsored( content)?|ad|anzeige|publicidade|publicité)"),
    ("share prompt", r"(share (this|on) .{0,40}|share|tweet|pin it|email|print|follow us( on .{1,40})?|click to share.*|order reprints|print article|copy link)"),
    ("newsletter", r"((sign up|subscribe) (for|to) (our|the) .{0,60}newsletters?.*|subscribe( now)?|thanks for signing up!?|thank you for subscribing.*|you'?re (now )?subscribed.*|keep an eye on your inbox.*|there was an error processing your subscription\.?|sorry!?|an error has occurred.*|thank you)"),
    ("cookie notice", r"(we use cookies.*|this (web)?site uses cookies.*|accept (all )?cookies)"),
    ("photo credit", r"((photo|image|picture|foto|bild|titelbild)s? ?(credit)?: .{1,100}|getty images|©.{1,80}|\(?(photo|image)s? (by|courtesy of) .{1,80})"),
    ("tags", r"(tags?|topics?|categories|filed under)(\s*:.{0,200})?"),
    ("link", r"https?://\S+"),
    ("link line", r"[\w' ]{1,20}:\s*https?://\S+"),
    ("copyright", r"(copyright\b|©).{0,120}|all rights reserved\.?"),
    ("dateline", r"(published|updated|posted|last updated|veröffentlicht|publicado)( on| at| am| em)?:? .{0,40}\d.{0,20}"),
    ("byline", r"[*_]*(by|von|por|par) [A-ZÀ-Ý][\w.'-]+( [A-ZÀ-Ý][\w.'-]+){0,3}[*_]*"),
    ("credit line", r"\(?((additional )?reporting by|editing by|writing by) [^.]{1,160}\.?\)?|(\w+ ){0,3}\w+ (writers? )?[^.]{1,160} contributed"
                    r"( reporting| to this (report|story|article))[^.]{0,80}\.?|source: [^.]{1,40}"),
    ("contact", rf"{_HANDLE}([\s|,]+{_HANDLE}){{0,3}}"),
    ("timestamp", r"\d{4}-\d\d-\d\d([t ]\d\d:\d\d(:\d\d(\.\d+)?)?(z|[+-]\d\d:?\d\d)?)?"),
    ("date line", rf"({_WEEKDAY} )?({_MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}}\.?( de)? {_MONTH},?( de)? \d{{4}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
                  rf"({_AT}\d{{1,2}}[:.h]\d\d( ?[ap]\.?m\.?| uhr)?( [a-z]{{2,5}})?)?"),
)

#: Blocks that start like furniture, whatever follows. (name, pattern)
JUNK_STARTS: tuple[tuple[str, str], ...] = (
    ("teaser", r"(see more|read more|related|video|watch|listen|also on \S+|more on this|recommended|don'?t miss)\s*[:|]"),
    ("share prompt", r"like this (story|article)\?|share this (story|article)"),
    ("contact line", r"(write to|contact|email) .{1,60} at \S+@\S+|have a (news )?tip\?|reach (the )?\w+( \w+)? (on twitter )?at (\S+@|https?://|@)"),
    ("newsletter", r"(get|receive) the latest .{0,80}(inbox|newsletter)|sign up (for|to) .{0,60}newsletter"),
    ("reprint notice", r"this copy is for your personal, non-commercial use only"),
    ("comment notice", r"atenção: comentários|comments are moderated"),
)

#: A heading (or short block) that announces a list of teasers; the short blocks after it go too.
TEASER_HEADS = r"(you may also like|you might also like|related( articles| posts| stories| content)?|more from .{1,40}|recommended( for you)?|read (more|next|also)|see also|don'?t miss|most (read|popular)|more stories|trending( now)?)\s*[:.…]*"

#: Sentences inside a kept block that are calls to action, not story.
JUNK_SENTENCES: tuple[tuple[str, str], ...] = (
    ("post link", r"pic\.twitter\.com/\S+|https?://t\.co/\S+"),
    ("call to comment", r"(share|leave|tell us|let us know) your (thoughts|views|opinion)s? in the comments( (section )?below)?[.!]"),
    ("call to comment", r"let us know (what you think )?in the comments( below)?[.!]"),
)

#: Breadcrumb trails ("Home » world » …").
BREADCRUMB = re.compile(r"^\s*(?P<crumb>(home|start|news)\s*[»›>|/](?:[^»›>|/\n]{1,40}[»›>|/])*)\s*(?P<rest>.*)$", re.I)
#: A teaser after a teaser heading: short, and not a sentence.
TEASER_MAX_WORDS = 18
#: A block this much link text, and this short, is a link to elsewhere (a teaser), not story.
LINK_SHARE = 0.8
LINK_MAX_WORDS = 20
#: ... unless it ends like a sentence: a linked sentence in the story ("The report is here.") is
#: read; headlines of other stories do not end with a full stop.
LINKED_SENTENCE = re.compile(r"[.!?。！？…][\"”’)」』]?$")
#: Short promotional blocks: (name, pattern found anywhere in a block of at most PROMO_MAX_WORDS words).
PROMO_MAX_WORDS = 40
PROMOS: tuple[tuple[str, str], ...] = (
    ("newsletter", r"\b(sign up|subscribe)\b.{0,80}\b(newsletter|inbox|e-?mail (alerts|updates|list)|updates)\b|\bnewsletter\b.{0,80}\b(sign up|subscribe)\b"),
    ("app promo", r"\b(download|get) (the|our) .{0,30}\bapp\b"),
    ("social prompt", r"\bfollow\b.{0,60}\b(twitter|facebook|instagram|youtube|linkedin|tiktok)\b"),
    ("call to action", r"\bclick here\b|\btap here\b"),
)

_JUNK_BLOCK_RES = tuple((name, re.compile(rf"^(?:{pat})$", re.I)) for name, pat in JUNK_BLOCKS)
_JUNK_START_RES = tuple((name, re.compile(rf"^(?:{pat})", re.I)) for name, pat in JUNK_STARTS)
_TEASER_HEAD_RE = re.compile(rf"^(?:{TEASER_HEADS})$", re.I)
_PROMO_RES = tuple((name, re.compile(pat, re.I)) for name, pat in PROMOS)
_JUNK_SENTENCE_RES = tuple((name, re.compile(rf"\s*(?:{pat})", re.I)) for name, pat in JUNK_SENTENCES)


def junk_kind(block: str, skip: frozenset[str] = frozenset()) -> str | None:
    """Name of the boilerplate rule a whole block matches, or None.

    >>> junk_kind("Leave a Comment"), junk_kind("Adblock Detected"), junk_kind("Russia Stands Firm")
    ('comment form', 'ad-block notice', None)
    >>> junk_kind("SEE MORE: Hong Kong protests"), junk_kind("Write to Al Root at allen.root@dowjones.com")
    ('teaser', 'contact line')
    """
    text = block.strip()
    for name, rx in _JUNK_BLOCK_RES:
        if rx.match(text) and f"block:{name}" not in skip:
            return name
    for name, rx in _JUNK_START_RES:
        if rx.match(text) and f"start:{name}" not in skip:
            return name
    return None


#: A link under an ALL-CAPS kicker ("RELATED: …", "MEHR ZUM THEMA: …", "LEA TAMBIÉN: …") points
#: elsewhere, in any language: at least this share of the block is link text.
CROSS_LINK_SHARE = 0.4


def _kicker(text: str) -> bool:
    """The block opens with a kicker: one to four ALL-CAPS words and a colon.

    >>> _kicker("MEHR ZUM THEMA: Mieten steigen"), _kicker("LEIA TAMBÉM: Rio"), _kicker("Q: Why?"), _kicker("Nato: x")
    (True, True, False, False)
    """
    m = re.match(r"(?P<kick>[^\W\d_]+(?:[ -][^\W\d_]+){0,3})\s*:", text)
    return bool(m) and m.group("kick").isupper() and len(m.group("kick")) >= 3


def furniture(block: Block, skip: frozenset[str] = frozenset()) -> str | None:
    """Name of the rule that makes a block page furniture, or None.

    >>> furniture(Block("paragraph", "Dave Matthews Band takes over Rock Hall Fan Vote", explicit=True, link_share=1.0))
    'link teaser'
    >>> furniture(Block("paragraph", "The full report is on the council's website.", explicit=True, link_share=1.0))
    >>> furniture(Block("paragraph", "calendario stock car 2018, stock car brasil, stock car cascavel, corrida"))
    'tag list'
    >>> furniture(Block("paragraph", "Beachbody Recover, 1 cup blueberries, 2 rice cakes, 1 tsp. nut butter"))
    >>> furniture(Block("paragraph", "Milan Design Week 2018 | FLOS pays tribute to Achille Castiglioni"))
    'headline list'
    >>> furniture(Block("paragraph", "LESEN SIE AUCH: Mieten steigen weiter", explicit=True, link_share=0.7))
    'cross-link'
    >>> furniture(Block("paragraph", "The council met on Monday. It agreed to sign up for the scheme."))
    """
    text = block.text.strip()
    words = word_count(text)
    labelled = bool(block.lead) and text != block.lead and not NOT_SPEAKERS.match(block.lead.rstrip(": "))
    if not labelled:
        kind = junk_kind(text, skip)
        if kind:
            return kind
    if block.elsewhere and "other article" not in skip:
        return "other article"
    if (block.link_share >= LINK_SHARE and words <= LINK_MAX_WORDS and not LINKED_SENTENCE.search(text)
            and "link teaser" not in skip):
        return "link teaser"
    if block.link_share >= CROSS_LINK_SHARE and words <= LINK_MAX_WORDS and _kicker(text) and "cross-link" not in skip:
        return "cross-link"
    if words <= PROMO_MAX_WORDS and not labelled:
        for name, rx in _PROMO_RES:
            if rx.search(text) and f"promo:{name}" not in skip:
                return name
    items = [i.strip() for i in text.split(",") if i.strip()]
    if (len(items) >= 4 and not re.search(r"[.!?:。！？][\"”’)」』]?$", text) and words / len(items) <= 4
            and max(word_count(i) for i in items) <= 6  # tags are short; a clause of a sentence may be long
            and sum(i[:1].islower() or i.isdigit() for i in items) >= 0.7 * len(items)) and "tag list" not in skip:
        return "tag list"
    if " | " in text and words <= 25 and not re.search(r"[.!?。！？]$", text) and "headline list" not in skip:
        return "headline list"
    return None


def strip_junk_sentences(block: str, skip: frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    """Remove call-to-action sentences from a block; return (kept, removed).

    >>> strip_junk_sentences("What do you think? Share your thoughts in the comments below!")
    ('What do you think?', ['Share your thoughts in the comments below!'])
    """
    removed: list[str] = []
    for name, rx in _JUNK_SENTENCE_RES:
        if f"sentence:{name}" in skip:
            continue
        for m in list(rx.finditer(block)):
            removed.append(m.group(0).strip())
        block = rx.sub("", block)
    return block.strip(), removed


def _is_teaser(block: Block) -> bool:
    return word_count(block.text) <= TEASER_MAX_WORDS and not re.search(r"[.!?。！？][\"”’)」』]?$", block.text)


#: A set-apart line whose words are nearly all in one longer block repeats it.
PULL_QUOTE_SHARE = 0.9


def _pull_quote(block: Block, others: list[tuple[Block, str]]) -> bool:
    """A heading, quote or emphasised line that repeats words said in the body (a pull quote)
    is not read twice. ``others``: every block with its :func:`comparable` text."""
    styled = block.kind in ("heading", "quote") or block.bold or block.italic
    if not styled:
        return False
    quote = comparable(block.text)
    if len(quote.split()) < 6:
        return False
    words = set(quote.split())
    # a quotation cut short or set in quotation marks may drop words; a heading or a summary box
    # that only shares words with the story is not a pull quote
    trimmed = block.kind != "heading" and bool(re.search(r"…|\.\.\.|^[\"“„«‘']", block.text.strip()))
    for o, said in others:
        if o is block or o.kind == "heading" or len(o.text) <= len(block.text):
            continue
        if quote in said or (trimmed and len(words & set(said.split())) >= PULL_QUOTE_SHARE * len(words)):
            return True  # said word for word, or trimmed ("…") and quoted
    return False


#: A run of HEADLINE_RUN blocks or more of one kind, each a short linked headline with a line
#: under it, is a list of other stories: at most HEADLINE_MAX_WORDS words each, and at least
#: HEADLINE_LINK_SHARE of each link text (the headline; the line under it is plain). One such
#: block among prose is a link in the story; three in a row are a teaser box.
HEADLINE_RUN = 3
HEADLINE_MAX_WORDS = 30
HEADLINE_LINK_SHARE = 0.25


#: A paragraph of prose: this many words or more, and little of it link text.
PROSE_MIN_WORDS = 20


def _prose(block: Block) -> bool:
    return block.kind != "heading" and block.link_share < HEADLINE_LINK_SHARE and word_count(block.text) >= PROSE_MIN_WORDS


#: A page's title often carries a section or the site's name beside the headline ("Opinion | …",
#: "… - The Times"): at most this many words more than the headline printed on the page.
TITLE_AFFIX_WORDS = 4


def same_title(text: str, title: str) -> bool:
    """The block is the article's title, printed again (maybe without the title's affixes).

    >>> same_title("Is Football Violence a Crime?", "Opinion | Is Football Violence a Crime?")
    True
    >>> same_title("Pier reopens", "Pier reopens - The Harbour Times"), same_title("Crime", "Opinion | Is Football Violence a Crime?")
    (True, False)
    """
    said, full = comparable(text), comparable(title)
    if said == full:
        return True
    extra = len(full.split()) - len(said.split())
    return bool(said) and 0 < extra <= TITLE_AFFIX_WORDS and len(said.split()) >= 2 and (full.startswith(said + " ") or full.endswith(" " + said))


def headline_runs(blocks: list[Block]) -> set[int]:
    """Indexes of blocks in runs of linked headlines (a list of other stories).

    >>> teaser = Block("bullet", "Pats place Olszewski on IR New England's roster is re-shuffling", link_share=0.41)
    >>> sorted(headline_runs([Block("paragraph", "The story."), teaser, teaser, teaser]))
    [1, 2, 3]
    >>> headline_runs([teaser, teaser, Block("bullet", "Read the report: " + "it says so " * 10, link_share=0.3)])
    set()
    """
    def headline(b: Block) -> bool:
        return b.link_share >= HEADLINE_LINK_SHARE and word_count(b.text) <= HEADLINE_MAX_WORDS

    found: set[int] = set()
    start = 0
    for n in range(len(blocks) + 1):
        if n < len(blocks) and headline(blocks[n]) and (n == start or blocks[n].kind == blocks[start].kind):
            continue
        if n - start >= HEADLINE_RUN:
            found.update(range(start, n))
        start = n + 1 if n < len(blocks) and not headline(blocks[n]) else n
    return found


def rules() -> list[str]:
    """The name of every rule clean can apply: ``clean(article, skip={name})`` runs without it
    (``benchmarks/extraction.py`` judges each on pages it was not written against)."""
    return sorted({*(f"block:{n}" for n, _ in JUNK_BLOCKS), *(f"start:{n}" for n, _ in JUNK_STARTS),
                   *(f"promo:{n}" for n, _ in PROMOS), *(f"sentence:{n}" for n, _ in JUNK_SENTENCES),
                   "link teaser", "cross-link", "tag list", "headline list", "breadcrumb", "title again",
                   "teaser list", "pull quote", "repeated", "other article", "headline run"})


def clean(article: Article, skip: frozenset[str] = frozenset()) -> Article:
    """Remove boilerplate blocks, find the title, record what was dropped (``skip``: rules not
    to apply, by the names :func:`rules` gives)."""
    removed: list[str] = list(article.removed)
    kept: list[Block] = []
    title = article.title
    author = article.author
    in_teasers = False
    blocks = list(article.blocks)
    said = [(b, comparable(b.text)) for b in blocks] if "pull quote" not in skip else []
    runs = headline_runs(blocks) if "headline run" not in skip else set()
    for n, block in enumerate(blocks):
        text = block.text
        if n in runs:
            removed.append(text)
            continue
        if n == 0 and article.format == "text" and "breadcrumb" not in skip:
            m = BREADCRUMB.match(text)
            if m and re.search(r"[»›>]", m.group("crumb")):
                removed.append(m.group("crumb").strip())
                title = title or m.group("rest").strip() or None
                continue
        if title and len(kept) < 3 and same_title(text, title) and "title again" not in skip:
            removed.append(text)  # the title, printed again
            title = text if article.format == "html" and block.kind == "heading" else title  # the page's own heading, without "Opinion | "
            continue
        if in_teasers and _is_teaser(block) and block.kind != "heading" and "teaser list" not in skip:
            removed.append(text)
            continue
        in_teasers = False
        if _TEASER_HEAD_RE.match(text.strip()) and "teaser list" not in skip:
            removed.append(text)
            in_teasers = True
            continue
        rule = furniture(block, skip)
        if rule == "link teaser" and block.kind == "heading" and n + 1 < len(blocks) and _prose(blocks[n + 1]):
            rule = None  # a linked heading over a paragraph of the story heads its section (a product in a gift guide)
        if rule:
            removed.append(text)
            if rule == "byline" and author is None:
                author = re.sub(r"^\W*\w+\s+", "", text).strip(" *_")
            continue
        if said and _pull_quote(block, said):
            removed.append(text)
            continue
        text, dropped = strip_junk_sentences(text, skip)
        removed.extend(dropped)
        if text:
            kept.append(block if text == block.text else replace(block, text=text))
    if not kept:
        raise IngestError(f"{article.source}: no article text left after removing page boilerplate; pass the article itself")
    if title is None:
        title = kept.pop(0).text
        while kept and comparable(kept[0].text) == comparable(title):
            removed.append(kept.pop(0).text)
    kept, repeated = without_repeats(kept, title) if "repeated" not in skip else (kept, [])
    removed.extend(repeated)
    if not kept:
        raise IngestError(f"{article.source}: holds only a title, no article text; pass the full article")
    return article.with_(blocks=tuple(kept), title=title.strip(), removed=tuple(removed), author=author)


#: A sentence said again is not read again: within its section from REPEAT_MIN_WORDS words,
#: anywhere from REPEAT_ANYWHERE_WORDS; a block whose words were nearly all said before is cut
#: whole (from REPEAT_PASSAGE_WORDS) — except under a heading met before. The same line under
#: each "Lunch" of a meal plan or each product of a list is structure, not a repeat.
REPEAT_MIN_WORDS = 5
REPEAT_ANYWHERE_WORDS = 12
REPEAT_PASSAGE_WORDS = 25
REPEAT_PASSAGE_SHARE = 0.8
#: A sentence ends at . ! ? (not inside "$2.8" or "e.g"), or at 。！？.
SENTENCE = re.compile(r"(?:[^.!?。！？]|[.!?](?=\w))*(?:[.!?。！？]+[\"”’)」』]*|$)")


def _distinct_words(sentence: str, key: str) -> int:
    """Different words in a sentence (``key``: its :func:`comparable` text), two Chinese or
    Japanese characters a word: a refrain ("3 anos, 3 anos, 3 anos…") counts as short."""
    return len(set(key.split())) + (word_count(sentence) - len(sentence.split()))


def _sentences(text: str) -> list[str]:
    """
    >>> _sentences("It earned $2.8 billion. Shares rose!")
    ['It earned $2.8 billion.', 'Shares rose!']
    """
    return [m.group(0).strip() for m in SENTENCE.finditer(text) if m.group(0).strip()]


def without_repeats(blocks: list[Block], title: str) -> tuple[list[Block], list[str]]:
    """The blocks without sentences said before (and the title said again), and what was cut.

    >>> a = "Rates rose in May for the third time this year, the bank said on Monday in Frankfurt."
    >>> b = "Mortgage holders will pay about forty pounds more each month from June."
    >>> blocks = [Block("paragraph", f"{a} {b}"), Block("heading", "Why"), Block("paragraph", f"Prices fell. {a} {b}"),
    ...           Block("paragraph", "Rates rose in May for the third time..."), Block("paragraph", "Eat two hours before a run."),
    ...           Block("paragraph", "Eat two hours before a run."), Block("heading", "Day 2"),
    ...           Block("paragraph", "Eat two hours before a run.")]
    >>> kept, cut = without_repeats(blocks, "Rates")
    >>> [k.text[:20] for k in kept]
    ['Rates rose in May fo', 'Why', 'Eat two hours before', 'Day 2', 'Eat two hours before']
    >>> [c[:20] for c in cut]
    ['Prices fell. Rates r', 'Rates rose in May fo', 'Eat two hours before']
    """
    anywhere: set[str] = set()
    section: set[str] = set()
    heard = comparable(title)
    said = [heard]  # joined only for a teaser cut short ("…"), which is rare
    kept: list[Block] = []
    cut: list[str] = []
    headings: set[str] = set()
    structured = False  # under a heading met before ("Lunch" for each day): its lines may repeat too
    for block in blocks:
        whole = comparable(block.text)
        if block.kind == "heading":
            section = set()
            structured = whole in headings
            headings.add(whole)
        sentences = _sentences(block.text)
        keys = [comparable(x) for x in sentences]
        sizes = [_distinct_words(x, k) for x, k in zip(sentences, keys)]
        if whole == heard or (
                not structured and sum(sizes) >= REPEAT_PASSAGE_WORDS
                and sum(n for k, n in zip(keys, sizes) if k in anywhere) >= REPEAT_PASSAGE_SHARE * sum(sizes)):
            cut.append(block.text)  # the title printed again, or a passage read already
            continue
        keep: list[str] = []
        for sentence, key, size in zip(sentences, keys, sizes):
            stub = re.sub(r"(\.\.\.|…)$", "", sentence).strip()
            cut_short = stub != sentence and word_count(stub) >= REPEAT_MIN_WORDS and comparable(stub) in " ".join(said)
            if ((size >= REPEAT_MIN_WORDS and key in section) or cut_short
                    or (size >= REPEAT_ANYWHERE_WORDS and key in anywhere and not structured)):
                cut.append(sentence)
                continue
            keep.append(sentence)
            if size >= REPEAT_MIN_WORDS:
                section.add(key)
                anywhere.add(key)
        said.append(whole)
        if keep:
            kept.append(block if len(keep) == len(sentences) else replace(block, text=" ".join(keep)))
    return kept, cut
