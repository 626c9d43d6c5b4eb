"""builder/md_links.py: links, images and references render exactly as Markdown renders
them, nested brackets, unclosed brackets and escapes included; and every edition uses it."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from builder.editions import EDITIONS
from builder.md_links import ForwardLinks

SAMPLES = [
    '见[第37条](../art-37/)与[第38条](../art-38/ "标题")。' * 40,
    "[a [nested] link](x/) and [an [unclosed link](y/) then [z](z/)",
    "![图 [1]](img.png) [ref][r] [short] [[double]](d/) \\[escaped\\](e/)\n\n[r]: r/\n[short]: s/",
    "[never closed (text) and more [ and ] one](w/) [",
    '<div markdown="1">\n[块内](t/) [b](b/)\n</div>',
]
EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "admonition"]


@pytest.mark.parametrize("text", SAMPLES)
def test_links_render_as_markdown_renders_them(text: str):
    plain = markdown.markdown(text, extensions=EXTENSIONS)
    forward = markdown.markdown(text, extensions=[*EXTENSIONS, ForwardLinks()])
    assert forward == plain
    assert "<a " in forward


def test_every_edition_loads_the_extension(root: Path):
    from mkdocs.config import load_config

    for edition in EDITIONS:
        config = load_config(str(root / edition.config))
        assert "builder.md_links" in config["markdown_extensions"]
