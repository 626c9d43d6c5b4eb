"""Markdown extension: a link's text ends at its closing bracket, found by scanning forward.

Python-Markdown 3.11 finds the bracket that closes a link's text by computing, once per text,
the closing bracket of every position in it (so that thousands of unclosed `[` are not
quadratic). But it computes that again after every link it replaces, since the text then
changes, so a text with many links is quadratic instead: 11 % of an edition's MkDocs build at
20 plans (chapter, table and glossary pages hold hundreds of links). Scanning forward from
the link to its closing bracket gives the same result at the cost of the link's own text
(an unclosed bracket scans to the end of its text, as Markdown 3.10 did). Loaded from
mkdocs.yml's `markdown_extensions`.
"""

from __future__ import annotations

from types import MethodType

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor


def text_to_closing_bracket(
    processor: LinkInlineProcessor, data: str, index: int
) -> tuple[str, int, bool]:
    """The text from `index` to the `]` that closes the `[` before it (nested pairs inside),
    the index past that `]`, and whether there was one."""
    depth = 0
    for position in range(index, len(data)):
        char = data[position]
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                return data[index:position], position + 1, True
            depth -= 1
    return data[index:], len(data), False


class ForwardLinks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):  # links, images, references
                # This Markdown's own processors, made by Markdown: their method is replaced.
                processor.getText = MethodType(text_to_closing_bracket, processor)  # type: ignore[method-assign]


def makeExtension(**kwargs: object) -> ForwardLinks:
    return ForwardLinks(**kwargs)
