"""Line the plans' indicator rows up against the national standard (plain data for the page)."""

from __future__ import annotations

from dataclasses import dataclass

from builder.load import Corpus
from builder.models import Indicator


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    label: str
    name_zh: str
    name_en: str
    standard_zh: str | None
    unit: str | None
    is_sub: bool
    cells: dict[str, Indicator | None]


@dataclass(frozen=True)
class ComparisonGroup:
    """One national indicator: itself, or its sub-indicators."""

    attribute: str
    number: int
    name_zh: str
    name_en: str
    rows: list[ComparisonRow]


def compare_indicators(corpus: Corpus) -> list[ComparisonGroup]:
    """Every national key in the standard's order, with each plan's row or None."""
    by_key = {
        plan.id: {i.national_key: i for i in plan.indicators if i.national_key}
        for plan in corpus.plans
    }
    groups = []
    for indicator in corpus.standard.indicators:
        prefix = "" if indicator.attribute == "binding" else "参"
        entries = indicator.subs or [indicator]
        rows = [
            ComparisonRow(
                key=entry.key,
                label=f"{prefix}{indicator.number}" + (f".{index}" if indicator.subs else ""),
                name_zh=entry.name_zh,
                name_en=entry.name_en,
                standard_zh=entry.standard_zh,
                unit=entry.unit,
                is_sub=bool(indicator.subs),
                cells={plan.id: by_key[plan.id].get(entry.key) for plan in corpus.plans},
            )
            for index, entry in enumerate(entries, start=1)
        ]
        groups.append(
            ComparisonGroup(
                indicator.attribute, indicator.number, indicator.name_zh, indicator.name_en, rows
            )
        )
    return groups
