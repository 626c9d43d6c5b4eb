"""Topics and cross-links: curated, checked, shown both ways."""

from __future__ import annotations

from pathlib import Path

from builder.load import load_corpus
from builder.relations import relate

from .test_load import problems_of, replace_in


def test_links_are_shown_in_both_directions(mini_corpus: Path):
    relations = relate(load_corpus(mini_corpus))
    assert relations.related_of("demo/ind-1") == ["demo/art-1", "demo/proj-2"]
    assert relations.related_of("demo/art-1") == ["demo/ind-1"]
    assert relations.related_of("demo/proj-2", "indicator") == ["demo/ind-1"]


def test_topics_group_records_by_plan(mini_corpus: Path):
    relations = relate(load_corpus(mini_corpus))
    assert relations.by_topic["air"] == {"demo": ["demo/art-1", "demo/ind-1", "demo/proj-2"]}


def test_glossary_uses_are_exact_text_matches(mini_corpus: Path):
    relations = relate(load_corpus(mini_corpus))
    assert relations.term_uses["pm2-5"] == ["demo/art-1"]
    assert relations.term_uses["ling-dao-xiao-zu"] == ["demo/art-2"]


def test_a_link_to_a_record_that_does_not_exist_fails(mini_corpus: Path):
    replace_in(
        mini_corpus / "demo" / "links.yaml", "ind-1: [art-1, proj-2]", "ind-1: [art-1, proj-9]"
    )
    assert problems_of(mini_corpus) == [
        "corpus/demo/links.yaml:10: related.ind-1: no record with id 'proj-9'"
    ]


def test_an_unknown_topic_fails(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "links.yaml", "art-1: [air]", "art-1: [aire]")
    assert problems_of(mini_corpus) == ["corpus/demo/links.yaml:2: topics.art-1: no topic 'aire'"]


def test_an_untagged_record_is_a_warning_not_an_error(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "links.yaml", "  proj-2: [air]\n", "")
    corpus = load_corpus(mini_corpus)
    assert [str(w) for w in corpus.warnings] == [
        "corpus/demo/links.yaml: topics.proj-2: record has no topic"
    ]


def test_the_committed_corpus_is_completely_tagged(real_corpus):
    assert [str(w) for w in real_corpus.warnings] == []
    assert relate(real_corpus).untagged() == []


def test_a_glossary_form_is_found_once_in_each_record_that_holds_it_and_never_across_two():
    from builder.relations import _Texts

    texts = _Texts(
        [("a/1", "污水处理率，污水处理"), ("a/2", "无"), ("a/3", "污水"), ("a/4", "处理厂")]
    )
    assert texts.containing(["污水处理"]) == ["a/1"]
    assert texts.containing(["处理", "污水"]) == ["a/1", "a/3", "a/4"]  # in record order
    assert texts.containing(["污水处理厂"]) == []  # 污水 ends a/3, 处理厂 begins a/4
    assert texts.containing(["处理厂"]) == ["a/4"]  # the last record, to its end
