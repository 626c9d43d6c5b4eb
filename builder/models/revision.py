"""What an import records about a revision: its change report and the curated entries it
orphaned (corpus/PLAN/revisions/N/report.yaml and orphans.yaml)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, RootModel

from builder.models.base import StrictModel


class RemovedEntry(StrictModel):
    id: str
    went_to: str | None = None


class MovedEntry(StrictModel):
    id: str
    from_: str = Field(alias="from")
    to: str


class RewordedEntry(StrictModel):
    id: str
    old: str
    new: str


class ChangedEntry(StrictModel):
    """An indicator's or a project's field before and after (values as printed)."""

    id: str
    what: str
    old: Any = None
    new: Any = None


class Totals(StrictModel):
    before: float
    after: float


class RevisionReport(StrictModel):
    """The change report of one import (the revision pages and the feed read it)."""

    revision: int
    added: list[str] = Field(default_factory=list)
    removed: list[RemovedEntry] = Field(default_factory=list)
    moved: list[MovedEntry] = Field(default_factory=list)
    reworded: list[RewordedEntry] = Field(default_factory=list)
    indicators: list[ChangedEntry] = Field(default_factory=list)
    projects_added: list[str] = Field(default_factory=list)
    projects_removed: list[str] = Field(default_factory=list)
    projects_changed: list[ChangedEntry] = Field(default_factory=list)
    totals: Totals | None = None
    orphans: list[str] = Field(default_factory=list)


class Orphans(RootModel[dict[str, dict[str, dict[str, Any]]]]):
    """Curated entries whose record an import removed: file name → group → record id →
    the entry as it was."""
