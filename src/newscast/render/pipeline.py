"""pipeline: the stages in order, and nothing else.

An article is ingested, cleaned, segmented, normalized and cast into a Script;
the Script is synthesized into clips, mastered into a Mix, packaged into an
Episode, and the episode library is published as a feed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from concurrent.futures import Future
from typing import Any, BinaryIO, Callable

from ..site import library
from . import remote
from ..voice import speak as speech
from .inputs import Source, expand_inputs, in_shard, parse_shard
from ..core.pool import BrokenWorker, Pool
from .progress import Progress
from ..settings.show import Show, load_show
from ..settings.voices import Voices, load_voices
from ..core.dates import pub_date
from ..voice.engines import get_engine
from ..core.errors import DEBUG_VARIABLE, EncodeError, IngestError, NewscastError, PublishError, SynthesisError, debugging, printable
from ..sources.fetch import Access, Fetched, fetch, is_url
from .episode import EpisodeReport, Job, make_episode
from .keys import episode_guid, first_published, identity, input_key, render_key
from ..site.maintenance import publish_whole
from ..core.models import Episode, Script
from .script import build_script, check_length
from ..voice.speak import default_cache_dir


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


#: Clips spoken by one freshly forked worker (chunks are cut the same way whatever --jobs is).
SPEAK_CHUNK = 16


@dataclass(frozen=True)
class RenderOptions:
    """How a render is asked to run — what the command line's options say (the CLI builds one)."""

    config: Path | None = None
    """The show config (None: ./newscast.toml if present)."""
    voices_dir: Path | None = None
    """The voices folder (None: ./voices, else the bundled one)."""
    engine: str | None = None
    """One engine for every voice (None: each profile's own)."""
    cache: Path | None = None
    """The clip cache folder (None: $NEWSCAST_CACHE or ~/.cache/newscast)."""
    use_cache: bool = True
    format: str | None = None
    """text, markdown or html (None: by extension, else sniffed)."""
    pubdate: str | None = None
    """now, a date or an ISO date-time for every episode (None: each episode's first date)."""
    jobs: int = 1
    fail_fast: bool = False
    wait: bool = True
    """Wait for another newscast writing the same folder (False: fail at once)."""
    latest: int | None = None
    """Only a feed's newest N items."""
    allow_private: bool = False
    """Let feeds and redirects reach local and private addresses."""


def render(sources: list[str], out: Path, options: RenderOptions | None = None, *, stdin: BinaryIO | None = None,
           progress: Progress | None = None, notify: Callable[[str], None] = lambda _message: None,
           **settings: Any) -> RenderResult:
    """Render every source into ``out`` holding its lock: another run into the same folder makes
    this one wait (saying so through ``notify``), or fail at once with ``wait=False``. ``settings``
    (``engine="silent"``, ``jobs=2``, …) are :class:`RenderOptions` fields, over ``options``."""
    options = replace(options or RenderOptions(), **settings)
    problem = library.out_problem(out)
    if problem:
        raise PublishError(problem)
    with library.locked(out, options.wait, notify):
        return _render(sources, out, options, stdin, progress or Progress(), notify)


@dataclass
class _Run:
    """One render's settings and bookkeeping: what every phase reads, and where each records what
    it did (episodes made or reused, inputs that failed, the feed)."""

    out: Path
    options: RenderOptions
    show: Show
    voices: Voices
    pub_override: str | None
    cache_dir: Path
    stdin: BinaryIO | None
    progress: Progress
    notify: Callable[[str], None]
    episodes: tuple[Episode, ...]
    access: Access = Access()
    """Where web requests may go: public addresses, and the hosts the user named."""
    reports: list[EpisodeReport] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)
    """GUIDs whose missing or damaged files were already reported (or are being mended)."""
    feed: Path | None = None

    def fail(self, source: str, exc: BaseException) -> None:
        """Record one failed input as one line (a bug or a limit nobody foresaw says so)."""
        if not isinstance(exc, NewscastError):
            bug = exc
            exc = NewscastError(f"{source}: unexpected {type(exc).__name__} ({exc}); this article was left out — "
                                f"please report it with the input (and the traceback {DEBUG_VARIABLE}=1 prints)")
            if debugging():  # the Error: line, then the traceback: the batch stops here
                print(f"Error: {printable(str(exc))}", file=sys.stderr, flush=True)
                raise bug
        name, message = printable(source), printable(str(exc))
        self.failures.append((name, message if name in message else f"{name}: {message}"))
        self.progress.advance("articles", 1, f"failed {name}")

    @property
    def engine(self) -> str | None:
        return self.options.engine

    @property
    def jobs(self) -> int:
        return self.options.jobs

    @property
    def fail_fast(self) -> bool:
        return self.options.fail_fast

    @property
    def stopped(self) -> bool:
        """``--fail-fast`` and something failed: nothing more is made."""
        return self.fail_fast and bool(self.failures)

    def reused(self, episode: Episode, start: float, note: str) -> None:
        self.reports.append(EpisodeReport(episode, episode.clips, 0, True, (("script", time.perf_counter() - start),)))
        self.progress.advance("articles", 1, note)


def _render(sources: list[str], out: Path, options: RenderOptions, stdin: BinaryIO | None, progress: Progress,
            notify: Callable[[str], None]) -> RenderResult:
    """Render every source into ``out``; a failing input does not stop the rest (unless ``fail_fast``).

    Phases: **inputs** (web addresses fetched, feeds opened), **plan** (each article reused as
    it is, or its script built), **speak** (the clips no cache holds, across ``jobs`` workers),
    **finish** (each article mixed, encoded, tagged and published as soon as it is done).
    """
    began = time.perf_counter()
    voices = load_voices(options.voices_dir).for_engine(options.engine)
    if voices.casting.neural_missing and options.engine is None:
        notify(f"note: English articles are read by the espeak-ng voices: Kokoro's natural voices are not "
               f"available ({voices.casting.neural_missing})")
    scratch = None if options.use_cache else tempfile.TemporaryDirectory(prefix="newscast-clips-")
    run = _Run(out=out, options=options, show=load_show(options.config), voices=voices,
               pub_override=pub_date(options.pubdate) if options.pubdate else None,  # the output folder exists: its lock is held
               cache_dir=Path(scratch.name) if scratch else (options.cache or default_cache_dir()) / "clips",
               stdin=stdin, progress=progress, notify=notify, episodes=library.load(out, notify, keep=True),
               access=Access.naming(sources, options.allow_private))
    sources, pages = _inputs(run, sources, options.latest)
    todo = _plan(run, sources, pages)
    scripted = synthesized = time.perf_counter()
    # clips the cache cannot take (read-only, full) are kept here for this run only
    spare = Path(tempfile.gettempdir()) / f"newscast-spare-{os.getpid()}"
    if todo:
        with Pool(options.jobs) as pool:
            fresh, broken = _speak(run, pool, todo, spare)
            synthesized = time.perf_counter()
            _finish_all(run, pool, todo, fresh, broken, spare)
    _tidy(run, bool(todo), spare, scratch)
    order = {s: i for i, s in enumerate(sources)}
    run.reports.sort(key=lambda r: order.get(r.episode.source, len(order)))
    ended = time.perf_counter()
    return RenderResult(tuple(run.reports), tuple(run.failures), run.feed,
                        (("scripts", scripted - began), ("synthesis", synthesized - scripted),
                         ("episodes", ended - synthesized if todo else 0.0), ("total", ended - began)))


def _inputs(run: _Run, sources: list[str], latest: int | None) -> tuple[list[str], dict[str, Fetched]]:
    """The sources to render, web addresses fetched (conditionally) and feeds opened into their
    articles; a failed address is a failure already."""
    if not any(is_url(s) or Path(s).suffix.lower() in remote.FEED_SUFFIXES for s in sources):
        return sources, {}
    inputs = remote.expand(sources, run.episodes, latest, run.out, run.access)
    run.failures.extend((printable(name), printable(message)) for name, message in inputs.failures)
    for note in inputs.notes:
        run.notify(printable(note))
    return list(inputs.sources), dict(inputs.pages)


def _plan(run: _Run, sources: list[str], pages: dict[str, Fetched]) -> list[Job]:
    """What must be made: every article whose episode cannot be reused as it is, with its script
    and its clips; the reused ones are reported here."""
    todo: list[Job] = []
    planned: dict[str, str] = {}  # GUID -> the address its article was read from, this run
    run.progress.stage("articles", len(sources))
    for source in sources:
        try:
            if printable(source) != source:
                raise IngestError(f"{printable(source)}: the file name is not valid UTF-8 (shown with �); rename the "
                                  "file, e.g. with convmv -f latin1 -t utf8")
            job = _plan_one(run, Source.of(source), pages, planned)
            if job is not None:
                todo.append(job)
        except Exception as exc:  # noqa: BLE001 - any failure fails this input only (fail() words it)
            run.fail(source, exc)
            if run.fail_fast:
                return []
    return [] if run.stopped else todo


def _plan_one(run: _Run, item: Source, pages: dict[str, Fetched], planned: dict[str, str]) -> Job | None:
    """One article: reused before it is even parsed (unchanged file or page: its input key),
    reused after its script is built (its render key), or a Job."""
    start = time.perf_counter()
    source = item.name
    page = pages.get(source)
    old = None if item.kind == "stdin" else (remote.previous(run.episodes, source) if page
                                             else library.find(run.episodes, episode_guid(source, None)))
    if page is not None and page.not_modified:
        if old and not library.problem(run.out, old):  # the server (or the feed) says unchanged: nothing downloaded
            run.reused(old, start, f"not modified {source}")
            return None
        page = pages[source] = fetch(source, access=run.access)  # unchanged, but its episode is gone: fetch it whole
    pub = _publication(run, old, pub_date("now"))
    source_key = input_key(item, run.voices, run.engine, run.show, pub, run.options.format,  # empty for stdin, script files
                           page.body if page else None)
    if old and source_key and old.input_key == source_key and not library.problem(run.out, old):
        run.reused(old, start, f"unchanged {source}")
        return None
    day = datetime.fromisoformat(run.pub_override).date() if run.pub_override else first_published(run.episodes, item)
    script = build_script(item, run.voices, run.stdin, run.options.format, run.show, day, page)
    check_length(script)
    guid = episode_guid(script.source, script)
    if page is not None:
        if guid in planned:  # the same article by another address (a redirect, a feed's link): rendered once
            run.progress.advance("articles", 1, f"same article as {planned[guid]}: {source}")
            return None
        planned[guid] = source
    old = library.find(run.episodes, guid)  # stdin and script files are found by their script (title, article)
    first = _publication(run, old, article_date(script) or pub)  # one date everywhere: the intro says it too
    if first != pub:
        pub = first
        source_key = input_key(item, run.voices, run.engine, run.show, pub, run.options.format, page.body if page else None)
    key = render_key(script, run.voices, run.engine, run.show, pub)
    if not (old and old.render_key == key and not library.problem(run.out, old)):
        return Job(source, script, guid, speech.plan(script, run.voices.get, run.engine), key, pub,
                   time.perf_counter() - start, source_key, (page.etag, page.last_modified) if page else ("", ""))
    if old.input_key != source_key or (page and (old.etag, old.last_modified) != (page.etag, page.last_modified)):
        # e.g. newscast changed but not this script, or the page's validators: remember the new ones
        old = replace(old, input_key=source_key)
        if page:
            old = replace(old, etag=page.etag, last_modified=page.last_modified)
        run.episodes = library.upsert(run.episodes, old)
        library.save(run.out, run.episodes)
    run.reused(old, start, f"unchanged {source}")
    return None


def article_date(script: Script) -> str:
    """The article's own date as a publication date ("" when it has none, or none a feed can show)."""
    try:
        return pub_date(script.meta.date) if script.meta.date else ""
    except NewscastError:
        return ""


def _publication(run: _Run, old: Episode | None, new: str) -> str:
    """The date to publish an article with: --pubdate, else its episode's first date, else ``new``."""
    return run.pub_override or (old.pub_date if old and library.valid_date(old.pub_date) else new)


def _speak(run: _Run, pool: Pool, todo: list[Job], spare: Path) -> tuple[frozenset[str], dict[str, str]]:
    """Speak the clips no cache holds, in chunks across the workers; return the fresh clips' keys
    and, for each clip that could not be spoken, why."""
    need = speech.missing(tuple(t for j in todo for t in j.tasks), run.cache_dir, run.notify)
    broken: dict[str, str] = {}
    chunks = speech.chunks(need, run.jobs, SPEAK_CHUNK)
    for name in sorted({t.engine for t in need}):
        with contextlib.suppress(NewscastError):
            parts = sum(1 for chunk, _here in chunks if chunk[0].engine == name)
            get_engine(name).prepare(min(run.jobs, parts))  # started once here; every worker is forked with it ready
    run.progress.stage("clips", len(need))
    heard: dict[Future, int] = {}  # clips each chunk has said it spoke (its heartbeats)

    def beat(future: Future) -> None:
        heard[future] = heard.get(future, 0) + 1
        run.progress.advance("clips", 1)

    pool.on_beat = beat
    spoken = {pool.submit(speech.speak, chunk, run.cache_dir, here, spare, inline=here): chunk for chunk, here in chunks}
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
            if run.fail_fast:
                break
        except BrokenWorker:
            broken.update((t.key, f"{t.where}: the {t.engine} engine crashed its worker process on voice "
                                  f"'{t.profile.id}'; check it with `newscast voices preview {t.profile.id}`")
                          for t in chunk)
        run.progress.advance("clips", max(0, len(chunk) - heard.get(future, 0)))  # what its beats did not count
    pool.on_beat = None
    return frozenset(t.key for t in need), broken


def _finish_all(run: _Run, pool: Pool, todo: list[Job], fresh: frozenset[str], broken: dict[str, str],
                spare: Path) -> None:
    """Mix, encode and tag every article whose clips were all spoken (longest first, across the
    workers); publish the library and feed as each one is done."""
    ready = []
    for job in todo:
        why = next((broken[t.key] for t in job.tasks if t.key in broken), None)
        if why is None:
            ready.append(job)
        elif not run.stopped:
            run.fail(job.source, SynthesisError(why))
    if run.stopped:
        return
    run.progress.stage("episodes", len(ready))
    overlap = run.jobs == 1 or len(ready) == 1  # else the workers already fill the cores
    ready.sort(key=lambda job: -sum(len(t.text) for t in job.tasks))  # longest first: no long one left alone at the end
    run.warned.update(job.guid for job in ready)  # being mended: no warning
    finishing = {pool.submit(make_episode, job, run.out, run.show, run.cache_dir, fresh, overlap, spare, inline=True): job
                 for job in ready}
    for future in pool.as_done(finishing):
        assert future is not None  # as_done yields None only when given a stall time
        job = finishing[future]
        try:
            report = future.result()
        except Exception as exc:  # noqa: BLE001 - a NewscastError, a crashed worker or a bug: this article only
            if isinstance(exc, BrokenWorker):
                exc = EncodeError(f"{job.source}: the worker mixing and encoding it crashed ({exc}); render it again")
            run.fail(job.source, exc)
            if run.fail_fast:
                pool.close(cancel=True)
                return
            continue
        before = library.find(run.episodes, report.episode.guid)
        run.episodes = library.upsert(run.episodes, report.episode)
        library.save(run.out, run.episodes)
        run.feed = publish_whole(run.out, run.show, run.episodes, run.notify, run.warned)
        library.replaced_files(run.out, before, run.episodes)  # after the new one is in place
        run.reports.append(report)
        run.progress.advance("episodes", 1, f"encoded {report.episode.mp3}")
        run.progress.advance("articles", 1, f"done {job.source}")


def _tidy(run: _Run, spoke: bool, spare: Path, scratch: tempfile.TemporaryDirectory | None) -> None:
    """Leave nothing behind but the episodes: the clips of --no-cache and of an unwritable cache go;
    the feed is published again when it is missing or an episode's files are not as listed."""
    if scratch:
        scratch.cleanup()
    if spoke and spare.is_dir():
        import shutil

        shutil.rmtree(spare, ignore_errors=True)
        run.notify(f"warning: the clip cache {run.cache_dir} could not be written (read-only or full); this render's "
                   "clips were kept aside and will be spoken again next time (see `newscast cache info`, or pass "
                   "--cache DIR)")
    out = run.out
    if run.feed is None and ((run.reports and not (out / "feed.xml").exists())
                             or any(library.problem(out, e) for e in run.episodes)):
        run.feed = publish_whole(out, run.show, run.episodes, run.notify, run.warned)
    elif run.feed is None and (out / "feed.xml").exists():
        run.feed = out / "feed.xml"


def render_batch(args: list[str], out: Path, options: RenderOptions | None = None, shard: str | None = None,
                 **kw: Any) -> RenderResult:
    """``render`` over command-line inputs: folders, globs and @lists expanded, then only
    ``shard`` (``K/N``) of them kept when given."""
    sources = expand_inputs(args)
    if shard:
        part = parse_shard(shard)
        sources = [s for s in sources if in_shard(identity(s, None) if s != "-" else s, part)]
    return render(sources, out, options, **kw)


