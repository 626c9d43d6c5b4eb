"""Scale benchmark: build synthetic corpora of growing size and time every stage.

Usage: .venv/bin/python bench/run.py [--sizes 2 20 200] [--runs 3]   (or `make bench`)

Each size is built `--runs` times (one run for sizes over 50), each run in a fresh process and
a fresh temporary checkout (bench/synth.py), so peak memory is per run. Prints one table:
median seconds of each stage (load + validate, link, render and write both editions, MkDocs
both editions, exports, staff Whoosh index, public index), the builder's overhead against
MkDocs, peak RSS after each stage, peak memory of the largest worker and of all processes
together (PSS, bench/memory.py), query latency p50/p95 in process and through /api/search,
the public search index's size per plan, the largest page, and rebuild times with no change
and one edited provision. Results to paste into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = (
    "load",
    "link",
    "exports",
    "reuse",
    "render",
    "reuse site",
    "mkdocs",
    "index",
    "public index",
    "publish",
)


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The largest resident set so far of this process (or of the largest finished worker)."""
    return resource.getrusage(who).ru_maxrss / 1024


def checkout(folder: Path, plans: int) -> Path:
    """A checkout holding a synthetic corpus and the real configuration and static pages."""
    from bench.synth import write_corpus

    for name in ("docs/pages", "docs/pages-en", "docs/overrides"):
        shutil.copytree(ROOT / name, folder / name)
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / config, folder / config)
    write_corpus(plans, folder / "corpus")
    return folder


def one_run(plans: int, folder: Path) -> dict:
    """Build once as `make site` does, timing each stage (the editions build in parallel
    processes); then search, the bare MkDocs baseline, a rebuild with no change and one with
    one edited provision."""
    from bench.build import EDITED, ORIGINAL, timed  # the edit: a rewording in plan p000
    from builder.load import load_glossary
    from builder.pipeline import DOCS, Project, build_all
    from builder.publish import builds_dir

    project = Project(
        checkout(folder, plans), node_modules=ROOT / ".venv" / "node" / "node_modules"
    )
    published = folder / "published" / "site"
    index_dir = published.parent / "search-index"
    times: dict[str, float] = {}
    rss: dict[str, float] = {}

    def stage(name: str, seconds: float) -> None:
        times[name] = seconds
        rss[name] = peak_mb()

    from bench.memory import TreePeak

    with TreePeak() as tree:
        full, built = timed(lambda: build_all(project, published, index_dir, on_stage=stage))
    site = published.resolve()
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    public = sum(p.stat().st_size for p in (site / "search-data").rglob("*") if p.is_file())
    result = {
        "plans": plans,
        "times": times,
        "rss": rss,
        "worker_rss": peak_mb(resource.RUSAGE_CHILDREN),  # render, MkDocs, the indexes
        "tree_mb": tree.mb,  # all processes together: proportional (shared pages split)
        "worker_pss_mb": tree.largest_mb,  # the largest single worker, proportional
        "tree_rss_mb": tree.rss_mb,  # all processes together: resident (shared pages repeated)
        "html_pages": len(pages),
        "largest_page_kb": largest.stat().st_size / 1024,
        "largest_page": str(largest.relative_to(site)),
        "public_index_kb_per_plan": public / 1024 / plans,
    }
    result.update(latency(index_dir.resolve(), site, load_glossary(project.corpus)))
    if plans <= 50:  # the baseline: the same Markdown, MkDocs alone, one edition at a time
        docs = builds_dir(published) / "current" / DOCS
        result["bare_mkdocs_s"] = bare_mkdocs(project, built.corpus, docs, folder / "bare")
    again, _ = timed(lambda: build_all(project, published, index_dir))
    provisions = project.corpus / "p000" / "provisions.yaml"
    provisions.write_text(provisions.read_text("utf-8").replace(ORIGINAL, EDITED, 1), "utf-8")
    edit_stages: dict[str, float] = {}
    edit, edited = timed(
        lambda: build_all(project, published, index_dir, on_stage=edit_stages.__setitem__)
    )
    if not edited.pages_written:
        raise RuntimeError("the one-edit rebuild changed no page: the edit did not apply")
    result.update(build_all_s=full, no_change_s=again, one_edit_s=edit, one_edit=edit_stages)
    result["one_edit_rendered"] = edited.pages_rendered
    return result


def bare_mkdocs(project, corpus, docs: Path, target: Path) -> float:
    """Seconds MkDocs alone takes over the generated Markdown, one edition after the other
    (the navigation is computed before the clock starts)."""
    from bench.build import timed
    from builder.build import build_site
    from builder.editions import EDITIONS
    from builder.pipeline import edition_extra
    from builder.render import build_nav

    navs = {edition.code: build_nav(corpus, edition.code) for edition in EDITIONS}

    def build_editions() -> None:
        for edition, nav in navs.items():
            site = target / edition
            extra = edition_extra(corpus, edition)
            build_site(project.config_of(edition), docs / edition, site, nav, extra=extra)

    seconds, _ = timed(build_editions)
    return seconds


def latency(index_dir: Path, site: Path, glossary: list) -> dict[str, float]:
    from bench.search import percentile, query_latencies
    from bench.synth import synthetic_queries
    from builder.yamlio import read_yaml

    eval_set = read_yaml(ROOT / "tests" / "search_eval.yaml")["queries"]
    queries = synthetic_queries([q["q"] for q in eval_set])
    in_process, endpoint = query_latencies(index_dir, site, glossary, queries, rounds=2)
    return {
        "query_p50_ms": percentile(in_process, 0.5),
        "query_p95_ms": percentile(in_process, 0.95),
        "endpoint_p50_ms": percentile(endpoint, 0.5),
        "endpoint_p95_ms": percentile(endpoint, 0.95),
    }


def run_size(plans: int, runs: int) -> list[dict]:
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            command = [sys.executable, __file__, "--one", str(plans), tmp]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                sys.exit(f"{plans} plans: the run failed:\n{done.stderr[-3000:]}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def median(results: list[dict], key: str, sub: str | None = None) -> float:
    """A measure's median over the runs (a stage a run did not reach counts as 0 s)."""
    return statistics.median(r[key].get(sub, 0.0) if sub else r[key] for r in results)


def print_table(by_size: dict[int, list[dict]]) -> None:
    sizes = list(by_size)
    steps = [f"{b}÷{a}" for a, b in itertools.pairwise(sizes)]
    print(
        f"{'measure':<34}"
        + "".join(f"{f'{n} plans':>14}" for n in sizes)
        + "".join(f"{step:>10}" for step in steps)
    )

    def row(label: str, values: list[float], fmt: str = "{:.2f}") -> None:
        """The values by size, then each one's ratio to the size before (flat cost per plan:
        the ratio of the sizes)."""
        ratios = [b / a if a else float("nan") for a, b in itertools.pairwise(values)]
        print(
            f"{label:<34}"
            + "".join(f"{fmt.format(v):>14}" for v in values)
            + "".join(f"{r:>10.1f}" for r in ratios)
        )

    row("runs", [len(by_size[n]) for n in sizes], "{:.0f}")
    row("HTML pages", [median(by_size[n], "html_pages") for n in sizes], "{:.0f}")
    for name in STAGES:
        row(f"{name} (s)", [median(by_size[n], "times", name) for n in sizes])
    row("sum of stages (s)", [sum(median(by_size[n], "times", s) for s in STAGES) for n in sizes])
    wall = [median(by_size[n], "build_all_s") for n in sizes]
    row("full build, wall clock (s)", wall)
    row("cost per plan, wall (s)", [t / n for t, n in zip(wall, sizes, strict=True)])
    bare = [median(by_size[n], "bare_mkdocs_s") if "bare_mkdocs_s" in by_size[n][0] else
            float("nan") for n in sizes]  # fmt: skip
    row("bare MkDocs, serial (s)", bare)
    own = [
        sum(median(by_size[n], "times", s) for s in ("load", "link", "render", "index"))
        for n in sizes
    ]
    row("(load+link+render+index) / bare", [o / b for o, b in zip(own, bare, strict=True)])
    row("(wall - bare) / bare", [(w - b) / b for w, b in zip(wall, bare, strict=True)])
    for name in STAGES:
        row(
            f"peak RSS main, after {name} (MB)",
            [median(by_size[n], "rss", name) for n in sizes],
            "{:.0f}",
        )
    row("peak RSS largest worker (MB)", [median(by_size[n], "worker_rss") for n in sizes], "{:.0f}")
    row(
        "peak PSS largest worker (MB)",
        [median(by_size[n], "worker_pss_mb") for n in sizes],
        "{:.0f}",
    )
    row("peak PSS all processes (MB)", [median(by_size[n], "tree_mb") for n in sizes], "{:.0f}")
    row("peak RSS all processes (MB)", [median(by_size[n], "tree_rss_mb") for n in sizes], "{:.0f}")
    for key in ("query_p50_ms", "query_p95_ms", "endpoint_p50_ms", "endpoint_p95_ms"):
        row(key, [median(by_size[n], key) for n in sizes])
    row(
        "public search index per plan (KB)",
        [median(by_size[n], "public_index_kb_per_plan") for n in sizes],
        "{:.0f}",
    )
    row("largest page (KB)", [median(by_size[n], "largest_page_kb") for n in sizes], "{:.0f}")
    row("rebuild, no change (s)", [median(by_size[n], "no_change_s") for n in sizes])
    row("rebuild, one edit (s)", [median(by_size[n], "one_edit_s") for n in sizes])
    row("  pages rendered", [median(by_size[n], "one_edit_rendered") for n in sizes], "{:.0f}")
    for name in STAGES:
        row(f"  of which {name} (s)", [median(by_size[n], "one_edit", name) for n in sizes])
    print("largest page: " + ", ".join(by_size[n][0]["largest_page"] for n in sizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 20, 200])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", nargs=2, metavar=("PLANS", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(int(args.one[0]), Path(args.one[1]))))
        return
    by_size = {}
    for plans in args.sizes:
        started = time.perf_counter()
        by_size[plans] = run_size(plans, args.runs if plans <= 50 else 1)
        print(f"# {plans} plans: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print_table(by_size)


if __name__ == "__main__":
    main()
