"""pool: the worker processes that speak clips and finish episodes — a fresh fork per task (so a
clip sounds the same whatever ran before it in that process), heartbeats so a long task is not
taken for a hung one, and signals held while forking. Every task is a plain function of picklable
arguments.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
from concurrent.futures import Future
from typing import Any, Callable, Iterable, Iterator


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


#: What a worker writes to its pipe to say it is still making progress (a pickle never starts with it).
HEARTBEAT = b"."
_heartbeat_fd = -1
#: In the parent, what hears the heartbeats of a task run here (an inline task): set by the pool.
_local_beat: Callable[[], None] | None = None


def heartbeat() -> None:
    """In a worker process: tell the parent this task is progressing (each spoken clip says so),
    so a long task is not taken for a hung one, and progress moves clip by clip. In a task run
    inline, the pool's listener hears it directly."""
    if _heartbeat_fd >= 0:
        with contextlib.suppress(OSError):
            os.write(_heartbeat_fd, HEARTBEAT)
    elif _local_beat is not None:
        _local_beat()


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
        #: Called with a task's future at each heartbeat it sends (e.g. each clip spoken).
        self.on_beat: Callable[[Future], None] | None = None
        self._queue: list[tuple[Future, Callable[..., Any], tuple[Any, ...]]] = []
        self._running: dict[int, tuple[int, Future, bytearray]] = {}  # read fd -> (pid, future, data)

    def submit(self, fn: Callable[..., Any], *args: Any, inline: bool = False) -> Future:
        future: Future = Future()
        if inline and self.jobs == 1:
            global _local_beat
            _local_beat = (lambda: self.on_beat(future)) if self.on_beat else None  # type: ignore[misc]
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
                future.set_exception(exc)
            finally:
                _local_beat = None
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
            if self.on_beat is not None and not data.strip(HEARTBEAT):  # still heartbeats: no result begun
                for _ in range(len(chunk) - len(chunk.lstrip(HEARTBEAT))):
                    self.on_beat(future)
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
