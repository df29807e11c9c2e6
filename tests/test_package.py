from datetime import datetime, timezone

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from newscast.voice.engines.silent import SilentEngine
from newscast.sound.mix import master
from newscast.core.models import Clip, Script, Segment, VoiceProfile
from newscast.sound.encode import encode, measure
from newscast.sound.tags import Tags, srt, tag, vtt

PROFILE = VoiceProfile(id="p", engine="silent", voice="x", rate=150)


@pytest.fixture(scope="module")
def mix():
    script = Script(title="T", source="x", segments=(
        Segment("title", "Title words here."), Segment("heading", "Heading words.", section="H"),
        Segment("turn", "A question with several words & more?", speaker="Ann <b>", role="interviewer")))
    texts = [(0, "Title words here."), (1, "Heading words."), (2, "A question with several words & more?")]
    clips = tuple(Clip(s, t, *SilentEngine().synthesize(t * 3, PROFILE)) for s, t in texts)
    return master(script, clips)


def test_encode_hits_podcast_loudness_on_the_final_mp3(mix, tmp_path):
    dest = tmp_path / "e.mp3"
    lufs, peak = encode(mix, dest)
    info = MP3(str(dest)).info
    assert info.sample_rate == 44100 and info.channels == 1 and info.bitrate >= 64000
    assert info.length == pytest.approx(mix.duration_s, abs=0.1)
    assert abs(lufs + 16) <= 1.0 and peak <= -1.0
    # the reported figures are measured while encoding; ffmpeg's ebur128 scanner on the file agrees
    file_lufs, file_peak = measure(dest)
    assert abs(file_lufs - lufs) <= 0.15 and abs(file_peak - peak) <= 0.3


def test_tags_and_chapters(mix, tmp_path):
    dest = tmp_path / "e.mp3"
    encode(mix, dest)
    tag(dest, Tags(title="Ep", show="Show", author="Me", date=datetime(2026, 11, 28, tzinfo=timezone.utc),
                   description="About", transcript="Ann: hi", cover=b"\xff\xd8\xff fake jpeg"), mix)
    id3 = ID3(str(dest))
    assert id3.version[:2] == (2, 3)
    assert str(id3["TIT2"]) == "Ep" and str(id3["TALB"]) == "Show" and str(id3["TPE1"]) == "Me"
    assert str(id3["TCON"]) == "Podcast" and str(id3.getall("COMM")[0]) == "About"
    assert str(id3.getall("TDRC")[0]).startswith("2026")
    assert id3.getall("APIC")[0].type == 3
    chaps = sorted(id3.getall("CHAP"), key=lambda c: c.start_time)
    toc = id3.getall("CTOC")[0]
    assert list(toc.child_element_ids) == [c.element_id for c in chaps]
    assert chaps[0].start_time == 0
    assert all(a.end_time == b.start_time for a, b in zip(chaps, chaps[1:]))
    assert chaps[-1].end_time == int(id3["TLEN"].text[0])


def test_transcripts_have_speakers_and_escape_markup(mix):
    text = vtt(mix)
    assert text.startswith("WEBVTT\n")
    assert "<v Ann b>A question" in text
    assert "&amp; more?" in text
    assert "00:00:00.400 --> " in text
    s = srt(mix)
    assert s.startswith("1\n00:00:00,400 --> ")
    assert "Ann <b>: A question" in s
