"""Link stage, second half: topics, cross-links (both directions) and glossary uses.

Everything here comes from curated data (links.yaml, glossary.yaml) or from exact text
matches; nothing is guessed at render time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from builder.load import Corpus
from builder.models import Indicator, Project, Provision

KIND_ORDER = {"provision": 0, "indicator": 1, "project": 2}


@dataclass(frozen=True)
class Record:
    """Any provision, indicator row or project, addressed by its full id."""

    id: str
    plan: str
    kind: str
    order: int


@dataclass(frozen=True)
class Relations:
    records: dict[str, Record]
    topics: dict[str, list[str]]
    related: dict[str, list[str]]
    by_topic: dict[str, dict[str, list[str]]]
    term_uses: dict[str, list[str]]

    def related_of(self, record_id: str, kind: str | None = None) -> list[str]:
        return [
            r
            for r in self.related.get(record_id, [])
            if kind is None or self.records[r].kind == kind
        ]

    def others_on_topic(self, key: str, plan_id: str) -> list[tuple[str, int]]:
        """The other plans with records on a topic, and how many each has."""
        by_plan = self.by_topic.get(key, {})
        return [(plan, len(ids)) for plan, ids in by_plan.items() if plan != plan_id and ids]

    def untagged(self) -> list[str]:
        return [record_id for record_id in self.records if not self.topics.get(record_id)]


def relate(corpus: Corpus) -> Relations:
    records = _records(corpus)
    topics: dict[str, list[str]] = {}
    edges: dict[str, set[str]] = defaultdict(set)
    for plan in corpus.plans:
        for local, keys in plan.links.topics.items():
            topics[f"{plan.id}/{local}"] = list(keys)
        for local, targets in plan.links.related.items():
            source = f"{plan.id}/{local}"
            for target in targets:
                other = f"{plan.id}/{target}"
                if other != source:
                    edges[source].add(other)
                    edges[other].add(source)

    def ordered(ids: set[str]) -> list[str]:
        return sorted(ids, key=lambda i: (KIND_ORDER[records[i].kind], records[i].order))

    by_topic: dict[str, dict[str, list[str]]] = {
        t.key: {plan.id: [] for plan in corpus.plans} for t in corpus.topics
    }
    for record_id in sorted(
        records, key=lambda i: (records[i].plan, KIND_ORDER[records[i].kind], records[i].order)
    ):
        for key in topics.get(record_id, []):
            by_topic.setdefault(key, {}).setdefault(records[record_id].plan, []).append(record_id)
    return Relations(
        records=records,
        topics=topics,
        related={source: ordered(targets) for source, targets in edges.items()},
        by_topic=by_topic,
        term_uses=_term_uses(corpus),
    )


def _records(corpus: Corpus) -> dict[str, Record]:
    records: dict[str, Record] = {}
    for plan in corpus.plans:
        groups: tuple[tuple[str, Sequence[Provision | Indicator | Project]], ...] = (
            ("provision", plan.provisions),
            ("indicator", plan.indicators),
            ("project", plan.projects),
        )
        for kind, items in groups:
            for order, item in enumerate(items):
                records[f"{plan.id}/{item.id}"] = Record(
                    f"{plan.id}/{item.id}", plan.id, kind, order
                )
    return records


def _term_uses(corpus: Corpus) -> dict[str, list[str]]:
    """The provisions whose text contains each glossary term (or one of its Chinese aliases)."""
    texts = _Texts(
        [  # joined once: text_zh is computed on every access
            (f"{plan.id}/{provision.id}", f"{provision.title_zh}\n{provision.text_zh}")
            for plan in corpus.plans
            for provision in plan.provisions
        ]
    )
    return {term.id: texts.containing(term.all_zh) for term in corpus.glossary}


class _Texts:
    """Records' texts as one string, searched once per form: a test of every form in every
    record took 8 s at 200 plans (380 terms by 22,800 provisions)."""

    def __init__(self, texts: list[tuple[str, str]]) -> None:
        self.ids = [record_id for record_id, _ in texts]
        self.starts = list(accumulate((len(text) + 1 for _, text in texts), initial=0))
        self.joined = "\0".join(text for _, text in texts)  # no form spans two records

    def containing(self, forms: list[str]) -> list[str]:
        """The records whose text contains one of `forms`, in order."""
        found: set[int] = set()
        for form in forms:
            at = self.joined.find(form)
            while at != -1:
                record = bisect_right(self.starts, at) - 1
                found.add(record)
                at = self.joined.find(form, self.starts[record + 1])
        return [self.ids[record] for record in sorted(found)]
