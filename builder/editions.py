"""The site's editions, each declared once: where it is published, its MkDocs configuration,
its hand-written pages, whether it reads the plans' own language, and its catalogue of
interface words (the YAML files of builder/catalogues/CODE/). Everything else (the build,
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
    lang: str  # that language as HTML's lang attribute names it
    path: str  # its folder inside site/ ("" for the root)
    config: str  # its MkDocs configuration, in the checkout's root
    pages: str  # its hand-written pages, a folder under docs/
    # True: the plans' own text (Chinese) is the page's text and a translation is offered beside
    # it; False: the edition's translation comes first and the original one click away.
    original: bool

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
        lang="zh-CN",
        path="",
        config="mkdocs.yml",
        pages="pages",
        original=True,
    ),
    Edition(
        code="en",
        lang="en",
        path="en",
        config="mkdocs.en.yml",
        pages="pages-en",
        original=False,
    ),
)
EDITION_CODES = tuple(edition.code for edition in EDITIONS)
_BY_CODE = {edition.code: edition for edition in EDITIONS}


def edition(code: str) -> Edition:
    return _BY_CODE[code]


# Catalogue entries that set how an edition writes rather than words it shows: the language of
# its glosses, and the sizes and units of its larger amounts (builder/money.py).
SETTINGS = ("gloss_lang", "money.scales")


class CatalogueError(ValueError):
    pass


@cache
def messages(code: str) -> dict[str, str]:
    """The edition's catalogue of interface words: every YAML file of builder/catalogues/CODE/,
    each key defined once."""
    words: dict[str, str] = {}
    for path in sorted((CATALOGUES / code).glob("*.yaml")):
        for key, value in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if key in words:
                raise CatalogueError(f"{path}: {key} is already defined in another file")
            words[str(key)] = str(value)
    if not words:
        raise CatalogueError(f"{CATALOGUES / code}: no catalogue for the edition {code!r}")
    return words


def say(code: str, key: str, **fields: object) -> str:
    """A catalogue entry with its {…} filled in."""
    return messages(code)[key].format(**fields)


def label_text(code: str, key: str) -> str:
    """A catalogue word with its gloss, as plain text (_labels.j2's `text` prints this)."""
    words = messages(code)
    gloss = words.get(f"{key}+")
    return f"{words[key]} {gloss}" if gloss else words[key]


def localized(record: object, field: str, code: str) -> str:
    """A text value in the edition's language: `field_CODE` where the record has it (and it is
    not empty), else the Chinese original (`field_zh`, or a bare `field`)."""
    for name in (f"{field}_{code}", f"{field}_zh", field):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return ""


def counterpart(code: str) -> Edition:
    """The edition the language switch of `code`'s pages leads to."""
    return next(other for other in EDITIONS if other.code != code)
