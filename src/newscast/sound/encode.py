"""encode: the mix brought to the show's loudness and encoded to MP3, measured as it is encoded.

Loudness is set on the PCM in memory (BS.1770 gain search through a peak
limiter, :mod:`newscast.sound.loudness`), then the MP3 is encoded once while a second
ffmpeg decodes the *final MP3* stream (encoding moves both loudness and peaks)
and :class:`newscast.sound.loudness.Meter` measures it (ITU-R BS.1770, true peak);
ffmpeg's ``ebur128`` scanner (:func:`measure`) is the tests' independent check.
ffmpeg is the static build shipped in the ``imageio-ffmpeg`` wheel unless
``NEWSCAST_FFMPEG`` says otherwise.

The MP3 is written to a temp name its caller moves into place (:mod:`newscast.render.episode`),
so a killed render never leaves half a file.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast


from ..core.errors import EncodeError
from ..core.models import Mix

if TYPE_CHECKING:
    from .loudness import Meter

TARGET_LUFS = -16.0
TARGET_TRUE_PEAK = -1.5  # aim below the -1 dBTP ceiling: MP3 encoding adds peaks
#: Apple's delivery spec: true peak at most -1 dBTP on the final file.
MAX_TRUE_PEAK = -1.0
BITRATE = "64k"
#: LAME's quality/speed trade-off (0 best, 9 fastest); 7 is ~3x faster than the default, inaudible on speech.
LAME_QUALITY = 7


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


def measure(path: Path) -> tuple[float, float]:
    """(integrated loudness LUFS, true peak dBTP) of an audio file by ffmpeg's ebur128 scanner
    (ITU-R BS.1770): the independent check the tests hold newscast's own meter to."""
    # framelog=verbose keeps the per-frame lines out of the info-level log (ffmpeg 5 and 9 alike)
    err = _ffmpeg(["-i", str(path), "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"], "measuring loudness")
    summary = err[err.rfind("Summary:"):]
    i = re.search(r"I:\s*(-?[\d.]+|-inf) LUFS", summary)
    tp = re.search(r"True peak:\s*Peak:\s*(-?[\d.]+|-inf) dBFS", summary)
    if not i or not tp:
        raise EncodeError(f"could not read the loudness of {path.name} from ffmpeg's ebur128 report")
    return float(i.group(1)), float(tp.group(1))


#: Sample-peak ceiling of the limiter on the PCM (resampling and MP3 encoding add overshoot).
LIMIT_DBFS = TARGET_TRUE_PEAK - 0.5
#: Re-encode with a gain correction when the MP3 misses the target by more than this.
TOLERANCE_LU = 0.3
#: How much louder (LU) the MP3 measures than the PCM it is encoded from: LAME, as ffmpeg
#: drives it, plays back about 0.45 dB quieter at every frequency and bit rate (measured on
#: the sample with ffmpeg's ebur128: WAV -16.0, MP3 at 64 and 128 kbit/s -16.5 LUFS).
ENCODER_GAIN_LU = -0.45
#: The MP3's sample rate (Apple's delivery spec).
MP3_RATE = 44100


def _encode_and_measure(pcm: bytes | memoryview, rate: int, dest: Path, bitrate: str,
                        overlap: bool = True) -> tuple[float, float]:
    """Encode 16-bit mono PCM to a 44.1 kHz MP3 at ``dest``, decode that MP3 with a second
    ffmpeg and measure the decoded samples' loudness and true peak in this process
    (:class:`newscast.sound.loudness.Meter`); return (LUFS, dBTP). The tests check the numbers
    against ffmpeg's ebur128 scanner on the file.

    With ``overlap`` (one episode at a time) the meter runs while the encoder works: the
    encoder writes the file (with its Xing/LAME header) and, through ffmpeg's tee muxer, the
    same MP3 frames to a pipe the decoder reads. Without it (several episodes encoding at
    once, the cores already busy) the file is decoded after it is written, which costs less
    CPU in all. The MP3 is the same bytes either way.
    """
    exe = ffmpeg_exe()
    target = _tee_escape("file:" + str(dest.resolve()))
    encoder = [exe, "-hide_banner", "-nostdin", "-v", "error", "-f", "s16le", "-ar", str(rate), "-ac", "1",
               "-i", "pipe:0", "-ar", str(MP3_RATE), "-c:a", "libmp3lame", "-b:a", bitrate,
               "-compression_level", str(LAME_QUALITY), "-map", "0:a", "-f", "tee",
               f"[f=mp3]{target}|[f=mp3]pipe:1" if overlap else f"[f=mp3]{target}"]
    decoder = [exe, "-hide_banner", "-nostdin", "-v", "error", "-f", "mp3", "-i", "pipe:0", "-f", "f32le", "-ac", "1",
               "pipe:1"]
    errors: list[bytes] = []
    enc = met = None
    try:
        enc = subprocess.Popen(encoder, stdin=subprocess.PIPE, stdout=subprocess.PIPE if overlap else subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
        feeder = threading.Thread(target=_feed, args=(enc, pcm), daemon=True)
        enc_errors = _pipe(enc.stderr)
        drain = threading.Thread(target=lambda: errors.append(enc_errors.read()), daemon=True)
        feeder.start()
        drain.start()
        if not overlap:
            feeder.join()
            drain.join()
            enc.wait(timeout=1800)
            _check_encoder(enc, errors)
        try:
            met = subprocess.Popen(decoder, stdin=enc.stdout if overlap else subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError:
            enc.kill()
            raise
        if overlap:
            _pipe(enc.stdout).close()  # the decoder owns the read end now
        else:  # the same frames the tee would have sent: the file without its Xing/LAME header frame
            threading.Thread(target=_feed, args=(met, memoryview(without_header(dest.read_bytes()))), daemon=True).start()
        meter, report = _measure(met)
        enc.wait(timeout=1800)
        feeder.join()
        drain.join()
    except (OSError, subprocess.TimeoutExpired) as exc:
        _stop(enc, met)
        raise EncodeError(f"ffmpeg failed while encoding the MP3 ({exc}); check the ffmpeg install") from None
    except BaseException:  # Ctrl-C, SIGTERM: no ffmpeg is left running, no thread waits on its pipe
        _stop(enc, met)
        raise
    _check_encoder(enc, errors)
    if met.returncode != 0 or meter.peaks.peak == 0.0:
        last = (report.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise EncodeError(f"could not decode {dest.name} to measure it ({last}); check the ffmpeg install")
    return round(meter.lufs, 1), round(meter.peaks.dbtp, 1)


def _stop(*procs: subprocess.Popen | None) -> None:
    """Kill and reap ``procs`` (those started); their pipes close, so threads feeding them end."""
    for proc in procs:
        if proc is not None and proc.poll() is None:
            proc.kill()
    for proc in procs:
        if proc is not None:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


def without_header(mp3: bytes) -> bytes:
    r"""MPEG audio frames without a leading ID3v2 tag and Xing/Info (LAME) header frame, so a
    file decodes exactly like the stream the encoder sent down a pipe (no gapless trimming
    either way).

    >>> frame = bytes([0xFF, 0xFB, 0x50, 0xC4]) + bytes(17) + b"Info" + bytes(183)
    >>> len(without_header(frame + b"\xff\xfb rest")), without_header(b"\xff\xfb rest")
    (7, b'\xff\xfb rest')
    """
    if mp3[:3] == b"ID3" and len(mp3) >= 10:  # an ID3v2 tag first (ffmpeg writes one): skip it
        mp3 = mp3[10 + ((mp3[6] & 0x7F) << 21 | (mp3[7] & 0x7F) << 14 | (mp3[8] & 0x7F) << 7 | (mp3[9] & 0x7F)):]
    if len(mp3) < 4 or mp3[0] != 0xFF or (mp3[1] & 0xE0) != 0xE0:
        return mp3
    header = int.from_bytes(mp3[:4], "big")
    rates = (44100, 48000, 32000)
    bitrate = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)[(header >> 12) & 15]
    rate = rates[(header >> 10) & 3] if (header >> 10) & 3 < 3 else 0
    if not bitrate or not rate:
        return mp3
    size = 144 * bitrate * 1000 // rate + ((header >> 9) & 1)
    return mp3[size:] if mp3[4:size].find(b"Xing") >= 0 or mp3[4:size].find(b"Info") >= 0 else mp3


def _check_encoder(enc: subprocess.Popen, errors: list[bytes]) -> None:
    if enc.returncode != 0:
        last = (b"".join(errors).decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
        raise EncodeError(f"ffmpeg failed while encoding the MP3: {last}")


def _measure(decoder: subprocess.Popen) -> tuple[Meter, bytes]:
    """Loudness and true peak of the 44.1 kHz float samples a decoding ffmpeg writes, as they come."""
    import numpy as np

    from .loudness import Meter

    reports: list[bytes] = []
    said, out = _pipe(decoder.stderr), _pipe(decoder.stdout)
    reader = threading.Thread(target=lambda: reports.append(said.read()), daemon=True)
    reader.start()
    meter = Meter(MP3_RATE)
    # the decoder's float samples are read straight into one 10 s block and fed block by block,
    # however the pipe delivers them: the same sums every run, and no copies on the way
    block = np.empty(MP3_RATE * 10, np.float32)
    view, filled = block.data.cast("B"), 0
    while count := out.readinto(view[filled:]):
        filled += count
        if filled == len(view):
            meter.feed(block)
            filled = 0
    if filled >= 4:
        meter.feed(block[: filled // 4])
    reader.join()
    decoder.wait(timeout=1800)
    return meter, b"".join(reports)


def _pipe(stream: IO[bytes] | None) -> io.BufferedIOBase:
    """A child's pipe that was asked for (subprocess.PIPE): a buffered binary stream."""
    assert stream is not None, "the pipe was asked for"
    return cast(io.BufferedIOBase, stream)


def _feed(proc: subprocess.Popen, data: bytes | memoryview) -> None:
    try:
        stdin = _pipe(proc.stdin)
        stdin.write(data)
        stdin.close()
    except (BrokenPipeError, OSError):
        pass  # ffmpeg stopped early; its return code and message say why


def _tee_escape(path: str) -> str:
    r"""A file name as ffmpeg's tee muxer reads it (its special characters escaped).

    >>> _tee_escape("out/a|b[1].mp3")
    'out/a\\|b\\[1\\].mp3'
    """
    return re.sub(r"([\\|\[\]:=;'])", r"\\\1", path)


def encode(mix: Mix, dest: Path, target: float = TARGET_LUFS, bitrate: str = BITRATE,
           overlap: bool = True) -> tuple[float, float]:
    """Encode ``mix`` to MP3 at ``dest`` (44.1 kHz mono) at ``target`` LUFS; return (LUFS, dBTP) of the MP3.

    The gain that brings the peak-limited mix to the target is found on the
    PCM in memory (:mod:`newscast.sound.loudness`); the MP3 is then encoded once and
    measured as it is written. If encoding moved the loudness by more than the
    tolerance, it is encoded once more with the difference corrected.
    """
    import numpy as np

    from .loudness import master_pcm

    lufs = peak = float("nan")
    aim, ceiling = target - ENCODER_GAIN_LU, LIMIT_DBFS  # what the PCM must measure, and its peak limit
    measured = master_pcm(np.frombuffer(mix.samples, dtype="<i2"), mix.sample_rate)  # a block at a time: no float copy
    for _attempt in range(3):
        pcm, _gain, loud = measured.at(aim, ceiling)
        if pcm is None:
            raise EncodeError("the mixed episode is silent; check the voice profiles with `newscast voices`")
        lufs, peak = _encode_and_measure(pcm.data.cast("B"), mix.sample_rate, dest, bitrate, overlap)
        del pcm  # one 16-bit copy of the episode at a time
        if abs(lufs - target) <= TOLERANCE_LU and peak <= MAX_TRUE_PEAK:
            break
        # Off target, or peaks between samples (sibilants near the 22.05 kHz voice's top, made
        # sharper by resampling and the MP3) rose over the ceiling: correct and encode again.
        if peak > MAX_TRUE_PEAK:
            ceiling -= peak - TARGET_TRUE_PEAK
        aim = loud + (target - lufs)
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
