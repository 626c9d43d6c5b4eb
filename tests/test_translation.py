"""The unofficial English translation: complete, faithful in its numbers, consistent in its
terms, and marked stale when the Chinese changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.importer import import_plan
from builder.load import load_corpus
from builder.problems import CorpusError
from builder.translation import glossary_coverage, number_difference, numbers

from .conftest import FIXTURES, copy_checkout


def test_every_record_of_both_plans_has_its_english(real_corpus):
    for plan in real_corpus.plans:
        assert all(p.text_en and not p.translation_stale for p in plan.provisions)
        assert all(i.standard_en is not None and i.targets_en for i in plan.indicators)
        assert all(p.content_en and p.lead_units_en for p in plan.projects)
        assert all(block.paragraphs_en for block in plan.structure.front_matter)
    assert not [w for w in real_corpus.warnings if "translation" in str(w)]


def test_glossary_terms_keep_their_english(real_corpus):
    pairs = [
        ("".join(p.paragraphs), " ".join(p.text_en))
        for plan in real_corpus.plans
        for p in plan.provisions
    ]
    hits, used, misses = glossary_coverage(pairs, real_corpus.glossary)
    assert used > 800 and hits / used >= 0.9, misses[:10]  # measured: 906 of 906


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("常住人口为33.97万人", "a resident population of 33.97 × 10,000"),
        ("常住人口为33.97万人", "a resident population of 339,700"),
        ("投资3000-5000万元", "30–50 million yuan"),
        ("锰资源1.9亿吨", "190 million tonnes of manganese"),
        ("总投资约1730592万元", "about 17.30592 billion yuan"),
        ("总废渣量约15万m3", "about 150,000 m³ of waste residue"),
        ("每万人拥有", "per 10,000 people"),
        ("2023年7月全国生态环境保护大会", "the national conference in July 2023"),
        ("（1）到2030年，PM2.5浓度≤35", "(1) by 2030, PM2.5 concentration ≤35"),
        ("三年", "three years"),
    ],
)
def test_numbers_match_across_unit_words_and_months(chinese: str, english: str):
    assert number_difference(chinese, english) is None


def test_a_changed_number_is_named():
    assert number_difference("面积180.58平方公里", "an area of 180.85 square kilometres") == (
        "numbers differ: missing in English ['180.58'], not in the Chinese ['180.85']"
    )
    assert numbers("３７条") == numbers("37")
    # A value written the English way must still be the same value.
    assert number_difference("投资3000-5000万元", "30–500 million yuan") == (
        "numbers differ: missing in English ['50000000'], not in the Chinese ['500000000']"
    )


def _fixture(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "mini", corpus)
    return corpus


def test_a_wrong_paragraph_count_or_unknown_id_fails_with_file_and_line(tmp_path: Path):
    corpus = _fixture(tmp_path)
    path = corpus / "demo" / "translation.yaml"
    text = path.read_text("utf-8")
    text = text.replace("    - '* Asterisks, <b>tags</b>", "    # - '* Asterisks, <b>tags</b>")
    text = text.replace("  art-2:\n", "  art-9:\n    zh: x\n    paragraphs: [oops]\n  art-2:\n")
    path.write_text(text, "utf-8")
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus)
    message = str(caught.value)
    assert "translation.yaml:3: provisions.art-1: 1 English paragraphs for 2 Chinese" in message
    assert "translation.yaml:8: provisions.art-9: no provisions record with id 'art-9'" in message


def test_a_missing_translation_is_a_warning_and_the_page_says_pending(tmp_path: Path):
    corpus = _fixture(tmp_path)
    path = corpus / "demo" / "translation.yaml"
    document = path.read_text("utf-8")
    start = document.index("  art-2:")
    end = document.index("front_matter:")
    path.write_text(document[:start] + document[end:], "utf-8")
    loaded = load_corpus(corpus)
    assert [str(w) for w in loaded.warnings] == [
        "corpus/demo/translation.yaml: provisions.art-2: translation pending (no English yet)"
    ]


def test_a_reimport_that_changes_the_chinese_marks_the_english_stale(tmp_path: Path):
    project = copy_checkout(tmp_path / "checkout")
    plan_dir = project.corpus / "shifeng"
    source = project.corpus / "sources" / "000_77ecffee2542df39.txt"
    revised = tmp_path / "revised.txt"
    revised.write_text(
        source.read_text("utf-8").replace(
            "到 2027 年，重点完成株洲市金利亚", "到 2026 年，重点完成株洲市金利亚"
        ),
        "utf-8",
    )
    result = import_plan(revised, plan_dir, "one article edited")
    assert result.report.stale_translations == ["art-37"]
    assert "English now stale" in result.report.markdown()
    corpus = load_corpus(project.corpus)
    shifeng = next(p for p in corpus.plans if p.id == "shifeng")
    stale = [p.id for p in shifeng.provisions if p.translation_stale]
    assert stale == ["art-37"]
    assert any("provisions.art-37: stale" in str(w) for w in corpus.warnings)


def _plan(pid: str, name_en: str):
    from types import SimpleNamespace

    indicator = SimpleNamespace(id="ind-3", name_zh="领导干部自然资源资产离任审计", name_en=name_en)
    for field in ("standard_zh", "standard_en", "domain_zh", "domain_en"):
        setattr(indicator, field, None)
    return SimpleNamespace(meta=SimpleNamespace(id=pid), indicators=[indicator])


def test_the_same_chinese_name_has_one_english_across_plans(tmp_path: Path):
    """Audit: 离任审计 read "Off-office audit" in one plan and "audit … on departure from
    office" in the other; a curated exception (corpus.yaml distinct_english) says why not."""
    from builder.problems import ProblemLog
    from builder.translation import check_shared_english

    plans = [_plan("a", "Off-office audit"), _plan("b", "Audit on departure from office")]
    log = ProblemLog(tmp_path)
    check_shared_english(plans, {}, tmp_path, log)
    assert len(log.warnings) == 1 and "2 Englishes" in str(log.warnings[0])
    log = ProblemLog(tmp_path)
    check_shared_english(plans, {"领导干部自然资源资产离任审计": "why"}, tmp_path, log)
    assert log.warnings == []


def test_the_english_writes_amounts_as_an_english_reader_does():
    """Audit: "3000 × 10,000–5000 × 10,000 yuan" reads poorly; the curated English writes
    30–50 million yuan (the numbers check still proves each value)."""
    from .conftest import ROOT

    files = [*ROOT.glob("corpus/*/translation.yaml"), *ROOT.glob("corpus/*/english.yaml")]
    files += ROOT.glob("corpus/*/summaries.yaml")
    found = [f"{path.parent.name}/{path.name}" for path in files if "× 10,000" in path.read_text()]
    assert found == []
