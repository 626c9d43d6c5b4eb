"""MkDocs hook: every table has a caption and scoped header cells (WCAG 2.1, 1.3.1), and the
cells of a card table name their column.

The tables the templates write in HTML carry their own captions and scopes. Markdown pipe
tables (investment, glance, home, revision record …) cannot, so each is named after the
heading above it, in a caption only screen readers see (the heading already shows it), and
its column headers get `scope="col"`. MkDocs loads this file by path (`build_site` adds it
to `hooks`).
"""

from __future__ import annotations

import re
from typing import Any

MARKDOWN_TABLE = re.compile(r"<table>(.*?)</table>", re.S)  # Markdown's have no attributes
HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
HEAD = re.compile(r"<thead>.*?</thead>", re.S)
UNSCOPED_TH = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")
TAG = re.compile(r"<[^>]+>")


CARD_TABLE = re.compile(r'<table class="[^"]*\batlas-cards\b[^"]*"[^>]*>.*?</table>', re.S)
ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
CELL = re.compile(r"<(td|th)\b([^>]*)>", re.S)
SPAN = re.compile(r'colspan="(\d+)"')


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return CARD_TABLE.sub(lambda table: _labelled(table.group(0)), _captioned(html, page))


def _labelled(table: str) -> str:
    """A card table (a card per row on a phone, atlas.css): each data cell gets its column's
    name as `data-label`, from the header's last row, unless the template gave it one."""
    head = HEAD.search(table)
    if not head:
        return table
    names = _column_names(ROW.findall(head.group(0))[-1])
    body = table[head.end() :]
    return table[: head.end()] + ROW.sub(lambda row: _label_row(row.group(0), names), body)


def _column_names(row: str) -> list[str]:
    names = []
    for cell in re.finditer(r"<th\b([^>]*)>(.*?)</th>", row, re.S):
        text = " ".join(TAG.sub(" ", cell.group(2)).split()).replace('"', "&quot;")
        names += [text] * int((SPAN.search(cell.group(1)) or ["", "1"])[1])
    return names


def _label_row(row: str, names: list[str]) -> str:
    column = 0

    def label(cell: re.Match[str]) -> str:
        nonlocal column
        tag, attributes = cell.group(1), cell.group(2)
        here, column = column, column + int((SPAN.search(attributes) or ["", "1"])[1])
        if tag == "th" or "data-label=" in attributes or here >= len(names):
            return cell.group(0)
        return f'<td{attributes} data-label="{names[here]}">'

    return CELL.sub(label, row)


def _captioned(html: str, page: Any) -> str:
    parts, last = [], 0
    for table in MARKDOWN_TABLE.finditer(html):
        parts.append(html[last : table.start()])
        parts.append(_named(table.group(1), _heading_before(html, table.start()) or page.title))
        last = table.end()
    parts.append(html[last:])
    return "".join(parts)


def _heading_before(html: str, position: int) -> str:
    """The text of the last heading before `position` (already HTML-escaped)."""
    headings = HEADING.findall(html, 0, position)
    if not headings:
        return ""
    text = TAG.sub("", re.sub(r'<a class="headerlink".*?</a>', "", headings[-1]))
    return " ".join(text.split())


def _named(inner: str, caption: str) -> str:
    inner = HEAD.sub(lambda head: UNSCOPED_TH.sub('<th scope="col"', head.group(0)), inner)
    return f'<table>\n<caption class="atlas-visually-hidden">{caption}</caption>{inner}</table>'
