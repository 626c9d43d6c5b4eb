"""The comparison and the national indicator pages in Chromium, on a desktop (1366 px) and a
phone (390 px): every district's values are on screen without sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


TABLE_PAGES = ["shifeng/indicators/", "en/lingling/indicators/", "lingling/projects/"]
TABLE_PAGES += ["en/shifeng/projects/", "shifeng/data-notes/", "en/lingling/data-notes/"]


@contextmanager
def opened_at(page, size: str, path: str) -> Iterator[int]:
    """`path` loaded in a viewport of `size`; yields its width, puts the viewport back after."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    try:
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
        yield width
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def screenshot(page, prefix: str, path: str, size: str = "", full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    name = "-".join(filter(None, [prefix, path.strip("/").replace("/", "-"), size]))
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def right_edges(page, table: str) -> list[float]:
    return page.eval_on_selector_all(
        f"table.{table} td, table.{table} tbody th",
        "cells => cells.map(c => c.getBoundingClientRect().right)",
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["indicators/b05/", "en/indicators/b08/"])
def test_every_value_of_every_district_is_on_screen(page, size: str, path: str):
    with opened_at(page, size, path) as width:
        cells = right_edges(page, "atlas-national")
        assert cells and max(cells) <= width  # nothing beyond the right edge
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator("svg.atlas-chart").count() >= 1  # baseline → targets, as numbers
        screenshot(page, "national", path, size, full_page=True)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["compare/", "en/compare/"])
def test_the_comparison_shows_every_district_without_sideways_scrolling(page, size, path):
    with opened_at(page, size, path) as width:
        edges = right_edges(page, "atlas-compare")
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
        screenshot(page, "", path, size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", TABLE_PAGES)
def test_indicator_project_and_check_tables_fit_the_screen(page, size, path):
    """Status and targets of every row, every project's figures: inside the screen and inside
    the table's own box (nothing hidden behind a sideways scroll)."""
    with opened_at(page, size, path):
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
            screenshot(page, "cards", path)
