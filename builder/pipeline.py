"""The whole pipeline in order: load → link → render → build → export, with atomic publishing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.build import build_site, publish, staging_dir
from builder.export import write_exports
from builder.link import register_corpus
from builder.load import Corpus, load_corpus
from builder.render import render_site, write_pages


@dataclass(frozen=True)
class Project:
    """Where things live in a checkout."""

    root: Path

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def static_pages(self) -> Path:
        return self.root / "docs" / "pages"

    @property
    def generated(self) -> Path:
        return self.root / "docs" / "generated"


def check(project: Project) -> Corpus:
    """Load and validate the corpus (raises CorpusError listing every problem)."""
    return load_corpus(project.corpus)


def build_all(project: Project, site_dir: Path) -> Corpus:
    """Validate, render, build and export; `site_dir` is replaced only when all succeeded."""
    corpus = load_corpus(project.corpus)
    registry = register_corpus(corpus)
    rendered = render_site(corpus, registry)
    write_pages(rendered, project.static_pages, project.generated)
    staging = staging_dir(site_dir)
    build_site(project.config, project.generated, staging, rendered.nav)
    write_exports(corpus, registry, staging / "api")
    publish(staging, site_dir)
    return corpus
