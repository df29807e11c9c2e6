"""pipeline: the stages in order, and nothing else.

An article is ingested, cleaned, segmented, normalized and cast into a Script;
the Script is synthesized into clips, mastered into a Mix, packaged into an
Episode, and the episode library is published as a feed.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable

from . import __version__, library, scriptfile
from .cast import cast
from .clean import clean
from .config import Show, Voices, load_show, load_voices
from .cover import local_image, make_cover
from .errors import ConfigError, NewscastError, PublishError
from .ingest import ingest
from .master import master
from .models import Episode, Mix, Script, Segment
from .normalize import normalize
from .parse import parse
from .produce import signpost
from .package import LAME_QUALITY, Tags, chapters_json, decode_audio, encode, srt, tag, vtt, write_atomic
from .publish import publish
from .segment import segment
from .synthesize import default_cache_dir, synthesize

#: Namespace for episode GUIDs (uuid5 of the article's identity).
EPISODE_NS = uuid.UUID("6f1b6f5e-2c57-5a43-9d1e-6e6577736361")
DESCRIPTION_CHARS = 600


@dataclass(frozen=True)
class RenderResult:
    """What ``render`` did: the episodes made, the inputs that failed, the feed."""

    episodes: tuple[Episode, ...]
    failures: tuple[tuple[str, str], ...]
    """(input, error message) for every input that could not be rendered."""
    feed: Path | None


def build_script(source: str, voices: Voices, stdin: BinaryIO | None = None, format: str | None = None,
                 show: Show | None = None, today: date | None = None) -> Script:
    """ingest -> parse -> clean -> segment -> signpost -> normalize -> cast; or an edited script file, completed."""
    if format is None and source != "-" and scriptfile.is_script_file(source):
        script = scriptfile.load(source)
        missing = tuple(i for i, s in enumerate(script.segments) if not s.spoken)
        spoken = normalize(script, dict(voices.lexicon)).segments
        script = script.with_(segments=tuple(spoken[i] if i in missing else s for i, s in enumerate(script.segments)))
        cast_script = cast(script, voices.casting)
        return script.with_(segments=tuple(s if s.voice else c for s, c in zip(script.segments, cast_script.segments)))
    script = segment(clean(parse(ingest(source, stdin, format))))
    if show is not None:
        script = signpost(script, show, today)
    return cast(normalize(script, dict(voices.lexicon)), voices.casting)


def identity(source: str, script: Script | None) -> str:
    """What makes two renders the same article: its path relative to the
    working folder (or its file name when outside it); for stdin, its title."""
    if source == "-":
        return "stdin:" + (script.title.strip().lower() if script else "")
    rel = os.path.relpath(os.path.abspath(source))
    return Path(rel if not rel.startswith("..") else Path(source).name).as_posix()


def episode_guid(source: str, script: Script | None) -> str:
    """The episode's GUID: uuid5 of the article's identity (a script is needed only for stdin)."""
    return str(uuid.uuid5(EPISODE_NS, identity(source, script))) if script or source != "-" else ""


def first_published(episodes: tuple[Episode, ...], source: str) -> date | None:
    """The date an article's episode was first published, if it has been (keeps re-render intros stable)."""
    if source == "-" or scriptfile.is_script_file(source):
        return None
    old = library.find(episodes, episode_guid(source, None))
    return datetime.fromisoformat(old.pub_date).date() if old else None


def slug(text: str, limit: int = 48) -> str:
    """ASCII, file-name-safe slug.

    >>> slug("Ça va: Ukraine/../coalition!")
    'ca-va-ukraine-coalition'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-") or "episode"


def describe(script: Script) -> str:
    paras = [s.text for s in script.segments if s.kind in ("paragraph", "turn")]
    text = " ".join(paras)[: DESCRIPTION_CHARS + 1]
    return text if len(text) <= DESCRIPTION_CHARS else text[: text.rfind(" ")] + "…"


def episode_cover(show: Show, script: Script) -> bytes:
    """The show's own image when it is a local file, else a generated one with the title."""
    return local_image(show.image) or make_cover(show.title, script.title)


def pub_date(when: str) -> str:
    """An episode's publication date from ``--pubdate``: ``now``, an ISO date or date-time (UTC unless it says).

    >>> pub_date("2026-11-27")
    '2026-11-27T00:00:00+00:00'
    >>> pub_date("2026-11-27T14:30+01:00")
    '2026-11-27T14:30:00+01:00'
    """
    if when == "now":
        return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    try:
        parsed = datetime.fromisoformat(when)
    except ValueError:
        raise ConfigError(f"--pubdate {when!r} is not a date; use now, 2026-11-27 or 2026-11-27T14:30+01:00") from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).replace(microsecond=0).isoformat()


def package_episode(out: Path, show: Show, script: Script, mix: Mix, source: str, cached: int,
                    previous: tuple[Episode, ...], pub_override: str | None = None) -> Episode:
    """Encode, tag and write the episode's files; return its library entry.

    A re-rendered article keeps its GUID and its first publication date unless
    ``pub_override`` (from ``--pubdate``) says otherwise."""
    origin = script.source  # the article, also when rendering an edited script of it
    guid = episode_guid(origin, script)
    stem = f"{slug(Path(origin).stem if origin != '-' else script.title)}-{guid[:8]}"
    old = library.find(previous, guid)
    pub = pub_override or (old.pub_date if old else pub_date("now"))
    description = describe(script)
    cover = episode_cover(show, script)
    image = f"{stem}.png" if cover.startswith(b"\x89PNG") else f"{stem}.jpg"
    mp3 = out / f"{stem}.mp3"
    key = render_key(mix, show, script, description, pub, cover)
    if old and old.render_key == key and _files_intact(out, old):
        return replace(old, cached_segments=cached)  # same audio, same tags: nothing to encode
    tmp = out / f".{stem}.mp3.part"
    try:
        prod = show.production
        lufs, peak = encode(mix, tmp, prod.target_lufs, f"{prod.bitrate_kbps}k")
        transcript = "\n".join(f"{c.speaker}: {c.text}" for c in mix.cues)
        tag(tmp, Tags(title=script.title, show=show.title, author=show.author,
                      date=datetime.fromisoformat(pub), description=description, transcript=transcript,
                      cover=cover, source_url=dict(script.meta).get("url", "")), mix)
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

    return Episode(
        id=stem, guid=guid, title=script.title, description=description, source=source,
        mp3=mp3.name, size_bytes=mp3.stat().st_size, duration_s=round(MP3(str(mp3)).info.length, 3),
        pub_date=pub, loudness_lufs=lufs, true_peak_dbtp=peak, chapters=len(mix.chapters),
        segments=len(script.segments), cached_segments=cached, speakers=script.speakers,
        transcripts=(f"{stem}.vtt", f"{stem}.srt"), image=image, render_key=key, chapters_file=f"{stem}.chapters.json",
    )


def render_key(mix: Mix, show: Show, script: Script, description: str, pub: str, cover: bytes) -> str:
    """Hash of everything an episode's files are made from (audio, timings, tags, encoder settings)."""
    h = hashlib.sha256(mix.samples)
    h.update(repr((mix.sample_rate, mix.cues, mix.chapters, show, script.title, description, pub,
                   dict(script.meta).get("url"), LAME_QUALITY, __version__)).encode("utf-8"))
    h.update(cover)
    return h.hexdigest()


def _files_intact(out: Path, episode: Episode) -> bool:
    return all((out / n).is_file() for n in episode.files) and (out / episode.mp3).stat().st_size == episode.size_bytes


def preview(voice_id: str, text: str, out: Path, voices_dir: Path | None = None, engine: str | None = None) -> tuple[Path, float]:
    """Speak ``text`` with one voice profile into an MP3 (mastered like an episode); return (path, seconds)."""
    voices = load_voices(voices_dir)
    profile = voices.get(voice_id)
    script = Script(title=text, source=f"voice {voice_id}",
                    segments=(Segment(kind="paragraph", text=text, speaker=profile.id, voice=voice_id),))
    script = normalize(script, dict(voices.lexicon))
    mix = master(script, synthesize(script, voices.get, engine, None))  # no signposts or music: the voice alone
    tmp = out.with_name(f".{out.name}.part")
    try:
        encode(mix, tmp)
        os.replace(tmp, out)
    except OSError as exc:
        raise PublishError(f"{out}: cannot write the preview ({exc.strerror}); pass a writable -o path") from None
    finally:
        tmp.unlink(missing_ok=True)
    return out, mix.duration_s


def render(
    sources: list[str],
    out: Path,
    config: Path | None = None,
    voices_dir: Path | None = None,
    engine: str | None = None,
    cache: Path | None = None,
    use_cache: bool = True,
    stdin: BinaryIO | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
    format: str | None = None,
    pubdate: str | None = None,
) -> RenderResult:
    """Render every source into ``out``; a failing input does not stop the rest."""
    show = load_show(config)
    pub_override = pub_date(pubdate) if pubdate else None
    voices = load_voices(voices_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"{out}: cannot create the output folder ({exc.strerror}); pass a writable --out") from None
    cache_dir = (cache or default_cache_dir()) / "clips" if use_cache else None
    music = decode_audio(show.production.music) if show.production.music else b""
    episodes = library.load(out)
    made: list[Episode] = []
    failures: list[tuple[str, str]] = []
    feed: Path | None = None
    for source in sources:
        try:
            progress(f"rendering {source}")
            day = datetime.fromisoformat(pub_override).date() if pub_override else first_published(episodes, source)
            script = build_script(source, voices, stdin, format, show, day)
            clips = synthesize(script, voices.get, engine, cache_dir)
            mix = master(script, clips, dict(show.production.pauses), music, show.production.music_db)
            fresh = {c.segment for c in clips if not c.cached}
            cached = sum(1 for i in {c.segment for c in clips} if i not in fresh)
            episode = package_episode(out, show, script, mix, source, cached, episodes, pub_override)
            episodes = library.upsert(episodes, episode)
            library.save(out, episodes)
            feed = publish(out, show, episodes)
            made.append(episode)
        except NewscastError as exc:
            message = str(exc)
            failures.append((source, message if source in message else f"{source}: {message}"))
    return RenderResult(episodes=tuple(made), failures=tuple(failures), feed=feed)


def rebuild_feed(out: Path, config: Path | None = None) -> Path:
    """Write feed.xml (and the channel cover) again from the episode library, without rendering."""
    if not library.exists(out):
        raise PublishError(f"{out}: no episode library here; render an article into it first")
    return publish(out, load_show(config), library.load(out))


def remove_episode(out: Path, which: str, config: Path | None = None) -> Episode:
    """Drop one episode (by id, GUID or input) and its files; rebuild the feed."""
    episodes = library.load(out)
    match = [e for e in episodes if which in (e.id, e.guid, e.source)]
    if not match:
        known = ", ".join(e.id for e in episodes) or "none"
        raise PublishError(f"{out}: no episode '{which}' (episodes: {known}); see `newscast list`")
    gone = match[0]
    rest = tuple(e for e in episodes if e.guid != gone.guid)
    library.save(out, rest)  # the library first: a crash after this leaves only stray files, never a listed, missing one
    publish(out, load_show(config), rest)
    for name in gone.files:
        (out / name).unlink(missing_ok=True)
    return gone


def init_config(path: Path) -> Path:
    """Write a commented starter show config; never overwrite one."""
    if path.exists():
        raise PublishError(f"{path}: already exists; edit it, or pass another path to `newscast init`")
    text = starter_config(Show())
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise PublishError(f"{path}: cannot write ({exc.strerror}); check the folder") from None
    return path


def starter_config(show: Show) -> str:
    """A commented newscast.toml with every setting at its default."""
    prod = show.production
    from .master import PAUSES_MS

    pauses = "\n".join(f'{json_key(k)} = {v}' for k, v in PAUSES_MS.items())
    return f"""# newscast show config. Every field is optional; these are the defaults.
[show]
title = "{show.title}"                 # show name: feed title, ID3 album
description = "{show.description}"
author = "{show.author}"               # itunes:author, ID3 artist
owner_name = ""                  # itunes:owner (Apple asks for one)
owner_email = ""
language = "{show.language}"
link = "{show.link}"             # the show's web page
base_url = "{show.base_url}"     # where the output folder is served (`newscast serve` serves it here)
image = ""                       # cover: http(s) URL or a local square JPEG/PNG, 1400-3000 px; empty = generated
category = "{show.category}"              # Apple category and subcategory
subcategory = "{show.subcategory}"
explicit = false
copyright = ""
episode_numbers = true           # itunes:episode 1, 2, … in order of first publication

[production]
intro = true                     # "This is <show>, for <date>."
outro = true
transitions = true               # "Next: <interviewer> talks with <guest>."
target_lufs = {prod.target_lufs}            # -19 for mono-first shows
bitrate_kbps = {prod.bitrate_kbps}               # 64-128
music = ""                       # intro/outro music file (relative to this file)
music_db = {prod.music_db}

# Pauses in milliseconds at each boundary.
[pauses]
{pauses}
"""


def json_key(key: str) -> str:
    """A TOML key, quoted when it has a space.

    >>> json_key("after title"), json_key("start")
    ('"after title"', 'start')
    """
    return f'"{key}"' if " " in key else key
