"""The unofficial English translation of a plan's full text, keyed by record id.

Each entry keeps `zh`, a short hash of the Chinese it was translated from: when a re-import
changes the Chinese, the hash no longer matches and the translation shows as stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from pydantic import Field

from builder.models.base import StrictModel


def source_digest(*texts: str | None) -> str:
    """A short hash of the Chinese texts a translation was made from."""
    joined = "\x1f".join(text or "" for text in texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


class TranslatedText(StrictModel):
    zh: str
    paragraphs: list[str] = Field(min_length=1)


class TranslatedIndicator(StrictModel):
    zh: str
    standard: str | None = None
    baseline: str | None = None
    targets: dict[int, str | None] = Field(default_factory=dict)


class TranslatedProject(StrictModel):
    zh: str
    content: str | None = None
    period: str | None = None
    investment_note: str | None = None
    lead_units: list[str] = Field(default_factory=list)


class TranslationFile(StrictModel):
    """corpus/PLAN/translation.yaml: curated; the importer never writes it."""

    provisions: dict[str, TranslatedText] = Field(default_factory=dict)
    front_matter: dict[str, TranslatedText] = Field(default_factory=dict)
    indicators: dict[str, TranslatedIndicator] = Field(default_factory=dict)
    projects: dict[str, TranslatedProject] = Field(default_factory=dict)


def provision_digest(paragraphs: list[str]) -> str:
    return source_digest(*paragraphs)


def indicator_digest(record: Mapping[str, Any]) -> str:
    """Of an imported indicator row (as in indicators.yaml)."""
    targets = [target["text"] for target in record["targets"]]
    return source_digest(record["standard_zh"], record["baseline_text"], *targets)


def project_digest(record: Mapping[str, Any]) -> str:
    """Of an imported project (as in projects.yaml)."""
    return source_digest(
        record["content_zh"],
        record["period_text"],
        record.get("investment_note"),
        *record["lead_units"],
    )
