"""Small text helpers shared by the render and export stages."""

from __future__ import annotations

import html
import re

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
    """Escape corpus text for Markdown: HTML-escape it, then neutralise Markdown syntax."""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    escaped = _BLOCK_START.sub(lambda m: m[1] + "\\" + m[2], escaped)
    escaped = _ORDERED_LIST.sub(lambda m: m[1] + "\\" + m[2], escaped)
    return Markup(escaped)


def yaml_string(text: str) -> Markup:
    """Quote a string for YAML front matter (JSON strings are valid YAML)."""
    import json

    return Markup(json.dumps(text, ensure_ascii=False))


def excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
