"""The command line, run as a user runs it: exit codes and exact messages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from builder.revision.history import read_history

from .conftest import ROOT, copy_checkout

COMMANDS = ("check", "build", "import", "revisions", "rollback", "search", "serve")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=cwd, capture_output=True, text=True
    )


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"python -m builder {command}" in readme


def test_check_passes_on_the_committed_corpus():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "corpus OK: shifeng, lingling\n"
    assert result.stderr == ""  # no consistency warnings: every stated total matches


def test_check_reports_a_broken_file_with_file_line_and_field(tmp_path: Path):
    project = copy_checkout(tmp_path)
    plan = project.corpus / "shifeng" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("base_year: 2023", "base_year: 二〇二三"))
    result = run("--root", str(tmp_path), "check")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "1 problem(s) in the corpus:\n"
        "  corpus/shifeng/plan.yaml:18: plan.base_year: expected a whole number, got '二〇二三'\n"
    )


def test_import_dry_run_writes_nothing(tmp_path: Path):
    project = copy_checkout(tmp_path)
    before = (project.corpus / "shifeng" / "provisions.yaml").read_bytes()
    source = project.corpus / "sources" / "000_77ecffee2542df39.txt"
    result = run("--root", str(tmp_path), "import", str(source), "--plan", "shifeng", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "shifeng: pdf layout, 9 chapters, 29 sections, 107 provisions, "
        "31 indicator rows, 25 projects\n"
    )
    assert "No change to the text, indicators or projects." in result.stdout
    assert (project.corpus / "shifeng" / "provisions.yaml").read_bytes() == before


def test_search_json_and_messages(built, tmp_path: Path):
    project = copy_checkout(tmp_path)
    shutil.copytree(built[1], project.search_index)
    result = run("--root", str(tmp_path), "search", "黑臭水体", "--json", "--limit", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "黑臭水体" and len(data["hits"]) == 2
    assert result.stderr == ""  # jieba says nothing
    human = run("--root", str(tmp_path), "search", "第37条")
    assert human.stdout.splitlines()[2].startswith(" 1. [shifeng · provision] 第37条")
    empty = run("--root", str(tmp_path), "search", " ")
    assert (empty.returncode, empty.stdout) == (2, "")
    assert empty.stderr == "error: the query is empty: type a word, a phrase or an article number\n"
    long = run("--root", str(tmp_path), "search", "噪" * 501)
    assert long.returncode == 2 and "limit is 500" in long.stderr


def test_search_without_an_index_says_what_to_do(tmp_path: Path):
    copy_checkout(tmp_path)
    result = run("--root", str(tmp_path), "search", "噪声")
    assert result.returncode == 1
    assert result.stderr == "error: no search index yet: run `make site` first\n"


def test_revisions_lists_the_history(tmp_path: Path):
    """Every revision, the site's imports apart from official amendments (--amendment)."""
    project = copy_checkout(tmp_path)
    before = len(read_history(project.corpus / "shifeng"))
    result = run("--root", str(tmp_path), "revisions", "shifeng")
    assert result.stdout.startswith(f"shifeng: {before} revision(s)")
    source = project.corpus / "sources" / "000_77ecffee2542df39.txt"
    root = ("--root", str(tmp_path))
    run(*root, "import", str(source), "--plan", "shifeng", "--description", "again")
    amended = ("--amendment", "2025-06-30", "--doc-no", "株石政发〔2025〕1号")
    run(*root, "import", str(source), "--plan", "shifeng", "--description", "amended", *amended)
    lines = run(*root, "revisions", "shifeng").stdout.splitlines()
    assert lines[0] == f"shifeng: {before + 2} revision(s)"
    assert lines[1].split()[0] == "1" and lines[1].endswith("import  first import")
    assert lines[-2].endswith("import  again")
    assert lines[-1].endswith("amendment issued 2025-06-30  amended")
    latest = read_history(project.corpus / "shifeng")[-1]
    assert (latest["kind"], latest["issued"], latest["doc_no"]) == (
        "amendment",
        "2025-06-30",
        "株石政发〔2025〕1号",
    )
