"""Parse a plan extracted from Word: items （一）（二）… under sections, no article numbers.

Headings lost in extraction cannot be found in the text: they come from a curated outline
(corpus/PLAN/outline.yaml) that gives each chapter and section, its title, whether the title
was reconstructed (`inferred`), and the source line where it starts.
"""

from __future__ import annotations

import re
from typing import Any

from builder.importer.noise import clean_line, strip_bookmarks
from builder.importer.text import Line, chinese_number

ITEM = re.compile(r"^（([一二三四五六七八九十]+)）\s*(\S.*?)\s*$")
BODY_END = re.compile(r"^附表")
TABLE_TITLE = re.compile(r"^表\d+\s")
PRINTED_HEADING = re.compile(r"^第[一二三四五六七八九十]+节")
PRINTED_CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章")


def parse_word_plan(lines: list[Line], outline: dict[str, Any]) -> dict[str, Any]:
    """Split the text into chapters, sections and provisions along the curated outline."""
    body_end = next(
        line.number for line in lines if BODY_END.match(strip_bookmarks(line.raw).strip())
    )
    starts = _section_starts(outline, body_end)
    chapters: list[dict[str, Any]] = []
    provisions: list[dict[str, Any]] = []
    for chapter in outline["chapters"]:
        sections = []
        for section in chapter["sections"]:
            first, stop = starts[(chapter["n"], section["n"])]
            content = _content_lines(lines, first, stop, section)
            items = _provisions(chapter["n"], section, content)
            provisions += items
            last = items[-1]["lines"][1] if items else first
            printed = _prints(lines, first, PRINTED_HEADING)
            sections.append(_heading(section, first, last, printed))
        chapter_last = sections[-1]["lines"][1] if sections else chapter["line"]
        printed = _prints(lines, chapter["line"], PRINTED_CHAPTER)
        heading = _heading(chapter, chapter["line"], chapter_last, printed)
        chapters.append({**heading, "sections": sections})
    return {"front_matter": [], "chapters": chapters, "provisions": provisions}


def _section_starts(
    outline: dict[str, Any], body_end: int
) -> dict[tuple[int, int], tuple[int, int]]:
    """Each section's first line and the line where the next section (or the body end) starts."""
    ordered = [
        ((chapter["n"], section["n"]), section["line"])
        for chapter in outline["chapters"]
        for section in chapter["sections"]
    ]
    chapter_lines = sorted(chapter["line"] for chapter in outline["chapters"])
    spans = {}
    for index, (key, line) in enumerate(ordered):
        stop = ordered[index + 1][1] if index + 1 < len(ordered) else body_end
        # A printed chapter heading between two sections ends the earlier section.
        stop = min([stop, *[c for c in chapter_lines if line < c < stop]])
        spans[key] = (line, stop)
    return spans


def _content_lines(lines: list[Line], first: int, stop: int, section: dict[str, Any]) -> list[Line]:
    """The section's text lines, without its printed heading and without tables."""
    content = []
    for line in lines[first - 1 : stop - 1]:
        text = strip_bookmarks(line.raw).strip()
        if line.number == first and PRINTED_HEADING.match(text):
            continue
        if TABLE_TITLE.match(text):
            break  # a table (表1) ends the section's prose
        if text:
            content.append(line)
    return content


def _prints(lines: list[Line], number: int, numbered: re.Pattern[str]) -> bool:
    """Whether the source line prints the heading's number (第四章, 第五节)."""
    return bool(numbered.match(strip_bookmarks(lines[number - 1].raw).strip()))


def _heading(entry: dict[str, Any], first: int, last: int, printed: bool) -> dict[str, Any]:
    heading = {"n": entry["n"], "title_zh": entry["title_zh"], "inferred": entry["inferred"]}
    return {
        **heading,
        **({} if printed else {"number_printed": False}),
        "lines": [first, max(first, last)],
    }


def _provisions(chapter: int, section: dict[str, Any], content: list[Line]) -> list[dict[str, Any]]:
    """Items （一）… of a section; text before the first item is item 0."""
    groups: list[tuple[str | None, str, list[Line], int]] = []  # no label: the text before (一)
    for line in content:
        text = clean_line(line.raw)
        if match := ITEM.match(text):
            groups.append((f"（{match[1]}）", match[2], [], line.number))
        elif groups:
            groups[-1][2].append(line)
        else:
            groups.append((None, "", [line], line.number))
    prefix = f"{chapter}.{section['n']}"
    if len(groups) == 1 and groups[0][0] is None:
        label, title, body, start = groups[0]
        return [
            _provision(
                prefix,
                None,
                section["title_zh"],
                section["inferred"],
                body,
                start,
                chapter,
                section["n"],
            )
        ]
    records = []
    for label, title, body, start in groups:
        if label is None:
            records.append(
                _provision(
                    f"{prefix}.0",
                    None,
                    f"{section['title_zh']}（概述）",
                    True,
                    body,
                    start,
                    chapter,
                    section["n"],
                )
            )
        else:
            number = chinese_number(label.strip("（）"))
            records.append(
                _provision(
                    f"{prefix}.{number}", label, title, False, body, start, chapter, section["n"]
                )
            )
    return records


def _provision(
    provision_id: str,
    label: str | None,
    title: str,
    title_inferred: bool,
    body: list[Line],
    start: int,
    chapter: int,
    section: int,
) -> dict[str, Any]:
    paragraphs = [clean_line(line.raw) for line in body]
    return {
        "id": provision_id,
        "label": label,
        "number": None,
        "chapter": chapter,
        "section": section,
        "title_zh": title,
        "title_inferred": title_inferred,
        "paragraphs": [p for p in paragraphs if p],
        "lines": [start, body[-1].number if body else start],
    }
