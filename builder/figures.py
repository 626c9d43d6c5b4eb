"""Figures the comparison pages show: investment by domain and topic, counts, status tallies.

Plain data computed from the corpus; the charts and tables are drawn from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from builder.load import Corpus, PlanCorpus
from builder.models import Project
from builder.relations import Relations

STATUS_ORDER = ("met", "not_met", "not_applicable", "not_stated")


@dataclass(frozen=True)
class Row:
    name: str
    values: dict[str, float]
    name_en: str | None = None


def investment_by_domain(corpus: Corpus) -> list[Row]:
    domains = list(dict.fromkeys(p.domain_zh for plan in corpus.plans for p in plan.projects))
    english = {p.domain_zh: p.domain_en for plan in corpus.plans for p in plan.projects}
    return [
        Row(
            domain,
            {
                plan.id: _total(p for p in plan.projects if p.domain_zh == domain)
                for plan in corpus.plans
            },
            english.get(domain),
        )
        for domain in domains
    ]


@dataclass(frozen=True)
class TopicTotal:
    """A plan's investment on one topic, by the two rules a reader meets: `main` counts each
    project under its first (main) topic only, so a plan's topics add up to its total; `tagged`
    counts every project tagged with the topic, so a project may count under several."""

    main: float
    tagged: float


@dataclass(frozen=True)
class TopicRow:
    key: str
    name: str
    name_en: str | None
    totals: dict[str, TopicTotal]  # by plan

    @property
    def values(self) -> dict[str, float]:
        """The figures that add up (main topic), as the domain rows' `values`."""
        return {plan: total.main for plan, total in self.totals.items()}


def investment_by_topic(corpus: Corpus, relations: Relations) -> list[TopicRow]:
    rows = []
    for topic in corpus.topics:
        totals = {plan.id: topic_investment(plan, relations, topic.key) for plan in corpus.plans}
        if any(total.tagged for total in totals.values()):
            rows.append(TopicRow(topic.key, topic.name_zh, topic.name_en, totals))
    return rows


def topic_investment(plan: PlanCorpus, relations: Relations, topic: str) -> TopicTotal:
    def topics(project: Project) -> list[str]:
        return relations.topics.get(f"{plan.id}/{project.id}", [])

    return TopicTotal(
        main=_total(p for p in plan.projects if topics(p)[:1] == [topic]),
        tagged=_total(p for p in plan.projects if topic in topics(p)),
    )


def largest_projects(plan: PlanCorpus, count: int = 10) -> list[Project]:
    stated = [(p.investment_wan, p) for p in plan.projects if p.investment_wan is not None]
    return [p for _, p in sorted(stated, key=lambda pair: (-pair[0], pair[1].number))[:count]]


def count_by(plan: PlanCorpus, key: str) -> list[tuple[str, int]]:
    if key == "lead_unit":
        counter = Counter(unit for p in plan.projects for unit in p.lead_units)
    else:
        counter = Counter(getattr(p, key) for p in plan.projects)
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def status_counts(plan: PlanCorpus) -> dict[str, int]:
    counter: Counter[str] = Counter(i.status for i in plan.indicators)
    return {status: counter.get(status, 0) for status in STATUS_ORDER}


@dataclass(frozen=True)
class IndicatorCounts:
    """A plan's indicators as the plans count them (19 binding + 6 reference, each with its
    sub-indicators counted once), and its table's rows."""

    binding: int
    reference: int
    rows: int
    not_met: int  # rows
    not_met_inferred: int  # of those, rows whose status the site inferred (no status column)

    @property
    def indicators(self) -> int:
        return self.binding + self.reference


def indicator_counts(plan: PlanCorpus) -> IndicatorCounts:
    counted = Counter(i.attribute for i in plan.indicators if i.sub in (None, 1))
    return IndicatorCounts(
        binding=counted["binding"],
        reference=counted["reference"],
        rows=len(plan.indicators),
        not_met=sum(i.status == "not_met" for i in plan.indicators),
        not_met_inferred=sum(
            i.status == "not_met" and "status" in i.inferred for i in plan.indicators
        ),
    )


def plan_total(plan: PlanCorpus) -> float:
    return _total(plan.projects)


def _total(projects: Iterable[Project]) -> float:
    return sum(p.investment_wan or 0 for p in projects)
