"""A one-line progress bar on stderr for the command line: done/total, rate and ETA.

Only drawn when stderr is a terminal (nothing at all in pipes, logs and CI), redrawn at
most ten times a second, and erased when the work ends.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Update = Callable[[int, int], None]


class Bar:
    """Draws ``label [#####-----] 120/1000 12%  85.3 articles/s  ETA 0:10``."""

    def __init__(self, label: str, unit: str, stream: TextIO) -> None:
        self.label, self.unit, self.stream = label, unit, stream
        self.started = time.monotonic()
        self._drawn = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._drawn < 0.1:
            return
        self._drawn = now
        self.stream.write("\r" + self.line(done, total, now - self.started) + "\x1b[K")
        self.stream.flush()

    def line(self, done: int, total: int, elapsed: float) -> str:
        """The bar's text after ``elapsed`` seconds."""
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = _clock((total - done) / rate) if rate > 0 else "?"
        width = max(10, min(30, shutil.get_terminal_size().columns - 60))
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        percent = 100 * done // total if total else 100
        return f"{self.label} [{bar}] {done}/{total} {percent}%  {rate:.1f} {self.unit}/s  ETA {eta}"

    def close(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


@contextmanager
def progress_bar(label: str, unit: str, stream: TextIO | None = None) -> Iterator[Update | None]:
    """A `Bar` while the block runs, or None when ``stream`` (stderr) is not a terminal."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield None
        return
    bar = Bar(label, unit, stream)
    try:
        yield bar
    finally:
        bar.close()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
