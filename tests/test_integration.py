"""End to end, with the real parts: pyttsx3 over espeak-ng, ffmpeg/LAME, mutagen,
and the feed judged by real podcast-client parsers (podcastparser, feedparser)."""

import json
import re
from datetime import datetime
import shutil
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import podcastparser
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from newscast.settings.voices import BUNDLED_VOICES, load_voices
from newscast.settings.show import load_show
from newscast.sound.encode import measure
from newscast.render.script import build_script

from . import feedrules
from .conftest import DATA, EXAMPLE, ROOT, without_progress

pytestmark = pytest.mark.integration
SECOND = DATA / "articles" / "plain_brief.txt"


def render(out: Path, cache: Path, *inputs: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "newscast", "render", *map(str, inputs), "--out", str(out),
                           "--cache", str(cache), "--json"], capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert done.returncode == 0, done.stderr
    # nothing leaks from the TTS driver or ffmpeg (where Kokoro is not installed, one note says so)
    assert [line for line in without_progress(done.stderr).splitlines() if not line.startswith("note: ")] == []
    return json.loads(done.stdout)


def feed(out: Path):
    data = (out / "feed.xml").read_bytes()
    return podcastparser.parse("http://127.0.0.1:8000/feed.xml", __import__("io").BytesIO(data)), feedparser.parse(data)


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    out, cache = tmp_path_factory.mktemp("out"), tmp_path_factory.mktemp("cache")
    report = render(out, cache, EXAMPLE)
    return out, cache, report


def test_report(first):
    out, _cache, report = first
    assert report["failures"] == [] and report["feed"] == str(out / "feed.xml")
    (ep,) = report["episodes"]
    assert ep["input"] == str(EXAMPLE)
    assert ep["segments"] == 52 and ep["cached_segments"] == 0  # 49 from the page + intro, transition, outro
    assert ep["chapters"] == 17  # the opening plus one per heading
    assert 300 < ep["duration_s"] < 900


def test_mp3_format_tags_and_chapters(first):
    out, _cache, report = first
    path = Path(report["episodes"][0]["mp3"])
    info = MP3(str(path)).info
    assert info.sample_rate == 44100 and info.channels == 1 and info.bitrate >= 64000
    assert info.length == pytest.approx(report["episodes"][0]["duration_s"], abs=0.05)
    tags = ID3(str(path))
    assert str(tags["TIT2"]) == "20 Countries Likely to Join Ukraine Coalition, Says UK: Global Support Expands"
    assert str(tags["TALB"]) == "newscast" and str(tags["TPE1"]) == "newscast" and str(tags["TCON"]) == "Podcast"
    assert str(tags.getall("COMM")[0]).startswith("Amidst ongoing geopolitical tensions")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", str(tags.getall("TDRC")[0]))
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert len(chaps) == 17 and chaps[0].start_time == 0
    assert all(a.end_time == b.start_time for a, b in zip(chaps, chaps[1:]))
    assert abs(chaps[-1].end_time - info.length * 1000) < 50
    assert str(chaps[-1].sub_frames["TIT2"]) == "A Question for Our Readers"


def test_mp3_decodes_without_frame_errors(first):
    from newscast.sound.encode import ffmpeg_exe

    mp3 = first[2]["episodes"][0]["mp3"]
    done = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", mp3, "-f", "null", "-"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""


def test_loudness_measured_on_the_final_file(first):
    _out, _cache, report = first
    ep = report["episodes"][0]
    assert abs(ep["loudness_lufs"] + 16) <= 1.0 and ep["true_peak_dbtp"] <= -1.0
    # newscast measures the MP3 stream while encoding it; ffmpeg's ebur128 scanner on the file must agree
    lufs, peak = measure(Path(ep["mp3"]))
    assert abs(lufs - ep["loudness_lufs"]) <= 0.15 and abs(peak - ep["true_peak_dbtp"]) <= 0.3


def test_every_segment_is_in_the_episode(first):
    """No silently missing text: every segment of the script (signposts included) has its timed
    cues, in order, showing the page's own words; each lasts about as long as its words need."""
    out, _cache, report = first
    pub = json.loads(subprocess.run([sys.executable, "-m", "newscast", "list", "--out", str(out), "--json"],
                                    capture_output=True, text=True, check=True).stdout)[0]["pub_date"]
    script = build_script(str(EXAMPLE), load_voices(BUNDLED_VOICES), show=load_show(None),
                          today=datetime.fromisoformat(pub).date())
    vtt = Path(report["episodes"][0]["mp3"]).with_suffix(".vtt").read_text()
    cues = re.findall(r"(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n<v ([^>]+)>(.*)", vtt)
    said = " ".join(text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") for *_t, _who, text in cues)
    written = " ".join(seg.text for seg in script.segments)
    assert said.split() == written.split()
    speakers = {who for _s, _e, who, _t in cues}
    assert speakers == {"Narrator", "Archyde News", "Dr. Anya Petrova"}
    assert cues[0][3].startswith("This is newscast, for ") and cues[-1][3].endswith("You have been listening to newscast.")
    assert any(t == "Next: Archyde News talks with Dr. Anya Petrova." for *_x, t in cues)

    def secs(t):
        h, m, s = t.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)
    for start, end, _who, text in cues:  # each cue lasts about as long as its words need
        assert secs(end) - secs(start) >= 0.25 * len(text.split()) * 60 / 200


def test_feed_read_by_podcast_clients(first):
    out, _cache, report = first
    ep = report["episodes"][0]
    pp, fp = feed(out)
    assert not fp.bozo
    (item,) = pp["episodes"]
    enclosure = item["enclosures"][0]
    assert enclosure["file_size"] == Path(ep["mp3"]).stat().st_size
    assert enclosure["mime_type"] == "audio/mpeg"
    assert enclosure["url"].endswith(Path(ep["mp3"]).name)
    assert abs(item["total_time"] - MP3(ep["mp3"]).info.length) <= 1.5
    entry = fp.entries[0]
    assert entry.id == ep["guid"]
    published = parsedate_to_datetime(entry.published)
    assert entry.published[:3] == published.strftime("%a")
    assert fp.feed.title == "newscast" and fp.feed.language == "en"
    assert fp.feed.image.href.endswith("/cover.jpg")
    data = (out / "feed.xml").read_bytes()
    assert feedrules.errors(data) == [] and feedrules.podcast_namespace_problems(data) == []


def test_rerender_keeps_one_item_and_its_guid_then_a_second_article_adds_one(first, tmp_path):
    out, cache, report = first
    work = tmp_path / "out"
    shutil.copytree(out, work)
    before = feed(work)[1].entries[0]
    again = render(work, cache, EXAMPLE)
    ep = again["episodes"][0]
    assert ep["guid"] == report["episodes"][0]["guid"]
    assert ep["cached_segments"] == ep["segments"]  # nothing re-synthesized
    pp, fp = feed(work)
    assert len(pp["episodes"]) == 1 and fp.entries[0].id == before.id
    assert fp.entries[0].published == before.published
    dated = render(work, cache, EXAMPLE, "--pubdate", "2026-11-20T08:00:00+00:00")["episodes"][0]
    assert dated["guid"] == ep["guid"] and feed(work)[1].entries[0].published == "Fri, 20 Nov 2026 08:00:00 +0000"

    second = render(work, cache, SECOND)["episodes"][0]
    pp, fp = feed(work)
    assert {e["guid"] for e in pp["episodes"]} == {ep["guid"], second["guid"]}
    sizes = {e["guid"]: e["enclosures"][0]["file_size"] for e in pp["episodes"]}
    assert sizes[ep["guid"]] == Path(ep["mp3"]).stat().st_size
    assert sizes[second["guid"]] == Path(second["mp3"]).stat().st_size


def test_transcripts_chapters_json_and_cover(first):
    """The files beside the MP3, measured: VTT and SRT syntax and order, JSON chapters, the cover."""
    import io

    from PIL import Image

    out, _cache, report = first
    mp3 = Path(report["episodes"][0]["mp3"])
    vtt = mp3.with_suffix(".vtt").read_text()
    assert vtt.startswith("WEBVTT\n\n")
    times = re.findall(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$", vtt, re.M)
    assert len(times) == vtt.count(" --> ") and times == sorted(times)
    assert all(a < b for a, b in times)
    assert not re.search(r"<v [^>]*>[^\n]*[<>]", vtt.replace("&lt;", "").replace("&gt;", ""))
    srt = mp3.with_suffix(".srt").read_text()
    blocks = srt.strip().split("\n\n")
    assert [b.split("\n")[0] for b in blocks] == [str(i) for i in range(1, len(blocks) + 1)]
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}", b.split("\n")[1]) for b in blocks)
    doc = json.loads(mp3.with_name(mp3.stem + ".chapters.json").read_text())
    assert doc["version"] == "1.2.0"
    starts = [c["startTime"] for c in doc["chapters"]]
    assert starts[0] == 0 and starts == sorted(starts) and len(starts) == 17
    titles = [str(c.sub_frames["TIT2"]) for c in sorted(ID3(str(mp3)).getall("CHAP"), key=lambda c: c.start_time)]
    assert [c["title"] for c in doc["chapters"]] == titles
    cover = Image.open(io.BytesIO(ID3(str(mp3)).getall("APIC")[0].data))
    assert cover.size[0] == cover.size[1] and 1400 <= cover.size[0] <= 3000
    feed_xml = (out / "feed.xml").read_text()
    assert 'type="application/json+chapters"' in feed_xml
