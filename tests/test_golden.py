"""Golden files: tests/data/articles/NAME.txt <-> NAME.script.json (the `script --json` document).

A new case is a pair of files. After an intended change, regenerate with
NEWSCAST_UPDATE_GOLDEN=1 and review the diff before committing it.
"""

import json
import os
from pathlib import Path

import pytest

from newscast.settings.voices import BUNDLED_VOICES, load_voices
from newscast.render.script import build_script

from .conftest import DATA

ARTICLES = sorted(p for p in (DATA / "articles").iterdir() if p.suffix in (".txt", ".md", ".html"))


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_script_matches_golden(article: Path, monkeypatch):
    monkeypatch.chdir(article.parent)
    # the espeak-ng casting, whatever this machine has: Kokoro's casting is tested in test_cast
    doc = build_script(article.name, load_voices(BUNDLED_VOICES).for_engine("pyttsx3")).to_json()
    golden = article.with_name(article.stem + ".script.json")
    if os.environ.get("NEWSCAST_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file for {article.name}; run with NEWSCAST_UPDATE_GOLDEN=1 and review it"
    assert doc == json.loads(golden.read_text(encoding="utf-8"))


def test_there_are_golden_cases():
    assert {p.suffix for p in ARTICLES} == {".txt", ".md", ".html"}
