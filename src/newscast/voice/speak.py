"""speak: one audio clip per sentence, cached by content hash, every clip
verified.

A clip is only accepted when it exists and lasts about as long as its text
should at the profile's rate; otherwise it is retried, and after the last try
synthesis stops with a :class:`SynthesisError` naming the sentence. An episode
with silently missing text cannot be produced.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import time
import wave
import zlib
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable


from .engines import Engine
from .sentences import sentences
from ..core.errors import SynthesisError
from ..core.models import Clip, ClipTask, Script, VoiceProfile

#: Attempts per clip before giving up.
ATTEMPTS = 3
#: Seconds one clip may take before the engine is taken to hang ($NEWSCAST_CLIP_TIMEOUT overrides).
CLIP_TIMEOUT = 60.0
#: Accept a clip lasting between these multiples of the expected duration.
PLAUSIBLE = (0.3, 3.5)


def default_cache_dir() -> Path:
    """``$NEWSCAST_CACHE``, else the per-user cache folder."""
    env = os.environ.get("NEWSCAST_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newscast"


#: Scripts written without spaces between words: each character is about a syllable.
_SYLLABIC = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def expected_seconds(text: str, profile: VoiceProfile) -> float:
    """About how long ``text`` takes at the profile's rate: its words, plus digits left as
    digits (read one by one in some languages) and Chinese, Japanese or Korean characters
    (a syllable each, in text with few spaces).

    >>> from ..core.models import VoiceProfile
    >>> p = VoiceProfile(id="x", engine="silent", voice="x", rate=180)
    >>> round(expected_seconds("Three words here", p), 2), round(expected_seconds("기사입력: 2018-08-25 15:24", p), 2)
    (1.0, 3.67)
    """
    units = len(text.split()) + len(re.findall(r"\d", text)) / 2 + len(_SYLLABIC.findall(text)) / 2
    return max(1.0, units) * 60.0 / profile.rate


def plausible(samples: bytes, rate: int, text: str, profile: VoiceProfile) -> bool:
    if not samples or rate <= 0:
        return False
    seconds = len(samples) / 2 / rate
    want = expected_seconds(text, profile)
    return PLAUSIBLE[0] * want - 0.2 <= seconds <= PLAUSIBLE[1] * want + 1.0


def clip_key(engine_name: str, engine_version: str, profile: VoiceProfile, text: str) -> str:
    """Content address of one clip: engine, engine version, voice profile (all but its
    description, and of its lexicon phonemes only those the text holds) and the exact text spoken."""
    fields = {k: v for k, v in asdict(profile).items() if k not in ("description", "phonemes")}
    used = [pair for pair in profile.phonemes if pair[0] in text]  # a lexicon change re-speaks only the clips it touches
    if used:
        fields["phonemes"] = used
    blob = repr((engine_name, engine_version, sorted(fields.items()), text)).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def cache_key(engine: Engine, profile: VoiceProfile, text: str) -> str:
    return clip_key(engine.name, _versioned(engine.version, type(engine).voice_version(profile)), profile, text)


def _versioned(engine_version: str, voice_version: str) -> str:
    return f"{engine_version}; {voice_version}" if voice_version else engine_version


def cache_path(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.wav"


#: A RIFF chunk newscast appends to each cached clip after its samples: the samples' CRC-32
#: (WAV readers skip chunks they do not know).
CHECK_CHUNK = b"nchk"


def _read_wav(path: Path) -> tuple[bytes, int] | None:
    """(samples, rate) of a cached clip, or None when it is not whole: unreadable, a folder, shorter
    than its header says, or with samples that do not match the checksum written with them."""
    try:
        with open(path, "rb") as fh, wave.open(fh, "rb") as w:
            if (w.getnchannels(), w.getsampwidth()) != (1, 2):
                return None
            samples = w.readframes(w.getnframes())
            rate = w.getframerate()
            if len(samples) != 2 * w.getnframes():
                return None  # cut short
            fh.seek(0, os.SEEK_END)
            end = fh.tell()
            fh.seek(max(0, end - 12))
            tail = fh.read(12)
    except (OSError, wave.Error, EOFError, ValueError):
        return None
    if tail[:4] == CHECK_CHUNK and int.from_bytes(tail[8:], "little") != zlib.crc32(samples):
        return None
    return samples, rate


def _discard(path: Path) -> None:
    """Remove a cache entry, whatever took its name (a file, a link, a folder)."""
    if path.is_dir() and not path.is_symlink():
        import shutil

        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _write_wav(path: Path, samples: bytes, rate: int) -> None:
    if path.is_dir() and not path.is_symlink():  # something else took the clip's name: it goes
        _discard(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".wav")
    try:
        with os.fdopen(fd, "w+b") as fh:
            with wave.open(fh, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(rate)
                w.writeframes(samples)
            if len(samples) % 2 == 0:  # (odd data would need a pad byte first)
                fh.seek(0, os.SEEK_END)
                fh.write(CHECK_CHUNK + (4).to_bytes(4, "little") + zlib.crc32(samples).to_bytes(4, "little"))
                size = fh.tell() - 8
                fh.seek(4)
                fh.write(size.to_bytes(4, "little"))  # the RIFF size covers the new chunk
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clip_timeout() -> float:
    """Seconds one clip may take ($NEWSCAST_CLIP_TIMEOUT, else :data:`CLIP_TIMEOUT`)."""
    return float(os.environ.get("NEWSCAST_CLIP_TIMEOUT") or CLIP_TIMEOUT)


def _with_timeout(engine: Engine, text: str, profile: VoiceProfile, where: str) -> tuple[bytes, int]:
    """Run one synthesis on a daemon thread; a hung engine becomes a SynthesisError, not a hung render."""
    timeout = clip_timeout()
    result: list[Any] = []

    def work() -> None:
        try:
            result.append(engine.synthesize(text, profile))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            result.append(exc)

    worker = threading.Thread(target=work, name="newscast-synthesis", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        short = text if len(text) <= 80 else text[:77] + "..."
        raise SynthesisError(f"{where}: the {engine.name} engine hung for {timeout:.0f} s on voice '{profile.id}' "
                             f"saying \"{short}\"; check the voice with `newscast voices preview {profile.id}`")
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def speak_clip(engine: Engine, profile: VoiceProfile, text: str, cache: Path | None, where: str,
               watchdog: bool = True, key: str = "", spare: Path | None = None) -> tuple[bytes, int, bool]:
    """(samples, rate, from cache) for one sentence; verified, retried, cached.

    With ``watchdog`` the engine runs on a helper thread that is given up after
    the clip timeout. Without it (worker processes, which their parent times
    out) the engine runs on the calling thread: espeak-ng's output for some
    voices varies with the thread it runs on, and a worker's clips must be the
    same bytes in every worker. ``key`` is the clip's cache key when the caller has it."""
    key = key or cache_key(engine, profile, text)
    path = cache_path(cache, key) if cache else None
    if path is not None and path.exists():
        found = _read_wav(path)
        if found and plausible(*found, text, profile):
            _touch(path)
            return (*found, True)
    for _attempt in range(ATTEMPTS):
        try:
            samples, rate = _with_timeout(engine, text, profile, where) if watchdog else engine.synthesize(text, profile)
        except SynthesisError as exc:
            raise SynthesisError(str(exc) if str(exc).startswith(where) else f"{where}: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - a foreign failure inside the engine: wrap it at the edge
            raise SynthesisError(f"{where}: the {engine.name} engine failed ({exc!r}); check `newscast voices`, or try --engine") from None
        if plausible(samples, rate, text, profile):
            if path is not None:
                try:
                    _write_wav(path, samples, rate)
                except OSError:  # a read-only or full cache costs speed, not the render
                    try:
                        if spare is not None:
                            _write_wav(cache_path(spare, key), samples, rate)
                    except OSError as exc:
                        raise SynthesisError(f"{where}: neither the clip cache {cache} nor the temp folder can take "
                                             f"clips ({exc.strerror}); free some space or pass --cache DIR") from None
            return samples, rate, False
    short = text if len(text) <= 80 else text[:77] + "..."
    raise SynthesisError(
        f"{where}: the {engine.name} engine gave no usable audio for the sentence \"{short}\" "
        f"after {ATTEMPTS} tries; check the voice '{profile.id}' with `newscast voices`, or try --engine"
    )


def _touch(path: Path) -> None:
    """Mark a cache entry as used (``newscast cache prune`` drops the least recently used)."""
    try:
        os.utime(path)
    except OSError:
        pass


def plan(script: Script, profiles: Callable[[str], VoiceProfile], engine_name: str | None = None) -> tuple[ClipTask, ...]:
    """Every clip the script needs, sentence by sentence, with its cache key (nothing is spoken)."""
    from .engines import engine_class

    identities: dict[str, str] = {}
    tasks: list[ClipTask] = []
    for index, segment in enumerate(script.segments):
        profile = profiles(segment.voice)
        name = engine_name or profile.engine
        if name not in identities:
            identities[name] = engine_class(name).cache_version()
        version = _versioned(identities[name], engine_class(name).voice_version(profile))
        for sentence in sentences(segment.spoken):
            tasks.append(ClipTask(segment=index, text=sentence, engine=name, profile=profile, where=script.source,
                                  key=clip_key(name, version, profile, sentence)))
    if not tasks:
        raise SynthesisError(f"{script.source}: nothing to say after normalization; pass an article with text")
    return tuple(tasks)


def missing(tasks: tuple[ClipTask, ...], cache: Path, notify: Callable[[str], None] = lambda _m: None) -> tuple[ClipTask, ...]:
    """The tasks whose clips the cache does not hold whole, one per key. A damaged entry (cut short,
    garbage, a folder, samples not matching their checksum, implausibly long or short) is dropped
    and spoken again; ``notify`` hears how many once."""
    seen: set[str] = set()
    out = []
    dropped = 0
    for t in tasks:
        if t.key in seen:
            continue
        seen.add(t.key)
        path = cache_path(cache, t.key)
        if not os.path.lexists(path):
            out.append(t)
            continue
        found = _read_wav(path)
        if found is None or not plausible(*found, t.text, t.profile):
            dropped += 1
            out.append(t)
            try:
                _discard(path)
            except OSError:
                pass  # a read-only cache: the clip is spoken into the scratch cache instead
    if dropped:
        notify(f"warning: {cache}: {dropped} damaged clip(s) dropped from the cache and spoken again")
    return tuple(out)


def speak(tasks: tuple[ClipTask, ...], cache: Path, watchdog: bool = False, spare: Path | None = None) -> None:
    """Synthesize ``tasks`` into the cache, in a worker process (verified, retried; a failure raises
    SynthesisError; the parent process gives up on a worker that hangs and sends no heartbeat),
    or, with ``watchdog``, in this process (each clip given up after the clip timeout)."""
    from ..core.pool import heartbeat
    from .engines import get_engine

    for t in tasks:
        speak_clip(get_engine(t.engine), t.profile, t.text, cache, t.where, watchdog=watchdog, key=t.key, spare=spare)
        heartbeat()


def chunks(tasks: tuple[ClipTask, ...], jobs: int, size: int) -> list[tuple[tuple[ClipTask, ...], bool]]:
    """How the clips are handed to workers: (clips, speak in this process).

    An engine with state between utterances (espeak-ng) speaks chunks of ``size`` clips, each in
    a process forked fresh from the started engine, cut the same way whatever ``jobs`` is. A
    stateless engine (Kokoro) loads its model once per process instead: with one job all its clips
    are spoken here, else they are cut into ``jobs`` parts of about equal text.
    """
    from .engines import engine_class

    stateless = tuple(t for t in tasks if engine_class(t.engine).stateless)
    stateful = tuple(t for t in tasks if not engine_class(t.engine).stateless)
    out: list[tuple[tuple[ClipTask, ...], bool]] = []
    if stateless and jobs == 1:
        out.append((stateless, True))
    elif stateless:
        total = sum(len(t.text) for t in stateless)
        part: list[ClipTask] = []
        done = 0
        for t in stateless:
            part.append(t)
            done += len(t.text)
            if done * jobs >= total * (len(out) + 1) and len(out) < jobs - 1:
                out.append((tuple(part), False))
                part = []
        if part:
            out.append((tuple(part), False))
    out.extend((stateful[i:i + size], False) for i in range(0, len(stateful), size))
    return out


def load(tasks: tuple[ClipTask, ...], cache: Path, fresh: frozenset[str] = frozenset(),
         spare: Path | None = None) -> tuple[Clip, ...]:
    """The clips of ``tasks`` read from the cache (or from ``spare``, where clips go that the cache
    could not take); ``fresh`` names the keys spoken in this run."""
    clips = []
    for t in tasks:
        found = _read_wav(cache_path(cache, t.key))
        if found is None and spare is not None:
            found = _read_wav(cache_path(spare, t.key))
        if not found or not plausible(*found, t.text, t.profile):
            raise SynthesisError(f"{t.where}: the cached clip for \"{t.text[:60]}\" is missing or damaged; "
                                 f"render again (or run `newscast cache prune --all`)")
        clips.append(Clip(segment=t.segment, text=t.text, samples=found[0], sample_rate=found[1],
                          cached=t.key not in fresh))
    return tuple(clips)


def synthesize(
    script: Script,
    profiles: Callable[[str], VoiceProfile],
    engine_name: str | None = None,
    cache: Path | None = None,
) -> tuple[Clip, ...]:
    """Speak every segment, sentence by sentence, in this process. ``profiles`` maps voice id -> profile."""
    from .engines import get_engine

    clips: list[Clip] = []
    for t in plan(script, profiles, engine_name):
        samples, rate, cached = speak_clip(get_engine(t.engine), t.profile, t.text, cache, t.where)
        clips.append(Clip(segment=t.segment, text=t.text, samples=samples, sample_rate=rate, cached=cached))
    return tuple(clips)


def cache_entries(cache: Path) -> list[tuple[Path, int, float]]:
    """(path, bytes, last used) of every clip in a clip cache, least recently used first."""
    found = []
    for path in cache.glob("??/*.wav") if cache.is_dir() else ():
        try:
            st = path.stat()
        except OSError:
            continue
        found.append((path, st.st_size, st.st_mtime))
    return sorted(found, key=lambda e: (e[2], e[0].name))


def prune_cache(cache: Path, older_than_days: float | None = None, max_bytes: int | None = None,
                everything: bool = False, now: float | None = None) -> tuple[int, int]:
    """Drop clips: all of them, those unused for ``older_than_days``, then the least recently used
    until the cache holds at most ``max_bytes``. Returns (clips removed, bytes freed).

    >>> import tempfile, time
    >>> d = Path(tempfile.mkdtemp())
    >>> for i, age in enumerate((30, 10, 1)):
    ...     p = d / "ab" / f"{i}.wav"; p.parent.mkdir(exist_ok=True); _ = p.write_bytes(b"x" * 100)
    ...     os.utime(p, (time.time() - age * 86400,) * 2)
    >>> prune_cache(d, older_than_days=20), prune_cache(d, max_bytes=150), len(cache_entries(d))
    ((1, 100), (1, 100), 1)
    """
    entries = cache_entries(cache)
    now = time.time() if now is None else now
    total = sum(size for _p, size, _t in entries)
    removed = freed = 0
    for path, size, used in entries:
        stale = everything or (older_than_days is not None and now - used > older_than_days * 86400)
        over = max_bytes is not None and total - freed > max_bytes
        if not (stale or over):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
        freed += size
    return removed, freed
