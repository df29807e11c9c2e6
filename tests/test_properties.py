"""Property tests: any text at all goes through the text stages without a crash, and what
reaches the engine is speakable."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscast.read.clean import clean
from newscast.core.errors import NewscastError
from newscast.core.models import Article
from newscast.script.normalize import NOISE, normalize, speak
from newscast.read.parse import parse
from newscast.script.segment import segment

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NEWSY = st.text(alphabet=st.sampled_from(list("abcdefghij XYZ.,;:!?'\"-–—()[]{}*#_|~^`\\/<>&%$£€@0123456789\n\t\x00\x07"
                                                 "éüß€©™•…\u200b\ufeff\u202e🎙️🚢مرحبا你好")), max_size=400)
ANY = st.text(max_size=300)


@SETTINGS
@given(st.one_of(ANY, NEWSY))
def test_speak_never_crashes_and_leaves_no_noise(text):
    spoken = speak(text)
    assert not re.search(NOISE, spoken), repr(spoken)
    assert speak(spoken) == spoken  # idempotent: the rules run to a fixed point


@SETTINGS
@given(st.one_of(ANY, NEWSY), st.sampled_from(["text", "markdown", "html"]))
def test_text_stages_never_crash(text, kind):
    article = Article(source="x.txt", text=text, format=kind)
    try:
        script = normalize(segment(clean(parse(article))))
    except NewscastError:
        return  # a clear error for an input with nothing to read is the right answer
    for seg in script.segments:
        assert not re.search(NOISE, seg.spoken)


@SETTINGS
@given(st.lists(st.text(alphabet=st.characters(categories=("Lu", "Ll", "Nd", "Zs", "Po")), min_size=1, max_size=80),
                min_size=1, max_size=6))
def test_an_article_with_words_never_becomes_a_silent_script(paragraphs):
    text = "Headline words here\n\n" + "\n\n".join(paragraphs)
    try:
        script = normalize(segment(clean(parse(Article(source="x.txt", text=text)))))
    except NewscastError:
        return
    assert any(re.search(r"\w", s.spoken) for s in script.segments)
