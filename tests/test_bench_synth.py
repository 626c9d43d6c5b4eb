"""The scale benchmark's synthetic corpus is a valid corpus: renamed, perturbed, no warnings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.synth import write_corpus
from builder import site_model
from builder.consistency import check_consistency
from builder.editions import EDITION_CODES
from builder.link import Registry, register_corpus
from builder.load import Corpus, load_corpus
from builder.render import render_site
from builder.site_model import PLANS_SIDE_BY_SIDE, site_pages


def test_a_synthetic_corpus_loads_without_warnings_or_mismatches(tmp_path: Path):
    ids = write_corpus(3, tmp_path / "corpus")
    corpus = load_corpus(tmp_path / "corpus")
    assert [plan.id for plan in corpus.plans] == ids == ["p000", "p001", "p002"]
    assert len({plan.meta.district_zh for plan in corpus.plans}) == 3
    assert not corpus.warnings
    assert all(finding.ok for finding in check_consistency(corpus))
    text = "".join(p for plan in corpus.plans for pr in plan.provisions for p in pr.paragraphs)
    assert "石峰区" not in text and "零陵区" not in text


def test_the_eval_queries_name_the_synthetic_districts():
    from bench.synth import district, synthetic_queries

    renamed = synthetic_queries(["石峰 第15条", "Lingling forest cover", "plan:lingling 碳达峰"])
    assert renamed == [
        f"{district(0)[0]} 第15条",
        f"{district(1)[1]} forest cover",
        "plan:p001 碳达峰",
    ]


Rendered = dict[str, dict[str, str]]  # edition → page → Markdown


@pytest.fixture(scope="module")
def seven(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Corpus, Registry, Rendered]]:
    """Seven synthetic plans, three to a part of every kind that comes in parts (comparison,
    investment, topics, national indicators), a home page that is a table past three plans;
    rendered once in each edition for the tests below."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_model, "PLANS_PER_TOPIC", 3)
        patch.setattr(site_model, "PLANS_PER_NATIONAL", 3)
        patch.setattr(site_model, "PLANS_IN_SECTIONS", 3)
        root = tmp_path_factory.mktemp("seven") / "corpus"
        write_corpus(7, root)
        corpus = load_corpus(root)
        registry = register_corpus(corpus)
        pages = {code: render_site(corpus, registry, edition=code).pages for code in EDITION_CODES}
        yield corpus, registry, pages


def test_comparison_pages_stay_the_same_size_however_many_plans(seven):
    """Issue 19: the comparison grew a column per plan (322 KB at 20 plans). Three districts go
    side by side on a part; every part is linked from every other; each plan is on one part."""
    corpus, _, rendered = seven
    kinds = [page.kind.name for page in site_pages(corpus)]
    assert kinds.count("compare_part") == kinds.count("investment_part") == 2
    pages = rendered["en"]
    for name in ("compare", "investment"):
        parts = [pages[f"{name}.md"], pages[f"{name}/2.md"], pages[f"{name}/3.md"]]
        assert f"{name}/4.md" not in pages
        for part, text in enumerate(parts, start=1):
            shown = [p.id for p in corpus.plans if f"/{p.id}/" in text.split("</nav>")[1]]
            assert len(shown) == min(PLANS_SIDE_BY_SIDE, 7 - (part - 1) * PLANS_SIDE_BY_SIDE)
            assert text.count("<li>") >= 3 and 'aria-current="page"' in text
        sizes = [len(text) for text in parts]
        assert max(sizes) < 1.5 * min(sizes[:2])  # a part does not grow with the plan count


def test_topic_pages_come_in_parts_and_links_find_a_plans_part(seven):
    """Issue 19: a topic page listed every plan's records (the largest page at 20 plans). A part
    lists PLANS_PER_TOPIC plans; a link to a plan's records on a topic lands on its part."""
    corpus, registry, rendered = seven
    pages = rendered["zh"]
    key = corpus.topics[0].key
    assert f"topics/{key}/3.md" in pages and f"topics/{key}/4.md" not in pages
    assert registry.href(f"topic/{key}/p004", "index.md") == f"topics/{key}/2.md#p004"
    second = pages[f"topics/{key}/2.md"]
    assert "{#p004}" in second and "{#p000}" not in second and 'aria-current="page"' in second


def test_national_indicator_pages_come_in_parts_and_a_plans_link_finds_its_row(seven):
    """Issue 19: a national indicator page had a row per plan (1.4 MB at 200 plans). A part
    lists PLANS_PER_NATIONAL plans; a plan's indicator links to its own row on its part."""
    corpus, registry, rendered = seven
    pages = rendered["en"]
    key = next(i.national_key for i in corpus.plans[4].indicators if i.national_key)
    page = site_model.national_page(key.split(".")[0], 2)
    assert page in pages and page.replace("/2.", "/4.") not in pages
    assert registry.html_href(f"national/{key}/p004", "p004/indicators.md") == (
        f"../../{page.removesuffix('.md')}/#{key}-p004"
    )
    second = pages[page]
    assert f'id="{key}-p004"' in second and "-p000" not in second
    assert 'aria-current="page"' in second


def test_with_many_plans_the_home_page_is_a_table_of_plans(seven):
    """Issue 19: a section per plan made the home page 369 KB at 200 plans. Past
    PLANS_IN_SECTIONS plans it is one table, a row per plan, each linking its overview."""
    corpus, _, rendered = seven
    for code in EDITION_CODES:
        home = rendered[code]["index.md"]
        rows = re.findall(r'<tr id="(p\d+)"><th scope="row"><a href="([^"]+)"', home)
        assert rows == [(plan.id, f"{plan.id}/") for plan in corpus.plans]
        assert "<caption>" in home and "## " not in home.split("<table")[0].split("---")[-1]
        row = max(re.findall(r"<tr id=.*?</tr>", home), key=len)
        assert len(row.encode()) < 1024  # 200 plans stay under the 300 KB page budget
