"""episode: an article's last steps — mix its clips, encode, tag and write its files (MP3, cover,
transcripts, chapters), and return its library entry. Runs in a worker process when jobs > 1,
so everything it is given is picklable.

I/O: the clip cache, the output folder, ffmpeg.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..site import library
from ..voice import speak as speech
from ..settings.show import Show
from ..site.cover import local_image, make_cover
from ..core.errors import PublishError
from .keys import slug
from ..sources.fetch import is_url
from ..sound.mix import SAMPLE_RATE, master
from ..core.models import ClipTask, Episode, Mix, Script
from ..core.files import write_atomic
from ..sound.encode import decode_audio, encode
from ..sound.tags import Tags, chapters_json, srt, tag, vtt


@dataclass(frozen=True)
class EpisodeReport:
    """One rendered (or reused) episode and what it cost."""

    episode: Episode
    cached_clips: int
    """Clips read from the cache (all of them when the episode was reused)."""
    fresh_clips: int
    """Clips synthesized in this run."""
    reused: bool
    """The episode's files were already up to date: nothing synthesized, mixed or encoded."""
    seconds: tuple[tuple[str, float], ...] = ()
    """(stage, seconds) spent on this episode: script, mix, encode."""


DESCRIPTION_CHARS = 600


def describe(script: Script) -> str:
    paras = [s.text for s in script.segments if s.kind in ("paragraph", "turn")]
    text = " ".join(paras)[: DESCRIPTION_CHARS + 1]
    return text if len(text) <= DESCRIPTION_CHARS else text[: text.rfind(" ")] + "…"


def episode_cover(show: Show, script: Script) -> bytes:
    """The show's own image when it is a local file, else a generated one with the title."""
    return local_image(show.image) or make_cover(show.title, script.title)


@dataclass(frozen=True)
class Job:
    """One article between planning and packaging (all picklable, for worker processes)."""

    source: str
    script: Script
    guid: str
    """Its episode's GUID (:func:`keys.episode_guid`, computed once when it is planned)."""
    tasks: tuple[ClipTask, ...]
    key: str
    pub: str
    """Publication date to give it (RFC 3339)."""
    script_s: float
    source_key: str = ""
    """Its :func:`input_key` (empty: none)."""
    validators: tuple[str, str] = ("", "")
    """ETag and Last-Modified of its page (a URL input)."""


def package_episode(out: Path, show: Show, job: Job, mix: Mix, cached: int, clips: int,
                    overlap: bool = True) -> Episode:
    """Encode, tag and write the episode's files; return its library entry (``cached``: segments
    whose clips were all cached, ``clips``: how many clips it was mixed from)."""
    script, guid, pub = job.script, job.guid, job.pub
    origin = script.source  # the article, also when rendering an edited script of it
    named = script.title if origin == "-" or is_url(origin) else Path(origin).stem
    stem = f"{slug(named)}-{guid[:8]}"
    url = script.meta.url
    description = describe(script)
    cover = episode_cover(show, script)
    image = f"{stem}.png" if cover.startswith(b"\x89PNG") else f"{stem}.jpg"
    mp3 = out / f"{stem}.mp3"
    tmp = out / f".{stem}.mp3.part"
    entry = Episode(
        id=stem, guid=guid, title=script.title, description=description, source=job.source,
        mp3=mp3.name, size_bytes=0, duration_s=0.0,
        pub_date=pub, loudness_lufs=0.0, true_peak_dbtp=0.0, chapters=len(mix.chapters),
        segments=len(script.segments), cached_segments=cached, speakers=script.speakers,
        transcripts=(f"{stem}.vtt", f"{stem}.srt"), image=image, render_key=job.key, chapters_file=f"{stem}.chapters.json",
        clips=clips, input_key=job.source_key, link=url if is_url(url) else "", etag=job.validators[0],
        last_modified=job.validators[1],
    )
    try:
        prod = show.production
        lufs, peak = encode(mix, tmp, prod.target_lufs, f"{prod.bitrate_kbps}k", overlap)
        entry = replace(entry, loudness_lufs=lufs, true_peak_dbtp=peak)
        transcript = "\n".join(f"{c.speaker}: {c.text}" for c in mix.cues)
        tag(tmp, Tags(title=script.title, show=show.title, author=show.author,
                      date=datetime.fromisoformat(pub), description=description, transcript=transcript,
                      cover=cover, source_url=script.meta.url, record=library.record(entry)), mix)
        write_atomic(out / image, cover)
        write_atomic(out / f"{stem}.vtt", vtt(mix).encode("utf-8"))
        write_atomic(out / f"{stem}.srt", srt(mix).encode("utf-8"))
        write_atomic(out / f"{stem}.chapters.json", chapters_json(mix).encode("utf-8"))
        os.replace(tmp, mp3)
    except OSError as exc:
        raise PublishError(f"{out}: cannot write the episode files ({exc.strerror}); check the folder's permissions and free space") from None
    finally:
        tmp.unlink(missing_ok=True)
    from mutagen.mp3 import MP3

    seconds = MP3(str(mp3)).info.length  # type: ignore[attr-defined]  # an MP3 that opened has info
    return replace(entry, size_bytes=mp3.stat().st_size, duration_s=round(seconds, 3))


def make_episode(job: Job, out: Path, show: Show, cache: Path, fresh: frozenset[str], overlap: bool = True,
            spare: Path | None = None) -> EpisodeReport:
    """Mix an article from its cached clips, encode and tag it (in a worker when jobs > 1;
    ``overlap``: measure the MP3 while encoding it, when this is the only episode encoding)."""
    start = time.perf_counter()
    clips = speech.load(job.tasks, cache, fresh, spare)
    music = decode_audio(show.production.music, SAMPLE_RATE) if show.production.music else b""
    mix = master(job.script, clips, dict(show.production.pauses), music, show.production.music_db)
    mixed = time.perf_counter()
    cached, count = sum(1 for c in clips if c.cached), len(clips)
    cached_segments = len({c.segment for c in clips}) - len({c.segment for c in clips if not c.cached})
    del clips  # the clips are in the mix now: not held while it is encoded
    episode = package_episode(out, show, job, mix, cached_segments, count, overlap)
    done = time.perf_counter()
    return EpisodeReport(episode, cached, count - cached, False,
                         (("script", job.script_s), ("mix", mixed - start), ("encode", done - mixed)))
