#!/usr/bin/env python3
"""Memory and time against the input's size (prints numbers, asserts nothing).

    .venv/bin/python benchmarks/memory.py

Articles of 1, 2 and 5 MiB (the input limit), made from the sample's paragraphs:
- `newscast script` (ingest, parse, clean, segment, normalize, cast): seconds and peak RSS, and
  their ratios against the 1 MiB article — linear means the 5 MiB ratio is about 5;
- `newscast render --engine silent`: refused before anything is spoken when the episode would
  pass newscast's length cap (seconds and peak RSS of the refusal);
- episodes of about 10, 20, 40 and 80 minutes rendered with the silent engine: peak RSS and its slope
  per minute of audio, with what the 3-hour cap would peak at; earlier runs of this benchmark fed it
  repeated paragraphs, which clean cuts to one copy, so its episodes were all short.

    .venv/bin/python benchmarks/memory.py --episodes   # only the episodes
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "coalition.txt"
MiB = 1024 * 1024
MAX_HOURS = 3


def _episodes(out: Path) -> list[dict]:
    """The library's episodes, through the library module (the database is newscast's own format)."""
    sys.path.insert(0, str(ROOT / "src"))
    from newscast.site import library

    from dataclasses import asdict

    return [asdict(e) for e in library.load(out)]


def measured(*args: str, cwd: Path) -> tuple[float, int, int, str]:
    """(seconds, peak RSS in MiB of the command and its children, exit status, last stderr line)."""
    probe = ("import resource, subprocess, sys, json, time;"
             "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
             "s = time.perf_counter() - t; u = resource.getrusage(resource.RUSAGE_CHILDREN);"
             "print(json.dumps([s, u.ru_maxrss, r.returncode, (r.stderr.strip().splitlines() or [''])[-1]]))")
    seconds, rss, code, last = json.loads(subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "newscast",
                                                          *args], capture_output=True, text=True, cwd=cwd).stdout)
    return seconds, rss // 1024, code, last


def article(size: int) -> str:
    """An article of about ``size`` characters that clean keeps whole: every paragraph is the
    sample's words in an order of its own (a text that repeats its paragraphs is cut to one copy
    by clean's repeat rule, which made earlier runs of this benchmark measure one short episode)."""
    import random

    words = [w for p in SAMPLE.read_text(encoding="utf-8").split("\n\n")[8:] for w in p.split() if w.isalpha()]
    rng = random.Random(7)
    body, size_now = [], 0
    while size_now < size:
        sentences = [" ".join(rng.sample(words, 14)).capitalize() + "." for _ in range(5)]
        body.append(" ".join(sentences))
        size_now += len(body[-1]) + 2
    return "A long report\n\n" + "\n\n".join(body) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="newscast-memory-") as name:
        tmp = Path(name)
        base = None
        for mib in () if "--episodes" in sys.argv else (1, 2, 5):
            path = tmp / f"article{mib}.txt"
            path.write_text(article(int(mib * MiB * 0.96)), encoding="utf-8")  # characters: some take 2-3 bytes
            s, rss, code, _ = measured("script", str(path), "--json", cwd=tmp)
            base = base or (s, rss)
            print(f"script {mib} MiB: {s:7.2f} s, peak RSS {rss:5d} MiB, exit {code}  "
                  f"(x{s / base[0]:.2f} time, x{rss / base[1]:.2f} memory of 1 MiB)", flush=True)
            s, rss, code, last = measured("render", str(path), "--engine", "silent", "--out", str(tmp / "out"),
                                          "--cache", str(tmp / "cache"), cwd=tmp)
            print(f"render {mib} MiB (silent): {s:7.2f} s, peak RSS {rss:5d} MiB, exit {code}: {last[:110]}", flush=True)
        points = []
        for minutes in (10, 20, 40, 80):
            path = tmp / f"minutes{minutes}.txt"
            path.write_text(article(minutes * 160 * 6), encoding="utf-8")  # ~160 words a minute, ~6 characters a word
            s, rss, code, _ = measured("render", str(path), "--engine", "silent", "--out", str(tmp / "out"),
                                       "--cache", str(tmp / "cache"), "--json", "--jobs", "1", cwd=tmp)
            done = [e for e in _episodes(tmp / "out") if e["source"].endswith(path.name)]
            audio = done[0]["duration_s"] / 60 if done else 0.0
            points.append((audio, rss))
            print(f"episode of ~{minutes} min (silent): {audio:6.1f} min of audio, {s:7.2f} s, peak RSS {rss:5d} MiB, "
                  f"exit {code}", flush=True)
        (a0, r0), (a1, r1) = points[0], points[-1]
        slope = (r1 - r0) / (a1 - a0) if a1 > a0 else float("nan")
        print(f"memory per minute of audio: {slope:.1f} MiB (peak RSS from {a0:.0f} to {a1:.0f} min); "
              f"the {MAX_HOURS}-hour cap would peak near {r0 + slope * (MAX_HOURS * 60 - a0):.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
