"""pipeline: the stages in order, and nothing else.

An article is ingested, cleaned, segmented, normalized and cast into a Script;
the Script is synthesized into clips, mastered into a Mix, packaged into an
Episode, and the episode library is published as a feed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
import unicodedata
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable

from . import __version__, library, remote, scriptfile
from .config import Show, Voices, load_show, load_voices
from .cover import local_image, make_cover
from .batch import BrokenWorker, Pool, Progress, expand_inputs, in_shard, parse_shard
from .engines import get_engine
from .errors import ConfigError, EncodeError, IngestError, NewscastError, PublishError, SynthesisError
from .fetch import Fetched, fetch, is_url, normalize_url
from .ingest import MAX_BYTES
from .master import SAMPLE_RATE, master
from .models import ClipTask, Episode, Mix, Script, Segment, VoiceProfile
from .package import ENCODER_GAIN_LU, LAME_QUALITY, Tags, chapters_json, decode_audio, encode, srt, tag, vtt, write_atomic
from .publish import publish
from . import synthesize as speech
from .synthesize import default_cache_dir, synthesize

#: Namespace for episode GUIDs (uuid5 of the article's identity).
EPISODE_NS = uuid.UUID("6f1b6f5e-2c57-5a43-9d1e-6e6577736361")
DESCRIPTION_CHARS = 600


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


@dataclass(frozen=True)
class RenderResult:
    """What ``render`` did: the episodes made, the inputs that failed, the feed, the timings."""

    reports: tuple[EpisodeReport, ...]
    failures: tuple[tuple[str, str], ...]
    """(input, error message) for every input that could not be rendered."""
    feed: Path | None
    seconds: tuple[tuple[str, float], ...] = ()
    """(phase, wall-clock seconds) of the whole batch: scripts, synthesis, episodes, total."""

    @property
    def episodes(self) -> tuple[Episode, ...]:
        return tuple(r.episode for r in self.reports)

    def to_json(self, out: Path) -> dict:
        """The ``render --json`` report (DESIGN.md's contract, plus clip counts and timings)."""
        def one(r: EpisodeReport) -> dict:
            e = r.episode
            return {
                "input": e.source, "id": e.id, "guid": e.guid, "title": e.title, "mp3": str(out / e.mp3),
                "duration_s": e.duration_s, "size_bytes": e.size_bytes, "loudness_lufs": e.loudness_lufs,
                "true_peak_dbtp": e.true_peak_dbtp, "chapters": e.chapters, "segments": e.segments,
                "cached_segments": e.segments if r.reused else e.cached_segments,
                "cached_clips": r.cached_clips, "fresh_clips": r.fresh_clips, "reused": r.reused,
                "seconds": {k: round(v, 3) for k, v in r.seconds},
                "transcripts": [str(out / t) for t in e.transcripts],
            }
        return {
            "episodes": [one(r) for r in self.reports],
            "failures": [{"input": i, "error": m} for i, m in self.failures],
            "feed": str(self.feed) if self.feed else None,
            "seconds": {k: round(v, 3) for k, v in self.seconds},
        }


def build_script(source: str, voices: Voices, stdin: BinaryIO | None = None, format: str | None = None,
                 show: Show | None = None, today: date | None = None, page: Fetched | None = None) -> Script:
    """ingest -> parse -> clean -> segment -> signpost -> normalize -> cast; or an edited script file, completed.
    ``page``: the article fetched from ``source`` (a URL)."""
    # the stages' modules (their rule tables and num2words) load here: a reused episode needs none
    from .cast import cast
    from .clean import clean
    from .ingest import ingest
    from .normalize import normalize
    from .parse import parse
    from .produce import signpost
    from .segment import segment

    if format is None and source != "-" and page is None and scriptfile.is_script_file(source):
        script = scriptfile.load(source)
        missing = tuple(i for i, s in enumerate(script.segments) if not s.spoken)
        spoken = normalize(script, dict(voices.lexicon)).segments
        script = script.with_(segments=tuple(spoken[i] if i in missing else s for i, s in enumerate(script.segments)))
        cast_script = cast(script, voices.casting)
        return script.with_(segments=tuple(s if s.voice else c for s, c in zip(script.segments, cast_script.segments)))
    if page is not None:
        article = parse(ingest(source, None, format, page.body, page.charset))
        # the page's canonical address, else where the redirects ended: the article's identity
        script = segment(clean(article.with_(url=article.url if is_url(article.url or "") else page.final_url)))
    else:
        script = segment(clean(parse(ingest(source, stdin, format))))
    if show is not None:
        script = signpost(script, show, today)
    return cast(normalize(script, dict(voices.lexicon)), voices.casting)


def script_for(source: str, voices: Voices, stdin: BinaryIO | None = None, format: str | None = None,
               show: Show | None = None) -> Script:
    """:func:`build_script` for one input of ``newscast script``, which may be a web address."""
    if not is_url(source):
        return build_script(source, voices, stdin, format, show)
    from .feeds import is_feed

    page = fetch(source)
    if is_feed(page.body, page.content_type):
        raise IngestError(f"{source}: is a feed, not an article; render it (newscast render {source}), or pass one of "
                          "its articles' addresses")
    return build_script(source, voices, None, format, show, page=page)


def identity(source: str, script: Script | None) -> str:
    """What makes two renders the same article: its path relative to the
    working folder (or its file name when outside it); for stdin, its title."""
    if source == "-":
        return "stdin:" + (script.title.strip().lower() if script else "")
    if is_url(source):  # a web page is its canonical address, whatever link led to it
        url = dict(script.meta).get("url", "") if script else ""
        return normalize_url(url if is_url(url) else source)
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
    return datetime.fromisoformat(old.pub_date).date() if old and library.valid_date(old.pub_date) else None


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
    >>> pub_date("9999-12-31T23:59-05:00")
    Traceback (most recent call last):
    ...
    newscast.errors.ConfigError: --pubdate '9999-12-31T23:59-05:00' is outside the years 1970-9000 feeds and podcast apps can show; use now or a real date
    """
    if when == "now":
        return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    try:
        parsed = datetime.fromisoformat(when)
    except ValueError:
        raise ConfigError(f"--pubdate {when!r} is not a date; use now, 2026-11-27 or 2026-11-27T14:30+01:00") from None
    parsed = (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).replace(microsecond=0)
    try:
        year = parsed.astimezone(timezone.utc).year
    except OverflowError:  # the last day of year 9999 behind UTC is past the last date Python has
        year = parsed.year
    if not 1970 <= year <= 9000:
        raise ConfigError(f"--pubdate {when!r} is outside the years 1970-9000 feeds and podcast apps can show; "
                          "use now or a real date")
    return parsed.isoformat()


def package_episode(out: Path, show: Show, script: Script, mix: Mix, source: str, cached: int,
                    pub: str, key: str, clips: int, overlap: bool = True, source_key: str = "",
                    validators: tuple[str, str] = ("", "")) -> Episode:
    """Encode, tag and write the episode's files; return its library entry (``key``: its render
    key, ``source_key``: its :func:`input_key`, ``clips``: how many clips it was mixed from)."""
    origin = script.source  # the article, also when rendering an edited script of it
    guid = episode_guid(origin, script)
    named = script.title if origin == "-" or is_url(origin) else Path(origin).stem
    stem = f"{slug(named)}-{guid[:8]}"
    url = dict(script.meta).get("url", "")
    description = describe(script)
    cover = episode_cover(show, script)
    image = f"{stem}.png" if cover.startswith(b"\x89PNG") else f"{stem}.jpg"
    mp3 = out / f"{stem}.mp3"
    tmp = out / f".{stem}.mp3.part"
    entry = Episode(
        id=stem, guid=guid, title=script.title, description=description, source=source,
        mp3=mp3.name, size_bytes=0, duration_s=0.0,
        pub_date=pub, loudness_lufs=0.0, true_peak_dbtp=0.0, chapters=len(mix.chapters),
        segments=len(script.segments), cached_segments=cached, speakers=script.speakers,
        transcripts=(f"{stem}.vtt", f"{stem}.srt"), image=image, render_key=key, chapters_file=f"{stem}.chapters.json",
        clips=clips, input_key=source_key, link=url if is_url(url) else "", etag=validators[0],
        last_modified=validators[1],
    )
    try:
        prod = show.production
        lufs, peak = encode(mix, tmp, prod.target_lufs, f"{prod.bitrate_kbps}k", overlap)
        entry = replace(entry, loudness_lufs=lufs, true_peak_dbtp=peak)
        transcript = "\n".join(f"{c.speaker}: {c.text}" for c in mix.cues)
        tag(tmp, Tags(title=script.title, show=show.title, author=show.author,
                      date=datetime.fromisoformat(pub), description=description, transcript=transcript,
                      cover=cover, source_url=dict(script.meta).get("url", ""), record=library.record(entry)), mix)
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

    return replace(entry, size_bytes=mp3.stat().st_size, duration_s=round(MP3(str(mp3)).info.length, 3))


def render_key(script: Script, voices: Voices, engine: str | None, show: Show, pub: str) -> str:
    """Hash of everything an episode's files are made from — the script (every segment's spoken
    text and voice), each voice's profile and engine version, the show and production settings,
    music and cover files, the publication date and the encoder — so an unchanged article is
    known before anything is split into sentences or spoken."""
    profiles = [voices.get(v) for v in sorted({s.voice for s in script.segments})]
    return _digest((script, profiles, _engine_identities(profiles, engine), show, pub), show)


def _engine_identities(profiles: list[VoiceProfile] | tuple[VoiceProfile, ...], engine: str | None) -> list[str]:
    from .engines import engine_identity

    return [engine_identity(e) for e in sorted({engine or p.engine for p in profiles})]


def _digest(parts: tuple, show: Show, data: bytes = b"") -> str:
    """sha256 of ``parts`` with the mix rate, the encoder settings and newscast's version,
    then ``data`` and the show's local music and cover files (what both keys end with)."""
    h = hashlib.sha256(repr((*parts, SAMPLE_RATE, LAME_QUALITY, ENCODER_GAIN_LU, __version__)).encode("utf-8"))
    h.update(data)
    for path in (show.production.music, show.image):
        if path and "://" not in path and Path(path).is_file():
            h.update(Path(path).read_bytes())
    return h.hexdigest()


_code_identity: list[str] = []

#: Libraries whose version can change a script (extraction, sentence splitting, number words).
SCRIPT_LIBRARIES = ("trafilatura", "lxml", "lxml_html_clean", "markdown-it-py", "num2words", "pysbd")


def code_identity() -> str:
    """Hash of newscast's own files (its rules live in code) and the versions of the libraries
    scripts are made with: after any change to them every article's script is derived again
    before its episode may be reused."""
    from importlib import metadata

    if not _code_identity:
        root = Path(__file__).parent
        h = hashlib.sha256()
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
        for name in SCRIPT_LIBRARIES:
            try:
                h.update(f"{name} {metadata.version(name)}".encode("utf-8"))
            except metadata.PackageNotFoundError:
                h.update(f"{name} none".encode("utf-8"))
        _code_identity.append(h.hexdigest())
    return _code_identity[0]


def input_key(source: str, voices: Voices, engine: str | None, show: Show, pub: str, format: str | None,
              data: bytes | None = None) -> str:
    """Hash of everything an article file's episode is made from *before* its script is built —
    the file's bytes and identity, every voice profile, the lexicon and casting, the engines'
    versions, the show, the date, the encoder and newscast's own code — so an unchanged article
    is reused without being parsed, cleaned or normalized. Empty (no shortcut) for stdin,
    edited script files and unreadable paths, which take the render-key route."""
    if data is not None:  # a fetched page
        return _digest((normalize_url(source), format, voices, _engine_identities(voices.profiles, engine), show, pub,
                        code_identity()), show, hashlib.sha256(data).digest())
    if source == "-" or scriptfile.is_script_file(source):
        return ""
    try:
        if not stat.S_ISREG(os.stat(source).st_mode):
            return ""  # a device or FIFO is never opened here (opening a FIFO waits for a writer): the full route refuses it
        with open(source, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return ""  # the full route reports it
    parts = (identity(source, None), format, voices, _engine_identities(voices.profiles, engine), show, pub,
             code_identity())
    return _digest(parts, show, hashlib.sha256(data).digest())


def publish_whole(out: Path, show: Show, episodes: tuple[Episode, ...], notify: Callable[[str], None],
                  warned: set[str] | None = None) -> Path:
    """Publish the feed and page with only the episodes whose files are there as the library
    describes them; each one left out is one warning line (once per ``warned`` set)."""
    warned = set() if warned is None else warned
    whole = []
    for episode in episodes:
        why = library.problem(out, episode)
        if not why:
            whole.append(episode)
        elif episode.guid not in warned:
            warned.add(episode.guid)
            notify(f"warning: {out}: episode {episode.id} left out of the feed: {why}; "
                   f"render {episode.source} again, or `newscast remove {episode.id}`")
    return publish(out, show, tuple(whole))


def preview(voice_id: str, text: str, out: Path, voices_dir: Path | None = None, engine: str | None = None) -> tuple[Path, float]:
    """Speak ``text`` with one voice profile into an MP3 (mastered like an episode); return (path, seconds)."""
    voices = load_voices(voices_dir).for_engine(engine)
    profile = voices.get(voice_id)
    script = Script(title=text, source=f"voice {voice_id}",
                    segments=(Segment(kind="paragraph", text=text, speaker=profile.id, voice=voice_id),))
    from .normalize import normalize

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


#: Clips spoken by one freshly forked worker (chunks are cut the same way whatever --jobs is).
SPEAK_CHUNK = 16


@dataclass(frozen=True)
class _Job:
    """One article between planning and packaging (all picklable, for worker processes)."""

    source: str
    script: Script
    tasks: tuple[ClipTask, ...]
    key: str
    pub: str
    """Publication date to give it (RFC 3339)."""
    script_s: float
    source_key: str = ""
    """Its :func:`input_key` (empty: none)."""
    validators: tuple[str, str] = ("", "")
    """ETag and Last-Modified of its page (a URL input)."""


def _finish(job: _Job, out: Path, show: Show, cache: Path, fresh: frozenset[str], overlap: bool = True,
            spare: Path | None = None) -> EpisodeReport:
    """Mix an article from its cached clips, encode and tag it (in a worker when jobs > 1;
    ``overlap``: measure the MP3 while encoding it, when this is the only episode encoding)."""
    start = time.perf_counter()
    clips = speech.load(job.tasks, cache, fresh, spare)
    music = decode_audio(show.production.music, SAMPLE_RATE) if show.production.music else b""
    mix = master(job.script, clips, dict(show.production.pauses), music, show.production.music_db)
    mixed = time.perf_counter()
    cached = sum(1 for c in clips if c.cached)
    cached_segments = len({c.segment for c in clips}) - len({c.segment for c in clips if not c.cached})
    episode = package_episode(out, show, job.script, mix, job.source, cached_segments,
                              job.pub, job.key, len(clips), overlap, job.source_key, job.validators)
    done = time.perf_counter()
    return EpisodeReport(episode, cached, len(clips) - cached, False,
                         (("script", job.script_s), ("mix", mixed - start), ("encode", done - mixed)))


def render(
    sources: list[str],
    out: Path,
    config: Path | None = None,
    voices_dir: Path | None = None,
    engine: str | None = None,
    cache: Path | None = None,
    use_cache: bool = True,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    format: str | None = None,
    pubdate: str | None = None,
    jobs: int = 1,
    fail_fast: bool = False,
    wait: bool = True,
    notify: Callable[[str], None] = lambda _message: None,
    latest: int | None = None,
) -> RenderResult:
    """Render every source into ``out`` holding its lock: another run into the same folder makes
    this one wait (saying so through ``notify``), or fail at once with ``wait=False``."""
    with library.locked(out, wait, notify):
        return _render(sources, out, config, voices_dir, engine, cache, use_cache, stdin, progress, format, pubdate,
                       jobs, fail_fast, notify, latest)


def _render(
    sources: list[str],
    out: Path,
    config: Path | None,
    voices_dir: Path | None,
    engine: str | None,
    cache: Path | None,
    use_cache: bool,
    stdin: BinaryIO | None,
    progress: Progress | None,
    format: str | None,
    pubdate: str | None,
    jobs: int,
    fail_fast: bool,
    notify: Callable[[str], None] = lambda _message: None,
    latest: int | None = None,
) -> RenderResult:
    """Render every source into ``out``; a failing input does not stop the rest (unless ``fail_fast``).

    Scripts are built first; an article whose render key matches its episode
    in the library is reused as it is. The clips no cache holds are
    synthesized across ``jobs`` workers; then each article is mixed, encoded
    and tagged (also across workers), and published as soon as it is done.
    """
    began = time.perf_counter()
    progress = progress or Progress()
    show = load_show(config)
    voices = load_voices(voices_dir).for_engine(engine)
    if voices.casting.neural_missing and engine is None:
        notify(f"note: English articles are read by the espeak-ng voices: Kokoro's natural voices are not "
               f"available ({voices.casting.neural_missing})")
    pub_override = pub_date(pubdate) if pubdate else None  # the output folder exists: its lock is held
    scratch = None if use_cache else tempfile.TemporaryDirectory(prefix="newscast-clips-")
    cache_dir = Path(scratch.name) if scratch else (cache or default_cache_dir()) / "clips"
    episodes = library.load(out, notify, keep=True)
    warned: set[str] = set()
    reports: list[EpisodeReport] = []
    failures: list[tuple[str, str]] = []
    feed: Path | None = None

    def fail(source: str, exc: BaseException) -> None:
        if not isinstance(exc, NewscastError):  # a bug or a limit nobody foresaw: this article only, one line
            exc = NewscastError(f"{source}: unexpected {type(exc).__name__} ({exc}); this article was left out — "
                                "please report it with the input")
        name, message = printable(source), printable(str(exc))
        failures.append((name, message if name in message else f"{name}: {message}"))
        progress.advance("articles", 1, f"failed {name}")

    jobs_todo: list[_Job] = []
    pages: dict[str, Fetched] = {}
    planned: dict[str, str] = {}  # GUID -> the address its article was read from, this run
    if any(is_url(s) or Path(s).suffix.lower() in remote.FEED_SUFFIXES for s in sources):
        inputs = remote.expand(sources, episodes, latest)  # URLs fetched (conditionally), feeds opened
        sources, pages = list(inputs.sources), inputs.pages
        failures.extend((printable(name), printable(message)) for name, message in inputs.failures)
    progress.stage("articles", len(sources))
    for source in sources:
        start = time.perf_counter()
        try:
            if printable(source) != source:
                raise IngestError(f"{printable(source)}: the file name is not valid UTF-8 (shown with �); rename the "
                                  "file, e.g. with convmv -f latin1 -t utf8")
            page = pages.get(source)
            # an article file whose bytes and settings are unchanged is reused before it is even parsed
            old = (remote.previous(episodes, source) if page else library.find(episodes, episode_guid(source, None))
                   ) if source != "-" else None
            if page is not None and page.not_modified:
                if old and not library.problem(out, old):  # the server says unchanged: nothing downloaded or spoken
                    reports.append(EpisodeReport(old, old.clips, 0, True, (("script", time.perf_counter() - start),)))
                    progress.advance("articles", 1, f"not modified {source}")
                    continue
                page = pages[source] = fetch(source)  # unchanged, but its episode is gone: fetch it whole
            pub = pub_override or (old.pub_date if old and library.valid_date(old.pub_date) else pub_date("now"))
            source_key = input_key(source, voices, engine, show, pub, format,  # empty for stdin and script files
                                   page.body if page else None)
            if not (old and source_key and old.input_key == source_key and not library.problem(out, old)):
                day = datetime.fromisoformat(pub_override).date() if pub_override else first_published(episodes, source)
                script = build_script(source, voices, stdin, format, show, day, page)
                check_length(script)
                if page is not None and (guid := episode_guid(script.source, script)) in planned:
                    # the same article by another address (a redirect, a feed's link): rendered once
                    progress.advance("articles", 1, f"same article as {planned[guid]}: {source}")
                    continue
                if page is not None:
                    planned[episode_guid(script.source, script)] = source
                # stdin and script files are found by their script (title, original article)
                old = library.find(episodes, episode_guid(script.source, script))
                pub = pub_override or (old.pub_date if old and library.valid_date(old.pub_date) else pub)
                key = render_key(script, voices, engine, show, pub)
                if not (old and old.render_key == key and not library.problem(out, old)):
                    tasks = speech.plan(script, voices.get, engine)
                    jobs_todo.append(_Job(source, script, tasks, key, pub, time.perf_counter() - start, source_key,
                                          (page.etag, page.last_modified) if page else ("", "")))
                    continue
                if old.input_key != source_key or (page and (old.etag, old.last_modified) != (page.etag, page.last_modified)):
                    # e.g. newscast changed but not this script, or the page's validators: remember the new ones
                    old = replace(old, input_key=source_key, **({"etag": page.etag, "last_modified": page.last_modified}
                                                               if page else {}))
                    episodes = library.upsert(episodes, old)
                    library.save(out, episodes)
            reports.append(EpisodeReport(old, old.clips, 0, True, (("script", time.perf_counter() - start),)))
            progress.advance("articles", 1, f"unchanged {source}")
        except Exception as exc:  # noqa: BLE001 - any failure fails this input only (fail() words it)
            fail(source, exc)
            if fail_fast:
                break
    scripted = time.perf_counter()
    if fail_fast and failures:
        jobs_todo = []
    need = speech.missing(tuple(t for j in jobs_todo for t in j.tasks), cache_dir, notify) if jobs_todo else ()
    # clips the cache cannot take (read-only, full) are kept here for this run only
    spare = Path(tempfile.gettempdir()) / f"newscast-spare-{os.getpid()}"
    fresh = frozenset(t.key for t in need)
    broken: dict[str, str] = {}  # clip key -> why it could not be spoken
    chunks = speech.chunks(need, jobs, SPEAK_CHUNK)
    for name in sorted({t.engine for t in need}):
        with contextlib.suppress(NewscastError):
            parts = sum(1 for chunk, _here in chunks if chunk[0].engine == name)
            get_engine(name).prepare(min(jobs, parts))  # started once here; every worker is forked with it ready
    with Pool(jobs) as pool:
        progress.stage("clips", len(need))
        spoken = {pool.submit(speech.speak, chunk, cache_dir, here, spare, inline=here): chunk for chunk, here in chunks}
        for future in pool.as_done(spoken, stall=speech.clip_timeout()):
            if future is None:  # no chunk finished for a whole clip timeout: an engine hangs
                pool.kill()
                for f, chunk in spoken.items():
                    if f.cancelled() or (f.done() and isinstance(f.exception(), BrokenWorker)):
                        broken.update((t.key, f"{t.where}: the {t.engine} engine hung for {speech.clip_timeout():.0f} s "
                                               f"on voice '{t.profile.id}'; check it with `newscast voices preview "
                                               f"{t.profile.id}`") for t in chunk)
                break
            chunk = spoken[future]
            try:
                future.result()
            except (NewscastError, OSError) as exc:
                broken.update((t.key, str(exc)) for t in chunk)
                if fail_fast:
                    break
            except BrokenWorker:
                broken.update((t.key, f"{t.where}: the {t.engine} engine crashed its worker process on voice "
                                      f"'{t.profile.id}'; check it with `newscast voices preview {t.profile.id}`")
                              for t in chunk)
            progress.advance("clips", len(chunk))
        synthesized = time.perf_counter()
        ready = []
        for job in jobs_todo:
            why = next((broken[t.key] for t in job.tasks if t.key in broken), None)
            if why is None:
                ready.append(job)
            elif not (fail_fast and failures):
                fail(job.source, SynthesisError(why))
        if fail_fast and failures:
            ready = []
        progress.stage("episodes", len(ready))
        overlap = jobs == 1 or len(ready) == 1  # else the workers already fill the cores
        ready.sort(key=lambda job: -sum(len(t.text) for t in job.tasks))  # longest first: no long one left alone at the end
        warned.update(episode_guid(job.script.source, job.script) for job in ready)  # being mended: left out, no warning
        finishing = {pool.submit(_finish, job, out, show, cache_dir, fresh, overlap, spare, inline=True): job
                     for job in ready}
        for future in pool.as_done(finishing):
            job = finishing[future]
            try:
                report = future.result()
            except Exception as exc:  # noqa: BLE001 - a NewscastError, a crashed worker or a bug: this article only
                if isinstance(exc, BrokenWorker):
                    exc = EncodeError(f"{job.source}: the worker mixing and encoding it crashed ({exc}); render it again")
                fail(job.source, exc)
                if fail_fast:
                    pool.close(cancel=True)
                    break
                continue
            episodes = library.upsert(episodes, report.episode)
            library.save(out, episodes)
            feed = publish_whole(out, show, episodes, notify, warned)
            reports.append(report)
            progress.advance("episodes", 1, f"encoded {report.episode.mp3}")
            progress.advance("articles", 1, f"done {job.source}")
    if scratch:
        scratch.cleanup()
    if jobs_todo and spare.is_dir():
        import shutil

        shutil.rmtree(spare, ignore_errors=True)
        notify(f"warning: the clip cache {cache_dir} could not be written (read-only or full); this render's clips "
               "were kept aside and will be spoken again next time (see `newscast cache info`, or pass --cache DIR)")
    if feed is None and ((reports and not (out / "feed.xml").exists()) or any(library.problem(out, e) for e in episodes)):
        feed = publish_whole(out, show, episodes, notify, warned)
    elif feed is None and (out / "feed.xml").exists():
        feed = out / "feed.xml"
    order = {s: i for i, s in enumerate(sources)}
    reports.sort(key=lambda r: order.get(r.episode.source, len(order)))
    ended = time.perf_counter()
    return RenderResult(tuple(reports), tuple(failures), feed,
                        (("scripts", scripted - began), ("synthesis", synthesized - scripted if jobs_todo else 0.0),
                         ("episodes", ended - synthesized if jobs_todo else 0.0), ("total", ended - began)))


#: The longest episode newscast makes: the mix is held in memory (about 24 MB a minute at its peak,
#: benchmarks/memory.py), so a longer text is refused before anything is spoken rather than
#: exhausting the machine.
MAX_EPISODE_HOURS = 3
#: Words a minute the length estimate assumes (the voices read 150-175).
ESTIMATE_WPM = 160


def check_length(script: Script) -> None:
    """Refuse a script that would make an episode longer than :data:`MAX_EPISODE_HOURS`."""
    words = sum(len(s.spoken.split()) for s in script.segments)
    hours = words / ESTIMATE_WPM / 60
    if hours > MAX_EPISODE_HOURS:
        raise IngestError(f"{script.source}: about {hours:.1f} hours of speech ({words} words in {len(script.segments)} "
                          f"segments); newscast makes episodes of at most {MAX_EPISODE_HOURS} hours — split the article")


def printable(text: str) -> str:
    r"""``text`` as it can be printed: a file name's undecodable bytes (surrogate escapes) as U+FFFD.

    >>> printable("caf\udce9.txt")
    'caf�.txt'
    """
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def render_batch(args: list[str], out: Path, shard: str | None = None, **options) -> RenderResult:
    """``render`` over command-line inputs: folders, globs and @lists expanded, then only
    ``shard`` (``K/N``) of them kept when given."""
    sources = expand_inputs(args)
    if shard:
        part = parse_shard(shard)
        sources = [s for s in sources if in_shard(identity(s, None) if s != "-" else s, part)]
    return render(sources, out, **options)


def rebuild_feed(out: Path, config: Path | None = None, notify: Callable[[str], None] = lambda _m: None) -> Path:
    """Write feed.xml (and the channel cover) again from the episode library, without rendering."""
    if not library.exists(out):
        raise PublishError(f"{out}: no episode library here; render an article into it first")
    with library.locked(out):
        episodes = library.load(out, notify, keep=True)
        return publish_whole(out, load_show(config), episodes, notify)


def merge_sites(folders: list[Path], out: Path, config: Path | None = None,
                notify: Callable[[str], None] = lambda _m: None) -> tuple[Path, int, int]:
    """Join the libraries and files of several output folders (CI shards) into ``out`` and publish
    one feed. An episode (by GUID) is never listed twice: the same render again is skipped, a
    newer render of it replaces the older one (merging today's shards into yesterday's site).
    Returns (feed path, episodes added or replaced, duplicates skipped)."""
    with library.locked(out):  # creates the folder
        return _merge(folders, out, config, notify)


def _merge(folders: list[Path], out: Path, config: Path | None, notify: Callable[[str], None]) -> tuple[Path, int, int]:
    import shutil

    episodes = library.load(out, notify, keep=True)
    added = skipped = 0
    for folder in folders:
        if not library.exists(folder):
            raise PublishError(f"{folder}: no episode library here; pass output folders of `newscast render`")
        for ep in sorted(library.load(folder, notify), key=lambda e: (e.pub_date, e.guid)):
            old = library.find(episodes, ep.guid)
            if old is not None and (old.render_key == ep.render_key or folder.resolve() == out.resolve()):
                skipped += 1
                continue
            linked = [n for n in ep.files if (folder / n).is_symlink()]
            if linked:  # its bytes may be anywhere on the shard's machine: never copy them into the site
                raise PublishError(f"{folder}: episode {ep.id}'s file {linked[0]} is a symbolic link; newscast writes "
                                   "none — re-render that shard")
            why = library.problem(folder, ep)
            if why:
                raise PublishError(f"{folder}: episode {ep.id}: {why}; re-render that shard")
            if folder.resolve() != out.resolve():
                for name in ep.files:
                    tmp = out / f".{name}.merge"
                    shutil.copyfile(folder / name, tmp)
                    os.replace(tmp, out / name)
            episodes = library.upsert(episodes, ep)
            added += 1
    library.save(out, episodes)
    return publish_whole(out, load_show(config), episodes, notify), added, skipped


def remove_episode(out: Path, which: str, config: Path | None = None,
                   notify: Callable[[str], None] = lambda _m: None) -> Episode:
    """Drop one episode (by id, GUID or input) and its files; rebuild the feed."""
    with library.locked(out):
        return _remove(out, which, config, notify)


def _remove(out: Path, which: str, config: Path | None, notify: Callable[[str], None]) -> Episode:
    episodes = library.load(out, notify, keep=True)  # every stored file name is a plain name inside ``out`` (or this fails)
    match = [e for e in episodes if which in (e.id, e.guid, e.source)]
    if not match:
        known = ", ".join(e.id for e in episodes) or "none"
        raise PublishError(f"{out}: no episode '{which}' (episodes: {known}); see `newscast list`")
    gone = match[0]
    rest = tuple(e for e in episodes if e.guid != gone.guid)
    library.save(out, rest)  # the library first: a crash after this leaves only stray files, never a listed, missing one
    publish_whole(out, load_show(config), rest, notify)
    folder = out.resolve()
    for name in gone.files:
        path = out / name
        if path.resolve().parent == folder or path.is_symlink():  # a link itself goes, never what it points at
            path.unlink(missing_ok=True)
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
