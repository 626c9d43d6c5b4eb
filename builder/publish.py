"""Publish a build in one step: the site and the search index switch together, or not at all.

Each build goes to .builds/<id>/{site,search-index}; `site` and the index path are symlinks
through .builds/current, and publishing is one atomic rename of that `current` link. A lock
file keeps two builds from interleaving; a failed build leaves the published one untouched.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

KEEP = 2  # the published build and the one before it


class BuildLocked(RuntimeError):
    pass


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Refuse a second build while one runs (a lock file, released on exit or crash)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".build.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                f"another build is running in {root} (lock {root / '.build.lock'}); "
                "try again when it has finished"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
    current = os.readlink(builds / "current")
    old = sorted(p for p in builds.iterdir() if p.is_dir() and not p.is_symlink())
    keep = {current, *[p.name for p in old[-KEEP:]]}
    for folder in old:
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
