"""Shared fixtures: the real checkout, a small fixture corpus, and one real build per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from builder.importer.text import read_lines
from builder.load import Corpus, load_corpus
from builder.pipeline import Project, build_all

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORT_ADDRESS = "mailto:plan-atlas@example.org"  # the test build's (none by default)
PUBLIC_URL = "https://plans.example.org/atlas/"
SHIFENG_SOURCE = ROOT / "corpus" / "sources" / "000_77ecffee2542df39.txt"
LINGLING_SOURCE = ROOT / "corpus" / "sources" / "003_39c842ce027127e8.txt"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """A writable copy of the small fixture corpus (one plan, `demo`)."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture
def mini_corpus_factory(tmp_path_factory: pytest.TempPathFactory):
    """Fresh writable copies of the fixture corpus (for property tests: one per example)."""

    def make() -> Path:
        target = tmp_path_factory.mktemp("mini") / "corpus"
        shutil.copytree(FIXTURES / "mini", target)
        return target

    return make


@pytest.fixture(scope="session")
def real_corpus() -> Corpus:
    return load_corpus(ROOT / "corpus")


@pytest.fixture(scope="session")
def shifeng_lines():
    return read_lines(SHIFENG_SOURCE)


@pytest.fixture(scope="session")
def lingling_lines():
    return read_lines(LINGLING_SOURCE)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real corpus built by the real pipeline and MkDocs (strict) into a temporary folder:
    (site dir, search index dir)."""
    site = tmp_path_factory.mktemp("build") / "site"
    index_dir = site.parent / "search-index"
    settings = {"SITE_URL": PUBLIC_URL, "REPORT_PROBLEM": REPORT_ADDRESS}
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        build_all(Project(ROOT), site, index_dir)
    finally:
        for name, value in previous.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    return site, index_dir


@pytest.fixture(scope="session")
def built_site(built: tuple[Path, Path]) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def engine(built: tuple[Path, Path], real_corpus: Corpus):
    """The staff search engine on the real index (jieba loads once per test session)."""
    from builder.search.engine import SearchEngine

    return SearchEngine(built[1], real_corpus.glossary)


def copy_checkout(target: Path) -> Project:
    """Copy what a build needs (corpus, config, static pages) so a test may break it."""
    for name in ("corpus", "docs/pages", "docs/pages-en", "docs/overrides"):
        shutil.copytree(ROOT / name, target / name)
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / config, target / config)
    return Project(target, node_modules=ROOT / ".venv" / "node" / "node_modules")


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's chromium package; `make test` installs it)."""
    from playwright.sync_api import sync_playwright

    from builder.search.browser import CHROMIUM, LAUNCH_ARGS

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(built_site: Path):
    """A headless Chromium page (Debian's chromium), with `page.base` the static site's URL."""
    from playwright.sync_api import sync_playwright

    from builder.search.browser import CHROMIUM, LAUNCH_ARGS, serve_static

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs it"
    # Served under the public URL's path, like the real host: the 404 page's links are absolute.
    with serve_static(built_site, urlsplit(PUBLIC_URL).path) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.base = base  # type: ignore[attr-defined]  # the tests read it from the page
        yield page
        browser.close()
