"""progress: what a render reports while it runs — rich bars on a terminal, plain lines, or nothing."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from ..core.errors import printable


#: ``--progress auto`` off a terminal says nothing for this long: a quick run (or a bad input's one
#: ``Error:`` line) stays clean, a long one is not minutes of silence.
QUIET_START_S = 10.0
#: In ``lines`` mode a long phase says where it is at least this often.
LINE_EVERY_S = 10.0


class Progress:
    """What a render reports while it runs: rich bars on a terminal, plain lines, or nothing
    (``log``: plain lines once the run has taken :data:`QUIET_START_S`)."""

    def __init__(self, mode: str = "none") -> None:
        self.quiet_until = QUIET_START_S if mode == "log" else 0.0
        self.mode = "lines" if mode == "log" else mode
        self._bars: Any = None
        self._tasks: dict[str, Any] = {}
        self._start = time.perf_counter()
        self._counts: dict[str, list[int]] = {}  # lines: stage -> [done, total, quarters said]
        self._began: dict[str, float] = {}  # stage -> when it began (for the estimate)
        self._said = time.perf_counter()  # when the last line was printed

    @staticmethod
    def choose(requested: str, quiet: bool) -> str:
        """``auto``: bars on a terminal; elsewhere (a CI log, ``nohup``, a pipe) plain lines once the
        run has taken :data:`QUIET_START_S` (``log``), so a long render is not minutes of silence;
        nothing when quiet."""
        if quiet:
            return "none"
        if requested != "auto":
            return requested
        return "bars" if sys.stderr.isatty() and not os.environ.get("CI") else "log"

    def __enter__(self) -> "Progress":
        if self.mode == "bars":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bars, TextColumn, TimeElapsedColumn

            # on stderr, always: stdout carries the data (the JSON, the result lines), piped or not
            from rich.progress import TimeRemainingColumn

            self._bars = Bars(TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), TimeRemainingColumn(), transient=False, console=Console(stderr=True))
            self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bars is not None:
            self._bars.stop()

    def stage(self, name: str, total: int) -> None:
        if self._bars is not None:
            self._tasks[name] = self._bars.add_task(name, total=total)
        elif self.mode == "lines" and total:
            self._counts[name] = [0, total, 0]
            self._began[name] = time.perf_counter()
            self._line(f"{name}: {total} to do")

    def advance(self, name: str, n: int = 1, note: str = "") -> None:
        if self._bars is not None and name in self._tasks:
            self._bars.advance(self._tasks[name], n)
        elif self.mode == "lines" and note:
            self._line(f"{name}: {note}")
        elif self.mode == "lines" and name in self._counts:  # a long phase: a line a quarter, and every 10 s
            count = self._counts[name]
            count[0] += n
            quarter = 4 * count[0] // max(1, count[1])
            if quarter > count[2] or time.perf_counter() - self._said >= LINE_EVERY_S:
                count[2] = max(count[2], quarter)
                self._line(f"{name}: {count[0]} of {count[1]} done{self._left(name)}")

    def _left(self, name: str) -> str:
        """", about 1 min 40 s left": the time so far per item, times the items left."""
        done, total = self._counts[name][:2]
        if not done or done >= total:
            return ""
        left = round((time.perf_counter() - self._began[name]) / done * (total - done))
        if left < 5:
            return ""  # nearly done: no estimate worth saying
        return f", about {left // 60} min {left % 60} s left" if left >= 60 else f", about {left} s left"

    def _line(self, text: str) -> None:
        if time.perf_counter() - self._start < self.quiet_until:
            return
        self._said = time.perf_counter()
        print(printable(f"[{time.perf_counter() - self._start:6.1f}s] {text}"), file=sys.stderr, flush=True)
