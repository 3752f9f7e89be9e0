"""A small progress bar for the command line: shown on a terminal only, with rate and ETA."""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Counts done items and redraws one line on *stream* when it is a terminal.

    Nothing is written when *stream* is not a terminal, or when *total* is known and below
    *minimum* (a short batch needs no bar). Redraws at most every *interval* seconds.
    """

    def __init__(
        self,
        stream: TextIO,
        total: int | None,
        *,
        label: str = "items",
        minimum: int = 10,
        interval: float = 0.2,
    ) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) and (total is None or total >= minimum)
        self.stream = stream
        self.total = total
        self.label = label
        self.interval = interval
        self.done = 0
        self.failed = 0
        self.start = time.monotonic()
        self.last_draw = 0.0

    def advance(self, ok: bool = True) -> None:
        """Count one item (*ok* False counts it as failed) and redraw if it is time."""
        self.done += 1
        self.failed += 0 if ok else 1
        if self.enabled:
            now = time.monotonic()
            if now - self.last_draw >= self.interval or self.done == self.total:
                self.last_draw = now
                self.draw(now)

    def draw(self, now: float) -> None:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        if self.total:
            width = 24
            filled = width * self.done // self.total
            eta = (self.total - self.done) / rate if rate > 0 else 0.0
            line = (
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                f"{self.label}, {self.failed} failed, {rate:.1f}/s, ETA {eta:.0f}s "
            )
        else:
            line = f"\r{self.done} {self.label}, {self.failed} failed, {rate:.1f}/s "
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled and self.done:
            self.draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
