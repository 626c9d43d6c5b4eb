"""MkDocs hook: pages held compressed between reading and writing.

MkDocs (1.6) converts every page's Markdown before it writes any (the navigation needs every
title), so a full build holds the HTML of every page at once: most of an edition's memory at
hundreds of plans. This hook, the last to see a page's HTML, keeps it zlib-compressed (HTML
compresses about tenfold) and the Markdown not at all, gives the page its HTML back just
before its template is rendered, and lets it go once the page is written.
"""

from __future__ import annotations

import zlib
from typing import Any

_held: dict[str, bytes] = {}


def on_page_content(html: str, page: Any, **_: Any) -> str:
    _held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
    page.markdown = ""  # converted already: nothing reads it again
    return ""


def on_page_context(context: dict, page: Any, **_: Any) -> dict:
    page.content = zlib.decompress(_held.pop(page.file.src_uri)).decode("utf-8")
    return context


def on_post_page(output: str, page: Any, **_: Any) -> str:
    page.content = ""  # written: only the navigation's titles and links are read again
    return output
