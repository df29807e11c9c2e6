"""What an episode reads of an HTML page, per block type and place on the page, through the real
extractor (trafilatura) and clean: teasers of other stories, runs of linked headlines, tables,
code listings. Each page is hand-made; each test fails with its rule switched off."""

from __future__ import annotations

import pytest

from newscast.read.clean import clean
from newscast.core.models import Article
from newscast.read.parse import parse

STORY = [
    "The harbour authority said on Monday that the northern pier will reopen in March after two years of repairs to its foundations.",
    "Engineers found that the timber piles had rotted far below the waterline, and the council voted last spring to replace them with steel.",
    "Fishing crews who moved to the southern quay during the works say the return will cut their morning journeys by half an hour.",
    "The project cost four million pounds, a third more than planned, because storms in the winter stopped the divers for six weeks.",
    "Local traders hope the reopening will bring back the summer visitors who used to walk the pier to watch the boats come in.",
]


def page(body: str, after: str = "", title: str = "Northern pier to reopen in March") -> str:
    return (f"<html><head><title>{title}</title></head><body><header><a href='/'>Home</a></header>"
            f"<main>{body}</main>{after}<footer><p>Contact us</p></footer></body></html>")


def read(html: str, skip: frozenset[str] = frozenset()) -> tuple[list[str], tuple[str, ...]]:
    art = clean(parse(Article(source="page.html", text=html, format="html")), skip)
    return [b.text for b in art.blocks], art.removed


def story_article(inside: str = "", cls: str = "story post-101") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return f"<article class='{cls}'><h1>Northern pier to reopen in March</h1>{paragraphs}{inside}</article>"


TEASERS = [
    ("Gratitude lives in the details", "Gratitude for life is in the details of each morning, in the first smile of the day and in the prayer of thanks for waking up once more, "
     "because real happiness comes from inside and money will never be able to buy it, however much of it we save."),
    ("Strength to win", "Strength to win and faith to believe that everything is possible, that every obstacle can be overcome and that the victory is already "
     "guaranteed for those who keep walking, even on the days when the road seems longer than the legs that walk it."),
    ("What holds a family together", "What holds a family together is love, care and wanting the best for one another; a united family is strength, the certainty of support, "
     "understanding and hands held out, a push in life and happiness multiplied when dreams come true."),
    ("This is how I am", "This is how I am, full of faults, mistakes and limits, but also full of life, of dreams, of love, of faith and of hope in each new day, "
     "because what matters is not what other eyes see but what is inside, where I am strong and able."),
]


def test_teasers_set_in_articles_of_their_own_are_not_read():
    # a short story and long teasers: the extractor takes the teasers too (as on real pages)
    story = "".join(f"<p>{p}</p>" for p in STORY[:2])
    teasers = "".join(f"<article class='teaser post-{200 + n}'><h3>{h}</h3><p>{t}</p></article>" for n, (h, t) in enumerate(TEASERS))
    html = page(f"<div class='content'><article class='story post-101'><h1>Northern pier to reopen in March</h1>{story}</article>"
                f"<article class='box post-101'><h3>You may like</h3>{teasers}</article></div>")
    texts, removed = read(html)
    assert any("timber piles" in t for t in texts)
    assert not any(h in t or b[:40] in t for h, b in TEASERS for t in texts)
    assert any("Gratitude for life" in r for r in removed)
    texts, _ = read(html, skip=frozenset({"other article"}))
    assert any("Gratitude for life" in t for t in texts)  # the rule is what removes them


def test_entries_of_a_live_blog_are_all_read():
    entries = [STORY[:2], STORY[2:4], STORY[4:]]
    body = "".join(f"<article class='entry post-{300 + n}'>" + "".join(f"<p>{p}</p>" for p in e) + "</article>"
                   for n, e in enumerate(entries))
    texts, _ = read(page(body))
    for p in STORY:
        assert any(p[:40] in t for t in texts), p


def test_a_run_of_linked_headlines_is_not_read():
    items = "".join(f"<li><h3><a href='/s/{n}'>{h}</a></h3><h4>{d}</h4></li>" for n, (h, d) in enumerate([
        ("Pochettino fired by Tottenham", "He took the club to the Champions League final in June"),
        ("Results from the expansion draft", "Here is what you need to know about the draft"),
        ("Maradona out as coach of Gimnasia", "The coach would now be free to sign with another club"),
        ("Messi accepts a challenge", "Messi seems to be getting tougher with age"),
    ]))
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = page(f"<article><h1>Northern pier to reopen in March</h1>{paragraphs}<ul>{items}</ul></article>")
    texts, removed = read(html)
    assert not any("Pochettino" in t or "Gimnasia" in t for t in texts)
    assert any("Pochettino" in r for r in removed)
    assert not any(t == "He took the club to the Champions League final in June" for t in texts)  # the line under it is not read apart
    texts, _ = read(html, skip=frozenset({"headline run"}))
    assert sum("Pochettino" in t for t in texts) == 1


def test_a_list_with_one_link_per_item_of_prose_is_read():
    items = "".join(f"<li>{p[:60]} <a href='/r/{n}'>report</a> {p[60:]}</li>" for n, p in enumerate(STORY[:4]))
    texts, _ = read(page(story_article(f"<ul>{items}</ul>")))
    assert sum("report" in t for t in texts) == 4


FIRST = ["Kyle", "Martin", "Kevin", "Denny", "Joey", "Ryan"]
LAST = ["Busch", "Truex Jr.", "Harvick", "Hamlin", "Logano"]


def standings_page(rows: int) -> str:
    cells = "".join(f"<tr><td>{n + 1}</td><td>{FIRST[n % 6]} {LAST[n // 6]}</td><td>{5040 - 37 * n}</td><td>{(n * 7) % 5}</td></tr>"
                    for n in range(rows))
    table = f"<table><tr><td>Pos.</td><td>Driver</td><td>Points</td><td>Wins</td></tr>{cells}</table>"
    return page(f"<article><h1>Cup Series standings</h1><p>The final standings of the Cup Series after the last race of the season.</p>"
                f"{table}<p>Only the top twelve drivers fight for the title.</p></article>", title="Cup Series standings")


def test_a_table_that_is_the_page_is_read_whole_with_its_header_named():
    texts, removed = read(standings_page(30))
    rows = [t for t in texts if t.startswith("Pos.:")]
    assert len(rows) == 30
    assert rows[0] == "Pos.: 1; Driver: Kyle Busch; Points: 5040; Wins: 0."
    assert not any(r.startswith("table:") for r in removed)


def test_a_large_table_inside_a_story_is_left_out_with_a_note():
    cells = "".join(f"<tr><td>{n}</td><td>Pier {n}</td><td>{n * 3}</td></tr>" for n in range(25))
    body = story_article(f"<table><tr><th>No.</th><th>Name</th><th>Berths</th></tr>{cells}</table>" + "".join(
        f"<p>{p} And more was said about it.</p>" for p in STORY))
    texts, removed = read(page(body))
    assert "A table of 25 rows is left out." in texts
    assert not any("Pier 7" in t for t in texts)
    assert any(r.startswith("table: ") for r in removed)


def test_a_small_table_is_read_row_by_row():
    cells = "".join(f"<tr><td>Pier {n}</td><td>{n * 3}</td></tr>" for n in range(1, 4))
    texts, _ = read(page(story_article(f"<table><tr><th>Name</th><th>Berths</th></tr>{cells}</table>")))
    assert "Name: Pier 2; Berths: 6." in texts


@pytest.mark.parametrize("language, note", [("en", "A code listing is left out."), ("de", "Ein Programmcode wird hier ausgelassen.")])
def test_a_code_listing_is_not_read(language, note):
    code = "<pre><code>def reopen(pier):\n    pier.open = True\n    return pier\n</code></pre>"
    html = page(story_article(code)).replace("<html>", f"<html lang='{language}'>")
    texts, removed = read(html)
    assert note in texts
    assert not any("pier.open" in t for t in texts)
    assert any(r.startswith("code: def reopen") for r in removed)


def test_a_table_that_lays_the_page_out_is_read_as_its_paragraphs():
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = page(f"<table><tr><td><h1>Northern pier to reopen in March</h1><p>November 20, 2019 - 11:28 AMT</p>{paragraphs}</td>"
                f"<td><p>Weather: sunny spells and a light breeze from the west, turning colder by the evening.</p></td></tr></table>")
    texts, removed = read(html)
    assert texts[:len(STORY)] == STORY  # one block a paragraph, not the cell run together
    assert "November 20, 2019 - 11:28 AMT" in removed
    assert not any("Northern pier to reopen" in t for t in texts)  # the title, printed again


TWEET = ("<blockquote class='twitter-tweet'><p lang='en' dir='ltr'>The pier opens again on 3 March. Come and see the boats! "
         "<a href='https://t.co/x1'>pic.twitter.com/x1</a></p>— Harbour Office (@harbour_office) "
         "<a href='https://twitter.com/harbour_office/status/1'>November 19, 2019</a></blockquote>")


def test_a_post_the_extractor_dropped_is_put_back_where_it_stands_with_its_credit():
    import lxml.html

    from newscast.core.models import Block
    from newscast.read.pagetree import embedded_posts

    sidebar = TWEET.replace("opens again on 3 March", "has a new café")
    doc = lxml.html.fromstring(f"<html><body><p>{STORY[0]}</p>{TWEET}<p>{STORY[1]}</p><aside>{sidebar}</aside></body></html>")
    blocks = embedded_posts(doc, [Block("paragraph", STORY[0]), Block("paragraph", STORY[1])])
    assert [b.text for b in blocks] == [STORY[0], "The pier opens again on 3 March. Come and see the boats!",
                                        "Harbour Office, November 19, 2019", STORY[1]]  # no picture link; no café: it follows the story
    assert blocks[1].kind == "quote"
    again = embedded_posts(doc, blocks)
    assert again == blocks  # a post in the extract already is not put back twice


def test_a_post_the_extractor_kept_is_read_once_without_its_picture_link():
    paragraphs = [f"<p>{p}</p>" for p in STORY]
    html = page("<article><h1>Northern pier to reopen in March</h1>" + "".join(paragraphs[:2]) + TWEET + "".join(paragraphs[2:]) + "</article>")
    texts, removed = read(html)
    assert sum("Come and see the boats" in t for t in texts) == 1
    assert not any("pic.twitter.com" in t for t in texts)
