"""sentences: spoken text cut into clip-sized sentences — pysbd's English segmenter over windows
of a few thousand characters (its time grows with the square of its input), over-long sentences
cut at clause breaks, then spaces. The synthesizer speaks one clip a sentence; master times the
transcript's cues by them. Pure.
"""

from __future__ import annotations

import functools
import re


#: A clip longer than this many characters is split at clause or word breaks.
MAX_CLIP_CHARS = 300


@functools.lru_cache(maxsize=1)
def _splitter():  # noqa: ANN202 - pysbd is loaded when sentences are needed, not for a reused episode
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_long(sentence: str, limit: int = MAX_CLIP_CHARS) -> list[str]:
    """Split an over-long sentence at clause breaks, then at spaces.

    >>> split_long("a, b, c", limit=4)
    ['a,', 'b,', 'c']
    >>> split_long("one two three four", limit=9)
    ['one two', 'three', 'four']

    Chinese and Japanese clauses end at full-width marks, with no space after them:

    >>> split_long("政府将继续扩大内需，支持科技创新。", limit=10)
    ['政府将继续扩大内需，', '支持科技创新。']
    """
    if len(sentence) <= limit:
        return [sentence]
    parts: list[str] = []
    for piece in re.split(r"(?<=[,;:])\s+|(?<=[，；：、])", sentence):
        words = piece.split()
        current = ""
        for word in words:
            if current and len(current) + 1 + len(word) > limit:
                parts.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        if current:
            parts.append(current)
    merged: list[str] = []
    for part in parts:
        if merged and len(merged[-1]) + 1 + len(part) <= limit and not re.search(r"[,;:，；：、]$", merged[-1]):
            merged[-1] += " " + part
        else:
            merged.append(part)
    return merged


#: Characters handed to the sentence splitter at once: pysbd's time grows with the square of its
#: input, so a long text is cut into windows at sentence ends first (linear overall).
WINDOW = 4000


def windows(text: str, size: int = WINDOW) -> list[str]:
    """``text`` in pieces of at most ``size`` characters, cut after a sentence end where one is
    (after a word of four letters or more, so "Dr." or "U.S." is not taken for one), else at a space.

    >>> windows("One two three. Four five six. Seven eight.", 20)
    ['One two three. ', 'Four five six. ', 'Seven eight.']
    >>> "".join(windows("x" * 50, 20)) == "x" * 50
    True
    """
    out = []
    while len(text) > size:
        ends = [m.end() for m in re.finditer(r"\w{4,}[.!?]['\")\]]*\s+", text[:size])]
        cut = ends[-1] if ends and ends[-1] > size // 4 else text.rfind(" ", 0, size) + 1 or size
        out.append(text[:cut])
        text = text[cut:]
    out.append(text)
    return out


@functools.lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for s in (s for window in windows(text) for s in _splitter().segment(window)):
        s = s.strip()
        if re.search(r"\w", s):
            out.extend(split_long(s))
    return tuple(out)


def sentences(text: str) -> list[str]:
    """Split spoken text into clip-sized sentences (remembered: master asks again for the transcript).

    >>> sentences("Doctor Petrova spoke. She said yes! Fine")
    ['Doctor Petrova spoke.', 'She said yes!', 'Fine']
    """
    return list(_sentences(text))
