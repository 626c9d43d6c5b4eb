"""Site build speed: a full build, a rebuild with no change, a rebuild after one edited provision.

Prints one table of medians over 3 runs, each in a fresh copy of the checkout (corpus, pages,
config) in a temporary folder; the edit rewords one Shifeng article.
Usage: .venv/bin/python bench/build.py   (or `make bench-build`)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.pipeline import build_all  # noqa: E402
from tests.conftest import copy_checkout  # noqa: E402

T = TypeVar("T")
RUNS = 3
ORIGINAL = "位于株洲市境最北端"
EDITED = "位于株洲市境的最北端"


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Seconds an action took, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    os.environ.setdefault("SITE_URL", "https://plans.example.org/atlas/")
    rows: dict[str, list[float]] = {"full build": [], "no change": [], "one edited provision": []}
    notes: dict[str, str] = {}
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            project = copy_checkout(Path(tmp) / "checkout")
            site, index = Path(tmp) / "site", Path(tmp) / "search-index"
            build = partial(build_all, project, site, index)
            seconds, result = timed(build)
            rows["full build"].append(seconds)
            seconds, again = timed(build)
            rows["no change"].append(seconds)
            notes["no change"] = again.mode
            provisions = project.corpus / "shifeng" / "provisions.yaml"
            text = provisions.read_text("utf-8")
            provisions.write_text(text.replace(ORIGINAL, EDITED, 1), "utf-8")
            seconds, edit = timed(build)
            rows["one edited provision"].append(seconds)
            notes["one edited provision"] = (
                f"{edit.mode}: {edit.pages_written} pages, "
                f"{edit.index.updated if edit.index else 0} index docs"
            )
            notes["full build"] = f"{result.mode}: {result.pages_written} pages"
    full = statistics.median(rows["full build"])
    print(f"{'build':<24} {'median (s)':>11} {'runs (s)':>22} {'÷ full':>7}  what it did")
    for name, times in rows.items():
        median = statistics.median(times)
        runs = " ".join(f"{t:.2f}" for t in times)
        print(f"{name:<24} {median:>11.2f} {runs:>22} {median / full:>7.2f}  {notes[name]}")


if __name__ == "__main__":
    main()
