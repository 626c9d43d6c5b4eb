"""Measure the public site's own search (the search page over site/search-data/, no staff
service) in a real browser, on a plain static server:

- quality on tests/search_eval.yaml: Recall@1, Recall@5 and MRR of every query on each
  edition's search page, beside the staff search's on the same queries;
- speed and weight: the time from the keystroke that completes a query to its answer on the
  page, for the first query on a freshly loaded page (the index not yet fetched) and for the
  ones after it, and the bytes each query fetched from the index (medians and maxima).

Usage: .venv/bin/python bench/static_search.py [SITE_DIR]   (default: site/, after `make site`)
       .venv/bin/python bench/static_search.py --plans 2 20 200
The second form writes a synthetic corpus of each size (bench/synth.py), builds its public
index in a process of its own (time, peak memory) and times the same queries on it, beside
the built site's search page (so `make site` first).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.search.browser import CHROMIUM, LAUNCH_ARGS, page_results, serve_static
from builder.search.evaluate import QueryOutcome, score
from builder.yamlio import read_yaml

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = {"zh": "", "en": "en/"}

# Type the last character of a query into a box and wait for its answer; return the
# milliseconds between and the index bytes fetched meanwhile (resource timing's body sizes).
# The search page's box is submitted (Enter); the header box answers to typing alone, its pause
# included. `answered`: the element whose data-query the page sets once the answer shows.
TIMED = """async ([q, box, answered, submit]) => {
  const input = document.getElementById(box), done = document.getElementById(answered);
  const before = performance.getEntriesByType("resource").length;
  input.value = q.slice(0, -1);
  const started = performance.now();
  input.value = q;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  if (submit) { input.form.requestSubmit(); }
  while (done.dataset.query !== q) { await new Promise(r => setTimeout(r, 2)); }
  const elapsed = performance.now() - started;
  const fetched = performance.getEntriesByType("resource").slice(before)
    .filter(e => e.name.includes("/search-data/"))
    .reduce((sum, e) => sum + e.encodedBodySize, 0);
  return [elapsed, fetched];
}"""


def timed_query(page, query: str) -> tuple[float, int]:
    return page.evaluate(TIMED, [query, "atlas-q", "atlas-search-status", True])


def timed_header(page, query: str) -> tuple[float, int]:
    return page.evaluate(TIMED, [query, "atlas-header-q", "atlas-header-results", False])


def quality(page, base: str, queries: list[dict]) -> dict[str, list[QueryOutcome]]:
    outcomes: dict[str, list[QueryOutcome]] = {}
    for edition, prefix in EDITIONS.items():
        outcomes[edition] = [
            QueryOutcome(
                q["q"],
                q["lang"],
                q["type"],
                list(q["expect"]),
                page_results(page, base, q["q"], prefix),
            )
            for q in queries
        ]
    return outcomes


def header_speed(browser, base: str, queries: list[dict]) -> tuple[list[float], list[int]]:
    """The first query typed into the header box of a freshly loaded page."""
    times, sizes = [], []
    for entry in queries[:20]:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "search/")  # any page; the search page is in every benchmark's site
        page.wait_for_load_state("networkidle")
        ms, size = timed_header(page, entry["q"])
        times.append(ms)
        sizes.append(size)
        context.close()
    return times, sizes


def speed(
    browser, base: str, queries: list[dict]
) -> tuple[list[float], list[float], list[int], list[int]]:
    """(first-query ms, later-query ms, first-query bytes, later-query bytes)."""
    first_ms, later_ms, first_bytes, later_bytes = [], [], [], []
    for number, entry in enumerate(queries[:20]):
        context = browser.new_context()  # a fresh page: nothing of the index cached
        page = context.new_page()
        page.goto(base + "search/")
        page.wait_for_load_state("networkidle")
        ms, size = timed_query(page, entry["q"])
        first_ms.append(ms)
        first_bytes.append(size)
        for later in queries[number + 1 : number + 6]:
            ms, size = timed_query(page, later["q"])
            later_ms.append(ms)
            later_bytes.append(size)
        context.close()
    return first_ms, later_ms, first_bytes, later_bytes


def staff_scores(queries_file: Path) -> dict[str, float]:
    """The staff search's R@5 by language on the same queries (needs the built staff index)."""
    from builder.load import load_corpus
    from builder.search.engine import SearchEngine
    from builder.search.evaluate import run_eval

    engine = SearchEngine(ROOT / "search-index", load_corpus(ROOT / "corpus").glossary)
    outcomes = run_eval(engine, queries_file)
    return {lang: score([o for o in outcomes if o.lang == lang]).recall_5 for lang in ("zh", "en")}


# Run in a process of its own, so that its peak memory is the index build's (and the load's).
BUILD_INDEX = """
import json, resource, sys, time
from pathlib import Path
from builder.link import register_corpus
from builder.load import load_corpus
from builder.search.public import build_public_index
started = time.perf_counter()
corpus = load_corpus(Path(sys.argv[1]))
registry = register_corpus(corpus)
loaded = time.perf_counter()
result = build_public_index(corpus, registry, Path(sys.argv[2]))
print(json.dumps({"load": loaded - started, "index": time.perf_counter() - loaded,
                  "documents": result.documents, "files": result.files, "bytes": result.bytes,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def scale(sizes: list[int]) -> None:
    from bench.synth import write_corpus

    queries = read_yaml(ROOT / "tests" / "search_eval.yaml")["queries"]
    header = f"{'plans':>5} {'docs':>6} {'load s':>7} {'index s':>8} {'peak MB':>8} {'index MB':>9}"
    rows = []
    for plans in sizes:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            write_corpus(plans, work / "corpus")
            site = work / "site"
            for part in ("search", "assets"):
                shutil.copytree(ROOT / "site" / part, site / part)
            command = [
                sys.executable,
                "-c",
                BUILD_INDEX,
                str(work / "corpus"),
                str(site / "search-data"),
            ]
            built = json.loads(
                subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
            )
            with serve_static(site) as base, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
                timings = speed(browser, base, queries)
                browser.close()
        rows.append((plans, built, timings))
    print(
        header
        + f" {'first ms':>9} {'max':>5} {'later ms':>9} {'first KB':>9} {'max':>5} {'later KB':>9}"
    )
    for plans, built, (first_ms, later_ms, first_bytes, later_bytes) in rows:
        print(
            f"{plans:>5} {built['documents']:>6} {built['load']:>7.1f} {built['index']:>8.1f}"
            f" {built['peak_mb']:>8.0f} {built['bytes'] / 2**20:>9.1f}"
            f" {statistics.median(first_ms):>9.0f} {max(first_ms):>5.0f}"
            f" {statistics.median(later_ms):>9.0f}"
            f" {statistics.median(first_bytes) / 1024:>9.0f} {max(first_bytes) / 1024:>5.0f}"
            f" {statistics.median(later_bytes) / 1024:>9.0f}"
        )


def main() -> None:
    if sys.argv[1:2] == ["--plans"]:
        scale([int(n) for n in sys.argv[2:]])
        return
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    queries_file = ROOT / "tests" / "search_eval.yaml"
    queries = read_yaml(queries_file)["queries"]
    with serve_static(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        outcomes = quality(browser.new_page(), base, queries)
        first_ms, later_ms, first_bytes, later_bytes = speed(browser, base, queries)
        header_ms, header_bytes = header_speed(browser, base, queries)
        browser.close()
    print(f"{'edition':<8} {'group':<15} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR':>6}")
    for edition, found in outcomes.items():
        for group in ("zh", "en", "article_number"):
            chosen = [o for o in found if group in (o.lang, o.type)]
            s = score(chosen)
            figures = f"{s.recall_1:>6.3f} {s.recall_5:>6.3f} {s.mrr:>6.3f}"
            print(f"{edition:<8} {group:<15} {s.count:>4} {figures}")
    if site == ROOT / "site":
        staff = staff_scores(queries_file)
        print(f"staff search R@5: zh {staff['zh']:.3f}, en {staff['en']:.3f}")
    print()
    print(f"{'query':<22} {'n':>4} {'median ms':>10} {'max ms':>8} {'median KB':>10} {'max KB':>8}")
    for name, ms, size in (
        ("first on a fresh page", first_ms, first_bytes),
        ("later", later_ms, later_bytes),
        ("header box, first", header_ms, header_bytes),
    ):
        print(
            f"{name:<22} {len(ms):>4} {statistics.median(ms):>10.0f} {max(ms):>8.0f}"
            f" {statistics.median(size) / 1024:>10.0f} {max(size) / 1024:>8.0f}"
        )


if __name__ == "__main__":
    main()
