"""The plan: its metadata, its outline (chapters and sections) and its front matter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from builder.models.base import Date, Line, LineRange, PlanId, StrictModel, YearRange


class Phase(StrictModel):
    key: str
    name_zh: str
    name_en: str
    start: int
    end: int
    goal_zh: str | None = None


class StatedCount(StrictModel):
    """A count the plan's text states (e.g. 25 项指标), with the line that states it."""

    value: int
    line: Line


class PlanMeta(StrictModel):
    """Curated metadata of one plan (corpus/PLAN/plan.yaml)."""

    id: PlanId
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str
    province_zh: str
    province_en: str
    city_zh: str
    city_en: str
    district_zh: str
    district_en: str
    issuer_zh: str | None = None
    issuer_en: str | None = None
    doc_no: str | None = None
    issued: Date | None = None
    base_year: int
    period: YearRange
    phases: list[Phase]
    area_km2: float | None = None
    total_investment_wan: float | None = None
    source_file: str = Field(pattern=r"^[^/\\]+$")  # a file name in corpus/sources/
    goals: list[str] = Field(default_factory=list, description="ids of the goal provisions")
    stated_counts: dict[Literal["indicators", "projects", "provisions"], StatedCount] = Field(
        default_factory=dict
    )
    facts: dict[str, int] = Field(
        default_factory=dict, description="field name → source line it was read from"
    )


class SectionRecord(StrictModel):
    n: int
    title_zh: str
    inferred: bool = False  # the title is reconstructed: the source prints none
    number_printed: bool = True  # False: the source does not print 第N节 (the site supplies it)
    lines: LineRange


class Section(SectionRecord):
    title_en: str | None = None


class ChapterRecord(StrictModel):
    n: int
    title_zh: str
    inferred: bool = False  # the title is reconstructed: the source prints none
    number_printed: bool = True  # False: the source does not print 第N章 (the site supplies it)
    lines: LineRange
    sections: Sequence[SectionRecord] = Field(default_factory=list)


class Chapter(ChapterRecord):
    title_en: str | None = None
    sections: Sequence[Section] = Field(default_factory=list)


class FrontBlockRecord(StrictModel):
    """A verbatim block before the plan body: the issuing notice, the preface."""

    key: str
    title_zh: str
    paragraphs: list[str]
    lines: LineRange


class FrontBlock(FrontBlockRecord):
    title_en: str | None = None
    paragraphs_en: list[str] | None = None  # unofficial translation


class StructureRecord(StrictModel):
    """Imported outline of a plan (corpus/PLAN/structure.yaml)."""

    front_matter: Sequence[FrontBlockRecord] = Field(default_factory=list)
    chapters: Sequence[ChapterRecord]


class Structure(StructureRecord):
    """The outline as the site shows it: with the curated English of every heading."""

    front_matter: Sequence[FrontBlock] = Field(default_factory=list)
    chapters: Sequence[Chapter]


class Revision(StrictModel):
    """One entry of a plan's revision history (corpus/PLAN/revisions.yaml): the site's import of
    a text on `date`. `kind` says what the text is: the plan as it stood ("import": the first
    import, or a re-import that mends the extraction), or an official amendment of the plan by
    its issuer, issued on `issued` as document `doc_no` ("amendment")."""

    revision: int
    date: Date
    source: str
    sha256: str
    description: str
    kind: Literal["import", "amendment"] = "import"
    issued: Date | None = None
    doc_no: str | None = None

    @property
    def amendment(self) -> bool:
        return self.kind == "amendment"
