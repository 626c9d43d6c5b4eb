"""Print search quality on tests/search_eval.yaml: Recall@1, Recall@5 and MRR by language and type.

Usage: .venv/bin/python bench/eval_search.py [--misses]   (or `make eval-search`)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from builder.load import load_glossary
from builder.pipeline import Project
from builder.search.engine import SearchEngine
from builder.search.evaluate import breakdown, format_table, run_eval

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list queries missing at rank 5")
    args = parser.parse_args()
    project = Project(ROOT)
    engine = SearchEngine(project.search_index, load_glossary(project.corpus))
    outcomes = run_eval(engine, ROOT / "tests" / "search_eval.yaml")
    print(format_table(breakdown(outcomes)))
    if args.misses:
        for o in outcomes:
            if o.recall(5) < 1:
                print(f"\n{o.lang} {o.type} {o.q!r}\n  expect {o.expect}\n  got    {o.got[:5]}")


if __name__ == "__main__":
    main()
