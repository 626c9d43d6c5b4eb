"""Render stage: turn the linked corpus into Markdown pages and the navigation, with Jinja2."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from builder.charts import Series, grouped_bars
from builder.compare import compare_indicators
from builder.consistency import Finding
from builder.editions import counterpart, label_text, localized, messages
from builder.editions import edition as edition_of
from builder.english_names import english_names
from builder.export import DESCRIPTIONS, Download, downloads, export_files
from builder.figures import (
    STATUS_ORDER,
    count_by,
    investment_by_domain,
    investment_by_topic,
    largest_projects,
    plan_total,
    status_counts,
    topic_investment,
)
from builder.link import Registry, chapter_key, glossary_page
from builder.load import Corpus, PlanCorpus
from builder.models import Chapter, Project, Provision, StatedTotal
from builder.models.provision import ProvisionRecord
from builder.names import Names, label_number
from builder.relations import Relations, relate
from builder.revision.changes import provision_changes
from builder.revision.report import char_diff, diff_html
from builder.text import (
    TermLinker,
    excerpt,
    file_size,
    md_escape,
    safe_url,
    yaml_string,
    zh_numeral,
)

NavItem = dict[str, Any] | str


@dataclass(frozen=True)
class DomainGroup:
    """A domain of the project table with its projects and both totals."""

    name_zh: str
    name_en: str | None
    projects: list[Project]
    computed: float
    stated: StatedTotal | None


@dataclass(frozen=True)
class RenderedSite:
    pages: dict[str, str]
    nav: list[NavItem]


# A provision page names each other plan on its topics up to this many; beyond, one line per
# topic links the topic page (otherwise every page grows with the number of plans).
OTHERS_LISTED = 3


def make_environment(registry: Registry, corpus: Corpus, relations: Relations) -> Environment:
    env = Environment(
        loader=PackageLoader("builder", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown attribute lists use `{#id}`, Jinja's default comment opener.
        comment_start_string="{##",
        comment_end_string="##}",
        finalize=_escape_output,
    )
    env.filters.update(
        md=md_escape,
        yaml=yaml_string,
        zh_numeral=zh_numeral,
        excerpt=excerpt,
        prefix=lambda value, prefix: f"{prefix}{value}",
        en_label=label_number,
        filesize=file_size,
        url=safe_url,  # a link target that is not the registry's (the Downloads files)
    )
    env.globals["diff"] = lambda old, new, side: Markup(diff_html(char_diff(old, new), side))
    linker = TermLinker(corpus.glossary)
    records = _records_by_id(corpus)

    def term_paragraphs(paragraphs: list[str], page: str) -> list[Markup]:
        return linker.paragraphs(paragraphs, lambda term: registry.href(f"term/{term}", page))

    env.globals.update(
        registry=registry,
        chapter_key=chapter_key,
        relations=relations,
        term_paragraphs=term_paragraphs,
        topics={topic.key: topic for topic in corpus.topics},
        record=records.__getitem__,
        OTHERS_LISTED=OTHERS_LISTED,
    )
    return env


def _escape_output(value: Any) -> Any:
    """Every value a template prints takes the one escape path (builder.text.md_escape),
    whatever template or macro carries it; numbers and Markup pass as they are."""
    return md_escape(value) if isinstance(value, str) else value


def render_site(
    corpus: Corpus,
    registry: Registry,
    findings: list[Finding] | None = None,
    relations: Relations | None = None,
    edition: str = "zh",
    files: list[Download] | None = None,
) -> RenderedSite:
    """Render every page of one edition into memory: the same pages and anchors in both,
    each page linking to its counterpart in the other edition. `files` are the exports the
    Downloads page lists (made here when not given)."""
    relations = relations or relate(corpus)
    if files is None:
        files = downloads(export_files(corpus, registry, relations), corpus)
    env = make_environment(registry, corpus, relations)
    districts = {plan.id: localized(plan.meta, "district", edition) for plan in corpus.plans}
    _add_edition_globals(env, edition, corpus, relations)
    env.globals.update(
        catalogue=messages(edition),
        statuses=STATUS_ORDER,
        english_names=english_names(corpus),
        district=districts.__getitem__,  # a plan's district, in the edition's language
        label_text=partial(label_text, edition),  # _labels.j2's plain form: one definition
    )
    pages: dict[str, str] = {}
    own = edition_of(edition).templates

    def render(page: str, template: str, **context: Any) -> None:
        if page in pages:
            raise ValueError(f"two pages would be written to {page}")
        chosen = env.select_template([own + template, template])
        text = chosen.render(page=page, corpus=corpus, **context)
        pages[page] = with_alternate(text, page, edition)

    render("index.md", "home.md.j2")
    _render_connected_pages(corpus, relations, findings or [], render, edition)
    render(
        "compare.md",
        "compare.md.j2",
        comparison=compare_indicators(corpus),
        district_names={
            plan.id: (plan.meta.district_zh, plan.meta.district_en) for plan in corpus.plans
        },
    )
    plan_labels = {
        plan.id: f"{plan.meta.district_zh} {plan.meta.district_en}" for plan in corpus.plans
    }
    render("search.md", "search.md.j2", articles=_article_numbers(corpus), plan_labels=plan_labels)
    render(
        "downloads.md",
        "downloads.md.j2",
        files=files,
        descriptions=DESCRIPTIONS,
        root="../" * (1 + edition_of(edition).depth),  # from /downloads/ (/en/downloads/) to /
    )
    for plan in corpus.plans:
        plan_findings = [f for f in findings or [] if f.plan == plan.id]
        _render_plan(plan, render, plan_findings)
        _render_glance(corpus, plan, render, edition)
    return RenderedSite(pages=pages, nav=build_nav(corpus, edition))


def _add_edition_globals(env: Environment, code: str, corpus: Corpus, relations: Relations) -> None:
    """What every template of one edition prints with: its catalogue's words (`say`), text in its
    language (`tr`, `gloss`), and the names of chapters, sections, provisions and records."""
    names = Names(code)
    words = messages(code)
    gloss_code = words["gloss_lang"].split("-")[0]
    record_names = _record_names(corpus, relations, names)

    def say_markup(key: str, **fields: object) -> Markup:
        escaped = {name: md_escape(value) for name, value in fields.items()}
        return Markup(words[key]).format(**escaped)

    env.globals.update(
        edition=edition_of(code),
        say=say_markup,
        tr=lambda record, field: localized(record, field, code),
        gloss=lambda record, field: getattr(record, f"{field}_{gloss_code}", None) or "",
        chapter_name=names.chapter,
        section_name=names.section,
        cite=names.cite,
        heading=names.heading,
        cite_in=lambda provision, language: Names(language).cite(provision),
        name_of=record_names.__getitem__,
    )


def _record_names(corpus: Corpus, relations: Relations, names: Names) -> dict[str, str]:
    """Every record's name as lists of links show it, gathered once per edition."""
    found = {}
    for rid, item in _records_by_id(corpus).items():
        kind = relations.records[rid].kind
        name = localized(item, "name", names.code)
        if kind == "provision":
            found[rid] = names.heading(item)
        elif kind == "indicator":
            found[rid] = names.indicator(item.number, item.sub, item.attribute == "reference", name)
        else:
            found[rid] = names.project(item.number, name)
    return found


def counterpart_url(page: str, edition: str) -> str:
    """The relative URL, from `page` in `edition`, of the same page in the other edition."""
    url = page.removesuffix(".md").removesuffix("index")
    url = url if not url or url.endswith("/") else url + "/"
    up = "../" * (url.count("/") + edition_of(edition).depth)
    return up + counterpart(edition).prefix + url


def with_alternate(text: str, page: str, edition: str) -> str:
    """Name the page's counterpart in its front matter (the header's language switch)."""
    line = f"alternate: {counterpart_url(page, edition) or './'}\n"
    if text.startswith("---\n"):
        return "---\n" + line + text[4:]
    return f"---\n{line}---\n{text}"


def _render_glance(corpus: Corpus, plan: PlanCorpus, render: Any, edition: str) -> None:
    by_domain = [row for row in investment_by_domain(corpus) if row.values[plan.id]]
    status = status_counts(plan)
    words = messages(edition)
    district = localized(plan.meta, "district", edition)
    name = {plan.id: district}
    status_chart = grouped_bars(
        words["chart.status.title"],
        [label_text(edition, f"status.{s}") for s in status],
        [Series(district, [float(n) for n in status.values()])],
        words["chart.status.unit"],
    )
    domain_title = words["chart.glance.domain"].format(district=district)
    render(
        f"{plan.id}/glance.md",
        "glance.md.j2",
        plan=plan,
        total=plan_total(plan),
        status=status,
        status_chart=Markup(status_chart),
        by_domain=by_domain,
        domain_chart=Markup(_chart(domain_title, by_domain, name, edition)),
        largest=largest_projects(plan),
    )


def _render_connected_pages(
    corpus: Corpus, relations: Relations, findings: list[Finding], render: Any, edition: str
) -> None:
    """Topics, glossary, investment comparison and the maintenance page."""
    kinds = {
        kind: {r for r, rec in relations.records.items() if rec.kind == kind}
        for kind in ("provision", "indicator", "project")
    }
    counts = {
        topic.key: {
            plan.id: {
                kind: len(set(relations.by_topic[topic.key].get(plan.id, [])) & kinds[kind])
                for kind in kinds
            }
            for plan in corpus.plans
        }
        for topic in corpus.topics
    }
    render("topics/index.md", "topics_index.md.j2", counts=counts)
    for topic in corpus.topics:
        totals = {plan.id: topic_investment(plan, relations, topic.key) for plan in corpus.plans}
        render(
            f"topics/{topic.key}.md",
            "topic.md.j2",
            topic=topic,
            topic_totals=totals,
            provision_ids=kinds["provision"],
            indicator_ids=kinds["indicator"],
            project_ids=kinds["project"],
        )
    groups = glossary_groups(corpus.glossary)
    render("glossary.md", "glossary.md.j2", terms=corpus.glossary, groups=groups)
    for initial, group in groups:
        render(
            glossary_page(group[0].id),
            "glossary_initial.md.j2",
            initial=initial,
            group=group,
            groups=groups,
        )
    by_domain, by_topic = investment_by_domain(corpus), investment_by_topic(corpus, relations)
    names = {plan.id: localized(plan.meta, "district", edition) for plan in corpus.plans}
    words = messages(edition)
    render(
        "investment.md",
        "investment.md.j2",
        totals={plan.id: plan_total(plan) for plan in corpus.plans},
        by_domain=by_domain,
        by_topic=by_topic,
        domain_chart=Markup(_chart(words["chart.investment.domain"], by_domain, names, edition)),
        topic_chart=Markup(_chart(words["chart.investment.topic"], by_topic, names, edition)),
        largest={plan.id: largest_projects(plan) for plan in corpus.plans},
        by_type={plan.id: count_by(plan, "type") for plan in corpus.plans},
        by_unit={plan.id: count_by(plan, "lead_unit") for plan in corpus.plans},
    )
    warnings = [str(w) for w in corpus.warnings] + [str(f) for f in findings if not f.ok]
    render("maintenance.md", "maintenance.md.j2", warnings=warnings)


def _chart(title: str, rows: list[Any], names: dict[str, str], edition: str) -> str:
    series = [Series(names[pid], [row.values[pid] for row in rows]) for pid in names]
    labels = [localized(row, "name", edition) for row in rows]
    return grouped_bars(title, labels, series, messages(edition)["chart.money.unit"])


def glossary_groups(terms: list[Any]) -> list[tuple[str, list[Any]]]:
    """Terms in pinyin order, grouped by initial letter."""
    ordered = sorted(terms, key=lambda term: term.id)
    groups: dict[str, list[Any]] = {}
    for term in ordered:
        groups.setdefault(term.id[0].upper(), []).append(term)
    return list(groups.items())


def _render_plan(plan: PlanCorpus, render: Any, findings: list[Finding]) -> None:
    pid = plan.id
    render(f"{pid}/index.md", "plan_overview.md.j2", plan=plan)
    render(f"{pid}/indicators.md", "indicators.md.j2", plan=plan)
    domains = project_domains(plan)
    render(
        f"{pid}/projects.md",
        "projects.md.j2",
        plan=plan,
        domains=domains,
        grand_computed=sum(d.computed for d in domains),
        lead_units=sorted({unit for p in plan.projects for unit in p.lead_units}),
    )
    render(f"{pid}/data-notes.md", "data_notes.md.j2", plan=plan, findings=findings)
    render(f"{pid}/revisions.md", "revisions.md.j2", plan=plan)
    current = {p.id: p for p in plan.provisions}  # a revision's provisions as they are today
    for number, provisions in plan.snapshots.items():
        revision = next(r for r in plan.revisions if r.revision == number)
        chapters = _snapshot_chapters(plan, provisions)
        render(
            f"{pid}/revisions/{number}.md",
            "revision_text.md.j2",
            plan=plan,
            revision=revision,
            chapters=chapters,
            current=current,
        )
        for chapter, items in chapters:
            render(
                f"{pid}/revisions/{number}/{chapter_key(items[0].chapter)}.md",
                "revision_chapter.md.j2",
                plan=plan,
                revision=revision,
                chapter=chapter,
                provisions=items,
                current=current,
            )
    for chapter in plan.structure.chapters:
        render(
            f"{pid}/{chapter_key(chapter.n)}.md",
            "chapter.md.j2",
            plan=plan,
            chapter=chapter,
            provisions=[p for p in plan.provisions if p.chapter == chapter.n],
        )
    changes = provision_changes(plan.reports, plan.snapshots)
    for removed in plan.removed:
        if removed.id not in current:
            versions = changes.versions.get(removed.id, [])
            render(
                f"{pid}/{removed.id}.md",
                "removed.md.j2",
                plan=plan,
                provision=removed,
                versions=versions,
            )
    for index, provision in enumerate(plan.provisions):
        render(
            f"{pid}/{provision.id}.md",
            "provision.md.j2",
            plan=plan,
            provision=provision,
            changed=changes.last_changed.get(provision.id),
            versions=changes.versions.get(provision.id, []),
            chapter=_chapter_of(plan, provision),
            previous=plan.provisions[index - 1] if index > 0 else None,
            next=plan.provisions[index + 1] if index + 1 < len(plan.provisions) else None,
        )


def _article_numbers(corpus: Corpus) -> dict[str, list[int]]:
    """Numbered articles per plan, so the search page can go straight to 第37条."""
    return {
        plan.id: [p.number for p in plan.provisions if p.number is not None]
        for plan in corpus.plans
        if any(p.number is not None for p in plan.provisions)
    }


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


def _chapter_of(plan: PlanCorpus, provision: Provision) -> Chapter:
    return next(c for c in plan.structure.chapters if c.n == provision.chapter)


def _snapshot_chapters(
    plan: PlanCorpus, provisions: list[ProvisionRecord]
) -> list[tuple[Chapter | None, list[ProvisionRecord]]]:
    """A revision's provisions grouped under today's chapter headings (by chapter number)."""
    chapters = {c.n: c for c in plan.structure.chapters}
    grouped: dict[int, list[ProvisionRecord]] = {}
    for provision in provisions:
        grouped.setdefault(provision.chapter, []).append(provision)
    return [(chapters.get(n), items) for n, items in grouped.items()]


def _records_by_id(corpus: Corpus) -> dict[str, Any]:
    return {
        f"{plan.id}/{item.id}": item
        for plan in corpus.plans
        for items in (plan.provisions, plan.indicators, plan.projects)
        for item in items
    }


def build_nav(corpus: Corpus, edition: str = "zh") -> list[NavItem]:
    """The sidebar of an edition: each plan's overview and chapters (provision pages stay out
    of it); both editions list the same pages."""
    words = messages(edition)

    def label(page: str) -> str:
        return words[f"nav.{page}"]

    nav: list[NavItem] = [{label("home"): "index.md"}]
    for plan in corpus.plans:
        items: list[NavItem] = [{label("overview"): f"{plan.id}/index.md"}]
        for chapter in plan.structure.chapters:
            items.append(
                {_chapter_title(chapter, edition): f"{plan.id}/{chapter_key(chapter.n)}.md"}
            )
        pages = ("glance", "indicators", "projects", "data-notes", "revisions")
        items += [{label(page): f"{plan.id}/{page}.md"} for page in pages]
        nav.append({localized(plan.meta, "short", edition): items})
    comparison = [
        {label("compare-indicators"): "compare.md"},
        {label("investment"): "investment.md"},
    ]
    nav.append({label("compare"): comparison})
    # A top-level item: inside a section, material would make topics/index.md its index.
    nav.append({label("topics"): "topics/index.md"})
    nav.append({label("glossary"): "glossary.md"})
    nav.append({label("search"): "search.md"})
    # Every entry titled: a dirty build does not read unchanged pages, so an untitled entry
    # would lose its title on the pages it rebuilds.
    about = [
        {label("about"): "about.md"},
        {label("downloads"): "downloads.md"},
        {label("maintenance"): "maintenance.md"},
    ]
    nav.append({label("about-section"): about})
    return _escape_titles(nav)


def _escape_titles(nav: list[NavItem]) -> list[NavItem]:
    """MkDocs' theme prints navigation titles as they are: chapter titles come from the
    corpus, so every title is HTML-escaped here, once."""
    escaped: list[NavItem] = []
    for item in nav:
        if isinstance(item, dict):
            item = {
                html.escape(title): _escape_titles(child) if isinstance(child, list) else child
                for title, child in item.items()
            }
        escaped.append(item)
    return escaped


def _chapter_title(chapter: Chapter, edition: str) -> str:
    return Names(edition).chapter(chapter)


class MissingVendorScript(FileNotFoundError):
    pass


def write_pages(
    rendered: RenderedSite,
    static: list[tuple[Path, str]],
    out_dir: Path,
    vendor: list[Path] | None = None,
) -> list[str]:
    """Make `out_dir` hold exactly the pages, the static pages ((folder, prefix) pairs) and the
    vendor scripts, writing only the files whose content changed (their times tell MkDocs'
    dirty build what to redo). Returns the paths written."""
    wanted: dict[str, bytes] = {
        prefix + str(path.relative_to(folder)): path.read_bytes()
        for folder, prefix in static
        for path in folder.rglob("*")
        if path.is_file()
    }
    for script in vendor or []:
        if not script.exists():
            raise MissingVendorScript(f"{script} is missing: `make site` installs it (npm)")
        wanted[f"assets/vendor/{script.name}"] = script.read_bytes()
    wanted.update({page: text.encode("utf-8") for page, text in rendered.pages.items()})
    written = []
    for name, content in sorted(wanted.items()):
        path = out_dir / name
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(content)
        temporary.replace(path)
        written.append(name)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        if path.is_file() and str(path.relative_to(out_dir)) not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written
