"""Export stage: the data contract under site/api/ (JSON, with a CSV beside each list).

Fields may be added, never renamed: outside users rely on them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.cache import Cache
from builder.link import Registry
from builder.load import Corpus, PlanCorpus
from builder.models import Chapter, Indicator, Project, Provision
from builder.paths import inside
from builder.relations import Relations

Record = dict[str, Any]

# What one record of each list holds, (Chinese, English), for the Downloads page.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "plans": (
        "每个规划一条：名称、区县、文号、印发日期、基准年、规划期、面积、总投资，条文、指标、项目数",
        "One record per plan: names, district, document number, issue date, base year, period, "
        "area, total investment, numbers of provisions, indicators and projects",
    ),
    "provisions": (
        "每条条文一条：编号、章节、中英文标题、中文原文、英文译文（非官方）、主题、关联记录、网址、来源行",
        "One record per provision: id, label, chapter and section, titles, Chinese text, English "
        "(unofficial), topics, related records, URL, source lines",
    ),
    "indicators": (
        "每个指标行一条：国家指标编号、属性、名称、单位、标准、基准值（原文与数值）、目标、达标情况、来源行",
        "One record per indicator row: national key, binding or reference, name, unit, standard, "
        "baseline (as printed and as a number), targets, status, source lines",
    ),
    "projects": (
        "每个重点项目一条：领域、名称、类型、建设内容、期限、投资（万元，原文与数值）、牵头单位、来源行",
        "One record per key project: domain, name, type, content, period, investment "
        "(10,000 yuan, as printed and as a number), lead units, source lines",
    ),
    "topics": ("每个主题一条：编号、中英文名称、网址", "One record per topic: key, names, URL"),
    "glossary": (
        "每个术语一条：中文、拼音、英文及别称、中英文释义、使用该术语的条文、网址",
        "One record per term: Chinese, pinyin, English and aliases, definitions in both "
        "languages, the provisions that use it, URL",
    ),
    "source": (
        "规划原文的文本提取（UTF-8）；导出数据的“来源行”即此文件的行号",
        "The plan's source text as extracted (UTF-8); the exports' source lines are its lines",
    ),
}


@dataclass(frozen=True)
class Download:
    """One file of the Downloads page."""

    path: str  # in the site, e.g. api/shifeng/provisions.json
    plan: str | None  # None: covers every plan
    kind: str  # a key of DESCRIPTIONS
    size: int  # bytes


def downloads(files: dict[str, bytes], corpus: Corpus) -> list[Download]:
    """The export files as the Downloads page lists them: all-plan lists, then each plan's."""
    sources = {f"api/sources/{plan.meta.source_file}": plan.id for plan in corpus.plans}
    listed = []
    for path, content in files.items():
        parts = path.removeprefix("api/").split("/")
        plan: str | None
        if path in sources:
            plan, kind = sources[path], "source"
        else:
            plan = parts[0] if len(parts) == 2 else None
            kind = parts[-1].rsplit(".", 1)[0]
        listed.append(Download(path, plan, kind, len(content)))
    return listed


def plan_record(plan: PlanCorpus, registry: Registry) -> Record:
    meta = plan.meta
    return {
        "id": meta.id,
        "name_zh": meta.name_zh,
        "name_en": meta.name_en,
        "district_zh": meta.district_zh,
        "district_en": meta.district_en,
        "city_zh": meta.city_zh,
        "province_zh": meta.province_zh,
        "doc_no": meta.doc_no,
        "issued": meta.issued.isoformat() if meta.issued else None,
        "base_year": meta.base_year,
        "period": list(meta.period),
        "area_km2": meta.area_km2,
        "total_investment_wan": meta.total_investment_wan,
        "counts": {
            "provisions": len(plan.provisions),
            "indicators": len(plan.indicators),
            "projects": len(plan.projects),
        },
        "url": registry.url(meta.id),
        "source": {"file": f"corpus/sources/{meta.source_file}", "lines": None},
    }


def provision_record(plan: PlanCorpus, provision: Provision, registry: Registry) -> Record:
    chapter = next(c for c in plan.structure.chapters if c.n == provision.chapter)
    return {
        "id": f"{plan.id}/{provision.id}",
        "plan": plan.id,
        "label": provision.label,
        "number": provision.number,
        "chapter": _heading(chapter),
        "section": _section(chapter, provision.section),
        "title_zh": provision.title_zh,
        "title_en": provision.title_en,
        "title_inferred": provision.title_inferred,
        "text_zh": provision.text_zh,
        "text_en": "\n\n".join(provision.text_en) if provision.text_en else None,
        "translation_stale": provision.translation_stale,
        "url": registry.url(f"{plan.id}/{provision.id}"),
        "source": {
            "file": f"corpus/sources/{plan.meta.source_file}",
            "lines": list(provision.lines),
        },
    }


def _source(plan: PlanCorpus, lines: tuple[int, int]) -> Record:
    return {"file": f"corpus/sources/{plan.meta.source_file}", "lines": list(lines)}


def indicator_record(plan: PlanCorpus, indicator: Indicator, registry: Registry) -> Record:
    return {
        "id": f"{plan.id}/{indicator.id}",
        "plan": plan.id,
        "national_key": indicator.national_key,
        "attribute": indicator.attribute,
        "number": indicator.number,
        "sub": indicator.sub,
        "domain_zh": indicator.domain_zh,
        "domain_en": indicator.domain_en,
        "task_zh": indicator.task_zh,
        "group_zh": indicator.group_zh,
        "name_zh": indicator.name_zh,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "standard_zh": indicator.standard_zh,
        "standard_en": indicator.standard_en,
        "baseline_year": indicator.baseline_year,
        "baseline_text": indicator.baseline_text,
        "baseline_en": indicator.baseline_en,
        "baseline_value": indicator.baseline_value,
        "status": indicator.status,
        "status_text": indicator.status_text,
        "inferred": indicator.inferred,
        "targets": [
            {**target.model_dump(), "text_en": indicator.targets_en.get(target.year)}
            for target in indicator.targets
        ],
        "url": registry.url(f"{plan.id}/{indicator.id}"),
        "source": _source(plan, indicator.lines),
    }


def project_record(plan: PlanCorpus, project: Project, registry: Registry) -> Record:
    return {
        "id": f"{plan.id}/{project.id}",
        "plan": plan.id,
        "number": project.number,
        "domain_zh": project.domain_zh,
        "domain_en": project.domain_en,
        "task_zh": project.task_zh,
        "name_zh": project.name_zh,
        "name_en": project.name_en,
        "type": project.type,
        "content_zh": project.content_zh,
        "content_en": project.content_en,
        "start_year": project.start_year,
        "end_year": project.end_year,
        "period_text": project.period_text,
        "investment_wan": project.investment_wan,
        "investment_text": project.investment_text,
        "investment_note": project.investment_note,
        "lead_units": project.lead_units,
        "lead_units_en": project.lead_units_en,
        "url": registry.url(f"{plan.id}/{project.id}"),
        "source": _source(plan, project.lines),
    }


def _heading(chapter: Chapter) -> Record:
    return {
        "n": chapter.n,
        "title_zh": chapter.title_zh,
        "title_en": chapter.title_en,
        "inferred": chapter.inferred,
    }


def _section(chapter: Chapter, n: int | None) -> Record | None:
    if n is None:
        return None
    section = next(s for s in chapter.sections if s.n == n)
    return {
        "n": n,
        "title_zh": section.title_zh,
        "title_en": section.title_en,
        "inferred": section.inferred,
    }


def plan_lists(plan: PlanCorpus, registry: Registry, relations: Relations) -> dict[str, list]:
    """A plan's export lists by their path under api/ without suffix (shifeng/provisions, …):
    its provisions, indicators and projects."""
    exports = {
        "provisions": [provision_record(plan, p, registry) for p in plan.provisions],
        "indicators": [indicator_record(plan, i, registry) for i in plan.indicators],
        "projects": [project_record(plan, p, registry) for p in plan.projects],
    }
    for records in exports.values():
        for record in records:
            record["topics"] = relations.topics.get(record["id"], [])
            record["related"] = relations.related.get(record["id"], [])
    return {f"{plan.id}/{name}": records for name, records in exports.items()}


def _site_lists(corpus: Corpus, registry: Registry, relations: Relations) -> dict[str, list]:
    """The lists across plans besides `plans`: topics and glossary."""
    lists: dict[str, list[Record]] = {}
    lists["topics"] = [
        {
            "id": t.key,
            "name_zh": t.name_zh,
            "name_en": t.name_en,
            "url": registry.url(f"topic/{t.key}"),
        }
        for t in corpus.topics
    ]
    lists["glossary"] = [
        {
            "id": term.id,
            "term_zh": term.zh,
            "pinyin": term.pinyin,
            "term_en": term.en,
            "aliases_zh": term.aliases_zh,
            "aliases_en": term.aliases_en,
            "definition_en": term.definition_en,
            "definition_zh": term.definition_zh,
            "used_in": relations.term_uses.get(term.id, []),
            "url": registry.url(f"term/{term.id}"),
        }
        for term in corpus.glossary
    ]
    return lists


def export_files(
    corpus: Corpus,
    registry: Registry,
    relations: Relations,
    cache: Cache | None = None,
    keys: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """Every file of site/api/ by its path in the site: each list as JSON with a CSV beside
    it, and each plan's source text (the exports' source lines point into it). With a `cache`
    and each plan's key (`freshness.plan_keys`), a plan's files are made once per key."""
    files = _list_files({"plans": [plan_record(p, registry) for p in corpus.plans]})
    for plan in corpus.plans:
        key = keys.get(plan.id) if keys else None
        files.update(_plan_files(plan, registry, relations, cache, key))
    files.update(_list_files(_site_lists(corpus, registry, relations)))
    for plan in corpus.plans:
        source = inside(corpus.root / "sources", plan.meta.source_file)
        files[f"api/sources/{plan.meta.source_file}"] = source.read_bytes()
    return files


CACHE_STAGE = "exports"


def _plan_files(
    plan: PlanCorpus,
    registry: Registry,
    relations: Relations,
    cache: Cache | None,
    key: str | None,
) -> dict[str, bytes]:
    kept = cache.get(CACHE_STAGE, key) if cache and key else None
    if isinstance(kept, dict):
        return kept
    made = _list_files(plan_lists(plan, registry, relations))
    if cache and key:
        cache.put(CACHE_STAGE, key, made)
    return made


def _list_files(lists: dict[str, list[Record]]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for stem, records in lists.items():
        files[f"api/{stem}.json"] = _json_bytes(records)
        files[f"api/{stem}.csv"] = _csv_bytes(records)
    return files


def write_files(files: dict[str, bytes], site: Path) -> list[Path]:
    """Write `files` (paths relative to the site) under `site`; return the paths written."""
    written = []
    for name, content in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


def _json_bytes(records: list[Record]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _csv_bytes(records: list[Record]) -> bytes:
    """CSV for spreadsheets: a UTF-8 BOM (so Excel reads the Chinese as UTF-8) and no cell
    that a spreadsheet would run as a formula."""
    rows = [{key: _inert_cell(value) for key, value in _flatten(r).items()} for r in records]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    stream = io.StringIO(newline="")
    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue().encode("utf-8-sig")


# OWASP "CSV injection": a cell starting with one of these may run as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Cells that start so but are read as values, never run: plain numbers, and a lone "-" (the
# plans' unit of unitless indicators).
PLAIN_VALUE = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?|-")


def _inert_cell(value: Any) -> Any:
    """A text cell that could run as a formula, prefixed with an apostrophe (spreadsheets
    show the text and do not evaluate it); plain numbers such as -0.72 stay as they are."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not PLAIN_VALUE.fullmatch(value)
    ):
        return "'" + value
    return value


def _flatten(record: Record, prefix: str = "") -> Record:
    """Nested mappings become dotted columns; lists become JSON text."""
    flat: Record = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat
