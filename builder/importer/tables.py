"""Read the two table layouts of the sources into rows of cells, each row with its line span.

- PDF layout: one row per line, cells separated by tabs; the header is repeated at every
  page break (and may have a different number of columns on each page).
- Word layout: one cell per tab-indented line, a cell's further paragraphs on untabbed lines,
  rows separated by blank lines (a stray blank line can split a row: rows are re-joined to
  the expected width).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from builder.importer.noise import clean_line
from builder.importer.text import Line


@dataclass(frozen=True)
class Row:
    cells: list[str]
    first: int
    last: int
    header: tuple[str, ...] = ()
    raw: tuple[str, ...] = ()

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


def read_tab_rows(lines: list[Line], is_header: Callable[[list[str]], bool]) -> list[Row]:
    """Rows of a PDF-layout table; each row remembers the header of its page."""
    rows: list[Row] = []
    header: tuple[str, ...] = ()
    for line in lines:
        if "\t" not in line.raw:
            continue
        cells = [clean_line(cell) for cell in line.raw.split("\t")]
        if is_header(cells):
            if cells[0]:
                header = tuple(cells)
            continue
        rows.append(Row(cells, line.number, line.number, header, tuple(line.raw.split("\t"))))
    return rows


def read_cell_rows(lines: list[Line], width: int | None = None) -> list[Row]:
    """Rows of a Word-layout table; with `width`, rows split by a stray blank line are joined."""
    blocks: list[Row] = []
    cells: list[str] = []
    raw: list[str] = []
    first = last = 0
    for line in [*lines, Line(0, "")]:
        if not line.raw.strip() and not line.raw.startswith("\t"):
            if cells:
                blocks.append(Row(cells, first, last, (), tuple(raw)))
            cells, raw = [], []
            continue
        if line.raw.startswith("\t") or not cells:
            cells.append(clean_line(line.raw))
            raw.append(line.raw.removeprefix("\t"))
            first = first if len(cells) > 1 else line.number
        else:
            cells[-1] += "\n" + clean_line(line.raw)
            raw[-1] += "\n" + line.raw
        last = line.number
    return _join_split_rows(blocks, width) if width else blocks


def _join_split_rows(blocks: list[Row], width: int) -> list[Row]:
    rows: list[Row] = []
    for block in blocks:
        if rows and len(rows[-1].cells) < width and len(rows[-1].cells) + len(block.cells) <= width:
            previous = rows.pop()
            block = Row(
                previous.cells + block.cells,
                previous.first,
                block.last,
                (),
                previous.raw + block.raw,
            )
        rows.append(block)
    return rows
