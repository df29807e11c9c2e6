"""mix: stitch clips into one episode with pydub — trimmed clips, short fades,
pauses by boundary, cue and chapter timings.

Concatenation is linear: every piece's raw frames are collected and joined once
(repeated ``+`` on AudioSegments copies the whole episode each time).
Loudness is set on the encoded file by :mod:`newscast.sound.encode`.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from ..settings.show import PAUSES_MS
from ..core.models import Chapter, Clip, Cue, Mix, Script, Segment

if TYPE_CHECKING:
    from pydub import AudioSegment


def _pydub():  # noqa: ANN202 - imported when mixing, not when a cached episode is reused
    with warnings.catch_warnings():  # pydub warns at import when no ffmpeg is on PATH; we don't need one here
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment
    return AudioSegment


#: The engines' own rate (espeak-ng and Piper voices speak at 22.05 kHz); the MP3 is 44.1 kHz.
SAMPLE_RATE = 22050
#: Leading/trailing audio quieter than this (dBFS) is trimmed from each clip.
SILENCE_DBFS = -50.0
#: Keep this much of each clip's own silence, so no word is clipped.
KEEP_MS = 15
FADE_MS = 8


def boundary(prev: Segment | None, nxt: Segment, same_segment: bool) -> str:
    """Name of the pause between two clips.

    >>> p, h, t = Segment("paragraph", "x"), Segment("heading", "h"), Segment("turn", "y", speaker="A")
    >>> boundary(p, p, True), boundary(p, h, False), boundary(h, p, False), boundary(p, t, False)
    ('sentence', 'before heading', 'after heading', 'speaker')
    """
    if prev is None:
        return "start"
    if same_segment:
        return "sentence"
    if nxt.kind == "heading":
        return "before heading"
    if prev.kind in ("title", "intro"):
        return "after title"
    if nxt.kind in ("outro", "transition") or prev.kind == "transition":
        return "before heading" if nxt.kind != "turn" else "after heading"
    if prev.kind == "heading":
        return "after heading"
    if prev.speaker != nxt.speaker:
        return "speaker"
    return "paragraph"


def silent_ms(samples: bytes, rate: int, threshold_db: float = SILENCE_DBFS, chunk_ms: int = 5) -> int:
    r"""Milliseconds of leading silence in 16-bit mono ``samples``: what pydub's
    ``detect_leading_silence`` returns (chunks of ``chunk_ms`` while their RMS is under
    ``threshold_db``), computed for all chunks at once instead of one slice at a time.

    >>> quiet, loud = b"\x10\x00" * 2205, b"\x00\x10" * 2205  # 0.1 s at 22.05 kHz: -66 dBFS, then -18 dBFS
    >>> silent_ms(quiet + loud, 22050), silent_ms(quiet, 22050), silent_ms(b"", 22050)
    (100, 100, 0)
    """
    import numpy as np

    x = np.frombuffer(samples, dtype="<i2").astype(np.int64)
    length_ms = round(1000 * len(x) / rate)
    starts_ms = np.arange(0, length_ms, chunk_ms)
    if not len(starts_ms):
        return 0
    # pydub slices by milliseconds: frame int(ms * rate / 1000), each end capped at the length in ms;
    # a slice past the data is padded with zeros (which count in the mean)
    first = (starts_ms * rate / 1000).astype(np.int64)
    last = (np.minimum(starts_ms + chunk_ms, length_ms) * rate / 1000).astype(np.int64)
    squares = np.concatenate([[0], np.cumsum(x * x)])
    sums = squares[np.minimum(last, len(x))] - squares[np.minimum(first, len(x))]
    counts = last - first
    with np.errstate(divide="ignore", invalid="ignore"):
        rms = np.where(counts > 0, np.floor(np.sqrt(sums.astype(np.float64) / np.maximum(counts, 1))), 0)
        loud = (rms > 0) & (20 * np.log10(rms / 32768) >= threshold_db)
    found = np.flatnonzero(loud)
    return int(starts_ms[found[0]]) if len(found) else min(int(starts_ms[-1]) + chunk_ms, length_ms)


def _trimmed(clip: Clip) -> "AudioSegment":
    AudioSegment = _pydub()
    audio = AudioSegment(data=clip.samples, sample_width=2, frame_rate=clip.sample_rate, channels=1)
    if audio.frame_rate != SAMPLE_RATE:
        audio = audio.set_frame_rate(SAMPLE_RATE)
    start = max(0, silent_ms(audio.raw_data, SAMPLE_RATE) - KEEP_MS)
    end = max(0, silent_ms(audio.reverse().raw_data, SAMPLE_RATE) - KEEP_MS)
    trimmed = audio[start:len(audio) - end] if start < len(audio) - end else audio
    return trimmed.fade_in(FADE_MS).fade_out(FADE_MS)


def _silence_bytes(ms: int) -> bytes:
    return b"\x00\x00" * int(SAMPLE_RATE * ms / 1000)


def master(script: Script, clips: tuple[Clip, ...], pauses: dict[str, int] | None = None,
           music: bytes = b"", music_db: float = -20.0) -> Mix:
    """Assemble clips into a Mix with cues (one per clip) and chapters (one per section).

    ``pauses`` overrides :data:`PAUSES_MS`; ``music`` (mono 16-bit PCM at
    :data:`SAMPLE_RATE`) plays under the intro and the outro at ``music_db``.
    """
    pause_ms = {**PAUSES_MS, **(pauses or {})}
    samples = bytearray()  # grown in place: a list of pieces joined at the end held the episode twice
    cues: list[Cue] = []
    starts: dict[int, float] = {}
    frames = 0
    prev: Clip | None = None
    for clip in clips:
        seg = script.segments[clip.segment]
        pause = pause_ms[boundary(script.segments[prev.segment] if prev else None, seg,
                                   prev is not None and prev.segment == clip.segment)]
        silence = _silence_bytes(pause)
        samples += silence
        frames += len(silence) // 2
        data = _trimmed(clip).raw_data
        start = frames / SAMPLE_RATE
        starts.setdefault(clip.segment, start)
        samples += data
        frames += len(data) // 2
        cues.append(Cue(start_s=start, end_s=frames / SAMPLE_RATE, speaker=seg.speaker, text=clip.text, segment=clip.segment))
        prev = clip
    cues = written_cues(script, cues)
    tail = _silence_bytes(pause_ms["end"])
    samples += tail
    frames += len(tail) // 2
    duration = frames / SAMPLE_RATE
    return Mix(samples=_under(bytes(samples), music, music_db, script, cues) if music else samples, sample_rate=SAMPLE_RATE, cues=tuple(cues),
               chapters=chapters(script, starts, duration))


#: Music lead-in before the first words, and fade lengths, in milliseconds.
MUSIC_FADE_MS = 1500


def _under(samples: bytes, music: bytes, level_db: float, script: Script, cues: list[Cue]) -> bytes:
    """Lay the music under the intro (from 0 to the end of the intro's speech) and the outro (its
    speech to the end), faded in and out; the voice stays as it is."""
    AudioSegment = _pydub()
    voice = AudioSegment(data=samples, sample_width=2, frame_rate=SAMPLE_RATE, channels=1)
    bed = AudioSegment(data=music, sample_width=2, frame_rate=SAMPLE_RATE, channels=1) + level_db
    kinds = {c.segment: script.segments[c.segment].kind for c in cues}
    spans = []
    intro = [c for c in cues if kinds[c.segment] == "intro"]
    outro = [c for c in cues if kinds[c.segment] == "outro"]
    if intro:
        spans.append((0, int(intro[-1].end_s * 1000) + MUSIC_FADE_MS))
    if outro:
        spans.append((int(outro[0].start_s * 1000) - MUSIC_FADE_MS, len(voice)))
    for start, end in spans:
        length = max(0, min(end, len(voice)) - max(0, start))
        if not length:
            continue
        piece = bed[:length]
        while len(piece) < length:  # loop a short sting
            piece += bed[: length - len(piece)]
        voice = voice.overlay(piece.fade_in(min(MUSIC_FADE_MS, length // 2)).fade_out(min(MUSIC_FADE_MS, length // 2)),
                              position=max(0, start))
    return voice.raw_data


def written_cues(script: Script, cues: list[Cue]) -> list[Cue]:
    """Transcript cues carry what the page says, not the spoken respelling ("£1.6bn", not
    "one point six billion pounds"): a segment's written sentences replace its clips' texts
    when they pair up one to one; otherwise one cue spans the segment with its written text. A
    segment whose spoken text was edited by hand shows that text: it is what the listener hears."""
    from ..voice.sentences import sentences

    out: list[Cue] = []
    i = 0
    while i < len(cues):
        seg = cues[i].segment
        group = [c for c in cues[i:] if c.segment == seg]
        group = group[: next((k for k, c in enumerate(group) if c.segment != seg), len(group))]
        i += len(group)
        segment = script.segments[seg]
        shown = segment.spoken if segment.spoken_by_hand else segment.text  # a hand-edited reading is what is heard
        written = sentences(shown) or [shown]
        if len(written) == len(group):
            out.extend(Cue(c.start_s, c.end_s, c.speaker, w, c.segment) for c, w in zip(group, written))
        else:
            out.append(Cue(group[0].start_s, group[-1].end_s, group[0].speaker, shown, seg))
    return out


def chapters(script: Script, starts: dict[int, float], duration: float) -> tuple[Chapter, ...]:
    """One chapter per section, contiguous from 0 to the end of the audio.

    The opening (title and anything before the first heading) is a chapter
    named after the episode; each heading starts the next one.
    """
    marks: list[tuple[str, float]] = [(script.title, 0.0)]
    for index, seg in enumerate(script.segments):
        if seg.kind == "heading" and index in starts:
            marks.append((seg.text, starts[index]))
    return tuple(
        Chapter(title=title, start_s=start, end_s=marks[i + 1][1] if i + 1 < len(marks) else duration)
        for i, (title, start) in enumerate(marks)
    )
