"""A key project of a plan's project table, and the totals the table states."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from builder.models.base import LineRange, StrictModel


class ProjectRecord(StrictModel):
    """A key project as the importer writes it (corpus/PLAN/projects.yaml)."""

    id: str = Field(pattern=r"^proj-\d+$")
    number: int
    domain_zh: str
    task_zh: str | None = None
    name_zh: str
    type: Literal["new", "continued"]
    content_zh: str
    period_text: str
    start_year: int | None = None
    end_year: int | None = None
    investment_text: str
    investment_wan: float | None = None
    investment_note: str | None = None
    lead_units: list[str]
    lines: LineRange


class Project(ProjectRecord):
    """The project as the site shows it: with its curated English."""

    name_en: str | None = None
    domain_en: str | None = None
    content_en: str | None = None
    period_en: str | None = None
    investment_note_en: str | None = None
    lead_units_en: list[str] = Field(default_factory=list)
    translation_stale: bool = False


class StatedTotal(StrictModel):
    """A total as printed in the table (合计 per domain, 总计/合计 for the plan)."""

    domain_zh: str | None = None
    text: str
    value_wan: float | None = None
    lines: LineRange
