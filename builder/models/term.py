"""A glossary term: the plans' domain vocabulary in Chinese and English."""

from __future__ import annotations

from pydantic import Field

from builder.models.base import StrictModel


class Term(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$", description="pinyin slug of the term")
    zh: str
    pinyin: str
    en: str
    aliases_zh: list[str] = Field(default_factory=list)
    aliases_en: list[str] = Field(default_factory=list)
    definition_en: str
    definition_zh: str

    @property
    def all_zh(self) -> list[str]:
        return [self.zh, *self.aliases_zh]

    @property
    def all_en(self) -> list[str]:
        return [self.en, *self.aliases_en]
