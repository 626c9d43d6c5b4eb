"""The national indicator standard that both plans cite: the basis of comparison."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from builder.models.base import StrictModel


class StandardDocument(StrictModel):
    title_zh: str
    title_en: str
    doc_no: str
    issuer_zh: str


class StandardDomain(StrictModel):
    key: str
    name_zh: str
    name_en: str


class StandardTask(StrictModel):
    key: str
    number_zh: str
    name_zh: str
    name_en: str
    domain: str


class StandardSub(StrictModel):
    key: str
    name_zh: str
    name_en: str
    unit: str | None = None
    standard_zh: str | None = None


class StandardIndicator(StrictModel):
    key: str
    attribute: Literal["binding", "reference"]
    number: int
    task: str | None = None
    name_zh: str
    name_en: str
    unit: str | None = None
    standard_zh: str | None = None
    subs: list[StandardSub] = Field(default_factory=list)


class NationalStandard(StrictModel):
    """corpus/national_standard.yaml."""

    document: StandardDocument
    domains: list[StandardDomain]
    tasks: list[StandardTask]
    indicators: list[StandardIndicator]

    def keys(self) -> list[str]:
        """Every comparable key, in table order: an indicator's subs, or the indicator itself."""
        return [
            key
            for indicator in self.indicators
            for key in ([s.key for s in indicator.subs] or [indicator.key])
        ]
