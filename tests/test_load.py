"""Load stage: schema validation with file, line and field in every message."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.load import load_corpus
from builder.problems import CorpusError


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(corpus: Path) -> list[str]:
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus)
    return [str(problem) for problem in caught.value.problems]


def test_fixture_corpus_loads_and_merges_english(mini_corpus: Path):
    corpus = load_corpus(mini_corpus)
    plan = corpus.plan("demo")
    assert [p.id for p in plan.provisions] == ["art-1", "art-2"]
    assert plan.provisions[0].title_en == "Overall goal"
    assert plan.provisions[1].title_en is None
    assert plan.structure.chapters[0].sections[0].title_en == "Planning Targets"
    assert plan.structure.chapters[1].inferred is True


def test_real_corpus_loads(real_corpus):
    assert [plan.id for plan in real_corpus.plans][:1] == ["shifeng"]
    assert len(real_corpus.plan("shifeng").provisions) == 107


def test_wrong_type_names_file_line_and_field(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "plan.yaml", "area_km2: 12.5", "area_km2: 十二点五")
    assert problems_of(mini_corpus) == [
        "corpus/demo/plan.yaml:30: plan.area_km2: expected a number, got '十二点五'"
    ]


def test_missing_field(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "provisions.yaml", "  title_zh: 组织领导\n", "")
    assert problems_of(mini_corpus) == [
        "corpus/demo/provisions.yaml:12: provisions[1].title_zh: required field is missing"
    ]


def test_unknown_field(mini_corpus: Path):
    replace_in(
        mini_corpus / "demo" / "provisions.yaml", "  chapter: 2\n", "  chapter: 2\n  colour: red\n"
    )
    assert problems_of(mini_corpus) == [
        "corpus/demo/provisions.yaml:16: provisions[1].colour: unknown field (value 'red')"
    ]


def test_duplicate_id(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "provisions.yaml", "id: art-2", "id: art-1")
    replace_in(mini_corpus / "demo" / "provisions.yaml", "number: 2", "number: null")
    replace_in(mini_corpus / "demo" / "links.yaml", "  art-2: [safeguards]\n", "")
    (mini_corpus / "demo" / "translation.yaml").unlink()  # keyed by id: pending, a warning
    assert problems_of(mini_corpus) == [
        "corpus/demo/provisions.yaml:12: provisions[1].id: duplicate id 'art-1' (first at line 2)"
    ]


def test_numbering_gap(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "provisions.yaml", "number: 2", "number: 3")
    assert problems_of(mini_corpus) == [
        "corpus/demo/provisions.yaml:12: provisions[1].number: "
        "numbering gap: expected 2 after 1, got 3"
    ]


def test_reference_to_a_missing_section(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "provisions.yaml", "  section: 1\n", "  section: 4\n")
    assert problems_of(mini_corpus) == [
        "corpus/demo/provisions.yaml:2: provisions[0].section: no section 1.4 in structure.yaml"
    ]


def test_english_for_a_record_that_does_not_exist(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "english.yaml", "art-1: Overall goal", "art-9: Overall goal")
    assert problems_of(mini_corpus) == [
        "corpus/demo/english.yaml:8: provisions.art-9: no provision with id 'art-9'"
    ]


def test_invalid_yaml_names_the_line(mini_corpus: Path):
    replace_in(
        mini_corpus / "demo" / "structure.yaml", "  title_zh: 规划总则", "  title_zh: [规划总则"
    )
    (problem,) = problems_of(mini_corpus)
    assert problem.startswith("corpus/demo/structure.yaml:")
    assert "not valid YAML" in problem


def test_every_problem_is_reported_in_one_run(mini_corpus: Path):
    replace_in(mini_corpus / "demo" / "plan.yaml", "base_year: 2023", "base_year: soon")
    replace_in(mini_corpus / "demo" / "provisions.yaml", "number: 2", "number: 5")
    problems = problems_of(mini_corpus)
    assert len(problems) == 2
    assert problems[0].startswith(
        "corpus/demo/plan.yaml:17: plan.base_year: expected a whole number"
    )


def test_every_record_of_the_real_corpus_has_an_english_title(real_corpus):
    missing = []
    for plan in real_corpus.plans:
        missing += [f"{plan.id}/{p.id}" for p in plan.provisions if not p.title_en]
        missing += [
            f"{plan.id}/{i.id}" for i in plan.indicators if not i.name_en or not i.domain_en
        ]
        missing += [f"{plan.id}/{p.id}" for p in plan.projects if not p.name_en or not p.domain_en]
        for chapter in plan.structure.chapters:
            missing += [f"{plan.id}/ch{chapter.n}"] if not chapter.title_en else []
            missing += [f"{plan.id}/{chapter.n}.{s.n}" for s in chapter.sections if not s.title_en]
    assert missing == []


def test_goals_must_name_provisions(mini_corpus: Path):
    replace_in(
        mini_corpus / "demo" / "plan.yaml",
        "source_file: demo.txt",
        "source_file: demo.txt\n  goals: [art-1, art-7]",
    )
    assert problems_of(mini_corpus) == [
        "corpus/demo/plan.yaml:33: plan.goals[1]: no provision with id 'art-7'"
    ]


@pytest.mark.parametrize(
    ("name", "anchor", "curated"),
    [
        ("provisions.yaml", "  number: 1\n", "title_en: Overall goals"),
        ("indicators.yaml", "  number: 1\n", "name_en: PM2.5"),
        ("projects.yaml", "  number: 1\n", "national_key: b01"),
        ("structure.yaml", "  title_zh: 前言\n", "title_en: Preface"),
    ],
)
def test_an_imported_file_refuses_curated_fields(
    mini_corpus: Path, name: str, anchor: str, curated: str
):
    """Curated fields live in the curated files; in an imported file they are an error with
    file and line, not a value silently replaced on load."""
    path = mini_corpus / "demo" / name
    text = path.read_text(encoding="utf-8")
    assert anchor in text
    path.write_text(text.replace(anchor, f"{anchor}  {curated}\n", 1), encoding="utf-8")
    line = text[: text.index(anchor) + len(anchor)].count("\n") + 1
    field = curated.split(":")[0]
    with pytest.raises(CorpusError) as failure:
        load_corpus(mini_corpus)
    (problem,) = failure.value.problems
    assert str(problem).startswith(f"corpus/demo/{name}:{line}: ")
    assert str(problem).endswith(f".{field}: unknown field (value {curated.split(': ')[1]!r})")
