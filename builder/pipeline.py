"""The whole pipeline in order: load → link → render → build → export, with atomic publishing."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from builder.build import build_site, index_static_search
from builder.consistency import Finding, check_consistency
from builder.export import write_exports
from builder.feed import write_feed
from builder.link import register_corpus
from builder.load import Corpus, load_corpus
from builder.publish import build_lock, new_build, publish, published
from builder.relations import relate
from builder.render import render_site, write_pages
from builder.search.index import IndexResult, build_index


@dataclass(frozen=True)
class Project:
    """Where things live in a checkout."""

    root: Path
    node_modules: Path | None = None

    @property
    def vendor_scripts(self) -> list[Path]:
        """Browser packages from the npm registry (installed by make), copied into the site."""
        modules = self.node_modules or self.root / ".venv" / "node" / "node_modules"
        dist = modules / "tablesort" / "dist"
        return [dist / "tablesort.min.js", dist / "sorts" / "tablesort.number.min.js"]

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

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def search_index(self) -> Path:
        """The staff search index, beside site/ (not published with it)."""
        return self.root / "search-index"


def check(project: Project) -> BuildResult:
    """Load and validate the corpus (raises CorpusError) and run the consistency checks."""
    corpus = load_corpus(project.corpus)
    return BuildResult(corpus, check_consistency(corpus))


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus
    findings: list[Finding]
    index: IndexResult | None = None

    @property
    def warnings(self) -> list[object]:
        """Corpus warnings (e.g. untagged records) and the source's own inconsistencies."""
        return [*self.corpus.warnings, *(f for f in self.findings if not f.ok)]


def build_all(project: Project, site_dir: Path, index_dir: Path | None = None) -> BuildResult:
    """Validate, render, build, export and index into a new build folder, then publish the
    site and the index together; nothing is published unless every step succeeded."""
    index_dir = index_dir or project.search_index
    with build_lock(site_dir.parent):
        corpus = load_corpus(project.corpus)
        findings = check_consistency(corpus)
        registry = register_corpus(corpus)
        relations = relate(corpus)
        rendered = render_site(corpus, registry, findings, relations)
        write_pages(rendered, project.static_pages, project.generated, project.vendor_scripts)
        build = new_build(site_dir)
        try:
            build_site(project.config, project.generated, build / "site", rendered.nav)
            index_static_search(build / "site")
            write_exports(corpus, registry, relations, build / "site" / "api")
            write_feed(corpus, registry, build / "site")
            previous = published(site_dir, "search-index")
            if previous is not None:  # reused as it is when the corpus has not changed
                shutil.copytree(previous, build / "search-index", symlinks=True)
            index = build_index(corpus, registry, build / "search-index")
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        publish(build, site_dir, index_dir)
    return BuildResult(corpus, findings, index)
