"""The staff server under load: concurrent /api/search requests on 127.0.0.1.

Two measurements over the real built site and index, printed as Markdown tables:
1. bursts of N simultaneous searches (one connection each, queries from tests/search_eval.yaml):
   errors, timeouts, latency p50/p95/max, wall time, and the server's CPU time (its worker
   processes included: the searches are CPU-bound, one core per process under its GIL);
2. fast queries' latency alone, then while a few slow queries run without pause.

The server runs in a child process, so the client's threads do not compete with it for the GIL.
Usage: .venv/bin/python bench/load.py [--concurrency 100 200] [--timeout 60]
       [--server builder.serve | --server path/to/other_serve.py]   (to compare servers)
       [--processes N]   (server processes; default: one per core, as `make serve`)
"""

from __future__ import annotations

import argparse
import http.client
import importlib
import importlib.util
import multiprocessing
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

from builder.load import load_glossary
from builder.serve import PROCESSES
from builder.yamlio import read_yaml

ROOT = Path(__file__).resolve().parent.parent

HOST = "127.0.0.1"
SLOW_WORKERS = 4  # clients sending the slow query back to back
FAST_SAMPLE = 40  # eval queries timed alone and beside the slow ones
COMPOUND = "生态环境保护建设治理污染防治体系管理"
ENGLISH_WORDS = (
    "environment protection ecological construction pollution control development "
    "management system water air soil urban rural project area improve strengthen promote "
)


@dataclass(frozen=True)
class Outcome:
    milliseconds: float
    status: int | None  # None: no HTTP answer
    error: str | None = None  # "timeout", or the exception's name


@dataclass(frozen=True)
class Burst:
    concurrency: int
    outcomes: list[Outcome]
    wall_seconds: float
    server_cpu_seconds: float | None  # None where /proc cannot tell


@dataclass(frozen=True)
class Server:
    port: int
    pid: int


def eval_queries() -> list[str]:
    return [entry["q"] for entry in read_yaml(ROOT / "tests" / "search_eval.yaml")["queries"]]


@contextmanager
def built_site() -> Iterator[tuple[Path, Path]]:
    """The checkout's built `site` and `search-index` if present, else a fresh build."""
    site, index_dir = ROOT / "site", ROOT / "search-index"
    if (site / "index.html").is_file() and index_dir.is_dir():
        yield site.resolve(), index_dir.resolve()
        return
    from builder.pipeline import Project, build_all

    with tempfile.TemporaryDirectory() as tmp:
        site, index_dir = Path(tmp) / "site", Path(tmp) / "search-index"
        build_all(Project(ROOT), site, index_dir)
        yield site, index_dir


def server_module(name: str) -> ModuleType:
    """A module with `make_server`: a dotted name, or a .py file (an older serve.py)."""
    if not name.endswith(".py"):
        return importlib.import_module(name)
    spec = importlib.util.spec_from_file_location("compared_serve", name)
    assert spec is not None and spec.loader is not None, name
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def serve_in_child(
    module: str, site: Path, index_dir: Path, processes: int, port_out: Connection
) -> None:
    spread = {"processes": processes} if processes > 1 else {}  # older servers: one process
    server = server_module(module).make_server(
        site, index_dir, load_glossary(ROOT / "corpus"), port=0, **spread
    )
    port_out.send(server.server_address[1])
    server.serve_forever()


@contextmanager
def running_server(module: str, site: Path, index_dir: Path, processes: int) -> Iterator[Server]:
    """Start the server in a child process on a free loopback port."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    arguments = (module, site, index_dir, processes, send)
    child = context.Process(target=serve_in_child, args=arguments)
    child.start()
    try:
        if not receive.poll(120):
            raise RuntimeError("the server did not start within 120 s")
        assert child.pid is not None  # started
        yield Server(receive.recv(), child.pid)
    finally:
        child.terminate()
        child.join(10)


def search(port: int, query: str, timeout: float) -> Outcome:
    """One GET /api/search on a new connection, timed from connect to the last body byte."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", f"/api/search?q={quote(query)}")
        response = connection.getresponse()
        response.read()
        status, error = response.status, None
    except TimeoutError:
        status, error = None, "timeout"
    except (OSError, http.client.HTTPException) as failure:
        status, error = None, type(failure).__name__
    finally:
        connection.close()
    return Outcome((time.perf_counter() - started) * 1000, status, error)


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time so far of a process and every process under it (the server's
    forked workers), from /proc (Linux)."""
    stats: dict[int, list[str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            stats[int(stat.parent.name)] = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
    if pid not in stats:
        return None
    tree, grew = {pid}, True
    while grew:
        below = {p for p, fields in stats.items() if int(fields[1]) in tree} - tree
        tree |= below
        grew = bool(below)
    ticks = sum(int(stats[p][11]) + int(stats[p][12]) for p in tree)
    return ticks / os.sysconf("SC_CLK_TCK")


def burst(server: Server, queries: list[str], concurrency: int, timeout: float) -> Burst:
    """`concurrency` searches released at the same instant, each on its own thread."""
    outcomes: list[Outcome | None] = [None] * concurrency
    start_line = threading.Barrier(concurrency + 1)

    def client(slot: int) -> None:
        start_line.wait()
        outcomes[slot] = search(server.port, queries[slot % len(queries)], timeout)

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(concurrency)]
    for thread in threads:
        thread.start()
    cpu_before = cpu_seconds(server.pid)
    start_line.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu_after = cpu_seconds(server.pid)
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return Burst(concurrency, [o for o in outcomes if o is not None], wall, cpu)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def burst_row(result: Burst) -> str:
    latencies = [o.milliseconds for o in result.outcomes]
    timeouts = sum(o.error == "timeout" for o in result.outcomes)
    errors = sum(o.status != 200 for o in result.outcomes) - timeouts
    cpu = "n/a" if result.server_cpu_seconds is None else f"{result.server_cpu_seconds:.2f}"
    return (
        f"| {result.concurrency} | {len(result.outcomes)} | {errors} | {timeouts} "
        f"| {percentile(latencies, 0.5):.0f} | {percentile(latencies, 0.95):.0f} "
        f"| {max(latencies):.0f} | {result.wall_seconds:.2f} | {cpu} |"
    )


def slow_candidates() -> list[str]:
    """Long queries of common words: nearly every record matches and must be scored."""
    chinese = " ".join([COMPOUND] * 25)[:490]
    spaced = " ".join(COMPOUND[i : i + 2] for i in range(0, len(COMPOUND) - 1))
    return [chinese, (spaced + " ") * 5, (ENGLISH_WORDS * 3)[:490]]


def slowest_query(port: int, timeout: float) -> tuple[str, float]:
    """The candidate with the longest median time alone (3 runs each)."""
    timed = []
    for query in slow_candidates():
        runs = [search(port, query, timeout) for _ in range(3)]
        assert all(run.status == 200 for run in runs), runs
        timed.append((statistics.median(run.milliseconds for run in runs), query))
    milliseconds, query = max(timed)
    return query, milliseconds


def fast_latencies(port: int, queries: list[str], timeout: float) -> list[float]:
    outcomes = [search(port, query, timeout) for query in queries]
    assert all(o.status == 200 for o in outcomes), [o for o in outcomes if o.status != 200]
    return [o.milliseconds for o in outcomes]


def beside_slow_ones(port: int, fast: list[str], slow: str, timeout: float) -> list[float]:
    """Fast queries' latencies while SLOW_WORKERS clients send the slow query without pause."""
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            search(port, slow, timeout)

    workers = [threading.Thread(target=hammer) for _ in range(SLOW_WORKERS)]
    for worker in workers:
        worker.start()
    time.sleep(0.5)  # let the slow queries occupy the server first
    try:
        return fast_latencies(port, fast, timeout)
    finally:
        stop.set()
        for worker in workers:
            worker.join()


def latency_row(label: str, latencies: list[float]) -> str:
    return (
        f"| {label} | {len(latencies)} | {percentile(latencies, 0.5):.0f} "
        f"| {percentile(latencies, 0.95):.0f} | {max(latencies):.0f} |"
    )


def print_bursts(results: list[Burst], timeout: float) -> None:
    print(f"Concurrent /api/search bursts (timeout {timeout:.0f} s; latencies in ms)\n")
    print(
        "| concurrency | requests | errors | timeouts | p50 | p95 | max | wall time (s) "
        "| server CPU (s) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for result in results:
        print(burst_row(result))


def print_slow_probe(slow_ms: float, alone: list[float], beside: list[float]) -> None:
    print(f"\nFast queries beside a slow one (slow query alone: {slow_ms:.0f} ms; ", end="")
    print(f"{SLOW_WORKERS} clients send it back to back)\n")
    print("| fast queries | count | p50 (ms) | p95 (ms) | max (ms) |")
    print("|---|---:|---:|---:|---:|")
    print(latency_row("alone", alone))
    print(latency_row(f"while {SLOW_WORKERS} slow queries run", beside))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--server", default="builder.serve", help="module with make_server")
    parser.add_argument(
        "--processes", type=int, default=PROCESSES, help=f"server processes (default {PROCESSES})"
    )
    args = parser.parse_args()
    queries = eval_queries()
    with (
        built_site() as (site, index_dir),
        running_server(args.server, site, index_dir, args.processes) as server,
    ):
        port = server.port
        print(f"server: {args.server} in {args.processes} process(es) on {HOST}:{port}; ", end="")
        print(f"{os.cpu_count()} CPU cores, ", end="")
        print(f"load average {os.getloadavg()[0]:.1f}; {len(queries)} eval queries\n")
        fast_latencies(port, queries, args.timeout)  # warm up
        bursts = [burst(server, queries, n, args.timeout) for n in args.concurrency]
        print_bursts(bursts, args.timeout)
        slow, slow_ms = slowest_query(port, args.timeout)
        sample = queries[:FAST_SAMPLE]
        alone = fast_latencies(port, sample, args.timeout)
        print_slow_probe(slow_ms, alone, beside_slow_ones(port, sample, slow, args.timeout))


if __name__ == "__main__":
    main()
