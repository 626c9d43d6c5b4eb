"""The one check on paths read from outside (corpus, URL): they resolve inside their folder."""

from __future__ import annotations

from pathlib import Path


class OutsideFolder(ValueError):
    pass


def inside(folder: Path, name: str) -> Path:
    """`folder / name`, refused when it resolves (symlinks followed) outside `folder`."""
    path = folder / name
    if not path.resolve().is_relative_to(folder.resolve()):
        raise OutsideFolder(f"{name!r} leads outside {folder.name}/")
    return path
