"""Unlabelled interviews: every style of issue 15 on hand-made pages (tests/data/articles, with
golden scripts), the pages that must not become interviews, and who is speaking."""

import pytest

from newscast.read.clean import clean
from newscast.read.ingest import ingest
from newscast.script.interview import plan
from newscast.core.models import Article, Block
from newscast.read.parse import parse
from newscast.script.segment import _merge_label_blocks, _split_bold_questions, segment

from .conftest import DATA

ARTICLES = DATA / "articles"


def _script(name: str):
    return segment(clean(parse(ingest(str(ARTICLES / name)))))


def _style(name: str) -> str | None:
    article = clean(parse(ingest(str(ARTICLES / name))))
    found = plan(_split_bold_questions(_merge_label_blocks(list(article.blocks))), article.language)
    return found.style if found else None


# page, style, interviewer, interviewee, the questioner's turns (openings), what is cut as said-elsewhere or stage
POSITIVES = [
    ("bold_questions_de.html", "bold", "Lena Berg", "Martin Schulte",
     ["Herr Schulte, wie lange", "Woran liegt das?", "Die Opposition sagt", "Was würden Sie"],
     ["(lacht)", "MEHR ZUM THEMA: Mieten steigen im dritten Jahr in Folge"]),
    ("heading_questions_en.html", "heading", "Harbour Business Review", "Jane Doe",
     ["You said in January", "The central bank raised", "What would change", "And what do you tell"],
     ["[laughs]", "RELATED: Small firms cut hiring plans, survey finds", "Small firms pay 9 percent on their loans"]),
    ("dash_questions_es.html", "dash", "Diario del Sur", "Lucía Fernández",
     ["¿Por qué falta agua", "Muchos agricultores dicen", "¿Qué medidas", "¿Y si no llueve"], ["(risas)"]),
    ("dash_turns_pt.txt", "dash-turns", "Carlos Mendes", "Ana Ribeiro",
     ["Quando a senhora", "O governo diz", "E o que ainda falta?", "A senhora vai nadar"], ["(risos)"]),
    ("bold_dash_ru.html", "bold", "Городские новости", "Анна Петрова",
     ["Почему вы снизили", "Но ведь это убытки.", "Какие премьеры"], []),
    ("bold_questions_es.html", "bold", "Pablo Ortega", "Javier Mendoza Ruiz",
     ["Capitán Mendoza, ¿cuántos", "¿Qué hace falta?", "¿Y qué le responden?"], []),
    ("italic_questions_en.md", "italic", "Sam Reid", "Dora Quinn",
     ["What got you started?", "Do you have a favourite?", "The work sounds dangerous.", "Any plans"], []),
    ("dash_questions_ru.md", "dash", "Анна Орлова", "Ирина Соколова",
     ["Ирина Викторовна, когда", "Что мешает", "Говорят, бюджет", "Вы сами живёте"], ["(смеется)"]),
]


@pytest.mark.parametrize("name, style, asker, guest, asks, cut", POSITIVES, ids=[p[0] for p in POSITIVES])
def test_unlabelled_interview_styles_are_found_with_their_speakers(name, style, asker, guest, asks, cut):
    script = _script(name)
    assert _style(name) == style
    assert dict(script.speakers) == {asker: "interviewer", guest: "expert"}
    turns = [s for s in script.segments if s.kind == "turn"]
    questions = [t.text for t in turns if t.speaker == asker]
    assert len(questions) == len(asks) and all(q.startswith(a) for q, a in zip(questions, asks)), questions
    # question and answer alternate, the first turn asks, and no turn still carries its dash or a stage direction
    assert turns[0].speaker == asker and all(t.speaker in (asker, guest) for t in turns)
    assert not any(t.text[:1] in "—–-" or "(lacht)" in t.text or "[laughs]" in t.text for t in turns)
    assert all(c in script.removed for c in cut), script.removed
    # what follows the last answer in italics is the narrator's (series blurb), the introduction too
    assert script.segments[1].speaker == "Narrator"


def test_a_bold_subhead_between_exchanges_is_a_section_heading():
    segments = _script("bold_questions_de.html").segments
    head = [s for s in segments if s.text == "Personal und Geld"]
    assert [(s.kind, s.speaker) for s in head] == [("heading", "Narrator")]
    after = segments[segments.index(head[0]) + 1]
    assert after.kind == "turn" and after.speaker == "Lena Berg" and after.section == "Personal und Geld"


def test_the_series_blurb_after_the_last_answer_is_read_by_the_narrator():
    for name in ("bold_questions_de.html", "heading_questions_en.html"):
        last = _script(name).segments[-1]
        assert last.kind == "paragraph" and last.speaker == "Narrator" and ("Reihe" in last.text or "series" in last.text)
    # plain lines about the interview after its last answer, and a credit line naming who asked
    segments = _script("heading_questions_en.html").segments
    assert [s.speaker for s in segments if s.text.startswith("This conversation has been")] == ["Narrator"]
    assert [s.speaker for s in _script("dash_questions_ru.md").segments if s.text.startswith("Беседовала")] == ["Narrator"]


@pytest.mark.parametrize("name", ["faq_not_interview.html", "explainer_not_interview.md", "listicle_not_interview.html"])
def test_question_shaped_articles_are_not_interviews(name):
    script = _script(name)
    assert not [s for s in script.segments if s.kind == "turn"] and not script.speakers
    assert _style(name) is None


def _blocks(*rows: tuple[str, str]) -> list[Block]:
    return [Block("paragraph", text, bold=style == "b", italic=style == "i", explicit=True) for style, text in rows]


def test_precision_cases_built_by_hand():
    # an ordinary article with two bold sentences, one of them a question
    assert plan(_blocks(("", "The council met."), ("b", "Why does it matter?"), ("", "Rents rise."),
                        ("b", "Rents rose 4 percent."), ("", "They said it was bad."), ("", "More next week.")), "en") is None
    # advice column: the letter says "I", the answer says "you"
    assert plan(_blocks(("b", "My husband snores. What can I do?"), ("", "You could try earplugs."),
                        ("b", "My son never calls me. Should I worry?"), ("", "Call him yourself."),
                        ("b", "Can I skip my cousin's wedding?"), ("", "You can, but send a gift.")), "en") is None
    # three bold questions answered in the first person make one
    found = plan(_blocks(("", "Intro."), ("b", "Why now?"), ("", "I was ready."), ("b", "Was it hard?"),
                         ("", "We had no money."), ("b", "The critics hated it."), ("", "My mother loved it."),
                         ("b", "FOLLOW US ON SOCIAL MEDIA")), "en")
    assert found is not None and found.style == "bold" and sorted(found.questions) == [1, 3, 5]
    assert 7 not in found.questions  # a bold line that is no sentence is a subhead or a call to action, no question


def test_italic_questions_are_a_style_too():
    found = plan(_blocks(("i", "Why now?"), ("", "I was ready."), ("i", "Was it hard?"), ("", "We had no money."),
                         ("i", "And next?"), ("", "My own firm.")), "en")
    assert found is not None and found.style == "italic"


def test_labels_that_ask_nothing_are_not_an_interview():
    """Names before charges in a police report, teams before injury notes: labels, no questions."""
    text = ("Six arrested\n\nPolice arrested six people on Friday.\n\n"
            "Ann B. Carter: Possession of methamphetamine, held on $7,000 bond.\n\n"
            "Bob D. Evans: Two warrants, held without bond.\n\n"
            "Ann B. Carter: Also charged with theft.\n\n"
            "Bob D. Evans: Released on Monday.")
    script = segment(clean(parse(Article(source="police.txt", text=text))))
    assert not [s for s in script.segments if s.kind == "turn"] and not script.speakers
    assert any(s.text.startswith("Ann B. Carter: Possession") and s.speaker == "Narrator" for s in script.segments)


_NAMELESS_BODY = """<html lang="en"><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>
<p>The harbour reopens next week after two years of work.</p>
<p><strong>Why did it take so long?</strong></p><p>We found old mines in the mud. I had not expected that.</p>
<p><strong>Was it dangerous?</strong></p><p>Not for us. The navy did the hard part, and I watched.</p>
<p><strong>What comes next?</strong></p><p>My team starts on the second basin in spring.</p>
</article></body></html>"""


@pytest.mark.parametrize("title, meta, guest", [
    ("Rosa Kellner: 'The harbour is ready'", "", "Rosa Kellner"),  # the title opens with the name
    ("The harbour is ready", '<meta name="description" content="Engineer Rosa Kellner on two years of work.">',
     "Rosa Kellner"),  # only the page's description names her
    ("The harbour is ready", "", "Guest"),  # nobody named anywhere
])
def test_the_interviewee_is_named_from_title_or_description(title, meta, guest):
    html = _NAMELESS_BODY.format(title=title, meta=meta)
    script = segment(clean(parse(Article(source="harbour.html", text=html, format="html"))))
    assert dict(script.speakers).get(guest) == "expert", script.speakers


def test_question_and_answer_letters_of_other_languages():
    """El País sets "P." and "R.", German pages "F:" and "A:"; the first question's address names the guest."""
    text = ("La presa, a examen\n\nLa ingeniera Marta Gil Ruiz dirige la obra desde 2022.\n\n"
            "P. Señora Gil, ¿cuándo termina la obra?\n\nR. En marzo, si no llueve. Yo no prometo nada.\n\n"
            "P. ¿Y el coste?\n\nR. Ha subido un diez por ciento.\n\n"
            "P. ¿Por qué?\n\nR. Por el acero. Nosotros lo compramos en 2021.")
    script = segment(clean(parse(Article(source="presa.txt", text=text))))
    roles = dict(script.speakers)
    assert sorted(roles.values()) == ["expert", "interviewer"] and roles.get("Marta Gil Ruiz") == "expert", roles
    assert [s.text[:6] for s in script.segments if s.kind == "turn"][:2] == ["Señora", "En mar"]
    # one "R." alone is a name's initial, not an answer
    lone = segment(clean(parse(Article(source="r.txt", text="Title\n\nR. Kelly sang. He was late.\n\nThe end came."))))
    assert not lone.speakers
