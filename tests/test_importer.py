"""The importer on the real seeds: counts, spot values, the round trip to the corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.importer import IMPORTED_FILES, SourceError, import_plan, parse_plan
from builder.importer.pdf_layout import parse_pdf_plan
from builder.importer.text import assemble_paragraphs, chinese_number, read_lines
from builder.yamlio import read_yaml

from .conftest import LINGLING_SOURCE, ROOT, SHIFENG_SOURCE


def test_chinese_numbers():
    assert [chinese_number(n) for n in ("一", "九", "十", "十二", "二十", "二十三")] == [
        1, 9, 10, 12, 20, 23,
    ]  # fmt: skip


def test_paragraphs_cut_by_page_breaks_are_mended(tmp_path: Path):
    source = tmp_path / "t.txt"
    source.write_text("支撑\n\n高质量发展。\n\n下一段。\n", encoding="utf-8")
    assert assemble_paragraphs(read_lines(source)) == ["支撑高质量发展。", "下一段。"]
    # A page break after a clause's ； (第31条) continues the paragraph; a list item does not.
    source.write_text(
        "增加碳汇量；\n\n开展调查。\n\n近期：创建阶段；\n\n远期：巩固阶段。\n", "utf-8"
    )
    assert assemble_paragraphs(read_lines(source)) == [
        "增加碳汇量；开展调查。",
        "近期：创建阶段；",
        "远期：巩固阶段。",
    ]


def test_shifeng_has_all_107_articles_in_order(shifeng_lines):
    provisions = parse_pdf_plan(shifeng_lines)["provisions"]
    assert [p["number"] for p in provisions] == list(range(1, 108))
    assert provisions[0]["label"] == "第1条"


def test_shifeng_outline(shifeng_lines):
    chapters = parse_pdf_plan(shifeng_lines)["chapters"]
    assert len(chapters) == 9
    assert [len(c["sections"]) for c in chapters] == [2, 3, 4, 7, 6, 3, 4, 0, 0]
    assert chapters[3]["title_zh"] == "提升生态环境质量，筑牢生态安全屏障"
    assert chapters[3]["sections"][2]["title_zh"] == "深化蓝天保卫战，全力改善空气质量"


def test_shifeng_spot_values(shifeng_lines):
    provisions = {p["id"]: p for p in parse_pdf_plan(shifeng_lines)["provisions"]}
    art37 = provisions["art-37"]
    assert art37["title_zh"] == "着力打好重污染天气消除攻坚战"
    assert (art37["chapter"], art37["section"]) == (4, 3)
    assert art37["lines"] == [319, 327]
    assert len(art37["paragraphs"]) == 3
    assert "到2027年，重点完成株洲市金利亚环保科技有限公司2、3号炉" in art37["paragraphs"][2]
    assert "总面积180.58平方公里" in provisions["art-10"]["paragraphs"][0]
    # A paragraph the PDF broke across pages is one paragraph again.
    assert provisions["art-9"]["paragraphs"][1].endswith(
        "以高品质生态环境支撑高质量发展。以科技创新为引领，推进制度、管理等领域全面创新。"
    )
    # Articles in chapters without sections.
    assert provisions["art-107"]["section"] is None


def test_shifeng_front_matter_is_verbatim(shifeng_lines):
    notice, preface = parse_pdf_plan(shifeng_lines)["front_matter"]
    assert notice["key"] == "notice"
    assert "株石政发〔2024〕7号" in notice["paragraphs"]
    assert notice["paragraphs"][-1] == "2024年12月30日"
    assert preface["paragraphs"][0].startswith("党的十八大以来提出走生态文明建设之路")
    assert len(preface["paragraphs"]) == 3


def test_text_keeps_no_extraction_noise(shifeng_lines):
    for provision in parse_pdf_plan(shifeng_lines)["provisions"]:
        for paragraph in provision["paragraphs"]:
            assert "_{" not in paragraph and "^" not in paragraph
            assert "μ g" not in paragraph and "**" not in paragraph  # no extraction markup


@pytest.mark.parametrize(
    ("plan", "source"), [("shifeng", SHIFENG_SOURCE), ("lingling", LINGLING_SOURCE)]
)
def test_reimport_equals_committed_corpus(tmp_path: Path, plan: str, source: Path):
    """The committed corpus is what the importer produces from the seed, byte for byte."""
    plan_dir = tmp_path / plan
    plan_dir.mkdir()
    if (ROOT / "corpus" / plan / "outline.yaml").exists():
        shutil.copy(ROOT / "corpus" / plan / "outline.yaml", plan_dir)
    result = import_plan(source, plan_dir)
    assert set(result.files) == set(IMPORTED_FILES)
    for name in result.files:
        committed = (ROOT / "corpus" / plan / name).read_text(encoding="utf-8")
        assert (plan_dir / name).read_text(encoding="utf-8") == committed, name


def test_word_layout_needs_its_outline(tmp_path: Path):
    with pytest.raises(SourceError, match=r"outline\.yaml is missing"):
        parse_plan(LINGLING_SOURCE, tmp_path / "lingling")


def test_import_writes_only_imported_files(tmp_path: Path):
    plan_dir = tmp_path / "shifeng"
    plan_dir.mkdir()
    (plan_dir / "english.yaml").write_text("provisions: {art-1: Kept}\n", encoding="utf-8")
    import_plan(SHIFENG_SOURCE, plan_dir)
    assert read_yaml(plan_dir / "english.yaml") == {"provisions": {"art-1": "Kept"}}


def test_dry_run_parses_without_writing(tmp_path: Path):
    result = parse_plan(SHIFENG_SOURCE, tmp_path / "shifeng")
    assert "107 provisions, 31 indicator rows, 25 projects" in result.summary()
    assert not (tmp_path / "shifeng").exists()
