"""bench/memory.py: memory that forked workers share with their parent counts once in the
proportional sum (what the machine holds) and once per process in the resident one."""

from __future__ import annotations

import multiprocessing
import time

from bench.memory import TreePeak

MB = 1024 * 1024


def test_pages_a_forked_child_shares_count_once_in_pss_and_twice_in_rss():
    held = bytearray(b"x" * (200 * MB))  # written, so resident in the parent
    context = multiprocessing.get_context("fork")
    child = context.Process(target=time.sleep, args=(2,))
    with TreePeak(interval=0.1) as peak:
        child.start()
        time.sleep(1.5)
    child.join()
    assert len(held) == 200 * MB
    assert peak.rss_mb > peak.mb + 150  # the child's copy of `held` counted again
    assert 200 <= peak.mb < peak.rss_mb


def test_the_largest_single_worker_is_reported_apart_from_the_sum():
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_hold_and_sleep, args=(150,))
    with TreePeak(interval=0.1) as peak:
        child.start()
        time.sleep(2)
    child.join()
    assert 150 <= peak.largest_mb < peak.mb  # the child's own 150 MB; the sum adds this process


def _hold_and_sleep(megabytes: int) -> None:
    held = bytearray(b"y" * (megabytes * MB))  # written in the child: its own pages
    time.sleep(2.5)
    assert len(held) == megabytes * MB
