"""The site model's page kinds and their documented contexts (builder/site_model.py, views.py)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from jinja2 import meta, nodes
from pathspec import GitIgnoreSpec

from builder.editions import EDITION_CODES
from builder.link import register_corpus
from builder.load import load_corpus
from builder.relations import relate
from builder.render import _add_edition_globals, make_environment
from builder.site_model import not_in_nav, site_pages
from builder.views import KINDS

TEMPLATES = Path(__file__).parents[1] / "builder" / "templates"
FIXTURE = Path(__file__).parent / "fixtures" / "mini"  # read only here
EVERY_PAGE = {"page", "corpus"}  # what render_site gives every template besides its context


def documented(kind_name: str) -> set[str]:
    """The keys of a kind's context, as its TypedDict declares them."""
    context = KINDS[kind_name].context
    assert context is not None
    returned = typing.get_type_hints(context)["return"]
    return set(getattr(returned, "__annotations__", {}))


@pytest.fixture(scope="module")
def environment():
    corpus = load_corpus(FIXTURE)
    relations = relate(corpus)
    env = make_environment(register_corpus(corpus), corpus, relations)
    _add_edition_globals(env, EDITION_CODES[0], corpus, relations)
    return env


def _used(env, path: Path) -> set[str]:
    """The names a template reads that it does not define itself (jinja2.meta counts a name
    set inside an `if` as undeclared outside it: names the template stores are its own)."""
    tree = env.parse(path.read_text(encoding="utf-8"))
    stored = {name.name for name in tree.find_all(nodes.Name) if name.ctx in ("store", "param")}
    return meta.find_undeclared_variables(tree) - stored


@pytest.mark.parametrize("kind", [k for k in KINDS.values() if k.template], ids=lambda k: k.name)
def test_every_template_uses_only_its_documented_context(environment, kind):
    allowed = documented(kind.name) | EVERY_PAGE | set(environment.globals)
    for path in [TEMPLATES / kind.template, *TEMPLATES.glob(f"*/{kind.template}")]:
        if path.exists():
            assert _used(environment, path) <= allowed, path.name


def test_partials_use_only_globals(environment):
    """Macros see no page context: a partial that needed one would fail at render time only
    on the pages that call it."""
    for path in TEMPLATES.rglob("_*.j2"):
        assert _used(environment, path) <= set(environment.globals), path.name


def test_every_template_file_is_a_declared_kind_or_a_partial():
    declared = {kind.template for kind in KINDS.values() if kind.template}
    for path in TEMPLATES.rglob("*.md.j2"):
        assert path.name in declared, path


def test_every_page_has_a_declared_kind_and_one_path():
    pages = site_pages(load_corpus(FIXTURE))
    paths = [page.path for page in pages]
    assert len(paths) == len(set(paths))
    # The fixture shows every kind but the further parts of a comparison or a topic, which take
    # more plans than one part holds (tests/test_bench_synth.py renders them).
    shown = {page.kind.name for page in pages}
    parts = {"compare_part", "investment_part", "topic_part", "national_indicator_part"}
    assert shown | parts == set(KINDS)


def test_pages_left_out_of_the_navigation_follow_their_kind(real_corpus):
    """MkDocs' patterns take in exactly the pages of kinds the sidebar does not list."""
    for corpus in (load_corpus(FIXTURE), real_corpus):
        pages = site_pages(corpus)
        spec = GitIgnoreSpec.from_lines(not_in_nav(pages))
        for page in pages:
            if page.rendered or page.kind.in_nav:
                assert spec.match_file(page.path) != page.kind.in_nav, page.path
    assert spec.match_file("shifeng/art-1.md") and spec.match_file("lingling/revisions/2.md")
    assert not spec.match_file("shifeng/index.md") and not spec.match_file("compare.md")


def test_the_patterns_for_pages_left_out_do_not_grow_with_the_plans(tmp_path: Path, monkeypatch):
    """MkDocs matches every file against every pattern: a pattern per page took 8 minutes of
    an edition's build at 200 plans."""
    from bench.synth import write_corpus
    from builder import site_model

    monkeypatch.setattr(site_model, "PLANS_PER_TOPIC", 2)  # topic pages in parts too
    counts = []
    for plans in (4, 8):
        write_corpus(plans, tmp_path / str(plans))
        counts.append(len(not_in_nav(site_pages(load_corpus(tmp_path / str(plans))))))
    assert counts[0] == counts[1]
