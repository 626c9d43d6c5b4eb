"""Golden-output test of the renderer on the fixture corpus.

A template change shows up here as a readable diff. To accept a deliberate change:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.link import register_corpus
from builder.load import load_corpus
from builder.render import render_site

GOLDEN = Path(__file__).parent / "golden" / "mini"
GOLDEN_EN = Path(__file__).parent / "golden" / "mini-en"


@pytest.fixture
def rendered(mini_corpus: Path):
    corpus = load_corpus(mini_corpus)
    return render_site(corpus, register_corpus(corpus))


@pytest.fixture
def rendered_en(mini_corpus: Path):
    corpus = load_corpus(mini_corpus)
    return render_site(corpus, register_corpus(corpus), edition="en")


def _compare_with_golden(pages: dict[str, str], golden: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        for page, text in pages.items():
            (golden / page).parent.mkdir(parents=True, exist_ok=True)
            (golden / page).write_text(text, encoding="utf-8")
    expected = {str(p.relative_to(golden)): p for p in golden.rglob("*.md")}
    assert sorted(pages) == sorted(expected)
    for page, text in pages.items():
        assert text == expected[page].read_text(encoding="utf-8"), page


def test_pages_match_golden_output(rendered):
    _compare_with_golden(rendered.pages, GOLDEN)


def test_english_pages_match_golden_output(rendered_en):
    _compare_with_golden(rendered_en.pages, GOLDEN_EN)
    assert sorted(rendered_en.pages) == sorted(
        str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.md")
    )  # the same pages in both editions


def test_english_corpus_text_is_escaped(rendered_en):
    page = rendered_en.pages["demo/art-1.md"]
    assert "&#60;b&#62;tags&#60;/b&#62;" in page and "<b>tags" not in page


def test_corpus_text_is_escaped(rendered):
    page = rendered.pages["demo/art-1.md"]
    assert "&#60;b&#62;标签&#60;/b&#62;" in page
    assert "&#42; 星号" in page and "&#91;方括号&#93;" in page
    assert "&#38; 不被解释" in page
    assert "<b>" not in page


def test_a_paragraph_that_looks_like_a_list_stays_text(rendered):
    assert "1&#46; 成立[领导小组](" in rendered.pages["demo/art-2.md"]  # text, then a term link


def test_missing_values_are_shown_as_missing(rendered):
    row = rendered.pages["demo/indicators.md"].split('<tr id="ind-1"')[1].split("</tr>")[0]
    assert row.count("未载明") == 1  # the 2030 target the source does not give
    assert "未达标" in row


def test_project_totals_show_stated_and_computed(rendered):
    page = rendered.pages["demo/projects.md"]
    totals = page[page.index("## 合计") :]
    row = totals[totals.index("生态安全") :].split("</tr>")[0]
    assert '<td class="atlas-num">300</td>' in row  # computed
    assert '<span title="原文 As printed: 300">300</span>' in row  # stated, as the source prints
    assert "（仅搬迁）" in page


def test_reconstructed_headings_are_marked(rendered):
    assert "重构标题" in rendered.pages["demo/ch02.md"]
    assert "重构标题" not in rendered.pages["demo/ch01.md"]


def test_nav_lists_chapters_not_provisions(rendered):
    plan_nav = rendered.nav[1]["示范区规划"]
    assert plan_nav == [
        {"概览": "demo/index.md"},
        {"第一章 规划总则": "demo/ch01.md"},
        {"第二章 重建的章": "demo/ch02.md"},
        {"一览": "demo/glance.md"},
        {"建设指标": "demo/indicators.md"},
        {"重点项目": "demo/projects.md"},
        {"数据说明": "demo/data-notes.md"},
        {"修订记录": "demo/revisions.md"},
    ]


def test_a_glossary_term_is_linked_once_per_provision(rendered):
    page = rendered.pages["demo/art-1.md"]
    assert page.count("](../glossary/p.md#pm2-5") == 1
    assert 'title="PM2.5: Fine particles' in page or '"PM2.5: Fine particles' in page


def test_a_provision_shows_what_it_is_connected_to(rendered):
    page = rendered.pages["demo/art-1.md"]
    connected = page[page.index("## 关联") :]
    assert "[指标 1 PM2.5浓度](indicators.md#ind-1)" in connected
    assert "(../topics/air.md)" in connected


def test_topic_pages_list_every_district(rendered):
    page = rendered.pages["topics/air.md"]
    assert '## 示范区 <small lang="en">Demo District</small> {#demo}' in page
    assert "第1条 总体目标" in page and "项目 2 电厂搬迁项目" in page


def test_a_build_writes_each_page_before_it_renders_the_next(mini_corpus: Path, tmp_path: Path):
    """An edition's pages pass one at a time from the renderer to the disk: held together,
    the Markdown of 200 plans took over a gigabyte per edition. Also: kept pages stay, and
    a page the site no longer has is removed."""
    from builder.render import page_stream, write_pages

    corpus = load_corpus(mini_corpus)
    registry = register_corpus(corpus)
    stream = page_stream(corpus, registry)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gone.md").write_text("old", "utf-8")
    (docs / "kept.md").write_text("as before", "utf-8")
    passed: list[str] = []

    def watched():
        for path, text in stream.texts():
            if passed:
                assert (docs / passed[-1]).is_file(), "the previous page is not written yet"
            passed.append(path)
            yield path, text

    written = write_pages(watched(), {"kept.md"}, [], docs)
    assert passed == stream.rendered == written
    assert {p: (docs / p).read_text("utf-8") for p in passed} == render_site(corpus, registry).pages
    assert (docs / "kept.md").is_file() and not (docs / "gone.md").exists()
