"""The English edition: the same pages and anchors under /en/, a language switch on every page
that lands on the same page, English text first with the Chinese original beside it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

SKIP = ("api", "search-data", "assets", "en")
SWITCH = re.compile(r'<a class="atlas-lang[^"]*" href="([^"]+)"')


def _pages(site: Path, skip: tuple[str, ...] = ()) -> set[str]:
    return {
        str(path.relative_to(site))
        for path in site.rglob("index.html")
        if path.relative_to(site).parts[0] not in skip
    }


def test_every_page_has_its_counterpart(built_site: Path):
    chinese = _pages(built_site, SKIP)
    english = _pages(built_site / "en", ("assets", "api", "search-data"))
    assert len(chinese) > 280  # 228 provisions, chapters, tables, topics, revisions…
    assert chinese == english


def test_the_language_switch_leads_to_the_same_page(built_site: Path):
    for page in sorted(_pages(built_site, SKIP)):
        for edition, other in (("", "en/"), ("en/", "")):
            html = (built_site / edition / page).read_text("utf-8")
            href = SWITCH.search(html)
            assert href, f"{edition}{page} has no language switch"
            here = "/" + edition + page.removesuffix("index.html")
            assert urljoin(here, href.group(1)) == "/" + other + page.removesuffix("index.html")


def test_an_english_provision_page_reads_in_english_with_the_chinese_beside_it(
    built_site: Path,
):
    html = (built_site / "en" / "shifeng" / "art-37" / "index.html").read_text("utf-8")
    assert '<html lang="en"' in html
    assert 'id="art-37"' in html and "Article 37" in html
    assert "By 2027, focus on completing" in html or "Jinliya" in html
    original = html[html.index('class="atlas-original"') :]
    assert 'lang="zh-CN"' in original[:80] and "金利亚" in original
    assert "Unofficial translation" in html


@pytest.mark.parametrize("page", ["shifeng/indicators", "lingling/projects", "compare", "glossary"])
def test_english_pages_are_in_english(built_site: Path, page: str):
    html = (built_site / "en" / page / "index.html").read_text("utf-8")
    body = html[html.index("<article") :]
    latin = len(re.findall(r"[A-Za-z]", body))
    han = len(re.findall(r"[\u4e00-\u9fff]", body))
    assert latin > han, f"{page}: {latin} Latin letters, {han} Chinese characters"


def test_staff_search_finds_words_only_in_the_full_translation(engine):
    hits = engine.search("Jinliya").hits  # a company named only in the translated text
    assert hits and hits[0].id == "shifeng/art-37"


ENGLISH_BLOCK = re.compile(r'<div class="atlas-bilingual__en">(.*?)</div>', re.S)
TRANSLATION = re.compile(r'<details class="atlas-translation" lang="en">(.*?)</details>', re.S)


def test_every_english_paragraph_is_a_paragraph_of_its_own(built_site: Path, real_corpus):
    """The English of a provision has as many paragraphs on its pages as the translation has:
    on the English page (the translation first) and in the Chinese page's disclosure."""
    counted = 0
    for plan in real_corpus.plans:
        for provision in plan.provisions:
            if not provision.text_en:
                continue
            english = (built_site / "en" / plan.id / provision.id / "index.html").read_text()
            chinese = (built_site / plan.id / provision.id / "index.html").read_text()
            for pattern, page in ((ENGLISH_BLOCK, english), (TRANSLATION, chinese)):
                block = pattern.search(page)
                assert block, (provision.id, pattern.pattern)
                found = block.group(1).count("<p>")
                assert found == len(provision.text_en), (plan.id, provision.id, found)
            counted += 1
    assert counted > 200
