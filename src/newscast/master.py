"""master: stitch clips into one episode with pydub — trimmed clips, short fades,
pauses by boundary, cue and chapter timings.

Concatenation is linear: every piece's raw frames are collected and joined once
(repeated ``+`` on AudioSegments copies the whole episode each time).
Loudness is set on the encoded file by :mod:`newscast.package`.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():  # pydub warns at import when no ffmpeg is on PATH; we don't need one here
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment
    from pydub.silence import detect_leading_silence

from .models import Chapter, Clip, Cue, Mix, Script, Segment

SAMPLE_RATE = 44100
#: Milliseconds of silence at each kind of boundary.
PAUSES_MS = {
    "start": 400,
    "sentence": 300,
    "paragraph": 650,
    "speaker": 800,
    "after title": 900,
    "after heading": 550,
    "before heading": 1100,
    "end": 1000,
}
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
    if prev.kind == "title":
        return "after title"
    if prev.kind == "heading":
        return "after heading"
    if prev.speaker != nxt.speaker:
        return "speaker"
    return "paragraph"


def _trimmed(clip: Clip) -> AudioSegment:
    audio = AudioSegment(data=clip.samples, sample_width=2, frame_rate=clip.sample_rate, channels=1)
    if audio.frame_rate != SAMPLE_RATE:
        audio = audio.set_frame_rate(SAMPLE_RATE)
    start = max(0, detect_leading_silence(audio, SILENCE_DBFS, 5) - KEEP_MS)
    end = max(0, detect_leading_silence(audio.reverse(), SILENCE_DBFS, 5) - KEEP_MS)
    trimmed = audio[start:len(audio) - end] if start < len(audio) - end else audio
    return trimmed.fade_in(FADE_MS).fade_out(FADE_MS)


def _silence_bytes(ms: int) -> bytes:
    return b"\x00\x00" * int(SAMPLE_RATE * ms / 1000)


def master(script: Script, clips: tuple[Clip, ...]) -> Mix:
    """Assemble clips into a Mix with cues (one per clip) and chapters (one per section)."""
    pieces: list[bytes] = []
    cues: list[Cue] = []
    starts: dict[int, float] = {}
    frames = 0
    prev: Clip | None = None
    for clip in clips:
        seg = script.segments[clip.segment]
        pause = PAUSES_MS[boundary(script.segments[prev.segment] if prev else None, seg,
                                   prev is not None and prev.segment == clip.segment)]
        silence = _silence_bytes(pause)
        pieces.append(silence)
        frames += len(silence) // 2
        data = _trimmed(clip).raw_data
        start = frames / SAMPLE_RATE
        starts.setdefault(clip.segment, start)
        pieces.append(data)
        frames += len(data) // 2
        cues.append(Cue(start_s=start, end_s=frames / SAMPLE_RATE, speaker=seg.speaker, text=clip.text, segment=clip.segment))
        prev = clip
    tail = _silence_bytes(PAUSES_MS["end"])
    pieces.append(tail)
    frames += len(tail) // 2
    duration = frames / SAMPLE_RATE
    return Mix(samples=b"".join(pieces), sample_rate=SAMPLE_RATE, cues=tuple(cues),
               chapters=chapters(script, starts, duration))


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
