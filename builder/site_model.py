"""Site model stage: the one list of the site's pages, between link and render.

Like MkDocs' Files → Page → Navigation and Pelican's generators, everything is gathered first:
`site_pages` lists every page (its id, its path and its kind), from the corpus alone, so the
registry of links (builder/link.py), the navigation's exclusions and the tests derive from it;
`Facts.context` then gives a page the data its template prints, once per page, before any
rendering. Each page kind is declared once, in KINDS: its template, whether the sidebar lists
its pages, whether the public search indexes them, and its context (a TypedDict of views in
builder/views.py, documented there).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from pathspec import GitIgnoreSpec

from builder.load import Corpus, PlanCorpus
from builder.revision.changes import ProvisionChanges, provision_changes

if TYPE_CHECKING:
    from builder.consistency import Finding
    from builder.export import Download
    from builder.relations import Relations

T = TypeVar("T")


@dataclass(frozen=True)
class Facts:
    """What contexts are made from: the linked corpus and what the build found about it."""

    corpus: Corpus
    relations: Relations
    findings: list[Finding]
    files: list[Download]
    _made: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[[], T]) -> T:
        """What several pages show, made for the first page that asks: every scan once."""
        if key not in self._made:
            self._made[key] = make()
        made: T = self._made[key]
        return made

    def changes_of(self, plan: PlanCorpus) -> ProvisionChanges:
        return self.once(
            f"changes/{plan.id}", lambda: provision_changes(plan.reports, plan.snapshots)
        )

    def context(self, page: Page, code: str) -> Mapping[str, Any]:
        """The page's template context in the edition `code` (without the globals every
        template has)."""
        if page.kind.context is None:
            return {}
        return page.kind.context(self, code, **page.subject)


Context = Callable[..., Mapping[str, Any]]  # (Facts, edition code, **subject) → context


@dataclass(frozen=True)
class PageKind:
    name: str
    template: str | None  # None: a hand-written page or file, not rendered here
    context: Context | None = None  # what its template gets (builder/views.py)
    in_nav: bool = True  # False: the sidebar never lists pages of this kind
    # What it prints of the plans it shows, where only one part of each (builder/freshness.py
    # renders it again when that part changes): "indicators"; None: the plans in full.
    facet: str | None = None


@dataclass(frozen=True)
class Page:
    id: str  # the registry's id of the page ("shifeng/art-37", "topic/air", "compare")
    path: str  # its Markdown file, relative to an edition's docs folder
    kind: PageKind
    subject: Mapping[str, Any] = field(default_factory=dict)  # what its context is made from

    @property
    def rendered(self) -> bool:
        return self.kind.template is not None


def page_kinds() -> dict[str, PageKind]:
    from builder.views import KINDS  # the views import this module's Facts

    return KINDS


def site_pages(corpus: Corpus) -> list[Page]:
    """Every page of an edition (each edition has the same pages), in a fixed order."""
    kinds = page_kinds()

    def page(kind: str, id: str, path: str, **subject: Any) -> Page:
        return Page(id, path, kinds[kind], subject)

    pages = [
        page("home", "home", "index.md"),
        page("about", "about", "about.md"),
        page("search", "search", "search.md"),
        page("downloads", "downloads", "downloads.md"),
        page("glossary", "glossary", "glossary.md"),
        page("topics_index", "topics", "topics/index.md"),
        page("maintenance", "maintenance", "maintenance.md"),
        page("feed", "feed", "feed.xml"),
    ]
    pages[2:2] = [
        page(kind, id, path, **subject)
        for name in ("compare", "investment")
        for kind, id, path, subject in parts(name, name, name, corpus.plans, PLANS_SIDE_BY_SIDE)
    ]
    pages += [
        page(kind, id, path, topic=topic, **subject)
        for topic in corpus.topics
        for kind, id, path, subject in parts(
            "topic", f"topic/{topic.key}", f"topics/{topic.key}", corpus.plans, PLANS_PER_TOPIC
        )
    ]
    pages += [
        page(kind, id, path, indicator=i, **subject)
        for i in corpus.standard.indicators
        for kind, id, path, subject in parts(
            "national_indicator",
            f"national/{i.key}",
            national_page(i.key).removesuffix(".md"),
            corpus.plans,
            PLANS_PER_NATIONAL,
        )
    ]
    for initial in dict.fromkeys(term.id[0] for term in corpus.glossary):
        path = glossary_page(initial)
        pages.append(page("glossary_initial", f"glossary/{initial}", path, initial=initial))
    for plan in corpus.plans:
        pages += plan_pages(plan, page)
    return pages


def plan_pages(plan: PlanCorpus, page: Callable[..., Page]) -> Iterator[Page]:
    pid = plan.id
    yield page("plan_overview", pid, f"{pid}/index.md", plan=plan)
    for chapter in plan.structure.chapters:
        key = f"{pid}/{chapter_key(chapter.n)}"
        yield page("chapter", key, f"{key}.md", plan=plan, chapter=chapter)
    for index, provision in enumerate(plan.provisions):
        key = f"{pid}/{provision.id}"
        yield page("provision", key, f"{key}.md", plan=plan, index=index)
    current = {p.id for p in plan.provisions}
    for removed in plan.removed:  # their pages stay, so published links keep working
        if removed.id not in current:
            key = f"{pid}/{removed.id}"
            yield page("removed", key, f"{key}.md", plan=plan, provision=removed)
    for kind, name in PLAN_TABLES:
        yield page(kind, f"{pid}/{name}", f"{pid}/{name}.md", plan=plan)
    for number in range(1, source_page(len(plan.source)) + 1):  # the source text, in parts
        key = source_target(pid, (number - 1) * SOURCE_LINES_PER_PAGE + 1)
        yield page("source", key, f"{key}.md", plan=plan, number=number)
    for number, provisions in plan.snapshots.items():  # the text as it stood in each revision
        text = f"{pid}/revisions/{number}"
        yield page("revision_text", text, f"{text}.md", plan=plan, number=number)
        for n in dict.fromkeys(p.chapter for p in provisions):  # a page per chapter
            key = f"{text}/{chapter_key(n)}"
            yield page("revision_chapter", key, f"{key}.md", plan=plan, number=number, n=n)


# A plan's pages of one kind each, by kind and page name, in the order its sidebar lists them.
PLAN_TABLES = (
    ("glance", "glance"),
    ("indicators", "indicators"),
    ("projects", "projects"),
    ("data_notes", "data-notes"),
    ("revisions", "revisions"),
)


def anchors(corpus: Corpus) -> Iterator[tuple[str, str, str]]:
    """Records published as an anchor of a page: (record id, page path, anchor)."""
    for term in corpus.glossary:
        yield f"term/{term.id}", glossary_page(term.id), term.id
    for national in corpus.standard.indicators:  # sub-indicators: on their parent's page
        for sub in national.subs:
            yield f"national/{sub.key}", national_page(national.key), sub.key
    for plan in corpus.plans:
        pid = plan.id
        for number, provisions in plan.snapshots.items():
            for stood in provisions:
                page = f"{pid}/revisions/{number}/{chapter_key(stood.chapter)}.md"
                yield f"{pid}/revisions/{number}/{stood.id}", page, stood.id
        for indicator in plan.indicators:
            yield f"{pid}/{indicator.id}", f"{pid}/indicators.md", indicator.id
        for project in plan.projects:
            yield f"{pid}/{project.id}", f"{pid}/projects.md", project.id
    for national in corpus.standard.indicators:  # a plan's row: on the part that lists it
        keys = [national.key, *(sub.key for sub in national.subs)]
        for n, group in enumerate(plan_groups(corpus.plans, PLANS_PER_NATIONAL), start=1):
            path = national_page(national.key, n)
            for plan in group:
                for key in keys:
                    yield f"national/{key}/{plan.id}", path, national_row(key, plan.id)
    for topic in corpus.topics:  # a plan's records on a topic: on the part that lists it
        for n, group in enumerate(plan_groups(corpus.plans, PLANS_PER_TOPIC), start=1):
            path = part_path(f"topics/{topic.key}", n)
            for plan in group:
                yield f"topic/{topic.key}/{plan.id}", path, plan.id


# Districts side by side on one comparison page (indicators, investment): three fit a 1366 px
# screen without sideways scrolling; more plans go on further parts (/compare/2/, …), so no page
# grows with the number of plans. The national indicator pages list every plan.
PLANS_SIDE_BY_SIDE = 3


# Districts on one topic page, each with its records listed: about 10 KB each.
PLANS_PER_TOPIC = 10

# Up to this many plans the home page gives each a section (key figures, links to its pages);
# beyond, a table with a row per plan (its overview links its pages), about 600 bytes a plan.
PLANS_IN_SECTIONS = 8

# Districts on one national indicator page, a row each (and a line in its chart): about 7 KB
# each in English (1.4 MB for 200 plans on one page).
PLANS_PER_NATIONAL = 20


def plan_groups(plans: list[PlanCorpus], size: int) -> list[list[PlanCorpus]]:
    return [plans[i : i + size] for i in range(0, len(plans), size)]


def part_id(first: str, n: int) -> str:
    """The registry id of a page's part n ("compare", "compare/2"; a plan id never starts with
    a digit, so "topic/air/2" is no plan's anchor)."""
    return first if n == 1 else f"{first}/{n}"


def part_path(stem: str, n: int) -> str:
    """The Markdown file of a page's part n: STEM.md, then STEM/N.md."""
    return f"{stem}.md" if n == 1 else f"{stem}/{n}.md"


def parts(
    kind: str, first: str, stem: str, plans: list[PlanCorpus], size: int
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The parts of a page that shows plans, `size` at a time, as (kind, id, path, subject):
    the first at /STEM/; the others (kind KIND_part, out of the sidebar) at /STEM/N/."""
    groups = plan_groups(plans, size)
    return [
        (
            kind if n == 1 else f"{kind}_part",
            part_id(first, n),
            part_path(stem, n),
            {"plans": group, "part": n, "groups": groups},
        )
        for n, group in enumerate(groups, start=1)
    ]


def not_in_nav(pages: list[Page]) -> list[str]:
    """The pages the sidebar does not list, as MkDocs' `not_in_nav` takes them (gitignore
    patterns): one pattern per shape of path, a plan's folder and any number a wildcard
    (`/*/art-*.md`), or a page's own path where its shape would take in a page the sidebar
    lists. MkDocs matches every file against every pattern: a pattern per page made that
    quadratic (8 of the 8.3 minutes of a 200-plan edition build)."""
    plans = {page.subject["plan"].id for page in pages if "plan" in page.subject}
    listed = [page.path for page in pages if page.kind.in_nav]
    shapes: dict[str, list[str]] = {}
    for page in pages:
        if page.rendered and not page.kind.in_nav:
            shapes.setdefault(_shape(page.path, plans), []).append(f"/{page.path}")
    patterns: list[str] = []
    for shape, paths in shapes.items():
        spec = GitIgnoreSpec.from_lines([shape])
        patterns += paths if any(spec.match_file(path) for path in listed) else [shape]
    return patterns


def _shape(path: str, plans: set[str]) -> str:
    parts = ["*" if part in plans else re.sub(r"[0-9]+", "*", part) for part in path.split("/")]
    return "/" + "/".join(parts)


# Lines of a plan's source text per page: a part stays well under the page budget.
SOURCE_LINES_PER_PAGE = 250


def source_page(line: int) -> int:
    """The part of the source text (1, 2, …) a line is on."""
    return (line - 1) // SOURCE_LINES_PER_PAGE + 1 if line > 0 else 0


def source_target(plan_id: str, line: int) -> str:
    """The registry id of the source page that shows a line: shifeng/source/4."""
    return f"{plan_id}/source/{source_page(line)}"


def source_anchor(lines: tuple[int, int]) -> str:
    """What a link to source lines ends with: `#L798`; for a range `?lines=798-805#L798` (the
    fragment an id the browser scrolls to, the range for atlas-source.js to mark)."""
    first, last = lines
    return f"#L{first}" if first == last else f"?lines={first}-{last}#L{first}"


def national_page(key: str, part: int = 1) -> str:
    """The page of a national indicator across the plans (indicators/b04.md), or one of its
    further parts (indicators/b04/2.md)."""
    return part_path(f"indicators/{key}", part)


def national_row(key: str, plan_id: str) -> str:
    """The anchor of a plan's row on a national indicator's page (b05.1-shifeng)."""
    return f"{key}-{plan_id}"


def chapter_key(n: int) -> str:
    return f"ch{n:02d}"


def glossary_page(term_id: str) -> str:
    """The glossary page of a term (or of an initial): one page per initial of the terms'
    pinyin ids (glossary/n.md), the same in both editions; glossary.md indexes them all."""
    return f"glossary/{term_id[0]}.md"
