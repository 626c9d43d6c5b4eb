"""End to end: the real corpus through the real pipeline and a strict MkDocs build."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from builder.freshness import plans_shown
from builder.pipeline import build_all
from builder.problems import CorpusError
from builder.site_model import site_pages

from .conftest import PUBLIC_URL, copy_checkout


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.fetches: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        for attribute in ("src", "srcset") if tag != "a" else ():
            if values.get(attribute):
                self.fetches.append(values[attribute])
        fetched_rel = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
        if tag == "link" and set((values.get("rel") or "").split()) & fetched_rel:
            self.fetches.append(values.get("href") or "")


def parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    path = unquote(parts.path)
    base_path = urlsplit(PUBLIC_URL).path  # the 404 page links absolutely, under SITE_URL's path
    if path.startswith("/"):
        path, base = path.removeprefix(base_path), site
    else:
        base = page.parent
    target = (base / path.lstrip("/")).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def test_every_page_of_the_plan_exists(built_site: Path):
    for n in range(1, 108):
        assert (built_site / "shifeng" / f"art-{n}" / "index.html").exists()
    for n in range(1, 10):
        assert (built_site / "shifeng" / f"ch{n:02d}" / "index.html").exists()
    assert (built_site / "shifeng" / "index.html").exists()
    assert (built_site / "index.html").exists()
    for page in ("indicators", "projects", "data-notes"):
        for plan in ("shifeng", "lingling"):
            assert (built_site / plan / page / "index.html").exists()


def test_comparison_page_links_into_both_plans(built_site: Path):
    parser = parse(built_site / "compare" / "index.html")
    assert {"b01", "b05.inferior_class5_reduction", "r06"} <= parser.ids
    assert "../shifeng/indicators/#ind-4" in parser.links
    assert "../lingling/indicators/#ind-4" in parser.links
    html = (built_site / "compare" / "index.html").read_text("utf-8")
    assert html.count('class="atlas-absent"') == 2


def test_every_lingling_provision_has_its_page(built_site: Path, real_corpus):
    lingling = real_corpus.plan("lingling")
    assert len(lingling.provisions) == 121
    for provision in lingling.provisions:
        assert (built_site / "lingling" / provision.id / "index.html").exists(), provision.id
    html = (built_site / "lingling" / "4.3.2" / "index.html").read_text("utf-8")
    assert "<title>零陵区规划 ［第四章］第三节（二） 深化工业大气污染防治治理" in html


def test_reconstructed_headings_are_marked_on_the_site(built_site: Path):
    html = (built_site / "lingling" / "ch05" / "index.html").read_text("utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert article.count("重构标题") == 4  # the chapter and its three sections
    html = (built_site / "lingling" / "ch04" / "index.html").read_text("utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert article.count("重构标题") == 3  # sections 5, 6 and 7 of a printed chapter


def test_indicator_and_project_rows_have_anchors(built_site: Path):
    for plan in ("shifeng", "lingling"):
        ids = parse(built_site / plan / "indicators" / "index.html").ids
        assert {"ind-1", "ind-5.1", "ind-5.4", "ind-7.2", "ind-19", "ref-6"} <= ids
        ids = parse(built_site / plan / "projects" / "index.html").ids
        assert {"proj-1", "proj-25"} <= ids
    assert "proj-34" in parse(built_site / "lingling" / "projects" / "index.html").ids


def test_data_notes_page_lists_notes_and_checks(built_site: Path):
    html = (built_site / "lingling" / "data-notes" / "index.html").read_text("utf-8")
    assert 'id="area-two-values"' in html
    assert "总面积1964平方公里" in html and "总面积1962平方千米" in html
    assert "1,730,592" in html and "一致" in html


def test_every_internal_link_and_anchor_resolves(built_site: Path):
    built_site = built_site.resolve()  # the published site is a link into .builds/
    parsed = {page: parse(page) for page in html_pages(built_site)}
    broken = []
    for page, parser in parsed.items():
        for href in parser.links:
            if re.match(r"^[a-z]+:", href):
                continue
            target, fragment = resolve(built_site, page, href)
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)} → {href}")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(built_site)} → {href} (no anchor)")
    assert broken == []


def test_pages_fetch_nothing_from_outside(built_site: Path):
    outside = [
        (page.name, url)
        for page in html_pages(built_site)
        for url in parse(page).fetches
        if re.match(r"^(https?:)?//", url)
    ]
    assert outside == []


def test_site_url_sets_canonical_links_and_the_sitemap(built_site: Path):
    html = (built_site / "shifeng" / "art-37" / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{PUBLIC_URL}shifeng/art-37/">' in html
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{PUBLIC_URL}lingling/4.3.2/</loc>" in sitemap


PAGE_BUDGET = 300 * 1024  # bytes of HTML per page (issue 8)


def test_every_page_stays_within_the_page_budget(built_site: Path):
    sizes = sorted(
        (
            (path.stat().st_size, str(path.relative_to(built_site)))
            for path in built_site.rglob("*.html")
        ),
        reverse=True,
    )
    largest = ", ".join(f"{name} {size // 1024} KB" for size, name in sizes[:3])
    print(f"largest pages: {largest}")
    assert sizes[0][0] <= PAGE_BUDGET, f"over {PAGE_BUDGET // 1024} KB: {largest}"


def test_the_downloads_page_lists_every_export_with_its_size(built_site: Path, root: Path):
    api = sorted(p.relative_to(built_site).as_posix() for p in (built_site / "api").rglob("*.*"))
    for edition, up in ((built_site, "../"), (built_site / "en", "../../")):
        html = (edition / "downloads" / "index.html").read_text("utf-8")
        listed = re.findall(
            rf'href="{up}(api/[^"]+)" download>[^<]+</a> <span class="atlas-note">([^<]+)</span>',
            html,
        )
        assert sorted(path for path, _ in listed) == api
        for path, shown in listed:
            size = (built_site / path).stat().st_size
            number, unit = shown.split()
            scale = {"B": 1, "KB": 1024, "MB": 1024 * 1024}[unit]
            assert abs(float(number) * scale - size) <= scale, (path, shown, size)
    source = "api/sources/000_77ecffee2542df39.txt"
    assert (built_site / source).read_bytes() == (root / "corpus" / source[4:]).read_bytes()


def test_every_table_has_a_caption_and_scoped_headers(built_site: Path):
    unnamed = []
    for path in built_site.rglob("*.html"):
        for table in re.findall(r"<table.*?</table>", path.read_text("utf-8"), re.S):
            head = "".join(re.findall(r"<thead>.*?</thead>", table, re.S))
            if "<caption" not in table or re.search(r"<th(?=[\s>])(?![^>]*scope=)", head):
                unnamed.append(str(path.relative_to(built_site)))
    assert unnamed == []


def test_chapter_page_has_an_anchor_for_each_article(built_site: Path):
    ids = parse(built_site / "shifeng" / "ch04" / "index.html").ids
    assert {f"art-{n}" for n in range(30, 59)} <= ids
    assert {"s1", "s7"} <= ids


def test_provision_page_names_plan_and_article(built_site: Path):
    html = (built_site / "shifeng" / "art-37" / "index.html").read_text(encoding="utf-8")
    assert "<title>石峰区规划 第37条 着力打好重污染天气消除攻坚战" in html
    assert "第319–327行" in html
    assert 'href="../art-36/"' in html and 'href="../art-38/"' in html
    assert '<meta name="description" content="株洲市石峰区生态文明建设示范区规划' in html
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "<title>生态文明规划库 Plan Atlas</title>" in home  # the name once, not "name - name"


def test_provision_pages_stay_out_of_the_sidebar(built_site: Path):
    html = (built_site / "shifeng" / "ch04" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary') :]
    nav = nav[: nav.index('<nav class="md-nav md-nav--secondary"')]
    assert "第四章" in nav and "art-37" not in nav


def test_provisions_export(built_site: Path):
    records = json.loads((built_site / "api" / "shifeng" / "provisions.json").read_text("utf-8"))
    assert len(records) == 107
    art37 = records[36]
    assert art37["id"] == "shifeng/art-37"
    assert art37["label"] == "第37条" and art37["number"] == 37
    assert art37["chapter"]["n"] == 4 and art37["section"]["n"] == 3
    assert art37["section"]["title_zh"] == "深化蓝天保卫战，全力改善空气质量"
    assert art37["url"] == "/shifeng/art-37/"
    assert art37["text_zh"].count("\n\n") == 2
    assert art37["text_en"].count("\n\n") == 2 and art37["title_en"]
    assert not art37["translation_stale"]
    assert art37["source"] == {
        "file": "corpus/sources/000_77ecffee2542df39.txt",
        "lines": [319, 327],
    }
    assert (built_site / records[36]["url"].strip("/") / "index.html").exists()


def test_provisions_csv_sits_beside_the_json(built_site: Path):
    header = (
        (built_site / "api" / "shifeng" / "provisions.csv").read_text("utf-8-sig").splitlines()[0]
    )
    assert header.startswith("id,plan,label,number,chapter.n,chapter.title_zh")


def test_indicators_export(built_site: Path):
    records = json.loads((built_site / "api" / "shifeng" / "indicators.json").read_text("utf-8"))
    assert len(records) == 31
    pm25 = next(r for r in records if r["id"] == "shifeng/ind-4")
    assert pm25["national_key"] == "b04"
    assert pm25["status"] == "not_met" and pm25["baseline_year"] == 2023
    assert pm25["targets"][0]["year"] == 2027
    assert pm25["url"] == "/shifeng/indicators/#ind-4"
    assert pm25["source"]["lines"] == [798, 798]
    lingling = json.loads((built_site / "api" / "lingling" / "indicators.json").read_text("utf-8"))
    assert {r["national_key"] for r in lingling} >= {"b05.inferior_class5_reduction", "r06"}


def test_projects_export(built_site: Path):
    records = json.loads((built_site / "api" / "lingling" / "projects.json").read_text("utf-8"))
    assert len(records) == 34
    assert sum(r["investment_wan"] for r in records) == 1730592
    twelve = next(r for r in records if r["id"] == "lingling/proj-12")
    assert twelve["type"] == "new" and twelve["lead_units"] == ["区生态环境分局", "梳子铺镇"]
    assert twelve["url"] == "/lingling/projects/#proj-12"
    header = (
        (built_site / "api" / "lingling" / "projects.csv").read_text("utf-8-sig").splitlines()[0]
    )
    assert header.startswith("id,plan,number,domain_zh")


def test_plans_export(built_site: Path):
    plans = json.loads((built_site / "api" / "plans.json").read_text("utf-8"))
    shifeng = next(plan for plan in plans if plan["id"] == "shifeng")
    assert shifeng["doc_no"] == "株石政发〔2024〕7号"
    assert shifeng["issued"] == "2024-12-30"
    assert shifeng["period"] == [2024, 2030]
    assert shifeng["area_km2"] == 180.58
    assert shifeng["counts"] == {"provisions": 107, "indicators": 31, "projects": 25}
    assert shifeng["url"] == "/shifeng/"
    lingling = next(plan for plan in plans if plan["id"] == "lingling")
    assert lingling["doc_no"] is None and lingling["issued"] is None  # not in the source
    assert lingling["area_km2"] == 1964 and lingling["base_year"] == 2022
    assert lingling["total_investment_wan"] == 1730592


def test_broken_corpus_keeps_the_last_good_site(tmp_path: Path):
    project = copy_checkout(tmp_path / "checkout")
    site = tmp_path / "site"
    build_all(project, site, tmp_path / "index")
    before = (site / "shifeng" / "art-37" / "index.html").read_bytes()
    provisions = project.corpus / "shifeng" / "provisions.yaml"
    provisions.write_text(
        provisions.read_text("utf-8").replace("number: 37", "number: 三十七"), "utf-8"
    )
    with pytest.raises(CorpusError, match=r"provisions.yaml:\d+: provisions\[36\].number"):
        build_all(project, site, tmp_path / "index")
    assert (site / "shifeng" / "art-37" / "index.html").read_bytes() == before
    assert len([p for p in (tmp_path / ".builds").iterdir() if not p.is_symlink()]) == 1


def test_site_and_index_are_published_together_and_only_what_changed_is_rebuilt(tmp_path: Path):
    project = copy_checkout(tmp_path / "checkout")
    site, index = tmp_path / "site", tmp_path / "search-index"
    first = build_all(project, site, index)
    assert first.index.rebuilt and first.mode == "full"
    assert site.resolve().parent == index.resolve().parent  # one build folder, one switch
    published = site.resolve().parent

    again = build_all(project, site, index)  # no input changed: nothing generated or indexed
    assert again.mode == "up to date" and again.corpus is None
    assert site.resolve().parent == published

    provisions = project.corpus / "shifeng" / "provisions.yaml"
    edited = provisions.read_text("utf-8").replace("位于株洲市境最北端", "位于株洲市境的最北端", 1)
    provisions.write_text(edited, "utf-8")
    before = _contents(published)  # a build starts from links to it: it must not write in it
    edit = build_all(project, site, index)
    assert _contents(published) == before
    assert edit.mode == "incremental" and 1 <= edit.pages_written <= 10  # of 580, both editions
    lingling = {p.path for p in site_pages(edit.corpus) if plans_shown(p) == ["lingling"]}
    assert edit.pages_rendered <= 2 * (len(site_pages(edit.corpus)) - len(lingling))
    assert not edit.index.rebuilt and edit.index.updated == 1
    assert site.resolve().parent != published and index.resolve().parent == site.resolve().parent
    assert "境的最北端" in (site / "shifeng" / "art-1" / "index.html").read_text("utf-8")

    # A renamed source: the incremental build must not keep publishing the old file.
    plan_file = project.corpus / "shifeng" / "plan.yaml"
    renamed = _rename_source(project.corpus, plan_file)
    assert build_all(project, site, index).mode == "incremental"

    # The incremental site is the site a full build of the same corpus makes: the same
    # files, and the same bytes in every page.
    fresh = copy_checkout(tmp_path / "full-checkout")
    (fresh.corpus / "shifeng" / "provisions.yaml").write_text(edited, "utf-8")
    assert _rename_source(fresh.corpus, fresh.corpus / "shifeng" / "plan.yaml") == renamed
    full = tmp_path / "full" / "site"
    build_all(fresh, full, full.parent / "search-index")
    assert not (site / "api" / "sources" / "000_77ecffee2542df39.txt").exists()
    assert _files(site) == _files(full)
    assert _html_files(site) == _html_files(full)


def _rename_source(corpus: Path, plan_file: Path) -> str:
    old, new = "000_77ecffee2542df39.txt", "shifeng-2024.txt"
    (corpus / "sources" / old).rename(corpus / "sources" / new)
    plan_file.write_text(plan_file.read_text("utf-8").replace(old, new), "utf-8")
    return new


def _contents(build: Path) -> dict[str, bytes]:
    """Every file of a build folder (Markdown, site, indexes) and its bytes."""
    return {str(p.relative_to(build)): p.read_bytes() for p in build.rglob("*") if p.is_file()}


def _files(site: Path) -> list[str]:
    """Every published file, the public search index's too."""
    assert (site / "search-data" / "meta.json").is_file()
    return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())


def _html_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.html")}


def test_a_second_build_at_the_same_time_is_refused(tmp_path: Path):
    from builder.publish import BuildLocked, build_lock

    with (
        build_lock(tmp_path),
        pytest.raises(BuildLocked, match="another build is running"),
        build_lock(tmp_path),
    ):
        pass


ID = re.compile(r'\sid="([^"]+)"')


def test_no_page_repeats_an_id(built_site: Path):
    """An anchor, a chart's title or a label's target names one element on its page."""
    repeated = {}
    for page in html_pages(built_site):
        ids = ID.findall(page.read_text(encoding="utf-8"))
        twice = sorted({i for i in ids if ids.count(i) > 1}) if len(ids) != len(set(ids)) else []
        if twice:
            repeated[str(page.relative_to(built_site))] = twice[:5]
    assert not repeated, list(repeated.items())[:10]


def test_figures_and_supplied_numbers_print_as_the_source_does(built_site: Path):
    """Audit: "1964.0 km²" (the source prints 1964); Lingling's chapter numbers, which its
    source never prints, were cited as if it did (第四章第五节（一）)."""
    assert "1964 km²" in (built_site / "index.html").read_text("utf-8")
    assert not [p for p in html_pages(built_site) if ".0 km²" in p.read_text(encoding="utf-8")]
    page = (built_site / "lingling" / "4.5.4" / "index.html").read_text("utf-8")
    assert "［第四章］［第五节］（四）" in page  # the citation: numbers the editors supplied
    breadcrumb = page[page.index('<p><a href="../">零陵区规划</a> ›') :].split("</p>")[0]
    assert '加强噪声污染防治 <span class="atlas-inferred"' in breadcrumb  # reconstructed
    english = (built_site / "en" / "lingling" / "4.5.4" / "index.html").read_text("utf-8")
    assert "[Chapter 4] [Section 5] (4)" in english
    shifeng = (built_site / "shifeng" / "art-37" / "index.html").read_text("utf-8")
    assert "第37条" in shifeng and "［" not in shifeng.split("<article")[1]
