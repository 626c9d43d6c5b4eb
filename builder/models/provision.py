"""A provision: one article (第N条) or one item （一） of a section."""

from __future__ import annotations

from pydantic import Field

from builder.models.base import LOCAL_ID, LineRange, StrictModel


class Provision(StrictModel):
    id: str = Field(pattern=LOCAL_ID)
    label: str | None
    number: int | None = None
    chapter: int
    section: int | None = None
    title_zh: str
    title_inferred: bool = False
    title_en: str | None = None
    summary_en: str | None = None
    text_en: list[str] | None = None  # unofficial translation, paragraph by paragraph
    translation_stale: bool = False  # the Chinese changed after it was translated
    paragraphs: list[str] = Field(min_length=1)
    lines: LineRange

    @property
    def text_zh(self) -> str:
        return "\n\n".join(self.paragraphs)


class RemovedProvision(Provision):
    """A provision a revision removed; its page stays so that no published link breaks."""

    removed_in: int
    went_to: str | None = None
