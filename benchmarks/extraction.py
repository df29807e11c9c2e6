#!/usr/bin/env python3
"""Article-text extraction quality on ../shared/corpus/extraction (prints numbers).

    .venv/bin/python benchmarks/extraction.py [CORPUS_DIR] [--worst N] [--json SCORES.json]

For each page, word-level precision, recall and F1 (bag of lowercased words)
of newscast's article text (every block of the script but the title) against
the hand-made `articleBody`, and of plain `trafilatura.extract` (defaults) in
the same run; prints the means. Goal: newscast F1 >= 0.97 and above trafilatura.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import trafilatura  # noqa: E402

from newscast.clean import clean  # noqa: E402
from newscast.models import Article  # noqa: E402
from newscast.parse import parse  # noqa: E402
from newscast.segment import segment  # noqa: E402
from newscast.errors import NewscastError  # noqa: E402


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


def main() -> None:
    args = [a for i, a in enumerate(sys.argv[1:], 1) if not a.startswith("--") and sys.argv[i - 1] != "--json"]
    worst = int(sys.argv[sys.argv.index("--worst") + 1]) if "--worst" in sys.argv else 0
    corpus = Path(args[0]) if args and not args[0].isdigit() else ROOT.parent / "shared" / "corpus" / "extraction"
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    ours, theirs, rows = [], [], []
    spent = {"newscast": 0.0, "trafilatura": 0.0}
    for key, item in truth.items():
        raw = gzip.open(corpus / f"{key}.html.gz").read()
        html = raw.decode("utf-8", errors="replace")
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


if __name__ == "__main__":
    main()
