"""The staff search on the real index of the real corpus."""

from __future__ import annotations

from pathlib import Path

from builder.link import register_corpus
from builder.load import load_corpus, load_glossary
from builder.search.engine import SearchEngine
from builder.search.index import build_index


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def test_article_number_puts_that_article_first(engine):
    for raw in ("第37条", "石峰 第37条", "Article 37", "第３７条"):
        assert ids(engine.search(raw))[0] == "shifeng/art-37", raw


def test_a_section_lists_its_provisions_in_order(engine):
    result = engine.search("零陵 第四章 第二节")
    assert ids(result)[:5] == [f"lingling/4.2.{n}" for n in range(1, 6)]


def test_pm25_does_not_match_every_2_and_5(engine):
    result = engine.search("PM2.5", limit=20)
    assert ids(result)[:2] == ["shifeng/ind-4", "lingling/ind-4"] or set(ids(result)[:2]) == {
        "shifeng/ind-4",
        "lingling/ind-4",
    }
    assert all("pm2.5" in (h.snippet + h.title_zh + h.title_en).lower() for h in result.hits)


def test_quoted_chinese_phrase(engine):
    result = engine.search('"生态保护红线"')
    assert result.hits and "shifeng/art-87" in ids(result)[:3]
    assert all(
        "生态保护红线" in hit.snippet.replace("<mark>", "").replace("</mark>", "")
        or "生态保护红线" in hit.title_zh
        for hit in result.hits[:5]
    )


def test_english_words_find_chinese_provisions(engine):
    assert "shifeng/art-48" in ids(engine.search("noise from social life"))[:3]
    assert "lingling/4.5.4" in ids(engine.search("noise", plan="lingling", limit=5))


def test_filters(engine):
    result = engine.search("黑臭水体 kind:indicator")
    assert result.hits and all(hit.kind == "indicator" for hit in result.hits)
    result = engine.search("噪声", plan="shifeng")
    assert result.hits and all(hit.plan == "shifeng" for hit in result.hits)


def test_typos_in_english_still_find(engine):
    assert "shifeng/art-38" in ids(engine.search("ozone polution"))[:5]


def test_did_you_mean_for_an_english_query_with_no_hits(engine):
    result = engine.search("pollutoin")
    assert (result.total, result.did_you_mean) == (0, "pollution")
    assert engine.search("qzxwv").did_you_mean is None
    assert "lingling/4.5.3" in ids(engine.search("noize"))[:5]  # a typo still finds


def test_glossary_terms_are_listed_beside_the_records(engine):
    result = engine.search("solar panels")
    assert all(hit.kind != "term" for hit in result.hits)
    assert [term.id for term in result.terms][:1] == ["term/guang-fu"]
    assert "lingling/proj-20" in ids(result)[:5]  # "solar" searched the Chinese 光伏


def test_a_colloquial_chinese_word_finds_the_formal_term(engine):
    assert "shifeng/art-48" in ids(engine.search("广场舞噪音"))[:3]


def test_snippets_highlight_and_escape(engine):
    hit = engine.search("噪声").hits[0]
    assert "<mark>噪声</mark>" in hit.snippet
    assert "<script" not in hit.snippet


def test_the_index_is_rebuilt_only_when_the_corpus_changed(real_corpus, tmp_path: Path):
    registry = register_corpus(real_corpus)
    first = build_index(real_corpus, registry, tmp_path / "ix")
    again = build_index(real_corpus, registry, tmp_path / "ix")
    assert first.rebuilt and not again.rebuilt
    assert first.documents == again.documents == 228 + 62 + 59 + len(real_corpus.glossary)


def test_a_common_word_only_ranks_what_the_rarer_words_found(engine):
    common, rare = engine.search("生态", limit=50), engine.search("噪声", limit=50)
    both = engine.search("生态 噪声", limit=50)
    assert common.total > rare.total  # 生态 is in more than a tenth of the index
    assert both.total == rare.total  # not every record that mentions 生态
    assert {hit.id for hit in both.hits} == {hit.id for hit in rare.hits}


def _index_of(corpus_dir: Path, index_dir: Path) -> Path:
    corpus = load_corpus(corpus_dir)
    build_index(corpus, register_corpus(corpus), index_dir)
    return index_dir


def test_one_open_engine_sees_each_published_index(mini_corpus: Path, tmp_path: Path):
    """The engine keeps its searcher open between queries; a build that updates the index in
    place, or publishes another folder behind the same link, must still be seen."""
    old = _index_of(mini_corpus, tmp_path / "old")
    live = tmp_path / "search-index"
    live.symlink_to(old)
    engine = SearchEngine(live, load_glossary(mini_corpus))
    assert engine.search("候鸟").total == 0

    provisions = mini_corpus / "demo" / "provisions.yaml"
    provisions.write_text(provisions.read_text().replace("总体目标", "候鸟目标"))
    new = _index_of(mini_corpus, tmp_path / "new")
    live.unlink()
    live.symlink_to(new)
    assert [hit.id for hit in engine.search("候鸟").hits] == ["demo/art-1"]

    provisions.write_text(provisions.read_text().replace("候鸟目标", "湿地目标"))
    _index_of(mini_corpus, new)  # updated in place, behind the same link
    assert engine.search("候鸟").total == 0
    assert [hit.id for hit in engine.search("湿地").hits] == ["demo/art-1"]
