"""MkDocs hook: text in the other language carries its own `lang` (WCAG 2.1, 3.1.2), on every
page of every edition, whatever template or corpus file it came from.

English translations and notes quote the Chinese they are about ("The soil paragraph names
eight soil groups (土类) …"); a Chinese page may hold a line of plain English. Chinese script is
never English, so each run of it in text whose language is not Chinese is wrapped in
`<span lang="zh-CN">`; a text node of English words alone inside Chinese text is wrapped in
`<span lang="en">`. Text that already sits in an element with the right `lang` is left as it
is, and so are scripts, styles, code, form fields and SVG (whose text cannot hold a span).
MkDocs loads this file by path (`build_site` adds it to `hooks`).
"""

from __future__ import annotations

import re
from typing import Any

TOKEN = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|[^<]+", re.S
)
LANG = re.compile(r"""\slang=(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
UNTOUCHED = {"script", "style", "code", "pre", "textarea", "option", "title", "svg", "select"}
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_MARKS = "\u3000-\u303f\uff00-\uffef"  # 。，、（）… and full-width forms
# A run of Chinese: from a Chinese character to the last Chinese character or mark, taking in
# the numbers and marks between (第20条, 11.72万, 《…》).
CHINESE_RUN = re.compile(f"[{HAN}](?:[{HAN}{CJK_MARKS}0-9.%·]*[{HAN}{CJK_MARKS}])?")
ANY_CHINESE = re.compile(f"[{HAN}]")
ENGLISH_WORDS = re.compile(r"[A-Za-z]{3,}(?:[ ,;:'’-]+[A-Za-z]{2,}){2,}")


def on_post_page(output: str, config: Any, **_: Any) -> str:
    """The whole page: its content, and the table of contents and navigation made from it."""
    language = str(config["theme"]["language"])
    return mark_languages(output, "zh-CN" if language.startswith("zh") else "en")


def mark_languages(html: str, page_lang: str) -> str:
    out: list[str] = []
    stack: list[tuple[str, str, bool]] = []  # (tag, language, untouched)
    lang, untouched = page_lang, False  # the innermost open element's
    for token in TOKEN.finditer(html):
        closing, tag, attributes = token.groups()
        if tag is None:
            text = token.group(0)
            out.append(text if untouched or text.startswith("<!--") else _marked(text, lang))
            continue
        out.append(token.group(0))
        name = tag.lower()
        if closing:
            _close(stack, name)
        elif name not in VOID and not attributes.rstrip().endswith("/"):
            own = LANG.search(attributes) if "lang=" in attributes else None
            stack.append(
                (
                    name,
                    next(filter(None, own.groups())) if own else lang,
                    untouched or name in UNTOUCHED,
                )
            )
        else:
            continue
        lang, untouched = (stack[-1][1], stack[-1][2]) if stack else (page_lang, False)
    return "".join(out)


def _close(stack: list[tuple[str, str, bool]], name: str) -> None:
    """Pop to the element `name` closes; a stray end tag (none open) changes nothing."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == name:
            del stack[depth:]
            return


def _marked(text: str, lang: str) -> str:
    if lang.startswith("zh"):
        if ENGLISH_WORDS.search(text) and not ANY_CHINESE.search(text):
            return f'<span lang="en">{text}</span>'
        return text
    return CHINESE_RUN.sub(lambda run: f'<span lang="zh-CN">{run.group(0)}</span>', text)
