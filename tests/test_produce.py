"""Signposts, production settings and music: what makes an episode sound produced."""

import math
import struct
import wave
from datetime import date

import pytest

from newscast.settings.show import Production, Show, load_show
from newscast.core.errors import ConfigError
from newscast.core.models import ArticleMeta, Script, Segment
from newscast.script.signposts import signpost

SCRIPT = Script(title="Harbour Plan Approved", source="x", speakers=(("Harbour Weekly", "interviewer"), ("Lena Okafor", "expert")),
                segments=(Segment("title", "Harbour Plan Approved"), Segment("paragraph", "Intro."),
                          Segment("turn", "Why?", speaker="Harbour Weekly", role="interviewer"),
                          Segment("turn", "Because.", speaker="Lena Okafor", role="expert")))


def test_intro_transition_outro():
    script = signpost(SCRIPT, Show(title="Coast Brief"), date(2026, 11, 28))
    assert [s.kind for s in script.segments] == ["intro", "title", "paragraph", "transition", "turn", "turn", "outro"]
    assert script.segments[0].text == "This is Coast Brief, for Saturday, 28 November 2026."
    assert script.segments[3].text == "Next: Harbour Weekly talks with Lena Okafor."
    assert script.segments[-1].text == "That was Harbour Plan Approved. You have been listening to Coast Brief."


def test_signposts_can_be_switched_off_and_skip_languages_without_wording():
    quiet = Show(production=Production(intro=False, outro=False, transitions=False))
    assert signpost(SCRIPT, quiet) == SCRIPT
    russian = SCRIPT.with_(meta=ArticleMeta(language="ru"))
    assert signpost(russian, Show()) == russian


@pytest.mark.parametrize("language, intro, transition, outro", [
    ("es", "Esto es Coast Brief, sábado, 28 de noviembre de 2026.", "A continuación, Harbour Weekly conversa con Lena Okafor.",
     "Ha sido Harbour Plan Approved. Han escuchado Coast Brief."),
    ("de", "Hier ist Coast Brief, am Samstag, 28. November 2026.", "Es folgt: Harbour Weekly im Gespräch mit Lena Okafor.",
     "Das war Harbour Plan Approved. Sie hörten Coast Brief."),
    ("zh", "这里是Coast Brief，2026年11月28日，星期六。", "接下来，Harbour Weekly与Lena Okafor对话。",
     "以上是Harbour Plan Approved。您收听的是Coast Brief。"),
    ("pt-BR", "Este é o Coast Brief, sábado, 28 de novembro de 2026.", "A seguir, Harbour Weekly conversa com Lena Okafor.",
     "Foi Harbour Plan Approved. Você ouviu Coast Brief."),
])
def test_signposts_are_in_the_articles_language(language, intro, transition, outro):
    script = signpost(SCRIPT.with_(meta=ArticleMeta(language=language)), Show(title="Coast Brief"), date(2026, 11, 28))
    assert [s.text for s in script.segments if s.kind in ("intro", "transition", "outro")] == [intro, transition, outro]


def test_every_language_with_signposts_names_seven_weekdays_and_twelve_months_or_writes_months_as_numbers():
    from newscast.script.signposts import WORDING

    for language, words in WORDING.items():
        assert len(words.weekdays) == 7 and len(words.months) in (0, 12), language
        assert ("{month}" in words.day) == bool(words.months), language


def test_production_config(tmp_path):
    (tmp_path / "sting.wav").write_bytes(b"")
    cfg = tmp_path / "newscast.toml"
    cfg.write_text('[show]\ntitle = "Coast Brief"\n[production]\ntarget_lufs = -19.0\nbitrate_kbps = 96\n'
                   'music = "sting.wav"\n[pauses]\nspeaker = 1200\n')
    show = load_show(cfg)
    assert show.title == "Coast Brief" and show.production.target_lufs == -19.0
    assert show.production.bitrate_kbps == 96 and dict(show.production.pauses) == {"speaker": 1200}
    assert show.production.music == str(tmp_path / "sting.wav")


@pytest.mark.parametrize("text, message", [
    ("[production]\nbitrate_kbps = 320\n", "bitrate_kbps 320 is outside 64-128"),
    ("[pauses]\nforever = 5\n", "[pauses] forever = 5"),
    ("[production]\nmusic = \"nope.mp3\"\n", "music file nope.mp3 not found"),
    ("[production]\nloud = true\n", "unknown field 'loud'"),
])
def test_bad_production_config(tmp_path, text, message):
    cfg = tmp_path / "newscast.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_show(cfg)


def test_music_under_intro_and_outro_at_the_right_loudness(tmp_path, silent_voices):
    """A render with music: the bed plays under the intro, not under the story, and the file is still -16 LUFS."""
    import json
    import subprocess
    import sys

    from mutagen.id3 import ID3

    from newscast.sound.encode import measure

    sting = tmp_path / "sting.wav"
    with wave.open(str(sting), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 44100))) for i in range(44100 * 3)))
    cfg = tmp_path / "newscast.toml"
    cfg.write_text('[production]\nmusic = "sting.wav"\nmusic_db = -12.0\n')
    article = tmp_path / "a.html"
    article.write_text("<html lang='en'><head><link rel='canonical' href='https://example.org/a'><title>A Title</title></head>"
                       "<body><article><h1>A Title</h1><p>" + "Some words of the story are here. " * 20 + "</p></article></body></html>")
    done = subprocess.run([sys.executable, "-m", "newscast", "render", str(article), "--out", str(tmp_path / "out"),
                           "--voices", str(silent_voices), "--config", str(cfg), "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    ep = json.loads(done.stdout)["episodes"][0]
    assert abs(ep["loudness_lufs"] + 16) <= 1 and ep["true_peak_dbtp"] <= -1
    assert measure(__import__("pathlib").Path(ep["mp3"])) == (ep["loudness_lufs"], ep["true_peak_dbtp"])
    assert ID3(ep["mp3"]).getall("WOAS")[0].url == "https://example.org/a"
    import numpy as np

    from newscast.sound.encode import ffmpeg_exe

    raw = subprocess.run([ffmpeg_exe(), "-v", "quiet", "-i", ep["mp3"], "-f", "s16le", "-ac", "1", "-ar", "44100", "-"],
                         capture_output=True, check=True).stdout
    pcm = np.frombuffer(raw, dtype=np.int16).astype(np.float64)

    def tone(at_s: float) -> float:  # share of the spectrum's energy at 440 Hz around a moment
        x = pcm[int(at_s * 44100):int(at_s * 44100) + 8820]
        spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
        freqs = np.fft.rfftfreq(len(x), 1 / 44100)
        return spectrum[(freqs > 430) & (freqs < 450)].sum() / spectrum.sum()

    assert tone(1.2) > 0.2  # under the intro
    assert tone(len(pcm) / 44100 / 2) < 0.01  # not under the story


def test_the_shows_own_intro_and_outro_wording_is_used_and_a_misspelt_field_is_refused(tmp_path):
    cfg = tmp_path / "newscast.toml"
    cfg.write_text('[show]\ntitle = "Coast Brief"\n[production]\nintro_text = "Good morning. This is {show} for {date}."\n'
                   'outro_text = "That was {title}. {show} is back tomorrow."\n')
    script = signpost(SCRIPT, load_show(cfg), date(2026, 11, 28))
    texts = [s.text for s in script.segments]
    assert texts[0] == "Good morning. This is Coast Brief for Saturday, 28 November 2026."
    assert texts[-1] == "That was Harbour Plan Approved. Coast Brief is back tomorrow."
    russian = signpost(SCRIPT.with_(meta=ArticleMeta(language="ru")), load_show(cfg), date(2026, 11, 28))
    assert russian.segments[0].kind == "intro"  # the show's own wording serves any language
    cfg.write_text('[production]\nintro_text = "This is {shw}."\n')
    with pytest.raises(ConfigError, match=r"intro_text uses \{shw\}; did you mean \{show\}\?"):
        load_show(cfg)


def test_init_writes_the_show_config_and_a_voices_overlay_that_is_layered_over_the_bundled_voices(tmp_path, monkeypatch):
    from newscast.settings.voices import load_voices
    from newscast.site.maintenance import init_config

    init_config(tmp_path)  # a folder: its newscast.toml
    assert (tmp_path / "newscast.toml").is_file() and (tmp_path / "voices" / "lexicon.toml").is_file()
    (tmp_path / "voices" / "lexicon.toml").write_text('[respell]\n"Okafor" = "Oh-kah-for"\n')
    monkeypatch.chdir(tmp_path)
    voices = load_voices()
    lexicon = dict(voices.lexicon)
    assert lexicon["Okafor"] == "Oh-kah-for" and lexicon["Kyiv"] == "Keev"  # the show's entry over the bundled ones
    assert voices.get("narrator").engine == "pyttsx3"  # the bundled profiles are still there
