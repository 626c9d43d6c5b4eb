"""The appendix tables of a PDF-layout plan: 附件1 indicators and 附件2 key projects."""

from __future__ import annotations

import re
from typing import Any

from builder.importer.records import (
    indicator_record,
    plain_number,
    project_record,
    task_name,
)
from builder.importer.tables import Row, read_tab_rows
from builder.importer.text import Line

INDICATOR_APPENDIX = re.compile(r"^附件\s*1\s")
PROJECT_APPENDIX = re.compile(r"^附件\s*2\s")
YEAR = re.compile(r"(\d{4})\s*年")


def _section(lines: list[Line], start: re.Pattern[str], stop: re.Pattern[str] | None) -> list[Line]:
    first = next(i for i, line in enumerate(lines) if start.match(line.raw.strip()))
    last = next(
        (i for i in range(first + 1, len(lines)) if stop and stop.match(lines[i].raw.strip())),
        len(lines),
    )
    return lines[first + 1 : last]


def _is_indicator_header(cells: list[str]) -> bool:
    return cells[0] == "领域" or "现状值" in cells


def parse_pdf_indicators(lines: list[Line]) -> dict[str, Any]:
    rows = read_tab_rows(
        _section(lines, INDICATOR_APPENDIX, PROJECT_APPENDIX), _is_indicator_header
    )
    header = rows[0].header
    years = [int(y) for y in YEAR.findall(" ".join(header))]
    baseline_year, target_years = years[0], years[1:]
    indicators: list[dict[str, Any]] = []
    state: dict[str, Any] = {"domain": "", "task": None, "number": 0, "group": None, "sub": 0}
    for row in rows:
        indicators.append(_indicator(row, state, baseline_year, target_years))
    return {"indicators": _whole_merged_groups(indicators)}


def _whole_merged_groups(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A merged cell cut by a page break (生态系统保护 | 修复) reads whole on every row it spans:
    the rows before the break got only its first part."""
    whole: dict[tuple[str, int], str] = {}
    for row in indicators:
        if row["group_zh"]:
            whole[(row["attribute"], row["number"])] = row["group_zh"]
    for row in indicators:
        full = whole.get((row["attribute"], row["number"]))
        if (
            row["group_zh"]
            and full
            and full != row["group_zh"]
            and full.startswith(row["group_zh"])
        ):
            row["group_zh"] = full
    return indicators


def _indicator(
    row: Row, state: dict[str, Any], baseline_year: int, target_years: list[int]
) -> dict[str, Any]:
    """One table row; `state` carries the merged cells (domain, task, number, group) downward."""
    two_name_columns = len(row.header) == 12
    cells = row.cells
    if two_name_columns:
        group, name = (cells[3], cells[4]) if cells[4] else ("", cells[3])
        rest = cells[5:]
    else:
        group, name, rest = "", cells[3], cells[4:]
    unit, standard, attribute_text, baseline, status, *targets = rest
    reference = cells[0] == "参考性指标" or state.get("reference", False)
    state["reference"] = reference
    if cells[0] and not reference:
        state["domain"] = cells[0]
    if cells[1]:
        state["task"] = task_name(cells[1])
    if cells[2]:
        state.update(number=int(cells[2]), group=group or None, sub=0, unit=unit)
        state["sub"] = 1 if group else 0
    else:
        if group and state["group"]:  # the group name continues after a page break
            state["group"] += group
        state["sub"] += 1
    return indicator_record(
        state,
        name=name,
        unit=unit,
        has_number=bool(cells[2]),
        standard=standard,
        attribute_text=attribute_text,
        baseline_year=baseline_year,
        baseline=baseline,
        status_text=status,
        targets=list(zip(target_years, targets, strict=True)),
        lines=(row.first, row.last),
    )


def _is_project_header(cells: list[str]) -> bool:
    return cells[0] == "类别"


def parse_pdf_projects(lines: list[Line]) -> dict[str, Any]:
    rows = read_tab_rows(_section(lines, PROJECT_APPENDIX, None), _is_project_header)
    projects: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []
    grand_total: dict[str, Any] | None = None
    domain = ""
    for row in rows:
        cells = row.cells
        if cells[0] and cells[0] != "总计":
            domain = cells[0]
        if cells[1] == "合计":
            totals.append(_stated_total(domain, cells[6], row))
        elif cells[0] == "总计":
            stated = next((cell for cell in cells[1:] if plain_number(cell) is not None), "——")
            grand_total = _stated_total(None, stated, row)
        else:
            projects.append(
                project_record(
                    number=int(cells[1]),
                    domain=domain,
                    task=None,
                    name=cells[2],
                    type_text=cells[3],
                    content=cells[4],
                    period_text=cells[5],
                    investment_text=cells[6],
                    lead_text=row.raw[7] if len(row.raw) > 7 else "",
                    lines=(row.first, row.last),
                )
            )
    return {"projects": projects, "totals": totals, "grand_total": grand_total}


def _stated_total(domain: str | None, text: str, row: Row) -> dict[str, Any]:
    return {
        "domain_zh": domain,
        "text": text,
        "value_wan": plain_number(text),
        "lines": [row.first, row.last],
    }
