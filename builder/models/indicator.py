"""An indicator row of a plan's indicator table (sub-indicators are rows of their own)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from builder.models.base import LineRange, StrictModel

Status = Literal["met", "not_met", "not_applicable", "not_stated"]
InferredField = Literal["status", "unit"]
Inference = Literal["baseline_words", "merged_cell"]


class Target(StrictModel):
    year: int
    text: str | None
    value: float | None = None


class IndicatorRecord(StrictModel):
    """An indicator row as the importer writes it (corpus/PLAN/indicators.yaml)."""

    id: str = Field(pattern=r"^(ind|ref)-\d+(\.\d+)?$")
    attribute: Literal["binding", "reference"]
    number: int
    sub: int | None = None
    domain_zh: str
    task_zh: str | None = None
    group_zh: str | None = None
    name_zh: str
    unit: str | None = None
    standard_zh: str | None = None
    attribute_text: str | None = None
    baseline_year: int
    baseline_text: str | None = None
    baseline_value: float | None = None
    status: Status
    status_text: str | None = None
    targets: list[Target]
    lines: LineRange
    # Values the source does not print in the row's own cell, and why the importer holds them:
    # `baseline_words` (a status read from the baseline where the table has no status column),
    # `merged_cell` (a blank cell of a sub-row, taken from its indicator's row above). The site
    # marks each as inferred, with its reason; the exports carry the map.
    inferred: dict[InferredField, Inference] = Field(default_factory=dict)


class Indicator(IndicatorRecord):
    """The row as the site shows it: with its curated English and national key."""

    name_en: str | None = None
    domain_en: str | None = None
    standard_en: str | None = None
    baseline_en: str | None = None
    targets_en: dict[int, str | None] = Field(default_factory=dict)
    translation_stale: bool = False
    national_key: str | None = None
