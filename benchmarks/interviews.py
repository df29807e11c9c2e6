#!/usr/bin/env python3
"""Interview turns found with the right speaker, on ../shared/corpus/interviews and on the
hand-made style fixtures of tests/data/articles (prints numbers, per page and per style).

    .venv/bin/python benchmarks/interviews.py [CORPUS_DIR] [-v] [--no-extraction] [--rules]

``--rules`` scores each of segment()'s named rules (segment.RULES) by switching it off alone:
the turns right it is worth on the interview pages and fixtures, the pages whose script it
changes, and the articles of the extraction corpus it keeps from (or makes into) interviews.

Each page's JSON sidecar lists its turns (speaker, label as written, opening
words), counted by hand (fixtures: NAME.turns.json, written with the page, with
the page's style). A gold turn counts as found when a `turn` segment of
newscast's script starts with its opening words (label stripped) and its
speaker is the one mapped to the gold speaker. Speakers are mapped one to one
by majority over the matched turns (as in diarization scoring), so naming
differences ("Q" vs "Interviewer (Experience blog)") do not matter, but
mixing two people up does. A page marked is_interview=false passes when
newscast finds no turns on it. Goal: >= 90% on every interview page.

Precision on pages that are not interviews: the 179 pages of
../shared/corpus/extraction are news and blog articles (one of them is the
expapp interview again); the run prints how many became interviews.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newscast.read.clean import clean
from newscast.read.ingest import ingest
from newscast.read.parse import parse
from newscast.script.segment import RULES, segment

PREFIX = 24


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text.lower())).strip()


def score(page: Path, gold: dict, verbose: bool, skip: tuple[str, ...] = ()) -> tuple[int, int, bool, int]:
    script = segment(clean(parse(ingest(str(page)))), skip=skip)
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


def pages(corpus: Path) -> list[tuple[str, Path, dict]]:
    """(style, page, gold) for the corpus pages and the fixtures."""
    out = []
    for page in sorted(corpus.glob("*.html")):
        gold = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        styles = " ".join(gold.get("label_styles", [])).lower()
        style = "labelled" if gold.get("is_interview", True) else "negative"
        if "unlabeled bold" in styles or "only the first" in styles:
            style = "labels first, then bold"
        out.append((f"corpus: {style}", page, gold))
    for sidecar in sorted((ROOT / "tests" / "data" / "articles").glob("*.turns.json")):
        stem = sidecar.name[: -len(".turns.json")]
        page = next(p for p in sidecar.parent.glob(stem + ".*") if not p.name.endswith(".json"))
        gold = json.loads(sidecar.read_text(encoding="utf-8"))
        out.append((f"fixture: {gold['style'] if gold['is_interview'] else 'negative'}", page, gold))
    return out


def false_interviews(folder: Path) -> tuple[int, list[str]]:
    """Pages of the extraction corpus (articles) on which newscast finds interview turns."""
    import gzip

    from newscast.core.models import Article

    found, total = [], 0
    for page in sorted(folder.glob("*.html.gz")):
        total += 1
        html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
        try:
            script = segment(clean(parse(Article(source=page.name, text=html, format="html"))))
        except Exception:  # noqa: BLE001 - a page with no text is no interview
            continue
        turns = [s for s in script.segments if s.kind == "turn"]
        if turns:
            found.append(f"{page.name[:12]} {len(turns)} turns, speakers {', '.join(n for n, _ in script.speakers)}")
    return total, found


def rule_table(corpus: Path) -> None:
    """Each rule switched off alone: turns right lost (or gained), pages changed, articles made interviews."""
    import gzip

    from newscast.core.models import Article

    labelled = pages(corpus)
    cleaned = {page: clean(parse(ingest(str(page)))) for _s, page, _g in labelled}
    extraction = corpus.parent / "extraction"
    articles = []
    for page in sorted(extraction.glob("*.html.gz")) if extraction.is_dir() else []:
        html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
        try:
            articles.append(clean(parse(Article(source=page.name, text=html, format="html"))))
        except Exception:  # noqa: BLE001 - a page with no text takes no rule
            continue

    def run(skip: tuple[str, ...]) -> tuple[int, int, int, list]:
        right = total = 0
        for _style, page, gold in labelled:
            r, t, _i, _f = score(page, gold, False, skip)
            right, total = right + r, total + t
        scripts = [segment(a, skip=skip).segments for a in [*cleaned.values(), *articles]]
        made = sum(any(s.kind == "turn" for s in segs) for segs in scripts[len(cleaned):])
        return right, total, made, scripts

    base_right, total, base_made, base = run(())
    print(f"all rules on: {base_right}/{total} turns right, {base_made}/{len(articles)} articles with turns")
    print(f"{'rule switched off':24} {'turns right':>12} {'pages changed':>14} {'articles with turns':>20}")
    for rule in RULES:
        right, _t, made, scripts = run((rule.name,))
        changed = sum(a != b for a, b in zip(base, scripts))
        print(f"{rule.name:24} {right - base_right:+12d} {changed:>8}/{len(base):<5} {made - base_made:+20d}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    corpus = Path(args[0]) if args else ROOT.parent / "shared" / "corpus" / "interviews"
    if not list(corpus.glob("*.html")):
        sys.exit(f"no interview pages in {corpus}")
    if "--rules" in sys.argv:
        rule_table(corpus)
        return
    worst = 1.0
    by_style: dict[str, list[int]] = {}
    for style, page, gold in pages(corpus):
        right, total, is_interview, found = score(page, gold, verbose)
        tally = by_style.setdefault(style, [0, 0, 0, 0])  # right, total, negatives, negatives with turns
        if is_interview:
            share = right / total if total else 0.0
            worst = min(worst, share)
            tally[0] += right
            tally[1] += total
            print(f"{page.name:36} {right:3}/{total:<3} turns right  {share:6.1%}")
        else:
            ok = found == 0
            worst = min(worst, 1.0 if ok else 0.0)
            tally[2] += 1
            tally[3] += not ok
            print(f"{page.name:36} not an interview: {found} turns found ({'ok' if ok else 'WRONG'})")
    print()
    print("per style:")
    for style, (right, total, negatives, wrong) in sorted(by_style.items()):
        if total:
            print(f"  {style:36} {right:3}/{total:<3} turns right  {right / total:6.1%}")
        if negatives:
            print(f"  {style:36} {negatives - wrong}/{negatives} pages with no turns")
    print(f"worst page: {worst:.1%}   (goal >= 90% on every page)")
    extraction = corpus.parent / "extraction"
    if "--no-extraction" not in sys.argv and extraction.is_dir():
        total, found = false_interviews(extraction)
        print(f"articles that became interviews: {len(found)}/{total} pages of {extraction.name}/ "
              "(one, 4648a420af99, is the expapp interview)")
        for line in found:
            print(f"   {line}")


if __name__ == "__main__":
    main()
