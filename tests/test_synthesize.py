from dataclasses import replace

import pytest

from newscast.voice import engines
from newscast.voice.engines.silent import SilentEngine
from newscast.core.errors import SynthesisError
from newscast.core.models import Script, Segment, VoiceProfile
from newscast.voice.speak import sentences, speak_clip, synthesize

PROFILE = VoiceProfile(id="p", engine="silent", voice="x", rate=180)


class Flaky(SilentEngine):
    """Returns nothing for the first ``fails`` calls, like pyttsx3's espeak driver."""

    def __init__(self, fails: int) -> None:
        self.fails, self.calls = fails, 0

    def synthesize(self, text, profile):
        self.calls += 1
        if self.calls <= self.fails:
            return b"", 0
        return super().synthesize(text, profile)


class Truncating(SilentEngine):
    """Returns a clip far too short for its text."""

    def synthesize(self, text, profile):
        samples, rate = super().synthesize("one", profile)
        return samples[: len(samples) // 8], rate


def test_missing_clip_is_retried(tmp_path):
    engine = Flaky(fails=2)
    samples, rate, cached = speak_clip(engine, PROFILE, "A short sentence to say.", tmp_path, "in.txt")
    assert samples and rate and not cached and engine.calls == 3


def test_clip_that_never_comes_stops_with_the_sentence(tmp_path):
    with pytest.raises(SynthesisError) as err:
        speak_clip(Flaky(fails=99), PROFILE, "The sentence that failed.", tmp_path, "in.txt")
    assert "in.txt" in str(err.value) and "The sentence that failed." in str(err.value)


def test_truncated_clip_is_rejected(tmp_path):
    with pytest.raises(SynthesisError):
        speak_clip(Truncating(), PROFILE, "A long sentence with many words that must take a few seconds to say.", tmp_path, "x")


class Hanging(SilentEngine):
    def synthesize(self, text, profile):
        import time

        time.sleep(5)
        return super().synthesize(text, profile)


def test_hanging_engine_is_an_error_naming_voice_and_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSCAST_CLIP_TIMEOUT", "0.2")
    with pytest.raises(SynthesisError) as err:
        speak_clip(Hanging(), PROFILE, "A sentence that never comes.", tmp_path, "in.txt")
    assert "in.txt: the silent engine hung" in str(err.value) and "voice 'p'" in str(err.value)
    assert "A sentence that never comes." in str(err.value)


def test_cache_hit_skips_the_engine(tmp_path):
    first = speak_clip(Flaky(0), PROFILE, "Cached words.", tmp_path, "x")
    engine = Flaky(fails=99)
    again = speak_clip(engine, PROFILE, "Cached words.", tmp_path, "x")
    assert again[2] is True and engine.calls == 0 and again[0] == first[0]
    other = VoiceProfile(id="p", engine="silent", voice="x", rate=200)
    assert speak_clip(Flaky(0), other, "Cached words.", tmp_path, "x")[2] is False


def test_sentences_split_and_long_ones_are_cut():
    long = "word " * 200
    parts = sentences("First one. Second one? " + long.strip() + ".")
    assert parts[:2] == ["First one.", "Second one?"]
    assert all(len(p) <= 300 for p in parts)
    assert " ".join(parts[2:]).split() == (long.strip() + ".").split()


def test_synthesize_every_sentence_in_order(monkeypatch):
    monkeypatch.setitem(engines._instances, "silent", SilentEngine())
    script = Script(title="T", source="x", segments=(
        Segment("title", "T", spoken="Title."), Segment("paragraph", "p", spoken="One. Two. Three.")))
    clips = synthesize(script, lambda _id: PROFILE, None, None)
    assert [(c.segment, c.text) for c in clips] == [(0, "Title."), (1, "One."), (1, "Two."), (1, "Three.")]


def test_a_lexicon_phoneme_changes_only_the_keys_of_clips_that_hold_its_word():
    from newscast.core.models import VoiceProfile
    from newscast.voice.speak import clip_key

    base = VoiceProfile(id="k", engine="kokoro", voice="af_heart")
    more = replace(base, phonemes=(("Keev", "kˈiv"),))
    other = replace(base, phonemes=(("Keev", "kˈAv"),))
    assert clip_key("kokoro", "1", base, "Rain in London.") == clip_key("kokoro", "1", more, "Rain in London.")
    assert clip_key("kokoro", "1", base, "Talks in Keev.") != clip_key("kokoro", "1", more, "Talks in Keev.")
    assert clip_key("kokoro", "1", more, "Talks in Keev.") != clip_key("kokoro", "1", other, "Talks in Keev.")
