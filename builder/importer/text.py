"""Shared helpers of the layout parsers: numbered source lines and paragraph assembly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from builder.importer.noise import clean_line

CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# A paragraph ends at one of these; a text block ending otherwise was cut by a page break.
_TERMINAL = ("。", "；", "！", "？", "：", "。”", "！”", "？”", "。）", "”。")
# A clause ending in ； ends a paragraph only where the next block starts a list item of its own
# (近期：…； 远期：…); otherwise the page broke after the semicolon (第31条).
_LIST_ITEM = re.compile(
    r"^(（[一二三四五六七八九十]+）|\d+[.、．]|[一二三四五六七八九十]+、|——|[^，。；：]{1,8}：)"
)


@dataclass(frozen=True)
class Line:
    number: int
    raw: str

    @property
    def text(self) -> str:
        return clean_line(self.raw)


def read_lines(path: Path) -> list[Line]:
    """Read a source text as 1-based numbered lines."""
    raw = path.read_text(encoding="utf-8").splitlines()
    return [Line(number, text) for number, text in enumerate(raw, start=1)]


def chinese_number(numeral: str) -> int:
    """Convert 一 … 九十九 to an int."""
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + CHINESE_NUMERALS[numeral[1]]
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return CHINESE_NUMERALS[tens] * 10 + (CHINESE_NUMERALS[units] if units else 0)
    return CHINESE_NUMERALS[numeral]


def ends_paragraph(text: str) -> bool:
    return text.endswith(_TERMINAL)


def assemble_paragraphs(lines: list[Line]) -> list[str]:
    """Join the non-blank lines into paragraphs, mending paragraphs cut by page breaks.

    In the extracted text every printed line break and every page break is a blank line;
    a block that does not end with terminal punctuation continues in the next block.
    """
    paragraphs: list[str] = []
    open_paragraph = False
    for line in lines:
        text = line.text
        if not text:
            continue
        after_clause = bool(paragraphs) and paragraphs[-1].endswith("；")
        if paragraphs and (open_paragraph or (after_clause and not _LIST_ITEM.match(text))):
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
        open_paragraph = not ends_paragraph(text)
    return paragraphs
