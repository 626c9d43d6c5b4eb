"""Understand a staff query: filters, plan names, article and section numbers, phrases, words.

The result is plain data (`ParsedQuery`); `search.py` turns it into Whoosh queries.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from builder.importer.text import chinese_number

MAX_QUERY_LENGTH = 500
KINDS = ("provision", "indicator", "project", "term")
PLAN_NAMES = {
    "shifeng": ("石峰区", "石峰", "shifeng district", "shifeng"),
    "lingling": ("零陵区", "零陵", "lingling district", "lingling"),
}
_ZH_NUMBER = r"[零一二三四五六七八九十百两]+"
FILTER = re.compile(r"\b(plan|kind|chapter|section):(\S+)", re.IGNORECASE)
# Chinese numerals only after 第 (一条河 is not article 1); digits with or without it.
ARTICLE = re.compile(
    rf"第\s*(\d+|{_ZH_NUMBER})\s*条|(?<![\d.])(\d+)\s*条|\b(?:art(?:icle)?|§)\.?\s*(\d+)\b",
    re.IGNORECASE,
)
CHAPTER = re.compile(rf"第\s*(\d+|{_ZH_NUMBER})\s*章|\bchapter\s+(\d+)\b", re.IGNORECASE)
SECTION = re.compile(rf"第\s*(\d+|{_ZH_NUMBER})\s*节|\bsection\s+(\d+)\b", re.IGNORECASE)
DOTTED_SECTION = re.compile(r"\bsection\s+(\d+)\.(\d+)\b", re.IGNORECASE)
PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”')


class QueryError(ValueError):
    """A query that cannot be run: empty, or too long."""


@dataclass
class ParsedQuery:
    text: str
    plan: str | None = None
    kind: str | None = None
    chapter: int | None = None
    section: int | None = None
    article: int | None = None
    phrases: list[str] = field(default_factory=list)

    @property
    def structural(self) -> bool:
        """A section (第四章 第二节) or a bare chapter was asked for: list it in order."""
        if self.chapter is None:
            return False
        return self.section is not None or (not self.text.strip() and not self.phrases)


def to_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        rest = rest.lstrip("零")
        return chinese_number(hundreds) * 100 + (to_number(rest) if rest else 0)
    return chinese_number(text.replace("两", "二"))


def normalise(text: str) -> str:
    """Full-width digits and letters to half-width (第３７条 → 第37条); trim whitespace."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def parse_query(raw: str, plan: str | None = None, kind: str | None = None) -> ParsedQuery:
    """Split a query into its filters and its words; the arguments override nothing typed."""
    if not raw or not raw.strip():
        raise QueryError("the query is empty: type a word, a phrase or an article number")
    if len(raw) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is {len(raw)} characters long; the limit is {MAX_QUERY_LENGTH}"
        )
    text = normalise(raw)
    parsed = ParsedQuery(text="", plan=plan, kind=kind)
    text = _take_filters(text, parsed)
    text = _take_plan_name(text, parsed)
    text = _take_numbers(text, parsed)
    for match in PHRASE.finditer(text):
        parsed.phrases.append(match[1] or match[2])
    parsed.text = PHRASE.sub(" ", text).strip()
    return parsed


def _take_filters(text: str, parsed: ParsedQuery) -> str:
    for name, value in FILTER.findall(text):
        name, value = name.lower(), value.lower()
        if name == "plan":
            parsed.plan = value
        elif name == "kind":
            parsed.kind = value.rstrip("s")
        elif name == "chapter" and value.isdigit():
            parsed.chapter = int(value)
        elif name == "section" and value.isdigit():
            parsed.section = int(value)
    return FILTER.sub(" ", text)


def _take_plan_name(text: str, parsed: ParsedQuery) -> str:
    """A district named in the query filters by it, when exactly one district is named."""
    lowered = text.lower()
    named = [pid for pid, names in PLAN_NAMES.items() if any(n in lowered for n in names)]
    if len(named) != 1 or parsed.plan not in (None, named[0]):
        return text
    parsed.plan = named[0]
    for name in PLAN_NAMES[named[0]]:
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    return text


def _take_numbers(text: str, parsed: ParsedQuery) -> str:
    if match := DOTTED_SECTION.search(text):  # "section 9.2": chapter 9, section 2
        parsed.chapter, parsed.section = int(match[1]), int(match[2])
        text = DOTTED_SECTION.sub(" ", text, count=1)
    if match := ARTICLE.search(text):
        parsed.article = to_number(match[1] or match[2] or match[3])
        text = ARTICLE.sub(" ", text, count=1)
    if match := CHAPTER.search(text):
        parsed.chapter = to_number(match[1] or match[2])
        text = CHAPTER.sub(" ", text, count=1)
    if match := SECTION.search(text):
        parsed.section = to_number(match[1] or match[2])
        text = SECTION.sub(" ", text, count=1)
    return text
