"""Turn table cells into indicator and project records (plain dicts for the corpus YAML).

Values are kept verbatim as text; a number is parsed beside it only where the text is a
plain number. Nothing is filled in: an absent cell stays absent (null).
"""

from __future__ import annotations

import re
from typing import Any

from builder.importer.noise import clean_line

PLAIN_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
TASK_NUMBER = re.compile(r"^[(（][一二三四五六七八九十]+[)）]\s*")
PERIOD = re.compile(r"^(\d{4})\s*[-—~～]\s*(\d{4})\s*年?$")
INVESTMENT = re.compile(r"^(\d+(?:\.\d+)?)\s*(.*)$")
NOT_MET = ("未达到", "未完成", "未达标")
NOT_APPLICABLE = ("不涉及",)  # 零陵区不涉及该项指标
STATUS = {"已达标": "met", "未达标": "not_met", "——": "not_applicable"}
TYPES = {"新建": "new", "续建": "continued"}


def text_or_none(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def plain_number(text: str | None) -> float | int | None:
    """The number a cell states, if the cell is nothing but a number."""
    if text is None or not PLAIN_NUMBER.match(text):
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def task_name(text: str) -> str:
    """'(一) 目标责任 落实' → '目标责任落实': the national task number is implied by the key."""
    return TASK_NUMBER.sub("", text.replace("\n", "")).strip()


def status_of(status_text: str | None, baseline_text: str | None) -> tuple[str, bool]:
    """A row's status, and whether it is inferred: read from the baseline cell's words where
    the table has no status column (未达到… not met, 不涉及… not applicable)."""
    if status_text is not None:
        return STATUS.get(status_text, "not_stated"), False
    for markers, status in ((NOT_MET, "not_met"), (NOT_APPLICABLE, "not_applicable")):
        if baseline_text and any(marker in baseline_text for marker in markers):
            return status, True
    return "not_stated", False


def indicator_id(attribute: str, number: int, sub: int | None) -> str:
    prefix = "ind" if attribute == "binding" else "ref"
    return f"{prefix}-{number}" + (f".{sub}" if sub else "")


def indicator_record(
    state: dict[str, Any],
    *,
    name: str,
    unit: str,
    has_number: bool,
    standard: str,
    attribute_text: str,
    baseline_year: int,
    baseline: str,
    status_text: str | None,
    targets: list[tuple[int, str]],
    lines: tuple[int, int],
) -> dict[str, Any]:
    """One indicator row; `state` carries the merged cells (domain, task, number, group, unit)."""
    reference = state["reference"]
    attribute = "reference" if reference else "binding"
    status, status_inferred = status_of(text_or_none(status_text), baseline)
    # Merged cells: a sub-row with no unit of its own shares its indicator's unit, said so.
    merged_unit = None if text_or_none(unit) or has_number else state.get("unit")
    inferred = {"status": "baseline_words"} if status_inferred else {}
    if merged_unit:
        inferred["unit"] = "merged_cell"
    record = {
        "id": indicator_id(attribute, state["number"], state["sub"] or None),
        "attribute": attribute,
        "number": state["number"],
        "sub": state["sub"] or None,
        "domain_zh": "参考性指标" if reference else state["domain"],
        "task_zh": None if reference else state["task"],
        "group_zh": state["group"],
        "name_zh": name,
        "unit": text_or_none(unit) or merged_unit,
        "standard_zh": text_or_none(standard),
        "attribute_text": text_or_none(attribute_text),
        "baseline_year": baseline_year,
        "baseline_text": text_or_none(baseline),
        "baseline_value": plain_number(text_or_none(baseline)),
        "status": status,
        "status_text": text_or_none(status_text),
        "targets": [
            {"year": year, "text": text_or_none(text), "value": plain_number(text_or_none(text))}
            for year, text in targets
        ],
        "lines": list(lines),
    }
    return {**record, "inferred": inferred} if inferred else record


def period_of(text: str) -> tuple[int | None, int | None]:
    match = PERIOD.match(text.strip())
    return (int(match[1]), int(match[2])) if match else (None, None)


def investment_of(text: str) -> tuple[float | int | None, str | None]:
    """'10000（仅搬迁，不含建设）' → (10000, '（仅搬迁，不含建设）'); '/' → (None, None)."""
    match = INVESTMENT.match(text.strip())
    if not match:
        return None, None
    return plain_number(match[1]), text_or_none(match[2])


def lead_units(raw_text: str) -> list[str]:
    """Split a raw lead-unit cell: units are separated by 、 or by a line break in the cell."""
    return [clean_line(unit) for unit in re.split(r"[、\s]+", raw_text) if unit.strip()]


def project_record(
    *,
    number: int,
    domain: str,
    task: str | None,
    name: str,
    type_text: str,
    content: str,
    period_text: str,
    investment_text: str,
    lead_text: str,
    lines: tuple[int, int],
) -> dict[str, Any]:
    start, end = period_of(period_text)
    investment, note = investment_of(investment_text)
    return {
        "id": f"proj-{number}",
        "number": number,
        "domain_zh": domain,
        "task_zh": task,
        "name_zh": name,
        "type": TYPES.get(type_text, type_text),
        "content_zh": content,
        "period_text": period_text,
        "start_year": start,
        "end_year": end,
        "investment_text": investment_text,
        "investment_wan": investment,
        "investment_note": note,
        "lead_units": lead_units(lead_text),
        "lines": list(lines),
    }
