"""MkDocs hook: past a few plans, each page's navigation shows its own plan only.

Every page embeds the navigation. With every plan in it, each page grows with the number of
plans and the site with its square (and 200 plans would be 200 tabs). Past `SCOPED_AFTER` plan
sections (or `extra.scoped_nav_after` in the MkDocs configuration), a page inside a plan's
folder gets the navigation with only that plan's section, and every other page (home,
comparison, topics, glossary, 404) gets it with no plan section; the home page lists every
plan. Up to that many plans nothing changes.

A plan section is a top-level section whose pages all live in one folder. MkDocs loads this
file by path (`build_site` adds it to the configuration's `hooks`).
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

SCOPED_AFTER = 8  # plan sections shown on every page up to this many

_scoped: dict[str | None, Navigation] = {}


def folder_of(item: Any) -> str | None:
    """The folder all of a top-level section's pages live in, if they share one."""
    if not isinstance(item, Section):
        return None
    folders = {_folder(page) for page in _pages(item)}
    return folders.pop() if len(folders) == 1 and None not in folders else None


def _folder(page: Page) -> str | None:
    """The top-level folder of a page's source file (None at the docs root)."""
    uri = page.file.src_uri
    return uri.split("/")[0] if "/" in uri else None


def _pages(section: Section) -> list[Page]:
    pages: list[Page] = []
    for child in section.children:
        if isinstance(child, Page):
            pages.append(child)
        elif isinstance(child, Section):
            pages += _pages(child)
    return pages


def scoped_navigations(nav: Navigation, limit: int = SCOPED_AFTER) -> dict[str | None, Navigation]:
    """One navigation per plan folder (key: the folder) and one without plans (key: None);
    empty when there are no more than `limit` plan sections."""
    folders = [folder_of(item) for item in nav.items]
    if len(set(folders) - {None}) <= limit:
        return {}

    def keep(folder: str | None) -> Navigation:
        items = [item for item, f in zip(nav.items, folders, strict=True) if f in (None, folder)]
        return Navigation(items, nav.pages)

    return {folder: keep(folder) for folder in set(folders)}


def on_nav(nav: Navigation, config: Any, files: Any) -> Navigation:
    _scoped.clear()
    _scoped.update(scoped_navigations(nav, config.extra.get("scoped_nav_after", SCOPED_AFTER)))
    return nav


def on_page_context(context: dict, page: Page, config: Any, nav: Navigation) -> dict:
    if _scoped:
        context["nav"] = _scoped.get(_folder(page), _scoped[None])
    return context


def on_template_context(context: dict, template_name: str, config: Any) -> dict:
    if _scoped:
        context["nav"] = _scoped[None]
    return context
