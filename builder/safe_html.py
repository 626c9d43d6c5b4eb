"""MkDocs hook: no page's content may hold code that runs, whatever made it.

Corpus text cannot produce markup (it takes the one escape path, `builder.text.md_escape`)
and the site's links come from `builder.text.safe_url`; this is the last check on what
MkDocs made of every page, hand-written ones included: a `<script>`, an embedded frame, an
event-handler attribute or a link that is not http, https, mailto or site-relative fails the
build, naming the page. MkDocs loads this file by path (`build_site` adds it to `hooks`).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError

from builder.text import is_safe_url

TAG = re.compile(r"<[a-zA-Z][^>]*>")
RUNNING_TAG = re.compile(r"<(script|iframe|object|embed|base)\b", re.I)
ATTRIBUTE = re.compile(r"""\s([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"}


def on_page_content(html: str, page: Any, **_: Any) -> str:
    for tag in TAG.finditer(html):
        problem = unsafe(tag.group())
        if problem:
            raise PluginError(f"{page.file.src_uri}: refused {problem} in {tag.group()[:120]}")
    return html


def unsafe(tag: str) -> str | None:
    """What in one start tag could run code, or None."""
    if RUNNING_TAG.match(tag):
        return "a tag that runs or embeds code"
    for name, *quoted in ATTRIBUTE.findall(tag):
        if name.lower().startswith("on"):
            return "an event-handler attribute"
        url = "".join(quoted)
        if name.lower() in URL_ATTRIBUTES and not is_safe_url(url):
            return f"a link to {url[:60]!r}"
    return None
