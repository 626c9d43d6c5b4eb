"""The Word-layout importer on the real Lingling seed, along its curated outline."""

from __future__ import annotations

import pytest

from builder.importer.word_layout import parse_word_plan
from builder.yamlio import read_yaml

from .conftest import ROOT


@pytest.fixture(scope="module")
def lingling(lingling_lines):
    return parse_word_plan(lingling_lines, read_yaml(ROOT / "corpus" / "lingling" / "outline.yaml"))


def test_outline_counts(lingling):
    chapters = lingling["chapters"]
    assert len(chapters) == 10
    assert sum(len(c["sections"]) for c in chapters) == 45
    inferred = [c for c in chapters if c["inferred"]] + [
        s for c in chapters for s in c["sections"] if s["inferred"]
    ]
    assert len(inferred) == 28
    assert [c["n"] for c in chapters if c["inferred"]] == [5, 6, 7, 8, 10]


def test_provision_ids_follow_the_first_import_positions(lingling):
    ids = [p["id"] for p in lingling["provisions"]]
    assert len(ids) == 121 and len(set(ids)) == 121
    assert ids[:3] == ["1.1.1", "1.1.2", "1.2.1"]
    assert {"4.3.2", "6.3", "9.2.0", "2.1"} <= set(ids)


def test_items_and_their_text(lingling):
    provisions = {p["id"]: p for p in lingling["provisions"]}
    item = provisions["4.3.2"]
    assert (item["label"], item["title_zh"], item["number"]) == (
        "（二）",
        "深化工业大气污染防治治理",
        None,
    )
    assert item["lines"] == [499, 502]
    assert item["paragraphs"][0].startswith("实施工业炉窑深度治理。")
    assert all("[bookmark" not in p for p in item["paragraphs"])


def test_a_section_without_items_is_one_provision(lingling):
    provisions = {p["id"]: p for p in lingling["provisions"]}
    section = provisions["6.3"]
    assert section["label"] is None and section["title_zh"] == "推动园区协同发展"
    assert section["title_inferred"] is True  # its section heading was reconstructed
    assert (
        provisions["2.1"]["title_zh"] == "指导思想" and provisions["2.1"]["title_inferred"] is False
    )


def test_text_before_the_first_item_is_item_0(lingling):
    intro = {p["id"]: p for p in lingling["provisions"]}["9.2.0"]
    assert intro["label"] is None and intro["title_inferred"] is True
    assert intro["paragraphs"][0].startswith("本规划的实施将促进和保障零陵区生态环境得到有效")


def test_the_indicator_table_is_not_provision_text(lingling):
    section = {p["id"]: p for p in lingling["provisions"]}["2.5"]
    assert len(section["paragraphs"]) == 1
    assert section["lines"] == [68, 68]


def test_scope_and_area_text_is_verbatim(lingling):
    scope = {p["id"]: p for p in lingling["provisions"]}["2.3"]
    assert "总面积1964平方公里" in scope["paragraphs"][0]
    assert scope["paragraphs"][1] == "规划期限：规划基准年为2022年，规划期限为2023—2030年。"
