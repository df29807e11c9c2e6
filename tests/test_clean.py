import pytest

from newscast.read.clean import clean
from newscast.read.furniture import junk_kind
from newscast.core.errors import IngestError
from newscast.read.ingest import ingest
from newscast.core.models import Article
from newscast.read.parse import parse, split_blocks

from .conftest import EXAMPLE


def test_sample_title_read_once_and_junk_listed():
    art = clean(parse(ingest(str(EXAMPLE))))
    assert art.title == "20 Countries Likely to Join Ukraine Coalition, Says UK: Global Support Expands"
    kept = [b.text for b in art.blocks]
    assert art.title not in kept
    for junk in ["Home » world »", "You may also like", "Leave a Comment",
                 "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
                 "Adblock Detected",
                 "Please support us by disabling your AdBlocker extension from your browsers for our website."]:
        assert junk in art.removed
        assert junk not in kept
    assert "Russia Stands Firm" in kept


@pytest.mark.parametrize("block, kind", [
    ("You may also like", "related"), ("Related articles:", "related"), ("Leave a Reply", "comment form"),
    ("12 Comments", "comment form"), ("Advertisement", "advertisement"), ("Share this article", "share prompt"),
    ("Sign up for our daily newsletter", "newsletter"), ("We use cookies to improve your experience.", "cookie notice"),
    ("Photo: Reuters/John Smith", "photo credit"), ("2019-11-19T08:57:40+01:00", "timestamp"),
    ("2019-11-19 was a Tuesday.", None), ("November 20, 2019 - 11:28 AMT", "date line"),
    ("Monday, November 18, 2019", "date line"), ("20.11.2019, 14:05", "date line"), ("May 5, 2019 was warm.", None),
    ("sexta-feira, 22 de outubro de 2010 às 20:13", "date line"), ("Montag, 18. November 2019, 14:05 Uhr", "date line"),
    ("mardi 19 novembre 2019 à 14h05", "date line"), ("martes, 19 de noviembre de 2019", "date line"),
    ("19 maggio 2019 alle 10:30", "date line"), ("(Reporting by Greg Roumeliotis; Editing by Ana Nicolaci da Costa)", "credit line"),
    ("Keith Bradsher contributed reporting from Hong Kong.", "credit line"), ("SOURCE: Al Jazeera News", "credit line"),
    ("Associated Press writers Alan Fram and Zeke Miller contributed to this report.", "credit line"),
    ("The reporting by the paper was wrong, she said.", None), ("paul.takahashi@chron.com twitter.com/paultakahashi", "contact"),
    ("Reach the reporters on Twitter at http://twitter.com/MegKinnardAP and http://twitter.com/em", "contact line"), ("Am 18. November 2019 stieg der Kurs.", None),
    ("The advertisement market grew.", None), ("Comments from the minister were sharp.", None),
    # status labels, reading times and topic lines, in several languages; and sentences that only resemble them
    ("Updated", "status label"), ("Aktualisiert", "status label"), ("Actualizado:", "status label"), ("BREAKING", "status label"),
    ("The rules were updated last year.", None), ("Live music returned to the square.", None),
    ("3 min read", "reading time"), ("Lesezeit: 4 Minuten", "reading time"), ("5 minutes de lecture", "reading time"),
    ("Tiempo de lectura: 3 minutos", "reading time"), ("Tempo de leitura: 2 min", "reading time"),
    ("It takes 3 minutes to read the rules aloud.", None), ("Topics: harbour, council, transport", "tags"),
    ("Themen: Hafen, Rat", "tags"), ("Temas: puerto, ayuntamiento", "tags"),
    # bylines with a date or a role after the name, as Markdown and plain text write them
    ("*By Jane Doe — 3 December*", "byline"), ("By Jane Doe, Political Correspondent", "byline"),
    ("Von Anna Richter | 3. Dezember", "byline"), ("By Tuesday, the council will have decided.", None),
])
def test_junk_table(block, kind):
    assert junk_kind(block) == kind


def test_hard_wrapped_paragraphs_are_joined_and_bullets_split():
    text = "A first line that wraps\nonto a second one.\n\n- one\n- two\n"
    assert split_blocks(text) == ["A first line that wraps onto a second one.", "- one", "- two"]


def test_only_boilerplate_is_an_error():
    with pytest.raises(IngestError, match="no article text left"):
        clean(parse(Article(source="x.txt", text="Leave a Comment\n\nAdblock Detected\n")))


@pytest.mark.parametrize("first, title, suffix", [
    ("Council approves new harbour plan | Jane Smith", "Council approves new harbour plan", "Jane Smith"),
    ("Pier reopens after the winter storms - The Harbour Times", "Pier reopens after the winter storms", "The Harbour Times"),
    ("El Gobierno aprueba el plan de vivienda | El País", "El Gobierno aprueba el plan de vivienda", "El País"),
    ("Neuer Hafenplan beschlossen – tagesschau.de", "Neuer Hafenplan beschlossen", "tagesschau.de"),
])
def test_a_first_line_with_the_pages_suffix_is_the_title_and_the_first_paragraph_stays(first, title, suffix):
    body = "The council approved the plan on Tuesday, after months of debate in the chamber."
    art = clean(parse(Article(source="x.txt", text=f"{first}\n\n{body}\n\nIt will take five years to build.")))
    assert art.title == title and art.blocks[0].text == body and suffix in art.removed


def test_a_first_line_that_is_a_sentence_with_a_dash_is_not_a_title_with_a_suffix():
    art = clean(parse(Article(source="x.txt", text="Prices rose in May - and fell again.\n\nMore text follows here today.")))
    assert art.title == "Prices rose in May - and fell again."


def test_first_block_is_title_without_breadcrumb():
    art = clean(parse(Article(source="x.txt", text="My Title\n\nBody text here.")))
    assert art.title == "My Title" and [b.text for b in art.blocks] == ["Body text here."] and art.removed == ()


def test_a_pull_quote_repeating_an_answer_is_not_read_twice():
    from newscast.read.clean import clean
    from newscast.core.models import Article, Block

    said = Block("paragraph", "It did, and I think it was a mistake. I have said so to their faces, and I will again.", explicit=True)
    blocks = (Block("paragraph", "Intro to the talk.", explicit=True), said,
              Block("quote", "“I think it was a mistake … I have said so to their faces”", explicit=True),
              Block("paragraph", "It was a mistake to raise rates, she said again and again.", bold=True, explicit=True),
              Block("quote", "Rates were a mistake, and the bank knows it well.", explicit=True))
    out = clean(Article(source="x.html", text="", format="html", blocks=blocks, title="T"))
    texts = [b.text for b in out.blocks]
    assert "“I think it was a mistake … I have said so to their faces”" in out.removed
    # lines that share only some words with the answer stay
    assert "Rates were a mistake, and the bank knows it well." in texts
    assert "It was a mistake to raise rates, she said again and again." in texts


def test_each_removed_block_names_the_rule_that_removed_it_and_script_json_says_so():
    from newscast.script.segment import segment

    text = ("Harbour plan approved | Jane Smith\n\nUpdated\n\n3 min read\n\nThe council approved the plan on Tuesday.\n\n"
            "Topics: harbour, council\n\nIt will take five years to build.\n")
    art = clean(parse(Article(source="x.txt", text=text)))
    assert dict(art.removed_by) == {"Jane Smith": "title suffix", "Updated": "status label", "3 min read": "reading time",
                                    "Topics: harbour, council": "tags"}
    shown = segment(art).to_json()
    assert shown["removed_by"] == ["title suffix", "status label", "reading time", "tags"]
    assert len(shown["removed_by"]) == len(shown["removed"])


def test_a_storys_own_linked_list_is_read_and_a_list_of_other_stories_is_not():
    from newscast.read.ingest import ingest as read

    from .conftest import DATA

    art = clean(parse(read(str(DATA / "articles" / "story_list_en.html"))))
    kept = [b.text for b in art.blocks]
    assert sum(b.kind == "bullet" for b in art.blocks) == 5 and any(t.startswith("Notion keeps") for t in kept)
    assert "How we set our prices" in art.removed and not any("prices" in t for t in kept)
    assert art.date is None  # "© 2026" in the footer is no publication date


@pytest.mark.parametrize("source, title, first", [
    ("harbour-plan-approved.txt", "Harbour plan approved", "The city council approved a new plan for the harbour on Tuesday, after months of debate. The vote was close."),
    ("x1.txt", "The city council approved a new plan for the harbour on Tuesday, after months of debate.", "The vote was close."),
])
def test_without_a_headline_the_first_paragraph_is_not_promoted_to_the_title(source, title, first):
    text = ("The city council approved a new plan for the harbour on Tuesday, after months of debate. The vote was close.\n\n"
            "The plan will cost about 40 million pounds.\n")
    art = clean(parse(Article(source=source, text=text)))
    assert art.title == title and art.blocks[0].text == first and len(art.blocks) == 2


def test_a_markdown_byline_is_not_read_and_names_the_author():
    art = clean(parse(Article(source="x.md", text="# Harbour plan approved\n\n*By Jane Doe — 3 December*\n\n"
                                                  "The council approved the plan on Tuesday.\n")))
    assert art.author == "Jane Doe" and [b.text for b in art.blocks] == ["The council approved the plan on Tuesday."]
