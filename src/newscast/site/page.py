"""page: ``index.html`` beside the feed — the show, and each episode with its
player, chapters that seek, and transcript. Relative links only, so it works
from ``file://`` and when served. Written with the feed, atomically."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..settings.show import Show
from ..core.models import Episode
from ..core.dates import rfc2822

PAGE_NAME = "index.html"

STYLE = """body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
header{display:flex;gap:1rem;align-items:center}header img{width:8rem;height:8rem;border-radius:.5rem}
article{border-top:1px solid #ddd;margin-top:2rem;padding-top:1rem}audio{width:100%}
.meta{color:#666;font-size:.9rem}ol.chapters a{cursor:pointer}details{margin-top:.5rem}.who{font-weight:600}"""

SCRIPT = """document.querySelectorAll('a[data-start]').forEach(function (a) {
  a.addEventListener('click', function (e) {
    e.preventDefault();
    var audio = document.getElementById(a.dataset.audio);
    audio.currentTime = parseFloat(a.dataset.start);
    audio.play().catch(function () {});
  });
});"""


def _transcript(vtt: Path) -> list[tuple[str, str]]:
    """(speaker, text) per cue of a WebVTT file."""
    try:
        text = vtt.read_bytes().decode("utf-8", "replace")  # edited by hand in another charset: still a page
    except OSError:
        return []
    return [(who, html.unescape(line)) for who, line in re.findall(r"<v ([^>]+)>(.*)", text)]


def turns(cues: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Consecutive cues of one speaker as one paragraph (the speaker named once, not per sentence).

    >>> turns([("Narrator", "One."), ("Narrator", "Two."), ("Ann", "Hi."), ("Narrator", "Three.")])
    [('Narrator', 'One. Two.'), ('Ann', 'Hi.'), ('Narrator', 'Three.')]
    """
    out: list[tuple[str, str]] = []
    for who, text in cues:
        if out and out[-1][0] == who:
            out[-1] = (who, f"{out[-1][1]} {text}")
        else:
            out.append((who, text))
    return out


def length(seconds: float) -> str:
    """An episode's length as people say it (not "10:40", which reads like a clock time).

    >>> length(640), length(59.6), length(3725)
    ('10 min 40 s', '1 min', '1 h 2 min')
    """
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if h:
        return f"{h} h {m} min"
    return f"{m} min {s} s" if m and s else (f"{m} min" if m else f"{s} s")


def _chapters(path: Path) -> list[dict]:
    """The chapters of a Podcasting 2.0 JSON chapters file; none when it is not one (e.g. edited to ``[]``)."""
    try:
        doc = json.loads(path.read_bytes().decode("utf-8", "replace"))
    except (OSError, ValueError):
        return []
    chapters = doc.get("chapters") if isinstance(doc, dict) else None
    if not isinstance(chapters, list):
        return []
    return [c for c in chapters if isinstance(c, dict) and isinstance(c.get("title"), str)
            and isinstance(c.get("startTime"), (int, float)) and 0 <= c["startTime"] < 1e7]


def build_page(out: Path, show: Show, episodes: tuple[Episode, ...], image: str) -> str:
    """The page for ``episodes`` (newest first)."""
    e = html.escape
    cover = f'<img src="{e(image)}" alt="">' if image else ""
    parts = [f"<!DOCTYPE html>\n<html lang=\"{e(show.language)}\"><head><meta charset=\"utf-8\">",
             f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{e(show.title)}</title>",
             f"<link rel=\"alternate\" type=\"application/rss+xml\" href=\"feed.xml\" title=\"{e(show.title)}\">",
             f"<style>{STYLE}</style></head><body>",
             f"<header>{cover}<div><h1>{e(show.title)}</h1>"
             f"<p>{e(show.description)}</p><p><a href=\"feed.xml\">Subscribe (RSS)</a></p></div></header>"]
    for n, ep in enumerate(sorted(episodes, key=lambda x: (x.pub_date, x.guid), reverse=True)):
        audio_id = f"audio-{n}"
        parts.append(f"<article id=\"{e(ep.id)}\"><h2>{e(ep.title)}</h2>"
                     f"<p class=\"meta\">{e(rfc2822(ep.pub_date)[:16])} · {length(ep.duration_s)} · "
                     f"<a href=\"{e(ep.mp3)}\" download>Download MP3</a></p><p>{e(ep.description)}</p>"
                     f"<audio id=\"{audio_id}\" controls preload=\"metadata\" src=\"{e(ep.mp3)}\" data-duration=\"{ep.duration_s}\">"
                     + "".join(f"<track kind=\"captions\" src=\"{e(t)}\" label=\"Transcript\">" for t in ep.transcripts if t.endswith(".vtt"))
                     + "</audio>")
        chapters = _chapters(out / ep.chapters_file) if ep.chapters_file else []
        if chapters:
            parts.append("<h3>Chapters</h3><ol class=\"chapters\">" + "".join(
                f"<li><a href=\"#{e(ep.id)}\" data-audio=\"{audio_id}\" data-start=\"{c['startTime']}\">"
                f"{int(c['startTime']) // 60}:{int(c['startTime']) % 60:02d} {e(c['title'])}</a></li>" for c in chapters) + "</ol>")
        cues = next((_transcript(out / t) for t in ep.transcripts if t.endswith(".vtt")), [])
        if cues:
            parts.append("<details><summary>Transcript</summary>" + "".join(
                f"<p><span class=\"who\">{e(who)}:</span> {e(text)}</p>" for who, text in turns(cues)) + "</details>")
        parts.append("</article>")
    parts.append(f"<script>{SCRIPT}</script></body></html>\n")
    return "".join(parts)
