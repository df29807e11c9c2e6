"""Real pages from ../shared/corpus (skipped when the folder is absent): the
benchmarks' own scorers, held to their goals so a regression fails CI."""

import importlib.util
import sys

import pytest

from .conftest import CORPUS, ROOT

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout")


def _bench(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", sorted((CORPUS / "interviews").glob("*.html")), ids=lambda p: p.stem)
def test_interview_turns(page):
    right, total, is_interview, found = _bench("interviews").score(page, verbose=False)
    if is_interview:
        assert right / total >= 0.9, f"{right}/{total} turns with the right speaker"
    else:
        assert found == 0, "a Q&A-shaped advice column is not an interview"


def test_coalition_from_the_corpus_has_its_16_turns():
    from newscast.clean import clean
    from newscast.ingest import ingest
    from newscast.parse import parse
    from newscast.segment import segment

    script = segment(clean(parse(ingest(str(CORPUS / "coalition.txt")))))
    assert sum(s.kind == "turn" for s in script.segments) == 16


def test_extraction_beats_plain_trafilatura():
    import gzip
    import json

    import trafilatura

    bench = _bench("extraction")
    truth = json.loads((CORPUS / "extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    ours = theirs = 0.0
    for key, item in truth.items():
        raw = gzip.open(CORPUS / "extraction" / f"{key}.html.gz").read()
        ours += bench.prf(bench.newscast_text(raw.decode("utf-8", errors="replace")), item["articleBody"])[2]
        theirs += bench.prf(trafilatura.extract(raw), item["articleBody"])[2]
    assert ours / len(truth) >= theirs / len(truth) + 0.01
