"""Render stage: turn the linked corpus into Markdown pages and the navigation, with Jinja2."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from builder.compare import compare_indicators
from builder.consistency import Finding
from builder.link import Registry, chapter_key
from builder.load import Corpus, PlanCorpus
from builder.models import Chapter, Project, Provision, StatedTotal
from builder.text import excerpt, md_escape, yaml_string, zh_numeral

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


def make_environment(registry: Registry) -> Environment:
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
    )
    env.filters.update(md=md_escape, yaml=yaml_string, zh_numeral=zh_numeral, excerpt=excerpt)
    env.globals.update(registry=registry, chapter_key=chapter_key)
    return env


def render_site(
    corpus: Corpus, registry: Registry, findings: list[Finding] | None = None
) -> RenderedSite:
    """Render every page of the site into memory."""
    env = make_environment(registry)
    pages: dict[str, str] = {}

    def render(page: str, template: str, **context: Any) -> None:
        if page in pages:
            raise ValueError(f"two pages would be written to {page}")
        pages[page] = env.get_template(template).render(page=page, corpus=corpus, **context)

    render("index.md", "home.md.j2")
    render("compare.md", "compare.md.j2", comparison=compare_indicators(corpus))
    plan_labels = {
        plan.id: f"{plan.meta.district_zh} {plan.meta.district_en}" for plan in corpus.plans
    }
    render("search.md", "search.md.j2", articles=_article_numbers(corpus), plan_labels=plan_labels)
    for plan in corpus.plans:
        plan_findings = [f for f in findings or [] if f.plan == plan.id]
        _render_plan(plan, render, plan_findings)
    return RenderedSite(pages=pages, nav=build_nav(corpus))


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
    )
    render(f"{pid}/data-notes.md", "data_notes.md.j2", plan=plan, findings=findings)
    for chapter in plan.structure.chapters:
        render(
            f"{pid}/{chapter_key(chapter.n)}.md",
            "chapter.md.j2",
            plan=plan,
            chapter=chapter,
            provisions=[p for p in plan.provisions if p.chapter == chapter.n],
        )
    for index, provision in enumerate(plan.provisions):
        render(
            f"{pid}/{provision.id}.md",
            "provision.md.j2",
            plan=plan,
            provision=provision,
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


def build_nav(corpus: Corpus) -> list[NavItem]:
    """The sidebar: each plan's overview and chapters (provision pages stay out of it)."""
    nav: list[NavItem] = [{"首页": "index.md"}]
    for plan in corpus.plans:
        items: list[NavItem] = [{"概览": f"{plan.id}/index.md"}]
        for chapter in plan.structure.chapters:
            title = f"第{zh_numeral(chapter.n)}章 {chapter.title_zh}"
            items.append({title: f"{plan.id}/{chapter_key(chapter.n)}.md"})
        items += [
            {"建设指标": f"{plan.id}/indicators.md"},
            {"重点项目": f"{plan.id}/projects.md"},
            {"数据说明": f"{plan.id}/data-notes.md"},
        ]
        nav.append({plan.meta.short_zh: items})
    nav.append({"指标对比": "compare.md"})
    nav.append({"高级检索": "search.md"})
    nav.append({"关于": "about.md"})
    return nav


def write_pages(rendered: RenderedSite, static_dir: Path, out_dir: Path) -> None:
    """Write the pages and the static pages into `out_dir`, replacing it only when complete."""
    staging = out_dir.with_name(out_dir.name + ".staging")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(static_dir, staging)
    for page, text in sorted(rendered.pages.items()):
        path = staging / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _replace_dir(staging, out_dir)


def _replace_dir(new: Path, old: Path) -> None:
    """Swap `new` into place of `old` with renames, so `old` is never half-written."""
    retired = old.with_name(old.name + ".old")
    if retired.exists():
        shutil.rmtree(retired)
    if old.exists():
        old.rename(retired)
    new.rename(old)
    if retired.exists():
        shutil.rmtree(retired)
