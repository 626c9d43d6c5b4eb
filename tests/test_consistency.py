"""Consistency checks against the source's own statements: totals and counts."""

from __future__ import annotations

from pathlib import Path

from builder.consistency import check_consistency
from builder.load import load_corpus

from .test_load import replace_in


def test_every_stated_figure_of_the_real_plans_matches(real_corpus):
    findings = check_consistency(real_corpus)
    assert [str(f) for f in findings if not f.ok] == []
    checks = {(f.plan, f.check, f.subject): f for f in findings}
    assert checks[("shifeng", "domain_total", "生态安全")].stated == "175,110"
    assert checks[("shifeng", "plan_total", "")].computed == "189,310"
    assert checks[("lingling", "plan_total", "")].computed == "1,730,592"
    assert checks[("lingling", "stated_projects", "")].stated == "34"
    assert ("shifeng", "domain_total", "目标责任") not in checks  # printed as ——: nothing to check


def test_a_wrong_domain_total_is_a_warning_not_an_error(mini_corpus: Path):
    replace_in(
        mini_corpus / "demo" / "projects.yaml",
        'text: "300"\n  value_wan: 300',
        'text: "350"\n  value_wan: 350',
    )
    findings = check_consistency(load_corpus(mini_corpus))
    (wrong,) = [f for f in findings if not f.ok]
    assert str(wrong) == (
        "demo: Total of the domain 生态安全 合计: stated 350, computed 300: "
        "DOES NOT MATCH (source lines 32–32)"
    )
