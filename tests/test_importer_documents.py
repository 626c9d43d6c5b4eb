"""The importer reads the files maintainers receive: .docx (python-docx) and .pdf (pdfplumber).

The documents are written by the tests from the real seeds: a Word file with the seed's
paragraphs, bookmarks and tables, and a PDF printed by Chromium from the Shifeng seed.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell
from playwright.sync_api import Browser

from builder.importer import SourceError, import_plan, parse_plan, read_source
from builder.importer.documents import docx_text
from tests.conftest import LINGLING_SOURCE, ROOT, SHIFENG_SOURCE

BOOKMARK = re.compile(r"\[bookmark: ([^\]]*)\]")


def _add_paragraph(container: Document | _Cell, text: str) -> None:
    """A paragraph whose [bookmark: X] markers become real Word bookmarks."""
    paragraph = container.add_paragraph()
    position = 0
    for number, match in enumerate(BOOKMARK.finditer(text), start=1):
        if text[position : match.start()]:
            paragraph.add_run(text[position : match.start()])
        bookmark = OxmlElement("w:bookmarkStart")
        bookmark.set(qn("w:id"), str(number))
        bookmark.set(qn("w:name"), match.group(1))
        paragraph._p.append(bookmark)
        position = match.end()
    if text[position:]:
        paragraph.add_run(text[position:])


def _table_rows(lines: list[str], start: int) -> tuple[list[list[list[str]]], int]:
    """The seed's Word table at `start`: rows of cells (a cell = its paragraphs)."""
    rows: list[list[list[str]]] = []
    index = start
    while index < len(lines) and lines[index].startswith("\t"):
        row: list[list[str]] = []
        while index < len(lines) and lines[index] != "":
            if lines[index].startswith("\t"):
                row.append([lines[index][1:]])
            else:
                row[-1].append(lines[index])
            index += 1
        rows.append(row)
        index += 1  # the blank line that ends a row
    return rows, index


def write_docx(source: Path, target: Path) -> None:
    """A Word file with the seed's paragraphs, bookmarks and tables (real Word tables)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    document = docx.Document()
    index = 0
    while index < len(lines):
        if not lines[index].startswith("\t"):
            _add_paragraph(document, lines[index])
            index += 1
            continue
        rows, index = _table_rows(lines, index)
        table = document.add_table(rows=0, cols=max(len(row) for row in rows))
        for cells in rows:
            row = table.add_row()
            for cell, paragraphs in zip(row.cells, cells, strict=False):
                cell.paragraphs[0].add_run(paragraphs[0])
                for more in paragraphs[1:]:
                    _add_paragraph(cell, more)
            for surplus in row._tr.tc_lst[len(cells) :]:  # rows of the seed differ in width
                row._tr.remove(surplus)
    document.save(str(target))


@pytest.fixture(scope="module")
def lingling_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "零陵区规划.docx"
    write_docx(LINGLING_SOURCE, path)
    return path


def _without_lines(files: dict) -> dict:
    return {name: _drop(data, "lines") for name, data in files.items()}


def _drop(value: object, key: str) -> object:
    if isinstance(value, dict):
        return {k: _drop(v, key) for k, v in value.items() if k != key}
    if isinstance(value, list):
        return [_drop(item, key) for item in value]
    return value


def test_docx_text_equals_the_seed_it_was_written_from(lingling_docx: Path):
    assert docx_text(lingling_docx).text == LINGLING_SOURCE.read_text(encoding="utf-8")


def test_docx_import_gives_the_same_corpus_as_the_text(lingling_docx: Path):
    plan_dir = ROOT / "corpus" / "lingling"
    from_text = parse_plan(LINGLING_SOURCE, plan_dir)
    from_docx = parse_plan(lingling_docx, plan_dir)
    assert from_docx.files == from_text.files
    assert from_docx.unplaced == []
    assert len(from_docx.files["provisions.yaml"]["provisions"]) == 121


def test_docx_table_cells_become_tab_lines(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("附表1 重点项目")
    table = document.add_table(rows=2, cols=3)
    values = [["序号", "项目名称", "投资"], ["1", "治理<工程>", "200"]]
    for row, row_values in zip(table.rows, values, strict=True):
        for cell, value in zip(row.cells, row_values, strict=True):
            cell.text = value
    document.add_paragraph("后文。")
    path = tmp_path / "table.docx"
    document.save(str(path))
    assert docx_text(path).text.splitlines() == [
        "附表1 重点项目",
        *["\t序号", "\t项目名称", "\t投资", ""],
        *["\t1", "\t治理<工程>", "\t200", ""],
        "后文。",
    ]


def test_docx_import_keeps_the_extracted_text_beside_the_sources(
    tmp_path: Path, lingling_docx: Path
):
    corpus = tmp_path / "corpus"
    plan_dir = corpus / "lingling"
    plan_dir.mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "lingling" / "outline.yaml", plan_dir)
    import_plan(lingling_docx, plan_dir)
    extracted = corpus / "sources" / f"{lingling_docx.name}.txt"
    assert extracted.read_text(encoding="utf-8") == LINGLING_SOURCE.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_broken_document_gets_one_clear_line(tmp_path: Path, suffix: str):
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"PK\x03\x04 not really a document" * 50)
    with pytest.raises(SourceError, match=rf"not a readable \{suffix} file"):
        read_source(path)


def _seed_html(source: Path) -> str:
    """The seed as a printable page: paragraphs, and its tab-separated rows as tables."""
    body: list[str] = []
    table: list[list[str]] = []

    def close_table() -> None:
        if table:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                for row in table
            )
            body.append(f"<table>{rows}</table>")
            table.clear()

    for line in source.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            table.append(line.split("\t"))
        elif line.strip():
            close_table()
            body.append(f"<p>{html.escape(line)}</p>")
    close_table()
    style = (
        "body{font-family:'WenQuanYi Zen Hei';font-size:11pt}p{margin:0 0 6pt}"
        "table{border-collapse:collapse;font-size:7pt}td{border:1px solid #000;padding:1px}"
    )
    return f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{''.join(body)}"


@pytest.fixture(scope="module")
def shifeng_pdf(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "石峰区规划.pdf"
    page = browser.new_page()
    page.set_content(_seed_html(SHIFENG_SOURCE))
    page.pdf(path=str(path), format="A4")
    page.close()
    return path


def test_pdf_import_is_best_effort_and_says_what_it_missed(shifeng_pdf: Path):
    plan_dir = ROOT / "corpus" / "shifeng"
    from_text = parse_plan(SHIFENG_SOURCE, plan_dir).files
    result = parse_plan(shifeng_pdf, plan_dir)
    from_pdf = result.files
    articles = {p["id"]: p for p in from_pdf["provisions.yaml"]["provisions"]}
    same = [
        p["id"]
        for p in from_text["provisions.yaml"]["provisions"]
        if articles.get(p["id"], {}).get("paragraphs") == p["paragraphs"]
    ]
    # Measured: 103 of 107 articles word for word (the rest differ only in paragraph breaks).
    assert len(articles) == 107 and len(same) >= 100
    texts = {p["id"]: "".join(p["paragraphs"]) for p in from_pdf["provisions.yaml"]["provisions"]}
    whole = [p for p in from_text["provisions.yaml"]["provisions"]]
    assert all(texts[p["id"]] == "".join(p["paragraphs"]) for p in whole)
    projects = _without_lines(from_pdf)["projects.yaml"]
    assert projects == _without_lines(from_text)["projects.yaml"]
    # What the PDF tables lost is said, not silently dropped.
    indicators = from_pdf["indicators.yaml"]["indicators"]
    if len(indicators) < len(from_text["indicators.yaml"]["indicators"]):
        assert any(item.startswith("indicator table:") for item in result.unplaced)


def test_an_article_the_parse_could_not_find_is_reported(tmp_path: Path):
    source = tmp_path / "revised.txt"
    text = SHIFENG_SOURCE.read_text(encoding="utf-8")
    source.write_text(text.replace("第 38 条 着力打好臭氧污染防治攻坚战\n", ""), encoding="utf-8")
    result = parse_plan(source, ROOT / "corpus" / "shifeng")
    assert result.unplaced == ["第38条 (no article starts with this number)"]
    assert "could not place: 第38条" in result.summary()
