"""The build cache: an unchanged plan is loaded from it, a changed one is read again, and the
cache never hides a problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.cache import Cache
from builder.load import PLANS, load_corpus
from builder.problems import CorpusError
from tests.test_load import replace_in


def entries(cache: Cache) -> list[Path]:
    return sorted((cache.folder / PLANS).glob("*.pickle"))


def test_a_cached_plan_is_the_plan_read_again(mini_corpus: Path, tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    first = load_corpus(mini_corpus, cache)
    assert len(entries(cache)) == len(first.plans)
    again = load_corpus(mini_corpus, Cache(cache.folder))
    assert again.plans == first.plans == load_corpus(mini_corpus).plans
    assert again.warnings == first.warnings


def test_a_changed_plan_file_is_read_again(mini_corpus: Path, tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    load_corpus(mini_corpus, cache)
    replace_in(mini_corpus / "demo" / "provisions.yaml", "title_zh: 组织领导", "title_zh: 组织")
    next_build = Cache(cache.folder)
    edited = load_corpus(mini_corpus, next_build)
    assert edited.plan("demo").provisions[1].title_zh == "组织"
    assert len(entries(cache)) == 2  # the old entry stays until the build prunes it
    next_build.prune()
    assert len(entries(cache)) == 1


def test_a_changed_source_text_is_read_again(mini_corpus: Path, tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    before = load_corpus(mini_corpus, cache).plan("demo")
    source = mini_corpus / "sources" / before.meta.source_file
    source.write_text(source.read_text("utf-8") + "新的一行\n", "utf-8")
    after = load_corpus(mini_corpus, Cache(cache.folder)).plan("demo")
    assert after.source[-1] == "新的一行"


def test_the_cache_does_not_hide_a_broken_file(mini_corpus: Path, tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    load_corpus(mini_corpus, cache)
    replace_in(mini_corpus / "demo" / "plan.yaml", "area_km2: 12.5", "area_km2: 十二点五")
    with pytest.raises(CorpusError, match=r"plan\.yaml:30: plan\.area_km2"):
        load_corpus(mini_corpus, cache)


def test_an_unreadable_entry_counts_as_absent(mini_corpus: Path, tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    first = load_corpus(mini_corpus, cache)
    for entry in entries(cache):
        entry.write_bytes(b"\x80\x05truncated")
    assert load_corpus(mini_corpus, Cache(cache.folder)).plans == first.plans
