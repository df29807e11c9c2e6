#!/usr/bin/env python3
"""Are the roles told apart by ear, and how fast is each engine? (prints numbers)

    .venv/bin/python benchmarks/voices.py [--engine NAME] [ARTICLE] [--mp3 EPISODE.mp3] [--no-speeds]

Renders the article (default: the sample) with the default casting (and the
given engine for every voice), decodes the final MP3 and, at the transcript's
cue times, measures each role's median pitch (autocorrelation F0 over voiced
frames) and median spectral centroid. Each pair of roles should differ by at
least 12% in median pitch or 15% in spectral centroid. Then it times each
available engine synthesizing the article's sentences (seconds of audio per
second of synthesis, no cache).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newscast.settings.voices import load_voices
from newscast.voice.engines import REGISTRY, engine_class, get_engine
from newscast.sound.encode import ffmpeg_exe
from newscast.render.script import build_script
from newscast.voice.speak import sentences

RATE = 16000


def decode(mp3: Path) -> np.ndarray:
    raw = subprocess.run([ffmpeg_exe(), "-v", "quiet", "-i", str(mp3), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768


def cues(vtt: Path) -> list[tuple[float, float, str]]:
    def secs(t: str) -> float:
        h, m, s = t.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)
    return [(secs(a), secs(b), who) for a, b, who in
            re.findall(r"(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n<v ([^>]+)>", vtt.read_text())]


def features(audio: np.ndarray) -> tuple[list[float], list[float]]:
    """(F0 of voiced frames, spectral centroid of voiced frames)."""
    frame, hop = int(0.04 * RATE), int(0.01 * RATE)
    lo, hi = RATE // 400, RATE // 60
    window = np.hanning(frame)
    freqs = np.fft.rfftfreq(frame, 1 / RATE)
    pitches, centroids = [], []
    for start in range(0, len(audio) - frame, hop):
        x = audio[start:start + frame]
        if np.sqrt(np.mean(x ** 2)) < 0.02:
            continue
        x = x - x.mean()
        ac = np.correlate(x, x, "full")[frame - 1:]
        if ac[0] <= 0:
            continue
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] / ac[0] > 0.5:  # voiced
            pitches.append(RATE / lag)
            spectrum = np.abs(np.fft.rfft(x * window))
            centroids.append(float((freqs * spectrum).sum() / max(spectrum.sum(), 1e-9)))
    return pitches, centroids


def distinctness(article: Path, engine: str | None, out: Path, mp3: Path | None = None) -> None:
    """Per-role pitch and centroid of ``mp3`` (its .vtt beside it), else of a fresh render of ``article``."""
    if mp3 is None:
        cmd = [sys.executable, "-m", "newscast", "render", str(article), "--out", str(out), "--cache", str(out / "cache"),
               "--json"]
        if engine:
            cmd += ["--engine", engine]
        report = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout)
        mp3 = Path(report["episodes"][0]["mp3"])
    audio = decode(mp3)
    script = build_script(str(article), load_voices())
    role_of = {name: role for name, role in script.speakers} | {"Narrator": "narrator"}
    per_role: dict[str, tuple[list[float], list[float]]] = {}
    for start, end, who in cues(mp3.with_suffix(".vtt")):
        p, c = features(audio[int(start * RATE):int(end * RATE)])
        bucket = per_role.setdefault(role_of.get(who, who), ([], []))
        bucket[0].extend(p)
        bucket[1].extend(c)
    stats = {role: (float(np.median(p)), float(np.median(c))) for role, (p, c) in per_role.items() if p}
    print(f"engine: {engine or 'per profile (default)'}   episode: {mp3.name}")
    for role, (f0, cen) in sorted(stats.items()):
        print(f"  {role:12} median pitch {f0:6.1f} Hz   spectral centroid {cen:7.1f} Hz")
    for a, b in combinations(sorted(stats), 2):
        dp = abs(stats[a][0] - stats[b][0]) / min(stats[a][0], stats[b][0])
        dc = abs(stats[a][1] - stats[b][1]) / min(stats[a][1], stats[b][1])
        ok = "ok" if dp >= 0.12 or dc >= 0.15 else "TOO CLOSE"
        print(f"  {a} vs {b}: pitch {dp:5.1%}, centroid {dc:5.1%}  {ok}")


def speeds(article: Path) -> None:
    voices = load_voices()
    script = build_script(str(article), voices)
    work = [(s, voices.get(seg.voice)) for seg in script.segments for s in sentences(seg.spoken)]
    for name in sorted(REGISTRY):
        if name == "silent":
            continue
        ok, why = engine_class(name).availability()
        if not ok:
            print(f"  {name:8} not available ({why})")
            continue
        engine = get_engine(name)
        engine.synthesize("Ready.", work[0][1])
        start = time.perf_counter()
        audio = sum(len(s) / 2 / r for s, r in (engine.synthesize(t, p) for t, p in work))
        spent = time.perf_counter() - start
        print(f"  {name:8} {audio:6.1f} s of audio in {spent:5.2f} s: {audio / spent:6.1f} s of audio per second")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    engine = sys.argv[sys.argv.index("--engine") + 1] if "--engine" in sys.argv else None
    mp3 = Path(sys.argv[sys.argv.index("--mp3") + 1]) if "--mp3" in sys.argv else None
    for value in (engine, mp3 and str(mp3)):
        if value in args:
            args.remove(value)
    article = Path(args[0]) if args else ROOT / "examples" / "coalition.txt"
    with tempfile.TemporaryDirectory() as tmp:
        distinctness(article, engine, Path(tmp), mp3)
    if "--no-speeds" not in sys.argv:
        print("engine speed on the article's sentences:")
        speeds(article)


if __name__ == "__main__":
    main()
