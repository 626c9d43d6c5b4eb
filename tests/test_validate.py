"""Cross-record checks: national keys, curated ids, data-note quotes, numbering."""

from __future__ import annotations

from pathlib import Path

from .test_load import problems_of, replace_in


def test_every_indicator_row_needs_a_national_key(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "national_keys.yaml", "ref-1: r01\n", "")
    assert problems_of(mini_corpus) == [
        "corpus/demo/national_keys.yaml: ref-1: indicator row has no national standard key"
    ]


def test_a_national_key_must_exist(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "national_keys.yaml", "ind-1: b01", "ind-1: b1")
    assert problems_of(mini_corpus) == [
        "corpus/demo/national_keys.yaml:1: ind-1: no national standard key 'b1'"
    ]


def test_two_rows_cannot_share_a_national_key(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "national_keys.yaml", "ind-2.1: b02.sewage", "ind-2.1: b01")
    assert problems_of(mini_corpus) == [
        "corpus/demo/national_keys.yaml:2: ind-2.1: key 'b01' is already the key of 'ind-1'"
    ]


def test_a_key_for_a_row_that_does_not_exist(mini_corpus: Path):
    path = mini_corpus / "demo" / "national_keys.yaml"
    path.write_text(path.read_text("utf-8") + "ind-9: b02.black_odorous\n", "utf-8")
    assert problems_of(mini_corpus) == [
        "corpus/demo/national_keys.yaml:4: ind-9: no indicator row with id 'ind-9'"
    ]


def test_a_data_note_must_quote_the_source_exactly(mini_corpus: Path):
    replace_in(
        mini_corpus / "demo" / "data_notes.yaml",
        "quote: 总面积12.6平方公里",
        "quote: 总面积12.7平方公里",
    )
    assert problems_of(mini_corpus) == [
        "corpus/demo/data_notes.yaml:2: notes[0].places[1].quote: "
        "'总面积12.7平方公里' is not on source lines 8–8"
    ]


def test_english_for_an_indicator_that_does_not_exist(mini_corpus: Path):
    path = mini_corpus / "demo" / "english.yaml"
    path.write_text(path.read_text("utf-8") + "indicators:\n  ind-3: Ghost\n", "utf-8")
    assert problems_of(mini_corpus) == [
        "corpus/demo/english.yaml:10: indicators.ind-3: no indicator with id 'ind-3'"
    ]


def test_indicator_numbers_without_gaps(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "indicators.yaml", "  number: 2\n", "  number: 3\n")
    replace_in(mini_corpus / "demo" / "indicators.yaml", "id: ind-2.1", "id: ind-3.1")
    replace_in(mini_corpus / "demo" / "national_keys.yaml", "ind-2.1:", "ind-3.1:")
    replace_in(mini_corpus / "demo" / "translation.yaml", "ind-2.1:", "ind-3.1:")
    (mini_corpus / "demo" / "links.yaml").write_text(
        (mini_corpus / "demo" / "links.yaml").read_text("utf-8").replace("ind-2.1", "ind-3.1"),
        "utf-8",
    )
    assert problems_of(mini_corpus) == [
        "corpus/demo/indicators.yaml:20: indicators[1].number: "
        "numbering gap: expected 2 after 1, got 3"
    ]


def test_a_status_outside_the_vocabulary(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "indicators.yaml", "status: met", "status: ok")
    assert problems_of(mini_corpus) == [
        "corpus/demo/indicators.yaml:33: indicators[1].status: "
        "expected 'met', 'not_met', 'not_applicable' or 'not_stated', got 'ok'"
    ]


def test_the_source_file_must_exist(mini_corpus: Path):
    replace_in(
        mini_corpus / "demo" / "plan.yaml", "source_file: demo.txt", "source_file: demo2.txt"
    )
    assert problems_of(mini_corpus) == [
        "corpus/demo/plan.yaml:32: plan.source_file: "
        "no file 'demo2.txt' in the corpus's sources/ folder"
    ]
