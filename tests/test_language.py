"""Articles in other languages: detected, spoken by voices of that language, and
not run through the English number and abbreviation rules."""

import pytest

from newscast.read.clean import clean
from newscast.settings.voices import BUNDLED_VOICES, load_voices
from newscast.script.segment import segment
from newscast.voice.engines import get_engine
from newscast.core.models import Article
from newscast.script.normalize import normalize
from newscast.read.parse import detect_language, parse
from newscast.render.script import build_script

GERMAN = ("Der Hafen wächst\n\nDie Stadt will den Hafen bis 2030 ausbauen. Das kostet 4,5 Mrd. Euro, sagte "
          "Dr. Weber am 5. März.\n\nFrage: Ist das nicht zu teuer?\n\nWeber: Nein, es ist eine Investition.\n\n"
          "Frage: Und die Umwelt?\n\nWeber: Wir prüfen das sehr genau.\n")


@pytest.mark.parametrize("text, lang", [
    ("The minister said that the plan was not ready and that it would be delayed.", "en"),
    ("Der Minister sagte, dass der Plan nicht fertig ist und sich verzögern wird.", "de"),
    ("El ministro dijo que el plan no está listo y que se retrasará para el año que viene.", "es"),
    ("O ministro disse que o plano não está pronto e que vai atrasar para o ano que vem.", "pt"),
    ("Le ministre a dit que le plan n'est pas prêt et qu'il sera retardé pour la fin de l'année.", "fr"),
    ("Министр сказал, что план не готов и что он будет отложен, как и в прошлом году.", "ru"),
    ("Short.", None),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_german_article_gets_german_voices_and_no_english_rules(tmp_path):
    path = tmp_path / "hafen.txt"
    path.write_text(GERMAN, encoding="utf-8")
    voices = load_voices(BUNDLED_VOICES)
    script = build_script(str(path), voices)
    assert script.language == "de"
    assert {s.voice for s in script.segments} == {"narrator@de", "interviewer@de", "expert@de"}
    assert voices.get("expert@de").voice == "gmw/de+f4" and voices.get("narrator@de").voice == "gmw/de"
    body = script.segments[1].spoken
    assert "2030" in body and "4,5" in body and "Dr." in body  # left to the German voice, not read in English
    turns = [s for s in script.segments if s.kind == "turn"]
    assert [t.role for t in turns] == ["interviewer", "expert"] * 2


@pytest.mark.integration
def test_german_voice_speaks(tmp_path):
    voices = load_voices(BUNDLED_VOICES)
    samples, rate = get_engine("pyttsx3").synthesize("Wir prüfen das sehr genau.", voices.get("expert@de"))
    assert 1.0 < len(samples) / 2 / rate < 5.0


def test_english_rules_still_apply_to_english():
    script = segment(clean(parse(Article(source="x", text="Title Here\n\nIt cost £5bn in 2020, the minister said."))))
    assert script.language == "en"
    assert normalize(script).segments[1].spoken == "It cost five billion pounds in twenty twenty, the minister said."
