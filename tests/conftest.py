"""Shared fixtures: paths, an isolated clip cache, and a voices folder whose
profiles use the deterministic ``silent`` engine (for fast unit tests only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "coalition.txt"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = ROOT.parent / "shared" / "corpus"
#: A progress line (``--progress auto`` off a terminal, once a render takes 10 s): "[  12.3s] clips: ...".
PROGRESS_LINE = re.compile(r"^\[\s*\d+\.\ds\] ")


def default_signals() -> None:
    """For a child process of a test about Ctrl-C: SIGINT at its default, nothing blocked. A shell
    starts a background job (``cmd &``) with SIGINT ignored, which its children inherit: Python then
    installs no KeyboardInterrupt handler, and a test that sends SIGINT would wait for nothing."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def without_progress(err: str) -> str:
    """stderr without its progress lines: what a test of errors and warnings judges."""
    return "".join(line for line in err.splitlines(keepends=True) if not PROGRESS_LINE.match(line))

SILENT_PROFILES = {
    "narrator": 'engine = "silent"\nvoice = "n"\nrate = 170\npitch = 40\n',
    "interviewer": 'engine = "silent"\nvoice = "i"\nrate = 180\npitch = 60\n',
    "expert": 'engine = "silent"\nvoice = "e"\nrate = 160\npitch = 80\n',
    "guest": 'engine = "silent"\nvoice = "g"\nrate = 170\npitch = 20\n',
}


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCAST_CACHE", str(tmp_path_factory.mktemp("cache")))


def make_silent_voices(folder: Path) -> Path:
    """A voices folder whose profiles use the silent engine."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SILENT_PROFILES.items():
        (folder / f"{name}.toml").write_text(text)
    (folder / "casting.toml").write_text(
        '[roles]\nnarrator = "narrator"\ninterviewer = "interviewer"\nexpert = "expert"\nguest = "guest"\n'
    )
    return folder


@pytest.fixture
def silent_voices(tmp_path: Path) -> Path:
    return make_silent_voices(tmp_path / "voices")
