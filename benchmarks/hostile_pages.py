#!/usr/bin/env python3
"""How long reading a hostile page takes, against trafilatura alone on the same page in the same run
(prints numbers, asserts nothing).

    .venv/bin/python benchmarks/hostile_pages.py

newscast's parse runs trafilatura and then walks the whole page again (split-body recovery, embedded
posts, other stories' <article>s, what was dropped), so its time over trafilatura's is the cost of
those walks. Pages made to be slow: many paragraphs, deep lists, thousands of <article>s repeating
one paragraph (of one kind, and each of its own kind), deep layout tables, thousands of embedded
tweets. A ratio far above the others means a walk went quadratic (one did: 57 s against 2.7 s for
3,000 articles repeating a paragraph, before each text's articles were looked up once). Then block
texts made to make a clean rule's regular expression backtrack: each should take milliseconds (a
first "contact" pattern took minutes on "a@b." repeated). Last, number reading on digit runs of
1,000 to 64,000 digits (plain, comma-grouped, decimal): microseconds per digit, flat when linear.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import trafilatura  # noqa: E402

from newscast.core.errors import NewscastError
from newscast.core.models import Article
from newscast.read.parse import parse

PARA = "<p>" + "The council met again on Monday to discuss the pier and its future in the town. " * 3 + "</p>"
TWEET = ("<blockquote class='twitter-tweet'><p>Post number {n} is long enough to be read aloud by all</p>"
         "— X (@x) <a href='#'>November 19, 2019</a></blockquote>")


def pages() -> dict[str, str]:
    return {
        "20,000 paragraphs": "<html><body><article><h1>T</h1>" + PARA * 20000 + "</article></body></html>",
        "lists 2,000 deep": ("<html><body><article><h1>T</h1>" + PARA * 20 + "<ul><li>item " * 2000 + "</li></ul>" * 2000
                             + PARA * 20 + "</article></body></html>"),
        "3,000 articles, one kind": "<html><body>" + ("<article class='a'><h3>Head</h3>" + PARA * 3 + "</article>") * 3000 + "</body></html>",
        "3,000 articles, each its kind": "<html><body>" + "".join(f"<article class='k{i}'><h3>Head {i}</h3>" + PARA * 3 + "</article>"
                                                                  for i in range(3000)) + "</body></html>",
        "layout tables 300 deep": ("<html><body><article><h1>T</h1>" + PARA * 20 + "<table><tr><td>" * 300 + PARA + "</td></tr></table>" * 300
                                   + PARA * 20 + "</article></body></html>"),
        "3,000 embedded tweets": "<html><body><article><h1>T</h1>" + "".join(PARA + TWEET.format(n=n) for n in range(3000)) + "</article></body></html>",
    }


#: Block texts made to make a rule's regular expression backtrack (each should take milliseconds).
TEXTS = {
    "a@b. x 3,000": "a@b." * 3000, "a.b@ x 2,000": "a.b@" * 2000 + " x", "@a x 5,000": "@a" * 5000,
    "twitter.com/ x 3,000": "twitter.com/" * 3000, "a@b.c then 20,000 x": "a@b.c " * 3 + "x" * 20000,
    "a contributed x 2,000": "a contributed " * 2000, "sexta-feira, x 2,000": "sexta-feira, " * 2000,
    "20.11.2019, x 2,000": "20.11.2019, " * 2000, "( x 5,000": "(" * 5000, "1 x 5,000": "1 " * 5000 + "x",
}


def texts() -> None:
    from newscast.read.furniture import furniture
    from newscast.core.models import Block

    print(f"\n{'block text':32} {'chars':>6} {'clean rules s':>14}")
    for name, text in TEXTS.items():
        start = time.perf_counter()
        furniture(Block("paragraph", text))
        print(f"{name:32} {len(text):6} {time.perf_counter() - start:14.4f}")


def main() -> None:
    print(f"{'page':32} {'KiB':>6} {'trafilatura s':>14} {'newscast s':>11} {'ratio':>6} {'blocks':>7}")
    for name, html in pages().items():
        start = time.perf_counter()
        trafilatura.extract(html, output_format="xml", include_formatting=True, include_links=True, with_metadata=True,
                            deduplicate=False)
        base = time.perf_counter() - start
        start = time.perf_counter()
        try:
            blocks = str(len(parse(Article(source="page.html", text=html, format="html")).blocks))
        except NewscastError as exc:
            blocks = type(exc).__name__
        spent = time.perf_counter() - start
        print(f"{name:32} {len(html) // 1024:6} {base:14.2f} {spent:11.2f} {spent / max(base, 1e-6):6.2f} {blocks:>7}")
    texts()
    digits()


def digits() -> None:
    """Number reading on digit runs: time per digit should stay flat as runs grow (the rules were
    quadratic on long runs: 16,000 digits took 33 s, comma-grouped ones as long; dot-grouped, dashed
    runs and amounts glued together were quadratic through the e-mail and web-address patterns and
    rules that looked at the whole text before each match)."""
    from newscast.script.normalize import speak

    print(f"\n{'digit run':32} {'digits':>7} {'s':>8} {'us/digit':>9}")
    for name, make in (("plain", lambda n: "7" * n), ("comma-grouped", lambda n: "1" + ",000" * (n // 3)),
                       ("decimal", lambda n: "1." + "5" * n), ("dot-grouped", lambda n: "1" + ".000" * (n // 3)),
                       ("dashed", lambda n: "12-" * (n // 2)), ("amounts", lambda n: "$1" * n)):
        for n in (1000, 16000, 64000):
            text = f"The value was {make(n)} dollars."
            start = time.perf_counter()
            speak(text)
            spent = time.perf_counter() - start
            print(f"{name:32} {n:7} {spent:8.3f} {spent / n * 1e6:9.2f}")


if __name__ == "__main__":
    main()
