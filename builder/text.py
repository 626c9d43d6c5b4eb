"""Small text helpers shared by the render and export stages."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markupsafe import Markup

_DIGITS = "零一二三四五六七八九"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
_BLOCK_START = re.compile(r"^(\s*)([-+#>])")
_ORDERED_LIST = re.compile(r"^(\s*\d+)([.)])")


def zh_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (chapter and section numbers)."""
    if n < 10:
        return _DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def md_escape(text: str) -> Markup:
    """Escape corpus text for Markdown: HTML-escape it, then neutralise Markdown syntax.

    Text that is already Markup (escaped and linked by TermLinker) passes through.
    """
    if isinstance(text, Markup):
        return text
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    escaped = _BLOCK_START.sub(lambda m: m[1] + "\\" + m[2], escaped)
    escaped = _ORDERED_LIST.sub(lambda m: m[1] + "\\" + m[2], escaped)
    return Markup(escaped)


def yaml_string(text: str) -> Markup:
    """Quote a string for YAML front matter (JSON strings are valid YAML), HTML-escaped.

    MkDocs' theme templates do not escape: a page's title and description land in HTML as
    they are, so front matter holds them escaped, once. A value joined with a macro's output
    is Markup, already partly escaped by Jinja, so it is unescaped first.
    """
    import json

    plain = text.unescape() if isinstance(text, Markup) else text
    return Markup(json.dumps(html.escape(plain), ensure_ascii=False))


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

    def __init__(self, terms: list) -> None:
        self._by_form: dict[str, object] = {}
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
            title = f"{term.en}: {term.definition_en}".replace('"', "'")
            pieces.append(
                f'[{md_escape(match.group())}]({href(term.id)} "{html.escape(title)}")'
                "{ .atlas-term }"
            )
            index = match.end()
        pieces.append(md_escape(text[index:]))
        return Markup("".join(pieces))
