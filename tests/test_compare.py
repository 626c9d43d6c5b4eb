"""The comparison lines every national key up with each plan's row."""

from __future__ import annotations

from builder.compare import compare_indicators


def test_every_national_key_has_a_row(real_corpus):
    groups = compare_indicators(real_corpus)
    assert len(groups) == 25
    rows = [row for group in groups for row in group.rows]
    assert [row.key for row in rows] == real_corpus.standard.keys()
    assert [row.label for row in groups[4].rows] == ["5.1", "5.2", "5.3", "5.4", "5.5"]
    assert groups[-1].rows[0].label == "参6"


def test_a_sub_indicator_a_plan_does_not_list_is_absent(real_corpus):
    rows = {row.key: row for group in compare_indicators(real_corpus) for row in group.rows}
    assert rows["b05.rural_black_odorous_remediation"].cells["lingling"] is None
    assert rows["b05.inferior_class5_reduction"].cells["shifeng"] is None
    pm25 = rows["b04"].cells
    assert pm25["shifeng"].status == "not_met" and pm25["lingling"].baseline_year == 2022


def test_every_plan_row_appears_exactly_once(real_corpus):
    rows = [row for group in compare_indicators(real_corpus) for row in group.rows]
    for plan in real_corpus.plans:
        shown = [row.cells[plan.id].id for row in rows if row.cells[plan.id] is not None]
        assert sorted(shown) == sorted(i.id for i in plan.indicators)
