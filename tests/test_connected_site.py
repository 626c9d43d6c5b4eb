"""The connected site, end to end: topic pages, cross-links, glossary, investment, charts."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .test_site import parse


def test_the_pm25_indicator_links_shifeng_article_37(built_site: Path):
    html = (built_site / "shifeng" / "indicators" / "index.html").read_text("utf-8")
    row = html[html.index('<tr id="ind-4"') :]
    row = row[: row.index("</tr>")]
    assert 'href="../art-37/"' in row and 'href="../projects/#proj-4"' in row


def test_a_provision_reaches_indicators_projects_terms_and_the_other_district(built_site: Path):
    links = parse(built_site / "shifeng" / "art-37" / "index.html").links
    assert "../indicators/#ind-4" in links
    assert "../projects/#proj-6" in links
    assert "../../topics/air/" in links and "../../topics/air/#lingling" in links
    assert any(re.match(r"\.\./\.\./glossary/[a-z]/#", link) for link in links)


def test_every_topic_page_lists_both_districts(built_site: Path, real_corpus):
    for topic in real_corpus.topics:
        ids = parse(built_site / "topics" / topic.key / "index.html").ids
        assert {"shifeng", "lingling"} <= ids, topic.key


def test_the_glossary_lists_every_term_with_its_uses(built_site: Path, real_corpus):
    index = parse(built_site / "glossary" / "index.html")
    assert {term.id for term in real_corpus.glossary} <= index.ids  # old /glossary/#TERM links
    assert "h/#hei-chou-shui-ti" in index.links
    for term in real_corpus.glossary:  # one page per pinyin initial, in both editions
        for edition in (built_site, built_site / "en"):
            page = edition / "glossary" / term.id[0] / "index.html"
            assert term.id in parse(page).ids, (edition, term.id)
    html = (built_site / "glossary" / "h" / "index.html").read_text("utf-8")
    entry = html[html.index('id="hei-chou-shui-ti"') :][:3000]
    assert "../../shifeng/art-34/" in entry


def test_investment_totals_equal_the_project_tables(built_site: Path, real_corpus):
    html = (built_site / "investment" / "index.html").read_text("utf-8")
    for plan in real_corpus.plans:
        total = sum(p.investment_wan or 0 for p in plan.projects)
        assert f"{total:,.0f}" in html
    assert "189,310" in html and "1,730,592" in html


def test_charts_are_valid_svg_with_the_domain_names(built_site: Path):
    html = (built_site / "investment" / "index.html").read_text("utf-8")
    svgs = [
        html[i : html.index("</svg>", i) + 6]
        for i in _starts(html, '<svg xmlns="http://www.w3.org/2000/svg" class="atlas-chart"')
    ]
    assert len(svgs) == 2
    for svg in svgs:
        root = ElementTree.fromstring(svg)
        assert root.get("role") == "img"
    texts = " ".join(ElementTree.fromstring(svgs[0]).itertext())
    for domain in ("目标责任", "生态安全", "生态经济", "生态文化", "生态文明制度"):
        assert domain in texts
    glance = (built_site / "lingling" / "glance" / "index.html").read_text("utf-8")
    assert glance.count('class="atlas-chart"') == 2 and "未达标的指标" in glance


def test_exports_carry_topics_and_related(built_site: Path):
    records = json.loads((built_site / "api" / "shifeng" / "indicators.json").read_text("utf-8"))
    pm25 = next(r for r in records if r["id"] == "shifeng/ind-4")
    assert pm25["topics"] == ["air"] and "shifeng/art-37" in pm25["related"]
    topics = json.loads((built_site / "api" / "topics.json").read_text("utf-8"))
    assert {"id", "name_zh", "name_en", "url"} == set(topics[0])
    glossary = json.loads((built_site / "api" / "glossary.json").read_text("utf-8"))
    entry = next(t for t in glossary if t["id"] == "hei-chou-shui-ti")
    assert entry["term_zh"] == "黑臭水体" and "shifeng/art-34" in entry["used_in"]
    assert entry["url"] == "/glossary/h/#hei-chou-shui-ti"


def test_comparison_says_which_district_commits_to_more(built_site: Path):
    html = (built_site / "compare" / "index.html").read_text("utf-8")
    assert "2030年目标零陵区定得更高（石峰区 ≥25，零陵区 ≥25.5）" in html


def _starts(text: str, needle: str) -> list[int]:
    found, index = [], text.find(needle)
    while index != -1:
        found.append(index)
        index = text.find(needle, index + 1)
    return found
