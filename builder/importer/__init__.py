"""Import a plan's source text into the structured corpus (the YAML the builder loads).

The importer writes only the imported files (structure, provisions, indicators, projects);
curated files beside them (plan.yaml, english.yaml, national_keys.yaml, data_notes.yaml,
outline.yaml) are never written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.importer.pdf_layout import parse_pdf_plan
from builder.importer.text import read_lines
from builder.yamlio import write_yaml

IMPORTED_FILES = ("structure.yaml", "provisions.yaml")


@dataclass(frozen=True)
class ImportResult:
    plan: str
    layout: str
    files: dict[str, Any]

    def summary(self) -> str:
        chapters = self.files["structure.yaml"]["chapters"]
        sections = sum(len(c["sections"]) for c in chapters)
        provisions = len(self.files["provisions.yaml"]["provisions"])
        return (
            f"{self.plan}: {self.layout} layout, {len(chapters)} chapters, "
            f"{sections} sections, {provisions} provisions"
        )


def detect_layout(text: str) -> str:
    """Tell the two source layouts apart: Word extraction leaves bookmark markers."""
    return "word" if "[bookmark:" in text else "pdf"


def parse_plan(source: Path, plan_dir: Path) -> ImportResult:
    """Parse a source text into the imported corpus files, without writing them."""
    lines = read_lines(source)
    layout = detect_layout(source.read_text(encoding="utf-8"))
    if layout != "pdf":
        raise NotImplementedError(f"{source}: the Word layout importer is not written yet")
    parsed = parse_pdf_plan(lines)
    files = {
        "structure.yaml": {
            "front_matter": parsed["front_matter"],
            "chapters": parsed["chapters"],
        },
        "provisions.yaml": {"provisions": parsed["provisions"]},
    }
    return ImportResult(plan=plan_dir.name, layout=layout, files=files)


def import_plan(source: Path, plan_dir: Path) -> ImportResult:
    """Parse a source text and write the imported corpus files into `plan_dir`."""
    result = parse_plan(source, plan_dir)
    header = f"Imported from {source.name} by `python -m builder import`; do not edit by hand."
    for name, data in result.files.items():
        write_yaml(plan_dir / name, data, header)
    return result
