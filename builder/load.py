"""Load stage: read every corpus file, validate it against its schema, merge curated fields.

Problems are collected across all files and raised together as one CorpusError.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, Field, ValidationError

from builder.models import Chapter, PlanMeta, Provision, Section, StrictModel, Structure
from builder.problems import ProblemLog
from builder.yamlio import LineDict, read_yaml

Model = TypeVar("Model", bound=BaseModel)


class CorpusIndex(StrictModel):
    """corpus/corpus.yaml: which plans the site publishes, in display order."""

    plans: list[str] = Field(min_length=1)


class PlanFile(StrictModel):
    plan: PlanMeta


class ProvisionsFile(StrictModel):
    provisions: list[Provision]


class EnglishFile(StrictModel):
    """Curated unofficial English titles, keyed by the ids of the imported records."""

    plan: dict[str, str] = Field(default_factory=dict)
    chapters: dict[str, str] = Field(default_factory=dict)
    sections: dict[str, str] = Field(default_factory=dict)
    provisions: dict[str, str] = Field(default_factory=dict)
    indicators: dict[str, str] = Field(default_factory=dict)
    projects: dict[str, str] = Field(default_factory=dict)
    domains: dict[str, str] = Field(default_factory=dict)
    tasks: dict[str, str] = Field(default_factory=dict)
    front_matter: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class PlanCorpus:
    """Everything known about one plan, validated and merged."""

    meta: PlanMeta
    structure: Structure
    provisions: list[Provision]
    english: EnglishFile

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass(frozen=True)
class Corpus:
    root: Path
    plans: list[PlanCorpus]

    def plan(self, plan_id: str) -> PlanCorpus:
        return next(plan for plan in self.plans if plan.id == plan_id)


def load_corpus(root: Path) -> Corpus:
    """Load and validate the whole corpus under `root`; raise CorpusError listing all problems."""
    log = ProblemLog(root)
    index, _ = _read_model(root / "corpus.yaml", CorpusIndex, log)
    plans: list[PlanCorpus] = []
    for plan_id in index.plans if index else []:
        plan = _load_plan(root / plan_id, log)
        if plan is not None:
            plans.append(plan)
    log.raise_if_errors()
    return Corpus(root=root, plans=plans)


def _read_document(path: Path, log: ProblemLog) -> Any:
    if not path.exists():
        log.error(path, None, "", "file is missing")
        return None
    try:
        return read_yaml(path)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        log.error(path, mark.line + 1 if mark else None, "", f"not valid YAML: {error}")
        return None


def _read_model(path: Path, model: type[Model], log: ProblemLog) -> tuple[Model | None, Any]:
    """Read and validate one file; return the model (None if invalid) and the raw document."""
    document = _read_document(path, log)
    if document is None:
        return None, None
    try:
        return model.model_validate(document), document
    except ValidationError as error:
        log.add_validation_error(path, document, error)
        return None, document


def _load_plan(plan_dir: Path, log: ProblemLog) -> PlanCorpus | None:
    plan_file, _ = _read_model(plan_dir / "plan.yaml", PlanFile, log)
    structure, _ = _read_model(plan_dir / "structure.yaml", Structure, log)
    provisions_file, provisions_doc = _read_model(plan_dir / "provisions.yaml", ProvisionsFile, log)
    english, english_doc = _read_model(plan_dir / "english.yaml", EnglishFile, log)
    english = english or EnglishFile()
    if structure is None or provisions_file is None:
        return None
    provisions = provisions_file.provisions
    _check_provisions(plan_dir / "provisions.yaml", provisions_doc, provisions, structure, log)
    english_doc = (
        _read_document(plan_dir / "english.yaml", log) if english.model_fields_set else None
    )
    _check_english_keys(plan_dir / "english.yaml", english_doc, english, structure, provisions, log)
    if plan_file is None:
        return None
    if plan_file.plan.id != plan_dir.name:
        log.error(
            plan_dir / "plan.yaml",
            None,
            "plan.id",
            f"expected {plan_dir.name!r} (the folder name), got {plan_file.plan.id!r}",
        )
    return PlanCorpus(
        meta=plan_file.plan.model_copy(
            update={"name_en": english.plan.get("name_en", plan_file.plan.name_en)}
        ),
        structure=_merge_structure_english(structure, english),
        provisions=[
            p.model_copy(update={"title_en": english.provisions.get(p.id)}) for p in provisions
        ],
        english=english,
    )


def _check_provisions(
    path: Path, document: Any, provisions: list[Provision], structure: Structure, log: ProblemLog
) -> None:
    """Ids unique; article numbers without gaps; every chapter/section reference resolves."""
    lines = document["provisions"].lines
    seen: dict[str, int] = {}
    sections = {(c.n, s.n) for c in structure.chapters for s in c.sections}
    chapters = {c.n for c in structure.chapters}
    for index, provision in enumerate(provisions):
        where = f"provisions[{index}]"
        if provision.id in seen:
            log.error(
                path,
                lines[index],
                f"{where}.id",
                f"duplicate id {provision.id!r} (first at line {seen[provision.id]})",
            )
        seen.setdefault(provision.id, lines[index])
        if provision.chapter not in chapters:
            log.error(
                path,
                lines[index],
                f"{where}.chapter",
                f"no chapter {provision.chapter} in structure.yaml",
            )
        elif (
            provision.section is not None and (provision.chapter, provision.section) not in sections
        ):
            log.error(
                path,
                lines[index],
                f"{where}.section",
                f"no section {provision.chapter}.{provision.section} in structure.yaml",
            )
    numbers = [(i, p.number) for i, p in enumerate(provisions) if p.number is not None]
    for (_, previous), (index, number) in pairwise(numbers):
        if number != previous + 1:
            log.error(
                path,
                lines[index],
                f"provisions[{index}].number",
                f"numbering gap: expected {previous + 1} after {previous}, got {number}",
            )


def _check_english_keys(
    path: Path,
    document: Any,
    english: EnglishFile,
    structure: Structure,
    provisions: list[Provision],
    log: ProblemLog,
) -> None:
    """Every key of the curated English file must name a record that exists."""
    if not isinstance(document, LineDict):
        return
    known = {
        "chapters": {str(c.n) for c in structure.chapters},
        "sections": {f"{c.n}.{s.n}" for c in structure.chapters for s in c.sections},
        "provisions": {p.id for p in provisions},
    }
    for group, ids in known.items():
        entries = getattr(english, group)
        node = document.get(group)
        for key in entries:
            if key not in ids:
                line = node.lines.get(key) if isinstance(node, LineDict) else None
                log.error(path, line, f"{group}.{key}", f"no {group[:-1]} with id {key!r}")


def _merge_structure_english(structure: Structure, english: EnglishFile) -> Structure:
    def section(chapter: Chapter, sec: Section) -> Section:
        return sec.model_copy(update={"title_en": english.sections.get(f"{chapter.n}.{sec.n}")})

    chapters = [
        c.model_copy(
            update={
                "title_en": english.chapters.get(str(c.n)),
                "sections": [section(c, s) for s in c.sections],
            }
        )
        for c in structure.chapters
    ]
    front = [
        block.model_copy(update={"title_en": english.front_matter.get(block.key)})
        for block in structure.front_matter
    ]
    return structure.model_copy(update={"chapters": chapters, "front_matter": front})
