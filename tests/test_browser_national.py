"""The comparison and the national indicator pages in Chromium, on a desktop (1366 px) and a
phone (390 px): every district's values are on screen without sideways scrolling."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["indicators/b05/", "en/indicators/b08/"])
def test_every_value_of_every_district_is_on_screen(page, size: str, path: str):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    try:
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
        cells = page.eval_on_selector_all(
            "table.atlas-national td, table.atlas-national tbody th",
            "cells => cells.map(c => c.getBoundingClientRect().right)",
        )
        assert cells and max(cells) <= width  # nothing beyond the right edge
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator("svg.atlas-chart").count() >= 1  # baseline → targets, as numbers
        ARTIFACTS.mkdir(exist_ok=True)
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(ARTIFACTS / f"national-{name}-{size}.png"), full_page=True)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["compare/", "en/compare/"])
def test_the_comparison_shows_every_district_without_sideways_scrolling(page, size, path):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    try:
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
        edges = page.eval_on_selector_all(
            "table.atlas-compare td, table.atlas-compare tbody th",
            "cells => cells.map(c => c.getBoundingClientRect().right)",
        )
        assert len(edges) > 100 and max(edges) <= width
        wrap = page.locator(".atlas-table-wrap").first
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")  # no hidden columns
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if size == "phone":  # a card per indicator: each value says whose and which it is
            labels = page.eval_on_selector_all(
                "table.atlas-compare td[data-label]",
                "tds => tds.map(td => getComputedStyle(td, '::before').content)",
            )
            assert all(label not in ("none", "normal", '""') for label in labels)
        ARTIFACTS.mkdir(exist_ok=True)
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"))
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


TABLE_PAGES = ["shifeng/indicators/", "en/lingling/indicators/", "lingling/projects/"]
TABLE_PAGES += ["en/shifeng/projects/", "shifeng/data-notes/", "en/lingling/data-notes/"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", TABLE_PAGES)
def test_indicator_project_and_check_tables_fit_the_screen(page, size, path):
    """Status and targets of every row, every project's figures: inside the screen and inside
    the table's own box (nothing hidden behind a sideways scroll)."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    try:
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('table.atlas-cards')].map(t => {
                 const box = t.closest('.atlas-table-wrap') || t.parentElement;
                 const right = Math.min(box.getBoundingClientRect().right, innerWidth);
                 return [...t.querySelectorAll('td, tbody th')]
                   .filter(c => c.getBoundingClientRect().right > right + 1).length;
               })"""
        )
        assert overflow and sum(overflow) == 0
        if size == "phone":
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=str(ARTIFACTS / f"cards-{name}.png"))
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
