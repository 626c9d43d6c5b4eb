"""Indicator and project tables of both seeds: rows, merged cells, page breaks, totals."""

from __future__ import annotations

import pytest

from builder.importer.pdf_tables import parse_pdf_indicators, parse_pdf_projects
from builder.importer.records import investment_of, lead_units, period_of, plain_number, status_of
from builder.importer.word_tables import parse_word_indicators, parse_word_projects


@pytest.fixture(scope="module")
def shifeng_indicators(shifeng_lines):
    return {i["id"]: i for i in parse_pdf_indicators(shifeng_lines)["indicators"]}


@pytest.fixture(scope="module")
def lingling_indicators(lingling_lines):
    return {i["id"]: i for i in parse_word_indicators(lingling_lines)["indicators"]}


def test_cell_parsers():
    assert plain_number("23.38") == 23.38 and plain_number("100") == 100
    assert plain_number("≥95") is None and plain_number("-0.72") == -0.72
    assert period_of("2024-2027 年") == (2024, 2027) and period_of("2023-2030") == (2023, 2030)
    assert investment_of("10000（仅搬迁，不含建设）") == (10000, "（仅搬迁，不含建设）")
    assert investment_of("/") == (None, None)
    assert lead_units("区委组织部 区教育局 各镇（街道）") == [
        "区委组织部",
        "区教育局",
        "各镇（街道）",
    ]
    assert lead_units("零陵产业开发区、\n潇湘源城发集团") == ["零陵产业开发区", "潇湘源城发集团"]
    assert status_of("——", None) == ("not_applicable", False)
    inferred = status_of(None, "2021年为0.03%,2022年为0.10%，未达到持续下降的指标要求")
    assert inferred == ("not_met", True)
    assert status_of(None, "零陵区不涉及该项指标") == ("not_applicable", True)
    assert status_of(None, "93.05") == ("not_stated", False)


@pytest.mark.parametrize("fixture", ["shifeng_indicators", "lingling_indicators"])
def test_19_binding_and_6_reference_indicators(fixture, request):
    rows = request.getfixturevalue(fixture)
    assert len(rows) == 31
    numbers = {(r["attribute"], r["number"]) for r in rows.values()}
    assert numbers == {("binding", n) for n in range(1, 20)} | {
        ("reference", n) for n in range(1, 7)
    }
    assert [i for i in rows if i.startswith("ind-5.")] == [
        "ind-5.1",
        "ind-5.2",
        "ind-5.3",
        "ind-5.4",
    ]
    assert [i for i in rows if i.startswith("ind-6.")] == ["ind-6.1", "ind-6.2", "ind-6.3"]
    assert [i for i in rows if i.startswith("ind-7.")] == ["ind-7.1", "ind-7.2"]


def test_shifeng_indicator_values(shifeng_indicators):
    pm25 = shifeng_indicators["ind-4"]
    assert pm25["name_zh"] == "PM2.5浓度" and pm25["unit"] == "μg/m³"
    assert pm25["status"] == "not_met" and pm25["status_text"] == "未达标"
    assert pm25["baseline_text"].startswith("PM2.5浓度为37 μg/m³")
    assert pm25["baseline_year"] == 2023
    assert [t["year"] for t in pm25["targets"]] == [2027, 2030]
    first = shifeng_indicators["ind-1"]
    assert (first["baseline_value"], first["targets"][0]["text"]) == (23.38, "≥24")
    # The group name continues across the page break: 生态系 统保护 | 修复.
    assert shifeng_indicators["ind-7.2"]["group_zh"] == "生态系统保护修复"
    assert shifeng_indicators["ind-7.2"]["status"] == "not_applicable"
    assert shifeng_indicators["ind-6.1"]["standard_zh"] == "△EQI>-1"
    assert shifeng_indicators["ref-6"]["unit"] == "g/kg"
    assert shifeng_indicators["ind-5.2"]["unit"] == "%"  # merged cell shared with 5.1


def test_lingling_indicator_values(lingling_indicators):
    assert lingling_indicators["ind-1"]["baseline_year"] == 2022
    assert [t["year"] for t in lingling_indicators["ind-1"]["targets"]] == [2025, 2030]
    assert lingling_indicators["ind-6.1"]["targets"][0]["text"] == "ΔEQI>-1"
    assert lingling_indicators["ind-6.1"]["baseline_value"] == -0.72
    # Lingling's table has no status column: a status is read from the baseline's words only,
    # and says so.
    inferred = {
        k: i["status"] for k, i in lingling_indicators.items() if "status" in i.get("inferred", {})
    }
    assert inferred == {"ref-3": "not_met", "ind-7.2": "not_applicable"}
    assert all(
        i["status"] == "not_stated" for k, i in lingling_indicators.items() if k not in inferred
    )
    grassland = lingling_indicators["ind-7.2"]
    assert [t["text"] for t in grassland["targets"]] == [None, None]  # missing, not invented
    assert lingling_indicators["ind-15"]["targets"][1]["value"] == 90


def test_shifeng_projects(shifeng_lines):
    table = parse_pdf_projects(shifeng_lines)
    projects = {p["id"]: p for p in table["projects"]}
    assert len(projects) == 25
    assert projects["proj-6"]["investment_wan"] == 10000
    assert projects["proj-6"]["investment_note"] == "（仅搬迁，不含建设）"
    assert (
        projects["proj-1"]["investment_wan"] is None
        and projects["proj-1"]["investment_text"] == "/"
    )
    assert projects["proj-22"]["lead_units"] == ["区委组织部", "区教育局", "各镇（街道）"]
    assert (projects["proj-11"]["start_year"], projects["proj-11"]["end_year"]) == (2024, 2030)
    assert projects["proj-2"]["name_zh"].startswith("政领导干部")  # as printed: see data notes
    assert [(t["domain_zh"], t["value_wan"]) for t in table["totals"]] == [
        ("目标责任", None), ("生态安全", 175110), ("生态经济", 10500), ("生态文化", 2000),
        ("生态文明制度", 1700),
    ]  # fmt: skip
    assert table["grand_total"]["value_wan"] == 189310


def test_lingling_projects(lingling_lines):
    table = parse_word_projects(lingling_lines)
    projects = {p["id"]: p for p in table["projects"]}
    assert len(projects) == 34
    assert sum(p["investment_wan"] for p in projects.values()) == 1730592
    assert table["grand_total"]["value_wan"] == 1730592
    # Project 12's row is split by a stray blank line in the source: joined again.
    twelve = projects["proj-12"]
    assert twelve["lines"] == [828, 840] and twelve["content_zh"].count("\n") == 3
    assert twelve["lead_units"] == ["区生态环境分局", "梳子铺镇"]
    assert projects["proj-4"]["task_zh"] == "环境质量改善"
    assert projects["proj-34"]["domain_zh"] == "生态文化"


@pytest.mark.parametrize("fixture", ["shifeng_indicators", "lingling_indicators"])
def test_a_value_the_row_does_not_print_is_marked_inferred(fixture, request):
    """Audit: the unit % of sub-rows whose own cell is blank (a merged cell) was filled in
    without saying so. Every sub-row's unit is printed in its cell or marked merged_cell."""
    indicators = request.getfixturevalue(fixture)
    merged = sorted(k for k, i in indicators.items() if i.get("inferred", {}).get("unit"))
    assert merged == ["ind-5.2", "ind-5.3", "ind-5.4", "ind-7.2"]
    assert all(indicators[k]["inferred"]["unit"] == "merged_cell" for k in merged)


def test_a_merged_label_cut_by_a_page_break_reads_whole(shifeng_indicators):
    """Audit: 生态系统保护 | 修复 (source lines 806 and 810) is one merged cell of indicator 7."""
    assert {shifeng_indicators[k]["group_zh"] for k in ("ind-7.1", "ind-7.2")} == {
        "生态系统保护修复"
    }
