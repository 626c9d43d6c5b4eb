"""Problems found in the corpus: each names the file, the line and the field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from builder.yamlio import line_of


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class CorpusError(Exception):
    """The corpus is broken; every problem found is listed, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the corpus:\n{lines}")


@dataclass
class ProblemLog:
    """Collects problems while a stage runs; the stage fails once, at the end, with all."""

    root: Path
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def error(self, path: Path, line: int | None, field_path: str, message: str) -> None:
        self.errors.append(self._problem(path, line, field_path, message))

    def warn(self, path: Path, line: int | None, field_path: str, message: str) -> None:
        self.warnings.append(self._problem(path, line, field_path, message))

    def _problem(self, path: Path, line: int | None, field_path: str, message: str) -> Problem:
        """Whatever a check quotes (a key, a value), a problem stays a readable line."""
        return Problem(self.relative(path), line, shorten(field_path, 80), shorten(message, 240))

    def add_validation_error(self, path: Path, document: Any, error: ValidationError) -> None:
        for detail in error.errors():
            location = tuple(detail["loc"])
            message = describe(dict(detail))
            self.error(path, line_of(document, location), format_location(location), message)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise CorpusError(self.errors)


def format_location(location: tuple[Any, ...]) -> str:
    """('projects', 21, 'investment_wan') → 'projects[21].investment_wan'."""
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


_EXPECTED = {
    "float_parsing": "a number",
    "float_type": "a number",
    "finite_number": "a finite number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
}


def shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"


def quote(value: Any, limit: int = 80) -> str:
    """A value's repr, cut to `limit` characters: a message names a value, never prints it
    whole (a 5 MB value would bury every other problem)."""
    return shorten(repr(value), limit)


def describe(detail: dict[str, Any]) -> str:
    """Turn one pydantic error into a short 'expected …, got …' message."""
    kind = detail["type"]
    got = quote(detail.get("input"))
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field (value {got})"
    if kind == "literal_error":
        return f"expected {detail['ctx']['expected']}, got {got}"
    if kind == "value_error":
        return f"{detail['ctx']['error']}, got {got}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {got}"
    return f"{detail['msg']}, got {got}"
