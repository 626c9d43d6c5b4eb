"""The whole pipeline in order: load → link → render → build → export, with atomic publishing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.build import build_site, publish, staging_dir
from builder.consistency import Finding, check_consistency
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


def check(project: Project) -> BuildResult:
    """Load and validate the corpus (raises CorpusError) and run the consistency checks."""
    corpus = load_corpus(project.corpus)
    return BuildResult(corpus, check_consistency(corpus))


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus
    findings: list[Finding]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.ok]


def build_all(project: Project, site_dir: Path) -> BuildResult:
    """Validate, render, build and export; `site_dir` is replaced only when all succeeded."""
    corpus = load_corpus(project.corpus)
    findings = check_consistency(corpus)
    registry = register_corpus(corpus)
    rendered = render_site(corpus, registry, findings)
    write_pages(rendered, project.static_pages, project.generated)
    staging = staging_dir(site_dir)
    build_site(project.config, project.generated, staging, rendered.nav)
    write_exports(corpus, registry, staging / "api")
    publish(staging, site_dir)
    return BuildResult(corpus, findings)
