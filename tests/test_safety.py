"""Never lose an episode: hostile inputs, killed renders, concurrent runs, failing parts."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import feedparser
import pytest

from newscast.site import library
from newscast.core.pool import BrokenWorker, Pool

from . import feedrules
from .conftest import DATA, EXAMPLE, ROOT, make_silent_voices, without_progress
from .test_cli import newscast

ARTICLES = DATA / "articles"


def long_sentence() -> bytes:
    words = ("harbour quay council ferry tide storm budget vote night crew pier lamp rope gull "
             "signal coast").split()
    phrases = [f"the {words[i % len(words)]} near the {words[(i * 7) % len(words)]}" for i in range(700)]
    return ("Seven hundred phrases\n\n" + " and ".join(phrases) + "\n").encode()


HOSTILE = [  # (name, bytes, expectation: "ok" renders, else a fragment of the one Error line)
    ("empty.txt", b"", "is empty"),
    ("spaces.txt", b" \n\t\n   \n", "is empty"),
    ("random.txt", bytes((i * 97 + 13) % 256 for i in range(4096)), "binary"),
    ("nul.txt", b"Harbour news\n\nThe quay\x00 opens in May, the council said on Tuesday.\x00\x00 Crews are ready "
                b"and the ferry timetable will change with it, starting with the early boats.\n", "ok"),
    ("latin1.txt", "Caf\u00e9 news\n\nThe caf\u00e9 on the quay re-opens, says Ren\u00e9e.\n".encode("latin-1"), "ok"),
    ("utf16.txt", "Caf\u00e9 news\n\nThe caf\u00e9 on the quay re-opens today.\n".encode("utf-16"), "ok"),
    ("furniture.html", b"<html><body><nav>Home | News</nav><p>Leave a Comment</p><p>Adblock Detected</p>"
                       b"<footer>Copyright 2026</footer></body></html>", "no article text"),
    ("scripts.html", b"<html><head><script>var a = 1;</script><style>p{}</style></head><body>"
                     b"<script>alert(1)</script></body></html>", "no article text"),
    ("markup-title.md", b"# Quay <b>opens</b> ]]> & \"soon\" \x07 today\n\nThe quay opens in May, officials said.\n", "ok"),
    ("../../../etc/passwd.txt", b"../../../etc/passwd\n\nA title that looks like a path must not write outside.\n", "ok"),
    ("scripts-mix.txt", "Tr\u00e4ume \U0001F399\ufe0f\n\nThe port said \u0645\u0631\u062d\u0628\u0627 and \u4f60\u597d "
                        "to visitors \U0001F6A2 today.\n".encode(), "ok"),
    ("long-sentence.txt", long_sentence(), "ok"),
]


@pytest.mark.parametrize("name, data, expect", HOSTILE, ids=[h[0].replace("/", "_") for h in HOSTILE])
def test_hostile_input_renders_or_fails_with_one_error_line(tmp_path, name, data, expect):
    voices = make_silent_voices(tmp_path / "voices")
    work = tmp_path / "in"
    source = work / Path(name).name
    source.parent.mkdir(parents=True)
    source.write_bytes(data)
    out = tmp_path / "out"
    done = newscast("render", source, "--out", out, "--voices", voices, "--cache", tmp_path / "cache")
    err = without_progress(done.stderr.decode())
    assert "Traceback" not in err
    if expect == "ok":
        assert done.returncode == 0, err
        assert all(p.parent == out for p in out.rglob("*"))  # nothing outside, nothing in sub-folders
        assert all(p.name.isascii() for p in out.iterdir())
        data = (out / "feed.xml").read_bytes()
        assert not feedparser.parse(data).bozo and feedrules.errors(data) == []
    else:
        assert done.returncode == 1 and err.startswith("Error: ") and err.count("\n") == 1, err
        assert expect in err, err


def test_input_over_the_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Harbour.\n\n" + b"word " * (3 * 1024 * 1024))
    done = newscast("render", big, "--out", tmp_path / "out", "--engine", "silent")
    err = without_progress(done.stderr.decode())
    assert done.returncode == 1 and "larger than" in err and err.count("\n") == 1


def test_folder_and_missing_path(tmp_path):
    for target, needle in ((tmp_path, b"is a folder"), (tmp_path / "nope.txt", b"no such file")):
        done = newscast("render", target, "--out", tmp_path / "out", "--engine", "silent")
        assert done.returncode == 1 and needle in done.stderr


def published_state(out: Path) -> list[str]:
    """What a listener's app can see must be whole: the feed parses and every enclosure it lists
    exists with the stated length; no temp file is visible (hidden names only)."""
    problems = []
    feed = out / "feed.xml"
    if feed.exists():
        parsed = feedparser.parse(feed.read_bytes())
        if parsed.bozo:
            problems.append(f"feed does not parse: {parsed.bozo_exception}")
        for entry in parsed.entries:
            enc = entry.enclosures[0]
            path = out / enc.href.rsplit("/", 1)[1]
            if not path.exists() or path.stat().st_size != int(enc.length):
                problems.append(f"enclosure {path.name} missing or not {enc.length} bytes")
    for p in (out.iterdir() if out.is_dir() else ()):  # a run that made nothing leaves no folder
        if p.suffix in (".part", ".tmp", ".merge") and not p.name.startswith("."):
            problems.append(f"visible temp file {p.name}")
    return problems


def test_sigkill_at_any_moment_leaves_a_consistent_folder_and_the_next_run_finishes(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = newscast("render", ARTICLES / "plain_brief.txt", "--out", out, "--voices", voices, "--cache", cache)
    assert first.returncode == 0
    cmd = [sys.executable, "-m", "newscast", "render", str(EXAMPLE), str(ARTICLES / "harbour_interview.txt"),
           "--out", str(out), "--voices", str(voices), "--cache", str(cache), "--jobs", "2", "--quiet"]
    for delay in (0.2, 0.6, 1.0, 1.5, 2.2, 3.0):
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)  # the render and its workers and ffmpegs, at once
        proc.wait()
        assert published_state(out) == [], f"after a kill at {delay} s"
        assert len(library.load(out)) >= 1  # the episode published before is never lost
    done = subprocess.run(cmd + ["--json"], cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert published_state(out) == [] and len(library.load(out)) == 3
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != library.LOCK_NAME]  # leftovers cleared


def test_a_second_render_waits_for_the_first_or_fails_with_no_wait(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    out = tmp_path / "out"
    args = ("render", ARTICLES / "plain_brief.txt", "--out", out, "--voices", voices, "--cache", tmp_path / "cache")
    release = threading.Event()
    holding = threading.Event()

    def hold() -> None:
        with library.locked(out):
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    try:
        refused = newscast(*args, "--no-wait")
        assert refused.returncode == 1 and b"another newscast is writing" in refused.stderr
        waiting = subprocess.Popen([sys.executable, "-m", "newscast", *map(str, args)], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1.5)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        release.set()
        holder.join()
    _, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and b"waiting for another newscast" in err
    assert len(library.load(out)) == 1


def test_two_concurrent_renders_into_one_folder_keep_library_and_feed_whole(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "newscast", "render", str(ARTICLES / name), "--out", str(out),
                               "--voices", str(voices), "--cache", str(tmp_path / "cache")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for name in ("plain_brief.txt", "harbour_interview.txt")]
    for p in procs:
        p.communicate(timeout=120)
        assert p.returncode == 0
    assert len(library.load(out)) == 2 and published_state(out) == []
    assert len(feedparser.parse((out / "feed.xml").read_bytes()).entries) == 2


def test_missing_ffmpeg_is_one_error_and_nothing_is_lost(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    out = tmp_path / "out"
    assert newscast("render", ARTICLES / "plain_brief.txt", "--out", out, "--voices", voices).returncode == 0
    before = (out / "feed.xml").read_bytes()
    env = {**os.environ, "NEWSCAST_FFMPEG": str(tmp_path / "no-ffmpeg")}
    done = newscast("render", ARTICLES / "harbour_interview.txt", "--out", out, "--voices", voices, env=env)
    err = without_progress(done.stderr.decode())
    assert done.returncode == 1 and err.count("\n") == 1 and "NEWSCAST_FFMPEG" in err, err
    assert (out / "feed.xml").read_bytes() == before and published_state(out) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere: a read-only folder cannot be tested as root")
def test_unwritable_output_folder(tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    done = newscast("render", ARTICLES / "plain_brief.txt", "--out", out, "--engine", "silent")
    assert done.returncode == 1 and b"Error: " in done.stderr and b"Traceback" not in done.stderr


def _crash() -> None:
    os._exit(7)


def _hang() -> None:
    time.sleep(60)


def _fine(x: int) -> int:
    return x * 2


def test_worker_crash_and_hang_are_reported_not_fatal():
    with Pool(2) as pool:
        futures = [pool.submit(_crash), pool.submit(_fine, 21)]
        done = list(pool.as_done(futures))
        assert futures[1].result() == 42
        with pytest.raises(BrokenWorker, match="without a result"):
            futures[0].result()
        assert len(done) == 2
    with Pool(1) as pool:
        stuck = pool.submit(_hang)
        start = time.monotonic()
        assert list(pool.as_done([stuck], stall=1.0)) == [None]
        pool.kill()
        assert time.monotonic() - start < 5
        with pytest.raises(BrokenWorker):
            stuck.result()


_CTRL_C_DURING_FORK = """
import os, signal
from newscast.core.pool import Pool
# Ctrl-C arriving in the instant a worker is forked: while the child runs its after-fork hooks
os.register_at_fork(after_in_child=lambda: os.kill(os.getpid(), signal.SIGINT))
with Pool(2) as pool:
    future = pool.submit(abs, -3)
    list(pool.as_done([future]))
print(type(future.exception()).__name__)
"""


def test_ctrl_c_while_a_worker_is_forked_reaches_the_task_not_the_fork_hooks():
    """CI once printed "Exception ignored in: <function _after_fork>" plus a traceback: the signal
    landed inside threading's after-fork hook. Held during the fork, it interrupts the task."""
    from .conftest import default_signals

    run = subprocess.run([sys.executable, "-c", _CTRL_C_DURING_FORK], capture_output=True, text=True, timeout=60,
                         preexec_fn=default_signals)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert run.stdout.strip() == "KeyboardInterrupt"


def test_a_full_disk_while_writing_an_episode_publishes_nothing_half_done(tmp_path, monkeypatch):
    import errno

    from newscast.render import episode, pipeline

    voices = make_silent_voices(tmp_path / "voices")
    out = tmp_path / "out"
    pipeline.render([str(ARTICLES / "plain_brief.txt")], out, voices_dir=voices, cache=tmp_path / "cache")
    feed_before = (out / "feed.xml").read_bytes()
    files_before = sorted(p.name for p in out.iterdir())

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(episode, "write_atomic", full)
    result = pipeline.render([str(ARTICLES / "harbour_interview.txt")], out, voices_dir=voices, cache=tmp_path / "cache")
    assert result.reports == () and len(result.failures) == 1
    assert "No space left on device" in result.failures[0][1] and "free space" in result.failures[0][1]
    assert (out / "feed.xml").read_bytes() == feed_before
    assert sorted(p.name for p in out.iterdir()) == files_before  # no MP3, no temp file left behind
    assert published_state(out) == [] and len(library.load(out)) == 1


def _three_beats(x):
    from newscast.core.pool import heartbeat

    for _ in range(3):
        heartbeat()
    return x


def test_each_heartbeat_of_a_task_reaches_the_pool_in_a_worker_and_inline():
    """Progress moves clip by clip: each clip a worker speaks sends a heartbeat the parent hears."""
    for jobs, inline in ((2, False), (1, True)):
        heard = []
        with Pool(jobs) as pool:
            pool.on_beat = heard.append
            futures = [pool.submit(_three_beats, n, inline=inline) for n in range(2)]
            list(pool.as_done(futures))
        assert [f.result() for f in futures] == [0, 1]
        assert sorted(heard.count(f) for f in futures) == [3, 3], (jobs, inline)


def test_lines_progress_says_where_a_long_phase_is_every_ten_seconds_with_an_estimate(monkeypatch, capsys):
    from newscast.render import progress as P

    now = [100.0]
    monkeypatch.setattr(P.time, "perf_counter", lambda: now[0])
    shown = P.Progress("lines")
    shown.stage("clips", 100)
    for _ in range(10):  # 10 clips in 40 s: below a quarter, but 10 s pass → lines with an estimate
        now[0] += 4.0
        shown.advance("clips", 1)
    lines = [line for line in capsys.readouterr().err.splitlines() if "of 100 done" in line]
    assert len(lines) == 3 and lines[-1].endswith("9 of 100 done, about 6 min 4 s left")  # 4 s a clip, 91 to go
