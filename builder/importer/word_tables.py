"""The tables of a Word-layout plan: 表1 indicators and 附表1 key projects."""

from __future__ import annotations

import re
from typing import Any

from builder.importer.noise import strip_bookmarks
from builder.importer.records import (
    indicator_record,
    plain_number,
    project_record,
    task_name,
)
from builder.importer.tables import Row, read_cell_rows
from builder.importer.text import Line

INDICATOR_TABLE = re.compile(r"^表1\s")
PROJECT_TABLE = re.compile(r"^附表1\s")
YEAR = re.compile(r"(\d{4})年")
INDICATOR_WIDTH = 11
PROJECT_WIDTH = 9


def _table_lines(lines: list[Line], title: re.Pattern[str]) -> list[Line]:
    """The lines of a table: from after its title to the first untabbed text line after it."""
    start = next(
        i for i, line in enumerate(lines) if title.match(strip_bookmarks(line.raw).strip())
    )
    end = start + 1
    while end < len(lines):
        raw = lines[end].raw
        continues_cell = raw.strip() and not raw.startswith("\t") and lines[end - 1].raw.strip()
        if raw.strip() and not raw.startswith("\t") and not continues_cell:
            break
        end += 1
    return lines[start + 1 : end]


def parse_word_indicators(lines: list[Line]) -> dict[str, Any]:
    rows = read_cell_rows(_table_lines(lines, INDICATOR_TABLE), INDICATOR_WIDTH)
    header_text = " ".join(" ".join(row.cells) for row in rows[:2])
    baseline_year, *target_years = (int(year) for year in YEAR.findall(header_text))
    state: dict[str, Any] = {"domain": "", "task": None, "reference": False}
    indicators = [
        _indicator(row, state, baseline_year, target_years) for row in rows if not _is_header(row)
    ]
    return {"indicators": indicators}


def _is_header(row: Row) -> bool:
    return row.cells[0] == "领域" or any("基准值" in cell for cell in row.cells)


def _indicator(
    row: Row, state: dict[str, Any], baseline_year: int, target_years: list[int]
) -> dict[str, Any]:
    cells = row.cells
    state["reference"] = state["reference"] or cells[0] == "参考性指标"
    if state["reference"]:
        _, number, name, unit, standard, attribute_text, baseline, *targets = _pad(cells, 9)
        group = ""
    elif len(cells) >= INDICATOR_WIDTH or not cells[2]:
        padded = _pad(cells, INDICATOR_WIDTH)
        number, group, name, unit, standard, attribute_text, baseline = padded[2:9]
        targets = padded[9:]
    else:
        padded = _pad(cells, 10)
        number, name, unit, standard, attribute_text, baseline = padded[2:8]
        group, targets = "", padded[8:]
    if not state["reference"]:
        state["domain"] = cells[0] or state["domain"]
        state["task"] = task_name(cells[1]) if cells[1] else state["task"]
    if number:
        state.update(number=int(number), group=group or None, sub=1 if group else 0, unit=unit)
    else:
        state["sub"] += 1
    return indicator_record(
        state,
        name=name,
        unit=unit,
        has_number=bool(number),
        standard=standard,
        attribute_text=attribute_text,
        baseline_year=baseline_year,
        baseline=baseline,
        status_text=None,
        targets=list(zip(target_years, targets, strict=True)),
        lines=(row.first, row.last),
    )


def _pad(cells: list[str], width: int) -> list[str]:
    return [*cells, *[""] * (width - len(cells))]


def parse_word_projects(lines: list[Line]) -> dict[str, Any]:
    rows = read_cell_rows(_table_lines(lines, PROJECT_TABLE), PROJECT_WIDTH)
    projects: list[dict[str, Any]] = []
    grand_total: dict[str, Any] | None = None
    domain, task = "", None
    for row in rows:
        cells = row.cells
        if cells[0] == "合计":
            stated = next((cell for cell in cells[1:] if plain_number(cell) is not None), "/")
            grand_total = {
                "domain_zh": None,
                "text": stated,
                "value_wan": plain_number(stated),
                "lines": [row.first, row.last],
            }
            continue
        if not cells[2].isdigit():
            continue  # the header rows
        domain = cells[0] or domain
        task = task_name(cells[1]) if cells[1] else task
        projects.append(
            project_record(
                number=int(cells[2]),
                domain=domain,
                task=task,
                name=cells[3],
                content=cells[4],
                type_text=cells[5],
                investment_text=cells[6],
                period_text=cells[7],
                lead_text=row.raw[8],
                lines=(row.first, row.last),
            )
        )
    return {"projects": projects, "totals": [], "grand_total": grand_total}
