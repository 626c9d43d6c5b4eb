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
from builder.importer.pdf_tables import parse_pdf_indicators, parse_pdf_projects
from builder.importer.text import read_lines
from builder.importer.word_layout import parse_word_plan
from builder.importer.word_tables import parse_word_indicators, parse_word_projects
from builder.yamlio import read_yaml, write_yaml

IMPORTED_FILES = ("structure.yaml", "provisions.yaml", "indicators.yaml", "projects.yaml")


class SourceError(Exception):
    """The source cannot be imported as asked."""


@dataclass(frozen=True)
class ImportResult:
    plan: str
    layout: str
    files: dict[str, Any]

    def summary(self) -> str:
        chapters = self.files["structure.yaml"]["chapters"]
        sections = sum(len(c["sections"]) for c in chapters)
        provisions = len(self.files["provisions.yaml"]["provisions"])
        indicators = len(self.files["indicators.yaml"]["indicators"])
        projects = len(self.files["projects.yaml"]["projects"])
        return (
            f"{self.plan}: {self.layout} layout, {len(chapters)} chapters, "
            f"{sections} sections, {provisions} provisions, {indicators} indicator rows, "
            f"{projects} projects"
        )


def detect_layout(text: str) -> str:
    """Tell the two source layouts apart: Word extraction leaves bookmark markers."""
    return "word" if "[bookmark:" in text else "pdf"


def parse_plan(source: Path, plan_dir: Path) -> ImportResult:
    """Parse a source text into the imported corpus files, without writing them."""
    lines = read_lines(source)
    layout = detect_layout(source.read_text(encoding="utf-8"))
    if layout == "pdf":
        parsed = parse_pdf_plan(lines)
        indicators, projects = parse_pdf_indicators(lines), parse_pdf_projects(lines)
    else:
        outline = plan_dir / "outline.yaml"
        if not outline.exists():
            raise SourceError(f"{outline} is missing: a Word-layout plan needs its outline")
        parsed = parse_word_plan(lines, read_yaml(outline))
        indicators, projects = parse_word_indicators(lines), parse_word_projects(lines)
    files = {
        "structure.yaml": {
            "front_matter": parsed["front_matter"],
            "chapters": parsed["chapters"],
        },
        "provisions.yaml": {"provisions": parsed["provisions"]},
        "indicators.yaml": indicators,
        "projects.yaml": projects,
    }
    return ImportResult(plan=plan_dir.name, layout=layout, files=files)


def import_plan(source: Path, plan_dir: Path) -> ImportResult:
    """Parse a source text and write the imported corpus files into `plan_dir`."""
    result = parse_plan(source, plan_dir)
    header = f"Imported from {source.name} by `python -m builder import`; do not edit by hand."
    for name, data in result.files.items():
        write_yaml(plan_dir / name, data, header)
    return result
