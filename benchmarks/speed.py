#!/usr/bin/env python3
"""Render speed against a baseline measured in the same run (prints ratios, asserts nothing).

    .venv/bin/python benchmarks/speed.py [ARTICLE]

B     = the naive one-liner: espeak-ng -f ARTICLE -w a.wav, then ffmpeg to a 44.1 kHz 64 kbps MP3
cold  = newscast render with an empty clip cache and an empty output folder
warm  = the same render again (clips cached)
Needs the espeak-ng command for B (apt-get install espeak-ng); without it B is skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newscast.package import ffmpeg_exe  # noqa: E402


def timed(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kw)
    return time.perf_counter() - start


def main() -> None:
    article = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "examples" / "coalition.txt").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        baseline = None
        if shutil.which("espeak-ng"):
            baseline = timed(["espeak-ng", "-f", str(article), "-w", str(t / "a.wav")])
            baseline += timed([ffmpeg_exe(), "-y", "-i", str(t / "a.wav"), "-ar", "44100", "-b:a", "64k", str(t / "a.mp3")])
        render = [sys.executable, "-m", "newscast", "render", str(article), "--out", str(t / "out"),
                  "--cache", str(t / "cache"), "--quiet"]
        cold = timed(render, cwd=ROOT)
        warm = timed(render, cwd=ROOT)
    print(f"article: {article.name}")
    if baseline is not None:
        print(f"B (espeak-ng + ffmpeg one-liner): {baseline:6.2f} s")
    print(f"cold render:                      {cold:6.2f} s")
    print(f"warm re-render:                   {warm:6.2f} s")
    if baseline is not None:
        print(f"cold / B:    {cold / baseline:5.2f}   (goal <= 1.0)")
    print(f"warm / cold: {warm / cold:5.2f}   (goal <= 0.10)")


if __name__ == "__main__":
    main()
