"""The English of names that the figures and tables carry only in Chinese (project domains,
topics, lead units), gathered once per build for the English pages' lookups."""

from __future__ import annotations

from dataclasses import dataclass

from builder.load import Corpus, PlanCorpus


@dataclass(frozen=True)
class EnglishNames:
    """The English of names the figures carry only in Chinese, each gathered once."""

    domains: dict[str, dict[str, str]]  # plan → project domain → its English
    topics: dict[str, str]  # topic → its English name
    lead_units: dict[str, dict[str, str]]  # plan → lead unit → its English

    def domain(self, zh: str, plans: list[PlanCorpus]) -> str | None:
        """A domain's English in the first of `plans` that translates it."""
        return next((self.domains[p.id][zh] for p in plans if zh in self.domains[p.id]), None)


def english_names(corpus: Corpus) -> EnglishNames:
    domains: dict[str, dict[str, str]] = {}
    units: dict[str, dict[str, str]] = {}
    for plan in corpus.plans:
        domains[plan.id], units[plan.id] = {}, {}
        for project in plan.projects:
            if project.domain_en:
                domains[plan.id].setdefault(project.domain_zh, project.domain_en)
            if len(project.lead_units_en) == len(project.lead_units):
                for zh, en in zip(project.lead_units, project.lead_units_en, strict=True):
                    if en:
                        units[plan.id].setdefault(zh, en)
    topics: dict[str, str] = {}
    for topic in corpus.topics:
        if topic.name_en:
            topics.setdefault(topic.name_zh, topic.name_en)
    return EnglishNames(domains, topics, units)
