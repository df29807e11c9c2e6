"""synthesize: one audio clip per sentence, cached by content hash, every clip
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
import wave
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable

import pysbd

from .engines import Engine, get_engine
from .errors import SynthesisError
from .models import Clip, Script, VoiceProfile

#: A clip longer than this many characters is split at clause or word breaks.
MAX_CLIP_CHARS = 300
#: Attempts per clip before giving up.
ATTEMPTS = 3
#: Seconds one clip may take before the engine is taken to hang ($NEWSCAST_CLIP_TIMEOUT overrides).
CLIP_TIMEOUT = 60.0
#: Accept a clip lasting between these multiples of the expected duration.
PLAUSIBLE = (0.3, 3.5)

_splitter = pysbd.Segmenter(language="en", clean=False)


def default_cache_dir() -> Path:
    """``$NEWSCAST_CACHE``, else the per-user cache folder."""
    env = os.environ.get("NEWSCAST_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newscast"


def split_long(sentence: str, limit: int = MAX_CLIP_CHARS) -> list[str]:
    """Split an over-long sentence at clause breaks, then at spaces.

    >>> split_long("a, b, c", limit=4)
    ['a,', 'b,', 'c']
    >>> split_long("one two three four", limit=9)
    ['one two', 'three', 'four']
    """
    if len(sentence) <= limit:
        return [sentence]
    parts: list[str] = []
    for piece in re.split(r"(?<=[,;:])\s+", sentence):
        words = piece.split()
        current = ""
        for word in words:
            if current and len(current) + 1 + len(word) > limit:
                parts.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        if current:
            parts.append(current)
    merged: list[str] = []
    for part in parts:
        if merged and len(merged[-1]) + 1 + len(part) <= limit and not re.search(r"[,;:]$", merged[-1]):
            merged[-1] += " " + part
        else:
            merged.append(part)
    return merged


def sentences(text: str) -> list[str]:
    """Split spoken text into clip-sized sentences.

    >>> sentences("Doctor Petrova spoke. She said yes! Fine")
    ['Doctor Petrova spoke.', 'She said yes!', 'Fine']
    """
    out: list[str] = []
    for s in _splitter.segment(text):
        s = s.strip()
        if re.search(r"\w", s):
            out.extend(split_long(s))
    return out


def expected_seconds(text: str, profile: VoiceProfile) -> float:
    return max(1, len(text.split())) * 60.0 / profile.rate


def plausible(samples: bytes, rate: int, text: str, profile: VoiceProfile) -> bool:
    if not samples or rate <= 0:
        return False
    seconds = len(samples) / 2 / rate
    want = expected_seconds(text, profile)
    return PLAUSIBLE[0] * want - 0.2 <= seconds <= PLAUSIBLE[1] * want + 1.0


def cache_key(engine: Engine, profile: VoiceProfile, text: str) -> str:
    fields = {k: v for k, v in asdict(profile).items() if k != "description"}
    blob = repr((engine.name, engine.version, sorted(fields.items()), text)).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def _read_wav(path: Path) -> tuple[bytes, int] | None:
    try:
        with wave.open(str(path), "rb") as w:
            return w.readframes(w.getnframes()), w.getframerate()
    except (OSError, wave.Error, EOFError):
        return None


def _write_wav(path: Path, samples: bytes, rate: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".wav")
    try:
        with os.fdopen(fd, "wb") as fh, wave.open(fh, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(samples)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _with_timeout(engine: Engine, text: str, profile: VoiceProfile, where: str) -> tuple[bytes, int]:
    """Run one synthesis on a daemon thread; a hung engine becomes a SynthesisError, not a hung render."""
    timeout = float(os.environ.get("NEWSCAST_CLIP_TIMEOUT") or CLIP_TIMEOUT)
    result: list[Any] = []

    def work() -> None:
        try:
            result.append(engine.synthesize(text, profile))
        except BaseException as exc:  # handed to the caller below
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


def speak_clip(engine: Engine, profile: VoiceProfile, text: str, cache: Path | None, where: str) -> tuple[bytes, int, bool]:
    """(samples, rate, from cache) for one sentence; verified, retried, cached."""
    key = cache_key(engine, profile, text)
    path = cache / key[:2] / f"{key}.wav" if cache else None
    if path is not None and path.exists():
        found = _read_wav(path)
        if found and plausible(*found, text, profile):
            return (*found, True)
    for _attempt in range(ATTEMPTS):
        try:
            samples, rate = _with_timeout(engine, text, profile, where)
        except SynthesisError as exc:
            raise SynthesisError(str(exc) if str(exc).startswith(where) else f"{where}: {exc}") from None
        except Exception as exc:  # a foreign failure inside the engine: wrap it at the edge
            raise SynthesisError(f"{where}: the {engine.name} engine failed ({exc!r}); check `newscast voices`, or try --engine") from None
        if plausible(samples, rate, text, profile):
            if path is not None:
                try:
                    _write_wav(path, samples, rate)
                except OSError:
                    pass  # a read-only cache costs speed, not correctness
            return samples, rate, False
    short = text if len(text) <= 80 else text[:77] + "..."
    raise SynthesisError(
        f"{where}: the {engine.name} engine gave no usable audio for the sentence \"{short}\" "
        f"after {ATTEMPTS} tries; check the voice '{profile.id}' with `newscast voices`, or try --engine"
    )


def synthesize(
    script: Script,
    profiles: Callable[[str], VoiceProfile],
    engine_name: str | None = None,
    cache: Path | None = None,
) -> tuple[Clip, ...]:
    """Speak every segment, sentence by sentence. ``profiles`` maps voice id -> profile."""
    clips: list[Clip] = []
    for index, segment in enumerate(script.segments):
        profile = profiles(segment.voice)
        engine = get_engine(engine_name or profile.engine)
        for sentence in sentences(segment.spoken):
            samples, rate, cached = speak_clip(engine, profile, sentence, cache, script.source)
            clips.append(Clip(segment=index, text=sentence, samples=samples, sample_rate=rate, cached=cached))
    if not clips:
        raise SynthesisError(f"{script.source}: nothing to say after normalization; pass an article with text")
    return tuple(clips)
