"""The whole pipeline in order: load → link → render → build → export, with atomic publishing."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from builder.build import MKDOCS_HOOKS, build_site, edition_url
from builder.cache import FOLDER as CACHE
from builder.cache import Cache
from builder.consistency import Finding, check_consistency
from builder.editions import EDITION_CODES, EDITIONS, counterpart, messages
from builder.editions import edition as edition_of
from builder.export import downloads, export_files, write_files
from builder.feed import write_feed
from builder.freshness import page_digests, plan_keys, read_digests, site_digest, write_digests
from builder.guard import guard_shrink
from builder.incremental import Stamp, input_fingerprint, layout_fingerprint
from builder.link import Registry, register_corpus
from builder.load import Corpus, load_corpus
from builder.progress import TIMINGS, Progress, write_timings
from builder.publish import build_lock, new_build, publish, published
from builder.relations import Relations, relate
from builder.render import page_stream, write_pages
from builder.search.index import IndexResult, build_index
from builder.search.public import FOLDER as PUBLIC_INDEX
from builder.search.public import build_public_index
from builder.site_model import not_in_nav, site_pages
from builder.views import search_words
from builder.workers import Workers

T = TypeVar("T")


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
        """The root edition's MkDocs configuration (the site's URL is set there)."""
        return self.config_of(EDITIONS[0].code)

    @property
    def static_pages(self) -> Path:
        """The root edition's hand-written pages, with the assets every edition shares."""
        return self.root / "docs" / EDITIONS[0].pages

    def config_of(self, edition: str) -> Path:
        return self.root / edition_of(edition).config

    def static_pages_of(self, edition: str) -> list[tuple[Path, str]]:
        """An edition's hand-written pages, and (beyond the root edition) the shared assets."""
        own = [(self.root / "docs" / edition_of(edition).pages, "")]
        if edition == EDITIONS[0].code:
            return own
        return [*own, (self.static_pages / "assets", "assets/")]

    @property
    def inputs(self) -> list[Path]:
        """Everything the site is made from, besides the builder's own code."""
        return [self.corpus, *self.shared]

    @property
    def shared(self) -> list[Path]:
        """What every page embeds: configuration, theme overrides, static pages, scripts, and the
        MkDocs hooks that change every page's HTML (a change to one rebuilds every page)."""
        return [
            *[self.root / edition.config for edition in EDITIONS],
            self.root / "docs" / "overrides",
            *[self.root / "docs" / edition.pages for edition in EDITIONS],
            *[script for script in self.vendor_scripts if script.exists()],
            *MKDOCS_HOOKS,
        ]

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def search_index(self) -> Path:
        """The staff search index, beside site/ (not published with it)."""
        return self.root / "search-index"


def check(project: Project, allow_shrink: bool = False) -> BuildResult:
    """Load and validate the corpus (raises CorpusError), check that publishing it would not
    drop what the published site holds (raises ShrinkError) and run the consistency checks."""
    corpus = load_corpus(project.corpus)
    guard_shrink(corpus, published(project.site, "site"), allow_shrink)
    return BuildResult(corpus, check_consistency(corpus))


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus | None  # None when nothing had changed and nothing was built
    findings: list[Finding]
    index: IndexResult | None = None
    pages_written: int = 0  # generated Markdown files whose content changed
    mode: str = "full"  # "full", "incremental" (changed pages only) or "up to date"
    seconds: dict[str, float] = field(default_factory=dict)  # per stage
    pages_rendered: int = 0  # generated pages rendered (the others' inputs were unchanged)

    @property
    def warnings(self) -> list[object]:
        """Corpus warnings (e.g. untagged records) and the source's own inconsistencies."""
        corpus_warnings = self.corpus.warnings if self.corpus else []
        return [*corpus_warnings, *(f for f in self.findings if not f.ok)]


StageHook = Callable[[str, float], None]


def build_all(
    project: Project,
    site_dir: Path,
    index_dir: Path | None = None,
    on_stage: StageHook | None = None,
    allow_shrink: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Validate, render, build, export and index into a new build folder, then publish the
    site and the index together; nothing is published unless every step succeeded.

    Content hashes decide how much to do: nothing when no input changed; unchanged plans come
    from the cache; a page is rendered only when its inputs changed (builder/freshness.py);
    when the navigation and page set are unchanged, MkDocs rebuilds only the pages whose
    Markdown changed and the index updates only the changed documents. The two editions render
    and build in parallel processes while a third builds the staff index.
    `on_stage(name, seconds)` is told each stage's time (the index's own, in its process).
    A corpus that would drop published plans or records fails (ShrinkError) unless its
    revision history records the removal or `allow_shrink` is set. `progress` (a terminal's)
    is told each stage as it begins and ends."""
    index_dir = index_dir or project.search_index
    timer = _StageTimer(on_stage, progress)
    started = time.perf_counter()
    with build_lock(site_dir.parent):
        previous = Stamp.read(published(site_dir, "."))
        inputs = input_fingerprint(project.inputs)
        if previous and previous.inputs == inputs and site_dir.exists() and index_dir.exists():
            return BuildResult(None, [], mode="up to date")
        cache = Cache(site_dir.parent / CACHE)
        corpus = timer.run("load", lambda: load_corpus(project.corpus, cache))
        guard_shrink(corpus, published(site_dir, "site"), allow_shrink)
        findings = check_consistency(corpus)
        registry, relations = timer.run("link", lambda: (register_corpus(corpus), relate(corpus)))
        site = site_digest(corpus)
        keys = plan_keys(corpus, site)
        exports = timer.run(
            "exports", lambda: export_files(corpus, registry, relations, cache, keys)
        )
        digests = page_digests(corpus, site_pages(corpus), site)
        unchanged = _unchanged(read_digests(published(site_dir, ".")), digests)
        build = new_build(site_dir)
        job = _BuildJob(
            project,
            corpus,
            registry,
            findings,
            relations,
            exports,
            build / DOCS,
            cache,
            unchanged,
            published_search=_published_search(site_dir),
        )
        try:
            timer.run("reuse", lambda: _start_from_published(site_dir, build))
            with Workers(job, (os.cpu_count() or 1) + 1) as workers:
                index_done = workers.submit("index", build / "search-index")
                layouts = timer.run("render", lambda: workers.map("render", EDITION_CODES))
                navs = {e: layout.nav for e, layout in zip(EDITION_CODES, layouts, strict=True)}
                stamp = Stamp(inputs, _layout_fingerprint(layouts, project.shared))
                dirty = timer.run(
                    "reuse site",
                    lambda: _reuse_published_site(previous, stamp, site_dir, build / "site"),
                )
                timer.run("mkdocs", lambda: _build_editions(workers, build / "site", navs, dirty))
                job.export(build / "site")
                index, index_seconds, public_seconds, used = index_done()
                cache.note(used)
                (build / PUBLIC_INDEX).rename(build / "site" / PUBLIC_INDEX)
                timer.record("index", index_seconds)
                timer.record("public index", public_seconds)
            stamp.write(build)
            write_digests(build, digests)
            write_timings(build / TIMINGS, timer.seconds, time.perf_counter() - started)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        timer.run("publish", lambda: _publish(build, site_dir, index_dir, cache))
    written = sum(layout.written for layout in layouts)
    rendered = sum(layout.rendered for layout in layouts)
    mode = "incremental" if dirty else "full"
    return BuildResult(corpus, findings, index, written, mode, timer.seconds, rendered)


class _StageTimer:
    def __init__(self, hook: StageHook | None, progress: Progress | None = None) -> None:
        self.hook = hook
        self.progress = progress
        self.seconds: dict[str, float] = {}

    def run(self, name: str, action: Callable[[], T]) -> T:
        if self.progress:
            self.progress.begin(name)
        started = time.perf_counter()
        value = action()
        self.record(name, time.perf_counter() - started)
        return value

    def record(self, name: str, seconds: float) -> None:
        self.seconds[name] = seconds
        if self.hook:
            self.hook(name, seconds)
        if self.progress:
            self.progress.end(name, seconds)


@dataclass(frozen=True)
class EditionLayout:
    """What the parent needs back from rendering an edition (the Markdown stays on disk)."""

    nav: list[Any]
    pages: list[str]
    written: int  # pages whose Markdown changed
    rendered: int  # pages rendered (the others' inputs had not changed)


@dataclass
class _BuildJob:
    """The work of one build that runs in worker processes, which inherit this by fork."""

    project: Project
    corpus: Corpus
    registry: Registry
    findings: list[Finding]
    relations: Relations
    exports: dict[str, bytes]  # site/api/, made before rendering: the Downloads page lists it
    docs: Path  # the generated Markdown, a folder per edition, inside this build's folder
    cache: Cache  # what earlier builds made (builder/cache.py)
    unchanged: frozenset[str] = frozenset()  # pages whose inputs the published build had
    published_search: Path | None = None  # the published public index (its files are reused)

    def render(self, edition: str) -> EditionLayout:
        listed = downloads(self.exports, self.corpus)
        docs = self.docs / edition
        unchanged = frozenset(page for page in self.unchanged if (docs / page).is_file())
        pages = page_stream(
            self.corpus, self.registry, self.findings, self.relations, edition, listed, unchanged
        )
        static = self.project.static_pages_of(edition)
        written = write_pages(pages.texts(), pages.kept, static, docs, self.project.vendor_scripts)
        return EditionLayout(pages.nav, pages.paths, len(written), len(pages.rendered))

    def build(self, task: tuple[str, list[Any], Path, bool]) -> None:
        edition, nav, site, dirty = task
        build_site(
            self.project.config_of(edition),
            self.docs / edition,
            _edition_site(site, edition),
            nav,
            dirty,
            site_url=edition_url(self.project.config, edition),
            not_in_nav=not_in_nav(site_pages(self.corpus)),
            extra=edition_extra(self.corpus, edition),
        )

    def index(self, index_dir: Path) -> tuple[IndexResult, float, float, dict[str, set[str]]]:
        """The staff index in `index_dir`, and the public one beside it (moved into the site
        once MkDocs has built it); both load jieba, so one process makes both. Returns the
        cache keys used, for the parent to keep."""
        started = time.perf_counter()
        result = build_index(self.corpus, self.registry, index_dir)
        staff = time.perf_counter() - started
        public = index_dir.parent / PUBLIC_INDEX
        build_public_index(self.corpus, self.registry, public, self.cache, self.published_search)
        return result, staff, time.perf_counter() - started - staff, self.cache.used

    def export(self, site: Path) -> None:
        write_files(self.exports, site)
        write_feed(self.corpus, self.registry, site)


def edition_extra(corpus: Corpus, edition: str) -> dict[str, Any]:
    """What an edition's theme overrides read from `config.extra` beside mkdocs.yml's: the
    header's words and search, and whether citations may name the canonical address."""
    return {
        "search": _header_search(corpus, edition),
        "header": _header_words(edition),
        # Citations show the canonical address only where the site's URL is known.
        "canonical_address": bool(os.environ.get("SITE_URL")),
    }


def _header_search(corpus: Corpus, edition: str) -> dict[str, Any]:
    """What the header box on every page needs to show results as the reader types: the way
    from an edition's root to the site's (where search-data/ is), the edition's prefix in the
    records' URLs and its words."""
    path = edition_of(edition).path
    return {
        "up": "../" * edition_of(edition).depth,
        "prefix": f"/{path}" if path else "",
        "words": search_words(corpus, edition),
    }


def _header_words(edition: str) -> dict[str, str]:
    """The header's words in the edition's language (the catalogue's `header.*`), and where its
    language switch leads when a page names no counterpart: the other edition's home."""
    words = messages(edition)
    other = counterpart(edition)
    return {
        "short_name": words["header.short_name"],
        "search": words["header.search"],
        "switch": words["header.switch"],
        "switch_short": words["header.switch.short"],  # on a phone
        "switch_title": words["header.switch.title"],
        "switch_lang": other.lang,
        "switch_home": "../" * edition_of(edition).depth + other.prefix,
    }


def _layout_fingerprint(layouts: list[EditionLayout], shared: list[Path]) -> str:
    """The navigation and page set of every edition (in EDITIONS order) and the shared files."""
    pages = [
        f"{edition}/{page}"
        for edition, layout in zip(EDITION_CODES, layouts, strict=True)
        for page in layout.pages
    ]
    return layout_fingerprint([layout.nav for layout in layouts], pages, shared)


def _edition_site(site: Path, edition: str) -> Path:
    """Where an edition is built: the Chinese into site/ itself, which MkDocs empties before a
    full build, so the others beside it, moved into place afterwards."""
    path = edition_of(edition).path
    return site.with_name(f"{site.name}-{edition}") if path else site


def _build_editions(workers: Workers, site: Path, navs: dict[str, list[Any]], dirty: bool) -> None:
    others = [e for e in navs if edition_of(e).path]
    for edition in others:  # a dirty build finds the previous edition where it builds
        if (site / edition_of(edition).path).exists():
            (site / edition_of(edition).path).rename(_edition_site(site, edition))
    workers.map("build", [(edition, nav, site, dirty) for edition, nav in navs.items()])
    for edition in others:
        _edition_site(site, edition).rename(site / edition_of(edition).path)


def _unchanged(previous: dict[str, str], digests: dict[str, str]) -> frozenset[str]:
    """The pages whose inputs are as the published build rendered them."""
    return frozenset(page for page, digest in digests.items() if previous.get(page) == digest)


DOCS = "docs"  # a build folder's generated Markdown, beside its site/ and search-index/


def _start_from_published(site_dir: Path, build: Path) -> None:
    """Start from the published build's Markdown (the render then rewrites only the pages that
    changed, and their times tell MkDocs' dirty build what to redo) and from its staff index
    (updated in place: only the changed documents). The Markdown is hard-linked, not copied:
    write_pages replaces a file it changes and never writes into one."""
    previous = published(site_dir, DOCS)
    if previous is not None:
        shutil.copytree(previous, build / DOCS, symlinks=True, copy_function=os.link)
    previous = published(site_dir, "search-index")
    if previous is not None:
        shutil.copytree(previous, build / "search-index", symlinks=True)


def _published_search(site_dir: Path) -> Path | None:
    site = published(site_dir, "site")
    return site / PUBLIC_INDEX if site and (site / PUBLIC_INDEX).is_dir() else None


def _publish(build: Path, site_dir: Path, index_dir: Path, cache: Cache) -> None:
    publish(build, site_dir, index_dir)
    cache.prune()


def _reuse_published_site(
    previous: Stamp | None, stamp: Stamp, site_dir: Path, target: Path
) -> bool:
    """When only page contents changed, start from the published site: hard links to its
    files (times kept), which MkDocs replaces rather than writes into (builder/linked_site.py);
    copying them took most of a one-edit rebuild at 200 plans."""
    site = published(site_dir, "site")
    if previous is None or previous.layout != stamp.layout or site is None:
        return False
    ignore = shutil.ignore_patterns(*WRITTEN_AFTER_MKDOCS)
    shutil.copytree(site, target, symlinks=True, ignore=ignore, copy_function=os.link)
    return True


# What a build writes itself, whole, after MkDocs: the public search index, the exports and
# the feed. An incremental build starts without them, so that it publishes the same files as
# a full build (a file a full build no longer makes, such as a renamed source, is gone).
WRITTEN_AFTER_MKDOCS = (PUBLIC_INDEX, "api", "feed.xml")
