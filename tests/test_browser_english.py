"""The English edition in a real browser: the language switch and English search."""

from __future__ import annotations


def test_switching_language_on_a_provision_lands_on_the_same_provision(page):
    page.goto(page.base + "shifeng/art-37/")
    page.click("a.atlas-lang")
    page.wait_for_url("**/en/shifeng/art-37/")
    assert page.eval_on_selector("html", "h => h.lang") == "en"
    assert page.inner_text("h1").startswith("Article 37")
    page.click("a.atlas-lang")
    page.wait_for_url("**/shifeng/art-37/")
    assert "/en/" not in page.url and page.inner_text("h1").startswith("第37条")


def test_the_english_search_page_finds_english_words_and_stays_in_english(page):
    page.goto(page.base + "en/search/?q=black%20and%20odorous%20water")
    page.wait_for_selector("#atlas-search-results li a", timeout=20000)
    links = page.eval_on_selector_all("#atlas-search-results li a", "a => a.map(x => x.href)")
    assert links and all("/en/" in link for link in links[:5]), links[:5]
