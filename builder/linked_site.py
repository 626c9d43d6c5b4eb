"""MkDocs hook: a dirty build starts from hard links to the published site's files, and MkDocs
writes a file by opening it for writing, which would write through the link into the
published site. So, before MkDocs writes, each file it is about to write is unlinked: it then
writes a new file and the published one stays as it was.

On a dirty build MkDocs (1.6) writes the pages and static files whose source is newer than
their output (`File.is_modified`, its own test) and the theme's static templates (404.html,
sitemap.xml and its .gz); plugins that write more are off (mkdocs.yml). The incremental-build
test compares every file of the published build before and after.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = Path(config.site_dir)
    for file in files:
        if file.is_modified():
            _unlink_shared(Path(file.abs_dest_path))
    for name in config.theme.static_templates:
        _unlink_shared(site / name)
        _unlink_shared(site / f"{name}.gz")
    return files


def _unlink_shared(path: Path) -> None:
    if path.is_file() and path.stat().st_nlink > 1:
        path.unlink()
