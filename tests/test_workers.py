"""Workers: forked processes that inherit the shared object instead of receiving it pickled."""

from __future__ import annotations

import os
import threading

import pytest

from builder.workers import Workers


class Job:
    def __init__(self) -> None:
        self.lock = threading.Lock()  # cannot be pickled: only fork can hand it over
        self.base = 100

    def add(self, n: int) -> tuple[int, int]:
        return self.base + n, os.getpid()

    def fail(self, n: int) -> None:
        raise ValueError(f"task {n} failed")


def test_tasks_run_in_other_processes_that_inherit_the_shared_object():
    with Workers(Job(), processes=2) as workers:
        results = workers.map("add", [1, 2, 3])
        background = workers.submit("add", 4)
        assert background()[0] == 104
    assert [value for value, _ in results] == [101, 102, 103]
    assert all(pid != os.getpid() for _, pid in results)


def test_one_process_runs_the_tasks_here_in_order():
    with Workers(Job(), processes=1) as workers:
        assert workers.map("add", [1, 2]) == [(101, os.getpid()), (102, os.getpid())]


def test_a_failing_task_raises_its_error_in_the_parent():
    with Workers(Job(), processes=2) as workers, pytest.raises(ValueError, match="task 2"):
        workers.map("fail", [2])
