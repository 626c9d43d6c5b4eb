"""Result snippets: the stored text around the first match, matches in <mark>, all escaped.

Plain substring search on the stored text, no re-analysis: Chinese needles are the query's
words (and the glossary terms it named); English needles are stems, matched as word prefixes.
"""

from __future__ import annotations

import html
import re

WIDTH = 110
BEFORE = 30


def needle_pattern(needles: list[str]) -> re.Pattern[str] | None:
    parts = []
    for needle in sorted({n for n in needles if n.strip()}, key=len, reverse=True):
        escaped = re.escape(needle)
        parts.append(rf"(?<![A-Za-z0-9]){escaped}" if needle.isascii() else escaped)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def make_snippet(text: str, pattern: re.Pattern[str] | None) -> str:
    """'' when nothing matches; else up to WIDTH characters around the first match."""
    if pattern is None or not text:
        return ""
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - BEFORE)
    end = min(len(text), start + WIDTH)
    window = text[start:end]
    pieces, index = [], 0
    for match in pattern.finditer(window):
        pieces.append(html.escape(window[index : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        index = match.end()
    pieces.append(html.escape(window[index:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(pieces).replace("\n", " ") + suffix
