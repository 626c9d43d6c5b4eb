"""The whole pipeline in order: load → link → render → build → export, with atomic publishing."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from builder.build import EDITION_PATHS, build_site, edition_url, index_static_search
from builder.consistency import Finding, check_consistency
from builder.export import write_exports
from builder.feed import write_feed
from builder.incremental import Stamp, input_fingerprint, layout_fingerprint
from builder.link import register_corpus
from builder.load import Corpus, load_corpus
from builder.publish import build_lock, new_build, publish, published
from builder.relations import relate
from builder.render import EDITIONS, render_site, write_pages
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

    def generated_of(self, edition: str) -> Path:
        """Where an edition's Markdown is generated (MkDocs' docs_dir for it)."""
        return self.generated if edition == "zh" else self.root / "docs" / f"generated-{edition}"

    def config_of(self, edition: str) -> Path:
        return self.config if edition == "zh" else self.root / f"mkdocs.{edition}.yml"

    def static_pages_of(self, edition: str) -> list[tuple[Path, str]]:
        """An edition's hand-written pages, and the assets both editions share."""
        if edition == "zh":
            return [(self.static_pages, "")]
        return [
            (self.root / "docs" / f"pages-{edition}", ""),
            (self.static_pages / "assets", "assets/"),
        ]

    @property
    def inputs(self) -> list[Path]:
        """Everything the site is made from, besides the builder's own code."""
        return [self.corpus, *self.shared]

    @property
    def shared(self) -> list[Path]:
        """What every page embeds: configuration, theme overrides, static pages, scripts."""
        return [
            self.config,
            *[self.config_of(edition) for edition in EDITIONS[1:]],
            self.root / "docs" / "overrides",
            self.static_pages,
            *[self.root / "docs" / f"pages-{edition}" for edition in EDITIONS[1:]],
            *[script for script in self.vendor_scripts if script.exists()],
        ]

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
    corpus: Corpus | None  # None when nothing had changed and nothing was built
    findings: list[Finding]
    index: IndexResult | None = None
    pages_written: int = 0  # generated Markdown files whose content changed
    mode: str = "full"  # "full", "incremental" (changed pages only) or "up to date"

    @property
    def warnings(self) -> list[object]:
        """Corpus warnings (e.g. untagged records) and the source's own inconsistencies."""
        corpus_warnings = self.corpus.warnings if self.corpus else []
        return [*corpus_warnings, *(f for f in self.findings if not f.ok)]


def build_all(project: Project, site_dir: Path, index_dir: Path | None = None) -> BuildResult:
    """Validate, render, build, export and index into a new build folder, then publish the
    site and the index together; nothing is published unless every step succeeded.

    Content hashes decide how much to do: nothing when no input changed; when the navigation
    and page set are unchanged, MkDocs rebuilds only the pages whose Markdown changed and the
    index updates only the changed documents; otherwise everything."""
    index_dir = index_dir or project.search_index
    with build_lock(site_dir.parent):
        previous = Stamp.read(published(site_dir, "."))
        inputs = input_fingerprint(project.inputs)
        if previous and previous.inputs == inputs and site_dir.exists() and index_dir.exists():
            return BuildResult(None, [], mode="up to date")
        corpus = load_corpus(project.corpus)
        findings = check_consistency(corpus)
        registry = register_corpus(corpus)
        relations = relate(corpus)
        editions = {
            edition: render_site(corpus, registry, findings, relations, edition)
            for edition in EDITIONS
        }
        written = [
            page
            for edition, rendered in editions.items()
            for page in write_pages(
                rendered,
                project.static_pages_of(edition),
                project.generated_of(edition),
                project.vendor_scripts,
            )
        ]
        navs = [rendered.nav for rendered in editions.values()]
        pages = [f"{e}/{page}" for e, rendered in editions.items() for page in rendered.pages]
        stamp = Stamp(inputs, layout_fingerprint(navs, pages, project.shared))
        build = new_build(site_dir)
        try:
            dirty = _reuse_published_site(previous, stamp, site_dir, build / "site")
            for edition, rendered in editions.items():  # Chinese first: it cleans site/
                build_site(
                    project.config_of(edition),
                    project.generated_of(edition),
                    build / "site" / EDITION_PATHS[edition],
                    rendered.nav,
                    dirty,
                    site_url=edition_url(project.config, edition),
                )
            index_static_search(build / "site")
            write_exports(corpus, registry, relations, build / "site" / "api")
            write_feed(corpus, registry, build / "site")
            previous_index = published(site_dir, "search-index")
            if previous_index is not None:  # updated in place: only changed documents
                shutil.copytree(previous_index, build / "search-index", symlinks=True)
            index = build_index(corpus, registry, build / "search-index")
            stamp.write(build)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        publish(build, site_dir, index_dir)
    mode = "incremental" if dirty else "full"
    return BuildResult(corpus, findings, index, len(written), mode)


def _reuse_published_site(
    previous: Stamp | None, stamp: Stamp, site_dir: Path, target: Path
) -> bool:
    """Copy the published site (file times kept) when only page contents changed."""
    site = published(site_dir, "site")
    if previous is None or previous.layout != stamp.layout or site is None:
        return False
    shutil.copytree(site, target, symlinks=True, ignore=shutil.ignore_patterns("pagefind"))
    return True
