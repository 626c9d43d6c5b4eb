"""Project and indicator tables sort and filter in a real browser, offline."""

from __future__ import annotations

from pathlib import Path


def test_projects_sort_by_investment_and_filter_by_type(page):
    page.goto(page.base + "lingling/projects/")
    heading = "#atlas-projects-lingling thead th:nth-child(6)"
    page.click(heading)
    page.click(heading)  # second click: largest first
    assert page.eval_on_selector("#atlas-projects-lingling tbody tr", "r => r.id") == "proj-22"
    page.select_option("select[data-filter=type]", "continued")
    visible = "#atlas-projects-lingling tbody tr:not([hidden])"
    assert page.eval_on_selector_all(visible, "rows => rows.length") == 6
    assert page.inner_text(".atlas-filters__count") == "6 / 34"


def test_indicators_filter_by_status(page):
    page.goto(page.base + "shifeng/indicators/")
    page.select_option("select[data-filter=status]", "not_met")
    shown = page.eval_on_selector_all(
        "#atlas-indicators-shifeng tbody tr[data-row]:not([hidden])", "rows => rows.map(r => r.id)"
    )
    assert shown == ["ind-4"]


def test_without_javascript_the_tables_are_complete(built_site: Path):
    html = (built_site / "lingling" / "projects" / "index.html").read_text("utf-8")
    assert html.count('<tr id="proj-') == 34
    assert '<form class="atlas-filters" data-table="atlas-projects-lingling" hidden>' in html
