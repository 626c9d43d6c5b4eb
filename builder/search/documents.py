"""What goes into the index: one flat document per provision, indicator row, project, term."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from builder.link import Registry
from builder.load import Corpus, PlanCorpus
from builder.text import zh_numeral

Document = dict[str, Any]


def corpus_documents(corpus: Corpus, registry: Registry) -> Iterator[Document]:
    for plan in corpus.plans:
        yield from plan_documents(plan, registry)
    yield from glossary_documents(corpus)


def plan_documents(plan: PlanCorpus, registry: Registry) -> Iterator[Document]:
    yield from _provisions(plan, registry)
    yield from _indicators(plan, registry)
    yield from _projects(plan, registry)


def glossary_documents(corpus: Corpus) -> Iterator[Document]:
    for term in corpus.glossary:
        yield {
            "id": f"term/{term.id}",
            "plan": "",
            "kind": "term",
            "label": term.zh,
            "title_zh": term.zh,
            "title_en": term.en,
            "alias_zh": " ".join(term.aliases_zh),
            "alias_en": " ; ".join(term.aliases_en),
            "body_zh": term.definition_zh,
            "body_en": term.definition_en,
            "url": "",
            "order": 0,
        }


def _provisions(plan: PlanCorpus, registry: Registry) -> Iterator[Document]:
    chapters = {c.n: c for c in plan.structure.chapters}
    for order, provision in enumerate(plan.provisions):
        chapter = chapters[provision.chapter]
        section = next((s for s in chapter.sections if s.n == provision.section), None)
        context_zh = [f"第{zh_numeral(chapter.n)}章", chapter.title_zh]
        context_en = [chapter.title_en or ""]
        if section:
            context_zh += [f"第{zh_numeral(section.n)}节", section.title_zh]
            context_en.append(section.title_en or "")
        label = provision.label or ""
        yield {
            "id": f"{plan.id}/{provision.id}",
            "plan": plan.id,
            "kind": "provision",
            "label": label,
            "number": provision.number or 0,
            "chapter": provision.chapter,
            "section": provision.section or 0,
            "chapter_title": chapter.title_zh,
            "section_title": section.title_zh if section else "",
            "title_zh": provision.title_zh,
            "title_en": provision.title_en or "",
            "body_zh": provision.text_zh,
            "body_en": " ".join([provision.summary_en or "", *(provision.text_en or [])]),
            "context_zh": " ".join(context_zh),
            "context_en": " ".join(context_en),
            "url": registry.url(f"{plan.id}/{provision.id}"),
            "order": order,
        }


def _indicators(plan: PlanCorpus, registry: Registry) -> Iterator[Document]:
    for order, indicator in enumerate(plan.indicators):
        label = (
            f"{'参考性指标' if indicator.attribute == 'reference' else '指标'} {indicator.number}"
        )
        label += f".{indicator.sub}" if indicator.sub else ""
        targets = " ".join(f"{t.year}年 {t.text}" for t in indicator.targets if t.text)
        yield {
            "id": f"{plan.id}/{indicator.id}",
            "plan": plan.id,
            "kind": "indicator",
            "label": label,
            "title_zh": " ".join(filter(None, [indicator.group_zh, indicator.name_zh])),
            "title_en": indicator.name_en or "",
            "body_zh": " ".join(
                filter(None, [indicator.standard_zh, indicator.baseline_text, targets])
            ),
            "body_en": " ".join(
                [
                    f"indicator {indicator.status.replace('_', ' ')}",
                    *filter(None, [indicator.standard_en, indicator.baseline_en]),
                    *filter(None, indicator.targets_en.values()),
                ]
            ),
            "context_zh": " ".join(filter(None, [indicator.domain_zh, indicator.task_zh, "指标"])),
            "context_en": " ".join(filter(None, [indicator.domain_en, "indicator", "target"])),
            "url": registry.url(f"{plan.id}/{indicator.id}"),
            "order": order,
        }


def _projects(plan: PlanCorpus, registry: Registry) -> Iterator[Document]:
    for order, project in enumerate(plan.projects):
        yield {
            "id": f"{plan.id}/{project.id}",
            "plan": plan.id,
            "kind": "project",
            "label": f"项目 {project.number}",
            "title_zh": project.name_zh,
            "title_en": project.name_en or "",
            "body_zh": project.content_zh + " " + " ".join(project.lead_units),
            "body_en": " ".join(
                [
                    "project investment",
                    project.domain_en or "",
                    project.content_en or "",
                    *project.lead_units_en,
                ]
            ),
            "context_zh": " ".join(filter(None, [project.domain_zh, project.task_zh, "项目 工程"])),
            "context_en": project.domain_en or "",
            "url": registry.url(f"{plan.id}/{project.id}"),
            "order": order,
        }
