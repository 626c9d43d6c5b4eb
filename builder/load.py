"""Load stage: read every corpus file, validate it against its schema, merge curated fields.

Problems are collected across all files and raised together as one CorpusError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, Field, RootModel, ValidationError, field_validator

from builder.cache import Cache, content_key
from builder.incremental import code_digest, tree_digest
from builder.models import (
    DataNote,
    Indicator,
    NationalStandard,
    PlanId,
    PlanMeta,
    Project,
    Provision,
    RemovedProvision,
    Revision,
    StatedTotal,
    StrictModel,
    Structure,
    Term,
    Topic,
)
from builder.models.indicator import IndicatorRecord
from builder.models.plan import ChapterRecord, StructureRecord
from builder.models.project import ProjectRecord
from builder.models.provision import ProvisionRecord, RemovedRecord
from builder.models.revision import Orphans, RevisionReport
from builder.models.translation import (
    TranslatedIndicator,
    TranslatedProject,
    TranslatedText,
    TranslationFile,
    indicator_digest,
    project_digest,
    provision_digest,
)
from builder.paths import OutsideFolder, inside
from builder.problems import Problem, ProblemLog
from builder.translation import check_shared_english
from builder.validate import check_glossary, check_links, check_plan
from builder.yamlio import YamlRefused, read_yaml

Model = TypeVar("Model", bound=BaseModel)


class CorpusIndex(StrictModel):
    """corpus/corpus.yaml: which plans the site publishes, in display order."""

    plans: list[PlanId] = Field(min_length=1)
    # Chinese indicator names, standards or domains that may read differently in English from
    # plan to plan, each with the reason (builder/translation.py check_shared_english).
    distinct_english: dict[str, str] = Field(default_factory=dict)

    @field_validator("plans")
    @classmethod
    def _once_each(cls, plans: list[str]) -> list[str]:
        repeated = sorted({plan for plan in plans if plans.count(plan) > 1})
        if repeated:
            raise ValueError(f"a plan is listed twice: {', '.join(repeated)}")
        return plans


class PlanFile(StrictModel):
    plan: PlanMeta


class ProvisionsFile(StrictModel):
    provisions: list[ProvisionRecord]


class IndicatorsFile(StrictModel):
    indicators: list[IndicatorRecord]


class ProjectsFile(StrictModel):
    projects: list[ProjectRecord]
    totals: list[StatedTotal] = Field(default_factory=list)
    grand_total: StatedTotal | None = None


class NotesFile(StrictModel):
    notes: list[DataNote] = Field(default_factory=list)


class GlossaryFile(StrictModel):
    terms: list[Term]


class TopicsFile(StrictModel):
    topics: list[Topic]


class LinksFile(StrictModel):
    """Curated topics of every record and cross-links between records (local ids)."""

    topics: dict[str, list[str]] = Field(default_factory=dict)
    related: dict[str, list[str]] = Field(default_factory=dict)


class SummariesFile(StrictModel):
    """Curated unofficial English summaries of provisions (1–3 sentences each)."""

    provisions: dict[str, str] = Field(default_factory=dict)


class RemovedFile(StrictModel):
    provisions: list[RemovedRecord] = Field(default_factory=list)


class HistoryFile(StrictModel):
    revisions: list[Revision]
    used_ids: list[str] = Field(default_factory=list)


class NationalKeys(RootModel[dict[str, str]]):
    """Curated map of indicator row id → national standard key."""


class EnglishFile(StrictModel):
    """Curated unofficial English, keyed by the ids of the imported records."""

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
class PlanFiles:
    """One plan's files, each validated against its schema (None where invalid)."""

    dir: Path
    plan: PlanFile | None
    structure: StructureRecord | None
    provisions: ProvisionsFile | None
    indicators: IndicatorsFile | None
    projects: ProjectsFile | None
    english: EnglishFile
    summaries: SummariesFile
    links: LinksFile
    history: HistoryFile
    reports: dict[int, dict[str, Any]]
    snapshots: dict[int, ProvisionsFile | None]
    orphans: dict[int, dict[str, Any]]
    removed: RemovedFile
    translation: TranslationFile
    national_keys: dict[str, str]
    notes: NotesFile
    documents: dict[str, Any]


@dataclass(frozen=True)
class PlanCorpus:
    """Everything known about one plan, validated and merged."""

    meta: PlanMeta
    structure: Structure
    provisions: list[Provision]
    indicators: list[Indicator]
    projects: list[Project]
    totals: list[StatedTotal]
    grand_total: StatedTotal | None
    notes: list[DataNote]
    english: EnglishFile
    links: LinksFile
    revisions: list[Revision]
    reports: dict[int, dict[str, Any]]
    removed: list[RemovedProvision]
    snapshots: dict[int, list[ProvisionRecord]]  # each revision's provisions as they stood
    source: tuple[str, ...] = ()  # the source text's lines (line 1 first): what "L798" means

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass(frozen=True)
class Corpus:
    root: Path
    standard: NationalStandard
    plans: list[PlanCorpus]
    glossary: list[Term]
    topics: list[Topic]
    warnings: list[Problem]
    # Each plan in full as a hash of its folder's files and its source text, taken once when
    # loading it: what the cache, the page digests and the public index key on.
    digests: dict[str, str] = field(default_factory=dict)

    def plan(self, plan_id: str) -> PlanCorpus:
        return next(plan for plan in self.plans if plan.id == plan_id)


def load_corpus(root: Path, cache: Cache | None = None) -> Corpus:
    """Load and validate the whole corpus under `root`; raise CorpusError listing all problems.
    With a `cache`, a plan whose files (and the files it is checked against) are unchanged
    since a build that loaded it is taken from there, with its warnings."""
    log = ProblemLog(root)
    index, _ = read_model(root / "corpus.yaml", CorpusIndex, log)
    standard, _ = read_model(root / "national_standard.yaml", NationalStandard, log)
    glossary = _read_glossary(root, log)
    topics, _ = _read_optional(root / "topics.yaml", TopicsFile, log)
    topic_keys = {t.key for t in topics.topics} if topics else set()
    plans: list[PlanCorpus] = []
    digests: dict[str, str] = {}
    # What every plan is checked against, hashed once for all the plans' cache keys.
    checked_against = tree_digest(root / "national_standard.yaml", root / "topics.yaml")
    for plan_id in index.plans if index else []:
        try:
            plan_dir = inside(root, plan_id)
        except OutsideFolder as refused:
            log.error(root / "corpus.yaml", None, "plans", f"{refused}: a plan is a folder here")
            continue
        loaded = _load_plan(plan_dir, standard, topic_keys, log, cache, checked_against)
        if loaded is not None:
            plans.append(loaded.plan)
            digests[loaded.plan.id] = loaded.digest
    check_shared_english(plans, index.distinct_english if index else {}, root, log)
    log.raise_if_errors()
    assert standard is not None
    return Corpus(
        root=root,
        standard=standard,
        plans=plans,
        glossary=glossary,
        topics=topics.topics if topics else [],
        warnings=log.warnings,
        digests=digests,
    )


@dataclass(frozen=True)
class LoadedPlan:
    """A plan as loading it gave it (and the cache keeps it), with the plan's hash."""

    plan: PlanCorpus
    warnings: list[Problem]
    digest: str  # the plan in full: its folder's files and its source text


PLANS = "plans"  # the cache's stage


def _load_plan(
    plan_dir: Path,
    standard: NationalStandard | None,
    topic_keys: set[str],
    log: ProblemLog,
    cache: Cache | None,
    checked_against: str,
) -> LoadedPlan | None:
    """One plan read, checked and merged; or, unchanged, as the cache has it."""
    root = plan_dir.parent
    files_digest = tree_digest(plan_dir)
    key = content_key(code_digest(), files_digest, checked_against)
    kept = cache.get(PLANS, key) if cache else None
    if isinstance(kept, LoadedPlan) and kept.digest == _plan_digest(root, files_digest, kept.plan):
        log.warnings.extend(kept.warnings)
        return kept
    own = ProblemLog(log.root)
    files = read_plan_files(plan_dir, own)
    check_plan(files, standard, root, own)
    check_links(files, topic_keys, own)
    plan = merge_plan(files)
    log.errors.extend(own.errors)
    log.warnings.extend(own.warnings)
    if plan is None:
        return None
    loaded = LoadedPlan(plan, own.warnings, _plan_digest(root, files_digest, plan))
    if cache and not own.errors:
        cache.put(PLANS, key, loaded)
    return loaded


def _plan_digest(root: Path, files_digest: str, plan: PlanCorpus) -> str:
    """A plan in full: its folder's files (`files_digest`) and its source text."""
    return content_key(files_digest, tree_digest(root / "sources" / plan.meta.source_file))


def load_glossary(root: Path) -> list[Term]:
    """Only the glossary (what the search engine needs), validated as load_corpus does."""
    log = ProblemLog(root)
    terms = _read_glossary(root, log)
    log.raise_if_errors()
    return terms


def _read_glossary(root: Path, log: ProblemLog) -> list[Term]:
    glossary, document = _read_optional(root / "glossary.yaml", GlossaryFile, log)
    if glossary:
        check_glossary(root / "glossary.yaml", document, glossary.terms, log)
    return glossary.terms if glossary else []


EMPTY_FILE = (
    "the file is empty (or holds only comments); a file that is meant to be empty says so: {}"
)


def read_document(path: Path, log: ProblemLog) -> Any:
    """The one reader of corpus files: the parsed document, or None with the problem logged.
    A file that exists must hold its document: empty is an error, never "no data"."""
    if not path.exists():
        log.error(path, None, "", "file is missing")
        return None
    try:
        document = read_yaml(path)
    except YamlRefused as error:
        log.error(path, error.line, "", str(error))
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        log.error(path, mark.line + 1 if mark else None, "", f"not valid YAML: {_one_line(error)}")
        return None
    except UnicodeDecodeError as error:
        log.error(path, None, "", f"not UTF-8 text (byte {error.start}); save it as UTF-8")
        return None
    except OSError as error:
        log.error(path, None, "", f"cannot be read: {error.strerror or error}")
        return None
    if document is None:
        log.error(path, None, "", EMPTY_FILE)
    return document


def _one_line(error: yaml.YAMLError) -> str:
    """The parser's own words without its multi-line position block (the line is given)."""
    words = [getattr(error, name, None) for name in ("context", "problem")]
    return ": ".join(w for w in words if w) or str(error).splitlines()[0]


def read_model(path: Path, model: type[Model], log: ProblemLog) -> tuple[Model | None, Any]:
    """Read and validate one file; return the model (None if invalid) and the raw document.
    An explicit `[]` or `{}` is an empty file on purpose: the model's defaults."""
    document = read_document(path, log)
    if document is None:
        return None, None
    if document == []:
        document = {}
    try:
        return model.model_validate(document), document
    except ValidationError as error:
        log.add_validation_error(path, document, error)
        return None, document


def _read_optional(path: Path, model: type[Model], log: ProblemLog) -> tuple[Model | None, Any]:
    return read_model(path, model, log) if path.exists() else (None, None)


def read_plan_files(plan_dir: Path, log: ProblemLog) -> PlanFiles:
    documents: dict[str, Any] = {}

    def read(name: str, model: type[Model], optional: bool = False) -> Model | None:
        reader = _read_optional if optional else read_model
        value, documents[name] = reader(plan_dir / name, model, log)
        return value

    folders = _revision_folders(plan_dir, log)

    def revisions(name: str, model: type[Model]) -> dict[int, Any]:
        """Each revision's `name` file that exists, validated (None where invalid)."""
        found = {number: folder / name for number, folder in folders.items()}
        return {
            number: read(str(path.relative_to(plan_dir)), model)
            for number, path in found.items()
            if path.exists()
        }

    keys = read("national_keys.yaml", NationalKeys, optional=True)
    return PlanFiles(
        dir=plan_dir,
        plan=read("plan.yaml", PlanFile),
        structure=read("structure.yaml", StructureRecord),
        provisions=read("provisions.yaml", ProvisionsFile),
        indicators=read("indicators.yaml", IndicatorsFile),
        projects=read("projects.yaml", ProjectsFile),
        english=read("english.yaml", EnglishFile, optional=True) or EnglishFile(),
        summaries=read("summaries.yaml", SummariesFile, optional=True) or SummariesFile(),
        links=read("links.yaml", LinksFile, optional=True) or LinksFile(),
        history=read("revisions.yaml", HistoryFile, optional=True) or HistoryFile(revisions=[]),
        removed=read("removed.yaml", RemovedFile, optional=True) or RemovedFile(),
        translation=read("translation.yaml", TranslationFile, optional=True) or TranslationFile(),
        reports={
            number: report.model_dump(by_alias=True)
            for number, report in revisions("report.yaml", RevisionReport).items()
            if report is not None
        },
        snapshots=revisions("provisions.yaml", ProvisionsFile),
        orphans={
            number: orphans.root
            for number, orphans in revisions("orphans.yaml", Orphans).items()
            if orphans is not None
        },
        national_keys=keys.root if keys else {},
        notes=read("data_notes.yaml", NotesFile, optional=True) or NotesFile(),
        documents=documents,
    )


REVISION_FOLDER = re.compile(r"[1-9][0-9]*")


def _revision_folders(plan_dir: Path, log: ProblemLog) -> dict[int, Path]:
    """The numbered folders of revisions/; anything else there is an error, not skipped."""
    folder = plan_dir / "revisions"
    numbered: dict[int, Path] = {}
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if entry.is_dir() and REVISION_FOLDER.fullmatch(entry.name):
            numbered[int(entry.name)] = entry
        else:
            log.error(entry, None, "", "not a revision: revisions/ holds only folders 1, 2, …")
    return dict(sorted(numbered.items()))


def merge_plan(files: PlanFiles) -> PlanCorpus | None:
    """Merge the curated files into the imported records by id: each view is validated."""
    plan, structure = files.plan, files.structure
    provisions, indicators, projects = files.provisions, files.indicators, files.projects
    if plan is None or structure is None or provisions is None:
        return None
    if indicators is None or projects is None:
        return None
    english, keys, translation = files.english, files.national_keys, files.translation
    meta = plan.plan
    return PlanCorpus(
        meta=view(PlanMeta, meta, name_en=english.plan.get("name_en", meta.name_en)),
        structure=_merge_structure(structure, english, translation),
        provisions=[
            view(
                Provision,
                p,
                supplied=_supplied(structure, p),
                title_en=english.provisions.get(p.id),
                summary_en=files.summaries.provisions.get(p.id),
                **_provision_english(translation.provisions.get(p.id), p.paragraphs),
            )
            for p in provisions.provisions
        ],
        indicators=[
            view(
                Indicator,
                i,
                name_en=english.indicators.get(i.id),
                domain_en=english.domains.get(i.domain_zh),
                national_key=keys.get(i.id),
                **_indicator_english(translation.indicators.get(i.id), i),
            )
            for i in indicators.indicators
        ],
        projects=[
            view(
                Project,
                p,
                name_en=english.projects.get(p.id),
                domain_en=english.domains.get(p.domain_zh),
                **_project_english(translation.projects.get(p.id), p),
            )
            for p in projects.projects
        ],
        totals=projects.totals,
        grand_total=projects.grand_total,
        notes=files.notes.notes,
        english=english,
        links=files.links,
        revisions=files.history.revisions,
        reports=files.reports,
        removed=[_removed_english(files.orphans, p) for p in files.removed.provisions],
        snapshots={
            number: snapshot.provisions
            for number, snapshot in sorted(files.snapshots.items())
            if snapshot is not None
        },
        source=_source_lines(files.dir.parent, meta.source_file),
    )


def _source_lines(root: Path, name: str) -> tuple[str, ...]:
    """The plan's source text by line (validation has said so if the file is missing)."""
    try:
        path = inside(root / "sources", name)
    except OutsideFolder:
        return ()
    return tuple(path.read_text("utf-8").splitlines()) if path.is_file() else ()


def _supplied(structure: StructureRecord, provision: ProvisionRecord) -> tuple[str, ...]:
    """The parts of a provision's place whose numbers the source does not print."""
    chapter = next((c for c in structure.chapters if c.n == provision.chapter), None)
    if chapter is None:
        return ()
    section = next((s for s in chapter.sections if s.n == provision.section), None)
    parts = {"chapter": chapter, "section": section}
    return tuple(name for name, part in parts.items() if part and not part.number_printed)


View = TypeVar("View", bound=BaseModel)


def view(model: type[View], record: BaseModel, **curated: Any) -> View:
    """A record as the site shows it: its imported fields and the curated ones, validated
    together (a curated value of the wrong kind fails here, not in a template)."""
    return model.model_validate({**record.model_dump(), **curated})


def _removed_english(
    orphans_by_revision: dict[int, dict[str, Any]], provision: RemovedRecord
) -> RemovedProvision:
    """A removed provision's English, from the orphans file its revision moved it to."""
    orphans = orphans_by_revision.get(provision.removed_in, {})

    def orphan(name: str) -> Any:
        return orphans.get(name, {}).get("provisions", {}).get(provision.id)

    translated = orphan("translation.yaml")
    return view(
        RemovedProvision,
        provision,
        title_en=orphan("english.yaml"),
        summary_en=orphan("summaries.yaml"),
        text_en=translated.get("paragraphs") if isinstance(translated, dict) else None,
    )


def _provision_english(entry: TranslatedText | None, paragraphs: list[str]) -> dict[str, Any]:
    if entry is None:
        return {}
    stale = entry.zh != provision_digest(paragraphs)
    return {"text_en": entry.paragraphs, "translation_stale": stale}


def _indicator_english(
    entry: TranslatedIndicator | None, indicator: IndicatorRecord
) -> dict[str, Any]:
    if entry is None:
        return {}
    return {
        "standard_en": entry.standard,
        "baseline_en": entry.baseline,
        "targets_en": entry.targets,
        "translation_stale": entry.zh != indicator_digest(indicator.model_dump()),
    }


def _project_english(entry: TranslatedProject | None, project: ProjectRecord) -> dict[str, Any]:
    if entry is None:
        return {}
    return {
        "content_en": entry.content,
        "period_en": entry.period,
        "investment_note_en": entry.investment_note,
        "lead_units_en": entry.lead_units,
        "translation_stale": entry.zh != project_digest(project.model_dump()),
    }


def _merge_structure(
    structure: StructureRecord, english: EnglishFile, translation: TranslationFile
) -> Structure:
    def chapter_view(chapter: ChapterRecord) -> dict[str, Any]:
        sections = [
            {**section.model_dump(), "title_en": english.sections.get(f"{chapter.n}.{section.n}")}
            for section in chapter.sections
        ]
        title_en = english.chapters.get(str(chapter.n))
        return {**chapter.model_dump(), "title_en": title_en, "sections": sections}

    front = [
        {
            **block.model_dump(),
            "title_en": english.front_matter.get(block.key),
            "paragraphs_en": getattr(translation.front_matter.get(block.key), "paragraphs", None),
        }
        for block in structure.front_matter
    ]
    chapters = [chapter_view(chapter) for chapter in structure.chapters]
    return Structure.model_validate({"front_matter": front, "chapters": chapters})
