"""The national indicator pages in Chromium, on a desktop and a phone: every district's values
are on screen without sideways scrolling."""

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
