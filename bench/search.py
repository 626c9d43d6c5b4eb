"""Staff search speed: index build time and size, query latency over the eval queries.

Prints one table: median index build time (3 runs), index size, and query latency p50/p95
(warm, in process, and through the /api/search endpoint on 127.0.0.1).
Usage: .venv/bin/python bench/search.py   (or `make bench-search`)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from builder.link import register_corpus
from builder.load import load_corpus
from builder.search.engine import SearchEngine
from builder.search.index import build_index
from builder.serve import make_server
from builder.yamlio import read_yaml

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def query_latencies(
    index_dir: Path, site: Path, glossary: list, queries: list[str], rounds: int
) -> tuple[list[float], list[float]]:
    """Milliseconds per query, warm: `rounds` times in process, once through /api/search."""
    engine = SearchEngine(index_dir, glossary)
    for q in queries:  # warm up
        engine.search(q)
    in_process = []
    for q in queries * rounds:
        started = time.perf_counter()
        engine.search(q)
        in_process.append((time.perf_counter() - started) * 1000)
    server = make_server(site, index_dir, glossary, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/api/search?q="
    endpoint = []
    for q in queries:
        started = time.perf_counter()
        with urllib.request.urlopen(base + quote(q)) as response:
            response.read()
        endpoint.append((time.perf_counter() - started) * 1000)
    try:
        server.close()
    except OSError as error:  # seen once after a 20-plan build: EBADF on waitress's trigger
        print(f"closing the search server: {error}", file=sys.stderr)
    return in_process, endpoint


def main() -> None:
    corpus = load_corpus(ROOT / "corpus")
    registry = register_corpus(corpus)
    queries = [q["q"] for q in read_yaml(ROOT / "tests" / "search_eval.yaml")["queries"]]
    with tempfile.TemporaryDirectory() as tmp:
        build_times = []
        for run in range(RUNS):
            started = time.perf_counter()
            result = build_index(corpus, registry, Path(tmp) / f"ix{run}")
            build_times.append(time.perf_counter() - started)
        index_dir = result.path
        size = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
        in_process, endpoint = query_latencies(
            index_dir, ROOT / "site", corpus.glossary, queries, RUNS
        )
    print(f"{'measure':<38} {'value':>12}")
    print(f"{'documents':<38} {result.documents:>12}")
    print(f"{'index build, median of 3 (s)':<38} {statistics.median(build_times):>12.2f}")
    print(f"{'index size (MB)':<38} {size / 1e6:>12.2f}")
    print(f"{'queries':<38} {len(queries):>12}")
    print(f"{'in process p50 (ms)':<38} {percentile(in_process, 0.5):>12.2f}")
    print(f"{'in process p95 (ms)':<38} {percentile(in_process, 0.95):>12.2f}")
    print(f"{'endpoint p50 (ms)':<38} {percentile(endpoint, 0.5):>12.2f}")
    print(f"{'endpoint p95 (ms)':<38} {percentile(endpoint, 0.95):>12.2f}")


if __name__ == "__main__":
    main()
