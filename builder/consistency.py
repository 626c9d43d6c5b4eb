"""Consistency checks against the source's own statements: totals and counts.

A mismatch is the source's own error: it is reported as a warning and shown on the plan's
data-notes page, never patched.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from builder.editions import say
from builder.figures import indicator_counts
from builder.load import Corpus, PlanCorpus
from builder.money import amount


@dataclass(frozen=True)
class Finding:
    plan: str
    check: str  # which check: its name is the catalogues' `data_notes.check.CHECK`
    stated: str
    computed: str
    ok: bool
    lines: tuple[int, int] | None
    subject: str = ""  # what it checks, where a check runs per thing (a domain's 合计)

    @property
    def name(self) -> str:
        """The check's name in English, for the command line."""
        name = say("en", f"data_notes.check.{self.check}", subject=self.subject, english="")
        return " ".join(re.sub(r"<[^>]+>", "", name).split())

    def __str__(self) -> str:
        where = f" (source lines {self.lines[0]}–{self.lines[1]})" if self.lines else ""
        verdict = "matches" if self.ok else "DOES NOT MATCH"
        figures = f"stated {self.stated}, computed {self.computed}"
        return f"{self.plan}: {self.name}: {figures}: {verdict}{where}"


def check_consistency(corpus: Corpus) -> list[Finding]:
    return [finding for plan in corpus.plans for finding in check_plan_consistency(plan, corpus)]


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return amount(value)


def check_plan_consistency(plan: PlanCorpus, corpus: Corpus) -> list[Finding]:
    findings: list[Finding] = []
    sums: dict[str, float] = {}
    for project in plan.projects:
        sums[project.domain_zh] = sums.get(project.domain_zh, 0) + (project.investment_wan or 0)
    for total in plan.totals:
        if total.value_wan is None:
            continue  # a 合计 printed as —— states nothing to check
        computed = sums.get(total.domain_zh or "", 0)
        findings.append(
            Finding(
                plan.id,
                "domain_total",
                _number(total.value_wan),
                _number(computed),
                total.value_wan == computed,
                total.lines,
                subject=total.domain_zh or "",
            )
        )
    all_projects = sum(sums.values())
    if plan.grand_total and plan.grand_total.value_wan is not None:
        findings.append(
            Finding(
                plan.id,
                "plan_total",
                _number(plan.grand_total.value_wan),
                _number(all_projects),
                plan.grand_total.value_wan == all_projects,
                plan.grand_total.lines,
            )
        )
    if plan.meta.total_investment_wan is not None:
        line = plan.meta.facts.get("total_investment_wan")
        findings.append(
            Finding(
                plan.id,
                "metadata_total",
                _number(plan.meta.total_investment_wan),
                _number(all_projects),
                plan.meta.total_investment_wan == all_projects,
                (line, line) if line else None,
            )
        )
    findings += _count_findings(plan, corpus)
    return findings


def _count_findings(plan: PlanCorpus, corpus: Corpus) -> list[Finding]:
    expected = Counter(i.attribute for i in corpus.standard.indicators)
    counts = indicator_counts(plan)
    found = {"binding": counts.binding, "reference": counts.reference}
    findings = [
        Finding(
            plan.id,
            f"standard_{attribute}",
            str(expected[attribute]),
            str(found[attribute]),
            expected[attribute] == found[attribute],
            None,
        )
        for attribute in ("binding", "reference")
    ]
    for name, stated in plan.meta.stated_counts.items():
        computed = {
            "projects": len(plan.projects),
            "indicators": counts.indicators,
            "provisions": len(plan.provisions),
        }[name]
        findings.append(
            Finding(
                plan.id,
                f"stated_{name}",
                str(stated.value),
                str(computed),
                stated.value == computed,
                (stated.line, stated.line),
            )
        )
    return findings
