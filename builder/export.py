"""Export stage: the data contract under site/api/ (JSON, with a CSV beside each list).

Fields may be added, never renamed: outside users rely on them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from builder.link import Registry
from builder.load import Corpus, PlanCorpus
from builder.models import Chapter, Indicator, Project, Provision
from builder.relations import Relations

Record = dict[str, Any]


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


def write_exports(
    corpus: Corpus, registry: Registry, relations: Relations, api_dir: Path
) -> list[Path]:
    """Write every export under `api_dir`; return the files written."""
    written = [*_write_list(api_dir / "plans", [plan_record(p, registry) for p in corpus.plans])]
    for plan in corpus.plans:
        exports = {
            "provisions": [provision_record(plan, p, registry) for p in plan.provisions],
            "indicators": [indicator_record(plan, i, registry) for i in plan.indicators],
            "projects": [project_record(plan, p, registry) for p in plan.projects],
        }
        for name, records in exports.items():
            for record in records:
                record["topics"] = relations.topics.get(record["id"], [])
                record["related"] = relations.related.get(record["id"], [])
            written += _write_list(api_dir / plan.id / name, records)
    topics = [
        {
            "id": t.key,
            "name_zh": t.name_zh,
            "name_en": t.name_en,
            "url": registry.url(f"topic/{t.key}"),
        }
        for t in corpus.topics
    ]
    written += _write_list(api_dir / "topics", topics)
    written += _write_list(
        api_dir / "glossary",
        [
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
        ],
    )
    return written


def _write_list(stem: Path, records: list[Record]) -> list[Path]:
    stem.parent.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = stem.with_suffix(".json"), stem.with_suffix(".csv")
    json_path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = [_flatten(record) for record in records]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with csv_path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return [json_path, csv_path]


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
