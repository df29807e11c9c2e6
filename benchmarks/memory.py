#!/usr/bin/env python3
"""Memory and time against the input's size (prints numbers, asserts nothing).

    .venv/bin/python benchmarks/memory.py

Articles of 1, 2 and 5 MiB (the input limit), made from the sample's paragraphs:
- `newscast script` (ingest, parse, clean, segment, normalize, cast): seconds and peak RSS, and
  their ratios against the 1 MiB article — linear means the 5 MiB ratio is about 5;
- `newscast render --engine silent`: refused before anything is spoken when the episode would
  pass newscast's length cap (seconds and peak RSS of the refusal);
- episodes of about 10, 20 and 40 minutes rendered with the silent engine: peak RSS, to show the
  slope of the mix held in memory (what the length cap bounds).
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
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n")[8:] if len(p) > 120]
    body, n = [], 0
    while sum(map(len, body)) < size:
        body.append(f"Part {n}. " + paragraphs[n % len(paragraphs)])
        n += 1
    return "A long report\n\n" + "\n\n".join(body) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="newscast-memory-") as name:
        tmp = Path(name)
        base = None
        for mib in (1, 2, 5):
            path = tmp / f"article{mib}.txt"
            path.write_text(article(int(mib * MiB * 0.96)), encoding="utf-8")  # characters: some take 2-3 bytes
            s, rss, code, _ = measured("script", str(path), "--json", cwd=tmp)
            base = base or (s, rss)
            print(f"script {mib} MiB: {s:7.2f} s, peak RSS {rss:5d} MiB, exit {code}  "
                  f"(x{s / base[0]:.2f} time, x{rss / base[1]:.2f} memory of 1 MiB)", flush=True)
            s, rss, code, last = measured("render", str(path), "--engine", "silent", "--out", str(tmp / "out"),
                                          "--cache", str(tmp / "cache"), cwd=tmp)
            print(f"render {mib} MiB (silent): {s:7.2f} s, peak RSS {rss:5d} MiB, exit {code}: {last[:110]}", flush=True)
        for minutes in (10, 20, 40):
            path = tmp / f"minutes{minutes}.txt"
            path.write_text(article(minutes * 160 * 6), encoding="utf-8")  # ~160 words a minute, ~6 characters a word
            s, rss, code, _ = measured("render", str(path), "--engine", "silent", "--out", str(tmp / "out"),
                                       "--cache", str(tmp / "cache"), "--json", cwd=tmp)
            print(f"episode of ~{minutes} min (silent): {s:7.2f} s, peak RSS {rss:5d} MiB, exit {code}", flush=True)


if __name__ == "__main__":
    main()
