"""A data note: something the source states inconsistently or gets wrong, kept as printed."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from builder.models.base import LineRange, StrictModel


class Place(StrictModel):
    lines: LineRange
    quote: str = Field(min_length=1)


class DataNote(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    kind: Literal["contradiction", "sum_mismatch", "count_mismatch", "typo", "missing"]
    summary_en: str
    summary_zh: str
    corpus_takes: str | int | float | None = None
    places: list[Place] = Field(min_length=1)
