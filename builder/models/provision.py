"""A provision: one article (第N条) or one item （一） of a section.

The record is what the importer writes (corpus/PLAN/provisions.yaml: the source's own text);
the view adds what curated files say of it (English, summary), merged and validated on load.
An imported file that carries a curated field is refused, not silently overwritten.
"""

from __future__ import annotations

from pydantic import Field

from builder.models.base import LOCAL_ID, LineRange, StrictModel


class ProvisionRecord(StrictModel):
    id: str = Field(pattern=LOCAL_ID)
    label: str | None
    number: int | None = None
    chapter: int
    section: int | None = None
    title_zh: str
    title_inferred: bool = False
    paragraphs: list[str] = Field(min_length=1)
    lines: LineRange

    @property
    def text_zh(self) -> str:
        return "\n\n".join(self.paragraphs)


class Provision(ProvisionRecord):
    # The parts of its place the source does not print ("chapter", "section"): a citation
    # shows them as supplied, in brackets.
    supplied: tuple[str, ...] = ()
    title_en: str | None = None
    summary_en: str | None = None
    text_en: list[str] | None = None  # unofficial translation, paragraph by paragraph
    translation_stale: bool = False  # the Chinese changed after it was translated


class Removal(StrictModel):
    """When a revision removed a provision, and where its text went."""

    removed_in: int
    went_to: str | None = None


class RemovedRecord(ProvisionRecord, Removal):
    """A provision a revision removed (corpus/PLAN/removed.yaml)."""


class RemovedProvision(Provision, Removal):
    """A removed provision as its page shows it: it stays so that no published link breaks."""
