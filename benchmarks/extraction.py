#!/usr/bin/env python3
"""Article-text extraction quality on ../shared/corpus/extraction (prints numbers).

    .venv/bin/python benchmarks/extraction.py [CORPUS_DIR] [--worst N] [--json SCORES.json]

For each page, word-level precision, recall and F1 (bag of lowercased words)
of newscast's article text (every block of the script but the title) against
the hand-made `articleBody`, and of plain `trafilatura.extract` (defaults) in
the same run; prints the means. Goal: newscast F1 >= 0.97 and above trafilatura.
Cross-validated score: the pages are split by site (host name), in two ways:
5 folds of sites, and one site out (each site a fold of its own, judged by all
the others). For each fold, a rule stays on only if switching it off lowers
the F1 of the *other* folds' pages (every clean rule, by the names
clean.rules() gives, and what parse puts back, parse.PARSE_RULES); the fold is then
scored with the rules its training folds earned (strict). The lenient score
only switches a rule off in folds whose training pages it hurts. The mean over
all pages is the cross-validated F1: what the rules are worth on sites they
were not judged on. (A rule that fires on a single site has no evidence
outside it: strict switches it off there, lenient leaves it on.) The table
lists each rule: pages it changes, its effect on F1, precision and recall over
all pages (all rules on minus that rule off), and on how many sites it helped
or hurt. ``--no-cv`` skips this part.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import trafilatura  # noqa: E402

from newscast.read.clean import clean, rules
from newscast.core.models import Article
from newscast.read.parse import PARSE_RULES, parse
from newscast.script.segment import segment
from newscast.core.errors import NewscastError


def words(text: str | None) -> Counter[str]:
    return Counter(re.findall(r"\w+", (text or "").lower()))


def prf(pred: str | None, gold: str) -> tuple[float, float, float]:
    p, g = words(pred), words(gold)
    tp = sum((p & g).values())
    precision = tp / max(1, sum(p.values()))
    recall = tp / max(1, sum(g.values()))
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def newscast_text(html: str) -> str:
    try:
        script = segment(clean(parse(Article(source="page.html", text=html, format="html"))))
    except NewscastError:
        return ""
    return "\n\n".join(s.text for s in script.segments if s.kind != "title")


class Parsed:
    """A page parsed once for each set of parse rules left out (on demand)."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.by_skip: dict[frozenset[str], Article | None] = {}

    def __getitem__(self, skip: frozenset[str]) -> Article | None:
        if skip not in self.by_skip:
            try:
                self.by_skip[skip] = parse(Article(source="page.html", text=self.html, format="html"), skip)
            except NewscastError:
                self.by_skip[skip] = None
        return self.by_skip[skip]

FOLDS = 5


def _read(parsed: Parsed, skip: frozenset[str]) -> str:
    article = parsed[skip & frozenset(PARSE_RULES)]
    if article is None:
        return ""
    try:
        script = segment(clean(article, skip - frozenset(PARSE_RULES)))
    except NewscastError:
        return ""
    return "\n\n".join(s.text for s in script.segments if s.kind != "title")


def _host(url: str) -> str:
    return urlparse(url).hostname or url


def _fold(url: str) -> int:
    return int(hashlib.sha256(_host(url).encode()).hexdigest(), 16) % FOLDS


def cross_validate(pages: dict[str, tuple[Parsed, str, str]]) -> None:
    """Print the cross-validated F1 and each rule's effect (see the module's docstring)."""
    names = [*rules(), *PARSE_RULES]
    base = {k: prf(_read(parsed, frozenset()), gold) for k, (parsed, gold, _url) in pages.items()}
    without = {r: {k: prf(_read(parsed, frozenset({r})), gold) for k, (parsed, gold, _url) in pages.items()} for r in names}
    n = len(pages)
    schemes = (("5 folds by site", {k: _fold(url) for k, (_p, _g, url) in pages.items()}),
               ("one site out", {k: _host(url) for k, (_p, _g, url) in pages.items()}))
    for label, fold in schemes:
        gains = {r: {} for r in names}  # per fold: the rule's summed F1 gain on that fold's pages
        for r in names:
            for k in pages:
                gains[r][fold[k]] = gains[r].get(fold[k], 0.0) + base[k][2] - without[r][k][2]
        for strict in (True, False):
            cv: dict[str, tuple[float, float, float]] = {}
            for f in set(fold.values()):
                off = set()
                for r in names:
                    gain = sum(g for other, g in gains[r].items() if other != f)  # judged on the other folds only
                    if gain < -1e-9 or (strict and gain <= 1e-9):
                        off.add(r)
                for k in (k for k in pages if fold[k] == f):
                    parsed, gold, _url = pages[k]
                    cv[k] = prf(_read(parsed, frozenset(off)), gold) if off else base[k]
            mean = [sum(v[i] for v in cv.values()) / n for i in range(3)]
            how = ("strict: a rule stays on where it helps the other folds" if strict
                   else "lenient: a rule goes off where it hurts the other folds")
            print(f"cross-validated, {label} ({how}): P {mean[0]:.4f}  R {mean[1]:.4f}  F1 {mean[2]:.4f}")
    sites = schemes[1][1]
    print(f"  {'rule':28} pages  dF1      dP       dR       sites helped/hurt")
    for r in sorted(names, key=lambda r: sum(base[k][2] - without[r][k][2] for k in pages)):
        changed = sum(1 for k in pages if abs(base[k][2] - without[r][k][2]) > 1e-9)
        if not changed:
            print(f"  {r:28} {0:5}  (no page)")
            continue
        d = [sum(base[k][i] - without[r][k][i] for k in pages) / n for i in range(3)]
        per_site: dict[str, float] = {}
        for k in pages:
            per_site[sites[k]] = per_site.get(sites[k], 0.0) + base[k][2] - without[r][k][2]
        helped = sum(g > 1e-9 for g in per_site.values())
        hurt = sum(g < -1e-9 for g in per_site.values())
        print(f"  {r:28} {changed:5}  {d[2]:+.4f}  {d[0]:+.4f}  {d[1]:+.4f}  {helped}/{hurt}")


def main() -> None:
    args = [a for i, a in enumerate(sys.argv[1:], 1) if not a.startswith("--") and sys.argv[i - 1] != "--json"]
    worst = int(sys.argv[sys.argv.index("--worst") + 1]) if "--worst" in sys.argv else 0
    corpus = Path(args[0]) if args and not args[0].isdigit() else ROOT.parent / "shared" / "corpus" / "extraction"
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    ours, theirs, rows = [], [], []
    spent = {"newscast": 0.0, "trafilatura": 0.0}
    pages: dict[str, tuple[Parsed, str, str]] = {}
    for key, item in truth.items():
        raw = gzip.open(corpus / f"{key}.html.gz").read()
        html = raw.decode("utf-8", errors="replace")
        if "--no-cv" not in sys.argv:
            pages[key] = (Parsed(html), item["articleBody"], item.get("url", key))
        start = time.perf_counter()
        text = newscast_text(html)
        spent["newscast"] += time.perf_counter() - start
        start = time.perf_counter()
        base = trafilatura.extract(raw)
        spent["trafilatura"] += time.perf_counter() - start
        ours.append(prf(text, item["articleBody"]))
        theirs.append(prf(base, item["articleBody"]))
        rows.append((ours[-1][2] - theirs[-1][2], key, ours[-1], theirs[-1]))
    if "--json" in sys.argv:  # per-page scores, to compare two versions page by page
        out = Path(sys.argv[sys.argv.index("--json") + 1])
        out.write_text(json.dumps({key: {"newscast": o, "trafilatura": t} for _d, key, o, t in rows}, indent=0))
    n = len(ours)
    for name, scores in (("newscast", ours), ("trafilatura", theirs)):
        p, r, f = (sum(s[i] for s in scores) / n for i in range(3))
        print(f"{name:12} P {p:.4f}  R {r:.4f}  F1 {f:.4f}   ({spent[name]:.1f} s for {n} pages)")
    for delta, key, o, t in sorted(rows)[:worst]:
        print(f"  {key[:12]}  newscast F1 {o[2]:.3f} (P {o[0]:.3f} R {o[1]:.3f})  trafilatura F1 {t[2]:.3f}  delta {delta:+.3f}")
    if pages:
        cross_validate(pages)


if __name__ == "__main__":
    main()
