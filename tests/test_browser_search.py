"""The public search in a real headless Chromium, on the built site served as static files
(no staff service): the search page reads the site's own index (builder/search/public.py)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from builder.search.analysis import CJK_RUN, register_dictionary, segment
from builder.search.browser import page_results, wait_for_answer
from builder.search.evaluate import QueryOutcome, run_eval, score
from builder.search.index import user_dictionary_words
from builder.search.query import normalise
from builder.yamlio import read_yaml

ARTIFACTS = Path(__file__).parent / "artifacts"
EVAL = Path(__file__).parent / "search_eval.yaml"


def search_from_header(page, query: str) -> list[str]:
    page.goto(page.base + "shifeng/")
    page.fill("#atlas-header-q", query)
    page.press("#atlas-header-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    wait_for_answer(page, query)
    return page.eval_on_selector_all("#atlas-search-results a", "as => as.map(a => a.href)")


def test_chinese_query_finds_the_provision_and_lands_on_its_anchor(page):
    hrefs = search_from_header(page, "黑臭水体")
    assert any("/shifeng/art-34/" in href for href in hrefs[:5]), hrefs[:5]
    marked = page.eval_on_selector_all(
        "#atlas-search-results mark", "ms => ms.map(m => m.textContent)"
    )
    assert "黑臭水体" in marked
    assert "臭" not in marked  # whole words only: not the 臭 of 臭氧
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-zh.png"), full_page=True)
    page.click("#atlas-search-results a[href*='/shifeng/art-34/']")
    page.wait_for_load_state()
    assert page.url.endswith("/shifeng/art-34/")  # the provision's permanent page
    assert page.inner_text("h1").startswith("第34条")


def test_english_query_finds_chinese_provisions(page):
    hrefs = search_from_header(page, "noise")
    assert any("/lingling/4.5." in href or "/shifeng/art-4" in href for href in hrefs[:5])
    page.screenshot(path=str(ARTIFACTS / "search-en.png"), full_page=True)


def test_article_number_goes_first(page):
    hrefs = search_from_header(page, "第３７条")
    assert "/shifeng/art-37/" in hrefs[0]


def test_indicator_rows_are_results_of_their_own(page):
    hrefs = search_from_header(page, "农膜回收率")
    assert hrefs[0].endswith("/indicators/#ind-15"), hrefs[:3]


def test_the_english_page_speaks_english(page):
    page.goto(page.base + "en/search/?q=" + quote("黑臭水体"))
    wait_for_answer(page, "黑臭水体")
    status = page.inner_text("#atlas-search-status")
    assert re.fullmatch(r"\d+ results", status), status
    meta = page.inner_text("#atlas-search-results .atlas-hit-meta")
    assert not CJK_RUN.search(meta), meta  # "Shifeng District · Provision", no 条文
    first = page.get_attribute("#atlas-search-results a", "href")
    assert "/en/" in first


def test_the_page_says_which_engine_answered(page):
    search_from_header(page, "噪声")
    assert "static" in page.inner_text("#atlas-engine-name")


def test_typing_answers_without_pressing_enter(page):
    page.goto(page.base + "search/")
    page.locator("#atlas-q").press_sequentially("噪声")
    wait_for_answer(page, "噪声")
    assert page.locator("#atlas-search-results li").count() > 0


def test_the_browser_cuts_text_as_the_index_did(page, real_corpus):
    """One segmentation: every paragraph of every provision, split by atlas-search.js with the
    index's vocabulary, gives the index analyser's words (jieba's, with the glossary) exactly."""
    dictionary = register_dictionary(user_dictionary_words(real_corpus))
    texts = [
        text
        for plan in real_corpus.plans
        for provision in plan.provisions
        for text in (provision.title_zh, *provision.paragraphs)
    ]
    texts += [i.name_zh for plan in real_corpus.plans for i in plan.indicators]
    texts += [p.name_zh + p.content_zh for plan in real_corpus.plans for p in plan.projects]
    page.goto(page.base + "search/")
    cut = page.evaluate(
        """async texts => {
          const A = window.atlasSearch, index = new A.StaticIndex(new URL("../", location.href));
          const meta = await index.get("meta.json");
          const chars = [...new Set(texts.join("").toLowerCase())];
          const shard = await index.shards(meta, chars);
          return texts.map(text => A.segmentWords(text.normalize("NFKC"), shard.w, meta));
        }""",
        texts,
    )
    expected = [[w for w, _, _ in segment(normalise(text), dictionary)] for text in texts]
    pairs = zip(texts, cut, expected, strict=True)
    differ = [(text, got, want) for text, got, want in pairs if got != want]
    assert len(texts) > 700
    assert differ == []


@pytest.fixture(scope="module")
def static_outcomes(page) -> dict[str, list[QueryOutcome]]:
    """Every evaluation query through each edition's search page, as a reader runs it."""
    queries = read_yaml(EVAL)["queries"]
    outcomes: dict[str, list[QueryOutcome]] = {}
    for edition in ("", "en/"):
        outcomes[edition or "zh/"] = [
            QueryOutcome(
                q["q"],
                q["lang"],
                q["type"],
                list(q["expect"]),
                page_results(page, page.base, q["q"], edition),
            )
            for q in queries
        ]
    return outcomes


@pytest.mark.parametrize("edition", ["zh/", "en/"])
def test_the_static_search_finds_what_the_staff_search_finds(static_outcomes, engine, edition):
    staff = run_eval(engine, EVAL)
    static = static_outcomes[edition]
    for lang, floor in (("zh", 0.95), ("en", 0.92)):
        ours = score([o for o in static if o.lang == lang])
        theirs = score([o for o in staff if o.lang == lang])
        print(f"{edition} {lang}: static R@5 {ours.recall_5:.3f}, staff {theirs.recall_5:.3f}")
        assert ours.recall_5 >= floor
        assert ours.recall_5 >= theirs.recall_5 - 0.03
    articles = [o for o in static if o.type == "article_number"]
    assert score(articles).recall_1 == 1.0, [o.q for o in articles if o.recall(1) < 1]


def test_the_search_index_loads_only_when_the_reader_searches(page):
    fetched: list[tuple[str, int]] = []

    def record(response) -> None:
        if "/search-data/" in response.url:
            fetched.append((response.url, len(response.body())))

    context = page.context.browser.new_context()
    fresh = context.new_page()
    fresh.on("response", record)
    try:
        for path in ("shifeng/art-37/", "search/", "en/lingling/projects/"):
            fresh.goto(page.base + path)
            fresh.wait_for_load_state("networkidle")
        assert fetched == []
        fresh.goto(page.base + "search/?q=" + quote("黑臭水体"))
        wait_for_answer(fresh, "黑臭水体")
        fresh.wait_for_load_state("networkidle")
    finally:
        context.close()
    total = sum(size for _, size in fetched)
    print(f"one search fetched {len(fetched)} index files, {total / 1024:.0f} KB")
    assert fetched and total < 300 * 1024


def test_the_index_is_in_small_pieces(built_site: Path):
    """A query reads meta.json, a vocabulary shard per first character, a postings file per
    word and a file per result: no piece may grow into the whole index."""
    folder = built_site / "search-data"
    largest = {
        part: max(p.stat().st_size for p in (folder / part).rglob("*.json")) for part in "vpd"
    }
    total = sum(p.stat().st_size for p in folder.rglob("*.json"))
    print(f"public index: {total / 1024:.0f} KB; largest files (bytes): {largest}")
    assert len(list((folder / "v").glob("*.json"))) >= 16
    assert largest["v"] < 64 * 1024 and largest["p"] < 32 * 1024
    assert (folder / "meta.json").stat().st_size < 100 * 1024


def test_the_header_box_shows_results_as_the_reader_types(page):
    page.goto(page.base + "en/lingling/")
    page.locator("#atlas-header-q").press_sequentially("黑臭水体")
    page.wait_for_function(
        "() => document.getElementById('atlas-header-results').dataset.query === '黑臭水体'"
    )
    assert page.locator("#atlas-header-results").is_visible()
    links = page.locator("#atlas-header-results a")
    assert links.count() >= 3
    first = links.first.get_attribute("href")
    assert "/en/" in first and "search/" not in first  # a record of the English edition
    assert "results" in links.last.inner_text()  # the last line leads to all of them
    target = links.first.evaluate("a => a.href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == target
    page.keyboard.press("Enter")  # on the focused result: its page
    page.wait_for_url(target)
    page.goto(page.base + "shifeng/")
    page.fill("#atlas-header-q", "第37条")
    page.press("#atlas-header-q", "Enter")  # Enter: the search page with every result
    page.wait_for_url("**/search/?q=*")
    wait_for_answer(page, "第37条")
