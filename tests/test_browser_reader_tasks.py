"""The five reader tasks of issue 17, walked in Chromium from the home page, on a desktop
(1366 px) and a phone (390 px), in both editions: each answer is on screen, inside the
screen's width, after at most two clicks (or taps). Screenshots of each answer go to
tests/artifacts/task-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
EDITIONS = {"zh": "", "en": "en/"}
CLICKS = 2


class Walk:
    """A reader on the site: starts at an edition's home page, counts every click."""

    def __init__(self, page, size: str, edition: str) -> None:
        self.page, self.size, self.edition = page, size, edition
        self.width, height = SIZES[size]
        self.clicks = 0
        page.set_viewport_size({"width": self.width, "height": height})
        page.goto(page.base + EDITIONS[edition])
        page.wait_for_load_state("networkidle")

    def click(self, selector: str) -> None:
        target = self.page.locator(selector).first
        target.scroll_into_view_if_needed()
        target.click()
        self.clicks += 1
        self.page.wait_for_load_state("networkidle")

    def sees(self, selector: str, *texts: str) -> None:
        """The element is shown, lies inside the screen's width, and says each of `texts`."""
        found = self.page.locator(selector).first
        found.scroll_into_view_if_needed()
        assert found.is_visible(), selector
        box = found.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= self.width + 1, selector
        shown = found.inner_text()
        for text in texts:
            assert text in shown, (selector, text, shown[:300])

    def done(self, task: str) -> None:
        assert self.clicks <= CLICKS, f"{task}: {self.clicks} clicks"
        ARTIFACTS.mkdir(exist_ok=True)
        name = f"task-{task}-{self.edition}-{self.size}.png"
        self.page.screenshot(path=str(ARTIFACTS / name))


WALKS = [(size, edition) for size in SIZES for edition in EDITIONS]


@pytest.fixture(params=WALKS, ids=[f"{size}-{edition}" for size, edition in WALKS])
def reader(page, request):
    """A reader at each size, in each edition, on the home page."""
    size, edition = request.param
    yield Walk(page, size, edition)
    page.set_viewport_size({"width": 1280, "height": 900})


def plan_link(plan: str, page: str) -> str:
    """A link the home page gives under a plan's heading."""
    return f"h2#{plan} ~ p a[href$='{plan}/{page}/']"


def test_shifengs_2030_pm25_target_and_whether_it_is_met(reader):
    reader.click(plan_link("shifeng", "indicators"))
    met = {"zh": "未达标", "en": "not met"}[reader.edition]
    reader.sees("tr#ind-4", "PM2.5", met)  # the plan's own status
    target = {"zh": "完成上级规定的考核任务", "en": "assessment"}[reader.edition]
    reader.sees("tr#ind-4 td[data-label*='2030']", target)  # the 2030 target, named so
    reader.done("pm25")


def test_which_district_invests_more_in_water_and_in_what(reader):
    reader.click(".md-content a[href$='investment/']")
    reader.sees("table.atlas-topic-money a[href$='topics/water/']")
    water = "table.atlas-topic-money tr:has(a[href$='topics/water/'])"
    reader.sees(water, "14,760", "205,700", "615,700")
    reader.click(f"{water} a[href$='topics/water/#lingling']")  # what Lingling invests in
    assert reader.page.url.endswith("#lingling")
    reader.sees("#lingling ~ ul a[href*='lingling/projects/#proj-8']")
    reader.done("water")


def test_find_and_cite_the_article_on_noise(reader):
    reader.click("#atlas-header-q")  # on a phone the box opens first
    reader.page.locator("#atlas-header-q").fill("噪声")
    reader.page.locator("#atlas-header-results a").first.wait_for()
    reader.click("#atlas-header-results a[href*='shifeng/art-48/']")
    assert "/shifeng/art-48/" in reader.page.url
    cite = {"zh": "第48条", "en": "Article 48"}[reader.edition]
    reader.sees(".atlas-cite", cite)
    reader.done("noise")


def test_compare_the_forest_cover_targets(reader):
    reader.click(".md-content a[href$='compare/']")
    row = "tr[id='b07.forest_cover']"
    targets = reader.page.locator(f"{row} td[data-label*='2030']")
    assert targets.count() == 2  # each district's 2030 target, side by side or a card each
    reader.sees(f"{row} td[data-label*='2030'] >> nth=0", "32.44")  # Shifeng's
    reader.sees(f"{row} td[data-label*='2030'] >> nth=1")  # Lingling's
    for plan in ("shifeng", "lingling"):
        reader.sees(f"{row} a[href*='{plan}/ind-7.1'], {row} a[href*='{plan}/indicators/#ind-7.1']")
    reader.done("forest")


def test_what_changed_in_the_latest_revision(reader):
    reader.click(plan_link("shifeng", "revisions"))
    plain = {"zh": "本规划自印发以来没有修订", "en": "no amendment since it was issued"}
    reader.sees(".md-content p", plain[reader.edition], "2024-12-30")
    reader.sees("h2[id^='revision-'] >> nth=0")  # the latest revision, and what it changed
    reader.done("revision")
