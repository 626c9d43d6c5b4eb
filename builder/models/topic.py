"""A topic both plans share: the axis of the side-by-side pages."""

from __future__ import annotations

from pydantic import Field

from builder.models.base import StrictModel


class Topic(StrictModel):
    key: str = Field(pattern=r"^[a-z][a-z0-9\-]*$")
    name_zh: str
    name_en: str
