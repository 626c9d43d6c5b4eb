"""What a plan's revisions say of each provision, gathered once per plan for its pages: the
last revision that changed it, and the revisions whose text holds it (each has a page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProvisionChanges:
    last_changed: dict[str, int]  # provision id → latest revision that added, moved or reworded it
    versions: dict[str, list[int]]  # provision id → revisions whose text holds it, in order


def provision_changes(
    reports: dict[int, dict[str, Any]], snapshots: dict[int, list[Any]]
) -> ProvisionChanges:
    last_changed: dict[str, int] = {}
    for number, report in sorted(reports.items()):
        changed = [
            *report.get("added", []),
            *(item["id"] for item in report.get("reworded", [])),
            *(item["id"] for item in report.get("moved", [])),
        ]
        last_changed.update(dict.fromkeys(changed, number))
    versions: dict[str, list[int]] = {}
    for number, provisions in sorted(snapshots.items()):
        for provision in provisions:
            versions.setdefault(provision.id, []).append(number)
    return ProvisionChanges(last_changed, versions)
