"""The navigation hook: past `scoped_nav_after` plans, a page shows only its own plan's section."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import build_site

PLANS = ("alpha", "beta", "gamma")


def _site(tmp_path: Path, scoped_after: int) -> Path:
    docs = tmp_path / "docs"
    (docs / "topics").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", "utf-8")
    (docs / "topics" / "index.md").write_text("# Topics\n", "utf-8")
    for plan in PLANS:
        (docs / plan).mkdir()
        (docs / plan / "index.md").write_text(f"# {plan} overview\n", "utf-8")
        (docs / plan / "ch01.md").write_text(f"# {plan} chapter\n", "utf-8")
        (docs / plan / "art-1.md").write_text(f"# {plan} article\n", "utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Test\n"
        "theme: {name: material, font: false, features: [navigation.tabs, navigation.prune]}\n"
        "not_in_nav: '/*/art-*.md'\n"
        f"extra: {{scoped_nav_after: {scoped_after}}}\n",
        "utf-8",
    )
    nav = [
        {"Home": "index.md"},
        *[
            {f"Plan {p}": [{"Overview": f"{p}/index.md"}, {"Chapter": f"{p}/ch01.md"}]}
            for p in PLANS
        ],
        {"Topics": "topics/index.md"},
    ]
    build_site(config, docs, tmp_path / "site", nav)
    return tmp_path / "site"


def _plan_links(html: str) -> set[str]:
    return {plan for plan in PLANS if f"Plan {plan}" in html}


@pytest.mark.parametrize("page", ["alpha/ch01/index.html", "alpha/art-1/index.html"])
def test_past_the_limit_a_plan_page_shows_its_own_plan_only(tmp_path: Path, page: str):
    site = _site(tmp_path, scoped_after=2)
    html = (site / page).read_text("utf-8")
    assert _plan_links(html) == {"alpha"}
    assert "Topics" in html and "Home" in html


def test_past_the_limit_other_pages_show_no_plan(tmp_path: Path):
    site = _site(tmp_path, scoped_after=2)
    for page in ("index.html", "topics/index.html", "404.html"):
        assert _plan_links((site / page).read_text("utf-8")) == set(), page


def test_up_to_the_limit_every_page_shows_every_plan(tmp_path: Path):
    site = _site(tmp_path, scoped_after=3)
    for page in ("index.html", "beta/ch01/index.html", "404.html"):
        assert _plan_links((site / page).read_text("utf-8")) == set(PLANS), page
