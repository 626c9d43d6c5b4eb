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


def _svgs(html: str) -> list[ElementTree.Element]:
    starts = _starts(html, '<svg xmlns="http://www.w3.org/2000/svg" class="atlas-chart')
    return [ElementTree.fromstring(html[i : html.index("</svg>", i) + 6]) for i in starts]


SVG = "{http://www.w3.org/2000/svg}"


def test_charts_are_valid_svg_with_the_domain_names(built_site: Path):
    svgs = _svgs((built_site / "investment" / "index.html").read_text("utf-8"))
    assert len(svgs) == 4  # by domain and by topic, a panel per district
    assert all(svg.get("role") == "group" for svg in svgs)  # its bars are links
    texts = " ".join(text for svg in svgs[:2] for text in svg.itertext())
    for domain in ("目标责任", "生态安全", "生态经济", "生态文化", "生态文明制度"):
        assert domain in texts
    glance = (built_site / "lingling" / "glance" / "index.html").read_text("utf-8")
    assert len(_svgs(glance)) == 2 and "未达标的指标" in glance


def test_no_bar_vanishes_and_each_leads_to_its_projects(built_site: Path):
    """Each district on its own scale: Shifeng's bars stay visible beside Lingling's 1,544,000,
    and every bar links to existing projects (a filtered table, the topic page's part)."""
    page = built_site / "investment" / "index.html"
    for svg in _svgs(page.read_text("utf-8")):
        links = svg.findall(f"{SVG}a")
        assert links and len(links) == len(svg.findall(f".//{SVG}rect"))
        for link in links:
            assert float(link.find(f"{SVG}rect").get("width")) >= 2
            href = link.get("href")
            path, _, anchor = href.partition("#")
            target = (page.parent / path.split("?")[0]).resolve() / "index.html"
            assert target.is_file(), href
            if anchor:
                assert f'id="{anchor}"' in target.read_text("utf-8"), href
    assert "?domain=%E7%94%9F%E6%80%81%E7%BB%8F%E6%B5%8E" in page.read_text("utf-8")  # 生态经济


def test_both_topic_rules_are_named_where_their_figures_show(built_site: Path):
    """Lingling's water: 205,700 counting each project under its main topic only (the
    investment page's totals add up), 615,700 counting every project tagged with water."""
    for edition, main, tagged in (("", "首要主题", "全部相关"), ("en", "Main topic", "All tagged")):
        investment = (built_site / edition / "investment" / "index.html").read_text("utf-8")
        table = investment[investment.index('class="atlas-table atlas-cards atlas-topic-money"') :]
        assert main in table and tagged in table
        water = table[table.index('topics/water/"') :].split("</tr>")[0]
        assert "205,700" in water and "615,700" in water
        topic = (built_site / edition / "topics" / "water" / "index.html").read_text("utf-8")
        assert "205,700" in topic and "615,700" in topic


AMOUNT_PAGES = ["investment", "shifeng/glance", "lingling/projects", "lingling/data-notes"]
AMOUNT_PAGES += ["en/investment", "en/lingling/projects", "index"]


def test_amounts_in_tables_have_separators(built_site: Path):
    """The figures the site prints (not the plan text it quotes) carry thousands separators."""
    for name in AMOUNT_PAGES:
        path = built_site / name / "index.html" if name != "index" else built_site / "index.html"
        html = path.read_text("utf-8")
        cells = re.findall(r"<td\b[^>]*>(.*?)</td>", html, re.S)
        texts = [re.sub(r"<[^>]+>", " ", cell) for cell in cells]
        bare = [text for text in texts if re.search(r"(?<![\d,.])\d{5,}", text)]
        assert cells and not bare, (name, bare[:3])
    lingling = (built_site / "lingling" / "projects" / "index.html").read_text("utf-8")
    assert 'title="原文 As printed: 1730592">1,730,592' in lingling  # as printed, on hover


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
