"""Human-readable search results for the terminal."""

from __future__ import annotations

import html
import re

from builder.search.engine import SearchResult

_MARK = re.compile(r"</?mark>")


def plain_snippet(snippet: str) -> str:
    """'<mark>噪声</mark>' → '[噪声]', entities unescaped."""
    return html.unescape(_MARK.sub(lambda m: "]" if m.group().startswith("</") else "[", snippet))


def format_result(result: SearchResult) -> str:
    if not result.hits:
        lines = [f"No results for {result.query!r}."]
        if result.did_you_mean:
            lines.append(f"Did you mean: {result.did_you_mean}?")
        return "\n".join(lines)
    lines = [f"{result.total} result(s) for {result.query!r}, best first:", ""]
    for rank, hit in enumerate(result.hits, start=1):
        head = " ".join(filter(None, [hit.label, hit.title_zh]))
        lines.append(f"{rank:>2}. [{hit.plan or 'glossary'} · {hit.kind}] {head}")
        if hit.title_en:
            lines.append(f"    {hit.title_en}")
        if hit.snippet:
            lines.append(f"    {plain_snippet(hit.snippet)}")
        if hit.url:
            lines.append(f"    {hit.url}")
    return "\n".join(lines)
