"""words: counting and comparing an article's words, the same way in parse, pagetree and clean.

Pure: strings in, numbers and strings out.
"""

from __future__ import annotations

import re
from typing import Iterable

#: Marks that end a sentence in the scripts newscast reads: . ! ? … and Chinese and Japanese
#: full-width ones (。！？), and the danda (।, Devanagari's full stop).
FULL_STOPS = ".!?…。！？।"
#: Marks that end a question (Latin and full-width).
QUESTION_MARKS = "?？"
#: A line ends like a sentence (or a clause, a quote, a bracket), in any script.
SENTENCE_END = re.compile(r"[.!?:;\"”’)\]。！？」』）]$")
#: Characters of scripts written without spaces (Chinese, Japanese): about two make a word.
UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def nearest(name: str, known: Iterable[str], form: str = "'{}'") -> str:
    """'; did you mean X?' for a misspelt name (X written as ``form`` says), else ''.

    >>> nearest("producton", ("show", "production"), "[{}]"), nearest("intor", ["intro", "outro"]), nearest("zzz", ["intro"])
    ('; did you mean [production]?', "; did you mean 'intro'?", '')
    """
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {form.format(close[0])}?" if close else ""


def capitalised(word: str) -> bool:
    """A word that starts like a name: with a capital, or with a letter of a script that has no
    capitals (Devanagari, Chinese, Japanese, Arabic …), where any word may be one.

    >>> capitalised("Petrova"), capitalised("the"), capitalised("पत्रकार"), capitalised("记者"), capitalised("1st")
    (True, False, True, True, False)
    """
    first = word[:1]
    return first.isupper() or (first.isalpha() and not first.islower())


def word_count(text: str) -> int:
    """Words in ``text``, counting two Chinese or Japanese characters as one (they have no spaces).

    >>> word_count("Three short words"), word_count("報道によると、今回販売されたのは、いわゆる「脱獄」したiPhone。")
    (3, 13)
    """
    unspaced = len(UNSPACED.findall(text))
    return len(UNSPACED.sub("", text).split()) + (unspaced + 1) // 2


def comparable(text: str) -> str:
    """Text reduced to lowercase words, for comparing blocks however they are punctuated.

    >>> comparable("  Hello, World! ")
    'hello world'
    """
    return re.sub(r"\W+", " ", text).strip().lower()


#: How many characters of a text's comparable form open it (how it is looked up on the page).
OPENING_CHARS = 60


def opening(text: str, chars: int = OPENING_CHARS) -> str:
    """The opening of a text's comparable form: how a block of the extract is looked up on the page.

    >>> opening("The pier, at last, reopens in March after two years of repairs to its old foundations.")
    'the pier at last reopens in march after two years of repairs'
    """
    return comparable(text)[:chars]


#: The longest title read (a headline is rarely over 150 characters; a page's whole text in its
#: <h1> would otherwise be read twice, as the title and in the outro) and the longest heading.
MAX_TITLE_CHARS = 200
MAX_HEADING_CHARS = 300


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, an ellipsis marking the cut.

    >>> shorten("Harbour reopens after storm", 200), shorten("word " * 100, 22)
    ('Harbour reopens after storm', 'word word word word…')
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:-") + "…"

