"""The page kinds and their contexts: what each template gets, gathered once in Python.

Each kind is declared once, in KINDS. A context is a TypedDict: its keys are all a template may
use besides `page`, `corpus` and the globals of builder/render.py; tests/test_views.py checks that
every template keeps to them. Every scan of the corpus happens here, not in templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any, TypedDict
from urllib.parse import quote

from markupsafe import Markup

from builder import site_model
from builder.charts import Bar, Panel, Series, Trend, grouped_bars, trend_lines
from builder.compare import ComparisonGroup, compare_indicators, parse_threshold
from builder.consistency import Finding
from builder.editions import edition, label_text, localized, messages, say
from builder.export import DESCRIPTIONS, Download
from builder.figures import (
    IndicatorCounts,
    TopicRow,
    TopicTotal,
    count_by,
    indicator_counts,
    investment_by_domain,
    investment_by_topic,
    largest_projects,
    plan_total,
    status_counts,
    topic_investment,
)
from builder.load import Corpus, PlanCorpus
from builder.models import Chapter, Indicator, Project, Provision, StatedTotal
from builder.models.note import DataNote
from builder.models.plan import Revision
from builder.models.provision import ProvisionRecord, RemovedProvision
from builder.models.standard import (
    NationalStandard,
    StandardDomain,
    StandardIndicator,
    StandardSub,
    StandardTask,
)
from builder.models.term import Term
from builder.models.topic import Topic
from builder.money import money
from builder.site_model import SOURCE_LINES_PER_PAGE, Facts, PageKind, part_id


@dataclass(frozen=True)
class DomainGroup:
    """A domain of the project table with its projects and both totals."""

    name_zh: str
    name_en: str | None
    projects: list[Project]
    computed: float
    stated: StatedTotal | None


class PlanContext(TypedDict):
    plan: PlanCorpus


class ProvisionContext(TypedDict):
    plan: PlanCorpus
    provision: Provision
    chapter: Chapter
    changed: int | None  # the revision that last changed it
    versions: list[int]  # the revisions whose text of it has a page
    previous: Provision | None
    next: Provision | None


class ChapterContext(TypedDict):
    plan: PlanCorpus
    chapter: Chapter
    provisions: list[Provision]


class RemovedContext(TypedDict):
    plan: PlanCorpus
    provision: RemovedProvision
    versions: list[int]


class ProjectsContext(TypedDict):
    plan: PlanCorpus
    domains: list[DomainGroup]
    grand_computed: float
    lead_units: list[str]


class DataNotesContext(TypedDict):
    plan: PlanCorpus
    findings: list[Finding]


class RevisionTextContext(TypedDict):
    plan: PlanCorpus
    revision: Revision
    chapters: list[tuple[Chapter | None, list[ProvisionRecord]]]
    current: dict[str, Provision]  # the revision's provisions as they are today


class RevisionChapterContext(TypedDict):
    plan: PlanCorpus
    revision: Revision
    chapter: Chapter | None
    provisions: list[ProvisionRecord]
    current: dict[str, Provision]


class GlanceContext(TypedDict):
    plan: PlanCorpus
    total: Any
    status: dict[str, int]
    status_chart: Markup
    by_domain: list[Any]
    domain_chart: Panel
    largest: list[Project]


class TopicsIndexContext(TypedDict):
    counts: dict[str, dict[str, dict[str, int]]]  # topic → plan → kind → records


class TopicContext(TypedDict):
    topic: Topic
    plans: list[PlanCorpus]  # the districts this part lists
    part: int
    parts: list[Part]
    topic_totals: dict[str, TopicTotal]
    provision_ids: set[str]
    indicator_ids: set[str]
    project_ids: set[str]


class GlossaryContext(TypedDict):
    terms: list[Term]
    # The glossary's index: the original edition's pinyin initials, which have pages of their
    # own (`paged`); a translation edition's first letters of its terms' names, which do not.
    index: list[tuple[str, list[Term]]]
    paged: bool


class GlossaryInitialContext(TypedDict):
    initial: str
    group: list[Term]
    groups: list[tuple[str, list[Term]]]


class InvestmentContext(TypedDict):
    plans: list[PlanCorpus]  # the districts side by side on this part
    part: int
    parts: list[Part]
    totals: dict[str, Any]
    by_domain: list[Any]
    by_topic: list[Any]
    domain_panels: list[Panel]
    topic_panels: list[Panel]
    largest: dict[str, list[Project]]
    by_type: dict[str, Any]
    by_unit: dict[str, Any]


class MaintenanceContext(TypedDict):
    warnings: list[str]


@dataclass(frozen=True)
class StandardCheck:
    """The site's own comparison of a plan's baseline with the national standard's value
    (never the plan's status, and never shown as if it were)."""

    comparator: str  # ≥ ≤ > <
    standard: float
    baseline: float
    met: bool


@dataclass(frozen=True)
class DistrictFigures:
    plan: PlanCorpus
    indicator: Indicator | None  # the plan's row for this national indicator, if it has one
    check: StandardCheck | None
    notes: list[DataNote]  # the plan's data notes on the row's source lines
    related: list[str]  # ids of the provisions and projects on the row's topics


@dataclass(frozen=True)
class NationalRow:
    """A national indicator, or one of its sub-indicators, with each plan's figures."""

    key: str
    entry: StandardIndicator | StandardSub
    districts: list[DistrictFigures]
    chart: Markup | None  # baseline → targets where a plan states numbers (SVG)


class NationalIndicatorContext(TypedDict):
    indicator: StandardIndicator
    domain: StandardDomain | None
    task: StandardTask | None
    rows: list[NationalRow]  # the indicator itself, or each of its sub-indicators
    siblings: list[StandardIndicator]  # the other indicators of its domain
    part: int  # which part of the page (PLANS_PER_NATIONAL districts each)
    parts: list[Part]  # every part, by its districts


class SourceContext(TypedDict):
    plan: PlanCorpus
    number: int  # which part of the source text (1, 2, …)
    first: int  # its first line's number
    lines: list[tuple[int, str]]  # (number, text as extracted)
    neighbours: list[tuple[str, int, int, int]]  # ("previous"/"next", part, first, last line)
    records: dict[int, list[str]]  # line → the records whose source text starts there


@dataclass(frozen=True)
class Part:
    """One part of a comparison page: its number, the page it is, its districts."""

    number: int
    target: str  # the registry id: "compare", "compare/2", …
    districts: list[str]


class CompareContext(TypedDict):
    comparison: list[ComparisonGroup]
    district_names: dict[str, tuple[str, str]]
    plans: list[PlanCorpus]  # the districts side by side on this part
    part: int
    parts: list[Part]


def _parts(first: str, groups: list[list[PlanCorpus]], code: str) -> list[Part]:
    return [
        Part(n, part_id(first, n), [localized(p.meta, "district", code) for p in group])
        for n, group in enumerate(groups, start=1)
    ]


class SearchContext(TypedDict):
    words: dict[str, object]  # what atlas-search.js writes: statuses, kind and plan names


class DownloadsContext(TypedDict):
    files: list[Download]
    descriptions: dict[str, tuple[str, str]]  # an export's description, zh and en
    root: str  # from the Downloads page to the site's root


def no_context(facts: Facts, code: str) -> dict[str, Any]:
    return {}


def plan_context(facts: Facts, code: str, plan: PlanCorpus) -> PlanContext:
    return {"plan": plan}


class RevisionsContext(TypedDict):
    plan: PlanCorpus
    amendments: list[Revision]  # official amendments of the plan, newest first
    imports: list[Revision]  # the site's own imports of a text, newest first


def revisions_context(facts: Facts, code: str, plan: PlanCorpus) -> RevisionsContext:
    newest_first = list(reversed(plan.revisions))
    return {
        "plan": plan,
        "amendments": [r for r in newest_first if r.amendment],
        "imports": [r for r in newest_first if not r.amendment],
    }


def provision_context(facts: Facts, code: str, plan: PlanCorpus, index: int) -> ProvisionContext:
    provision = plan.provisions[index]
    changes = facts.changes_of(plan)
    return {
        "plan": plan,
        "provision": provision,
        "changed": changes.last_changed.get(provision.id),
        "versions": changes.versions.get(provision.id, []),
        "chapter": next(c for c in plan.structure.chapters if c.n == provision.chapter),
        "previous": plan.provisions[index - 1] if index > 0 else None,
        "next": plan.provisions[index + 1] if index + 1 < len(plan.provisions) else None,
    }


def chapter_context(facts: Facts, code: str, plan: PlanCorpus, chapter: Chapter) -> ChapterContext:
    provisions = [p for p in plan.provisions if p.chapter == chapter.n]
    return {"plan": plan, "chapter": chapter, "provisions": provisions}


def removed_context(
    facts: Facts, code: str, plan: PlanCorpus, provision: RemovedProvision
) -> RemovedContext:
    versions = facts.changes_of(plan).versions.get(provision.id, [])
    return {"plan": plan, "provision": provision, "versions": versions}


def projects_context(facts: Facts, code: str, plan: PlanCorpus) -> ProjectsContext:
    domains = project_domains(plan)
    return {
        "plan": plan,
        "domains": domains,
        "grand_computed": sum(d.computed for d in domains),
        "lead_units": sorted({unit for p in plan.projects for unit in p.lead_units}),
    }


def data_notes_context(facts: Facts, code: str, plan: PlanCorpus) -> DataNotesContext:
    return {"plan": plan, "findings": [f for f in facts.findings if f.plan == plan.id]}


def revision_text_context(
    facts: Facts, code: str, plan: PlanCorpus, number: int
) -> RevisionTextContext:
    return {
        "plan": plan,
        "revision": _revision(plan, number),
        "chapters": snapshot_chapters(plan, plan.snapshots[number]),
        "current": _current(facts, plan),
    }


def revision_chapter_context(
    facts: Facts, code: str, plan: PlanCorpus, number: int, n: int
) -> RevisionChapterContext:
    chapters = {c.n: c for c in plan.structure.chapters}
    return {
        "plan": plan,
        "revision": _revision(plan, number),
        "chapter": chapters.get(n),
        "provisions": [p for p in plan.snapshots[number] if p.chapter == n],
        "current": _current(facts, plan),
    }


def _current(facts: Facts, plan: PlanCorpus) -> dict[str, Provision]:
    """A plan's provisions as they are today, by id."""
    return facts.once(f"current/{plan.id}", lambda: {p.id: p for p in plan.provisions})


def _investment_by_domain(facts: Facts) -> list[Any]:
    return facts.once("investment_by_domain", lambda: investment_by_domain(facts.corpus))


def _revision(plan: PlanCorpus, number: int) -> Revision:
    return next(r for r in plan.revisions if r.revision == number)


def glance_context(facts: Facts, code: str, plan: PlanCorpus) -> GlanceContext:
    by_domain = [row for row in _investment_by_domain(facts) if row.values[plan.id]]
    status = status_counts(plan)
    words = messages(code)
    district = localized(plan.meta, "district", code)
    status_chart = grouped_bars(
        words["chart.status.title"],
        [label_text(code, f"status.{s}") for s in status],
        [Series(district, [float(n) for n in status.values()])],
        words["chart.status.unit"],
    )
    domain_title = words["chart.glance.domain"].format(district=district)
    return {
        "plan": plan,
        "total": plan_total(plan),
        "status": status,
        "status_chart": Markup(status_chart),
        "by_domain": by_domain,
        "domain_chart": _panel(plan, _domain_bars(facts, plan, code), code, domain_title),
        "largest": largest_projects(plan),
    }


def topics_index_context(facts: Facts, code: str) -> TopicsIndexContext:
    corpus, relations = facts.corpus, facts.relations
    kinds = _ids_by_kind(facts)
    counts = {
        topic.key: {
            plan.id: {
                kind: len(set(relations.by_topic[topic.key].get(plan.id, [])) & ids)
                for kind, ids in kinds.items()
            }
            for plan in corpus.plans
        }
        for topic in corpus.topics
    }
    return {"counts": counts}


def _ids_by_kind(facts: Facts) -> dict[str, set[str]]:
    records = facts.relations.records

    def scan() -> dict[str, set[str]]:
        kinds = ("provision", "indicator", "project")
        return {kind: {r for r, rec in records.items() if rec.kind == kind} for kind in kinds}

    return facts.once("ids_by_kind", scan)


def _glossary_groups(facts: Facts) -> list[tuple[str, list[Term]]]:
    return facts.once("glossary_groups", lambda: glossary_groups(facts.corpus.glossary))


def topic_context(
    facts: Facts,
    code: str,
    topic: Topic,
    plans: list[PlanCorpus],
    part: int,
    groups: list[list[PlanCorpus]],
) -> TopicContext:
    kinds = _ids_by_kind(facts)
    return {
        "topic": topic,
        "plans": plans,
        "part": part,
        "parts": _parts(f"topic/{topic.key}", groups, code),
        "topic_totals": {p.id: topic_investment(p, facts.relations, topic.key) for p in plans},
        "provision_ids": kinds["provision"],
        "indicator_ids": kinds["indicator"],
        "project_ids": kinds["project"],
    }


def glossary_context(facts: Facts, code: str) -> GlossaryContext:
    terms = facts.corpus.glossary
    if edition(code).original:
        return {"terms": terms, "index": _glossary_groups(facts), "paged": True}
    return {"terms": terms, "index": _groups_by_name(terms, code), "paged": False}


def _groups_by_name(terms: list[Term], code: str) -> list[tuple[str, list[Term]]]:
    """Terms in the alphabetical order of their names in the edition's language (the Chinese
    where a term has none), grouped by first letter."""

    def name(term: Term) -> str:
        return str(getattr(term, code, None) or term.zh)

    def letter(term: Term) -> str:
        return name(term)[0].lower()

    ordered = sorted(sorted(terms, key=lambda term: name(term).lower()), key=letter)
    grouped = [list(group) for _, group in groupby(ordered, letter)]
    return [(name(group[0])[0], group) for group in grouped]


def glossary_initial_context(facts: Facts, code: str, initial: str) -> GlossaryInitialContext:
    groups = _glossary_groups(facts)
    group = next(terms for letter, terms in groups if terms[0].id[0] == initial)
    return {"initial": group[0].id[0].upper(), "group": group, "groups": groups}


def investment_context(
    facts: Facts, code: str, plans: list[PlanCorpus], part: int, groups: list[list[PlanCorpus]]
) -> InvestmentContext:
    by_topic = facts.once(
        "investment_by_topic", lambda: investment_by_topic(facts.corpus, facts.relations)
    )
    shown = [plan.id for plan in plans]
    return {
        "plans": plans,
        "part": part,
        "parts": _parts("investment", groups, code),
        "totals": {plan.id: plan_total(plan) for plan in plans},
        "by_domain": [r for r in _investment_by_domain(facts) if any(r.values[p] for p in shown)],
        "by_topic": [r for r in by_topic if any(r.totals[p].tagged for p in shown)],
        "domain_panels": [_panel(plan, _domain_bars(facts, plan, code), code) for plan in plans],
        "topic_panels": [_panel(plan, _topic_bars(by_topic, plan, code), code) for plan in plans],
        "largest": {plan.id: largest_projects(plan) for plan in plans},
        "by_type": {plan.id: count_by(plan, "type") for plan in plans},
        "by_unit": {plan.id: count_by(plan, "lead_unit") for plan in plans},
    }


def _panel(plan: PlanCorpus, bars: list[Bar], code: str, name: str = "") -> Panel:
    words = messages(code)
    return Panel(
        name=name or localized(plan.meta, "district", code),
        note=words["chart.panel.total"].format(total=money(plan_total(plan), code)),
        bars=bars,
        unit=words["chart.money.unit"],
    )


def _domain_bars(facts: Facts, plan: PlanCorpus, code: str) -> list[Bar]:
    """A bar per domain the plan invests in, leading to its project table filtered to it."""
    return [
        Bar(
            localized(row, "name", code),
            row.values[plan.id],
            f"{plan.id}/projects",
            "?domain=" + quote(row.name.lower()),
        )
        for row in _investment_by_domain(facts)
        if row.values[plan.id]
    ]


def _topic_bars(rows: list[TopicRow], plan: PlanCorpus, code: str) -> list[Bar]:
    """A bar per topic (each project under its main topic), leading to the plan's part of the
    topic page."""
    return [
        Bar(localized(row, "name", code), row.values[plan.id], f"topic/{row.key}/{plan.id}")
        for row in rows
        if row.values[plan.id]
    ]


class OverviewContext(TypedDict):
    plan: PlanCorpus
    count: IndicatorCounts


def overview_context(facts: Facts, code: str, plan: PlanCorpus) -> OverviewContext:
    return {"plan": plan, "count": indicator_counts(plan)}


class HomeContext(TypedDict):
    counts: dict[str, IndicatorCounts]
    table: bool  # many plans: one row each (each plan's overview links its pages)


def home_context(facts: Facts, code: str) -> HomeContext:
    plans = facts.corpus.plans
    return {
        "counts": {plan.id: indicator_counts(plan) for plan in plans},
        "table": len(plans) > site_model.PLANS_IN_SECTIONS,
    }


def maintenance_context(facts: Facts, code: str) -> MaintenanceContext:
    warnings = [str(w) for w in facts.corpus.warnings]
    return {"warnings": warnings + [str(f) for f in facts.findings if not f.ok]}


def compare_context(
    facts: Facts, code: str, plans: list[PlanCorpus], part: int, groups: list[list[PlanCorpus]]
) -> CompareContext:
    everyone = facts.corpus.plans
    return {
        "comparison": facts.once("comparison", lambda: compare_indicators(facts.corpus)),
        "district_names": {p.id: (p.meta.district_zh, p.meta.district_en) for p in everyone},
        "plans": plans,
        "part": part,
        "parts": _parts("compare", groups, code),
    }


def national_indicator_context(
    facts: Facts,
    code: str,
    indicator: StandardIndicator,
    plans: list[PlanCorpus],
    part: int,
    groups: list[list[PlanCorpus]],
) -> NationalIndicatorContext:
    standard = facts.corpus.standard
    task = next((t for t in standard.tasks if t.key == indicator.task), None)
    domain = next((d for d in standard.domains if task and d.key == task.domain), None)
    entries: list[StandardIndicator | StandardSub] = [*indicator.subs] or [indicator]
    return {
        "indicator": indicator,
        "domain": domain,
        "task": task,
        "part": part,
        "parts": _parts(f"national/{indicator.key}", groups, code),
        "rows": [_national_row(facts, code, e, plans) for e in entries],
        "siblings": [
            other
            for other in standard.indicators
            if other.key != indicator.key
            and _domain_of(standard, other) == _domain_of(standard, indicator)
        ],
    }


def _national_row(
    facts: Facts, code: str, entry: StandardIndicator | StandardSub, plans: list[PlanCorpus]
) -> NationalRow:
    districts = _figures(facts, entry, plans)
    trends = [
        Trend(localized(f.plan.meta, "district", code), _points(f.indicator))
        for f in districts
        if f.indicator and _points(f.indicator)
    ]
    title = say(code, "national.chart", name=localized(entry, "name", code))
    standard = parse_threshold(entry.standard_zh)
    chart = Markup(trend_lines(title, trends, entry.unit or "", standard)) if trends else None
    return NationalRow(entry.key, entry, districts, chart)


def _points(row: Indicator) -> list[tuple[int, float]]:
    """The numbers a plan's row states: its baseline and targets, by year."""
    points = [(row.baseline_year, row.baseline_value)] if row.baseline_value is not None else []
    return points + [(t.year, t.value) for t in row.targets if t.value is not None]


def _domain_of(standard: NationalStandard, indicator: StandardIndicator) -> str | None:
    return next((t.domain for t in standard.tasks if t.key == indicator.task), None)


def _figures(
    facts: Facts, entry: StandardIndicator | StandardSub, plans: list[PlanCorpus]
) -> list[DistrictFigures]:
    cells = facts.once("national_cells", lambda: _national_cells(facts.corpus))[entry.key]
    figures = []
    for plan in plans:
        row = cells[plan.id]
        figures.append(
            DistrictFigures(
                plan=plan,
                indicator=row,
                check=standard_check(entry.standard_zh, row),
                notes=[n for n in plan.notes if row and _touches(n, row.lines)],
                related=facts.relations.related_of(f"{plan.id}/{row.id}") if row else [],
            )
        )
    return figures


def _national_cells(corpus: Corpus) -> dict[str, dict[str, Indicator | None]]:
    """Each national key's row in each plan: the comparison's own pairing."""
    return {row.key: row.cells for group in compare_indicators(corpus) for row in group.rows}


def standard_check(standard: str | None, row: Indicator | None) -> StandardCheck | None:
    """Where the standard is a plain number with a comparator and the baseline a number."""
    threshold = parse_threshold(standard)
    if row is None or row.baseline_value is None or threshold is None or not threshold[0]:
        return None
    comparator, value = threshold
    baseline = row.baseline_value
    met = {"≥": baseline >= value, "≤": baseline <= value, ">": baseline > value}.get(
        comparator, baseline < value
    )
    return StandardCheck(comparator, value, baseline, met)


def _touches(note: DataNote, lines: tuple[int, int]) -> bool:
    return any(p.lines[0] <= lines[1] and lines[0] <= p.lines[1] for p in note.places)


def source_context(facts: Facts, code: str, plan: PlanCorpus, number: int) -> SourceContext:
    first = (number - 1) * SOURCE_LINES_PER_PAGE + 1
    shown = plan.source[first - 1 : first - 1 + SOURCE_LINES_PER_PAGE]
    starts = facts.once(f"source/{plan.id}", lambda: _records_by_first_line(plan))
    return {
        "plan": plan,
        "number": number,
        "first": first,
        "lines": list(enumerate(shown, start=first)),
        "neighbours": _neighbours(number, len(plan.source)),
        "records": {n: starts[n] for n in range(first, first + len(shown)) if n in starts},
    }


def _neighbours(number: int, total: int) -> list[tuple[str, int, int, int]]:
    found = []
    if number > 1:
        start = (number - 2) * SOURCE_LINES_PER_PAGE + 1
        found.append(("previous", number - 1, start, start + SOURCE_LINES_PER_PAGE - 1))
    if number * SOURCE_LINES_PER_PAGE < total:
        start = number * SOURCE_LINES_PER_PAGE + 1
        found.append(("next", number + 1, start, min(start + SOURCE_LINES_PER_PAGE - 1, total)))
    return found


def _records_by_first_line(plan: PlanCorpus) -> dict[int, list[str]]:
    """Which provisions, indicator rows and projects each line of the source begins."""
    placed = [(p.id, p.lines) for p in plan.provisions]
    placed += [(i.id, i.lines) for i in plan.indicators] + [(j.id, j.lines) for j in plan.projects]
    starts: dict[int, list[str]] = {}
    for record, lines in placed:
        starts.setdefault(lines[0], []).append(f"{plan.id}/{record}")
    return starts


def search_context(facts: Facts, code: str) -> SearchContext:
    return {"words": search_words(facts.corpus, code)}


def search_words(corpus: Corpus, code: str) -> dict[str, object]:
    """What atlas-search.js writes on a page (the search page's and the header box's results)."""
    words = messages(code)
    status = {key: words[f"search.status.{key}"] for key in SEARCH_STATUSES}
    return {
        **status,
        "engine": {e: words[f"search.engine.{e}"] for e in ("staff", "static")},
        "kinds": {k: label_text(code, f"search.kind.{k}") for k in SEARCH_KINDS},
        "plans": {p.id: _district_label(p, code) for p in corpus.plans},
    }


SEARCH_STATUSES = ("results", "none", "did_you_mean", "searching", "error", "all")
SEARCH_KINDS = ("provision", "indicator", "project", "term")


def _district_label(plan: PlanCorpus, code: str) -> str:
    meta = plan.meta
    return say(code, "search.plan.label", zh=meta.district_zh, en=meta.district_en or "")


def downloads_context(facts: Facts, code: str) -> DownloadsContext:
    return {
        "files": facts.files,
        "descriptions": DESCRIPTIONS,
        "root": "../" * (1 + edition(code).depth),  # from /downloads/ (/en/downloads/) to /
    }


def glossary_groups(terms: list[Term]) -> list[tuple[str, list[Term]]]:
    """Terms in pinyin order, grouped by initial letter."""
    groups: dict[str, list[Term]] = {}
    for term in sorted(terms, key=lambda term: term.id):
        groups.setdefault(term.id[0].upper(), []).append(term)
    return list(groups.items())


def project_domains(plan: PlanCorpus) -> list[DomainGroup]:
    """Group projects by domain in table order, with computed and stated totals."""
    names = list(dict.fromkeys(project.domain_zh for project in plan.projects))
    stated = {total.domain_zh: total for total in plan.totals}
    groups = []
    for name in names:
        projects = [p for p in plan.projects if p.domain_zh == name]
        groups.append(
            DomainGroup(
                name_zh=name,
                name_en=projects[0].domain_en,
                projects=projects,
                computed=sum(p.investment_wan or 0 for p in projects),
                stated=stated.get(name),
            )
        )
    return groups


def snapshot_chapters(
    plan: PlanCorpus, provisions: list[ProvisionRecord]
) -> list[tuple[Chapter | None, list[ProvisionRecord]]]:
    """A revision's provisions grouped under today's chapter headings (by chapter number)."""
    chapters = {c.n: c for c in plan.structure.chapters}
    grouped: dict[int, list[ProvisionRecord]] = {}
    for provision in provisions:
        grouped.setdefault(provision.chapter, []).append(provision)
    return [(chapters.get(n), items) for n, items in grouped.items()]


KINDS = {
    kind.name: kind
    for kind in (
        PageKind("home", "home.md.j2", home_context),
        PageKind("about", None),  # docs/pages/about.md, written by hand
        PageKind("feed", None),  # feed.xml, written after MkDocs
        PageKind("compare", "compare.md.j2", compare_context),
        PageKind("compare_part", "compare.md.j2", compare_context, in_nav=False),
        PageKind("source", "source.md.j2", source_context, in_nav=False),
        *(
            PageKind(
                name,
                "national_indicator.md.j2",
                national_indicator_context,
                in_nav=False,
                facet="indicators",  # a row per plan: rendered again when its indicators change
            )
            for name in ("national_indicator", "national_indicator_part")
        ),
        PageKind("investment", "investment.md.j2", investment_context),
        PageKind("investment_part", "investment.md.j2", investment_context, in_nav=False),
        PageKind("search", "search.md.j2", search_context),
        PageKind("downloads", "downloads.md.j2", downloads_context),
        PageKind("maintenance", "maintenance.md.j2", maintenance_context, in_nav=False),
        PageKind("glossary", "glossary.md.j2", glossary_context),
        PageKind("glossary_initial", "glossary_initial.md.j2", glossary_initial_context),
        PageKind("topics_index", "topics_index.md.j2", topics_index_context),
        PageKind("topic", "topic.md.j2", topic_context, in_nav=False),
        PageKind("topic_part", "topic.md.j2", topic_context, in_nav=False),
        PageKind("plan_overview", "plan_overview.md.j2", overview_context),
        # Chapter pages repeat their provisions' text: each provision is found on its own page.
        PageKind("chapter", "chapter.md.j2", chapter_context),
        PageKind("provision", "provision.md.j2", provision_context, in_nav=False),
        PageKind("removed", "removed.md.j2", removed_context, in_nav=False),
        PageKind("indicators", "indicators.md.j2", plan_context),
        PageKind("projects", "projects.md.j2", projects_context),
        PageKind("data_notes", "data_notes.md.j2", data_notes_context),
        PageKind("glance", "glance.md.j2", glance_context),
        PageKind("revisions", "revisions.md.j2", revisions_context),
        PageKind(
            "revision_text",
            "revision_text.md.j2",
            revision_text_context,
            in_nav=False,
        ),
        PageKind(
            "revision_chapter",
            "revision_chapter.md.j2",
            revision_chapter_context,
            in_nav=False,
        ),
    )
}
