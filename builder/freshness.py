"""Which pages must be rendered again: each page's inputs as one hash, compared with the hash
the published build rendered it from (its `digests.json`).

A page prints
- what every page may print: the builder's code and templates, the corpus files all plans
  share (the plan list, glossary, topics, national standard), the settings, and the *outline*
  of every plan: what other plans' pages show of it (its district, its records' ids and
  names, its topics and links, its chapters, revisions and source pages: the pages and link
  targets it has);
- the plans it shows in full: a plan's page its own; a part of a comparison or a topic page
  its plans; a page across the site (home, glossary, …) every plan. A plan in full is the
  hash of its files and its source text. A kind that prints one part of each plan says so
  (`PageKind.facet`): a national indicator page, a row per plan, only its indicators and
  the data notes on them.

So an edit to a provision's text, an indicator's value or a project's amount renders again
the pages of its plan, the parts that show it and the pages across the site; an edit to what
the outline holds (a title, a topic tag) renders every page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from builder.cache import content_key
from builder.incremental import code_digest, settings_digest, tree_digest
from builder.load import Corpus, PlanCorpus
from builder.site_model import Page

DIGESTS = "digests.json"  # in a build's folder: each page's digest, as it was rendered
SHARED_FILES = ("corpus.yaml", "glossary.yaml", "topics.yaml", "national_standard.yaml")


def shared_digest(root: Path) -> str:
    """The builder's code, the settings and the corpus files every plan shares."""
    return content_key(
        code_digest(), settings_digest(), tree_digest(*(root / name for name in SHARED_FILES))
    )


def site_digest(corpus: Corpus) -> str:
    """What every page may print: the shared digest and every plan's outline."""
    return content_key(shared_digest(corpus.root), *(outline_digest(p) for p in corpus.plans))


def plan_keys(corpus: Corpus, site: str) -> dict[str, str]:
    """Each plan's own outputs (its exports, say), by what they may print: the `site_digest`
    and the plan in full."""
    return {plan.id: content_key(site, corpus.digests[plan.id]) for plan in corpus.plans}


def page_digests(corpus: Corpus, pages: Iterable[Page], site: str | None = None) -> dict[str, str]:
    """Every rendered page's digest, by its path (the same in every edition); `site` is
    the `site_digest`, when the caller has it already."""
    full = corpus.digests
    shared = site or site_digest(corpus)
    wholes: dict[str | None, dict[str, str]] = {None: full}
    digests = {}
    for page in pages:
        if page.rendered:
            facet = page.kind.facet
            if facet is not None and facet not in wholes:
                wholes[facet] = {p.id: facet_digest(p, facet) for p in corpus.plans}
            shown = plans_shown(page) or [plan.id for plan in corpus.plans]
            plans = content_key(*(wholes[facet][plan] for plan in shown))
            digests[page.path] = content_key(shared, page.kind.name, plans)
    return digests


# The parts of a plan a page kind may print alone (PageKind.facet).
FACETS: dict[str, Callable[[PlanCorpus], list[BaseModel]]] = {
    "indicators": lambda plan: [*plan.indicators, *plan.notes],  # with the notes on them
}


def facet_digest(plan: PlanCorpus, facet: str) -> str:
    records = [record.model_dump(mode="json") for record in FACETS[facet](plan)]
    return content_key(json.dumps(records, ensure_ascii=False))


def plans_shown(page: Page) -> list[str] | None:
    """The plans a page shows in full, from its subject; None: every plan."""
    if "plan" in page.subject:
        return [page.subject["plan"].id]
    if "plans" in page.subject:
        return [plan.id for plan in page.subject["plans"]]
    return None


# What a plan's records show on other plans' pages: ids, numbers, places and names. Their
# other fields (texts, values, amounts) only the pages that show the plan in full print.
OUTLINE_FIELDS = {
    "provisions": ("id", "label", "number", "chapter", "section", "title_zh", "title_en"),
    "indicators": ("id", "attribute", "number", "sub", "domain_zh", "domain_en", "name_zh"),
    "projects": ("id", "number", "domain_zh", "domain_en", "name_zh", "name_en", "lead_units"),
}


def outline_digest(plan: PlanCorpus) -> str:
    outline: dict[str, Any] = {
        "meta": plan.meta.model_dump(mode="json"),
        "structure": plan.structure.model_dump(mode="json"),
        "english": plan.english.model_dump(mode="json"),
        "links": plan.links.model_dump(mode="json"),
        "revisions": [r.model_dump(mode="json") for r in plan.revisions],
        "removed": [(p.id, p.title_zh, p.went_to, p.removed_in) for p in plan.removed],
        "snapshots": {n: [(p.id, p.chapter) for p in ps] for n, ps in plan.snapshots.items()},
        "source": len(plan.source),
        "supplied": [p.supplied for p in plan.provisions],
        "names_en": [p.name_en for p in plan.indicators],
        "lead_units_en": [p.lead_units_en for p in plan.projects],
    }
    for name, fields in OUTLINE_FIELDS.items():
        outline[name] = [[getattr(r, f) for f in fields] for r in getattr(plan, name)]
    return content_key(json.dumps(outline, ensure_ascii=False, default=str))


def read_digests(folder: Path | None) -> dict[str, str]:
    path = folder / DIGESTS if folder else None
    if path is None or not path.exists():
        return {}
    digests: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return digests


def write_digests(folder: Path, digests: dict[str, str]) -> None:
    (folder / DIGESTS).write_text(json.dumps(digests), encoding="utf-8")
