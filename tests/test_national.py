"""One page per national indicator (issue 17 §1): both districts on it, the plan's own status
apart from the site's own check, sub-indicators with their anchors, links from the comparison
and the indicator tables."""

from __future__ import annotations

import pytest

from builder.link import register_corpus
from builder.models import Indicator
from builder.relations import relate
from builder.render import render_site
from builder.views import standard_check


@pytest.fixture(scope="module")
def pages(real_corpus):
    registry = register_corpus(real_corpus)
    relations = relate(real_corpus)
    return {
        code: render_site(real_corpus, registry, relations=relations, edition=code).pages
        for code in ("zh", "en")
    }


def test_every_national_indicator_has_a_page_in_both_editions(pages, real_corpus):
    for code in ("zh", "en"):
        made = sorted(p for p in pages[code] if p.startswith("indicators/"))
        assert made == sorted(f"indicators/{i.key}.md" for i in real_corpus.standard.indicators)
        assert len(made) == 25


def test_the_page_shows_each_district_with_its_source_lines(pages):
    page = pages["zh"]["indicators/b04.md"]
    assert "石峰区" in page and "零陵区" in page
    assert "PM2.5浓度为37 μg/m³" in page  # Shifeng's baseline as printed
    assert "第798行" in page and "第125–134行" in page  # each row's source lines
    assert "未达标" in page  # the plan's own status
    assert "data-notes.md#pm25-standard-missing-wan" in page  # the data note on that row
    english = pages["en"]["indicators/b04.md"]
    assert "line 798" in english and "lines 125–134" in english


def test_sub_indicators_are_sections_of_their_parents_page(pages, real_corpus):
    b05 = next(i for i in real_corpus.standard.indicators if i.key == "b05")
    page = pages["zh"]["indicators/b05.md"]
    for sub in b05.subs:
        assert f"{{#{sub.key}}}" in page
    assert "本规划未列" in page  # a sub-indicator one plan does not list


def test_the_comparison_and_the_indicator_tables_link_the_pages(pages):
    assert "../indicators/b04/" in pages["zh"]["compare.md"]
    assert (
        "../../indicators/b05/#b05.county_sewage_treatment" in pages["zh"]["shifeng/indicators.md"]
    )


def row(baseline: float | None) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "ind-8",
            "attribute": "binding",
            "number": 8,
            "domain_zh": "生态安全",
            "name_zh": "生态环境状况指数",
            "baseline_year": 2023,
            "baseline_value": baseline,
            "status": "not_stated",
            "targets": [{"year": 2030, "text": "≥60"}],
            "lines": [1, 1],
        }
    )


def test_the_sites_check_compares_only_plain_numbers():
    assert standard_check("≥93", row(95.0)).met is True
    assert standard_check("≥93", row(90.5)).met is False
    assert standard_check("≤10", row(12.0)).met is False
    assert standard_check("完成上级规定的考核任务", row(37.0)) is None  # no number in the standard
    assert standard_check("≥93", row(None)) is None  # no number in the baseline
    assert standard_check("93", row(95.0)) is None  # no comparator: nothing to check


def test_the_check_is_labelled_as_the_sites_own_and_kept_apart_from_the_status(pages):
    page = pages["en"]["indicators/b08.md"]
    assert "own check" in page and "Status as the plan states it" in page
    assert "not the plan" in page


@pytest.mark.parametrize("value", ['x"><script>', "b05 y", "#b05", "b05}{.evil"])
def test_an_anchor_id_is_a_plain_slug_or_nothing(value):
    from builder.text import anchor_id

    assert anchor_id("b05.county_sewage_treatment") == "b05.county_sewage_treatment"
    with pytest.raises(ValueError):
        anchor_id(value)
