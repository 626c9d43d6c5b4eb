"""An indicator row of a plan's indicator table (sub-indicators are rows of their own)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from builder.models.base import LineRange, StrictModel

Status = Literal["met", "not_met", "not_applicable", "not_stated"]


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
    # Where the status was read: the row's status cell, or (a table without a status column)
    # inferred by the importer from the baseline's words, which the site says; None: nowhere.
    status_basis: Literal["column", "baseline"] | None
    status_text: str | None = None
    targets: list[Target]
    lines: LineRange


class Indicator(IndicatorRecord):
    """The row as the site shows it: with its curated English and national key."""

    name_en: str | None = None
    domain_en: str | None = None
    standard_en: str | None = None
    baseline_en: str | None = None
    targets_en: dict[int, str | None] = Field(default_factory=dict)
    translation_stale: bool = False
    national_key: str | None = None
