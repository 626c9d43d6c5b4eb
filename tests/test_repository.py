"""What the repository tracks: sources only. A symlink or a local environment committed by
mistake replaces, on checkout, what a developer's machine holds (a `.venv/` pattern once let a
worktree's `.venv` link in, and checking that commit out deleted the environment)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCAL = (".venv", "site", "search-index", ".builds", ".build-cache", "node_modules")


def tracked() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listing = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return listing.stdout.splitlines()


def test_the_repository_tracks_no_symlink_and_nothing_local():
    entries = [line.split(maxsplit=3) for line in tracked()]
    links = [path for mode, _, _, path in entries if mode == "120000"]
    local = [path for *_, path in entries if path.split("/")[0] in LOCAL]
    assert not links, f"symlinks tracked: {links}"
    assert not local, f"local build or environment files tracked: {local}"


def test_gitignore_ignores_the_local_folders_whether_folders_or_links():
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    for name in (".venv", "site", "search-index"):
        assert name in lines, f".gitignore must name {name} without a slash (links too)"
