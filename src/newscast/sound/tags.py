"""tags: what travels with an episode's MP3 — its ID3v2.3 tags (title, show, author, date,
description, cover, chapters with a table of contents, the transcript, the article's address,
the library record) and its side files (WebVTT and SRT transcripts, Podcasting 2.0 JSON chapters).

I/O: the MP3 (mutagen).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.errors import EncodeError
from ..core.models import Chapter, Mix

#: The TXXX description under which each MP3 carries its own library entry (JSON).
RECORD = "newscast:episode"


def chapters_json(mix: Mix) -> str:
    """Podcasting 2.0 JSON chapters (version 1.2.0), ascending start times.

    >>> from ..core.models import Chapter
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
    record: str = ""
    """The episode's library entry (JSON, ``TXXX:newscast:episode``): a lost library is rebuilt from it."""


def tag(path: Path, tags: Tags, mix: Mix) -> None:
    """Write ID3v2.3 tags (v2.3 because Apple's and many car players' readers
    handle it best): title, show, author, date, genre, description, length,
    transcript, front cover, and chapters (CHAP frames under one top-level ordered CTOC)."""
    from mutagen.id3 import (APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLEN, TPE1, TXXX, USLT, WOAS, CTOCFlags,
                             ID3NoHeaderError)

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
    if tags.record:
        id3.add(TXXX(encoding=3, desc=RECORD, text=tags.record))
    if tags.cover:
        mime = "image/png" if tags.cover.startswith(b"\x89PNG") else "image/jpeg"
        id3.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=tags.cover))
    length_ms = _mp3_length_ms(path)
    id3.add(TLEN(encoding=3, text=str(length_ms)))
    chapters = id3_chapters(mix.chapters)
    ids = [f"chp{i}" for i in range(len(chapters))]
    id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                 sub_frames=[TIT2(encoding=3, text="Chapters")]))
    for i, (cid, ch) in enumerate(zip(ids, chapters)):
        end = length_ms if i == len(ids) - 1 else round(ch.end_s * 1000)
        id3.add(CHAP(element_id=cid, start_time=round(ch.start_s * 1000), end_time=end,
                     sub_frames=[TIT2(encoding=3, text=ch.title)]))
    id3.save(str(path), v2_version=3)


#: An ID3 table of contents counts its chapters in one byte.
ID3_MAX_CHAPTERS = 255


def id3_chapters(chapters: tuple[Chapter, ...], limit: int = ID3_MAX_CHAPTERS) -> tuple[Chapter, ...]:
    """At most ``limit`` chapters: neighbours merged in runs as even as can be, each titled by its first section.

    >>> many = tuple(Chapter(f"s{i}", i, i + 1) for i in range(7))
    >>> [(c.title, c.start_s, c.end_s) for c in id3_chapters(many, 3)]
    [('s0', 0, 2), ('s2', 2, 4), ('s4', 4, 7)]
    """
    n = len(chapters)
    if n <= limit:
        return chapters
    cuts = [i * n // limit for i in range(limit + 1)]
    return tuple(Chapter(chapters[a].title, chapters[a].start_s, chapters[b - 1].end_s) for a, b in zip(cuts, cuts[1:]))


def _mp3_length_ms(path: Path) -> int:
    from mutagen.mp3 import MP3, HeaderNotFoundError

    try:
        return round(MP3(str(path)).info.length * 1000)  # type: ignore[attr-defined]  # an MP3 that opened has info
    except (HeaderNotFoundError, OSError) as exc:
        raise EncodeError(f"the encoded MP3 {path.name} cannot be read back ({exc}); check the ffmpeg install") from None
