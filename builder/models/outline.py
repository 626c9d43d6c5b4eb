"""A Word-layout plan's curated outline (corpus/PLAN/outline.yaml): its chapters and
sections, where each starts in the source, and whether its heading is reconstructed. The
importer reads it; the site never does."""

from __future__ import annotations

from pydantic import Field, model_validator

from builder.models.base import Line, StrictModel


class OutlineSection(StrictModel):
    n: int = Field(ge=1)
    title_zh: str = Field(min_length=1)
    inferred: bool
    line: Line


class OutlineChapter(OutlineSection):
    sections: list[OutlineSection] = Field(min_length=1)


class Outline(StrictModel):
    chapters: list[OutlineChapter] = Field(min_length=1)

    @model_validator(mode="after")
    def _in_document_order(self) -> Outline:
        starts = [
            line
            for chapter in self.chapters
            for line in (chapter.line, *(section.line for section in chapter.sections))
        ]
        if starts != sorted(starts):
            raise ValueError("chapters and sections must be listed in document order (by line)")
        return self
