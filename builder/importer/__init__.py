"""Import a plan's source text into the structured corpus (the YAML the builder loads).

The importer writes only the imported files (structure, provisions, indicators, projects);
curated files beside them (plan.yaml, english.yaml, national_keys.yaml, data_notes.yaml,
outline.yaml) are never written here.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.importer.documents import DocumentError, SourceText, docx_text, pdf_text
from builder.importer.errors import SourceError
from builder.importer.pdf_layout import parse_pdf_plan
from builder.importer.pdf_tables import parse_pdf_indicators, parse_pdf_projects
from builder.importer.staging import (
    STAGING_SUFFIX,
    clear_leftovers,
    copy_plan,
    import_lock,
    staging_folder,
    switch,
)
from builder.importer.text import Line
from builder.importer.word_layout import parse_word_plan
from builder.importer.word_tables import parse_word_indicators, parse_word_projects
from builder.load import read_model
from builder.models.base import PLAN_ID as PLAN_ID_PATTERN
from builder.models.outline import Outline
from builder.models.translation import indicator_digest, project_digest, provision_digest
from builder.problems import ProblemLog
from builder.revision.history import Amendment, read_history, record_revision
from builder.revision.match import provision_text
from builder.revision.reconcile import orphaned_curation, reconcile
from builder.revision.report import ChangeReport
from builder.yamlio import read_yaml, write_yaml

IMPORTED_FILES = ("structure.yaml", "provisions.yaml", "indicators.yaml", "projects.yaml")


MAX_SOURCE_BYTES = 5_000_000  # plain text; a plan is about 0.1 MB
MAX_DOCUMENT_BYTES = {".docx": 50_000_000, ".pdf": 100_000_000}  # embedded fonts and images
PLAN_ID = re.compile(PLAN_ID_PATTERN)  # the corpus models' own pattern; matched whole


def read_outline(path: Path) -> dict[str, Any]:
    """A Word-layout plan's curated outline, validated like every corpus file."""
    if not path.exists():
        raise SourceError(f"{path} is missing: a Word-layout plan needs its outline")
    log = ProblemLog(path.parent.parent)
    outline, _ = read_model(path, Outline, log)
    if outline is None:
        more = f" (and {len(log.errors) - 1} more)" if len(log.errors) > 1 else ""
        raise SourceError(f"{log.errors[0]}{more}")
    return outline.model_dump()


def plan_folder(corpus_dir: Path, plan_id: str) -> Path:
    """The corpus folder of a plan id; ids are plain names (no paths, no ../, no whitespace)."""
    if not PLAN_ID.fullmatch(plan_id):
        raise SourceError(
            f"invalid plan id {plan_id!r}: use lowercase letters, digits and hyphens (e.g. shifeng)"
        )
    return corpus_dir / plan_id


def read_source(source: Path) -> SourceText:
    """The source text of a .txt, .docx or .pdf file, refused with a clear message when it
    is not usable."""
    if not source.is_file():
        raise SourceError(f"{source}: no such file")
    size = source.stat().st_size
    limit = MAX_DOCUMENT_BYTES.get(source.suffix.lower(), MAX_SOURCE_BYTES)
    if size > limit:
        raise SourceError(f"{source}: {size:,} bytes; the limit is {limit:,}")
    reader = {".docx": docx_text, ".pdf": pdf_text}.get(source.suffix.lower())
    try:
        if reader is None:
            return SourceText(_plain_text(source))
        return reader(source)
    except DocumentError as error:
        raise SourceError(f"{source}: {error}") from None
    except OSError as error:
        raise SourceError(f"{source}: cannot be read ({error.strerror or error})") from None


def _plain_text(source: Path) -> str:
    data = source.read_bytes()
    # Windows editors start UTF-8 with a byte order mark; it is not part of the text.
    body = data.removeprefix(codecs.BOM_UTF8)
    if not body.strip():
        raise SourceError(f"{source}: the file is empty")
    if b"\x00" in body:
        raise SourceError(f"{source}: not a text file (it contains NUL bytes)")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        try:
            body.decode("gb18030")
            hint = "it looks like GBK/GB18030: convert it to UTF-8 first (iconv -f GB18030)"
        except UnicodeDecodeError:
            hint = "it is not UTF-8 text"
        position = error.start + len(data) - len(body)
        raise SourceError(f"{source}: {hint} (byte {position})") from None


@dataclass
class ImportResult:
    plan: str
    layout: str
    files: dict[str, Any]
    text: str = ""
    unplaced: list[str] = field(default_factory=list)
    report: ChangeReport | None = None
    revision: int = 1

    def summary(self) -> str:
        chapters = self.files["structure.yaml"]["chapters"]
        sections = sum(len(c["sections"]) for c in chapters)
        provisions = len(self.files["provisions.yaml"]["provisions"])
        indicators = len(self.files["indicators.yaml"]["indicators"])
        projects = len(self.files["projects.yaml"]["projects"])
        counts = (
            f"{self.plan}: {self.layout} layout, {len(chapters)} chapters, "
            f"{sections} sections, {provisions} provisions, {indicators} indicator rows, "
            f"{projects} projects"
        )
        return "\n".join([counts, *(f"  could not place: {item}" for item in self.unplaced)])


ARTICLE_LINE = re.compile(r"^\s*第\s*\d+\s*条", re.MULTILINE)


def detect_layout(text: str) -> str | None:
    """Tell the two source layouts apart: numbered articles (第N条), or Word bookmarks."""
    if len(ARTICLE_LINE.findall(text)) >= 3:
        return "pdf"
    return "word" if "[bookmark:" in text else None


def parse_plan(source: Path, plan_dir: Path) -> ImportResult:
    """Parse a source text into the imported corpus files, without writing them."""
    source_text = read_source(source)
    text = source_text.text
    lines = [Line(number, raw) for number, raw in enumerate(text.splitlines(), start=1)]
    layout = detect_layout(text)
    if layout is None:
        raise SourceError(
            f"{source}: not a plan in a known layout: it has neither numbered articles "
            "(第N条) nor the Word outline's bookmarks"
        )
    try:
        if layout == "pdf":
            parsed = parse_pdf_plan(lines)
            indicators, projects = parse_pdf_indicators(lines), parse_pdf_projects(lines)
        else:
            parsed = parse_word_plan(lines, read_outline(plan_dir / "outline.yaml"))
            indicators, projects = parse_word_indicators(lines), parse_word_projects(lines)
    except (StopIteration, IndexError, KeyError, ValueError) as error:
        # The layout parsers expect a plan: chapters, articles or items, and the two tables.
        raise SourceError(
            f"{source}: not a plan in a known layout ({layout}): could not find "
            f"its chapters, provisions or tables ({type(error).__name__})"
        ) from None
    empty = [p["id"] for p in parsed["provisions"] if not p["paragraphs"]]
    if empty:
        listed = ", ".join(empty[:5]) + (f" and {len(empty) - 5} more" if len(empty) > 5 else "")
        raise SourceError(
            f"{source}: {len(empty)} provisions have no text ({listed}): the source does not "
            f"follow the {layout} layout{' and its outline' if layout == 'word' else ''} there"
        )
    files = {
        "structure.yaml": {
            "front_matter": parsed["front_matter"],
            "chapters": parsed["chapters"],
        },
        "provisions.yaml": {"provisions": parsed["provisions"]},
        "indicators.yaml": indicators,
        "projects.yaml": projects,
    }
    unplaced = [
        *source_text.unplaced,
        *_numbering_gaps(parsed["provisions"]),
        *_indicator_gaps(indicators["indicators"]),
    ]
    return ImportResult(plan_dir.name, layout, files, text, unplaced)


# The national county-level standard both plans follow: 19 binding and 6 reference indicators.
STANDARD_INDICATORS = {"binding": 19, "reference": 6}


def _indicator_gaps(indicators: list[dict[str, Any]]) -> list[str]:
    found = {
        attribute: {row["number"] for row in indicators if row["attribute"] == attribute}
        for attribute in STANDARD_INDICATORS
    }
    return [
        f"indicator table: {len(found[attribute])} of the standard's {expected} "
        f"{attribute} indicators found"
        for attribute, expected in STANDARD_INDICATORS.items()
        if len(found[attribute]) < expected
    ]


def _numbering_gaps(provisions: list[dict[str, Any]]) -> list[str]:
    """Article numbers the parse skipped: their text was not found where an article starts."""
    numbers = {p["number"] for p in provisions if isinstance(p.get("number"), int)}
    if not numbers:
        return []
    missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
    return [f"第{number}条 (no article starts with this number)" for number in missing]


def import_plan(
    source: Path,
    plan_dir: Path,
    description: str = "",
    dry_run: bool = False,
    amendment: Amendment | None = None,
) -> ImportResult:
    """Parse a source text and write the imported corpus files into `plan_dir`.

    On a plan that already has a corpus, records keep their ids (matched by place and text),
    the changes are reported and saved with a snapshot under revisions/N/, and curated entries
    whose record disappeared move to revisions/N/orphans.yaml. `dry_run` writes nothing.
    `amendment`: the text is an official amendment of the plan (else the site's re-import).
    All or nothing: the import is written into a copy of the plan folder, which then takes the
    folder's place in one rename; a failure on the way leaves the plan as it was.
    """
    if dry_run:
        return _reconciled(source, plan_dir)[0]
    with import_lock(plan_dir.parent):
        clear_leftovers(plan_dir)
        result, old = _reconciled(source, plan_dir)
        text = _commit(source, plan_dir, result, old, description, amendment)
        if text is not None:
            os.replace(*text)
    return result


def _reconciled(source: Path, plan_dir: Path) -> tuple[ImportResult, dict[str, Any]]:
    """The parsed import with the plan's existing ids and change report, and the old files."""
    result = parse_plan(source, plan_dir)
    if not (plan_dir / "provisions.yaml").exists():
        return result, {}
    old = {name: read_yaml(plan_dir / name) for name in IMPORTED_FILES}
    history = read_history(plan_dir)
    used = _used_ids(plan_dir, old)
    result.revision = (len(history) or 1) + 1
    result.report = reconcile(result.plan, result.files, old, used, result.revision)
    result.report.stale_translations = stale_translations(plan_dir, result.files)
    return result, old


def _commit(
    source: Path,
    plan_dir: Path,
    result: ImportResult,
    old: dict[str, Any],
    description: str,
    amendment: Amendment | None,
) -> tuple[Path, Path] | None:
    """Write the import into a copy of the plan folder and switch it in. The extracted text of
    a document source, if any, is returned (temporary, final) for the caller to move into
    place. On any failure nothing has changed: an OSError becomes a one-line SourceError."""
    staging, text = staging_folder(plan_dir), None
    try:
        copy_plan(plan_dir, staging)
        _write_import(source, staging, result, old, description, amendment)
        text = _extracted_text(source, result.text, plan_dir.parent)
        switch(staging, plan_dir)
        return text
    except OSError as error:
        _discard(text)
        raise SourceError(_nothing_changed(plan_dir, staging, error)) from None
    except BaseException:
        _discard(text)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the new plan's copy, or the old plan


def _discard(text: tuple[Path, Path] | None) -> None:
    if text is not None:
        text[0].unlink(missing_ok=True)


def _write_import(
    source: Path,
    plan_dir: Path,
    result: ImportResult,
    old: dict[str, Any],
    description: str,
    amendment: Amendment | None,
) -> None:
    """Write the imported files, the revision and its report into `plan_dir` (the staging copy)."""
    if old and not read_history(plan_dir):
        # The corpus before its first recorded revision is revision 1.
        record_revision(
            plan_dir,
            _first_source(plan_dir, source),
            "first import",
            list(IMPORTED_FILES),
            sorted(_used_ids(plan_dir, old)),
        )
    header = f"Imported from {source.name} by `python -m builder import`; do not edit by hand."
    for name, data in result.files.items():
        write_yaml(plan_dir / name, data, header)
    new_ids = _ids(result.files)
    number = record_revision(
        plan_dir,
        source,
        description or "re-import",
        list(IMPORTED_FILES),
        sorted(new_ids),
        amendment=amendment,
    )
    if result.report is not None and result.report.removed:
        _keep_removed(plan_dir, old, result.report, number)
    if result.report is not None:
        folder = plan_dir / "revisions" / str(number)
        _save_report(folder, result.report, plan_dir, new_ids)
        texts = {
            side: {p["id"]: provision_text(p) for p in files["provisions.yaml"]["provisions"]}
            for side, files in (("old", old), ("new", result.files))
        }
        write_yaml(
            folder / "report.yaml",
            result.report.data(texts["old"], texts["new"]),
            "What this revision changed (read by the revision pages).",
        )


def _extracted_text(source: Path, text: str, corpus: Path) -> tuple[Path, Path] | None:
    """For a .docx or .pdf source: its text, which the corpus's line numbers refer to, written
    beside the sources under a temporary name; (temporary, final) to move it into place."""
    if source.suffix.lower() not in (".docx", ".pdf"):
        return None
    final = corpus / "sources" / f"{source.name}.txt"
    temporary = final.with_name(f".{final.name}{STAGING_SUFFIX}")
    temporary.parent.mkdir(exist_ok=True)
    temporary.write_text(text, encoding="utf-8")
    return temporary, final


def _nothing_changed(plan_dir: Path, staging: Path, error: OSError) -> str:
    """One line: what failed, named by its place in the plan folder rather than the copy."""
    where = str(error.filename or plan_dir).replace(str(staging), str(plan_dir))
    reason = error.strerror or str(error).splitlines()[0]
    return f"{plan_dir.name}: import failed, nothing was changed: {reason}: {where}"


def stale_translations(plan_dir: Path, files: dict[str, Any]) -> list[str]:
    """Records whose English was made from Chinese this import changes."""
    path = plan_dir / "translation.yaml"
    if not path.exists():
        return []
    translation = read_yaml(path) or {}
    made_from = {
        **{k: v["zh"] for k, v in translation.get("provisions", {}).items()},
        **{k: v["zh"] for k, v in translation.get("indicators", {}).items()},
        **{k: v["zh"] for k, v in translation.get("projects", {}).items()},
    }
    current = {
        **{
            p["id"]: provision_digest(p["paragraphs"])
            for p in files["provisions.yaml"]["provisions"]
        },
        **{i["id"]: indicator_digest(i) for i in files["indicators.yaml"]["indicators"]},
        **{p["id"]: project_digest(p) for p in files["projects.yaml"]["projects"]},
    }
    return [key for key, digest in current.items() if key in made_from and made_from[key] != digest]


def _keep_removed(plan_dir: Path, old: dict[str, Any], report: ChangeReport, number: int) -> None:
    """A removed provision's page stays: keep its last text, when it went and where to."""
    path = plan_dir / "removed.yaml"
    kept = read_yaml(path)["provisions"] if path.exists() else []
    by_id = {p["id"]: p for p in old["provisions.yaml"]["provisions"]}
    for old_id, went_to in report.removed:
        kept.append({**by_id[old_id], "removed_in": number, "went_to": went_to})
    write_yaml(path, {"provisions": kept}, "Provisions removed by a revision; their pages stay.")


def _ids(files: dict[str, Any]) -> set[str]:
    return {
        record["id"]
        for name, key in (
            ("provisions.yaml", "provisions"),
            ("indicators.yaml", "indicators"),
            ("projects.yaml", "projects"),
        )
        for record in files[name][key]
    }


def _used_ids(plan_dir: Path, old: dict[str, Any]) -> set[str]:
    history = plan_dir / "revisions.yaml"
    ever = set(read_yaml(history).get("used_ids", [])) if history.exists() else set()
    return ever | _ids(old)


def _first_source(plan_dir: Path, fallback: Path) -> Path:
    plan_file = plan_dir / "plan.yaml"
    if plan_file.exists():
        source = plan_dir.parent / "sources" / read_yaml(plan_file)["plan"]["source_file"]
        if source.exists():
            return source
    return fallback


def _save_report(folder: Path, report: ChangeReport, plan_dir: Path, ids: set[str]) -> None:
    """The report (Markdown), ambiguous matches to confirm, and orphaned curated entries."""
    orphans = orphaned_curation(plan_dir, ids)
    for name, groups in orphans.items():
        document = read_yaml(plan_dir / name)
        for group, entries in groups.items():
            node = document if group == "keys" else document[group]
            for key, value in entries.items():
                if key in ids and group == "related":  # the record stays; drop dead links
                    node[key] = [target for target in node[key] if target not in value]
                    report.orphans.append(f"{name}: {group}.{key} → {', '.join(value)}")
                else:
                    report.orphans.append(f"{name}: {group}.{key}")
                    del node[key]
        write_yaml(plan_dir / name, document)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.md").write_text(report.markdown(), encoding="utf-8")
    if orphans:
        write_yaml(folder / "orphans.yaml", orphans, "Curated entries whose record disappeared.")
    if report.ambiguous:
        write_yaml(
            folder / "confirm.yaml",
            {
                "ambiguous": [
                    {"new": m.new_id, "old": m.old_id, "confidence": m.confidence, "same": None}
                    for m in report.ambiguous
                ]
            },
            "Matches the importer was not sure of: the new records got new ids. Set `same: true` "
            "where the new record is the old one, then run `python -m builder confirm PLAN`.",
        )
