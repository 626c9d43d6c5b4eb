"""Table pages on a phone (375 × 800): the page never gets wider than the screen; wide tables
scroll inside their own box. Screenshots go to tests/artifacts/phone-*.png for a look."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
TABLE_PAGES = [
    "shifeng/indicators/",
    "lingling/projects/",
    "compare/",
    "investment/",
    "shifeng/glance/",
    "shifeng/data-notes/",
    "topics/air/",
    "en/shifeng/indicators/",
    "en/lingling/projects/",
    "en/compare/",
]

# Elements that stick out of the screen, outside any box that scrolls sideways.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const e of document.querySelectorAll('.md-content *')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let scroller = e.parentElement;
    while (scroller && getComputedStyle(scroller).overflowX === 'visible') {
      scroller = scroller.parentElement;
    }
    if (!scroller || scroller === document.body || scroller === document.documentElement) {
      out.push(e.tagName + '.' + e.className + ' ' + Math.round(box.right));
    }
  }
  return out.slice(0, 5);
}"""


@pytest.fixture(scope="module")
def phone(page):
    """A phone-sized page in the same browser and on the same static server as `page`."""
    context = page.context.browser.new_context(
        viewport={"width": 375, "height": 800}, device_scale_factor=1
    )
    small = context.new_page()
    small.base = page.base
    yield small
    context.close()


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_table_pages_fit_a_phone_screen(phone, path: str):
    phone.goto(phone.base + path)
    phone.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    name = "phone-" + path.strip("/").replace("/", "-") + ".png"
    phone.screenshot(path=str(ARTIFACTS / name), full_page=False)
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375, f"{path}: the page is {page_width}px wide"
    assert phone.evaluate(OVERFLOWING) == []
    # Each table sits in a box that scrolls sideways and fits the screen.
    boxes = phone.evaluate(
        """[...document.querySelectorAll('.md-content table')].map(table => {
             let box = table.parentElement;
             while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
             return box ? Math.round(box.getBoundingClientRect().right) : 9999; })"""
    )
    assert all(right <= 375 for right in boxes), boxes


HEADER_NAME = """() => [...document.querySelectorAll('.md-header__topic:first-child .md-ellipsis')]
  .filter(e => getComputedStyle(e).display !== 'none')
  .map(e => ({text: e.textContent.trim(), cut: e.scrollWidth > e.clientWidth + 1}))"""


@pytest.mark.parametrize(("path", "name"), [("", "生态文明规划库"), ("en/", "Plan Atlas")])
@pytest.mark.parametrize("width", [360, 390])
def test_the_phone_header_keeps_a_readable_site_name(page, path: str, name: str, width: int):
    """The header's site name is whole on a phone (it shrank to "生" or "Pl…"); the search box
    folds to its icon and opens across the header when tapped, its results under it."""
    page.set_viewport_size({"width": width, "height": 800})
    try:
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(HEADER_NAME) == [{"text": name, "cut": False}]
        box = page.locator("#atlas-header-q")
        assert box.bounding_box()["width"] < 50
        box.click()
        box.fill("黑臭水体")
        page.locator("#atlas-header-results a").first.wait_for()
        assert box.bounding_box()["width"] > width * 0.6
        assert "{" not in page.locator(".atlas-header-hit--all").inner_text()  # every {n} filled
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"phone-header-{path.strip('/') or 'zh'}-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
