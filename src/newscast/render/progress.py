"""progress: what a render reports while it runs — rich bars on a terminal, plain lines, or nothing."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from ..core.errors import printable


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
