"""Every figure one click from its source (issue 17 §2): the source text as pages with a
line anchor each, and the site's source references leading there, in Chromium."""

from __future__ import annotations

import html
import re
from pathlib import Path

ARTIFACTS = Path(__file__).parent / "artifacts"
LINE = re.compile(r'<li id="L(\d+)">(.*?)(?: <a class="atlas-source-record"|</li>)', re.S)


def test_the_source_pages_hold_the_source_text_line_by_line(built_site: Path, real_corpus):
    for plan in real_corpus.plans:
        shown: dict[int, str] = {}
        for page in sorted((built_site / plan.id / "source").glob("*/index.html")):
            for number, text in LINE.findall(page.read_text("utf-8")):
                shown[int(number)] = html.unescape(text)
        assert len(shown) == len(plan.source)
        assert [shown[n] for n in range(1, len(plan.source) + 1)] == list(plan.source)


def test_a_provisions_source_link_marks_its_lines_and_leads_back(page):
    page.goto(page.base + "shifeng/art-37/")
    link = page.locator("a.atlas-source-link").first
    assert "原文" in page.inner_text("p.atlas-source")  # named by plan and document
    link.click()
    page.wait_for_load_state("networkidle")
    assert "/shifeng/source/" in page.url
    cited = page.eval_on_selector_all(".atlas-source-cited", "lis => lis.map(li => li.id)")
    assert len(cited) >= 2 and cited[0] == page.url.split("#L")[1].join(["L", ""])
    assert page.locator(f"#{cited[0]}").is_visible()
    assert page.evaluate(f"document.getElementById('{cited[0]}').getBoundingClientRect().top") > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "source-shifeng-art-37.png"))
    page.click("a.atlas-source-back")
    page.wait_for_url("**/shifeng/art-37/")


def test_indicator_rows_and_national_pages_link_their_source_lines(page):
    page.goto(page.base + "en/shifeng/indicators/")
    row = page.locator("#ind-4 a.atlas-line")
    assert row.inner_text() == "L798"
    row.click()
    page.wait_for_url("**/shifeng/source/4/#L798")
    assert (
        page.locator("#L798").evaluate("li => getComputedStyle(li).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )
    page.goto(page.base + "indicators/b04/")
    assert page.locator("table.atlas-national a.atlas-source-link").count() == 2
