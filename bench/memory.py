"""Peak memory of a process and all its descendants together, sampled from /proc (Linux):
what the machine must hold while a build runs its worker processes side by side.

Two sums: of each process's proportional set size (PSS: a page shared by n processes counts
1/n in each), which is what the machine holds; and of resident set sizes (RSS), which counts
a page that forked workers share with their parent once per process."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from types import TracebackType

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


class TreePeak:
    """`with TreePeak() as peak: ...` then `peak.mb`: the largest sum of proportional memory
    (PSS) of this process and its descendants seen, sampled every `interval` seconds;
    `peak.rss_mb`, the largest sum of their resident memory; and `peak.largest_mb`, the
    largest PSS of any one descendant (which worker is the large one: `ru_maxrss` of the
    children only gives the largest that has been waited for, without saying which)."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.mb = 0.0
        self.rss_mb = 0.0
        self.largest_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            tree = _tree(os.getpid())
            pss = [_pss_kb(pid) / 1024 for pid in tree]
            self.mb = max(self.mb, sum(pss))
            self.largest_mb = max(self.largest_mb, *pss[1:], 0.0)  # tree[0] is this process
            self.rss_mb = max(self.rss_mb, sum(map(_rss_kb, tree)) / 1024)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # the task ended while we looked
                todo += [int(child) for child in task.read_text().split()]
    return found


def _rss_kb(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    return int(fields[1]) * PAGE_KB


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next(
        (int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0
    )
