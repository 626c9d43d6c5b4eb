"""Accessibility (WCAG 2.1 AA), measured: axe-core in the headless Chromium of the other browser
tests, on every kind of page of both editions; language attributes; keyboard focus."""

from __future__ import annotations

import warnings

import pytest

# One page of each kind, in both editions. `search/?q=` shows the search page with results.
PAGES = [
    "",
    "shifeng/",
    "shifeng/ch04/",
    "shifeng/art-37/",
    "shifeng/indicators/",
    "lingling/projects/",
    "shifeng/glance/",
    "compare/",
    "investment/",
    "topics/air/",
    "glossary/",
    "glossary/h/",
    "search/?q=噪声",
    "shifeng/data-notes/",
    "shifeng/revisions/",
    "lingling/revisions/1/",
    "en/lingling/revisions/1/ch04/",
    "about/",
    "downloads/",
    "404.html",
    "en/",
    "en/shifeng/art-37/",
    "en/lingling/projects/",
    "en/shifeng/indicators/",
    "en/compare/",
    "en/glossary/",
    "en/glossary/h/",
    "en/downloads/",
    "en/search/?q=noise",
]

# Chinese text outside a zh element, and English phrases (three or more words) outside an en
# element, as [kind, text, tag] triples.
MISLABELLED_TEXT = r"""() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim(), element = walker.currentNode.parentElement;
    if (!text || element.closest('script, style')) continue;
    const lang = (element.closest('[lang]') || document.documentElement).getAttribute('lang');
    const chinese = /[\u4e00-\u9fff]/.test(text);
    const english = !chinese && /[A-Za-z]{3,}(?:[ ,;:'’-]+[A-Za-z]{2,}){2,}/.test(text);
    const where = element.tagName;
    if (chinese && !lang.startsWith('zh')) found.push(['Chinese in ' + lang, text, where]);
    if (english && lang !== 'en') found.push(['English in ' + lang, text, where]);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _open(page, path: str) -> None:
    page.goto(page.base + path)
    page.wait_for_load_state("networkidle")
    if "?q=" in path:
        page.wait_for_selector("#atlas-search-results a")  # results shown, then checked


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violation(page, axe, path: str):
    _open(page, path)
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in ("serious", "critical")]
    for v in violations:
        if v not in blocking:  # listed in pytest's warnings summary
            warnings.warn(
                f"axe {v['impact']} on /{path}: {v['id']} ({len(v['nodes'])})", stacklevel=1
            )
    assert not blocking, "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes, first "
        f"{v['nodes'][0]['target']}: {v['nodes'][0]['html'][:160]})"
        for v in blocking
    )


DARK_PAGES = ["shifeng/art-37/", "shifeng/indicators/", "compare/", "search/?q=噪声", "en/"]


@pytest.fixture(scope="module")
def dark_page(page):
    """A page that prefers the dark scheme, in its own context: mkdocs-material keeps the
    scheme of the first visit in localStorage."""
    context = page.context.browser.new_context(color_scheme="dark")
    dark = context.new_page()
    dark.base = page.base
    yield dark
    context.close()


@pytest.mark.parametrize("path", DARK_PAGES)
def test_the_dark_scheme_has_no_serious_or_critical_axe_violation(dark_page, axe, path: str):
    _open(dark_page, path)
    assert dark_page.get_attribute("body", "data-md-color-scheme") == "slate"
    violations = axe.run(dark_page).response["violations"]
    blocking = [
        f"{v['id']}: {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert blocking == []


@pytest.mark.parametrize("path", ["shifeng/art-37/", "compare/", "en/shifeng/art-37/"])
def test_the_page_language_is_declared(page, path: str):
    _open(page, path)
    expected = "en" if path.startswith("en/") else "zh-CN"
    assert page.get_attribute("html", "lang") == expected


@pytest.mark.parametrize(
    "path", ["shifeng/art-37/", "lingling/projects/", "compare/", "en/shifeng/art-37/",
             "en/lingling/projects/", "en/compare/", "en/glossary/"]
)  # fmt: skip
def test_chinese_and_english_text_carry_their_language(page, path: str):
    _open(page, path)
    assert page.evaluate(MISLABELLED_TEXT) == []


def _one_page_of_each_kind() -> list[str]:
    """A page of every rendered page kind (the site model's list), in both editions."""
    from builder.load import load_corpus
    from builder.site_model import site_pages
    from tests.conftest import ROOT

    first: dict[str, str] = {}
    for page in site_pages(load_corpus(ROOT / "corpus")):
        if page.rendered and page.path.endswith(".md"):
            first.setdefault(page.kind.name, page.path.removesuffix(".md").removesuffix("index"))
    paths = [p if not p or p.endswith("/") else p + "/" for p in first.values()]
    searches = ["search/?q=噪声 noise", "en/search/?q=噪声 noise"]  # results drawn by the script
    return [*paths, *(f"en/{p}" for p in paths), *searches]


@pytest.mark.parametrize("path", _one_page_of_each_kind())
def test_no_page_kind_mixes_the_other_language_in_unmarked(page, path: str):
    """Chinese on an English page, or English inside a Chinese label, carries its lang (a
    marked quotation or gloss): checked on a page of every kind in both editions."""
    _open(page, path)
    assert page.evaluate(MISLABELLED_TEXT) == []


def test_the_keyboard_reaches_the_content_with_a_visible_focus(page):
    """The first Tab lands on the skip link; every element Tab reaches shows its focus."""
    _open(page, "shifeng/projects/")
    focused = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                """() => { const e = document.activeElement, s = getComputedStyle(e);
                     return {tag: e.tagName, skip: e.classList.contains('md-skip'),
                             table: e.classList.contains('atlas-table-wrap'),
                             visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                                      || s.boxShadow !== 'none'} }"""
            )
        )
        if focused[-1]["table"]:
            break
    assert focused[0]["skip"]
    assert focused[-1]["table"], "Tab never reached the projects table"
    assert [f for f in focused if not f["visible"]] == []
