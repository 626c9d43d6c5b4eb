"""Query understanding: article numbers in every form, sections, plan names, filters."""

from __future__ import annotations

import pytest

from builder.search.query import QueryError, parse_query


@pytest.mark.parametrize(
    "raw",
    ["第37条", "37条", "第三十七条", "第３７条", "art 37", "Article 37", "art. 37", "第 37 条"],
)
def test_article_numbers_in_every_form(raw):
    parsed = parse_query(raw)
    assert parsed.article == 37 and parsed.text == ""


def test_chinese_numerals_up_to_the_hundreds():
    assert parse_query("第一百零七条").article == 107
    assert parse_query("第二十条").article == 20


def test_a_number_in_a_word_is_not_an_article():
    assert parse_query("一条河").article is None
    assert parse_query("3.5条").article is None


def test_a_district_name_filters_when_it_is_the_only_one():
    assert parse_query("石峰 第37条").plan == "shifeng"
    assert parse_query("Lingling solar").plan == "lingling"
    assert parse_query("Lingling solar").text == "solar"
    both = parse_query("石峰 零陵 噪声")
    assert both.plan is None


def test_sections_and_chapters():
    parsed = parse_query("零陵 第四章 第二节")
    assert (parsed.plan, parsed.chapter, parsed.section) == ("lingling", 4, 2)
    assert parsed.structural
    dotted = parse_query("Lingling section 9.2")
    assert (dotted.chapter, dotted.section) == (9, 2)


def test_filters_and_phrases():
    parsed = parse_query('"生态保护红线" 管控 plan:shifeng kind:projects chapter:4')
    assert parsed.phrases == ["生态保护红线"]
    assert (parsed.plan, parsed.kind, parsed.chapter, parsed.text) == (
        "shifeng",
        "project",
        4,
        "管控",
    )


def test_empty_and_over_long_queries_are_refused():
    with pytest.raises(QueryError, match="empty"):
        parse_query("   ")
    with pytest.raises(QueryError, match="limit is 500"):
        parse_query("噪" * 501)
