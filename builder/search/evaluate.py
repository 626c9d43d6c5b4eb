"""Measure search quality on the curated query set (tests/search_eval.yaml).

Recall@k for one query is the share of its expected ids found in the top k (out of at most
k expected); MRR is the mean of 1 / rank of the first expected id. Both are averaged per
language and per query type.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from builder.search.engine import SearchEngine
from builder.yamlio import read_yaml


@dataclass(frozen=True)
class QueryOutcome:
    q: str
    lang: str
    type: str
    expect: list[str]
    got: list[str]

    def recall(self, k: int) -> float:
        found = len(set(self.expect) & set(self.got[:k]))
        return found / min(len(self.expect), k)

    @property
    def reciprocal_rank(self) -> float:
        ranks = [self.got.index(i) + 1 for i in self.expect if i in self.got]
        return 1 / min(ranks) if ranks else 0.0


@dataclass(frozen=True)
class Scores:
    count: int
    recall_1: float
    recall_5: float
    mrr: float


def run_eval(engine: SearchEngine, eval_file: Path) -> list[QueryOutcome]:
    outcomes = []
    for entry in read_yaml(eval_file)["queries"]:
        result = engine.search(entry["q"], limit=10)
        outcomes.append(
            QueryOutcome(
                entry["q"],
                entry["lang"],
                entry["type"],
                list(entry["expect"]),
                [hit.id for hit in result.hits],
            )
        )
    return outcomes


def score(outcomes: list[QueryOutcome]) -> Scores:
    n = len(outcomes) or 1
    return Scores(
        count=len(outcomes),
        recall_1=sum(o.recall(1) for o in outcomes) / n,
        recall_5=sum(o.recall(5) for o in outcomes) / n,
        mrr=sum(o.reciprocal_rank for o in outcomes) / n,
    )


def breakdown(outcomes: list[QueryOutcome]) -> dict[str, Scores]:
    groups: dict[str, list[QueryOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups["all"].append(outcome)
        groups[f"lang={outcome.lang}"].append(outcome)
        groups[f"type={outcome.type}"].append(outcome)
    return {name: score(group) for name, group in sorted(groups.items())}


def format_table(scores: dict[str, Scores]) -> str:
    lines = [f"{'group':<22} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR':>6}"]
    for name, s in scores.items():
        lines.append(f"{name:<22} {s.count:>4} {s.recall_1:>6.3f} {s.recall_5:>6.3f} {s.mrr:>6.3f}")
    return "\n".join(lines)
