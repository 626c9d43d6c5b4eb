"""Small text helpers shared by the render and export stages."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from builder.models import Term

_DIGITS = "零一二三四五六七八九"
# Characters that HTML, Markdown or its extensions (attr_list, md_in_html, tables) give a
# meaning. They are written as character references, which read the same in Markdown, in raw
# HTML blocks and in attributes, and which Python-Markdown leaves as they are.
_ALWAYS = re.compile(r"[&<>\"'\\`*_\[\]{}|\t]")  # a tab too: Markdown would turn it into spaces
# These mean something only at the start of a line (headings, lists, quotes, admonitions).
# (`12.5` and `-0.72` are not list items: a list marker needs a space after it.)
_LINE_START = re.compile(r"^([ \t]*)(\d+[.)](?=[ \t]|$)|[-+](?=[ \t]|$|-)|[#>=!])", re.M)
SAFE_SCHEMES = ("http:", "https:", "mailto:")


def zh_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (chapter and section numbers)."""
    if n < 10:
        return _DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def md_escape(text: object) -> Markup:
    """The one escape of corpus text on its way into a page: nothing in it can become markup,
    a link or an attribute, in Markdown or in HTML.

    Markup passes through: it was made by this function (a macro's output, TermLinker) or by
    a URL from `safe_url`.
    """
    if isinstance(text, Markup):
        return text
    escaped = _ALWAYS.sub(lambda m: f"&#{ord(m[0])};", str(text))
    # `# x` → `&#35; x`; `1. x` → `1&#46; x`: the marker's last character is what counts.
    escaped = _LINE_START.sub(lambda m: f"{m[1]}{m[2][:-1]}&#{ord(m[2][-1])};", escaped)
    return Markup(escaped)


_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")


def anchor_id(value: str) -> Markup:
    """An id for a Markdown attribute list (`{#b05.county_sewage_treatment}`), where the escape
    of `md_escape` would stay in the id: only a plain slug passes."""
    if not _ANCHOR.fullmatch(value):
        raise ValueError(f"not a plain anchor id: {value!r}")
    return Markup(value)


_IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20]|&#0*(?:9|10|13);|&Tab;|&NewLine;", re.I)


def is_safe_url(url: str) -> bool:
    """Site-relative (no scheme), http, https or mailto; browsers ignore tabs, newlines and
    spaces inside a scheme (`java\tscript:`), so they are ignored here too."""
    head = re.split(r"[/?#]", _IGNORED_IN_SCHEMES.sub("", url), maxsplit=1)[0]
    return ":" not in head or head.lower().startswith(SAFE_SCHEMES)


def safe_url(url: str) -> Markup:
    """A link target for a page; anything but what `is_safe_url` allows (a `javascript:` or
    `data:` URL) is a defect and fails the build."""
    if not is_safe_url(url):
        raise ValueError(
            f"refused to link to {url[:80]!r}: only http, https, mailto or site-relative "
            "links are made"
        )
    return Markup(html.escape(url))


def yaml_string(text: str) -> Markup:
    """Quote a string for YAML front matter (JSON strings are valid YAML), HTML-escaped.

    MkDocs' theme templates do not escape: a page's title and description land in HTML as
    they are, so front matter holds them escaped, once. A value joined with a macro's output
    is Markup, already partly escaped by Jinja, so it is unescaped first.
    """
    import json

    plain = text.unescape() if isinstance(text, Markup) else text
    return Markup(json.dumps(html.escape(plain), ensure_ascii=False))


def figure(value: float) -> str:
    """A figure as the source prints it: 1964 (never 1964.0), 180.58."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def file_size(size: int) -> str:
    """A file size as people read it: 872 B, 231 KB, 1.2 MB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{round(size / 1024)} KB" if size >= 1024 else f"{size} B"


def excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TermLinker:
    """Link the first occurrence of each glossary term in a provision to its glossary entry.

    The link's title shows the English term and definition on hover (works offline).
    """

    def __init__(self, terms: list[Term]) -> None:
        self._by_form: dict[str, Term] = {}
        for term in terms:
            for form in term.all_zh:
                if len(form) >= 2 and (not form.isascii() or len(form) >= 3):
                    self._by_form.setdefault(form, term)
        forms = sorted(self._by_form, key=len, reverse=True)
        alternatives = [
            rf"(?<![A-Za-z0-9]){re.escape(f)}(?![A-Za-z0-9])" if f.isascii() else re.escape(f)
            for f in forms
        ]
        self._pattern = re.compile("|".join(alternatives)) if forms else None

    def paragraphs(self, paragraphs: list[str], href: Callable[[str], str]) -> list[Markup]:
        """Escape each paragraph for Markdown, linking each term once per provision."""
        linked: set[str] = set()
        return [self._link(paragraph, linked, href) for paragraph in paragraphs]

    def _link(self, text: str, linked: set[str], href: Callable[[str], str]) -> Markup:
        if self._pattern is None:
            return md_escape(text)
        pieces: list[str] = []
        index = 0
        for match in self._pattern.finditer(text):
            term = self._by_form[match.group()]
            if term.id in linked:
                continue
            linked.add(term.id)
            pieces.append(md_escape(text[index : match.start()]))
            title = md_escape(f"{term.en}: {term.definition_en}")
            pieces.append(
                f'[{md_escape(match.group())}]({href(term.id)} "{title}"){{ .atlas-term }}'
            )
            index = match.end()
        pieces.append(md_escape(text[index:]))
        return Markup("".join(pieces))
