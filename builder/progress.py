"""Progress of a long build, on a terminal: the stage running, the time it has taken, and the
time left as the last build's time predicts it. Where the output is not a terminal (a CI log,
a pipe) it writes nothing: a log keeps only what the build prints at its end.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TextIO

TIMINGS = "timings.json"  # beside the published build: the last full build's seconds


class Progress:
    def __init__(self, stream: TextIO, expected: float | None = None) -> None:
        self.stream = stream
        self.expected = expected  # seconds the last build took, if known
        self.started = time.perf_counter()
        self.stage = ""

    @classmethod
    def on_terminal(
        cls, stream: TextIO = sys.stderr, timings: Path | None = None
    ) -> Progress | None:
        """A Progress writing to `stream` if it is a terminal, else None."""
        if not stream.isatty():
            return None
        return cls(stream, last_build_seconds(timings) if timings else None)

    def begin(self, stage: str) -> None:
        self.stage = stage
        self._show()

    def end(self, stage: str, seconds: float) -> None:
        self.stage = ""
        self._show(done=f"{stage} {seconds:.1f} s")

    def close(self) -> None:
        self.stream.write("\r\x1b[K")  # the line clears: the build's summary follows
        self.stream.flush()

    def _show(self, done: str = "") -> None:
        elapsed = time.perf_counter() - self.started
        parts = [f"building: {self.stage or '…'}", f"{elapsed:.0f} s"]
        if self.expected:
            parts.append(f"about {max(self.expected - elapsed, 0):.0f} s left")
        if done:
            parts.append(f"done: {done}")
        self.stream.write("\r\x1b[K" + " · ".join(parts))
        self.stream.flush()


def last_build_seconds(path: Path) -> float | None:
    try:
        return float(json.loads(path.read_text(encoding="utf-8"))["total"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_timings(path: Path, stages: dict[str, float], total: float) -> None:
    path.write_text(json.dumps({"total": total, "stages": stages}, indent=1), encoding="utf-8")
