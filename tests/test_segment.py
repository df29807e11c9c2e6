from collections import Counter
from pathlib import Path

import pytest

from newscast.read.clean import clean
from newscast.core.errors import IngestError
from newscast.read.ingest import ingest
from newscast.core.models import Article, Block
from newscast.read.parse import parse
from newscast.script.segment import segment

from .conftest import EXAMPLE


@pytest.fixture(scope="module")
def sample():
    return segment(clean(parse(ingest(str(EXAMPLE)))))


def test_sample_headings(sample):
    headings = [s.text for s in sample.segments if s.kind == "heading"]
    assert len(headings) == 16
    assert "Archyde Exclusive: Analyzing Ukraine Security Guarantees with Dr. Anya Petrova" in headings
    assert "the Scope of Support: beyond Boots on the Ground" in headings
    assert "Understanding the “Coalition of the Willing”" in headings
    assert "The Path to a Lasting Peace. What’s next for Ukranian defense?" in headings


def test_sample_title_once(sample):
    assert [s.kind for s in sample.segments].count("title") == 1
    assert sample.segments[0].text == sample.title
    assert all(s.text != sample.title for s in sample.segments[1:])


def test_sample_bullets_are_narration_with_lead_ins(sample):
    bullets = [s for s in sample.segments if s.kind == "bullet"]
    leads = [b.text.split(":")[0] for b in bullets]
    assert leads == ["Broad Support Base", "Russian opposition", "Drone Deal", "Financial Commitment"]
    assert all(b.speaker == "Narrator" and b.role == "narrator" for b in bullets)


def test_sample_interview_turns(sample):
    turns = [s for s in sample.segments if s.kind == "turn"]
    assert len(turns) == 16
    assert Counter((t.speaker, t.role) for t in turns) == {
        ("Archyde News", "interviewer"): 8, ("Dr. Anya Petrova", "expert"): 8}
    assert {t.label for t in turns} == {"Archyde News", "archyde news", "Dr. Anya Petrova", "Dr.Anya Petrova"}
    assert dict(sample.speakers) == {"Archyde News": "interviewer", "Dr. Anya Petrova": "expert"}
    # turns alternate, the interviewer first
    assert [t.speaker for t in turns] == ["Archyde News", "Dr. Anya Petrova"] * 8
    # the label is not part of the text to be read
    assert not any(t.text.lower().startswith(("archyde news", "dr.")) and ":" in t.text[:20] for t in turns)


def test_sections_follow_headings(sample):
    seg = next(s for s in sample.segments if s.text.startswith("Certainly."))
    assert seg.section == "Understanding the “Coalition of the Willing”"
    assert sample.segments[0].section is None


def test_q_and_a_labels():
    text = ("An Interview\n\nIntro paragraph about the guest.\n\nQ: How did it start?\n\nA: Slowly, then fast.\n\n"
            "Q: And now?\n\nA: We wait.")
    script = segment(parse(Article(source="x", text=text.split("\n\n", 1)[1], title="An Interview")))
    turns = [s for s in script.segments if s.kind == "turn"]
    assert [(t.speaker, t.role) for t in turns] == [("Interviewer", "interviewer"), ("Guest", "expert")] * 2
    assert [t.label for t in turns] == ["Q", "A"] * 2


def test_a_single_colon_line_is_not_an_interview():
    script = segment(parse(Article(source="x", text="Update: the vote was delayed until Friday.", title="T")))
    assert [s.kind for s in script.segments] == ["title", "paragraph"]
    assert script.speakers == ()


def test_unlabelled_paragraph_after_a_turn_continues_it():
    text = ("John Doe: Why?\n\nJane Roe: First answer.\n\nJohn Doe: A question?\n\n"
            "Jane Roe: Second answer.\n\nAnd more of it.")
    script = segment(parse(Article(source="x", text=text, title="T")))
    assert [(s.kind, s.speaker) for s in script.segments[1:]] == [
        ("turn", "John Doe"), ("turn", "Jane Roe"), ("turn", "John Doe"), ("turn", "Jane Roe"), ("turn", "Jane Roe")]
    assert dict(script.speakers) == {"John Doe": "interviewer", "Jane Roe": "expert"}


def test_no_text_is_an_error():
    with pytest.raises(IngestError):
        segment(parse(Article(source="x", text="", title="T")))


def test_every_segment_rule_decides_something_on_a_golden_fixture():
    """segment() is a table of named rules: switching any one off changes the script of at least one
    fixture of tests/data/articles (or of the inline page below, for the pull quote)."""
    from newscast.script.segment import RULES

    fixtures = [p for p in sorted((Path(__file__).parent / "data" / "articles").iterdir())
                if not p.name.endswith(".json")]
    cleaned = [clean(parse(ingest(str(p)))) for p in fixtures]
    cleaned.append(clean(parse(Article(source="x.md", format="markdown", text=PULL_QUOTE_PAGE))))
    base = [segment(a).segments for a in cleaned]
    idle = [r.name for r in RULES if all(segment(a, skip=(r.name,)).segments == b for a, b in zip(cleaned, base))]
    assert not idle, idle


PULL_QUOTE_PAGE = """# Harbour talk

Q: Why did the harbour close?

A: The storm broke the wall in two places and the boats could not moor.

## “The boats could not moor”

Q: When will it open?

A: Next spring, if the money comes through.
"""


def test_a_pull_quote_between_answers_is_not_read_and_opens_no_section():
    script = segment(clean(parse(Article(source="x.md", format="markdown", text=PULL_QUOTE_PAGE))))
    assert [s.kind for s in script.segments] == ["title", "turn", "turn", "turn", "turn"]
    assert script.removed == ("“The boats could not moor”",)
    off = segment(clean(parse(Article(source="x.md", format="markdown", text=PULL_QUOTE_PAGE))), skip=["pull quote"])
    assert [s.kind for s in off.segments] == ["title", "turn", "turn", "heading", "turn", "turn"]


def test_an_unknown_rule_name_is_refused():
    with pytest.raises(ValueError, match="unknown segment rules"):
        segment(Article(source="x", text="Hello there.", title="T", blocks=(Block("paragraph", "Hello there."),)),
                skip=["no such rule"])
