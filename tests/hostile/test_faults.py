"""Faults leave nothing half-done: a build killed at any moment leaves no process and no lock
behind, a stale lock is cleared with a message, an import is written whole or not at all.

Real processes and real kills (SIGKILL) on copies of the checkout: each build is the real
`python -m builder build`, about 20 s on two cores, so the kills are timed by what the build
is doing (workers rendering, MkDocs writing the site, Pagefind indexing it), not by the clock.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.importer import SourceError, plan_folder

from ..conftest import ROOT, copy_checkout
from ..test_revision import NEXT, revise

SOURCE = Path("corpus") / "sources" / "000_77ecffee2542df39.txt"
BUILD_SECONDS = 180  # a full build is ~20 s; generous for a loaded machine
GONE_SECONDS = 5  # how soon everything of a killed build must be gone


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the checkout the command line can build (its vendor scripts linked)."""
    root = tmp_path / "checkout"
    copy_checkout(root)
    (root / ".venv").mkdir()
    (root / ".venv" / "node").symlink_to(ROOT / ".venv" / "node")
    return root


def builder(root: Path, *args: str, **options) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS,
        **options,
    )


def start_build(root: Path) -> subprocess.Popen[bytes]:
    log = (root / "build.log").open("wb")  # a file, not a pipe: orphans could hold a pipe open
    return subprocess.Popen(
        [sys.executable, "-m", "builder", "build"], cwd=root, stdout=log, stderr=log
    )


# What is running, from /proc ------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat's fields after the command name (state, ppid, ...); None if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"  # a zombie has run its course


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def processes_in(root: Path) -> dict[int, str]:
    """Live processes working in `root` or naming it on their command line (pid: command)."""
    found = {}
    for pid in _pids():
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except (OSError, UnicodeDecodeError):
            continue
        inside = cwd == str(root) or cwd.startswith(f"{root}/") or str(root) in command
        if inside and pid != os.getpid() and alive(pid):
            found[pid] = command.strip()
    return found


def descendants(pid: int) -> set[int]:
    children: dict[int, set[int]] = {}
    for child in _pids():
        fields = _stat(child)
        if fields is not None:
            children.setdefault(int(fields[1]), set()).add(child)
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), set()) - found:
            found.add(child)
            todo.append(child)
    return found


def wait_until(condition: Callable[[], object], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def lock_is_free(root: Path) -> bool:
    with (root / ".build.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def stop_all(root: Path, pids: set[int]) -> None:
    """After a failed test: end what this test started and left running."""
    for pid in pids | set(processes_in(root)):
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


# Killing a build ---------------------------------------------------------------------------

MOMENTS: dict[str, Callable[[Path, int], bool]] = {
    # ~2 s in: the workers are forked and render the pages, the staff index builds
    "workers": lambda root, pid: bool(descendants(pid)),
    # MkDocs runs in the workers and writes the site into the unpublished build folder
    "mkdocs": lambda root, pid: any(root.glob(".builds/*/site/index.html")),
    # the index worker writes the public search index beside the staff index
    "public index": lambda root, pid: any(root.glob(".builds/*/search-data.staging")),
}


def kill_build(root: Path, moment: str) -> set[int]:
    """Start a build, SIGKILL its main process at `moment`; the build's processes then."""
    build = start_build(root)
    try:
        reached = wait_until(
            lambda: build.poll() is not None or MOMENTS[moment](root, build.pid), BUILD_SECONDS
        )
        assert reached and build.poll() is None, (root / "build.log").read_text()
        tree = descendants(build.pid) | set(processes_in(root))
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
    except BaseException:
        build.kill()
        build.wait()
        stop_all(root, set())
        raise
    return tree


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_killed_build_leaves_no_process_and_no_lock(checkout: Path, moment: str):
    tree = kill_build(checkout, moment)
    try:
        assert tree, "the build had started no process to check"
        gone = wait_until(
            lambda: not processes_in(checkout) and not any(alive(p) for p in tree), GONE_SECONDS
        )
        assert gone, f"left running after the kill: {processes_in(checkout)}"
        assert lock_is_free(checkout)
    finally:
        stop_all(checkout, tree)


ORPHANS_OF_AN_OLD_BUILD = """
import fcntl, os, time
lock = open(".build.lock", "w")
fcntl.flock(lock, fcntl.LOCK_EX)
workers = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        time.sleep(300)
        os._exit(0)
    workers.append(pid)
print(os.getpid(), *workers, flush=True)
"""


def hold_lock_like_a_killed_build(root: Path) -> tuple[int, list[int]]:
    """What a build killed before this fix left: forked workers holding the flock of a main
    process that is gone. (taker, workers)"""
    command = [sys.executable, "-c", ORPHANS_OF_AN_OLD_BUILD]
    with subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True) as taker:
        printed = taker.stdout.readline()  # not to the end: the workers keep the pipe open
        taker.stdout.close()
        assert taker.wait() == 0
    taker_pid, *workers = (int(pid) for pid in printed.split())
    return taker_pid, workers


def test_after_a_kill_the_next_build_clears_a_stale_lock_and_succeeds(checkout: Path):
    tree, workers = kill_build(checkout, "workers"), []
    try:
        unfinished = list((checkout / ".builds").iterdir())
        assert wait_until(lambda: not any(alive(p) for p in tree), GONE_SECONDS)
        taker, workers = hold_lock_like_a_killed_build(checkout)
        assert not lock_is_free(checkout)
        result = builder(checkout, "build")
        assert result.returncode == 0, result.stderr
        named = ", ".join(f"{pid} (python)" for pid in sorted(workers))
        assert (
            f"cleared a stale build lock left by process {taker} (no longer running); "
            f"stopped 2 orphaned workers still holding it: {named}\n"
        ) in result.stderr
        assert result.stdout.startswith(f"built {checkout / 'site'} ")
        assert "building:" not in result.stderr  # no progress line in a log (not a terminal)
        assert not any(alive(pid) for pid in workers)
        assert (checkout / "site" / "index.html").is_file()
        assert not any(folder.exists() for folder in unfinished)  # the killed build's folder
        assert lock_is_free(checkout)
    finally:
        stop_all(checkout, {*tree, *workers})


# Imports: all or nothing ------------------------------------------------------------------


def tree_digest(folder: Path) -> dict[str, str]:
    """Every path under `folder` (hidden ones too) with its content's hash."""
    digest = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            digest[name] = "link " + os.readlink(path)
        elif path.is_file():
            digest[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            digest[name] = "folder"
    return digest


@pytest.fixture
def revised(tmp_path: Path) -> Path:
    source = tmp_path / "revised.txt"
    source.write_text(revise((ROOT / SOURCE).read_text(encoding="utf-8")), encoding="utf-8")
    return source


def test_an_import_that_fails_late_changes_nothing(tmp_path: Path, revised: Path):
    root = tmp_path / "checkout"
    project = copy_checkout(root)
    obstacle = project.corpus / "shifeng" / "revisions" / str(NEXT)  # where the next would go
    obstacle.write_text("in the way\n", encoding="utf-8")
    before = tree_digest(project.corpus)
    result = builder(root, "import", str(revised), "--plan", "shifeng")
    assert result.returncode == 1
    assert result.stderr == (
        f"error: shifeng: import failed, nothing was changed: File exists: {obstacle}\n"
    )
    assert tree_digest(project.corpus) == before
    obstacle.unlink()
    assert builder(root, "import", str(revised), "--plan", "shifeng").returncode == 0
    assert builder(root, "check").returncode == 0


def test_an_import_killed_midway_changes_nothing_and_the_next_one_tidies_up(
    tmp_path: Path, revised: Path
):
    root = tmp_path / "checkout"
    project = copy_checkout(root)
    staging = project.corpus / ".shifeng.importing"
    before = tree_digest(project.corpus / "shifeng")
    command = [sys.executable, "-m", "builder", "import", str(revised), "--plan", "shifeng"]
    importing = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: staging.exists() or importing.poll() is not None, 60)
        os.kill(importing.pid, signal.SIGKILL)
    finally:
        importing.wait()
    assert importing.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    assert tree_digest(project.corpus / "shifeng") == before
    result = builder(root, "import", str(revised), "--plan", "shifeng")
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"removed {staging}, left by an interrupted import\n"
    assert not staging.exists()
    assert (project.corpus / "shifeng" / "revisions" / str(NEXT) / "report.yaml").is_file()


# Plan ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize("plan_id", ["shifeng\n", "shifeng\r", " shifeng", "shifeng "])
def test_a_plan_id_with_whitespace_is_refused(plan_id: str, tmp_path: Path):
    with pytest.raises(SourceError, match="invalid plan id"):
        plan_folder(tmp_path, plan_id)


def test_the_cli_makes_no_folder_for_a_plan_id_ending_in_a_newline(tmp_path: Path):
    project = copy_checkout(tmp_path / "checkout")
    before = sorted(p.name for p in project.corpus.iterdir())
    result = builder(project.root, "import", str(ROOT / SOURCE), "--plan", "shifeng\n")
    assert result.returncode == 1
    assert result.stderr == "error: invalid plan id 'shifeng\\n': use lowercase letters, " + (
        "digits and hyphens (e.g. shifeng)\n"
    )
    assert sorted(p.name for p in project.corpus.iterdir()) == before


def test_a_folder_the_build_cannot_write_is_one_line_not_a_traceback(checkout: Path):
    builds = checkout / ".builds"
    builds.write_text("a file where the build makes its folders", encoding="utf-8")
    result = builder(checkout, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (message,) = result.stderr.splitlines()
    assert message.startswith(f"error: Not a directory ({builds}/")
    assert message.endswith("); the published site is unchanged")
    assert not (checkout / "site").exists()
