#!/usr/bin/env python3
"""Newsreader readings on held-out cases (prints numbers, never asserted).

    .venv/bin/python benchmarks/newsreader.py [-v]

benchmarks/data/newsreader-holdout.tsv holds cases per class (class TAB input TAB spoken),
written before the rules of issue 27 and not looked at while writing them; the rules were
written against tests/data/normalize.tsv (every row of which passes, a test). Printed: per
class, how many held-out cases read exactly as expected (strict string comparison), and with -v
each miss.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newscast.script.normalize import speak  # noqa: E402

HOLDOUT = ROOT / "benchmarks" / "data" / "newsreader-holdout.tsv"


def main() -> None:
    verbose = "-v" in sys.argv
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for line in HOLDOUT.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, text, expected = line.split("\t")
        got = speak(text)
        total[kind] += 1
        right[kind] += got == expected
        if got != expected:
            misses.append((kind, text, expected, got))
    for kind in total:
        print(f"{kind:12} {right[kind]:3}/{total[kind]:<3} {right[kind] / total[kind]:6.1%}")
    print(f"{'all':12} {sum(right.values()):3}/{sum(total.values()):<3} {sum(right.values()) / sum(total.values()):6.1%}")
    if verbose:
        for kind, text, expected, got in misses:
            print(f"\n[{kind}] {text}\n  want: {expected}\n  got:  {got}")


if __name__ == "__main__":
    main()
