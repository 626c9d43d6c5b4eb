"""Freshness: a page is rendered again exactly when what it prints may have changed. For each
kind of edit, the pages kept from before plus the pages rendered again are, byte for byte,
what rendering everything gives; and an edit to one plan's text renders none of another plan's
own pages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.build import EDITED, ORIGINAL
from bench.synth import write_corpus
from builder import site_model
from builder.editions import EDITION_CODES
from builder.freshness import page_digests, plans_shown
from builder.link import register_corpus
from builder.load import load_corpus
from builder.render import render_site
from builder.site_model import site_pages

Rendered = dict[str, dict[str, str]]  # edition → page → Markdown


@pytest.fixture(scope="module", autouse=True)
def small_parts() -> Iterator[None]:
    """Two plans to a part, so that three plans make comparison and topic pages in parts."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_model, "PLANS_SIDE_BY_SIDE", 2)
        patch.setattr(site_model, "PLANS_PER_TOPIC", 2)
        yield


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Rendered]:
    root = tmp_path_factory.mktemp("fresh") / "corpus"
    write_corpus(3, root)
    digests, rendered, _, _ = render(root)
    return root, digests, rendered


def render(
    root: Path, previous: dict[str, str] | None = None
) -> tuple[dict[str, str], Rendered, Rendered, frozenset[str]]:
    """The pages' digests; every page rendered; and, given the digests of a `previous` render,
    only the pages whose digest changed, and the others' paths."""
    corpus = load_corpus(root)
    registry = register_corpus(corpus)
    digests = page_digests(corpus, site_pages(corpus))
    unchanged = frozenset(p for p, d in digests.items() if (previous or {}).get(p) == d)

    def pages(skip: frozenset[str]) -> Rendered:
        return {
            code: render_site(corpus, registry, edition=code, unchanged=skip).pages
            for code in EDITION_CODES
        }

    whole = pages(frozenset())
    if previous is None:
        return digests, whole, {}, unchanged
    # With nothing kept, rendering the changed pages is rendering everything.
    return digests, whole, pages(unchanged) if unchanged else whole, unchanged


EDITS = {  # what an edit changes: (file in plan p000, text before, text after)
    "provision text": ("provisions.yaml", ORIGINAL, EDITED),
    "provision title": ("provisions.yaml", "title_zh: 区域地理特征", "title_zh: 区域地理概况"),
    "indicator value": ("indicators.yaml", "baseline_year: 2023", "baseline_year: 2022"),
    "project amount": ("projects.yaml", "investment_wan: 5000\n", "investment_wan: 5001\n"),
    "topic tag": ("links.yaml", "art-3: [overview, ecosystems]", "art-3: [overview]"),
    "data note": ("data_notes.yaml", "其他指标均为“完成", "其他各项指标均为“完成"),  # on PM2.5
}


@pytest.mark.parametrize("edit", EDITS)
def test_kept_and_rendered_pages_are_what_rendering_everything_gives(base, tmp_path, edit):
    root, digests, before = base
    edited = tmp_path / "corpus"
    shutil.copytree(root, edited)
    name, old, new = EDITS[edit]
    path = edited / "p000" / name
    assert old in path.read_text("utf-8"), f"the synthetic corpus no longer has {old!r}"
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")

    _, whole, partly, unchanged = render(edited, digests)
    for code in EDITION_CODES:
        kept = {page: before[code][page] for page in unchanged}
        assert {**kept, **partly[code]} == whole[code], code
        changed = {p for p in whole[code] if whole[code][p] != before[code].get(p)}
        assert not changed & unchanged
    if edit == "provision text":  # another plan's own pages are kept
        pages = site_pages(load_corpus(edited))
        others = {p.path for p in pages if plans_shown(p) in (["p001"], ["p002"])}
        assert others and others <= unchanged
        national = {p.path for p in pages if p.kind.facet == "indicators"}
        assert national and national <= unchanged  # they print the plans' indicators only
