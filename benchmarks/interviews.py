#!/usr/bin/env python3
"""Interview turns found with the right speaker, on ../shared/corpus/interviews (prints numbers).

    .venv/bin/python benchmarks/interviews.py [CORPUS_DIR] [-v]

Each page's JSON sidecar lists its turns (speaker, label as written, opening
words), counted by hand. A gold turn counts as found when a `turn` segment of
newscast's script starts with its opening words (label stripped) and its
speaker is the one mapped to the gold speaker. Speakers are mapped one to one
by majority over the matched turns (as in diarization scoring), so naming
differences ("Q" vs "Interviewer (Experience blog)") do not matter, but
mixing two people up does. A page marked is_interview=false passes when
newscast finds no turns on it. Goal: >= 90% on every interview page.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newscast.clean import clean  # noqa: E402
from newscast.ingest import ingest  # noqa: E402
from newscast.parse import parse  # noqa: E402
from newscast.segment import segment  # noqa: E402

PREFIX = 24


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text.lower())).strip()


def score(page: Path, verbose: bool) -> tuple[int, int, bool, int]:
    gold = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    script = segment(clean(parse(ingest(str(page)))))
    turns = [s for s in script.segments if s.kind == "turn"]
    if not gold.get("is_interview", True):
        return 0, 0, False, len(turns)
    texts = [(norm(t.text), norm(f"{t.label or ''} {t.text}"), t) for t in turns]
    matches: list[tuple[str, str | None]] = []
    for g in gold["turn_sequence"]:
        starts = g["starts"]
        if g.get("label") and starts.startswith(g["label"]):
            starts = starts[len(g["label"]):]
        want = norm(starts)[:PREFIX]
        hit = next((t for plain, labelled, t in texts if plain.startswith(want) or labelled.startswith(want)), None)
        matches.append((g["speaker"], hit.speaker if hit else None))
        if verbose and (hit is None):
            print(f"   missed {g['speaker'][:20]:20} {starts[:60]!r}")
    votes = Counter((g, o) for g, o in matches if o is not None)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for (g, o), _n in votes.most_common():
        if g not in mapping and o not in used:
            mapping[g] = o
            used.add(o)
    right = sum(1 for g, o in matches if o is not None and mapping.get(g) == o)
    if verbose:
        for g, o in matches:
            if o is not None and mapping.get(g) != o:
                print(f"   wrong  {g[:20]:20} -> {o}")
    return right, len(matches), True, len(turns)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    corpus = Path(args[0]) if args else ROOT.parent / "shared" / "corpus" / "interviews"
    pages = sorted(corpus.glob("*.html"))
    if not pages:
        sys.exit(f"no interview pages in {corpus}")
    worst = 1.0
    for page in pages:
        right, total, is_interview, found = score(page, verbose)
        if is_interview:
            share = right / total if total else 0.0
            worst = min(worst, share)
            print(f"{page.stem:32} {right:3}/{total:<3} turns right  {share:6.1%}")
        else:
            ok = found == 0
            worst = min(worst, 1.0 if ok else 0.0)
            print(f"{page.stem:32} not an interview: {found} turns found ({'ok' if ok else 'WRONG'})")
    print(f"worst page: {worst:.1%}   (goal >= 90% on every page)")


if __name__ == "__main__":
    main()
