"""Reconcile a re-import with the corpus: stable ids, the change report, orphaned curation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from builder.revision.match import Match, fresh_id, match_records, provision_text
from builder.revision.report import (
    ChangeReport,
    compare_indicators,
    compare_projects,
    compare_provisions,
)
from builder.yamlio import read_yaml

CURATED = ("english.yaml", "summaries.yaml", "links.yaml", "national_keys.yaml", "translation.yaml")


def reconcile(
    plan: str, files: dict[str, Any], old: dict[str, Any], used: set[str], revision: int
) -> ChangeReport:
    """Give the re-imported records their existing ids (in `files`, in place); report changes."""
    report = ChangeReport(plan, revision)
    old_provisions = old["provisions.yaml"]["provisions"]
    new_provisions = files["provisions.yaml"]["provisions"]
    matches = match_records(
        old_provisions, new_provisions, provision_text, lambda r: (r["chapter"], r.get("section"))
    )
    matches = _apply_ids(new_provisions, matches, used)
    report.matches = matches
    report.ambiguous = [m for m in matches if m.how == "ambiguous"]
    old_projects = old["projects.yaml"]["projects"]
    new_projects = files["projects.yaml"]["projects"]
    project_matches = match_records(
        old_projects, new_projects, lambda r: r["name_zh"] + r["content_zh"], lambda r: r["number"]
    )
    _apply_ids(new_projects, project_matches, used)
    compare(report, old, files)
    report.removed = [(old_id, _went_to(old_id, matches)) for old_id, _ in report.removed]
    return report


def compare(report: ChangeReport, old: dict[str, Any], files: dict[str, Any]) -> ChangeReport:
    """Fill the report with what changed between two sets of imported files (ids matched)."""
    compare_provisions(
        report, old["provisions.yaml"]["provisions"], files["provisions.yaml"]["provisions"]
    )
    compare_indicators(
        report, old["indicators.yaml"]["indicators"], files["indicators.yaml"]["indicators"]
    )
    compare_projects(report, old["projects.yaml"]["projects"], files["projects.yaml"]["projects"])
    return report


def _apply_ids(records: list[dict[str, Any]], matches: list[Match], used: set[str]) -> list[Match]:
    """Give each record its matched or a fresh id; the matches, with the ids given."""
    by_new = {m.new_id: m for m in matches}
    taken = {m.old_id for m in matches if m.how not in ("new", "ambiguous") and m.old_id}
    given: dict[str, str] = {}
    for record in records:
        match = by_new[record["id"]]
        parsed = record["id"]
        if match.how not in ("new", "ambiguous"):
            record["id"] = match.old_id
        elif record["id"] in used or record["id"] in taken:
            record["id"] = fresh_id(record["id"], used | taken)
        taken.add(record["id"])
        given[parsed] = record["id"]
    return [replace(m, new_id=given[m.new_id]) for m in matches]


def _went_to(old_id: str, matches: list[Match]) -> str | None:
    """For a removed provision: the new provision its text most resembles (ambiguous match)."""
    return next((m.new_id for m in matches if m.old_id == old_id and m.how == "ambiguous"), None)


def orphaned_curation(plan_dir: Path, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Curated entries whose record no longer exists, by file and group."""
    orphans: dict[str, dict[str, Any]] = {}
    for name in CURATED:
        path = plan_dir / name
        if not path.exists():
            continue
        document = read_yaml(path) or {}
        groups = {"": document} if name == "national_keys.yaml" else document
        for group, entries in groups.items():
            if group in ("plan", "chapters", "sections", "domains", "tasks", "front_matter"):
                continue
            if not isinstance(entries, dict):
                continue
            lost = {key: value for key, value in entries.items() if key not in ids}
            if group == "related":  # links to a record that disappeared
                for key, targets in entries.items():
                    gone = [t for t in targets if t not in ids]
                    if gone and key in ids:
                        lost[key] = gone
            if lost:
                orphans.setdefault(name, {})[group or "keys"] = lost
    return orphans
