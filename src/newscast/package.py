"""package: master loudness, encode MP3, tag it, write transcripts — atomically.

Loudness is set with ffmpeg's two-pass ``loudnorm`` and then measured on the
*final MP3* (encoding moves both loudness and peaks) with ffmpeg's ``ebur128``
scanner (ITU-R BS.1770, true peak). ffmpeg is the system's when it has one,
else the static build shipped in the ``imageio-ffmpeg`` wheel.

Every file is written beside its target under a hidden temp name and
``os.replace``d into place, so a killed render never leaves half a file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mutagen.id3 import WOAS, APIC, CHAP, COMM, CTOC, CTOCFlags, ID3, TALB, TCON, TDRC, TIT2, TLEN, TPE1, USLT, ID3NoHeaderError
from mutagen.mp3 import MP3, HeaderNotFoundError

from .errors import EncodeError
from .models import Mix

TARGET_LUFS = -16.0
TARGET_TRUE_PEAK = -1.5  # aim below the -1 dBTP ceiling: MP3 encoding adds peaks
BITRATE = "64k"
#: LAME's quality/speed trade-off (0 best, 9 fastest); 7 is ~3x faster than the default, inaudible on speech.
LAME_QUALITY = 7
#: Measuring passes (no encoding) to find the gain that lands on the target.
GAIN_ATTEMPTS = 3
#: Re-encode with a gain correction when the MP3 misses the target by more than this.
TOLERANCE_LU = 0.3


def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary to use.

    ``$NEWSCAST_FFMPEG`` may name a binary, or ``system`` for the one on PATH.
    By default the static build in the ``imageio-ffmpeg`` wheel is used, so
    every machine encodes with the same ffmpeg and LAME; the system's ffmpeg is
    the fallback when that wheel is missing.
    """
    choice = os.environ.get("NEWSCAST_FFMPEG", "")
    if choice and choice != "system":
        if not (shutil.which(choice) or os.path.isfile(choice)):
            raise EncodeError(f"NEWSCAST_FFMPEG={choice} is not an ffmpeg binary; unset it or point it at one")
        return choice
    if choice != "system":
        try:
            import imageio_ffmpeg

            return imageio_ffmpeg.get_ffmpeg_exe()
        except (ImportError, RuntimeError):
            pass
    found = shutil.which("ffmpeg")
    if found:
        return found
    raise EncodeError("ffmpeg not found; run: pip install imageio-ffmpeg (or install ffmpeg)")


def _ffmpeg(args: list[str], what: str) -> str:
    """Run ffmpeg; return its stderr (where filters report)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EncodeError(f"ffmpeg failed while {what} ({exc}); check the ffmpeg install") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise EncodeError(f"ffmpeg failed while {what}: {last}")
    return done.stderr


def measure(path: Path, true_peak: bool = True, chain: str = "") -> tuple[float, float]:
    """(integrated loudness LUFS, true peak dBTP) of an audio file, per ITU-R BS.1770.

    With ``true_peak=False`` the (slower, 4x oversampled) peak scan is skipped and
    the peak returned is NaN. ``chain`` is an ffmpeg filter chain applied first.
    """
    # framelog=verbose keeps the per-frame lines out of the info-level log (ffmpeg 5 and 9 alike)
    scan = "ebur128=peak=true:framelog=verbose" if true_peak else "ebur128=framelog=verbose"
    scan = f"{chain},{scan}" if chain else scan
    err = _ffmpeg(["-i", str(path), "-af", scan, "-f", "null", "-"], "measuring loudness")
    summary = err[err.rfind("Summary:"):]
    i = re.search(r"I:\s*(-?[\d.]+|-inf) LUFS", summary)
    tp = re.search(r"True peak:\s*Peak:\s*(-?[\d.]+|-inf) dBFS", summary)
    if not true_peak and i:
        return float(i.group(1)), float("nan")
    if not i or not tp:
        raise EncodeError(f"could not read the loudness of {path.name} from ffmpeg's ebur128 report")
    return float(i.group(1)), float(tp.group(1))


def next_gain(tries: list[tuple[float, float]], target: float) -> float:
    """The next gain to try: a secant step through the last two (gain, loudness)
    tries (the limiter makes loudness grow slower than gain), else a plain step.

    >>> round(next_gain([(0.0, -16.6)], -16.0), 2)
    0.6
    >>> round(next_gain([(0.0, -16.6), (0.6, -16.3)], -16.0), 2)
    1.2
    """
    gain, loudness = tries[-1]
    if len(tries) >= 2:
        g1, l1 = tries[-2]
        if abs(loudness - l1) >= 0.05 and gain != g1:
            return gain + (target - loudness) / max((loudness - l1) / (gain - g1), 0.2)
    return gain + (target - loudness)


def _chain(gain: float) -> str:
    """Gain, then a peak limiter a little under the true-peak target."""
    limit = 10 ** ((TARGET_TRUE_PEAK - 0.5) / 20)
    return f"volume={gain:.2f}dB,alimiter=limit={limit:.4f}:level=false:attack=2:release=40"


def encode(mix: Mix, dest: Path, target: float = TARGET_LUFS, bitrate: str = BITRATE) -> tuple[float, float]:  # noqa: C901
    """Encode ``mix`` to MP3 at ``dest`` (mono, the mix's rate) at ``target`` LUFS; return (LUFS, dBTP) of the MP3.

    The gain that brings the limited mix to the target is found on the PCM
    (cheap passes, no encoding); then the MP3 is encoded and measured, and
    re-encoded once with the difference corrected if encoding moved it by more
    than the tolerance.
    """
    with tempfile.TemporaryDirectory(prefix="newscast-") as tmp:
        wav = Path(tmp) / "mix.wav"
        with wave.open(str(wav), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(mix.sample_rate)
            w.writeframes(mix.samples)
        measured = measure(wav, true_peak=False)[0]
        if measured == float("-inf"):
            raise EncodeError("the mixed episode is silent; check the voice profiles with `newscast voices`")
        tries = [(0.0, measured)]
        for _attempt in range(GAIN_ATTEMPTS):
            gain = next_gain(tries, target)
            tries.append((gain, measure(wav, true_peak=False, chain=_chain(gain))[0]))
            if abs(tries[-1][1] - target) <= 0.1:
                break
        gain = min(tries[1:], key=lambda t: abs(t[1] - target))[0]
        for _attempt in range(2):
            _ffmpeg(["-y", "-i", str(wav), "-af", _chain(gain), "-ac", "1", "-ar", str(mix.sample_rate),
                     "-c:a", "libmp3lame", "-b:a", bitrate, "-compression_level", str(LAME_QUALITY),
                     "-f", "mp3", str(dest)], "encoding the MP3")
            lufs, peak = measure(dest)
            if abs(lufs - target) <= TOLERANCE_LU:
                break
            gain += target - lufs
    return lufs, peak


def decode_audio(path: str, rate: int = 44100) -> bytes:
    """Any audio file ffmpeg reads, as mono 16-bit PCM at ``rate``."""
    cmd = [ffmpeg_exe(), "-v", "error", "-nostdin", "-i", path, "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EncodeError(f"cannot read the music file {path} ({exc}); check 'music' in the show config") from None
    if done.returncode != 0 or not done.stdout:
        raise EncodeError(f"cannot read the music file {path}; give an audio file ffmpeg can read")
    return done.stdout


def chapters_json(mix: Mix) -> str:
    """Podcasting 2.0 JSON chapters (version 1.2.0), ascending start times.

    >>> from .models import Chapter
    >>> chapters_json(Mix(b"", 44100, (), (Chapter("A", 0.0, 2.5), Chapter("B", 2.5, 4.0))))
    '{"version": "1.2.0", "chapters": [{"startTime": 0.0, "endTime": 2.5, "title": "A"}, {"startTime": 2.5, "endTime": 4.0, "title": "B"}]}'
    """
    items = [{"startTime": round(c.start_s, 3), "endTime": round(c.end_s, 3), "title": c.title}
             for c in sorted(mix.chapters, key=lambda c: c.start_s)]
    return json.dumps({"version": "1.2.0", "chapters": items}, ensure_ascii=False)


def _ts(seconds: float, sep: str) -> str:
    """Transcript timestamp.

    >>> _ts(3723.456, "."), _ts(0.5, ",")
    ('01:02:03.456', '00:00:00,500')
    """
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def vtt(mix: Mix) -> str:
    """WebVTT with ``<v Speaker>`` voice spans (what Apple Podcasts shows)."""
    lines = ["WEBVTT", ""]
    for cue in mix.cues:
        speaker = re.sub(r"[<>&]", "", cue.speaker).strip()
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [f"{_ts(cue.start_s, '.')} --> {_ts(cue.end_s, '.')}", f"<v {speaker}>{text}", ""]
    return "\n".join(lines)


def srt(mix: Mix) -> str:
    lines: list[str] = []
    for n, cue in enumerate(mix.cues, 1):
        lines += [str(n), f"{_ts(cue.start_s, ',')} --> {_ts(cue.end_s, ',')}", f"{cue.speaker}: {cue.text}", ""]
    return "\n".join(lines)


_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` under a temp name, then replace ``path``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)  # readable like any new file, not mkstemp's 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Tags:
    """What the MP3's ID3 tag says."""

    title: str
    show: str
    author: str
    date: datetime
    description: str
    transcript: str
    cover: bytes = b""
    """Front cover image (JPEG or PNG bytes); empty for none."""
    source_url: str = ""
    """The article's address (WOAS), when known."""


def tag(path: Path, tags: Tags, mix: Mix) -> None:
    """Write ID3v2.3 tags (v2.3 because Apple's and many car players' readers
    handle it best): title, show, author, date, genre, description, length,
    transcript, front cover, and chapters (CHAP frames under one top-level ordered CTOC)."""
    try:
        id3 = ID3(str(path))
    except ID3NoHeaderError:
        id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.show))
    id3.add(TPE1(encoding=3, text=tags.author))
    id3.add(TDRC(encoding=3, text=tags.date.strftime("%Y-%m-%d")))
    id3.add(TCON(encoding=3, text="Podcast"))
    id3.add(COMM(encoding=3, lang="eng", desc="", text=tags.description))
    id3.add(USLT(encoding=3, lang="eng", desc="transcript", text=tags.transcript))
    if tags.source_url:
        id3.add(WOAS(url=tags.source_url))
    if tags.cover:
        mime = "image/png" if tags.cover.startswith(b"\x89PNG") else "image/jpeg"
        id3.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=tags.cover))
    length_ms = _mp3_length_ms(path)
    id3.add(TLEN(encoding=3, text=str(length_ms)))
    ids = [f"chp{i}" for i in range(len(mix.chapters))]
    id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                 sub_frames=[TIT2(encoding=3, text="Chapters")]))
    for i, (cid, ch) in enumerate(zip(ids, mix.chapters)):
        end = length_ms if i == len(ids) - 1 else round(ch.end_s * 1000)
        id3.add(CHAP(element_id=cid, start_time=round(ch.start_s * 1000), end_time=end,
                     sub_frames=[TIT2(encoding=3, text=ch.title)]))
    id3.save(str(path), v2_version=3)


def _mp3_length_ms(path: Path) -> int:
    try:
        return round(MP3(str(path)).info.length * 1000)
    except (HeaderNotFoundError, OSError) as exc:
        raise EncodeError(f"the encoded MP3 {path.name} cannot be read back ({exc}); check the ffmpeg install") from None
