"""batch: how many articles are rendered at once — input lists, shards, the
worker pool, and progress — kept apart from the stages themselves.

Speech is made in worker processes forked from this one, a fresh fork for each
chunk of clips, after the engines were started here. espeak-ng keeps state
from one utterance to the next (its pitch flutter runs on), so a clip sounds
slightly different after different clips; starting every chunk from the same
engine state, with chunks cut the same way whatever ``jobs`` is, keeps the
audio independent of ``jobs`` (see docs/ARCHITECTURE.md for what is still not
reproducible bit for bit). Every unit of work is a plain function of picklable
arguments.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import pickle
import select
import signal
import sys
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import IngestError, printable
from .fetch import is_url

#: Extensions a folder given as input is searched for (recursively).
ARTICLE_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")


def expand_inputs(args: Iterable[str]) -> list[str]:
    """Files, folders (searched recursively for articles), globs, ``@list`` files (one input per
    line, ``#`` comments) and ``-`` — in the order given, each input once.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for n in ("b.txt", "a.md", "sub/c.html", "skip.jpg"):
    ...     (d / n).parent.mkdir(exist_ok=True); _ = (d / n).write_text("x")
    >>> _ = (d / "list").write_text("# batch\\n" + str(d / "b.txt") + "\\n")
    >>> [pathlib.Path(p).name for p in expand_inputs([str(d), "@" + str(d / "list"), str(d / "*.md"), "-"])]
    ['a.md', 'b.txt', 'c.html', '-']
    """
    return _expand(args, ())


def _exists(path: str) -> bool:
    try:
        return Path(path).exists()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL: no such file
        return False


def _expand(args: Iterable[str], lists: tuple[Path, ...]) -> list[str]:
    out: list[str] = []
    for arg in args:
        if arg == "-" or is_url(arg):  # stdin, or a web address (fetched by remote)
            out.append(arg)
        elif arg.startswith("@") and not _exists(arg):
            listing = Path(arg[1:])
            try:
                key = listing.resolve()
                lines = listing.read_text(encoding="utf-8").splitlines()
            except (OSError, ValueError) as exc:
                why = getattr(exc, "strerror", None) or str(exc)
                raise IngestError(f"{listing}: cannot read the input list ({why}); pass an existing UTF-8 file after @") from None
            if key in lists:
                raise IngestError(f"{listing}: the input list includes itself (through {' -> '.join(p.name for p in lists)}); "
                                  "remove that line")
            base = listing.parent

            def beside(entry: str) -> str:  # a relative entry is relative to the list's folder, also after @
                if is_url(entry):
                    return entry
                at = "@" if entry.startswith("@") and not _exists(entry) else ""
                name = entry[len(at):]
                return at + str(name if Path(name).is_absolute() else base / name)

            out.extend(_expand((beside(p) for p in (line.strip() for line in lines) if p and not p.startswith("#")),
                               (*lists, key)))
        elif len(os.fsencode(arg)) > 4096 or any(len(os.fsencode(part)) > 255 for part in Path(arg).parts):
            raise IngestError(f"{arg[:60]}…: the name is longer than file names can be; pass an existing file")
        elif Path(arg).is_dir():
            found = sorted(str(p) for p in Path(arg).rglob("*")
                           if p.is_file() and p.name.lower().endswith(ARTICLE_EXTENSIONS + (".script.json",))
                           and not any(part.startswith(".") for part in p.relative_to(arg).parts))
            if not found:
                raise IngestError(f"{arg}: is a folder with no articles ({', '.join(ARTICLE_EXTENSIONS)}) in it; pass files or another folder")
            out.extend(found)
        elif any(c in arg for c in "*?[") and not _exists(arg):
            found = sorted(glob.glob(arg, recursive=True))
            if not found:
                raise IngestError(f"{arg}: the pattern matches no file; check it (quote it so the shell leaves it to newscast)")
            out.extend(found)
        else:
            out.append(arg)
    seen: set[str] = set()
    kept = []
    for p in out:
        if p == "-" or p not in seen:
            kept.append(p)
            seen.add(p)
    return kept


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` -> (K, N) with 1 <= K <= N.

    >>> parse_shard("2/3")
    (2, 3)
    """
    try:
        k, n = (int(v) for v in text.split("/"))
    except ValueError:
        k = n = 0
    if not 1 <= k <= n:
        raise IngestError(f"--shard {text!r}: use K/N with 1 <= K <= N, e.g. --shard 1/4")
    return k, n


def in_shard(identity: str, shard: tuple[int, int]) -> bool:
    """Whether an input (by its identity) belongs to shard K of N: a stable hash, so every CI job
    of a matrix agrees on the split without talking to the others.

    >>> names = [f"articles/{i}.txt" for i in range(40)]
    >>> parts = [[n for n in names if in_shard(n, (k, 3))] for k in (1, 2, 3)]
    >>> sorted(sum(parts, [])) == sorted(names), all(parts)
    (True, True)
    """
    k, n = shard
    digest = hashlib.sha256(identity.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


#: What a worker writes to its pipe to say it is still making progress (a pickle never starts with it).
HEARTBEAT = b"."
_heartbeat_fd = -1


def heartbeat() -> None:
    """In a worker process: tell the parent this task is progressing (each spoken clip says so),
    so a long task is not taken for a hung one. Elsewhere: nothing."""
    if _heartbeat_fd >= 0:
        with contextlib.suppress(OSError):
            os.write(_heartbeat_fd, HEARTBEAT)


class BrokenWorker(RuntimeError):
    """A worker process died (crashed inside an engine, or was stopped) before answering."""


#: Signals held back while a worker is forked (delivered as soon as the fork is done).
_HELD = {signal.SIGINT, signal.SIGTERM}


def _work(fn: Callable[..., Any], args: tuple[Any, ...], write: int, held: Any) -> None:
    """In a fresh worker: run the task and send back its result or its error."""
    global _heartbeat_fd
    _heartbeat_fd = write
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held during the fork lands here
        outcome: tuple[str, Any] = ("ok", fn(*args))
    except BaseException as exc:  # noqa: BLE001
        outcome = ("error", exc)
    try:
        data = pickle.dumps(outcome)
    except Exception:  # noqa: BLE001 - an unpicklable error still reaches the parent
        data = pickle.dumps(("error", BrokenWorker(repr(outcome[1]))))
    with os.fdopen(write, "wb") as pipe:
        pipe.write(data)


class Pool:
    """Runs tasks in ``jobs`` worker processes, each forked fresh from this process for one task
    (so every task starts from the engines' state at fork time); ``inline`` tasks run here when
    jobs is 1. :meth:`as_done` drives the workers: nothing runs in the background."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._queue: list[tuple[Future, Callable[..., Any], tuple[Any, ...]]] = []
        self._running: dict[int, tuple[int, Future, bytearray]] = {}  # read fd -> (pid, future, data)

    def submit(self, fn: Callable[..., Any], *args: Any, inline: bool = False) -> Future:
        future: Future = Future()
        if inline and self.jobs == 1:
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
                future.set_exception(exc)
        else:
            self._queue.append((future, fn, args))
        return future

    def _start(self) -> None:
        while self._queue and len(self._running) < self.jobs:
            future, fn, args = self._queue.pop(0)
            read, write = os.pipe()
            # Ctrl-C or SIGTERM landing while the child runs its after-fork hooks would print an
            # "Exception ignored" traceback there: hold them until both sides are ready for them.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
            pid = os.fork()
            if pid == 0:  # the worker: never returns into the caller's stack, whatever reaches it
                try:
                    os.close(read)
                    _work(fn, args, write, held)
                finally:
                    os._exit(0)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            os.close(write)
            self._running[read] = (pid, future, bytearray())

    def as_done(self, futures: Iterable[Future], stall: float | None = None) -> Iterator[Future | None]:
        """``futures`` as they finish; ``None`` (and the end) when no worker finishes or sends a
        :func:`heartbeat` for ``stall`` seconds."""
        pending = set(futures)
        while pending:
            finished = [f for f in pending if f.done()]
            if finished:
                for f in finished:
                    pending.discard(f)
                    yield f
                continue
            self._start()
            if not self._running:
                return
            ready, _, _ = select.select(list(self._running), [], [], stall)
            if not ready:
                yield None
                return
            for fd in ready:
                self._read(fd)

    def _read(self, fd: int) -> None:
        pid, future, data = self._running[fd]
        chunk = os.read(fd, 1 << 20)
        if chunk:
            data.extend(chunk)
            return
        os.close(fd)
        del self._running[fd]
        _, status = os.waitpid(pid, 0)
        try:
            kind, value = pickle.loads(bytes(data).lstrip(HEARTBEAT))
        except Exception:  # noqa: BLE001 - the worker died before it could answer
            kind, value = "error", BrokenWorker(f"a worker process ended without a result (wait status {status})")
        if kind == "ok":
            future.set_result(value)
        else:
            future.set_exception(value)

    def kill(self) -> None:
        """Stop every worker now (one is stuck in an engine); queued work is dropped."""
        for fd, (pid, future, _data) in list(self._running.items()):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            os.close(fd)
            future.set_exception(BrokenWorker("stopped: it did not answer in time"))
        self._running.clear()
        for future, _fn, _args in self._queue:
            future.cancel()
        self._queue.clear()

    def close(self, cancel: bool = False) -> None:
        if cancel:
            self.kill()
            return
        for _ in self.as_done([f for _pid, f, _d in self._running.values()] + [q[0] for q in self._queue]):
            pass

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel=exc[0] is not None)


class Progress:
    """What a render reports while it runs: rich bars on a terminal, plain lines, or nothing."""

    def __init__(self, mode: str = "none") -> None:
        self.mode = mode
        self._bars: Any = None
        self._tasks: dict[str, Any] = {}
        self._start = time.perf_counter()

    @staticmethod
    def choose(requested: str, quiet: bool) -> str:
        """``auto``: bars on a terminal, nothing when output is not a terminal, when quiet, or under CI."""
        if quiet:
            return "none"
        if requested != "auto":
            return requested
        return "bars" if sys.stderr.isatty() and not os.environ.get("CI") else "none"

    def __enter__(self) -> "Progress":
        if self.mode == "bars":
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bars, TextColumn, TimeElapsedColumn

            self._bars = Bars(TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), transient=False)
            self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bars is not None:
            self._bars.stop()

    def stage(self, name: str, total: int) -> None:
        if self._bars is not None:
            self._tasks[name] = self._bars.add_task(name, total=total)
        elif self.mode == "lines" and total:
            self._line(f"{name}: {total} to do")

    def advance(self, name: str, n: int = 1, note: str = "") -> None:
        if self._bars is not None and name in self._tasks:
            self._bars.advance(self._tasks[name], n)
        elif self.mode == "lines" and note:
            self._line(f"{name}: {note}")

    def _line(self, text: str) -> None:
        print(printable(f"[{time.perf_counter() - self._start:6.1f}s] {text}"), file=sys.stderr, flush=True)
