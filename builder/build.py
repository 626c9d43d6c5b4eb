"""Build stage: run MkDocs (strict) on the rendered pages into a build folder.

Publishing the folder is `builder/publish.py`'s job.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from builder.editions import edition as edition_of

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(Exception):
    pass


NAV_SCOPE_HOOK = Path(__file__).with_name("nav_scope.py")  # each page: its own plan's nav
TABLE_NAMES_HOOK = Path(__file__).with_name("table_names.py")  # every table: caption, scopes
SAFE_HTML_HOOK = Path(__file__).with_name("safe_html.py")  # no page content runs code
LANG_MARKS_HOOK = Path(__file__).with_name("lang_marks.py")  # the other language marked
LINKED_SITE_HOOK = Path(__file__).with_name("linked_site.py")  # never write into a link
HELD_PAGES_HOOK = Path(__file__).with_name("held_pages.py")  # pages compressed until written
# In the order MkDocs runs them: held_pages last, as it takes each page's final HTML.
MKDOCS_HOOKS = (
    NAV_SCOPE_HOOK,
    TABLE_NAMES_HOOK,
    LANG_MARKS_HOOK,
    SAFE_HTML_HOOK,
    LINKED_SITE_HOOK,
    HELD_PAGES_HOOK,
)


def edition_url(config_file: Path, edition: str) -> str:
    """The public URL of an edition: the site's URL, then its folder."""
    base = load_config(str(config_file)).site_url or "/"
    return base.rstrip("/") + "/" + edition_of(edition).prefix


def build_site(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    nav: list[Any],
    dirty: bool = False,
    site_url: str | None = None,
    not_in_nav: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """Build the MkDocs site from `docs_dir` into `site_dir` (strict: any warning fails).

    `dirty`: `site_dir` holds the previous build and only pages whose Markdown is newer than
    their HTML are rebuilt; the caller guarantees the navigation and page set are unchanged,
    which is what MkDocs' warning about dirty builds is about. `not_in_nav`: the pages the
    navigation leaves out on purpose (builder/site_model.py lists them). `extra`: added to the
    configuration's `extra` (what the theme overrides read, e.g. the header box's words)."""
    overrides: dict[str, str] = {"site_url": site_url} if site_url else {}
    if not_in_nav:
        overrides["not_in_nav"] = "\n".join(not_in_nav)
    config = load_config(
        str(config_file),
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        nav=nav,
        strict=True,
        hooks=[str(hook) for hook in MKDOCS_HOOKS],
        **overrides,
    )
    config["extra"].update(extra or {})
    logging.getLogger("jieba").setLevel(logging.WARNING)  # it logs its dictionary loading
    collector = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    build_logger = logging.getLogger("mkdocs.commands.build")
    build_logger.addFilter(_known_dirty_warning)
    try:
        mkdocs_build(config, dirty=dirty)
    except Abort as error:
        details = "".join(f"\n  {message}" for message in collector.messages)
        raise BuildError(f"mkdocs build failed: {error}{details}") from error
    finally:
        logger.removeHandler(collector)
        build_logger.removeFilter(_known_dirty_warning)


def _known_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class _WarningCollector(logging.Handler):
    """Keep MkDocs' warnings so a strict-mode failure can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
