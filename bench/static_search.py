"""Compare the public site's search engines on tests/search_eval.yaml in a real browser.

Runs mkdocs-material's built-in search (the search box, typed into) and Pagefind (its JS API)
over every eval query against the built site/, and prints Recall@1, Recall@5 and MRR per
engine and language. Usage: .venv/bin/python bench/static_search.py (after `make site`).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

from builder.search.browser import (
    CHROMIUM,
    LAUNCH_ARGS,
    MATERIAL_RESULTS_JS,
    PAGEFIND_JS,
    record_id,
    serve_static,
)
from builder.search.evaluate import QueryOutcome, score
from builder.yamlio import read_yaml

ROOT = Path(__file__).resolve().parent.parent


def dedupe(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))


def material_results(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    box.fill(query)
    box.press("End")  # Chinese filled in fires no keyup; End does
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta') && "
        "document.querySelector('input.md-search__input').value === q && "
        "!/初始化|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query,
        timeout=15000,
    )
    page.wait_for_timeout(150)
    return dedupe([record_id(href) for href in page.evaluate(MATERIAL_RESULTS_JS)])


def main() -> None:
    queries = read_yaml(ROOT / "tests" / "search_eval.yaml")["queries"]
    outcomes: dict[str, list[QueryOutcome]] = defaultdict(list)
    with serve_static(ROOT / "site") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.goto(base)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        for entry in queries:
            expect = list(entry["expect"])
            got_material = material_results(page, entry["q"])
            got_pagefind = dedupe([record_id(u) for u in page.evaluate(PAGEFIND_JS, entry["q"])])
            for engine, got in (("material", got_material), ("pagefind", got_pagefind)):
                outcomes[engine].append(
                    QueryOutcome(entry["q"], entry["lang"], entry["type"], expect, got)
                )
        browser.close()
    print(f"{'engine':<10} {'group':<10} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR':>6}")
    for engine, results in outcomes.items():
        for lang in ("all", "zh", "en"):
            group = [o for o in results if lang == "all" or o.lang == lang]
            s = score(group)
            figures = f"{s.recall_1:>6.3f} {s.recall_5:>6.3f} {s.mrr:>6.3f}"
            print(f"{engine:<10} {lang:<10} {s.count:>4} {figures}")


if __name__ == "__main__":
    main()
