"""furniture: what page furniture looks like — the tables of junk blocks, junk openings, teaser
headings, promotions and call-to-action sentences, and the block-level tests that use them
(link teasers, cross-links, tag lists, headline lists). clean applies them.

Rules are tables: a new kind of junk is a row in :data:`JUNK_BLOCKS`, :data:`JUNK_STARTS`,
:data:`TEASER_HEADS`, :data:`PROMOS` or :data:`JUNK_SENTENCES`, not a new branch. Pure.
"""

from __future__ import annotations

import re

from ..core.models import Block
from ..core.words import word_count

#: Labels that are never speakers (matched against the label, case-insensitively).
NOT_SPEAKERS = re.compile(
    r"^(dear\b.*|related|photo|photos|image|images|video|watch|listen|update|updated|read more|see more|more|"
    r"also|also read|editor'?s note|note|source|sources|credit|credits|caption|breaking|exclusive|analysis|"
    r"opinion|tags?|share|warning|disclaimer|correction|pictured|above|below|top|file|getty|reuters|ap|afp|"
    r"when|where|what|why|how|who|price|cost|location|date|time|tickets|details|info|website|contact|"
    r"titelbild|foto|quelle|lesen sie auch|mehr zum thema)$", re.I)

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
    ("tags", r"(tags?|topics?|categories|filed under|themen|schlagworte|temas|etiquetas|sujets|mots-clés|argomenti|assuntos|темы|теги)(\s*:.{0,200})?"),
    # a lone status label over the story ("Updated", "Aktualisiert", "Breaking")
    ("status label", r"(updated|update|aktualisiert|actualizado|actualisé|mis à jour|atualizado|aggiornato|bijgewerkt|обновлено|"
                     r"breaking( news)?|live|exclusive|eilmeldung|última hora|urgente|dernière minute|ultim'ora)\s*[:.!]?"),
    # "3 min read", "Lesezeit: 4 Minuten", "5 minutes de lecture", "Tiempo de lectura: 3 minutos"
    ("reading time", r"(\d+|ca\.? \d+)\s*(min(ute)?s?\.?|minuten|minutos|minuti|minut|минут[аы]?)\s*(read|reading|to read|lesezeit|lesedauer|"
                     r"de lecture|de leitura|di lettura|de lectura|leestijd|чтения)|(reading time|read time|lesezeit|lesedauer|temps de lecture|"
                     r"tiempo de lectura|tempo de leitura|tempo di lettura|leestijd|время чтения)\s*:?\s*(ca\.?\s*)?\d+\s*\S*\.?"),
    ("link", r"https?://\S+"),
    ("link line", r"[\w' ]{1,20}:\s*https?://\S+"),
    ("copyright", r"(copyright\b|©).{0,120}|all rights reserved\.?"),
    ("dateline", r"(published|updated|posted|last updated|veröffentlicht|publicado)( on| at| am| em)?:? .{0,40}\d.{0,20}"),
    # "By Jane Doe", "*By Jane Doe — 3 December*", "By Jane Doe, Political Correspondent" (no sentence)
    ("byline", r"[*_]*(by|von|por|par) [A-ZÀ-Ý][\w.'-]+( [A-ZÀ-Ý][\w.'-]+){0,3}((\s*[,—–|]|\s+-)\s*[^!?*_]{0,59}[^.!?*_])?[*_]*"),
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
#: A text's first line as a page's <title> has it: the headline, then " | ", " - " or " — " and the
#: author's or the site's name ("Council approves harbour plan | Jane Smith").
TITLE_SUFFIX = re.compile(r"^(?P<title>\S.{8,200}?\S)\s+[|–—-]\s+(?P<suffix>[^|–—\n]{2,60}?)\s*$")


def title_and_suffix(text: str) -> tuple[str, str] | None:
    """The headline and the name after it, when a line is a page's title with a suffix: the
    headline has three words or more and no full stop at its end, the suffix is a few capitalised
    words or a site's address.

    >>> title_and_suffix("Council approves new harbour plan | Jane Smith")
    ('Council approves new harbour plan', 'Jane Smith')
    >>> title_and_suffix("Pier reopens after storm - The Harbour Times"), title_and_suffix("Prices rose - and fell.")
    (('Pier reopens after storm', 'The Harbour Times'), None)
    """
    m = TITLE_SUFFIX.match(text)
    if not m:
        return None
    headline, suffix = m.group("title"), m.group("suffix")
    words = suffix.split()
    named = len(words) <= 6 and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "de", "la", "el", "der", "die") for w in words)
    site = re.fullmatch(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,6}", suffix) is not None
    if len(headline.split()) < 3 or headline.endswith((".", "!")) or not (named or site):
        return None
    return headline, suffix


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
TEASER_HEAD_RE = re.compile(rf"^(?:{TEASER_HEADS})$", re.I)
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
    return m is not None and m.group("kick").isupper() and len(m.group("kick")) >= 3


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
