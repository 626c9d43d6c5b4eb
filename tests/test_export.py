"""Exports (builder/export.py) from a cache: a plan's files are made again only when what
they may print changed; its other files come from earlier builds, byte for byte."""

from __future__ import annotations

from pathlib import Path

from builder.cache import Cache
from builder.export import CACHE_STAGE, export_files
from builder.freshness import plan_keys, site_digest
from builder.link import register_corpus
from builder.load import load_corpus
from builder.relations import relate
from tests.conftest import copy_checkout


def test_a_plans_export_files_are_made_again_only_when_the_plan_changed(tmp_path: Path):
    corpus_dir = copy_checkout(tmp_path / "checkout").corpus
    cache = Cache(tmp_path / "cache")

    def exports(with_cache: Cache | None) -> dict[str, bytes]:
        corpus = load_corpus(corpus_dir)
        keys = plan_keys(corpus, site_digest(corpus))
        return export_files(corpus, register_corpus(corpus), relate(corpus), with_cache, keys)

    assert exports(cache) == exports(None)
    entries = cache.folder / CACHE_STAGE
    assert len(list(entries.iterdir())) == 2  # one per plan
    provisions = corpus_dir / "shifeng" / "provisions.yaml"
    text = provisions.read_text("utf-8")
    provisions.write_text(text.replace("位于株洲市境最北端", "位于株洲市境的最北端", 1), "utf-8")
    cached = exports(Cache(cache.folder))
    assert len(list(entries.iterdir())) == 3  # Lingling's came from the cache
    assert cached == exports(None)
    assert "的最北端" in cached["api/shifeng/provisions.json"].decode()
