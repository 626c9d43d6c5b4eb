"""Every corpus file, read as a careless maintainer or an attacker would leave it: each case
is one problem naming the file (and the line where there is one), never a traceback and
never data silently dropped."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.importer import SourceError, import_plan
from builder.load import EMPTY_FILE, load_corpus
from builder.problems import CorpusError
from builder.yamlio import MAX_YAML_BYTES

from ..conftest import FIXTURES, LINGLING_SOURCE, ROOT

MINI_FILES = sorted(
    str(path.relative_to(FIXTURES / "mini")) for path in (FIXTURES / "mini").rglob("*.yaml")
)


def problems(corpus: Path) -> list[str]:
    with pytest.raises(CorpusError) as failure:
        load_corpus(corpus)
    return [str(problem) for problem in failure.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", MINI_FILES)  # revision snapshots and reports among them
@pytest.mark.parametrize("content", ["", "# only a comment\n", "~\n"])
def test_a_file_that_exists_must_hold_its_document(mini_corpus: Path, name: str, content: str):
    (mini_corpus / name).write_text(content, encoding="utf-8")
    found = problems(mini_corpus)  # checks that need the file may add their own problems
    assert found[0] == f"corpus/{name}: {EMPTY_FILE}" or f"corpus/{name}: {EMPTY_FILE}" in found


@pytest.mark.parametrize("name", ["demo/english.yaml", "demo/data_notes.yaml", "demo/links.yaml"])
@pytest.mark.parametrize("content", ["{}\n", "[]\n"])
def test_a_curated_file_meant_to_be_empty_says_so(mini_corpus: Path, name: str, content: str):
    (mini_corpus / name).write_text(content, encoding="utf-8")
    assert load_corpus(mini_corpus).plans[0].id == "demo"


def test_revision_data_has_a_schema(mini_corpus: Path):
    folder = mini_corpus / "demo" / "revisions" / "2"
    assert load_corpus(mini_corpus).plans[0].reports[2]["removed"][0]["went_to"] == "art-2"
    (folder / "report.yaml").write_text("revision: 2\nadded: 5\n", encoding="utf-8")
    (folder / "orphans.yaml").write_text("english.yaml: [x]\n", encoding="utf-8")
    (folder.parent / "tmp").mkdir()
    assert problems(mini_corpus) == [
        "corpus/demo/revisions/tmp: not a revision: revisions/ holds only folders 1, 2, …",
        "corpus/demo/revisions/2/report.yaml:2: added: expected a list, got 5",
        "corpus/demo/revisions/2/orphans.yaml:1: english.yaml: expected a mapping, got ['x']",
    ]


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("demo/provisions.yaml", "number: 1\n", "number: true\n",
         "demo/provisions.yaml:4: provisions[0].number: expected a whole number, got True"),
        ("demo/plan.yaml", "issued: 2024-12-30", "issued: 2024-13-45",
         "demo/plan.yaml:16: month must be in 1..12 (value '2024-13-45')"),
        ("demo/provisions.yaml", "lines: [10, 12]", "lines: [12, 10]",
         "demo/provisions.yaml:11: provisions[0].lines: the range runs backwards (12 > 10)"),
        ("demo/provisions.yaml", "lines: [10, 12]", "lines: [-1, 12]",
         "demo/provisions.yaml:11: provisions[0].lines[0]: Input should be greater than or equal"),
        ("demo/provisions.yaml", "lines: [10, 12]", "lines: [0, 12]",
         "demo/provisions.yaml:11: provisions[0].lines[0]: Input should be greater than or equal"),
        ("demo/projects.yaml", "investment_wan: 200", "investment_wan: .nan",
         "demo/projects.yaml:12: projects[0].investment_wan: expected a finite number, got nan"),
        ("demo/projects.yaml", "investment_wan: 200", "investment_wan: -.inf",
         "demo/projects.yaml:12: projects[0].investment_wan: expected a finite number, got -inf"),
        ("demo/projects.yaml", "start_year: 2024", "start_year: '2024'",
         "demo/projects.yaml:9: projects[0].start_year: expected a whole number, got '2024'"),
        ("corpus.yaml", "- demo", "- demo\n- demo",
         "corpus.yaml:1: plans: a plan is listed twice: demo, got ['demo', 'demo']"),
        ("corpus.yaml", "- demo", '- "demo\\n"',
         "corpus.yaml:2: plans[0]: String should match pattern"),
        ("corpus.yaml", "- demo", "- ../demo",
         "corpus.yaml:2: plans[0]: String should match pattern"),
        ("demo/plan.yaml", "source_file: demo.txt", "source_file: ../../secret.txt",
         "demo/plan.yaml:32: plan.source_file: String should match pattern"),
    ],
)  # fmt: skip
def test_a_bad_value_is_one_problem_with_file_line_and_field(
    mini_corpus: Path, name: str, old: str, new: str, expected: str
):
    edit(mini_corpus / name, old, new)
    found = problems(mini_corpus)
    assert len(found) == 1 and found[0].startswith(f"corpus/{expected}"), found


def test_paths_resolve_inside_their_folder_after_links(mini_corpus: Path, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the public", encoding="utf-8")
    (mini_corpus / "sources" / "demo.txt").unlink()
    (mini_corpus / "sources" / "demo.txt").symlink_to(secret)
    outside = tmp_path / "elsewhere"
    shutil.copytree(mini_corpus / "demo", outside)
    shutil.rmtree(mini_corpus / "demo")
    (mini_corpus / "demo").symlink_to(outside)
    assert problems(mini_corpus) == [
        "corpus/corpus.yaml: plans: 'demo' leads outside corpus/: a plan is a folder here"
    ]
    shutil.rmtree(outside)
    (mini_corpus / "demo").unlink()
    shutil.copytree(FIXTURES / "mini" / "demo", mini_corpus / "demo")
    assert problems(mini_corpus) == [
        "corpus/demo/plan.yaml:32: plan.source_file: 'demo.txt' leads outside sources/: "
        "the source must be a file in the corpus's sources/ folder"
    ]


def test_an_alias_bomb_is_refused_at_once(mini_corpus: Path):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        previous, name = chr(ord("a") + n - 1), chr(ord("a") + n)
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    (mini_corpus / "demo" / "english.yaml").write_text("\n".join(levels) + "\n")
    started = time.perf_counter()
    found = problems(mini_corpus)
    assert time.perf_counter() - started < 5
    assert found == [
        "corpus/demo/english.yaml:1: anchors and aliases (& and *) are not allowed in corpus "
        "files; write the value out"
    ]


def test_an_oversized_file_is_refused_before_it_is_read(mini_corpus: Path):
    with (mini_corpus / "glossary.yaml").open("r+b") as handle:
        handle.truncate(MAX_YAML_BYTES + 1)
    assert problems(mini_corpus) == [
        f"corpus/glossary.yaml: {MAX_YAML_BYTES + 1:,} bytes; a corpus file may hold at most "
        f"{MAX_YAML_BYTES:,}"
    ]


def test_a_message_quotes_only_an_excerpt_of_a_huge_value(mini_corpus: Path):
    huge = "长" * 5_000_000
    edit(mini_corpus / "demo" / "provisions.yaml", "number: 1\n", f"number: {huge}\n")
    (message,) = problems(mini_corpus)
    assert len(message) < 300 and "(5,000,002 characters)" in message


def test_deep_nesting_is_refused_not_a_traceback(mini_corpus: Path):
    (mini_corpus / "topics.yaml").write_text("[" * 50_000 + "]" * 50_000)
    assert problems(mini_corpus)[0] == (
        "corpus/topics.yaml:1: not valid YAML: while increasing flow level: "
        "exceeded maximum nesting depth"
    )


def test_the_cli_gives_one_line_per_problem_never_a_traceback(mini_corpus: Path):
    project = mini_corpus.parent
    (mini_corpus / "national_standard.yaml").write_text("")
    edit(mini_corpus / "demo" / "plan.yaml", "issued: 2024-12-30", "issued: 2024-02-30")
    result = subprocess.run(
        [sys.executable, "-m", "builder", "--root", str(project), "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "2 problem(s) in the corpus:",
        f"  corpus/national_standard.yaml: {EMPTY_FILE}",
        "  corpus/demo/plan.yaml:16: day is out of range for month (value '2024-02-30')",
    ]


@pytest.mark.parametrize(
    ("outline", "message"),
    [
        ("", f"corpus/lingling/outline.yaml: {EMPTY_FILE}"),
        ("chapters: [", "corpus/lingling/outline.yaml:2: not valid YAML"),
        ("chapters:\n- n: 1\n  title_zh: 总则\n  inferred: maybe\n  line: 1\n  sections: []\n",
         "corpus/lingling/outline.yaml:4: chapters[0].inferred: expected true or false, got "
         "'maybe' (and 1 more)"),
        ("chapters:\n- {n: 1, title_zh: 甲, inferred: false, line: 9, sections:"
         " [{n: 1, title_zh: 乙, inferred: false, line: 3}]}\n",
         "corpus/lingling/outline.yaml:1: chapters and sections must be listed in document"),
    ],
)  # fmt: skip
def test_a_broken_outline_is_one_line_and_the_import_writes_nothing(
    tmp_path: Path, outline: str, message: str
):
    plan_dir = tmp_path / "corpus" / "lingling"
    shutil.copytree(ROOT / "corpus" / "lingling", plan_dir)
    (plan_dir / "outline.yaml").write_text(outline, encoding="utf-8")
    before = {p: p.read_bytes() for p in plan_dir.rglob("*") if p.is_file()}
    with pytest.raises(SourceError) as refused:
        import_plan(LINGLING_SOURCE, plan_dir)
    assert str(refused.value).startswith(message) and "\n" not in str(refused.value)
    assert {p: p.read_bytes() for p in plan_dir.rglob("*") if p.is_file()} == before


def test_a_huge_key_is_quoted_short_too(mini_corpus: Path):
    english = mini_corpus / "demo" / "english.yaml"
    english.write_text(f"provisions:\n  ? {'a' * 1_000_000}\n  : x\n", encoding="utf-8")
    (message,) = problems(mini_corpus)
    assert len(message) < 400 and message.endswith(" characters)")
