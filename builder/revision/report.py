"""What a re-import changed: provisions, indicators, projects, totals (plain data + Markdown)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from builder.money import amount
from builder.revision.match import Match, provision_text
from builder.text import md_escape

Record = dict[str, Any]


def char_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level diff as (op, text) pieces: op is '=', '-' or '+'."""
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("=", old[i1:i2]))
        if tag in ("delete", "replace"):
            pieces.append(("-", old[i1:i2]))
        if tag in ("insert", "replace"):
            pieces.append(("+", new[j1:j2]))
    return pieces


def diff_text(pieces: list[tuple[str, str]]) -> str:
    """[-deleted-]{+inserted+} notation, for the terminal and the saved report."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in pieces)


def diff_excerpt(pieces: list[tuple[str, str]], context: int = 20) -> str:
    """Like diff_text, with unchanged stretches cut to `context` characters around changes."""
    out = []
    for index, (op, text) in enumerate(pieces):
        if op != "=":
            out.append(f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
            continue
        first, last = index == 0, index == len(pieces) - 1
        if len(text) <= 2 * context:
            out.append(text)
        elif first:
            out.append("…" + text[-context:])
        elif last:
            out.append(text[:context] + "…")
        else:
            out.append(text[:context] + " … " + text[-context:])
    return "".join(out).replace("\n", " ")


def diff_html(pieces: list[tuple[str, str]], side: str) -> str:
    """One side of a side-by-side diff: deletions on the old side, insertions on the new."""
    out: list[str] = []
    for op, text in pieces:
        if op == "=":
            out.append(md_escape(text))
        elif op == "-" and side == "old":
            out.append(f"<del>{md_escape(text)}</del>")
        elif op == "+" and side == "new":
            out.append(f"<ins>{md_escape(text)}</ins>")
    return "".join(out).replace("\n\n", "<br><br>")


@dataclass
class ChangeReport:
    plan: str
    revision: int
    matches: list[Match] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[tuple[str, str | None]] = field(default_factory=list)  # (old id, went to)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (id, from, to)
    reworded: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    ambiguous: list[Match] = field(default_factory=list)
    indicators: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    projects_added: list[str] = field(default_factory=list)
    projects_removed: list[str] = field(default_factory=list)
    projects_changed: list[tuple[str, str, Any, Any]] = field(default_factory=list)
    totals: tuple[float, float] = (0.0, 0.0)
    orphans: list[str] = field(default_factory=list)
    stale_translations: list[str] = field(default_factory=list)  # English now out of date

    @property
    def empty(self) -> bool:
        return not any(
            [
                self.added,
                self.removed,
                self.moved,
                self.reworded,
                self.indicators,
                self.projects_added,
                self.projects_removed,
                self.projects_changed,
            ]
        )

    def data(self, old: dict[str, str], new: dict[str, str]) -> dict[str, Any]:
        """The report as plain data for the revision pages (texts of changed provisions)."""
        return {
            "revision": self.revision,
            "added": self.added,
            "removed": [{"id": i, "went_to": to} for i, to in self.removed],
            "moved": [{"id": i, "from": a, "to": b} for i, a, b in self.moved],
            "reworded": [{"id": i, "old": old[i], "new": new[i]} for i, _ in self.reworded],
            "indicators": [
                {"id": i, "what": w, "old": a, "new": b} for i, w, a, b in self.indicators
            ],
            "projects_added": self.projects_added,
            "projects_removed": self.projects_removed,
            "projects_changed": [
                {"id": i, "what": w, "old": a, "new": b} for i, w, a, b in self.projects_changed
            ],
            "totals": {"before": self.totals[0], "after": self.totals[1]},
            "orphans": self.orphans,
        }

    def markdown(self) -> str:
        lines = [f"# Change report: {self.plan}, revision {self.revision}", ""]
        if self.empty:
            lines.append("No change to the text, indicators or projects.")
        section = lines.append
        for title, items in (
            ("Provisions added", [f"- {i}" for i in self.added]),
            (
                "Provisions removed",
                [f"- {i} (its text went to: {to or 'nowhere'})" for i, to in self.removed],
            ),
            ("Provisions moved", [f"- {i}: {a} → {b}" for i, a, b in self.moved]),
            ("Provisions reworded", [f"- {i}: {diff_excerpt(d)}" for i, d in self.reworded]),
            (
                "Ambiguous matches (confirm in revisions/N/confirm.yaml)",
                [f"- new {m.new_id} ~ old {m.old_id} ({m.confidence:.2f})" for m in self.ambiguous],
            ),
            (
                "Indicators changed",
                [f"- {i} {what}: {a!s} → {b!s}" for i, what, a, b in self.indicators],
            ),
            ("Projects added", [f"- {i}" for i in self.projects_added]),
            ("Projects removed", [f"- {i}" for i in self.projects_removed]),
            (
                "Projects changed",
                [f"- {i} {what}: {a!s} → {b!s}" for i, what, a, b in self.projects_changed],
            ),
            (
                "English now stale (update corpus/PLAN/translation.yaml)",
                [f"- {i}" for i in self.stale_translations],
            ),
            (
                "Orphaned curated fields (kept in revisions/N/orphans.yaml)",
                [f"- {o}" for o in self.orphans],
            ),
        ):
            if items:
                section(f"## {title}")
                section("")
                lines.extend(items)
                section("")
        before, after = self.totals
        lines += [
            "## Totals",
            "",
            f"- project investment: {amount(before)} → {amount(after)} 万元",
            "",
        ]
        lines += ["## Matches", ""]
        lines += [
            f"- {m.new_id} ← {m.old_id or '(new)'}: {m.how}, {m.confidence:.2f}"
            for m in self.matches
            if m.how != "same place"
        ]
        unchanged = sum(1 for m in self.matches if m.how == "same place")
        lines += [f"- {unchanged} provisions matched in place", ""]
        return "\n".join(lines)


def compare_provisions(report: ChangeReport, old: list[Record], new: list[Record]) -> None:
    old_by_id = {o["id"]: o for o in old}
    new_ids = {n["id"] for n in new}
    for n in new:
        o = old_by_id.get(n["id"])
        if o is None:
            report.added.append(n["id"])
            continue
        if (o["chapter"], o.get("section"), o.get("number")) != (
            n["chapter"],
            n.get("section"),
            n.get("number"),
        ):
            report.moved.append((n["id"], _place(o), _place(n)))
        if provision_text(o) != provision_text(n):
            report.reworded.append((n["id"], char_diff(provision_text(o), provision_text(n))))
    for o in old:
        if o["id"] not in new_ids:
            report.removed.append((o["id"], None))


# What a change report does not list as a change of its own: where a record stands (its lines
# and its number follow any insertion or removal above it), figures read from a listed text,
# and the targets, which are compared year by year.
UNLISTED = {"id", "lines", "number", "baseline_value", "start_year", "end_year", "investment_text"}
FIELD_NAMES = {"baseline_text": "baseline"}  # the names earlier reports used
OMITTED_WHEN_EMPTY: dict[str, Any] = {"inferred": {}}  # the importer writes these only when set


def _changed_fields(old: Record, new: Record, skip: set[str]) -> list[tuple[str, Any, Any]]:
    """Every field whose value differs, by its report name, in the new record's order. A field
    only one of the two records has (the importer wrote it then or writes it now) is a change
    of the files, not of the plan, except a field the importer leaves out when it is empty."""
    fields = [*new, *(f for f in OMITTED_WHEN_EMPTY if f not in new)]
    both = [f for f in fields if (f in old or f in OMITTED_WHEN_EMPTY) and f not in UNLISTED | skip]
    values = [
        (f, old.get(f, OMITTED_WHEN_EMPTY.get(f)), new.get(f, OMITTED_WHEN_EMPTY.get(f)))
        for f in both
    ]
    return [
        (FIELD_NAMES.get(f, f), before, after) for f, before, after in values if before != after
    ]


def compare_indicators(report: ChangeReport, old: list[Record], new: list[Record]) -> None:
    old_by_id = {o["id"]: o for o in old}
    for n in new:
        o = old_by_id.get(n["id"])
        if o is None:
            report.indicators.append((n["id"], "added", None, n["name_zh"]))
            continue
        for what, before, after in _changed_fields(o, n, {"targets"}):
            report.indicators.append((n["id"], what, before, after))
        for ot, nt in zip(o["targets"], n["targets"], strict=False):
            if ot["text"] != nt["text"]:
                report.indicators.append((n["id"], f"target {nt['year']}", ot["text"], nt["text"]))
    for o in old:
        if o["id"] not in {n["id"] for n in new}:
            report.indicators.append((o["id"], "removed", o["name_zh"], None))


def compare_projects(report: ChangeReport, old: list[Record], new: list[Record]) -> None:
    old_by_id = {o["id"]: o for o in old}
    for n in new:
        o = old_by_id.get(n["id"])
        if o is None:
            report.projects_added.append(f"{n['id']} {n['name_zh']}")
            continue
        for what, before, after in _changed_fields(o, n, set()):
            report.projects_changed.append((n["id"], what, before, after))
    for o in old:
        if o["id"] not in {n["id"] for n in new}:
            report.projects_removed.append(f"{o['id']} {o['name_zh']}")
    report.totals = (
        sum(p.get("investment_wan") or 0 for p in old),
        sum(p.get("investment_wan") or 0 for p in new),
    )


def _place(record: Record) -> str:
    where = f"ch{record['chapter']}" + (f".s{record['section']}" if record.get("section") else "")
    return where + (f" 第{record['number']}条" if record.get("number") else "")
