"""A plan's revision history (corpus/PLAN/revisions.yaml) and per-revision snapshots."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.yamlio import read_yaml, write_yaml

HISTORY = "revisions.yaml"
SNAPSHOTS = "revisions"


@dataclass(frozen=True)
class Amendment:
    """An official amendment of the plan by its issuer, as a revision records it (the site's
    own re-imports are revisions too, without one)."""

    issued: dt.date
    doc_no: str | None = None


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_history(plan_dir: Path) -> list[dict[str, Any]]:
    path = plan_dir / HISTORY
    return list(read_yaml(path)["revisions"]) if path.exists() else []


def record_revision(
    plan_dir: Path,
    source: Path | tuple[str, str],
    description: str,
    files: list[str],
    used_ids: list[str],
    date: dt.date | None = None,
    amendment: Amendment | None = None,
) -> int:
    """Append a revision to the history and snapshot the imported files under revisions/N/.

    `source` is the source file, or (name, sha256) when the text is an earlier revision's.
    """
    history = read_history(plan_dir)
    number = len(history) + 1
    snapshot = plan_dir / SNAPSHOTS / str(number)
    snapshot.mkdir(parents=True, exist_ok=True)
    for name in files:
        if (plan_dir / name).exists():
            shutil.copy(plan_dir / name, snapshot / name)
    history.append(
        {
            "revision": number,
            "date": (date or dt.date.today()).isoformat(),
            "source": source.name if isinstance(source, Path) else source[0],
            "sha256": checksum(source) if isinstance(source, Path) else source[1],
            "description": description,
            "kind": "amendment" if amendment else "import",
            **(
                {"issued": amendment.issued.isoformat(), "doc_no": amendment.doc_no}
                if amendment
                else {}
            ),
        }
    )
    previous = (
        read_yaml(plan_dir / HISTORY).get("used_ids", []) if (plan_dir / HISTORY).exists() else []
    )
    write_yaml(
        plan_dir / HISTORY,
        {"revisions": history, "used_ids": sorted(set(previous) | set(used_ids))},
        "Revision history of this plan; written by `python -m builder import`.",
    )
    return number


def rollback(plan_dir: Path, to: int, files: list[str]) -> int:
    """Restore the imported files of revision `to`; the rollback is itself a new revision."""
    history = read_history(plan_dir)
    target = next((r for r in history if r["revision"] == to), None)
    snapshot = plan_dir / SNAPSHOTS / str(to)
    if target is None or not snapshot.is_dir():
        known = ", ".join(str(r["revision"]) for r in history) or "none"
        raise ValueError(f"no revision {to} to roll back to (revisions: {known})")
    for name in files:
        if (snapshot / name).exists():
            shutil.copy(snapshot / name, plan_dir / name)
    return record_revision(
        plan_dir, (target["source"], target["sha256"]), f"rollback to revision {to}", files, []
    )
