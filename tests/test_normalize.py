import pytest

from newscast.core.models import Script, Segment
from newscast.script.normalize import normalize, speak

CASES = [
    # money
    ("£30 million", "thirty million pounds"),
    ("£2.26bn", "two point two six billion pounds"),
    ("a £1.6 billion deal", "a one point six billion pound deal"),
    ("$1", "one dollar"),
    ("$4.50", "four dollars fifty"),
    ("€30m", "thirty million euros"),
    ("800 billion euro", "eight hundred billion euros"),
    ("150p", "one hundred and fifty pence"),
    # numbers
    ("10,000 drones", "ten thousand drones"),
    ("for 80 years", "for eighty years"),
    ("2.5 points", "two point five points"),
    ("60%", "sixty percent"),
    ("5 per cent", "five percent"),
    ("the 22nd time", "the twenty-second time"),
    ("in 1987", "in nineteen eighty-seven"),
    ("by 2031, the largest", "by twenty thirty-one, the largest"),
    ("rose 5, then 6", "rose five, then six"),
    ("in 2,031 cases", "in two thousand and thirty-one cases"),
    # dates and units
    ("on 1 April", "on the first of April"),
    ("on March 22 and", "on March twenty-second and"),
    ("in April 2026", "in April twenty twenty-six"),
    ("a 12 km line", "a twelve kilometre line"),
    ("1 kg", "one kilogram"),
    ("at 30°C", "at thirty degrees Celsius"),
    ("the 1990s", "the nineteen nineties"),
    # abbreviations and initialisms
    ("Dr. Anya Petrova", "Doctor Anya Petrova"),
    ("Dr.Petrova", "Doctor Petrova"),
    ("the U.K. and U.S. and D.C. said", "the U K and U S and D C said"),
    ("U.S commitment", "U S commitment"),
    ("sent by the U.K.", "sent by the U K."),
    ("Nato members", "Nato members"),
    ("NATO members", "Nato members"),
    ("EU’s defense package", "E U's defense package"),
    ("the UN and NATO", "the U N and Nato"),
    ("e.g. tanks", "for example tanks"),
    ("at 3 a.m. sharp", "at three a m sharp"),
    ("until 7 p.m. My cat", "until seven p m. My cat"),
    ("moved to 11 am and 5pm", "moved to eleven a m and five p m"),
    # scraped-text damage and typography
    ("broad.Beyond", "broad. Beyond"),
    ("France,aims", "France, aims"),
    ("expected,and", "expected, and"),
    ("“can’t be allowed”", "can't be allowed"),
    ("the United States… it’s", "the United States, it's"),
]


@pytest.mark.parametrize("text, spoken", CASES)
def test_speak(text, spoken):
    assert speak(text) == spoken


def test_normalize_sets_spoken_on_every_segment_and_stops_headings():
    script = Script(title="T", source="-", segments=(
        Segment("title", "Budget Day"), Segment("heading", "What’s next?"), Segment("paragraph", "It cost £5bn.")))
    spoken = [s.spoken for s in normalize(script).segments]
    assert spoken == ["Budget Day.", "What's next?", "It cost five billion pounds."]


def test_a_spaced_or_hyphenated_capital_after_an_amount_stays_a_letter():
    from newscast.script.normalize import speak

    assert "T-shirt" in speak("He bought a $5 T-shirt.") and "trillion" not in speak("He bought a $5 T-shirt.")
    assert "M and A" in speak("It charged a $5 M&A fee.") and "million" not in speak("It charged a $5 M&A fee.")
    assert "million" not in speak("Grade 9M students sat the test.")


@pytest.mark.parametrize("language, spoken", [
    ("en-US", "It was filed on March fourth, twenty twenty-one."),
    ("en-GB", "It was filed on the third of April twenty twenty-one."),
    ("en", "It was filed on three four twenty twenty-one."),  # the locale cannot tell: read as written
])
def test_a_numeric_date_is_read_in_the_order_the_articles_locale_writes_it(language, spoken):
    from newscast.core.models import ArticleMeta

    script = Script(title="T", source="-", segments=(Segment("paragraph", "It was filed on 03/04/2021."),),
                    meta=ArticleMeta(language=language))
    assert normalize(script).segments[0].spoken == spoken
