"""The site's editions, each declared once: where it is published, its MkDocs configuration,
its hand-written pages, its templates and its navigation labels. Everything else (the build,
the language switch, the inputs a build watches) derives from this list. The first edition
is published at the site's root and holds the assets every edition shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CATALOGUES = Path(__file__).with_name("catalogues")


@dataclass(frozen=True)
class Edition:
    code: str  # the language of its pages
    path: str  # its folder inside site/ ("" for the root)
    config: str  # its MkDocs configuration, in the checkout's root
    pages: str  # its hand-written pages, a folder under docs/
    templates: str  # its folder under builder/templates/ ("" for the templates' root)
    labels: dict[str, str]  # its navigation labels, by page

    @property
    def prefix(self) -> str:
        """Its URLs' beginning inside the site: "" or "en/"."""
        return f"{self.path}/" if self.path else ""

    @property
    def depth(self) -> int:
        """How many folders below the site's root its pages start."""
        return self.prefix.count("/")


EDITIONS = (
    Edition(
        code="zh",
        path="",
        config="mkdocs.yml",
        pages="pages",
        templates="",
        labels={
            "home": "首页", "overview": "概览", "glance": "一览", "indicators": "建设指标",
            "projects": "重点项目", "data-notes": "数据说明", "revisions": "修订记录",
            "compare": "对比", "compare-indicators": "指标对比", "investment": "投资对比",
            "topics": "主题", "glossary": "术语表", "search": "高级检索", "about-section": "关于",
            "about": "关于本站 About", "downloads": "数据下载 Downloads", "maintenance": "维护",
        },
    ),
    Edition(
        code="en",
        path="en",
        config="mkdocs.en.yml",
        pages="pages-en",
        templates="en/",
        labels={
            "home": "Home", "overview": "Overview", "glance": "At a glance",
            "indicators": "Indicators", "projects": "Key projects", "data-notes": "Data notes",
            "revisions": "Revisions", "compare": "Compare", "compare-indicators": "Indicators",
            "investment": "Investment", "topics": "Topics", "glossary": "Glossary",
            "search": "Search", "about-section": "About", "about": "About this site",
            "downloads": "Downloads", "maintenance": "Maintenance",
        },
    ),
)  # fmt: skip
EDITION_CODES = tuple(edition.code for edition in EDITIONS)
_BY_CODE = {edition.code: edition for edition in EDITIONS}


def edition(code: str) -> Edition:
    return _BY_CODE[code]


@cache
def messages(code: str) -> dict[str, str]:
    """The edition's catalogue of interface words (builder/catalogues/CODE.yaml)."""
    text = (CATALOGUES / f"{code}.yaml").read_text(encoding="utf-8")
    return {str(key): str(value) for key, value in yaml.safe_load(text).items()}


def label_text(code: str, key: str) -> str:
    """A catalogue word with its gloss, as plain text (what _labels.j2's `text` prints)."""
    words = messages(code)
    gloss = words.get(f"{key}+")
    return f"{words[key]} {gloss}" if gloss else words[key]


def counterpart(code: str) -> Edition:
    """The edition the language switch of `code`'s pages leads to."""
    return next(other for other in EDITIONS if other.code != code)
