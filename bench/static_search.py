"""Measure the public site's own search (the search page over Pagefind, no staff service)
on tests/search_eval.yaml in a real browser; print Recall@1, Recall@5 and MRR: every query on
the Chinese edition's search page, and the English queries on the English edition's (/en/).

Usage: .venv/bin/python bench/static_search.py   (after `make site`)
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from builder.search.browser import CHROMIUM, LAUNCH_ARGS, record_id, serve_static
from builder.search.evaluate import QueryOutcome, score
from builder.yamlio import read_yaml

ROOT = Path(__file__).resolve().parent.parent


def page_results(page, base: str, query: str, edition: str = "") -> list[str]:
    """Run one query on the search page as a reader would; return the result record ids."""
    page.goto(base + edition + "search/")
    page.fill("#atlas-q", query)
    page.press("#atlas-q", "Enter")
    page.wait_for_function(
        "() => /结果|No results|没有结果|出错/.test("
        "document.getElementById('atlas-search-status').textContent)",
        timeout=15000,
    )
    hrefs = page.eval_on_selector_all("#atlas-search-results a", "as => as.map(a => a.href)")
    return list(dict.fromkeys(i for i in (record_id(h) for h in hrefs) if i))


def main() -> None:
    queries = read_yaml(ROOT / "tests" / "search_eval.yaml")["queries"]
    outcomes = []
    with serve_static(ROOT / "site") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        for entry in queries:
            got = page_results(page, base, entry["q"])
            outcomes.append(
                QueryOutcome(entry["q"], entry["lang"], entry["type"], list(entry["expect"]), got)
            )
        english = []
        for entry in (q for q in queries if q["lang"] == "en"):
            got = page_results(page, base, entry["q"], "en/")
            english.append(
                QueryOutcome(entry["q"], entry["lang"], entry["type"], list(entry["expect"]), got)
            )
        browser.close()
    print(f"{'engine':<18} {'group':<10} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR':>6}")
    for lang in ("all", "zh", "en"):
        s = score([o for o in outcomes if lang == "all" or o.lang == lang])
        figures = f"{s.recall_1:>6.3f} {s.recall_5:>6.3f} {s.mrr:>6.3f}"
        print(f"{'static (Pagefind)':<18} {lang:<10} {s.count:>4} {figures}")
    s = score(english)
    figures = f"{s.recall_1:>6.3f} {s.recall_5:>6.3f} {s.mrr:>6.3f}"
    print(f"{'static, /en/ page':<18} {'en':<10} {s.count:>4} {figures}")


if __name__ == "__main__":
    main()
