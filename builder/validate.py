"""Cross-record checks of one plan's corpus: ids, numbering, references, curated keys.

These are errors in the corpus itself (not in the source): they fail the build.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.models import NationalStandard
from builder.paths import OutsideFolder, inside
from builder.problems import ProblemLog
from builder.translation import FILE, check_translation
from builder.yamlio import LineDict, LineList

if TYPE_CHECKING:
    from builder.load import PlanFiles


def check_plan(
    files: PlanFiles, standard: NationalStandard | None, root: Path, log: ProblemLog
) -> None:
    """Run every cross-record check that the files which did validate allow."""
    if files.plan and files.plan.plan.id != files.dir.name:
        log.error(
            files.dir / "plan.yaml",
            files.documents["plan.yaml"]["plan"].lines["id"],
            "plan.id",
            f"expected {files.dir.name!r} (the folder name), got {files.plan.plan.id!r}",
        )
    if files.provisions and files.structure:
        _check_provisions(files, log)
    if files.plan and files.provisions:
        _check_goals(files, log)
    if files.indicators:
        _check_records(
            files,
            "indicators.yaml",
            "indicators",
            files.indicators.indicators,
            log=log,
        )
        _check_numbering(
            files,
            "indicators.yaml",
            "indicators",
            files.indicators.indicators,
            number=lambda i: i.number,
            group=lambda i: i.attribute,
            distinct=True,
            log=log,
        )
        if standard:
            _check_national_keys(files, standard, log)
    if files.projects:
        _check_records(
            files,
            "projects.yaml",
            "projects",
            files.projects.projects,
            log=log,
        )
        _check_numbering(
            files,
            "projects.yaml",
            "projects",
            files.projects.projects,
            number=lambda p: p.number,
            group=lambda p: "all",
            distinct=False,
            log=log,
        )
    _check_english_keys(files, log)
    if files.structure and files.provisions and files.indicators and files.projects:
        check_translation(
            files.dir / FILE,
            files.documents.get(FILE),
            files.translation,
            {
                "provisions": {p.id: p for p in files.provisions.provisions},
                "front_matter": {b.key: b for b in files.structure.front_matter},
                "indicators": {i.id: i for i in files.indicators.indicators},
                "projects": {p.id: p for p in files.projects.projects},
            },
            log,
        )
    if files.provisions:
        _check_summary_keys(files, {p.id for p in files.provisions.provisions}, log)
    if files.plan:
        _check_source(files, root, log)


def _check_source(files: PlanFiles, root: Path, log: ProblemLog) -> None:
    """The plan's source text: a file inside corpus/sources/ (links resolved), which the
    exports' source lines, the Downloads page and the data notes' quotes need."""
    assert files.plan is not None
    name = files.plan.plan.source_file

    def error(message: str) -> None:
        line = files.documents["plan.yaml"]["plan"].lines.get("source_file")
        log.error(files.dir / "plan.yaml", line, "plan.source_file", message)

    try:
        source = inside(root / "sources", name)
    except OutsideFolder as refused:
        error(f"{refused}: the source must be a file in the corpus's sources/ folder")
        return
    if not source.is_file():
        error(f"no file {name!r} in the corpus's sources/ folder")
        return
    _check_note_quotes(files, source, log)


def check_glossary(path: Path, document: Any, terms: Sequence[Any], log: ProblemLog) -> None:
    """Term ids and Chinese terms are unique; an alias never names another term."""
    items = document["terms"] if isinstance(document, LineDict) else LineList()
    seen_ids: dict[str, int | None] = {}
    seen_zh: dict[str, str] = {}
    for index, term in enumerate(terms):
        line = _line(items, index)
        if term.id in seen_ids:
            log.error(
                path,
                line,
                f"terms[{index}].id",
                f"duplicate id {term.id!r} (first at line {seen_ids[term.id]})",
            )
        seen_ids.setdefault(term.id, line)
        if term.zh in seen_zh:
            log.error(
                path,
                line,
                f"terms[{index}].zh",
                f"{term.zh!r} is already the term {seen_zh[term.zh]!r}",
            )
        seen_zh.setdefault(term.zh, term.id)
    for index, term in enumerate(terms):
        for alias in term.aliases_zh:
            if alias in seen_zh and seen_zh[alias] != term.id:
                log.error(
                    path,
                    _line(items, index),
                    f"terms[{index}].aliases_zh",
                    f"{alias!r} is the term {seen_zh[alias]!r}, not an alias",
                )


def check_links(files: PlanFiles, topic_keys: set[str], log: ProblemLog) -> None:
    """Topics and cross-links: every id resolves (error); an untagged record is a warning,
    so a fresh import can be published while the committed corpus stays complete."""
    if not (files.provisions and files.indicators and files.projects):
        return
    ids = [p.id for p in files.provisions.provisions]
    ids += [i.id for i in files.indicators.indicators] + [p.id for p in files.projects.projects]
    known = set(ids)
    path = files.dir / "links.yaml"
    document = files.documents.get("links.yaml")
    for group in ("topics", "related"):
        node = document.get(group) if isinstance(document, LineDict) else None
        for record_id, values in getattr(files.links, group).items():
            line = node.lines.get(record_id) if isinstance(node, LineDict) else None
            if record_id not in known:
                log.error(path, line, f"{group}.{record_id}", f"no record with id {record_id!r}")
            for value in values:
                if group == "topics" and value not in topic_keys:
                    log.error(path, line, f"{group}.{record_id}", f"no topic {value!r}")
                if group == "related" and value not in known:
                    log.error(path, line, f"{group}.{record_id}", f"no record with id {value!r}")
    for record_id in ids:
        if not files.links.topics.get(record_id):
            log.warn(path, None, f"topics.{record_id}", "record has no topic")


def _items(files: PlanFiles, name: str, key: str) -> LineList:
    document = files.documents.get(name)
    return document[key] if isinstance(document, LineDict) else LineList()


def _line(items: LineList, index: int) -> int | None:
    return items.lines[index] if index < len(getattr(items, "lines", [])) else None


def _check_records(
    files: PlanFiles,
    name: str,
    key: str,
    records: Sequence[Any],
    log: ProblemLog,
) -> None:
    """Ids are unique within the file."""
    items = _items(files, name, key)
    seen: dict[str, int | None] = {}
    for index, record in enumerate(records):
        if record.id in seen:
            log.error(
                files.dir / name,
                _line(items, index),
                f"{key}[{index}].id",
                f"duplicate id {record.id!r} (first at line {seen[record.id]})",
            )
        seen.setdefault(record.id, _line(items, index))


def _check_numbering(
    files: PlanFiles,
    name: str,
    key: str,
    records: Sequence[Any],
    number: Callable[[Any], int | None],
    group: Callable[[Any], Hashable],
    distinct: bool,
    log: ProblemLog,
) -> None:
    """Numbers run 1, 2, 3 … without gaps within each group (rows may repeat a number)."""
    items = _items(files, name, key)
    by_group: dict[Hashable, list[tuple[int, int]]] = {}
    for index, record in enumerate(records):
        value = number(record)
        if value is not None:
            by_group.setdefault(group(record), []).append((index, value))
    for numbered in by_group.values():
        if distinct:
            numbered = [
                pair for i, pair in enumerate(numbered) if i == 0 or pair[1] != numbered[i - 1][1]
            ]
        for (_, previous), (index, value) in pairwise(numbered):
            if value != previous + 1:
                log.error(
                    files.dir / name,
                    _line(items, index),
                    f"{key}[{index}].number",
                    f"numbering gap: expected {previous + 1} after {previous}, got {value}",
                )


def _check_provisions(files: PlanFiles, log: ProblemLog) -> None:
    assert files.provisions is not None and files.structure is not None  # checked by the caller
    provisions = files.provisions.provisions
    items = _items(files, "provisions.yaml", "provisions")
    _check_records(files, "provisions.yaml", "provisions", provisions, log)
    _check_numbering(
        files,
        "provisions.yaml",
        "provisions",
        provisions,
        number=lambda p: p.number,
        group=lambda p: "all",
        distinct=False,
        log=log,
    )
    chapters = {c.n for c in files.structure.chapters}
    sections = {(c.n, s.n) for c in files.structure.chapters for s in c.sections}
    for index, provision in enumerate(provisions):
        where = f"provisions[{index}]"
        if provision.chapter not in chapters:
            log.error(
                files.dir / "provisions.yaml",
                _line(items, index),
                f"{where}.chapter",
                f"no chapter {provision.chapter} in structure.yaml",
            )
        elif (
            provision.section is not None and (provision.chapter, provision.section) not in sections
        ):
            log.error(
                files.dir / "provisions.yaml",
                _line(items, index),
                f"{where}.section",
                f"no section {provision.chapter}.{provision.section} in structure.yaml",
            )


def _check_goals(files: PlanFiles, log: ProblemLog) -> None:
    assert files.provisions is not None and files.plan is not None  # checked by the caller
    ids = {p.id for p in files.provisions.provisions}
    node = files.documents["plan.yaml"]["plan"]
    for index, goal in enumerate(files.plan.plan.goals):
        if goal not in ids:
            log.error(
                files.dir / "plan.yaml",
                node.lines.get("goals"),
                f"plan.goals[{index}]",
                f"no provision with id {goal!r}",
            )


def _check_national_keys(files: PlanFiles, standard: NationalStandard, log: ProblemLog) -> None:
    """Every indicator row maps to exactly one existing national key, and only rows do."""
    assert files.indicators is not None  # checked by the caller
    path = files.dir / "national_keys.yaml"
    document = files.documents.get("national_keys.yaml")
    lines = document.lines if isinstance(document, LineDict) else {}
    known = set(standard.keys())
    rows = {indicator.id for indicator in files.indicators.indicators}
    used: dict[str, str] = {}
    for row_id, key in files.national_keys.items():
        if row_id not in rows:
            log.error(path, lines.get(row_id), row_id, f"no indicator row with id {row_id!r}")
        if key not in known:
            log.error(path, lines.get(row_id), row_id, f"no national standard key {key!r}")
        elif key in used:
            log.error(
                path, lines.get(row_id), row_id, f"key {key!r} is already the key of {used[key]!r}"
            )
        used.setdefault(key, row_id)
    for row_id in sorted(rows - set(files.national_keys)):
        log.error(path, None, row_id, "indicator row has no national standard key")


def _check_english_keys(files: PlanFiles, log: ProblemLog) -> None:
    """Every key of the curated English file names a record that exists."""
    document = files.documents.get("english.yaml")
    if not isinstance(document, LineDict):
        return
    known: dict[str, set[str]] = {}
    if files.structure:
        known["chapters"] = {str(c.n) for c in files.structure.chapters}
        known["sections"] = {f"{c.n}.{s.n}" for c in files.structure.chapters for s in c.sections}
    if files.provisions:
        known["provisions"] = {p.id for p in files.provisions.provisions}
    if files.indicators:
        known["indicators"] = {i.id for i in files.indicators.indicators}
    if files.projects:
        known["projects"] = {p.id for p in files.projects.projects}
    for group, ids in known.items():
        node = document.get(group)
        for key in getattr(files.english, group):
            if key not in ids:
                line = node.lines.get(key) if isinstance(node, LineDict) else None
                log.error(
                    files.dir / "english.yaml",
                    line,
                    f"{group}.{key}",
                    f"no {group[:-1]} with id {key!r}",
                )


def _check_summary_keys(files: PlanFiles, provision_ids: set[str], log: ProblemLog) -> None:
    document = files.documents.get("summaries.yaml")
    node = document.get("provisions") if isinstance(document, LineDict) else None
    for key in files.summaries.provisions:
        if provision_ids and key not in provision_ids:
            line = node.lines.get(key) if isinstance(node, LineDict) else None
            log.error(
                files.dir / "summaries.yaml",
                line,
                f"provisions.{key}",
                f"no provision with id {key!r}",
            )


def _check_note_quotes(files: PlanFiles, source: Path, log: ProblemLog) -> None:
    """Each data note quotes its places exactly, so a reader can find them in the source."""
    if not files.notes.notes or not source.exists():
        return
    text = source.read_text(encoding="utf-8").splitlines()
    items = _items(files, "data_notes.yaml", "notes")
    for index, note in enumerate(files.notes.notes):
        for place_index, place in enumerate(note.places):
            first, last = place.lines
            if place.quote not in "\n".join(text[first - 1 : last]):
                log.error(
                    files.dir / "data_notes.yaml",
                    _line(items, index),
                    f"notes[{index}].places[{place_index}].quote",
                    f"{place.quote!r} is not on source lines {first}–{last}",
                )
