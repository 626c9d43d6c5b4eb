"""Line the plans' indicator rows up against the national standard (plain data for the page)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.load import Corpus
from builder.models import Indicator, StandardIndicator, StandardSub

THRESHOLD = re.compile(r"^([≥≤<>]?)\s*(-?\d+(?:\.\d+)?)\s*%?$")


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

    def difference(self, names: dict[str, tuple[str, str]]) -> str | None:
        """In words (zh and en), where both plans state numbers in the same unit."""
        if len(self.cells) != 2:
            return None
        (first, a), (second, b) = self.cells.items()
        if a is None or b is None or a.unit != b.unit:
            return None
        zh, en = [], []
        if a.baseline_value is not None and b.baseline_value is not None:
            gap = _fmt(abs(b.baseline_value - a.baseline_value))
            zh.append(
                f"基准值 {names[first][0]}{_fmt(a.baseline_value)}（{a.baseline_year}年），"
                f"{names[second][0]}{_fmt(b.baseline_value)}（{b.baseline_year}年），"
                + (f"相差{gap}" if gap != "0" else "数值相同")
            )
            en.append(f"baselines differ by {gap}" if gap != "0" else "equal baseline values")
        ta, tb = parse_threshold(a.targets[-1].text), parse_threshold(b.targets[-1].text)
        if ta and tb and ta[0] == tb[0]:
            year = a.targets[-1].year
            if ta[1] == tb[1]:
                zh.append(f"{year}年目标相同（{a.targets[-1].text}）")
                en.append(f"the same {year} target")
            else:
                higher = second if tb[1] > ta[1] else first
                ta_text, tb_text = a.targets[-1].text, b.targets[-1].text
                stated = f"{names[first][0]} {ta_text}，{names[second][0]} {tb_text}"
                zh.append(f"{year}年目标{names[higher][0]}定得更高（{stated}）")
                en.append(f"{names[higher][1]} sets the higher {year} target")
        if not zh:
            return None
        english = "; ".join(en)
        return "；".join(zh) + " · " + english[0].upper() + english[1:]


@dataclass(frozen=True)
class ComparisonGroup:
    """One national indicator: itself, or its sub-indicators."""

    attribute: str
    number: int
    name_zh: str
    name_en: str
    rows: list[ComparisonRow]


def parse_threshold(text: str | None) -> tuple[str, float] | None:
    """A standard or target printed as a plain number, with its comparator if any: ≥ 80%."""
    match = THRESHOLD.match(text or "")
    return (match[1], float(match[2])) if match else None


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def compare_indicators(corpus: Corpus) -> list[ComparisonGroup]:
    """Every national key in the standard's order, with each plan's row or None."""
    by_key = {
        plan.id: {i.national_key: i for i in plan.indicators if i.national_key}
        for plan in corpus.plans
    }
    groups = []
    for indicator in corpus.standard.indicators:
        prefix = "" if indicator.attribute == "binding" else "参"
        entries: list[StandardIndicator | StandardSub] = [*indicator.subs] or [indicator]
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
