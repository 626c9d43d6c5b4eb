"""The editions are declared once (builder/editions.py); what the build needs of them derives."""

from __future__ import annotations

import pytest

from builder.editions import EDITIONS, counterpart, edition
from builder.pipeline import Project
from builder.render import counterpart_url

from .conftest import ROOT


@pytest.mark.parametrize("declared", EDITIONS, ids=lambda e: e.code)
def test_each_edition_has_its_configuration_pages_and_templates(declared):
    project = Project(ROOT)
    assert project.config_of(declared.code).is_file()
    assert all(folder.is_dir() for folder, _ in project.static_pages_of(declared.code))
    templates = ROOT / "builder" / "templates"
    # its own template of a page kind, or the one template every edition shares
    assert any((templates / folder / "home.md.j2").is_file() for folder in (declared.templates, ""))
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
