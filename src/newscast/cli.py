"""The ``newscast`` command: parse arguments, call one library function, format the result."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from .core.version import __version__
from .core.errors import NewscastError, debugging, json_printable, printable

class _UntypedHelp:
    """--help shows no type beside it (like every flag here), not ``<bool>``."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]  # a mixin before typer's classes
        if option is not None:
            option.metavar = ""
        return option


class _Command(_UntypedHelp, typer.core.TyperCommand):
    pass


class _Group(_UntypedHelp, typer.core.TyperGroup):
    pass


app = typer.Typer(add_completion=False, no_args_is_help=True, cls=_Group,
                  help="Turn news articles into podcast episodes, offline.")

def _version(value: bool) -> None:
    if value:
        typer.echo(f"newscast {__version__}")
        raise typer.Exit()


@app.callback()
def _top(version: bool = typer.Option(False, "--version", metavar="", callback=_version, is_eager=True,
                                      help="Print newscast's version and exit.")) -> None:
    """Turn news articles into podcast episodes, offline. NEWSCAST_DEBUG=1 prints the traceback of an unexpected error."""


JSON = typer.Option(False, "--json", metavar="", help="Print machine-readable JSON on stdout.")
VOICES = typer.Option(None, "--voices", metavar="FOLDER", help="Voice profiles folder (default: ./voices, else the bundled one).")
CONFIG = typer.Option(None, "--config", metavar="FILE", help="Show config (default: ./newscast.toml if present).")
ALLOW_PRIVATE = typer.Option(False, "--allow-private", metavar="", help="Let feeds and redirects lead to local and private network addresses (by default only the hosts and ports you name yourself are reached there).")
FORMAT = typer.Option(None, "--format", metavar="FORMAT", help="Input format: text, markdown or html (default: by extension, else sniffed).")


def _echo(text: str, err: bool = False) -> None:
    """Print one line, with nothing a terminal would act on (titles and messages may come from the web)."""
    typer.echo(printable(text), err=err)


def _fail(message: str) -> None:
    _echo(f"Error: {message}", err=True)


def _known_engine(engine: str | None) -> None:
    """``--engine`` naming no engine is a usage error, said before any input is read (exit 2)."""
    from .voice.engines import unknown_engine

    if engine is not None and unknown_engine(engine):
        _fail(f"--engine {engine}: no such engine{unknown_engine(engine)}")
        raise typer.Exit(2)


def _guard(fn: Callable[[], Any]) -> Any:
    """Run ``fn``; turn a NewscastError into one ``Error:`` line and exit 1, and Ctrl-C or SIGTERM
    into one line and exit 130 (by then every worker and ffmpeg of the run is stopped and every
    half-written file removed or hidden, so the next run finishes the work)."""
    try:
        return fn()
    except NewscastError as exc:
        _fail(str(exc))
        if debugging():
            raise
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while leaving changes nothing
        _echo("Interrupted: nothing half-written was published; run it again to finish "
                   "(clips already spoken are reused)", err=True)
        raise typer.Exit(130) from None


def _terminate(_signum: int, _frame: object) -> None:
    """SIGTERM ends a run the way Ctrl-C does (workers killed, temp files removed, one line)."""
    raise KeyboardInterrupt


def _warn(message: str) -> None:
    _echo(message, err=True)


def _print_json(doc: Any) -> None:
    """JSON with the C1 controls and bidirectional overrides that ``ensure_ascii=False`` leaves raw escaped."""
    typer.echo(json_printable(json.dumps(doc, indent=2, ensure_ascii=False)))


@app.command(cls=_Command)
def render(
    inputs: List[str] = typer.Argument(..., metavar="INPUT", help="Articles (.txt, .md, .html), http(s) URLs of articles or RSS/Atom feeds, edited scripts (.script.json), folders (searched for articles), globs, @list files, or - for standard input."),
    out: Path = typer.Option(Path("output"), "--out", "-o", metavar="FOLDER", help="Output folder: episodes, transcripts, feed.xml."),
    json_out: bool = JSON,
    config: Optional[Path] = CONFIG,
    voices: Optional[Path] = VOICES,
    engine: Optional[str] = typer.Option(None, "--engine", metavar="ENGINE", help="Use this TTS engine for every voice (e.g. pyttsx3, silent)."),
    cache: Optional[Path] = typer.Option(None, "--cache", metavar="FOLDER", help="Clip cache folder (default: $NEWSCAST_CACHE or ~/.cache/newscast)."),
    no_cache: bool = typer.Option(False, "--no-cache", metavar="", help="Synthesize every clip afresh."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="Worker processes (default: the number of CPUs); output is the same bytes whatever it is."),
    shard: Optional[str] = typer.Option(None, "--shard", metavar="K/N", help="Render only shard K/N of the inputs (a stable split for a CI matrix)."),
    fail_fast: bool = typer.Option(False, "--fail-fast", metavar="", help="Stop at the first input that fails."),
    no_wait: bool = typer.Option(False, "--no-wait", metavar="", help="Fail at once if another newscast is writing --out (default: wait for it)."),
    progress: str = typer.Option("auto", "--progress", metavar="MODE", help="auto (bars on a terminal; elsewhere, once a run takes 10 s, a plain line per phase and finished article), bars, lines or none."),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar="", help="No progress output."),
    format: Optional[str] = FORMAT,
    pubdate: Optional[str] = typer.Option(None, "--pubdate", metavar="DATE", help="Publication date: now, 2026-11-27 or an ISO date-time (default: a re-rendered article keeps its first date)."),
    latest: Optional[int] = typer.Option(None, "--latest", min=1, metavar="N", help="From a feed, only the N newest items."),
    allow_private: bool = ALLOW_PRIVATE,
) -> None:
    """Render articles into MP3 episodes and publish them in feed.xml."""
    from .core.pool import default_jobs
    from .render.progress import Progress
    from .render.pipeline import RenderOptions, render_batch

    if progress not in ("auto", "bars", "lines", "none"):
        _fail(f"--progress {progress!r}: use auto, bars, lines or none")
        raise typer.Exit(2)
    _known_engine(engine)
    with Progress(Progress.choose(progress, quiet)) as shown:
        options = RenderOptions(config=config, voices_dir=voices, engine=engine, cache=cache, use_cache=not no_cache,
                                format=format, pubdate=pubdate, jobs=jobs or default_jobs(), fail_fast=fail_fast,
                                wait=not no_wait, latest=latest, allow_private=allow_private)
        result = _guard(lambda: render_batch(inputs, out, options, shard, stdin=sys.stdin.buffer, progress=shown,
                                             notify=_warn))
    if json_out:
        _print_json(result.to_json(out))
    else:
        for r in result.reports:
            e = r.episode
            m, s = divmod(round(e.duration_s), 60)
            how = "unchanged" if r.reused else f"{r.fresh_clips} clips spoken, {r.cached_clips} cached"
            _echo(f"{out / e.mp3}  {m}:{s:02d}  {e.loudness_lufs:.1f} LUFS  {e.segments} segments ({how})")
        if result.feed:
            _echo(f"feed: {result.feed}")
    for _source, message in result.failures:
        _fail(message)
    if result.failures:
        raise typer.Exit(1)


@app.command(cls=_Command)
def script(
    input: str = typer.Argument(..., metavar="INPUT", help="Article (.txt, .md, .html), an article's http(s) address, a script file, or - for standard input."),
    json_out: bool = JSON,
    voices: Optional[Path] = VOICES,
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the editable script here (x.script.json); render it with `newscast render x.script.json`."),
    format: Optional[str] = FORMAT,
    config: Optional[Path] = CONFIG,
    allow_private: bool = ALLOW_PRIVATE,
) -> None:
    """Show what would be read, by whom, in which voice (or write it as an editable script)."""
    from .settings.show import load_show
    from .settings.voices import load_voices
    from .render.script import script_for

    result = _guard(lambda: script_for(input, load_voices(voices), sys.stdin.buffer, format, load_show(config), allow_private))
    if output is not None:
        from .core.files import write_atomic
        from .script.scriptfile import dump

        try:
            write_atomic(output, dump(result))
        except OSError as exc:
            _fail(f"{output}: cannot write the script ({exc.strerror}); check the folder")
            raise typer.Exit(1) from None
        _echo(f"script: {output} ({len(result.segments)} segments); edit it, then: newscast render {output}", err=True)
        return
    if json_out:
        _print_json(result.to_json())
        return
    _echo(f"# {result.title}")
    for name, role in result.speakers:
        _echo(f"speaker: {name} ({role})")
    for removed in result.removed:
        _echo(f"removed: {removed}")
    for seg in result.segments:
        who = f"{seg.speaker}/{seg.voice}" + (", spoken as edited by hand" if seg.spoken_by_hand else "")
        _echo(f"[{seg.kind}] {who}: {seg.spoken}")


voices_app = typer.Typer(cls=_Group, help="Voice profiles: list them (default) or preview one.")
app.add_typer(voices_app, name="voices")


@voices_app.command("preview", cls=_Command)
def voices_preview(
    voice: str = typer.Argument(..., metavar="VOICE", help="Voice profile id (a file in voices/ without .toml)."),
    text: str = typer.Argument("This is the newscast voice you are auditioning, reading the news at its own pace.",
                               help="What to say."),
    output: Path = typer.Option(Path("preview.mp3"), "--output", "-o", metavar="FILE", help="MP3 to write."),
    voices: Optional[Path] = VOICES,
    engine: Optional[str] = typer.Option(None, "--engine", metavar="ENGINE", help="Use this TTS engine instead of the profile's."),
) -> None:
    """Speak a sentence with one voice profile into an MP3, to audition it."""
    from .render.preview import preview

    path, seconds = _guard(lambda: preview(voice, text, output, voices, engine))
    _echo(f"{path}  {seconds:.1f} s")


@voices_app.command("install", cls=_Command)
def voices_install(engine: str = typer.Argument(..., metavar="ENGINE", help="The engine whose voices to install: kokoro."),
                   force: bool = typer.Option(False, "--force", metavar="", help="Fetch and write every file again.")) -> None:
    """Install an engine's model and voices into the data folder ($NEWSCAST_DATA), checked by hash."""
    if engine != "kokoro":
        _fail(f"no voices to install for {engine!r}; use: newscast voices install kokoro")
        raise typer.Exit(2)
    from .voice.packs import install_kokoro

    _guard(lambda: install_kokoro(_warn, force))


@voices_app.callback(invoke_without_command=True)
def voices_cmd(ctx: typer.Context, json_out: bool = JSON, voices: Optional[Path] = VOICES) -> None:
    """List voice profiles, the casting, and whether each engine is available."""
    if ctx.invoked_subcommand is not None:
        return
    from .settings.voices import load_voices
    from .voice.engines import REGISTRY, engine_class, kokoro

    loaded = _guard(lambda: load_voices(voices))
    engines: dict[str, tuple[bool, str]] = {}
    for name in sorted({*REGISTRY, *(p.engine for p in loaded.profiles)}):
        try:
            engines[name] = engine_class(name).availability()
        except NewscastError as exc:
            engines[name] = (False, str(exc))
    roles = dict(loaded.casting.roles)
    if json_out:
        _print_json({
            "folder": str(loaded.folder),
            "voices": [{"id": p.id, "engine": p.engine, "voice": p.voice, "rate": p.rate, "pitch": p.pitch,
                        "volume": p.volume, "language": p.language, "description": p.description,
                        "roles": [r for r, v in roles.items() if v == p.id]} for p in loaded.profiles],
            "casting": {"roles": roles, "speakers": dict(loaded.casting.speakers),
                        "english": ({"roles": dict(loaded.casting.neural.roles),
                                     "speakers": dict(loaded.casting.neural.speakers)}
                                    if loaded.casting.neural else None),
                        "languages": {lang: {"roles": dict(c.roles), "guests": list(c.guests)}
                                      for lang, c in loaded.casting.languages}},
            "engines": {n: {"available": ok, "detail": why} for n, (ok, why) in engines.items()},
            "kokoro_voices": kokoro.catalogue(),
        })
        return
    neural = dict(loaded.casting.neural.roles) if loaded.casting.neural else {}
    own = [(lang, dict(c.roles)) for lang, c in loaded.casting.languages]
    for p in loaded.profiles:
        cast_as = ", ".join([*(f"{r} (English)" for r, v in neural.items() if v == p.id),
                             *(f"{r} ({lang})" for lang, table in own for r, v in table.items() if v == p.id),
                             *(r + (" (other languages)" if neural else "") for r, v in roles.items() if v == p.id)])
        pitch = p.pitch if "pitch" in engine_class(p.engine).capabilities else "- (not used by this engine)"
        _echo(f"{p.id:22} {p.engine}:{p.voice:20} rate {p.rate} pitch {pitch}  roles: {cast_as or '-'}")
    if loaded.casting.neural_missing:
        _echo(f"English articles use the espeak-ng casting: Kokoro is not available ({loaded.casting.neural_missing})")
    missing = loaded.casting.languages_missing
    for why in dict.fromkeys(why for _, why in missing):  # the packs come together; ja and zh need their extras
        _echo(f"{', '.join(lang for lang, w in missing if w == why)} articles use the espeak-ng casting ({why})")
    for name, (ok, why) in engines.items():
        _echo(f"engine {name}: {'available' if ok else 'NOT available'} ({why})")
    _echo(f"kokoro voices ({'ready' if engines['kokoro'][0] else 'not installed'}), by language:")
    by_language: dict[str, list[dict]] = {}
    for v in kokoro.catalogue():
        by_language.setdefault(f"{v['accent']} ({v['language']})", []).append(v)
    for language, listed in by_language.items():
        state = ("" if all(v["installed"] for v in listed) else "; not installed") + (
            "" if listed[0]["spoken"] else f"; needs pip install 'newscast[{listed[0]['language']}]'")
        _echo(f"  {language + state + ':':44} " + ", ".join(f"{v['name']} ({v['gender']})" for v in listed))


OUT = typer.Option(Path("output"), "--out", "-o", metavar="FOLDER", help="Output folder (the episode library).")


@app.command("list", cls=_Command)
def list_cmd(out: Path = OUT, json_out: bool = JSON) -> None:
    """List the episodes in the library."""
    from .site import library

    if not out.is_dir():
        _fail(f"{out}: no such folder, so no episodes; pass the folder you rendered into with --out")
        raise typer.Exit(1)
    episodes = _guard(lambda: library.load(out, _warn))
    if not episodes:
        _echo(f"{out}: no episodes yet; render one with: newscast render ARTICLE --out {out}", err=True)
    problems = {e.guid: library.problem(out, e) for e in episodes}
    if json_out:
        _print_json([{"id": e.id, "guid": e.guid, "title": e.title, "input": e.source, "mp3": str(out / e.mp3),
                      "duration_s": e.duration_s, "pub_date": e.pub_date, "problem": problems[e.guid] or None}
                     for e in episodes])
        return
    for e in sorted(episodes, key=lambda e: e.pub_date):
        m, s = divmod(round(e.duration_s), 60)
        damaged = f"  [DAMAGED: {problems[e.guid]}; not in the feed]" if problems[e.guid] else ""
        _echo(f"{e.id}  {e.pub_date[:10]}  {m}:{s:02d}  {e.title}{damaged}")


@app.command(cls=_Command)
def remove(which: Optional[List[str]] = typer.Argument(None, metavar="EPISODE...", help="Episode ids (or a unique start of one), GUIDs or input paths."), out: Path = OUT,
           config: Optional[Path] = CONFIG,
           orphans: bool = typer.Option(False, "--orphans", metavar="", help="Instead: delete episode files (MP3, cover, transcripts) that no episode lists.")) -> None:
    """Remove an episode and its files; rebuild the feed."""
    from .site.maintenance import remove_episodes, remove_orphans

    if orphans:
        names = _guard(lambda: remove_orphans(out))
        _echo(f"removed {len(names)} files no episode lists" + (f": {', '.join(names)}" if names else ""))
        return
    if not which:
        _fail("name the episode to remove (its id from `newscast list`), or pass --orphans")
        raise typer.Exit(2)
    for gone in _guard(lambda: remove_episodes(out, list(which), config, _warn)):
        _echo(f"removed {gone.id} ({gone.title})")


@app.command(cls=_Command)
def feed(out: Path = OUT, config: Optional[Path] = CONFIG,
         merge: List[Path] = typer.Option([], "--merge", metavar="FOLDER", help="Output folders (e.g. CI shards) to join into --out: their episodes and files, one feed, no duplicates.")) -> None:
    """Rebuild feed.xml from the library, without rendering (or join several output folders into one)."""
    from .site.maintenance import merge_sites, rebuild_feed

    if merge:
        path, added, skipped = _guard(lambda: merge_sites(merge, out, config, _warn))
        _echo(f"{path} ({added} episodes merged, {skipped} duplicates skipped)")
    else:
        _echo(str(_guard(lambda: rebuild_feed(out, config, _warn))))


cache_app = typer.Typer(cls=_Group, help="The clip cache: what it holds, and pruning it.")
app.add_typer(cache_app, name="cache")
CACHE = typer.Option(None, "--cache", metavar="FOLDER", help="Clip cache folder (default: $NEWSCAST_CACHE or ~/.cache/newscast).")


@cache_app.command("info", cls=_Command)
def cache_info(cache: Optional[Path] = CACHE, json_out: bool = JSON) -> None:
    """How many clips the cache holds and how much space they take."""
    from .voice.speak import cache_entries, default_cache_dir

    folder = (cache or default_cache_dir()) / "clips"
    entries = cache_entries(folder)
    size = sum(e[1] for e in entries)
    doc = {"path": str(folder), "clips": len(entries), "bytes": size,
           "oldest_use": entries[0][2] if entries else None, "newest_use": entries[-1][2] if entries else None}
    if json_out:
        _print_json(doc)
    else:
        _echo(f"{folder}: {len(entries)} clips, {size / 1e6:.1f} MB")


@cache_app.command("prune", cls=_Command)
def cache_prune(cache: Optional[Path] = CACHE,
                older_than: Optional[float] = typer.Option(None, "--older-than", min=0, metavar="DAYS", help="Drop clips unused for this many days."),
                max_size: Optional[str] = typer.Option(None, "--max-size", metavar="SIZE", help="Then drop the least recently used down to this size (e.g. 500M, 2G)."),
                everything: bool = typer.Option(False, "--all", metavar="", help="Empty the cache.")) -> None:
    """Drop clips from the cache (least recently used first)."""
    from .voice.speak import default_cache_dir, prune_cache

    limit = None
    if max_size is not None:
        units = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9}
        number, unit = max_size.rstrip("KMGkmgBb"), max_size.upper().rstrip("B")[len(max_size.rstrip("KMGkmgBb")):]
        try:
            limit = int(float(number) * units[unit])
        except (ValueError, KeyError):
            _fail(f"--max-size {max_size!r}: use a size such as 500M or 2G")
            raise typer.Exit(2) from None
    if older_than is None and limit is None and not everything:
        _fail("say what to prune: --older-than DAYS, --max-size SIZE or --all")
        raise typer.Exit(2)
    folder = (cache or default_cache_dir()) / "clips"
    removed, freed = prune_cache(folder, older_than, limit, everything)
    _echo(f"{folder}: removed {removed} clips, freed {freed / 1e6:.1f} MB")


@app.command(cls=_Command)
def init(path: Path = typer.Argument(Path("newscast.toml"), metavar="FILE", help="Where to write the starter show config.")) -> None:
    """Write a commented starter show config (newscast.toml)."""
    from .site.maintenance import init_config

    written = _guard(lambda: init_config(path))
    _echo(f"wrote {written} and {written.parent / 'voices'}/ (your lexicon and voices, over the bundled ones); edit them, then render")


@app.command(cls=_Command)
def serve(out: Path = OUT, host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Address to listen on (0.0.0.0 for the LAN)."),
          port: int = typer.Option(8000, "--port", metavar="PORT", help="Port (the default base_url is http://127.0.0.1:8000/)."),
          keep_urls: bool = typer.Option(False, "--keep-urls", metavar="", help="Serve feed.xml as written (default: its URLs point at the address the app used)."),
          verbose: bool = typer.Option(False, "--verbose", metavar="", help="Log each request.")) -> None:
    """Serve the output folder so a podcast app can subscribe to feed.xml."""
    from .site.serve import make_server

    if not out.is_dir():
        _fail(f"{out}: no such folder; render into it first, or pass --out")
        raise typer.Exit(1)
    try:
        server = make_server(out, host, port, verbose, rewrite=not keep_urls)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port} ({exc.strerror}); pick another --port")
        raise typer.Exit(1) from None
    _echo(f"serving {out} at http://{host}:{server.server_address[1]}/feed.xml (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main() -> None:
    """The command line: a usage error (a misspelt command or option, a bad value) is one
    ``Error:`` line naming where help is, exit 2, before any input is read."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = app(standalone_mode=False, prog_name="newscast")
    except (KeyboardInterrupt, Exception) as exc:  # noqa: BLE001 - click's own exceptions, by name (typer vendors click)
        kinds = {c.__name__ for c in type(exc).__mro__}
        if "UsageError" in kinds:
            ctx = getattr(exc, "ctx", None)
            _fail(f"{exc.format_message()} (see: {ctx.command_path if ctx is not None else 'newscast'} --help)")  # type: ignore[union-attr]
            sys.exit(2)
        if kinds & {"KeyboardInterrupt", "Abort"}:
            _echo("Interrupted", err=True)
            sys.exit(130)
        raise
    sys.exit(code if isinstance(code, int) else 0)
