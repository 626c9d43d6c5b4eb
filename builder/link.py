"""Link stage: give every record one page (or anchor) and resolve ids to links through a registry.

Templates never build a URL by hand: they ask the registry, which fails on an unknown id
and suggests the closest known one.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass, field

from markupsafe import Markup

from builder.load import Corpus, PlanCorpus
from builder.text import safe_url


class LinkError(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """Where a record is published: a docs-relative Markdown page and an optional anchor."""

    page: str
    anchor: str | None = None

    @property
    def url(self) -> str:
        """Site-root-relative URL path, as published (directory URLs)."""
        if not self.page.endswith(".md"):  # a file the site serves as it is (feed.xml)
            return "/" + self.page
        path = self.page.removesuffix(".md")
        path = path.removesuffix("index") if path.endswith("index") else path + "/"
        url = "/" + path
        return f"{url}#{self.anchor}" if self.anchor else url


@dataclass
class Registry:
    targets: dict[str, Target] = field(default_factory=dict)
    _pages: dict[str, str] = field(default_factory=dict)

    def add(self, record_id: str, target: Target) -> None:
        """Register a record; refuse a second record with the same id or the same page."""
        if record_id in self.targets:
            raise LinkError(f"two records share the id {record_id!r}")
        if target.anchor is None:
            owner = self._pages.setdefault(target.page, record_id)
            if owner != record_id:
                raise LinkError(f"{record_id!r} and {owner!r} would both be {target.page}")
        self.targets[record_id] = target

    def resolve(self, record_id: str) -> Target:
        try:
            return self.targets[record_id]
        except KeyError:
            close = difflib.get_close_matches(record_id, list(self.targets), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise LinkError(f"no record with id {record_id!r}{hint}") from None

    def url(self, record_id: str) -> str:
        return self.resolve(record_id).url

    def href(self, record_id: str, from_page: str) -> Markup:
        """A Markdown link from `from_page` to the record, relative so MkDocs can check it."""
        target = self.resolve(record_id)
        if target.page == from_page and target.anchor:
            return safe_url(f"#{target.anchor}")
        relative = posixpath.relpath(target.page, posixpath.dirname(from_page) or ".")
        return safe_url(f"{relative}#{target.anchor}" if target.anchor else relative)

    def html_href(self, record_id: str, from_page: str) -> Markup:
        """A link for raw HTML (which MkDocs does not rewrite): relative between published URLs."""
        target = self.resolve(record_id)
        here = Target(from_page).url
        path = Target(target.page).url
        relative = posixpath.relpath(path, here) if path != here else "."
        if relative in (".", ""):
            relative = "./"
        elif path.endswith("/"):
            relative += "/"
        return safe_url(f"{relative}#{target.anchor}" if target.anchor else relative)


def chapter_key(n: int) -> str:
    return f"ch{n:02d}"


def glossary_page(term_id: str) -> str:
    """The glossary page of a term (or of an initial): one page per initial of the terms'
    pinyin ids (glossary/n.md), the same in both editions; glossary.md indexes them all."""
    return f"glossary/{term_id[0]}.md"


def register_corpus(corpus: Corpus) -> Registry:
    """Give every plan, chapter and provision its page."""
    registry = Registry()
    registry.add("home", Target("index.md"))
    registry.add("about", Target("about.md"))
    registry.add("compare", Target("compare.md"))
    registry.add("investment", Target("investment.md"))
    registry.add("search", Target("search.md"))
    registry.add("downloads", Target("downloads.md"))
    registry.add("glossary", Target("glossary.md"))
    registry.add("topics", Target("topics/index.md"))
    registry.add("maintenance", Target("maintenance.md"))
    registry.add("feed", Target("feed.xml"))
    for topic in corpus.topics:
        registry.add(f"topic/{topic.key}", Target(f"topics/{topic.key}.md"))
    for initial in dict.fromkeys(term.id[0] for term in corpus.glossary):
        registry.add(f"glossary/{initial}", Target(glossary_page(initial)))
    for term in corpus.glossary:
        registry.add(f"term/{term.id}", Target(glossary_page(term.id), term.id))
    for plan in corpus.plans:
        _register_plan(registry, plan)
    return registry


def _register_plan(registry: Registry, plan: PlanCorpus) -> None:
    pid = plan.id
    registry.add(pid, Target(f"{pid}/index.md"))
    for chapter in plan.structure.chapters:
        registry.add(
            f"{pid}/{chapter_key(chapter.n)}", Target(f"{pid}/{chapter_key(chapter.n)}.md")
        )
    for provision in plan.provisions:
        registry.add(f"{pid}/{provision.id}", Target(f"{pid}/{provision.id}.md"))
    for removed in plan.removed:  # their pages stay, so published links keep working
        if f"{pid}/{removed.id}" not in registry.targets:
            registry.add(f"{pid}/{removed.id}", Target(f"{pid}/{removed.id}.md"))
    for page in ("indicators", "projects", "data-notes", "glance", "revisions"):
        registry.add(f"{pid}/{page}", Target(f"{pid}/{page}.md"))
    for number, provisions in plan.snapshots.items():  # the text as it stood in each revision
        text = f"{pid}/revisions/{number}"
        registry.add(text, Target(f"{text}.md"))
        for key in dict.fromkeys(chapter_key(p.chapter) for p in provisions):
            registry.add(f"{text}/{key}", Target(f"{text}/{key}.md"))  # a page per chapter
        for stood in provisions:
            page = f"{text}/{chapter_key(stood.chapter)}.md"
            registry.add(f"{text}/{stood.id}", Target(page, stood.id))
    for indicator in plan.indicators:
        registry.add(f"{pid}/{indicator.id}", Target(f"{pid}/indicators.md", indicator.id))
    for project in plan.projects:
        registry.add(f"{pid}/{project.id}", Target(f"{pid}/projects.md", project.id))
