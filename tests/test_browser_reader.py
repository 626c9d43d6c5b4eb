"""Print, copy link and cite, as a reader uses them: Chromium prints to PDF, poppler's pdftoppm
turns the pages into images (tests/artifacts/print-*.png), pdfplumber reads the text back."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pdfplumber
import pytest

from tests.conftest import PUBLIC_URL

ARTIFACTS = Path(__file__).parent / "artifacts"

# What a printed page must hold, and what it must not (navigation, search, buttons).
PRINTS = {
    "shifeng/art-37/": (["第37条", "着力打好重污染天气消除攻坚战", "引用本条",
                         "株石政发〔2024〕7号"],
                        ["检索", "复制链接", "重点项目", "术语表"]),
    "lingling/ch04/": (["第四章"], ["检索", "复制链接", "术语表"]),
    "en/lingling/ch04/": (["Chapter 4"], ["Search", "Copy link", "Glossary"]),
    "en/shifeng/art-37/": (["Article 37", "Cite this provision", "unofficial"],
                           ["Search", "Copy link", "Glossary"]),
}  # fmt: skip


def _printed_text(page, path: str, tmp_path: Path) -> tuple[str, list[Path]]:
    page.goto(page.base + path)
    page.wait_for_load_state("networkidle")
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    with pdfplumber.open(pdf) as document:
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / ("print-" + path.strip("/").replace("/", "-"))
    for old in ARTIFACTS.glob(stem.name + "-*.png"):
        old.unlink()
    subprocess.run(
        [shutil.which("pdftoppm") or "pdftoppm", "-png", "-r", "60", str(pdf), str(stem)],
        check=True,
    )
    return text, sorted(ARTIFACTS.glob(stem.name + "-*.png"))


@pytest.mark.parametrize("path", PRINTS)
def test_printing_gives_the_text_without_the_navigation(page, path: str, tmp_path: Path):
    text, images = _printed_text(page, path, tmp_path)
    present, absent = PRINTS[path]
    flat = re.sub(r"\s+", "", text)
    assert [w for w in present if re.sub(r"\s+", "", w) not in flat] == []
    assert [w for w in absent if w in text] == []
    assert images and all(image.stat().st_size > 2000 for image in images)


def test_copy_link_puts_the_permanent_url_on_the_clipboard(page):
    context = page.context
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(page.base + "shifeng/art-37/")
    page.click(".atlas-cite__copy")
    page.wait_for_function("document.querySelector('.atlas-cite__status').textContent")
    assert page.evaluate("navigator.clipboard.readText()") == PUBLIC_URL + "shifeng/art-37/"
    assert "已复制" in page.inner_text(".atlas-cite__status")


def test_every_provision_page_can_be_cited_and_reported(built_site: Path):
    pages = sorted(built_site.glob("shifeng/art-*/index.html")) + sorted(
        built_site.glob("en/lingling/4.*/index.html")
    )
    assert len(pages) == 107 + 28  # Shifeng articles, Lingling chapter-4 provisions (English)
    for path in pages:
        text = path.read_text("utf-8")
        url = PUBLIC_URL + str(path.parent.relative_to(built_site)) + "/"
        aside = text[text.index('<aside class="atlas-cite"') :]
        assert f'data-url="{url}"' in aside, path
        assert aside.count(url + "</span>（访问日期") == 1
        assert aside.count(url + "</span> (accessed") == 1
        record = "/".join(path.parent.parts[-2:])
        report = unquote(
            html.unescape(re.search(r'class="atlas-cite__report" href="([^"]+)"', aside)[1])
        )
        assert report.startswith("mailto:plan-atlas@example.org?subject=")
        assert record in report and re.search(r"第\d+版|revision \d+", report), path
    shifeng = (built_site / "shifeng/art-37/index.html").read_text("utf-8")
    assert "株洲市石峰区人民政府《株洲市石峰区生态文明建设示范区规划（2024-2030年）》" in shifeng
    assert "（株石政发〔2024〕7号）第37条。" in shifeng


def test_the_citation_carries_the_readers_date_and_the_site_url_when_it_is_set(page):
    """The test build sets SITE_URL: the citation names that address, and the access date is
    the reader's day, in each language's form."""
    page.goto(page.base + "shifeng/art-37/")
    today = page.evaluate(
        "(() => { const d = new Date();"
        " return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()"
    )
    dates = page.eval_on_selector_all(".atlas-cite__date", "spans => spans.map(s => s.textContent)")
    assert dates == [
        f"{today[0]}年{today[1]}月{today[2]}日",
        f"{today[0]}-{today[1]:02d}-{today[2]:02d}",
    ]
    urls = page.eval_on_selector_all(".atlas-cite__url", "spans => spans.map(s => s.textContent)")
    assert urls == [PUBLIC_URL + "shifeng/art-37/"] * 2


def test_without_a_site_url_the_citation_names_the_address_the_reader_is_on(page):
    page.goto(page.base + "shifeng/art-37/")
    page.evaluate(
        """() => { const aside = document.querySelector('.atlas-cite');
                   aside.dataset.canonical = ''; window.document$.next(document); }"""
    )
    urls = page.eval_on_selector_all(".atlas-cite__url", "spans => spans.map(s => s.textContent)")
    here = page.evaluate("location.origin + location.pathname")
    assert urls == [here, here] and page.get_attribute(".atlas-cite__copy", "data-url") == here


def test_the_language_switch_keeps_the_readers_place(page):
    page.goto(page.base + "shifeng/indicators/#ind-5.2")
    page.click("a.atlas-lang")
    page.wait_for_load_state()
    assert page.url.endswith("/en/shifeng/indicators/#ind-5.2")
    page.goto(page.base + "en/search/?q=noise")
    page.click("a.atlas-lang")
    page.wait_for_load_state()
    assert page.url.endswith("/search/?q=noise") and "/en/" not in page.url


def test_no_report_link_unless_an_address_is_configured(root: Path):
    from mkdocs.config import load_config

    previous = os.environ.pop("REPORT_PROBLEM", None)
    try:
        assert load_config(str(root / "mkdocs.yml")).extra["report_problem"] == ""
    finally:
        if previous is not None:
            os.environ["REPORT_PROBLEM"] = previous


def test_a_missing_page_says_so_and_offers_search(page):
    response = page.goto(page.base + "shifeng/art-999/")
    assert response.status == 404
    assert page.inner_text("h1").startswith("页面不存在")
    page.fill("#atlas-404-q", "噪声")
    page.press("#atlas-404-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_selector("#atlas-search-results a")
    assert "噪声" in page.inner_text("#atlas-search-results")


@pytest.mark.parametrize(
    "old, new",
    [
        ("glossary/#hei-chou-shui-ti", "glossary/h/#hei-chou-shui-ti"),
        ("shifeng/revisions/1/#art-37", "shifeng/revisions/1/ch04/#art-37"),
        ("en/lingling/revisions/1/#4.2.1", "en/lingling/revisions/1/ch04/#4.2.1"),
    ],
)
def test_a_link_made_before_a_page_was_split_still_reaches_its_entry(page, old: str, new: str):
    page.goto(page.base + old)
    page.wait_for_url(page.base + new)
    anchor = new.split("#")[1]
    assert page.locator(f'[id="{anchor}"]').is_visible()


def test_printing_from_the_dark_scheme_gives_dark_text_on_paper(page, tmp_path: Path):
    context = page.context.browser.new_context(color_scheme="dark")
    try:
        dark = context.new_page()
        dark.goto(page.base + "shifeng/art-37/")
        dark.wait_for_load_state("networkidle")
        assert dark.get_attribute("body", "data-md-color-scheme") == "slate"
        dark.pdf(path=str(tmp_path / "dark.pdf"), format="A4")
    finally:
        context.close()
    with pdfplumber.open(tmp_path / "dark.pdf") as document:
        colours = {tuple(c["non_stroking_color"] or ()) for p in document.pages for c in p.chars}
    light = [colour for colour in colours if colour and max(colour) > 0.6]
    assert light == []  # e.g. the dark scheme's light-green links, unreadable on white paper
