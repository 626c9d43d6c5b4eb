"""Run a build's work on every core: forked processes that inherit the parent's data.

The corpus and everything derived from it reach the workers through fork, not pickled with
each task: a task names a method of the shared object and passes a small argument, and only
its (small) result comes back. Where there is no fork, or one core, the work runs here, in
order. Workers die with the process that started them: a killed build leaves none behind.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_shared: Any = None  # set before the workers fork; they inherit it
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _linux_prctl() -> Callable[..., int] | None:
    return ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


# Looked up once here: a child forked from a threaded process should not load libraries.
_prctl = _linux_prctl()


def die_with_parent(parent: int) -> None:
    """In a child just forked by `parent`: be killed when the parent dies, and leave now if it
    already has (then this process was adopted by another and getppid() differs).

    Linux sends the signal when the forking *thread* ends: fork from a thread that lasts (here,
    always the main thread). Elsewhere only the check applies."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _call(task: tuple[str, Any]) -> Any:
    method, argument = task
    return getattr(_shared, method)(argument)


class Workers:
    """`with Workers(job) as workers:` then `workers.map("render", editions)` or
    `wait = workers.submit("index", folder)` ... `wait()`."""

    def __init__(self, shared: object, processes: int | None = None) -> None:
        self.shared = shared
        self.processes = processes or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        global _shared
        _shared = self.shared
        if self.processes > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=context,
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            )
            # The workers fork at the first task. Frozen, the parent's objects are not
            # visited by a worker's garbage collector, which would otherwise write to every
            # page holding them and so copy the whole corpus into each worker. Frozen only
            # once the pool exists, so that __exit__, which unfreezes, always runs after.
            gc.freeze()
        return self

    def __exit__(self, *exc_info: object) -> None:
        global _shared
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            gc.unfreeze()
        _shared = None

    def map(self, method: str, arguments: Iterable[Any]) -> list[Any]:
        if self._pool is None:
            return [getattr(self.shared, method)(argument) for argument in arguments]
        return list(self._pool.map(_call, [(method, argument) for argument in arguments]))

    def submit(self, method: str, argument: Any) -> Callable[[], Any]:
        """Start one task in the background; the returned function waits for its result."""
        if self._pool is None:
            value = getattr(self.shared, method)(argument)
            return lambda: value
        return self._pool.submit(_call, (method, argument)).result
