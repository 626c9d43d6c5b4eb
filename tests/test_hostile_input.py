"""Hostile and broken input: a clear one-line error or a safe result, never a traceback,
never a partial corpus write."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.importer import MAX_SOURCE_BYTES, SourceError, import_plan, plan_folder
from builder.load import load_corpus
from builder.problems import CorpusError
from builder.search.query import QueryError, parse_query

from .conftest import ROOT

# The factory makes a fresh corpus copy per example, so a function-scoped fixture is fine.
FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.mark.parametrize("plan_id", ["../shifeng", "/etc", "shifeng/../x", "Shifeng", "", "a b"])
def test_plan_ids_that_are_paths_are_refused(plan_id: str, tmp_path: Path):
    with pytest.raises(SourceError, match="invalid plan id"):
        plan_folder(tmp_path, plan_id)


def test_the_cli_refuses_a_path_as_plan_id():
    result = run(
        "import", "corpus/sources/000_77ecffee2542df39.txt", "--plan", "../evil", "--dry-run"
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: invalid plan id '../evil'")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary\xff", "not a text file"),
        ("第一章 总则\n第 1 条 测试\n".encode("gb18030"), "looks like GBK/GB18030"),
        ("一些文字，没有章节。\n".encode(), "not a plan in a known layout"),
    ],
)
def test_unusable_sources_get_a_clear_message_and_write_nothing(
    tmp_path: Path, content: bytes, message: str
):
    source = tmp_path / "source.txt"
    source.write_bytes(content)
    plan_dir = tmp_path / "corpus" / "plan"
    with pytest.raises(SourceError, match=message):
        import_plan(source, plan_dir)
    assert not plan_dir.exists()


def test_an_oversized_source_is_refused_at_once(tmp_path: Path):
    source = tmp_path / "big.txt"
    with source.open("wb") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)
    with pytest.raises(SourceError, match="the limit is"):
        import_plan(source, tmp_path / "plan")


@FAST
@given(st.text(max_size=300))
def test_any_text_as_a_plan_file_is_a_corpus_error_or_loads(mini_corpus_factory, text: str):
    corpus = mini_corpus_factory()
    (corpus / "demo" / "plan.yaml").write_text(text, encoding="utf-8")
    try:
        load_corpus(corpus)
    except CorpusError as error:
        assert all(str(p).startswith("corpus/demo/plan.yaml") for p in error.problems)


@FAST
@given(st.text(max_size=600))
def test_any_query_is_refused_clearly_or_parsed(text: str):
    try:
        parsed = parse_query(text)
    except QueryError as error:
        assert "empty" in str(error) or "limit is 500" in str(error)
    else:
        assert parsed.text is not None


def test_script_markdown_and_jinja_in_provision_text_stay_text(mini_corpus_factory):
    from builder.link import register_corpus
    from builder.render import render_site

    corpus_dir = mini_corpus_factory()
    path = corpus_dir / "demo" / "provisions.yaml"
    hostile = "<script>alert(1)</script> {{ 7*7 }} {% if x %} **粗体** [链接](http://x) `code`"
    path.write_text(
        path.read_text("utf-8").replace("- 到2030年，PM2.5浓度不高于35μg/m³。", f"- '{hostile}'"),
        "utf-8",
    )
    corpus = load_corpus(corpus_dir)
    page = render_site(corpus, register_corpus(corpus)).pages["demo/art-1.md"]
    assert "<script>" not in page and "&#60;script&#62;" in page
    assert "49" not in page and "&#123;&#123; 7&#42;7 &#125;&#125;" in page
    assert "&#42;&#42;粗体&#42;&#42;" in page and "&#91;链接&#93;(http://x)" in page


SEEDS = {
    "shifeng": ROOT / "corpus" / "sources" / "000_77ecffee2542df39.txt",
    "lingling": ROOT / "corpus" / "sources" / "003_39c842ce027127e8.txt",
}


def _import_or_refuse(source: Path, plan_dir: Path) -> None:
    """Either a complete import or a SourceError that wrote nothing; never a traceback."""
    before = sorted(p.name for p in plan_dir.iterdir())
    try:
        result = import_plan(source, plan_dir)
    except SourceError as error:
        assert "\n" not in str(error)
        assert sorted(p.name for p in plan_dir.iterdir()) == before
    else:
        assert all(p["paragraphs"] for p in result.files["provisions.yaml"]["provisions"])


@FAST
@given(st.text(max_size=2000))
def test_any_text_as_a_source_is_imported_or_refused(tmp_path_factory, text: str):
    folder = tmp_path_factory.mktemp("any")
    source = folder / "source.txt"
    source.write_text(text, encoding="utf-8")
    plan_dir = folder / "corpus" / "plan"
    plan_dir.mkdir(parents=True)
    _import_or_refuse(source, plan_dir)


@settings(FAST, max_examples=20)
@given(
    plan=st.sampled_from(sorted(SEEDS)),
    start=st.floats(0, 1),
    length=st.integers(1, 400),
    duplicate=st.booleans(),
)
def test_a_damaged_seed_is_imported_or_refused(
    tmp_path_factory, plan: str, start: float, length: int, duplicate: bool
):
    """A seed with a run of lines cut out (or repeated): a whole import or one clear line."""
    lines = SEEDS[plan].read_text(encoding="utf-8").split("\n")
    first = int(start * (len(lines) - 1))
    cut = lines[first : first + length]
    damaged = lines[:first] + (cut + cut if duplicate else []) + lines[first + length :]
    folder = tmp_path_factory.mktemp("damaged")
    source = folder / "source.txt"
    source.write_text("\n".join(damaged), encoding="utf-8")
    plan_dir = folder / "corpus" / plan
    plan_dir.mkdir(parents=True)
    if plan == "lingling":
        shutil.copy(ROOT / "corpus" / "lingling" / "outline.yaml", plan_dir)
    _import_or_refuse(source, plan_dir)
