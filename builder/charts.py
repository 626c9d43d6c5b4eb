"""Bar charts as inline SVG, made at build time: no JavaScript, no network, page fonts.

Each chart is paired by its page with a text table for screen readers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

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
    title_id = "chart-" + hashlib.sha1(title.encode()).hexdigest()[:8]  # two charts per page
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="atlas-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{title_id}">',
        f'<title id="{title_id}">{md_escape(title)}</title>',
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
                f"{value:,.0f} {md_escape(unit)}</title></rect>"
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + bar / 2}" '
                f'dominant-baseline="middle" class="atlas-chart__value">{value:,.0f}</text>'
            )
    parts.append(
        f'<text x="{label_width}" y="{height - 6}" class="atlas-chart__axis">'
        f"{md_escape(unit)}</text></svg>"
    )
    return "".join(parts)
