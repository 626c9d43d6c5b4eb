"""Parse a plan extracted from PDF: numbered articles 第N条 under 章/节 headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from builder.importer.noise import clean_line
from builder.importer.text import Line, assemble_paragraphs, chinese_number

CHAPTER = re.compile(r"^第([一二三四五六七八九十]+)章\s*(\S.*?)\s*$")
SECTION = re.compile(r"^第([一二三四五六七八九十]+)节\s*(\S.*?)\s*$")
ARTICLE = re.compile(r"^第\s*(\d+)\s*条\s*(\S.*?)\s*$")
TOC_ENTRY = re.compile(r"(\t|\.\.\.)\s*\d+\s*$")
APPENDIX_START = re.compile(r"^附件[：:\s\d]")


@dataclass
class _Article:
    number: int
    title: str
    chapter: int
    section: int | None
    start: int
    body: list[Line] = field(default_factory=list)


def find_body(lines: list[Line]) -> tuple[int, int]:
    """Return indexes [start, end) of the plan body: after the table of contents, before 附件."""
    start = next(
        i
        for i, line in enumerate(lines)
        if CHAPTER.match(line.raw.strip()) and not TOC_ENTRY.search(line.raw)
    )
    end = next(
        (i for i in range(start, len(lines)) if APPENDIX_START.match(lines[i].raw.strip())),
        len(lines),
    )
    return start, end


def parse_front_matter(lines: list[Line]) -> list[dict[str, Any]]:
    """Split the text before the body into the issuing notice and the preface."""
    blocks: list[dict[str, Any]] = []
    toc = next(i for i, line in enumerate(lines) if clean_line(line.raw) == "目录")
    preface = next(i for i, line in enumerate(lines) if clean_line(line.raw) == "前言")
    notice_end = next(
        i for i in range(preface) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", lines[i].text)
    )
    notice_lines = [line for line in lines[: notice_end + 1] if line.text]
    blocks.append(
        {
            "key": "notice",
            "title_zh": notice_lines[2].text,
            "paragraphs": [line.text for line in notice_lines],
            "lines": [notice_lines[0].number, notice_lines[-1].number],
        }
    )
    preface_lines = lines[preface + 1 : toc]
    blocks.append(
        {
            "key": "preface",
            "title_zh": "前言",
            "paragraphs": assemble_paragraphs(preface_lines),
            "lines": [lines[preface].number, _last_text_line(preface_lines)],
        }
    )
    return blocks


def _last_text_line(lines: list[Line]) -> int:
    return next(line.number for line in reversed(lines) if line.text)


def parse_pdf_plan(lines: list[Line]) -> dict[str, Any]:
    """Parse the whole text into structure (front matter, chapters, sections) and articles."""
    start, end = find_body(lines)
    chapters: list[dict[str, Any]] = []
    articles: list[_Article] = []
    for line in lines[start:end]:
        raw = line.raw.strip()
        if match := CHAPTER.match(raw):
            chapters.append(_heading(chinese_number(match[1]), match[2], line))
            chapters[-1]["sections"] = []
        elif match := SECTION.match(raw):
            chapters[-1]["sections"].append(_heading(chinese_number(match[1]), match[2], line))
        elif match := ARTICLE.match(raw):
            section = chapters[-1]["sections"][-1]["n"] if chapters[-1]["sections"] else None
            articles.append(
                _Article(
                    int(match[1]), clean_line(match[2]), chapters[-1]["n"], section, line.number
                )
            )
        elif articles:
            articles[-1].body.append(line)
    _close_spans(chapters, articles)
    return {
        "front_matter": parse_front_matter(lines),
        "chapters": chapters,
        "provisions": [_provision(article) for article in articles],
    }


def _heading(n: int, title: str, line: Line) -> dict[str, Any]:
    return {"n": n, "title_zh": clean_line(title), "lines": [line.number, line.number]}


def _last_line(article: _Article) -> int:
    texts = [line.number for line in article.body if line.text]
    return texts[-1] if texts else article.start


def _close_spans(chapters: list[dict[str, Any]], articles: list[_Article]) -> None:
    """Extend each chapter's and section's line span to its last article's last line."""
    for chapter in chapters:
        own = [a for a in articles if a.chapter == chapter["n"]]
        if own:
            chapter["lines"][1] = _last_line(own[-1])
        for section in chapter["sections"]:
            mine = [a for a in own if a.section == section["n"]]
            if mine:
                section["lines"][1] = _last_line(mine[-1])


def _provision(article: _Article) -> dict[str, Any]:
    return {
        "id": f"art-{article.number}",
        "label": f"第{article.number}条",
        "number": article.number,
        "chapter": article.chapter,
        "section": article.section,
        "title_zh": article.title,
        "paragraphs": assemble_paragraphs(article.body),
        "lines": [article.start, _last_line(article)],
    }
