"""The maintainer's answers to the importer's doubts: apply revisions/N/confirm.yaml.

The importer lists the matches it was not sure of and gives those records new ids. The
maintainer sets `same: true` on an entry when the new record is the old one (reworded beyond
what the importer trusts); `python -m builder confirm PLAN` then gives it back the old id,
takes it off the removed list, restores its curated entries from the orphans file and
rewrites the revision's report and snapshot. Entries left `same: false` or empty stay new.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.revision.history import SNAPSHOTS, read_history
from builder.revision.match import provision_text
from builder.revision.reconcile import compare
from builder.revision.report import ChangeReport
from builder.yamlio import read_yaml, write_yaml

CONFIRM = "confirm.yaml"
RECORD_LISTS = {"provisions.yaml": "provisions", "projects.yaml": "projects"}


def apply_confirmations(plan_dir: Path, imported: tuple[str, ...]) -> list[tuple[str, str]]:
    """Apply the answers in the latest revision's confirm.yaml; return the (new, old) ids
    merged."""
    history = read_history(plan_dir)
    number = history[-1]["revision"] if history else 0
    folder = plan_dir / SNAPSHOTS / str(number)
    if number < 2 or not (folder / CONFIRM).exists():
        raise ValueError(f"{plan_dir.name}: revision {number} has no matches to confirm")
    answers = read_yaml(folder / CONFIRM)
    merged = [
        (entry["new"], entry["old"])
        for entry in answers["ambiguous"]
        if entry.get("same") is True and not entry.get("applied")
    ]
    if not merged:
        return []
    renames = dict(merged)
    for name, key in RECORD_LISTS.items():
        _rename_records(plan_dir / name, key, renames)
    for name in imported:
        shutil.copy(plan_dir / name, folder / name)
    _unremove(plan_dir, number, set(renames.values()))
    _restore_orphans(plan_dir, folder, set(renames.values()))
    _rewrite_report(plan_dir, number, imported)
    for entry in answers["ambiguous"]:
        if entry.get("same") is True:
            entry["applied"] = True
    write_yaml(folder / CONFIRM, answers, _header(folder / CONFIRM))
    return merged


def _header(path: Path) -> str:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.removeprefix("# ") if first.startswith("#") else ""


def _rename_records(path: Path, key: str, renames: dict[str, str]) -> None:
    document = read_yaml(path)
    for record in document[key]:
        record["id"] = renames.get(record["id"], record["id"])
    write_yaml(path, document, _header(path))


def _unremove(plan_dir: Path, number: int, ids: set[str]) -> None:
    path = plan_dir / "removed.yaml"
    if not path.exists():
        return
    document = read_yaml(path)
    document["provisions"] = [
        p for p in document["provisions"] if not (p["id"] in ids and p["removed_in"] == number)
    ]
    write_yaml(path, document, _header(path))


def _restore_orphans(plan_dir: Path, folder: Path, ids: set[str]) -> None:
    """Curated entries moved out when their record seemed gone come back."""
    path = folder / "orphans.yaml"
    if not path.exists():
        return
    orphans = read_yaml(path)
    for name, groups in orphans.items():
        document = read_yaml(plan_dir / name) or {}
        for group, entries in groups.items():
            node = document if group == "keys" else document.setdefault(group, {})
            for key in [k for k in entries if k in ids]:
                node[key] = entries.pop(key)
        write_yaml(plan_dir / name, document, _header(plan_dir / name))
    write_yaml(path, orphans, _header(path))


def _rewrite_report(plan_dir: Path, number: int, imported: tuple[str, ...]) -> None:
    previous = plan_dir / SNAPSHOTS / str(number - 1)
    old = {name: read_yaml(previous / name) for name in imported}
    new = {name: read_yaml(plan_dir / name) for name in imported}
    report = compare(ChangeReport(plan_dir.name, number), old, new)
    texts = [
        {p["id"]: provision_text(p) for p in files["provisions.yaml"]["provisions"]}
        for files in (old, new)
    ]
    folder = plan_dir / SNAPSHOTS / str(number)
    write_yaml(folder / "report.yaml", report.data(*texts), _header(folder / "report.yaml"))
    with (folder / "report.md").open("a", encoding="utf-8") as markdown:
        markdown.write("\n## After the maintainer's confirmations\n\n" + report.markdown())
