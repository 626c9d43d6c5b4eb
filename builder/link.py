"""Link stage: give every record one page (or anchor) and resolve ids to links through a registry.

Templates never build a URL by hand: they ask the registry, which fails on an unknown id
and suggests the closest known one.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass, field

from markupsafe import Markup

from builder.load import Corpus
from builder.site_model import anchors, chapter_key, glossary_page, site_pages
from builder.text import safe_url

__all__ = ["LinkError", "Registry", "Target", "chapter_key", "glossary_page", "register_corpus"]


class LinkError(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """Where a record is published: a docs-relative Markdown page and an optional anchor."""

    page: str
    anchor: str | None = None

    @property
    def url(self) -> str:
        """Site-root-relative URL path, as published (directory URLs)."""
        if not self.page.endswith(".md"):  # a file the site serves as it is (feed.xml)
            return "/" + self.page
        path = self.page.removesuffix(".md")
        path = path.removesuffix("index") if path.endswith("index") else path + "/"
        url = "/" + path
        return f"{url}#{self.anchor}" if self.anchor else url


@dataclass
class Registry:
    targets: dict[str, Target] = field(default_factory=dict)
    _pages: dict[str, str] = field(default_factory=dict)

    def add(self, record_id: str, target: Target) -> None:
        """Register a record; refuse a second record with the same id or the same page."""
        if record_id in self.targets:
            raise LinkError(f"two records share the id {record_id!r}")
        if target.anchor is None:
            owner = self._pages.setdefault(target.page, record_id)
            if owner != record_id:
                raise LinkError(f"{record_id!r} and {owner!r} would both be {target.page}")
        self.targets[record_id] = target

    def resolve(self, record_id: str) -> Target:
        try:
            return self.targets[record_id]
        except KeyError:
            close = difflib.get_close_matches(record_id, list(self.targets), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise LinkError(f"no record with id {record_id!r}{hint}") from None

    def url(self, record_id: str) -> str:
        return self.resolve(record_id).url

    def href(self, record_id: str, from_page: str) -> Markup:
        """A Markdown link from `from_page` to the record, relative so MkDocs can check it."""
        target = self.resolve(record_id)
        if target.page == from_page and target.anchor:
            return safe_url(f"#{target.anchor}")
        relative = posixpath.relpath(target.page, posixpath.dirname(from_page) or ".")
        return safe_url(f"{relative}#{target.anchor}" if target.anchor else relative)

    def html_href(self, record_id: str, from_page: str) -> Markup:
        """A link for raw HTML (which MkDocs does not rewrite): relative between published URLs."""
        target = self.resolve(record_id)
        here = Target(from_page).url
        path = Target(target.page).url
        relative = posixpath.relpath(path, here) if path != here else "."
        if relative in (".", ""):
            relative = "./"
        elif path.endswith("/"):
            relative += "/"
        return safe_url(f"{relative}#{target.anchor}" if target.anchor else relative)


def register_corpus(corpus: Corpus) -> Registry:
    """Give every page of the site model its id, and every record published as an anchor its
    page and anchor."""
    registry = Registry()
    for page in site_pages(corpus):
        registry.add(page.id, Target(page.path))
    for record_id, page_path, anchor in anchors(corpus):
        registry.add(record_id, Target(page_path, anchor))
    return registry
