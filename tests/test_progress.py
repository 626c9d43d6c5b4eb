"""Progress of a long build (builder/progress.py): on a terminal only, with the time left."""

from __future__ import annotations

import io
from pathlib import Path

from builder.progress import Progress, last_build_seconds, write_timings
from builder.publish import builds_dir


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_no_progress_lines():
    assert Progress.on_terminal(io.StringIO()) is None


def test_a_terminal_sees_each_stage_and_the_time_left(tmp_path: Path):
    timings = tmp_path / "timings.json"
    write_timings(timings, {"load": 1.0, "render": 2.0}, 600.0)
    screen = Terminal()
    progress = Progress.on_terminal(screen, timings)
    assert progress is not None and progress.expected == 600.0
    progress.begin("render")
    progress.end("render", 2.5)
    progress.close()
    shown = screen.getvalue()
    assert "building: render · 0 s · about 600 s left" in shown
    assert "done: render 2.5 s" in shown
    assert shown.endswith("\r\x1b[K")  # the line is cleared for the build's summary


def test_a_build_leaves_its_timings_for_the_next_one(built_site: Path):
    total = last_build_seconds(builds_dir(built_site) / "current" / "timings.json")
    assert total is not None and total > 0
