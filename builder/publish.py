"""Publish a build in one step: the site and the search index switch together, or not at all.

Each build goes to .builds/<id>/{site,search-index}; `site` and the index path are symlinks
through .builds/current, and publishing is one atomic rename of that `current` link. A lock
file keeps two builds from interleaving; a failed build leaves the published one untouched.
The lock is the build's own process's: forked workers drop it, so it goes when that process
goes, even killed; a lock left held by the orphans of a dead build is cleared with a message.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from builder.incremental import STAMP

KEEP = 2  # the published build and the one before it
LOCK_FILE = ".build.lock"
ORPHANS_EXIT_SECONDS = 5.0

_held: set[int] = set()  # this process's lock file descriptors


class BuildLocked(RuntimeError):
    pass


def _drop_inherited_locks() -> None:
    """In a forked child: let go of the parent's build lock. An flock belongs to the open file,
    which fork shares: a child keeping the descriptor would hold the lock after the build died.
    The descriptor is pointed at /dev/null rather than closed, so its number stays taken."""
    if not _held:
        return
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in _held:
        os.dup2(null, descriptor, inheritable=False)
    os.close(null)
    _held.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Refuse a second build while one runs (a lock file, released on exit or crash)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK_FILE).open("a") as handle:
        _acquire(handle, root / LOCK_FILE)
        _held.add(handle.fileno())
        try:
            yield
        finally:
            _held.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _acquire(handle: IO[str], path: Path) -> None:
    """Take the lock; when it is held only by orphans of a dead build, stop them and take it."""
    if _try_lock(handle):
        return
    taker, holders = _lock_holders(path)
    if taker is None or _alive(taker, holders) or os.getpid() in holders:
        raise _locked(path, taker)
    for pid in holders:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + ORPHANS_EXIT_SECONDS
    while not _try_lock(handle):
        if time.monotonic() > deadline:
            raise _locked(path, None)
        time.sleep(0.05)
    named = ", ".join(f"{pid} ({name})" for pid, name in sorted(holders.items()))
    print(
        f"cleared a stale build lock left by process {taker} (no longer running); "
        f"stopped {len(holders)} orphaned worker{'s' if len(holders) > 1 else ''} still "
        f"holding it: {named}",
        file=sys.stderr,
    )


def _locked(path: Path, taker: int | None) -> BuildLocked:
    if taker is not None:
        return BuildLocked(
            f"another build is running in {path.parent} (process {taker}); "
            "try again when it has finished"
        )
    return BuildLocked(
        f"another build is running in {path.parent} (lock {path}); try again when it has "
        f"finished. If none is, processes left by a killed build hold it: `fuser -v {path}`"
    )


def _lock_holders(path: Path) -> tuple[int | None, dict[int, str]]:
    """The process that took the lock on `path` (None if unknown), and every process holding
    it now (pid: command name). Read from /proc (Linux): a descriptor's fdinfo shows its flock
    with the pid of the process that took it; fork shares that lock with the children."""
    target = path.stat()
    taker, holders = None, {}
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        process = fd.parent.parent
        try:
            if not _same_file(fd, target):
                continue
            lock = _flock_line(process / "fdinfo" / fd.name)
            name = (process / "comm").read_text().strip()
        except OSError:  # the process or descriptor has just gone, or is not ours to read
            continue
        if lock is not None:
            taker = int(lock.split()[5])
            holders[int(process.name)] = name
    return (taker if taker and taker > 0 else None), holders


def _alive(taker: int, holders: dict[int, str]) -> bool:
    """Whether the process that took the lock may still have it: it holds it, or it is another
    user's process, whose descriptors cannot be read. Not when it is gone or its pid was reused
    by a process without the lock."""
    if taker in holders:
        return True
    try:
        os.listdir(f"/proc/{taker}/fd")
    except PermissionError:
        return True
    except OSError:
        return False
    return False


def _same_file(descriptor: Path, target: os.stat_result) -> bool:
    found = descriptor.stat()
    return (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino)


def _flock_line(fdinfo: Path) -> str | None:
    """`lock:\t1: FLOCK  ADVISORY  WRITE <pid> <dev:inode> 0 EOF`, if the descriptor holds one."""
    lines = fdinfo.read_text().splitlines()
    return next((line for line in lines if line.startswith("lock:") and "FLOCK" in line), None)


def builds_dir(site_dir: Path) -> Path:
    return site_dir.parent / ".builds"


def new_build(site_dir: Path) -> Path:
    """A fresh folder for one build, beside the published ones."""
    folder = builds_dir(site_dir) / f"{time.time_ns()}"
    folder.mkdir(parents=True)
    return folder


def published(site_dir: Path, name: str) -> Path | None:
    """The published build's `name` folder (site or search-index), if there is one."""
    current = builds_dir(site_dir) / "current" / name
    return current if current.exists() else None


def publish(build: Path, site_dir: Path, index_dir: Path) -> None:
    """Switch `site_dir` and `index_dir` to this build with one atomic rename."""
    if site_dir.parent != index_dir.parent:
        raise ValueError("the site and the search index must be published side by side")
    builds = builds_dir(site_dir)
    link = builds / "current.next"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(build.name)
    os.replace(link, builds / "current")
    for path, name in ((site_dir, build / "site"), (index_dir, build / "search-index")):
        _point(path, Path(".builds") / "current" / name.name)
    _prune(builds)


def _point(path: Path, target: Path) -> None:
    """Make `path` a symlink to `target` (once; later builds only switch `current`)."""
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    temporary = path.with_name(path.name + ".link")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target)
    if path.exists() and not path.is_symlink():
        retired = path.with_name(path.name + ".old")
        shutil.rmtree(retired, ignore_errors=True)
        path.rename(retired)
        os.replace(temporary, path)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(temporary, path)


def _prune(builds: Path) -> None:
    """Keep the published build and the one before; drop the rest, and the unfinished folders
    (no stamp) of builds that were killed: under the lock, no other build is running."""
    current = os.readlink(builds / "current")
    old = sorted(p for p in builds.iterdir() if p.is_dir() and not p.is_symlink())
    finished = [p.name for p in old if (p / STAMP).exists()]
    keep = {current, *finished[-KEEP:]}
    for folder in old:
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
