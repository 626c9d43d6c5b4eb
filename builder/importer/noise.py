"""The one list of extraction-noise rules applied to source text.

Each rule removes an artefact of PDF or Word extraction and never changes wording.
Structural noise (the table of contents, page-break line wraps, repeated table headers)
is handled by the layout parsers; this list covers noise inside a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# CJK ideographs, CJK punctuation and full-width forms.
CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201d\u2014\u2026"


# Not after a lowercase English word that a space sets off from Chinese (fixed-width
# lookbehinds, one per word length).
_AFTER_ENGLISH_WORD = "".join(rf"(?<![{CJK}][ \u00a0][a-z]{{{n}}})" for n in range(2, 16))


@dataclass(frozen=True)
class NoiseRule:
    name: str
    pattern: re.Pattern[str]
    replacement: str
    example: tuple[str, str]


NOISE_RULES: tuple[NoiseRule, ...] = (
    NoiseRule(
        "word-bookmark",
        re.compile(r"\[bookmark: [^\]]*\]"),
        "",
        ("[bookmark: _Toc5866]工作基础", "工作基础"),
    ),
    NoiseRule(
        "subscript-markup",
        re.compile(r"\s*_\{([^}]*)\}"),
        r"\1",
        ("PM _{2.5} 浓度", "PM2.5 浓度"),
    ),
    NoiseRule(
        "superscript-markup",
        re.compile(r"\^\{?([^}\s])\}?"),
        r"\1",
        ("大会在^①全国", "大会在①全国"),
    ),
    NoiseRule(
        "bold-markup",
        re.compile(r"\*\*([^*]+)\*\*"),
        r"\1",
        ("——**实施数智转型工程。**鼓励", "——实施数智转型工程。鼓励"),
    ),
    NoiseRule(
        "split-micro-unit",
        re.compile(r"μ\s+g"),
        "μg",
        ("37 μ g/m", "37 μg/m"),
    ),
    NoiseRule(
        "split-superscript-unit",
        re.compile(r"(?<=/m)\s+([²³])"),
        r"\1",
        ("μg/m ³", "μg/m³"),
    ),
    NoiseRule(
        "space-inside-cjk",
        re.compile(rf"(?<=[{CJK}])[ \t\u00a0\u3000]+(?=[{CJK}])"),
        "",
        ("生态 安全", "生态安全"),
    ),
    # Extraction puts spaces around numbers, units and abbreviations in Chinese text (为 1444.57
    # 公顷, 司 VOCs); an English word set off by spaces (美丽中国 and 人与自然) keeps the
    # source's spaces.
    NoiseRule(
        "space-before-latin-or-digit",
        re.compile(rf"(?<=[{CJK}])[ \t\u00a0]+(?=[0-9A-Za-z(\[])(?![a-z]{{2,}}[ \u00a0]+[{CJK}])"),
        "",
        ("为 1444.57 公顷", "为1444.57 公顷"),
    ),
    NoiseRule(
        "space-after-latin-or-digit",
        re.compile(rf"(?<=[0-9A-Za-z%)\]²³]){_AFTER_ENGLISH_WORD}[ \t\u00a0]+(?=[{CJK}])"),
        "",
        ("1444.57 公顷", "1444.57公顷"),
    ),
    NoiseRule(
        "edge-whitespace",
        re.compile(r"^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$"),
        "",
        ("  第一节 建设基础 ", "第一节 建设基础"),
    ),
)


def clean_line(text: str) -> str:
    """Apply every noise rule, in order, to one line of source text."""
    for rule in NOISE_RULES:
        text = rule.pattern.sub(rule.replacement, text)
    return text


def strip_bookmarks(text: str) -> str:
    return NOISE_RULES[0].pattern.sub("", text)
