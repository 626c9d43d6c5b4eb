"""Chinese and mixed tokens for the index and the queries."""

from __future__ import annotations

from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Phrase, Term

from builder.search.analysis import ChineseTokenizer, register_dictionary, words


def test_latin_and_digit_runs_stay_whole():
    tokens = words("PM2.5浓度、PM10、到2025年、110kV线路、9F燃机、ΔEQI>-1", None)
    assert {"pm2.5", "pm10", "2025年", "110kv", "9f", "δeqi"} <= set(tokens)
    assert "2" not in tokens and "5" not in tokens


def test_the_user_dictionary_keeps_domain_terms_whole():
    assert "黑臭水体" not in words("完善黑臭水体整治长效机制", None)
    key = register_dictionary(["黑臭水体", "生态保护红线"])
    tokens = words("完善黑臭水体整治长效机制，严守生态保护红线", key)
    assert "黑臭水体" in tokens and "生态保护红线" in tokens


def test_positions_are_word_indexes_so_phrases_match():
    key = register_dictionary(["生态保护红线"])
    tokenizer = ChineseTokenizer(key)
    tokens = [(t.text, t.pos) for t in tokenizer("严格生态保护红线管理", positions=True)]
    assert tokens == [("严格", 0), ("生态保护红线", 1), ("管理", 2)]
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=ChineseTokenizer(key)))
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        writer.add_document(id="a", body="严格生态保护红线管理。")
        writer.add_document(id="b", body="管理严格，制度健全")
    with index.searcher() as searcher:
        hits = [h["id"] for h in searcher.search(Term("body", "生态保护红线"))]
        assert hits == ["a"]
        ordered = [h["id"] for h in searcher.search(Phrase("body", ["生态保护红线", "管理"]))]
        assert ordered == ["a"]
        assert [h["id"] for h in searcher.search(Phrase("body", ["管理", "生态保护红线"]))] == []


def test_stop_words_are_not_index_terms():
    assert "的" not in words("石峰区的空气质量", None)
    assert "哪些" not in words("有哪些噪声措施", None)
