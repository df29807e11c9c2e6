import pytest

from newscast.voice.engines.silent import SilentEngine
from newscast.sound.mix import PAUSES_MS, SAMPLE_RATE, master
from newscast.core.models import Clip, Script, Segment, VoiceProfile

PROFILE = VoiceProfile(id="p", engine="silent", voice="x", rate=180)


def _clip(seg: int, text: str) -> Clip:
    samples, rate = SilentEngine().synthesize(text, PROFILE)
    return Clip(segment=seg, text=text, samples=samples, sample_rate=rate)


@pytest.fixture
def script():
    return Script(title="Title", source="x", segments=(
        Segment("title", "Title."), Segment("paragraph", "One two. Three four."),
        Segment("heading", "Part two.", section="Part two"),
        Segment("turn", "Why?", section="Part two", speaker="Ann", role="interviewer"),
        Segment("turn", "Because.", section="Part two", speaker="Bob", role="expert")))


def test_mix_is_44k_mono_and_cues_follow_clips(script):
    clips = (_clip(0, "Title."), _clip(1, "One two."), _clip(1, "Three four."), _clip(2, "Part two."),
             _clip(3, "Why?"), _clip(4, "Because."))
    mix = master(script, clips)
    assert mix.sample_rate == SAMPLE_RATE
    assert [c.text for c in mix.cues] == [c.text for c in clips]
    assert [c.speaker for c in mix.cues][-2:] == ["Ann", "Bob"]
    gaps = [round((b.start_s - a.end_s) * 1000) for a, b in zip(mix.cues, mix.cues[1:])]
    assert gaps == [PAUSES_MS["after title"], PAUSES_MS["sentence"], PAUSES_MS["before heading"],
                    PAUSES_MS["after heading"], PAUSES_MS["speaker"]]
    assert mix.cues[0].start_s == pytest.approx(PAUSES_MS["start"] / 1000, abs=0.001)
    assert mix.duration_s == pytest.approx(mix.cues[-1].end_s + PAUSES_MS["end"] / 1000, abs=0.001)


def test_chapters_are_contiguous_from_zero_to_the_end(script):
    clips = (_clip(0, "Title."), _clip(1, "One."), _clip(2, "Part two."), _clip(3, "Why?"))
    mix = master(script, clips)
    assert [c.title for c in mix.chapters] == ["Title", "Part two."]
    assert mix.chapters[0].start_s == 0
    assert mix.chapters[0].end_s == mix.chapters[1].start_s == mix.cues[2].start_s
    assert mix.chapters[-1].end_s == mix.duration_s


def test_assembly_is_linear_in_the_number_of_clips(script):
    """Joining 2000 clips must not copy the episode per clip (quadratic +)."""
    clip = _clip(1, "Word.")
    mix = master(script.with_(segments=(script.segments[0], Segment("paragraph", "Word. " * 2000))), (clip,) * 2000)
    assert len(mix.cues) == 2000


def test_cues_show_the_written_text_not_the_respelling(script):
    spoken = Script(title="T", source="x", segments=(Segment("paragraph", "It cost £5bn. Kyiv agreed."),))
    mix = master(spoken, (_clip(0, "It cost five billion pounds."), _clip(0, "Keev agreed.")))
    assert [c.text for c in mix.cues] == ["It cost £5bn.", "Kyiv agreed."]
    uneven = master(spoken, (_clip(0, "It cost five billion pounds. Keev agreed."),))
    assert [(c.text, c.start_s) for c in uneven.cues] == [("It cost £5bn. Kyiv agreed.", 0.4)]


def test_silence_detection_matches_pydub_chunk_for_chunk():
    """silent_ms computes all chunks at once; it must return exactly what pydub's
    detect_leading_silence returns (quiet heads at, under and over -50 dBFS, odd lengths)."""
    import numpy as np

    from newscast.sound.mix import SILENCE_DBFS, _pydub, silent_ms

    audio_segment = _pydub()  # imports pydub without its no-ffmpeg warning
    from pydub.silence import detect_leading_silence as detect
    rng = np.random.default_rng(7)
    for _ in range(400):
        n = int(rng.integers(0, 5000))
        x = (rng.normal(0, 1, n) * rng.choice([0, 50, 103, 104, 200])).astype(np.int16)
        k = int(rng.integers(0, n + 1))
        x[k:] = (rng.normal(0, 1, n - k) * rng.choice([0, 100, 5000])).astype(np.int16)
        seg = audio_segment(data=x.tobytes(), sample_width=2, frame_rate=SAMPLE_RATE, channels=1)
        for s in (seg, seg.reverse()):
            assert silent_ms(s.raw_data, SAMPLE_RATE) == detect(s, SILENCE_DBFS, 5)


def test_mastering_16_bit_pcm_a_block_at_a_time_is_bit_identical_to_the_whole_signal_in_floats():
    """loudness.master_pcm measures and gains the episode a block at a time (no float copy of a long
    episode); the result must be the bytes the whole-signal computation in float32 gives."""
    import numpy as np

    from newscast.sound.loudness import apply_gain, best_gains, master_pcm, step_energies, step_peaks

    rate = 22050
    t = np.arange(rate * 150)  # several blocks and a partial one
    x = (0.05 * np.sin(2 * np.pi * 440 * t / rate) * (1 + 8 * (t % 4000 < 40))).astype(np.float32)
    pcm = np.clip(np.rint(x * 32768), -32768, 32767).astype("<i2")
    whole = pcm.astype(np.float32) / 32768.0
    gain, loud, gains = best_gains(step_energies(whole, rate), step_peaks(whole, rate), rate, -17.0, -1.5)
    expected = np.clip(np.rint(apply_gain(whole, gains, rate) * np.float32(32768.0)), -32768, 32767).astype("<i2")
    got, got_gain, got_loud = master_pcm(pcm, rate).at(-17.0, -1.5)
    assert np.array_equal(got, expected) and (got_gain, got_loud) == (gain, loud)
    assert master_pcm(np.zeros(rate, "<i2"), rate).at(-16.0, -1.0)[0] is None  # silence: nothing to master
