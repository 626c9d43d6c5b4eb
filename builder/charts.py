"""Bar charts as inline SVG, made at build time: no JavaScript, no network, page fonts.

Each chart is paired by its page with a text table for screen readers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from builder.money import amount
from builder.text import md_escape

PALETTE = ("#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]


def grouped_bars(
    title: str, categories: list[str], series: list[Series], unit: str, width: int = 720
) -> str:
    """Horizontal grouped bars: one group per category, one bar per series, one shared axis."""
    bar, gap, label_width, top = 16, 14, 190, 46
    group_height = bar * len(series) + gap
    height = top + group_height * len(categories) + 30
    plot = width - label_width - 90
    peak = max((v for s in series for v in s.values), default=0) or 1
    parts = [
        _opening("chart", title, title, width, height),
        f'<text x="0" y="18" class="atlas-chart__title">{md_escape(title)}</text>',
    ]
    for index, s in enumerate(series):
        x = label_width + index * 170
        colour = PALETTE[index % len(PALETTE)]  # more series than colours only in the benchmark
        parts.append(f'<rect x="{x}" y="28" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 16}" y="38" class="atlas-chart__legend">{md_escape(s.name)}</text>'
        )
    for row, category in enumerate(categories):
        y0 = top + row * group_height
        parts.append(
            f'<text x="{label_width - 8}" y="{y0 + group_height / 2}" text-anchor="end" '
            f'dominant-baseline="middle" class="atlas-chart__label">{md_escape(category)}</text>'
        )
        for index, s in enumerate(series):
            value = s.values[row]
            length = plot * value / peak
            y = y0 + index * bar
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar - 3}" '
                f'fill="{colour}"><title>{md_escape(s.name)} · {md_escape(category)}: '
                f"{amount(value)} {md_escape(unit)}</title></rect>"
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + bar / 2}" '
                f'dominant-baseline="middle" class="atlas-chart__value">{amount(value)}</text>'
            )
    parts.append(
        f'<text x="{label_width}" y="{height - 6}" class="atlas-chart__axis">'
        f"{md_escape(unit)}</text></svg>"
    )
    return "".join(parts)


def _opening(kind: str, drawn: str, title: str, width: int, height: int, role: str = "img") -> str:
    """A chart's <svg> and its accessible title. Its id is made from what the chart draws, so
    two charts on one page never share one."""
    title_id = f"{kind}-" + hashlib.sha1(drawn.encode()).hexdigest()[:8]
    panel = " atlas-chart--panel" if kind == "panel" else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="atlas-chart{panel}" role="{role}" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{title_id}">'
        f'<title id="{title_id}">{md_escape(title)}</title>'
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    target: str | None = None  # the registry target it leads to (its projects)
    suffix: str = ""  # added to the target's URL: a query or an anchor


@dataclass(frozen=True)
class Panel:
    """One plan's figures on their own scale: where one plan's amounts dwarf another's, a shared
    scale would leave the smaller plan's bars as slivers."""

    name: str
    note: str  # under the name: its total
    bars: list[Bar]
    unit: str


def bar_panel(panel: Panel, href: Any = None, width: int = 380) -> str:
    """Horizontal bars, each label on its own line above its bar (so no label is cut on a phone),
    scaled to the panel's largest value, with the value and its share of the panel's total.
    `href(bar)` gives a bar's published link."""
    row, top = 40, 50
    height = top + row * len(panel.bars) + 4
    plot = width - 120
    peak = max((bar.value for bar in panel.bars), default=0) or 1
    whole = sum(bar.value for bar in panel.bars) or 1
    name = md_escape(panel.name)
    drawn = "|".join([panel.name, panel.note, *(bar.label for bar in panel.bars)])
    parts = [
        # A group, not an image: its bars are links, which an image may not hold.
        _opening("panel", drawn, f"{panel.name}: {panel.note}", width, height, role="group"),
        f'<text x="0" y="18" class="atlas-chart__title">{name}</text>',
        f'<text x="0" y="36" class="atlas-chart__axis">{md_escape(panel.note)}</text>',
    ]
    for index, bar in enumerate(panel.bars):
        y = top + index * row
        # A bar never vanishes: any amount above zero is at least 2 px long.
        length = max(plot * bar.value / peak, 2.0) if bar.value > 0 else 0.0
        share = _share(bar.value / whole) if bar.value else ""
        label = md_escape(bar.label)
        shape = (
            f'<text x="0" y="{y + 10}" class="atlas-chart__label">{label}</text>'
            f'<rect x="0" y="{y + 16}" width="{length:.1f}" height="14" fill="{PALETTE[0]}">'
            f"<title>{label}: {amount(bar.value)} {md_escape(panel.unit)}</title></rect>"
            f'<text x="{length + 6:.1f}" y="{y + 27}" class="atlas-chart__value">'
            f"{amount(bar.value)}{share}</text>"
        )
        link = href(bar) if href and bar.target else None
        parts.append(f'<a href="{link}">{shape}</a>' if link else shape)
    return "".join(parts) + "</svg>"


def _share(fraction: float) -> str:
    """A bar's share of its panel, never rounded down to a misleading 0 %."""
    return f" · {fraction:.0%}" if fraction >= 0.005 else " · &lt;1%"


@dataclass(frozen=True)
class Trend:
    name: str
    points: list[tuple[int, float]]  # (year, value): the baseline, then the targets


def trend_lines(
    title: str, trends: list[Trend], unit: str, standard: tuple[str, float] | None = None
) -> str:
    """Each series' values over the years (baseline → targets) on one shared scale, and the
    national standard's value as a dashed line where it is a number."""
    width, height, left, right, top, bottom = 560, 240, 64, 24, 52, 34
    years = sorted({year for t in trends for year, _ in t.points})
    values = [v for t in trends for _, v in t.points] + ([standard[1]] if standard else [])
    pad = (max(values) - min(values)) * 0.15 or abs(max(values)) * 0.1 or 1.0
    low, high = min(values) - pad, max(values) + pad
    span = (years[-1] - years[0]) or 1

    def x(year: int) -> float:
        return left + (width - left - right) * (year - years[0]) / span

    def y(value: float) -> float:
        return top + (height - top - bottom) * (high - value) / (high - low)

    parts = [
        _opening("trend", title, title, width, height),
        f'<text x="0" y="18" class="atlas-chart__title">{md_escape(title)}</text>',
        f'<text x="0" y="{y(high - pad) + 4:.1f}" class="atlas-chart__axis">{high - pad:g}</text>',
        f'<text x="0" y="{y(low + pad) + 4:.1f}" class="atlas-chart__axis">{low + pad:g}</text>',
        f'<text x="0" y="{height - 10}" class="atlas-chart__axis">{md_escape(unit)}</text>',
    ]
    parts += [
        f'<text x="{x(year):.1f}" y="{height - 10}" text-anchor="middle" '
        f'class="atlas-chart__axis">{year}</text>'
        for year in years
    ]
    if standard:
        parts.append(_standard_line(standard, y(standard[1]), left, width - right))
    for index, trend in enumerate(trends):
        parts += _trend(index, trend, unit, x, y, left)
    return "".join(parts) + "</svg>"


def _standard_line(standard: tuple[str, float], at: float, start: int, end: int) -> str:
    label = md_escape(f"{standard[0]}{standard[1]:g}")
    return (
        f'<line x1="{start}" y1="{at:.1f}" x2="{end}" y2="{at:.1f}" stroke="#757575" '
        f'stroke-dasharray="5 4"/><text x="{end}" y="{at - 4:.1f}" text-anchor="end" '
        f'class="atlas-chart__axis">{label}</text>'
    )


def _trend(index: int, trend: Trend, unit: str, x: Any, y: Any, left: int) -> list[str]:
    colour = PALETTE[index % len(PALETTE)]
    name = md_escape(trend.name)
    parts = [
        f'<rect x="{left + index * 170}" y="28" width="12" height="12" fill="{colour}"/>',
        f'<text x="{left + index * 170 + 16}" y="38" class="atlas-chart__legend">{name}</text>',
    ]
    line = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in trend.points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for year, value in trend.points:
        parts.append(
            f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="4" fill="{colour}">'
            f"<title>{name} · {year}: {value:g} {md_escape(unit)}</title></circle>"
            f'<text x="{x(year) + 6:.1f}" y="{y(value) - 6:.1f}" class="atlas-chart__value">'
            f"{value:g}</text>"
        )
    return parts
