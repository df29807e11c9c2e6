import pytest

from newscast.settings.voices import BUNDLED_VOICES, load_voices
from newscast.settings.show import Show, load_show
from newscast.core.errors import ConfigError


def test_bundled_voices_cast_three_distinct_voices():
    voices = load_voices(BUNDLED_VOICES)
    roles = dict(voices.casting.roles)
    assert set(roles) == {"narrator", "interviewer", "expert", "guest"}
    picked = [voices.get(roles[r]) for r in ("narrator", "interviewer", "expert")]
    # told apart by ear: different engine voices and clearly different pitch
    assert len({p.voice for p in picked}) == 3
    pitches = sorted(p.pitch for p in picked)
    assert min(b - a for a, b in zip(pitches, pitches[1:])) >= 10


def test_show_defaults_and_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_show(None) == Show()
    (tmp_path / "newscast.toml").write_text('[show]\ntitle = "Morning Brief"\nexplicit = true\n')
    show = load_show(None)
    assert show.title == "Morning Brief" and show.explicit is True


@pytest.mark.parametrize("text, message", [
    ('engine = "pyttsx3"\nvoice = "x"\nrate = "fast"\n', "field 'rate' must be a int"),
    ('engine = "pyttsx3"\nvoice = "x"\ncolour = 3\n', "unknown field 'colour'"),
    ('engine = "pyttsx3"\n', "missing field 'voice'"),
    ('engine = "pyttsx3"\nvoice = "x"\npitch = 300\n', "pitch 300 is outside 0-100"),
    ('engine = [\n', "not valid TOML"),
    # a misspelt voice or engine is refused where it is written, with the nearest name
    ('engine = "kokoro"\nvoice = "af_hart"\n', "Kokoro has no voice 'af_hart'; did you mean 'af_heart'?"),
    ('engine = "kokoro"\nvoice = "af_heart:0.5,bf_emmma:0.5"\n', "did you mean 'bf_emma'?"),
    ('engine = "espeak"\nvoice = "gmw/en-uss"\n', "espeak-ng has no voice 'gmw/en-uss'; did you mean 'gmw/en-us'?"),
    ('engine = "pyttsx3"\nvoice = "gmw/en-us+f33"\n', "espeak-ng has no variant '+f33'"),
    ('engine = "kokro"\nvoice = "af_heart"\n', "unknown engine 'kokro'; did you mean 'kokoro'?"),
])
def test_malformed_profiles_name_file_field_and_allowed(tmp_path, silent_voices, text, message):
    bad = silent_voices / "broken.toml"
    bad.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_voices(silent_voices)
    assert str(bad) in str(err.value) and message in str(err.value)


def test_casting_to_missing_profile(silent_voices):
    (silent_voices / "casting.toml").write_text('[roles]\nexpert = "nobody"\n')
    with pytest.raises(ConfigError, match="'expert' is cast as voice 'nobody'"):
        load_voices(silent_voices)


def test_missing_show_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_show(tmp_path / "nope.toml")


def test_bundled_lexicon_respells_the_samples_names():
    voices = load_voices(BUNDLED_VOICES)
    lexicon = dict(voices.lexicon)
    assert lexicon["Kyiv"] == "Keev" and "von der Leyen" in lexicon


def test_lexicon_is_applied_after_the_rules(silent_voices):
    from newscast.render.script import build_script

    (silent_voices / "lexicon.toml").write_text('[respell]\n"Okafor" = "Oh-kah-for"\n"dr" = "nope"\n')
    article = silent_voices.parent / "a.txt"
    article.write_text("Title\n\nDr. Okafor spoke about Okafor's plan, not okafor's.\n")
    spoken = build_script(str(article), load_voices(silent_voices)).segments[1].spoken
    assert spoken == "Doctor Oh-kah-for spoke about Oh-kah-for's plan, not okafor's."


def test_malformed_lexicon(silent_voices):
    (silent_voices / "lexicon.toml").write_text('[respell]\n"Kyiv" = 3\n')
    with pytest.raises(ConfigError, match="'Kyiv' must map to a non-empty respelling"):
        load_voices(silent_voices)


@pytest.mark.parametrize("field, value, message", [
    ("category", "News & Politics", "not an Apple Podcasts category"),
    ("subcategory", "Cooking", "not an Apple Podcasts subcategory of News"),
    ("base_url", "http://localhost:8000/", "rather than localhost"),
    ("base_url", "example.org/pod/", "is not a URL podcast apps accept"),
    ("owner_email", "desk at example", "not an e-mail address"),
    ("language", "English", "not a language code"),
])
def test_show_fields_a_feed_validator_would_reject_are_config_errors(tmp_path, field, value, message):
    cfg = tmp_path / "newscast.toml"
    cfg.write_text(f'[show]\n{field} = "{value}"\n')
    with pytest.raises(ConfigError, match=message):
        load_show(cfg)


def test_lexicon_phonemes_for_kokoro_reach_its_profiles(silent_voices):
    (silent_voices / "lexicon.toml").write_text(
        '[respell]\n"Kyiv" = { respell = "Keev", kokoro = "/kˈiv/" }\n"Archyde" = { kokoro = "ˈɑɹkaɪd" }\n"Keir" = "Keer"\n')
    (silent_voices / "neural.toml").write_text('engine = "kokoro"\nvoice = "af_heart"\n')
    voices = load_voices(silent_voices)
    assert dict(voices.lexicon) == {"Kyiv": "Keev", "Keir": "Keer"}  # respellings apply to every voice
    assert voices.get("neural").phonemes == (("Keev", "kˈiv"), ("Archyde", "ˈɑɹkaɪd"))  # keyed as spoken
    assert voices.get("narrator").phonemes == ()


@pytest.mark.parametrize("value", ['{ kokoro = "a<b" }', '{ piper = "x" }', '{ respell = "" }', '"x\\u0000y"'])
def test_lexicon_entries_that_could_smuggle_markup_are_refused(silent_voices, value):
    (silent_voices / "lexicon.toml").write_text(f'[respell]\n"Kyiv" = {value}\n')
    with pytest.raises(ConfigError, match="'Kyiv' must map to"):
        load_voices(silent_voices)
