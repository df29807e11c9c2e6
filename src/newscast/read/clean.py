"""clean: drop page furniture (breadcrumbs, teasers, share and newsletter
prompts, comment forms, cookie and ad-block notices, photo credits, pull
quotes), find the title, and record everything removed.

Rules are tables (in furniture.py): a new kind of junk is a row in
``JUNK_BLOCKS``, ``JUNK_STARTS``, ``TEASER_HEADS``, ``PROMOS`` or
``JUNK_SENTENCES``, not a new branch; the rules over the whole page (teaser lists,
other stories, runs of linked headlines, pull quotes, the title again, repeats) are
here. Pure: blocks in, blocks out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..core.errors import IngestError
from ..core.models import Article, Block
from ..core.words import comparable, shorten, word_count
from .furniture import BREADCRUMB, JUNK_BLOCKS, JUNK_SENTENCES, JUNK_STARTS, PROMOS, TEASER_HEAD_RE, TEASER_MAX_WORDS, furniture, strip_junk_sentences, title_and_suffix


#: A block that ends like a sentence (a full stop, a closing quote or bracket after one).
ENDS_SENTENCE = re.compile(r"[.!?。！？][\"”’)」』]?$")


def _is_teaser(block: Block) -> bool:
    return word_count(block.text) <= TEASER_MAX_WORDS and not ENDS_SENTENCE.search(block.text)


#: A set-apart line whose words are nearly all in one longer block repeats it.
PULL_QUOTE_SHARE = 0.9


def _pull_quote(block: Block, others: list[tuple[Block, str]]) -> bool:
    """A heading, quote or emphasised line that repeats words said in the body (a pull quote)
    is not read twice. ``others``: every block with its :func:`comparable` text."""
    styled = block.kind in ("heading", "quote") or block.bold or block.italic
    if not styled:
        return False
    quote = comparable(block.text)
    tokens = quote.split()
    if len(tokens) < 6:
        return False
    words = set(tokens)
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


#: A run of linked items is the story's own list (a blog post's tools, steps, picks) when at least
#: this share of them are sentences of STORY_ITEM_WORDS words or more that end like one.
STORY_ITEM_SHARE = 0.5
STORY_ITEM_WORDS = 10


def _story_list(run: list[Block]) -> bool:
    """Linked items that are the story's sentences, item by item, not other stories' headlines.

    >>> _story_list([Block("bullet", "Notion keeps every note and task in one place, and it syncs fast.", link_share=0.3)] * 3)
    True
    >>> _story_list([Block("bullet", "Pats place Olszewski on IR New England's roster is re-shuffling", link_share=0.41)] * 3)
    False
    """
    said = [b for b in run if word_count(b.text) >= STORY_ITEM_WORDS and ENDS_SENTENCE.search(b.text)]
    return len(said) >= STORY_ITEM_SHARE * len(run)


def headline_runs(blocks: list[Block]) -> set[int]:
    """Indexes of blocks in runs of linked headlines (a list of other stories).

    >>> teaser = Block("bullet", "Pats place Olszewski on IR New England's roster is re-shuffling", link_share=0.41)
    >>> sorted(headline_runs([Block("paragraph", "The story."), teaser, teaser, teaser]))
    [1, 2, 3]
    >>> headline_runs([teaser, teaser, Block("bullet", "Read the report: " + "it says so " * 10, link_share=0.3)])
    set()
    """
    headline = [b.link_share >= HEADLINE_LINK_SHARE and word_count(b.text) <= HEADLINE_MAX_WORDS for b in blocks]
    found: set[int] = set()
    start = 0
    for n in range(len(blocks) + 1):
        if n < len(blocks) and headline[n] and (n == start or blocks[n].kind == blocks[start].kind):
            continue
        if n - start >= HEADLINE_RUN and not _story_list(blocks[start:n]):
            found.update(range(start, n))
        start = n + 1 if n < len(blocks) and not headline[n] else n
    return found


#: A first block longer than this (words), or of more than one sentence, is no headline.
TITLE_MAX_WORDS = 25


def _title_like(text: str) -> bool:
    """A block that can be a headline: short, one sentence at most.

    >>> _title_like("Council approves harbour plan"), _title_like("The council approved it. It took months.")
    (True, False)
    """
    return word_count(text) <= TITLE_MAX_WORDS and len([s for s in SENTENCE.findall(text) if s.strip()]) <= 1


def _file_title(source: str) -> str:
    """An article's file name as a title, when it is words ("" when it is not).

    >>> _file_title("notes/harbour-plan-approved.txt"), _file_title("x1.txt"), _file_title("-")
    ('Harbour plan approved', '', '')
    """
    stem = re.split(r"[\\/]", source)[-1].rsplit(".", 1)[0]
    parts = [w for w in re.split(r"[-_\s]+", stem) if w]
    return " ".join(parts).capitalize() if len(parts) >= 2 and sum(w.isalpha() for w in parts) >= 2 else ""


def _first_sentence(text: str) -> str:
    """A paragraph's first sentence, shortened to a title's length.

    >>> _first_sentence("The council met on Tuesday. It agreed.")
    'The council met on Tuesday.'
    """
    return shorten(next((s.strip() for s in SENTENCE.findall(text) if s.strip()), text), 120)


def _untitled(source: str, kept: list[Block]) -> tuple[str, list[Block]]:
    """A title for blocks with no headline, the first paragraph staying the body's: from the
    file's name, or the first sentence — then said as the title once, not again in the body."""
    named = _file_title(source)
    if named:
        return named, kept
    title = _first_sentence(kept[0].text)
    if not kept[0].text.startswith(title):  # shortened: the paragraph is read whole after it
        return title, kept
    rest = kept[0].text[len(title):].strip()
    return title, ([replace(kept[0], text=rest)] if rest else []) + kept[1:]


def _first_line(text: str, title: str | None, skip: frozenset[str]) -> tuple[str | None, str, str] | None:
    """A text's first line that is a breadcrumb trail ("Home » world » Title") or a page's title with
    its suffix ("Headline | Author"): (the title, what is dropped, the rule), else None."""
    m = BREADCRUMB.match(text) if "breadcrumb" not in skip else None
    if m and re.search(r"[»›>]", m.group("crumb")):
        return title or m.group("rest").strip() or None, m.group("crumb").strip(), "breadcrumb"
    found = title_and_suffix(text) if title is None and "title suffix" not in skip else None
    if found:  # the title, and the name after it is the page's, not said
        return found[0], found[1], "title suffix"
    return None


def rules() -> list[str]:
    """The name of every rule clean can apply: ``clean(article, skip={name})`` runs without it
    (``benchmarks/extraction.py`` judges each on pages it was not written against)."""
    return sorted({*(f"block:{n}" for n, _ in JUNK_BLOCKS), *(f"start:{n}" for n, _ in JUNK_STARTS),
                   *(f"promo:{n}" for n, _ in PROMOS), *(f"sentence:{n}" for n, _ in JUNK_SENTENCES),
                   "link teaser", "cross-link", "tag list", "headline list", "breadcrumb", "title again",
                   "teaser list", "pull quote", "repeated", "other article", "headline run", "title suffix"})


def clean(article: Article, skip: frozenset[str] = frozenset()) -> Article:
    """Remove boilerplate blocks, find the title, record what was dropped (``skip``: rules not
    to apply, by the names :func:`rules` gives)."""
    removed: list[str] = list(article.removed)
    why: list[tuple[str, str]] = list(article.removed_by)

    def drop(text: str, rule: str) -> None:
        removed.append(text)
        why.append((text, rule))
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
            drop(text, "headline run")
            continue
        first = _first_line(text, title, skip) if n == 0 and article.format == "text" else None
        if first:
            title = first[0]
            drop(first[1], first[2])
            continue
        if title and len(kept) < 3 and same_title(text, title) and "title again" not in skip:
            drop(text, "title again")
            title = text if article.format == "html" and block.kind == "heading" else title  # the page's own heading, without "Opinion | "
            continue
        if in_teasers and _is_teaser(block) and block.kind != "heading" and "teaser list" not in skip:
            drop(text, "teaser list")
            continue
        in_teasers = False
        if TEASER_HEAD_RE.match(text.strip()) and "teaser list" not in skip:
            drop(text, "teaser list")
            in_teasers = True
            continue
        rule = furniture(block, skip)
        if rule == "link teaser" and block.kind == "heading" and n + 1 < len(blocks) and _prose(blocks[n + 1]):
            rule = None  # a linked heading over a paragraph of the story heads its section (a product in a gift guide)
        if rule:
            drop(text, rule)
            if rule == "byline" and author is None:
                author = re.split(r"\s*[,—–|]\s*|\s+-\s+", re.sub(r"^\W*\w+\s+", "", text).strip(" *_"))[0]
            continue
        if said and _pull_quote(block, said):
            drop(text, "pull quote")
            continue
        text, dropped = strip_junk_sentences(text, skip)
        for sentence in dropped:
            drop(sentence, "call to action")
        if text:
            kept.append(block if text == block.text else replace(block, text=text))
    if not kept:
        raise IngestError(f"{article.source}: no article text left after removing page boilerplate; pass the article itself")
    heard = title  # a title the listener hears before the body (its repeats in the body are cut)
    if title is None and len(kept) > 1 and not _title_like(kept[0].text):
        title, kept = _untitled(article.source, kept)
        heard = ""
    if title is None:
        title = heard = kept.pop(0).text
        while kept and comparable(kept[0].text) == comparable(title):
            drop(kept.pop(0).text, "title again")
    kept, repeated = without_repeats(kept, heard or "") if "repeated" not in skip else (kept, [])
    for text in repeated:
        drop(text, "repeated")
    if not kept:
        raise IngestError(f"{article.source}: holds only a title, no article text; pass the full article")
    return article.with_(blocks=tuple(kept), title=title.strip(), removed=tuple(removed), removed_by=tuple(why), author=author)


#: A sentence said again is not read again: within its section from REPEAT_MIN_WORDS words,
#: anywhere from REPEAT_ANYWHERE_WORDS; a block whose words were nearly all said before is cut
#: whole (from REPEAT_PASSAGE_WORDS) — except under a heading met before. The same line under
#: each "Lunch" of a meal plan or each product of a list is structure, not a repeat.
REPEAT_MIN_WORDS = 5
REPEAT_ANYWHERE_WORDS = 12
REPEAT_PASSAGE_WORDS = 25
REPEAT_PASSAGE_SHARE = 0.8
#: A sentence ends at . ! ? (not inside "$2.8" or "e.g"), or at 。！？ or the danda ।.
SENTENCE = re.compile(r"(?:[^.!?。！？।]|[.!?](?=\w))*(?:[.!?。！？।]+[\"”’)」』]*|$)")


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
