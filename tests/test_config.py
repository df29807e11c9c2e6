import pytest

from newscast.config import BUNDLED_VOICES, Show, load_show, load_voices
from newscast.errors import ConfigError


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
