"""What a build can skip: content hashes of its inputs and of its page layout.

- inputs: every file the site is made from (corpus, builder code and templates, static pages,
  theme overrides, mkdocs.yml, vendor scripts) and the settings read from the environment.
  Unchanged inputs mean an unchanged site: the build stops before generating anything.
- layout: the navigation, the set of pages, and everything every page embeds (theme
  overrides, mkdocs.yml, static files). Unchanged layout means MkDocs may rebuild only the
  pages whose Markdown changed (its `dirty` build on a copy of the published site).

The stamp of the published build is `stamp.json` beside its site/ and search-index/.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

STAMP = "stamp.json"
BUILDER = Path(__file__).resolve().parent
ENVIRONMENT = ("SITE_URL",)
PACKAGES = ("mkdocs", "mkdocs-material", "jinja2")


@dataclass(frozen=True)
class Stamp:
    inputs: str
    layout: str

    def write(self, folder: Path) -> None:
        (folder / STAMP).write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path | None) -> Stamp | None:
        path = folder / STAMP if folder else None
        if path is None or not path.exists():
            return None
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def input_fingerprint(sources: list[Path]) -> str:
    """A hash of every file under `sources` (files or folders), the builder's own code, the
    packages that shape the output and the environment settings the site reads."""
    digest = _settings_digest()
    for root in [*sources, BUILDER]:
        _hash_tree(digest, root)
    return digest.hexdigest()


def layout_fingerprint(nav: list[Any], pages: list[str], shared: list[Path]) -> str:
    """A hash of what every page embeds: the navigation, the page set and the shared files."""
    digest = _settings_digest()
    digest.update(json.dumps(nav, sort_keys=True, ensure_ascii=False).encode())
    digest.update("\n".join(sorted(pages)).encode())
    for root in shared:
        _hash_tree(digest, root)
    return digest.hexdigest()


def tree_digest(*roots: Path) -> str:
    """A hash of every file under `roots` (files or folders; a missing one counts as empty)."""
    digest = hashlib.sha256()
    for root in roots:
        if root.exists():
            _hash_tree(digest, root)
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """A hash of the builder's own code and templates (once per process)."""
    return tree_digest(BUILDER)


def settings_digest() -> str:
    """A hash of the environment settings the site reads and the packages that shape it."""
    return _settings_digest().hexdigest()


def _settings_digest() -> hashlib._Hash:
    digest = hashlib.sha256()
    for name in ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name, '')}\n".encode())
    for package in PACKAGES:
        digest.update(f"{package}=={version(package)}\n".encode())
    return digest


def _hash_tree(digest: hashlib._Hash, root: Path) -> None:
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(root.parent)).encode())
        digest.update(path.read_bytes())
