"""The editions are declared once (builder/editions.py); what the build needs of them derives."""

from __future__ import annotations

import pytest
import yaml

from builder.editions import EDITIONS, counterpart, edition
from builder.pipeline import Project
from builder.render import counterpart_url

from .conftest import ROOT


@pytest.mark.parametrize("declared", EDITIONS, ids=lambda e: e.code)
def test_each_edition_has_its_configuration_pages_and_catalogue(declared):
    project = Project(ROOT)
    assert project.config_of(declared.code).is_file()
    assert all(folder.is_dir() for folder, _ in project.static_pages_of(declared.code))
    assert (ROOT / "builder" / "catalogues" / declared.code).is_dir()
    assert project.config_of(declared.code) in project.shared


def test_the_root_edition_comes_first_and_the_others_live_in_a_folder():
    assert EDITIONS[0].path == "" and all(e.path for e in EDITIONS[1:])
    assert edition("en").prefix == "en/" and edition("en").depth == 1


@pytest.mark.parametrize(
    ("page", "code", "url"),
    [
        ("index.md", "zh", "en/"),
        ("index.md", "en", "../"),
        ("shifeng/art-37.md", "zh", "../../en/shifeng/art-37/"),
        ("shifeng/art-37.md", "en", "../../../shifeng/art-37/"),
        ("glossary/h.md", "en", "../../../glossary/h/"),
    ],
)
def test_the_language_switch_leads_to_the_same_page_in_the_other_edition(page, code, url):
    assert counterpart(code).code != code
    assert counterpart_url(page, code) == url


def test_every_edition_names_every_status_in_its_catalogue():
    """One declaration of each interface word per edition (builder/catalogues/)."""
    from builder.editions import label_text, messages
    from builder.figures import STATUS_ORDER

    for declared in EDITIONS:
        assert {f"status.{s}" for s in STATUS_ORDER} <= set(messages(declared.code))
    assert label_text("zh", "status.not_applicable") == "不适用 not applicable"
    assert label_text("en", "status.not_applicable") == "not applicable"


def test_every_catalogue_names_the_same_words():
    """A word added for one edition is added for all (glosses, KEY+, are the editions' own)."""
    from builder.editions import messages

    words = [{key for key in messages(e.code) if not key.endswith("+")} for e in EDITIONS]
    assert all(found == words[0] for found in words)


def test_a_third_edition_is_a_catalogue_and_a_line_of_configuration(monkeypatch, tmp_path):
    """A throwaway edition `xx` (never in the site): its catalogue is the English one with every
    word marked, its one line of configuration is an Edition. Every page kind renders in it, and
    its interface words, not another edition's, reach every page."""
    import shutil

    from builder import editions
    from builder.link import register_corpus
    from builder.load import load_corpus
    from builder.render import render_site

    catalogues = tmp_path / "catalogues"
    shutil.copytree(editions.CATALOGUES, catalogues)
    shutil.copytree(catalogues / "en", catalogues / "xx")
    for path in (catalogues / "xx").glob("*.yaml"):
        words = yaml.safe_load(path.read_text(encoding="utf-8"))
        marked = {
            key: f"⟦{value}⟧" if key not in editions.SETTINGS else value
            for key, value in words.items()
        }
        path.write_text(yaml.safe_dump(marked, allow_unicode=True), encoding="utf-8")
    third = editions.Edition(
        code="xx", lang="xx", path="xx", config="mkdocs.en.yml", pages="pages-en", original=False
    )
    monkeypatch.setattr(editions, "CATALOGUES", catalogues)
    monkeypatch.setattr(editions, "EDITIONS", (*editions.EDITIONS, third))
    monkeypatch.setitem(editions._BY_CODE, "xx", third)
    editions.messages.cache_clear()
    try:
        corpus = load_corpus(ROOT / "tests" / "fixtures" / "mini")
        registry = register_corpus(corpus)
        pages = render_site(corpus, registry, edition="xx").pages
        english = render_site(corpus, registry, edition="en").pages
    finally:
        editions.messages.cache_clear()
    assert sorted(pages) == sorted(english)
    unmarked = [page for page, text in pages.items() if "⟦" not in text]
    assert not unmarked
    provision = pages["demo/art-1.md"]
    assert "# ⟦⟦Article 1⟧ " in provision  # the heading and citation formats are xx's
    assert "⟦Connected⟧" in provision and "## Connected" not in provision
