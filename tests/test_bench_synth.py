"""The scale benchmark's synthetic corpus is a valid corpus: renamed, perturbed, no warnings."""

from __future__ import annotations

from pathlib import Path

from bench.synth import write_corpus
from builder.consistency import check_consistency
from builder.load import load_corpus


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
