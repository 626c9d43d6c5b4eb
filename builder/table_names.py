"""MkDocs hook: every table has a caption and scoped header cells (WCAG 2.1, 1.3.1).

The tables the templates write in HTML carry their own. Markdown pipe tables (investment,
glance, home, revision record …) cannot, so each is named after the heading above it, in a
caption only screen readers see (the heading already shows it), and its column headers get
`scope="col"`. MkDocs loads this file by path (`build_site` adds it to `hooks`).
"""

from __future__ import annotations

import re
from typing import Any

MARKDOWN_TABLE = re.compile(r"<table>(.*?)</table>", re.S)  # Markdown's have no attributes
HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
HEAD = re.compile(r"<thead>.*?</thead>", re.S)
UNSCOPED_TH = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")
TAG = re.compile(r"<[^>]+>")


def on_page_content(html: str, page: Any, **_: Any) -> str:
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
