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
    NoiseRule(
        "space-before-latin-or-digit",
        re.compile(rf"(?<=[{CJK}])[ \t\u00a0]+(?=[0-9A-Za-z(\[])"),
        "",
        ("为 1444.57 公顷", "为1444.57 公顷"),
    ),
    NoiseRule(
        "space-after-latin-or-digit",
        re.compile(rf"(?<=[0-9A-Za-z%)\]²³])[ \t\u00a0]+(?=[{CJK}])"),
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
