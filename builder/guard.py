"""The shrink guard: a build never publishes fewer plans or records than the site it replaces,
unless the corpus's revision history records the removal (an import did it) or the
maintainer allows it. A plan or a provision that vanishes from a law-like text is a loss the
public cannot see; it must be said, not discovered.

The published site is read through its own exports (`api/plans.json`, `api/PLAN/*.json`),
the public record of what it holds.
"""

from __future__ import annotations

import json
from pathlib import Path

from builder.load import Corpus, PlanCorpus

KINDS = ("provisions", "indicators", "projects")
SHOWN = 8  # ids named per kind; the rest are counted


class ShrinkError(Exception):
    """The build would publish less than the site it replaces, and nothing records why."""


Records = dict[str, dict[str, set[str]]]  # plan id → kind → local record ids


def published_records(site: Path | None) -> Records | None:
    """What the published site holds, from its exports; None when there is nothing to compare
    with (no site yet, or one from before the exports)."""
    plans_file = site / "api" / "plans.json" if site else None
    if plans_file is None or not plans_file.is_file():
        return None
    try:
        plans = [plan["id"] for plan in json.loads(plans_file.read_text(encoding="utf-8"))]
        return {plan: _published_plan(plans_file.parent / plan) for plan in plans}
    except (OSError, ValueError, KeyError, TypeError):
        return None  # an unreadable old site is replaced, not compared


def _published_plan(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for kind in KINDS:
        path = folder / f"{kind}.json"
        records = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        found[kind] = {record["id"].split("/", 1)[-1] for record in records}
    return found


def corpus_records(corpus: Corpus) -> Records:
    return {
        plan.id: {
            "provisions": {p.id for p in plan.provisions},
            "indicators": {i.id for i in plan.indicators},
            "projects": {p.id for p in plan.projects},
        }
        for plan in corpus.plans
    }


def recorded_removals(plan: PlanCorpus) -> set[str]:
    """Local ids that an import removed, as its revision reports and removed.yaml say."""
    removed = {provision.id for provision in plan.removed}
    for report in plan.reports.values():
        removed |= {entry["id"] for entry in report["removed"]}
        removed |= {entry["id"] for entry in report["indicators"] if entry["what"] == "removed"}
        removed |= {entry.split(" ", 1)[0] for entry in report["projects_removed"]}
    return removed


def unrecorded_losses(corpus: Corpus, before: Records) -> list[str]:
    """One line for each plan, and each kind of record in a plan, that would disappear."""
    now = corpus_records(corpus)
    losses = [f"plan {plan} (all its pages and records)" for plan in before if plan not in now]
    for plan in corpus.plans:
        recorded = recorded_removals(plan)
        for kind in KINDS:
            gone = before.get(plan.id, {}).get(kind, set()) - now[plan.id][kind] - recorded
            if gone:
                losses.append(f"{plan.id}: {len(gone)} {kind} ({_name_some(sorted(gone))})")
    return losses


def _name_some(ids: list[str]) -> str:
    more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
    return ", ".join(ids[:SHOWN]) + more


def guard_shrink(corpus: Corpus, published_site: Path | None, allow: bool = False) -> None:
    """Refuse a build that would drop published plans or records without a recorded reason."""
    before = published_records(published_site)
    if allow or before is None:
        return
    losses = unrecorded_losses(corpus, before)
    if losses:
        listed = "".join(f"\n  {loss}" for loss in losses)
        raise ShrinkError(
            "this build would remove from the published site what no import recorded "
            f"removing:{listed}\nIf that is meant, build again with --allow-shrink; "
            "the published site is unchanged."
        )
