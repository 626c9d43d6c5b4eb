"""Turn the files maintainers receive (.txt, .docx, .pdf) into the source text the layout
parsers read, with a list of what could not be placed.

The text follows the seeds' extraction conventions, so one set of layout parsers serves
every format: a blank line between paragraphs, Word bookmarks as ``[bookmark: NAME]``,
a Word table as one tab-indented line per cell with a blank line after each row, a PDF
table as one tab-separated line per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the readers load python-docx and pdfplumber only when a document comes
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from pdfplumber.page import Page

HEADING = re.compile(r"^\s*(第\s*[\d一二三四五六七八九十百]+\s*[条章节]|附件|附表)")


@dataclass
class SourceText:
    text: str
    unplaced: list[str] = field(default_factory=list)


class DocumentError(Exception):
    """The file cannot be read as a document of its kind."""


def docx_text(path: Path) -> SourceText:
    """A Word file's body in document order: paragraphs (with bookmarks) and tables."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise DocumentError(f"not a readable .docx file ({type(error).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines.extend(_docx_table_lines(block))
        else:
            lines.append(_docx_paragraph_text(block))
    return SourceText("\n".join(lines) + "\n")


def _docx_paragraph_text(paragraph: Paragraph) -> str:
    parts: list[str] = []
    for node in paragraph._p.iter():
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "bookmarkStart":
            name = next((v for k, v in node.attrib.items() if k.endswith("}name")), "")
            parts.append(f"[bookmark: {name}]")
        elif tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
    return "".join(parts)


def _docx_table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            first, *more = [p.text for p in cell.paragraphs] or [""]
            lines.append("\t" + first)
            lines.extend(more)
        lines.append("")
    return lines


def pdf_text(path: Path) -> SourceText:
    """A PDF's text, best effort: lines joined into paragraphs by where they end, tables as
    tab-separated rows; pages without text and unreadable glyphs are reported."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    unplaced: list[str] = []
    blocks: list[str] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                page_blocks = _pdf_page_blocks(page)
                if not page_blocks:
                    unplaced.append(f"page {number}: no text layer (a scanned image?)")
                for block in page_blocks:
                    if "(cid:" in block:
                        unplaced.append(f"page {number}: unreadable glyphs in {block[:30]!r}")
                blocks.extend(page_blocks)
    except (PDFSyntaxError, PdfminerException) as error:
        raise DocumentError(f"not a readable .pdf file ({error})") from None
    return SourceText("\n\n".join(_join_page_breaks(blocks)) + "\n", unplaced)


def _pdf_page_blocks(page: Page) -> list[str]:
    """A page as paragraphs and table rows, top to bottom."""
    tables = page.find_tables()
    placed: list[tuple[float, str]] = []
    for table in tables:
        rows = ["\t".join(_cell(c) for c in row) for row in table.extract()]
        placed.append((table.bbox[1], "\n".join(rows)))
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    lines = outside.extract_text_lines(return_chars=False)
    right = max((line["x1"] for line in lines), default=0)
    paragraph: list[str] = []
    top = 0.0
    for line in lines:
        if paragraph and HEADING.match(line["text"]):  # a heading never continues a paragraph
            placed.append((top, "".join(paragraph)))
            paragraph = []
        if not paragraph:
            top = line["top"]
        paragraph.append(line["text"])
        if line["x1"] < right - 15:  # a line that stops short ends its paragraph
            placed.append((top, "".join(paragraph)))
            paragraph = []
    if paragraph:
        placed.append((top, "".join(paragraph) + _OPEN))
    return [text for _, text in sorted(placed, key=lambda item: item[0])]


_OPEN = "\x00open"  # marks a paragraph that runs on to the next page


def _join_page_breaks(blocks: list[str]) -> list[str]:
    """A paragraph left open at the foot of a page continues in the next page's first
    paragraph (a table never continues a paragraph)."""
    joined: list[str] = []
    carry = ""
    for block in blocks:
        if block.endswith(_OPEN):
            carry += block.removesuffix(_OPEN)
        elif "\t" in block:
            joined += [carry, block] if carry else [block]
            carry = ""
        else:
            joined.append(carry + block)
            carry = ""
    return [*joined, carry] if carry else joined


def _cell(value: str | None) -> str:
    return (value or "").replace("\n", "")
