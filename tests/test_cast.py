from newscast.script.cast import cast
from newscast.read.clean import clean
from newscast.settings.voices import load_voices
from newscast.read.ingest import ingest
from newscast.script.normalize import normalize
from newscast.read.parse import parse
from newscast.script.segment import segment

from .conftest import EXAMPLE


def test_sample_roles_get_their_voices(silent_voices):
    voices = load_voices(silent_voices)
    script = cast(normalize(segment(clean(parse(ingest(str(EXAMPLE)))))), voices.casting)
    by_role = {}
    for seg in script.segments:
        by_role.setdefault(seg.role, set()).add(seg.voice)
    assert by_role == {"narrator": {"narrator"}, "interviewer": {"interviewer"}, "expert": {"expert"}}


def test_speaker_override(silent_voices):
    (silent_voices / "casting.toml").write_text('[roles]\nnarrator = "narrator"\n[speakers]\n"Dr. Anya Petrova" = "guest"\n')
    voices = load_voices(silent_voices)
    script = cast(segment(clean(parse(ingest(str(EXAMPLE))))), voices.casting)
    assert {s.voice for s in script.segments if s.speaker == "Dr. Anya Petrova"} == {"guest"}
    # roles without a casting fall back to the narrator's voice
    assert {s.voice for s in script.segments if s.speaker == "Archyde News"} == {"narrator"}


def _bundled_with_kokoro(monkeypatch, usable: bool):
    from newscast.settings.voices import BUNDLED_VOICES
    from newscast.voice.engines import kokoro

    monkeypatch.setattr(kokoro.KokoroEngine, "availability",
                        classmethod(lambda cls: (usable, "ready" if usable else "the voice packs are not installed")))
    return load_voices(BUNDLED_VOICES)


def test_english_articles_get_the_kokoro_casting_when_it_is_available(monkeypatch):
    from dataclasses import replace

    voices = _bundled_with_kokoro(monkeypatch, True)
    script = cast(normalize(segment(clean(parse(ingest(str(EXAMPLE)))))), voices.casting)
    by_role = {}
    for seg in script.segments:
        by_role.setdefault(seg.role, set()).add(seg.voice)
    assert by_role == {"narrator": {"kokoro-narrator"}, "interviewer": {"kokoro-interviewer"},
                       "expert": {"kokoro-expert"}}
    profiles = {v: voices.get(v) for vs in by_role.values() for v in vs}
    assert {p.engine for p in profiles.values()} == {"kokoro"}
    assert len({p.voice for p in profiles.values()}) == 3  # three different voices, told apart by gender/accent
    assert len({(p.voice[0], p.voice[1]) for p in profiles.values()}) == 3
    # a German article keeps the espeak-ng casting (Kokoro's voices here are English)
    german = cast(replace(script, meta=replace(script.meta, language="de")), voices.casting)
    assert {s.voice for s in german.segments} == {"narrator@de", "interviewer@de", "expert@de"}
    # forcing another engine drops the Kokoro casting; forcing kokoro keeps it
    assert voices.for_engine("espeak").casting.neural is None
    assert voices.for_engine("kokoro").casting.neural is not None


def test_without_kokoro_the_espeak_casting_is_used_and_says_why(monkeypatch):
    voices = _bundled_with_kokoro(monkeypatch, False)
    assert voices.casting.neural is None and "not installed" in voices.casting.neural_missing
    script = cast(segment(clean(parse(ingest(str(EXAMPLE))))), voices.casting)
    assert {s.voice for s in script.segments} == {"narrator", "interviewer", "expert"}
