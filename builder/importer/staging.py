"""An import's folder mechanics: it is written into a hidden copy beside the plan folder,
which then takes the folder's place in one rename (Linux renameat2; two renames elsewhere,
which the next import repairs); one import at a time per corpus; leftovers of an interrupted
import are cleared with a message."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from builder.importer.errors import SourceError

STAGING_SUFFIX = ".importing"  # an import in progress; the switch's fallback uses ".replaced"
RENAME_EXCHANGE, AT_FDCWD = 2, -100  # <linux/fs.h>, <fcntl.h>


def staging_folder(plan_dir: Path) -> Path:
    """Where an import is written before it replaces the plan folder: beside it, hidden."""
    return plan_dir.with_name(f".{plan_dir.name}{STAGING_SUFFIX}")


def _replaced_folder(plan_dir: Path) -> Path:
    """Where the fallback switch puts the old plan folder for a moment."""
    return plan_dir.with_name(f".{plan_dir.name}.replaced")


@contextmanager
def import_lock(corpus: Path) -> Iterator[None]:
    """One import at a time in a corpus: a lock on its folder, gone when this process ends."""
    corpus.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(corpus, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SourceError(
                f"another import is running in {corpus}; try again when it has finished"
            ) from None
        yield
    finally:
        os.close(descriptor)


def clear_leftovers(plan_dir: Path) -> None:
    """Remove what an interrupted import left beside the plan folder, saying so on stderr.

    The plan folder is whole whenever one of these is left: it is switched in one rename."""
    replaced = _replaced_folder(plan_dir)
    if replaced.is_dir() and not plan_dir.exists():  # between the fallback switch's renames
        replaced.rename(plan_dir)
        print(f"restored {plan_dir}, which an interrupted import had moved aside", file=sys.stderr)
    sources = plan_dir.parent / "sources"
    for leftover in [staging_folder(plan_dir), replaced, *sources.glob(f".*{STAGING_SUFFIX}")]:
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
        else:
            continue
        print(f"removed {leftover}, left by an interrupted import", file=sys.stderr)


def copy_plan(plan_dir: Path, staging: Path) -> None:
    if plan_dir.exists():
        shutil.copytree(plan_dir, staging, symlinks=True)
    else:
        staging.mkdir()


def switch(staging: Path, plan_dir: Path) -> None:
    """Put the staged folder in the plan folder's place; the old one ends up at `staging`."""
    if not plan_dir.exists():
        staging.rename(plan_dir)
    elif not _exchange(staging, plan_dir):
        replaced = _replaced_folder(plan_dir)
        plan_dir.rename(replaced)
        staging.rename(plan_dir)
        replaced.rename(staging)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    paths = (os.fsencode(first), os.fsencode(second))
    if renameat2(AT_FDCWD, paths[0], AT_FDCWD, paths[1], RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
