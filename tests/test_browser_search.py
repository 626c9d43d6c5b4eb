"""The public search in a real headless Chromium, on the built site served as static files."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).parent / "artifacts"


def search_from_header(page, query: str) -> list[str]:
    page.goto(page.base + "shifeng/")
    page.fill("#atlas-header-q", query)
    page.press("#atlas-header-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_function(
        "() => /结果|没有结果/.test(document.getElementById('atlas-search-status').textContent)"
    )
    return page.eval_on_selector_all("#atlas-search-results a", "as => as.map(a => a.href)")


def test_chinese_query_finds_the_provision_and_lands_on_its_anchor(page):
    hrefs = search_from_header(page, "黑臭水体")
    assert any("/shifeng/art-34/" in href for href in hrefs[:5]), hrefs[:5]
    assert "<mark>" in page.inner_html("#atlas-search-results")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-zh.png"), full_page=True)
    page.click("#atlas-search-results a[href*='/shifeng/art-34/']")
    page.wait_for_load_state()
    assert "/shifeng/art-34/#art-34" in page.url
    assert page.inner_text("h1").startswith("第34条")


def test_english_query_finds_chinese_provisions(page):
    hrefs = search_from_header(page, "noise")
    assert any("/lingling/4.5." in href or "/shifeng/art-4" in href for href in hrefs[:5])
    page.screenshot(path=str(ARTIFACTS / "search-en.png"), full_page=True)


def test_article_number_goes_first(page):
    hrefs = search_from_header(page, "第３７条")
    assert "/shifeng/art-37/" in hrefs[0]


def test_the_page_says_which_engine_answered(page):
    search_from_header(page, "噪声")
    assert "Pagefind" in page.inner_text("#atlas-engine-name")
