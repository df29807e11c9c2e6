"""language: which language an article is in — the page's own ``lang`` attribute, else a guess
from its commonest short words, else from its writing system. Pure.
"""

from __future__ import annotations

import re


def html_language(html: str) -> str | None:
    m = re.search(r"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)", html[:5000], re.I)
    return m.group(1) if m else None


#: Common short words per language, for guessing the language of text with no metadata.
STOPWORDS = {
    "en": "the and of to in is that for it was with as on be by are this have from".split(),
    "de": "der die und das ist nicht ein eine zu den von mit sich auf für ich sie es im".split(),
    "es": "el la de que y en los las un una por con para es del se no al lo".split(),
    "pt": "o a de que e do da em um uma para com não os as no na se por".split(),
    "fr": "le la les de des et est un une que en du dans pour pas sur au qui".split(),
    "it": "il la di che e è un una per non con del della in le gli si sono".split(),
    "nl": "de het een en van is dat op te in niet met zijn voor er maar".split(),
    "ru": "и в не на что он я с как а то это по из но она к у".split(),
}


#: Writing systems that name their language when most of a text's letters are in them (checked
#: when no language's common words decide): (language, first code point, last code point).
SCRIPTS = (
    ("hi", 0x0900, 0x097F),   # Devanagari (Hindi; also Marathi and Nepali, read with Hindi's voices)
    ("ja", 0x3040, 0x30FF),   # Hiragana and Katakana (Han characters alone are Chinese, below)
    ("ko", 0xAC00, 0xD7AF),   # Hangul syllables
    ("ar", 0x0600, 0x06FF),   # Arabic
    ("el", 0x0370, 0x03FF),   # Greek
    ("zh", 0x4E00, 0x9FFF),   # CJK unified ideographs
)
#: The share of letters a writing system must have to name the language.
SCRIPT_SHARE = 0.5


def script_language(text: str) -> str | None:
    """The language a text's writing system names, when most of its letters are in one of
    :data:`SCRIPTS` (Japanese: kana among the Han characters).

    >>> script_language("सरकार ने मंगलवार को नई योजना की घोषणा की।"), script_language("政府は火曜日に新しい計画を発表した。")
    ('hi', 'ja')
    >>> script_language("政府周二宣布了新计划。"), script_language("The plan costs 3 billion.")
    ('zh', None)
    """
    letters = [c for c in text[:20000] if c.isalpha() or 0x0900 <= ord(c) <= 0x097F]
    if not letters:
        return None
    counts = {lang: sum(lo <= ord(c) <= hi for c in letters) for lang, lo, hi in SCRIPTS}
    if counts["ja"] and counts["ja"] + counts["zh"] >= SCRIPT_SHARE * len(letters):
        return "ja"
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= SCRIPT_SHARE * len(letters) else None


#: Sparse common words (a page of names and numbers) still name the language when there are this
#: many of them and this many times more than any other language's.
CLEAR_LEAD_HITS = 10
CLEAR_LEAD_RATIO = 3
#: ... and are this many different words (one name like "Al-" repeated is no language).
CLEAR_LEAD_WORDS = 6


def detect_language(text: str) -> str | None:
    """Guess the language from its most common short words (None when unsure).

    >>> detect_language("Der Minister sagte, dass die Regierung nicht auf die Zahlen warten will.")
    'de'
    >>> detect_language("The minister said that the government will not wait for the figures.")
    'en'

    Text that is mostly names and numbers (a standings table) is still known by a clear lead:

    >>> detect_language("Classificação final da NASCAR em 2019 após 36 etapas: " + "Piloto: Kyle Busch; Pontos: 5040. " * 30
    ...                 + "Clique no link para ver o calendário da Cup e da Truck Series. O calendário da Cup é composto por corridas, "
    ...                 "e os primeiros disputam o título nas últimas corridas da temporada com a equipe.")
    'pt'
    """
    words = re.findall(r"[^\W\d_]+", text.lower())[:2000]
    if len(words) < 5:
        return script_language(text)
    scores = {lang: sum(w in stop for w in words) for lang, stop in ((k, set(v)) for k, v in STOPWORDS.items())}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] >= max(2, 0.08 * len(words)):
        return best
    runner_up = max(v for k, v in scores.items() if k != best)
    different = len({w for w in words if w in STOPWORDS[best]})
    clear = scores[best] >= CLEAR_LEAD_HITS and scores[best] >= CLEAR_LEAD_RATIO * runner_up and different >= CLEAR_LEAD_WORDS
    return best if clear else script_language(text)
