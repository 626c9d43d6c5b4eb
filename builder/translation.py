"""Checks of the unofficial English translation against the Chinese it renders.

- every translation names a record that exists and has one English paragraph per Chinese one
  (errors: file, line, field);
- a record without English, or whose Chinese changed since it was translated, is a warning:
  `make site` publishes it ("translation pending" / "stale"), `make test` fails on it;
- the numbers of the English equal the Chinese's (a warning names the difference);
- glossary coverage: the share of glossary terms used in a provision's Chinese whose English
  (or an alias) appears in its translation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from builder.models.translation import (
    TranslationFile,
    indicator_digest,
    project_digest,
    provision_digest,
)
from builder.problems import ProblemLog
from builder.yamlio import LineDict

FILE = "translation.yaml"
STALE = "stale: the Chinese changed after it was translated (numbers not compared)"
# A number printed with 万 or 亿 is kept as printed and followed by its unit in words.
UNIT_WORDS = re.compile(r"×\s*10,000|×\s*100 million|per 10,000")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")


def numbers(text: str, english: bool = False) -> Counter[str]:
    """The numbers printed in a text (a month name counts as its number in English)."""
    text = text.translate(FULL_WIDTH)
    if english:
        text = UNIT_WORDS.sub(" ", text)
        text = MONTH.sub(lambda m: f" {MONTHS.index(m.group(1)) + 1} ", text)
    return Counter(NUMBER.findall(text))


def number_difference(chinese: str, english: str) -> str | None:
    zh, en = numbers(chinese), numbers(english, english=True)
    if zh == en:
        return None
    missing, extra = sorted((zh - en).elements()), sorted((en - zh).elements())
    return f"numbers differ: missing in English {missing or '-'}, not in the Chinese {extra or '-'}"


def check_translation(
    path: Path,
    document: Any,
    translation: TranslationFile,
    records: dict[str, dict[str, Any]],
    log: ProblemLog,
) -> None:
    """`records`: group → id → imported record, for provisions, front_matter, indicators,
    projects."""
    for group, known in records.items():
        node = document.get(group) if isinstance(document, LineDict) else None
        entries = getattr(translation, group)
        for key, entry in entries.items():
            line = node.lines.get(key) if isinstance(node, LineDict) else None
            record = known.get(key)
            if record is None:
                log.error(path, line, f"{group}.{key}", f"no {group} record with id {key!r}")
                continue
            for problem in _entry_problems(group, record, entry):
                if problem.startswith("!"):
                    log.error(path, line, f"{group}.{key}", problem[1:])
                else:
                    log.warn(path, line, f"{group}.{key}", problem)
        for key in [key for key in known if key not in entries]:
            log.warn(path, None, f"{group}.{key}", "translation pending (no English yet)")


def _entry_problems(group: str, record: Any, entry: Any) -> Iterable[str]:
    if group in ("provisions", "front_matter"):
        if len(entry.paragraphs) != len(record.paragraphs):
            yield (
                f"!{len(entry.paragraphs)} English paragraphs for "
                f"{len(record.paragraphs)} Chinese ones"
            )
        if entry.zh != provision_digest(record.paragraphs):
            yield STALE
            return
        pairs = list(zip(record.paragraphs, entry.paragraphs, strict=False))
    elif group == "indicators":
        if entry.zh != indicator_digest(record.model_dump()):
            yield STALE
            return
        pairs = [(record.standard_zh, entry.standard), (record.baseline_text, entry.baseline)]
        pairs += [(t.text, entry.targets.get(t.year)) for t in record.targets]
    else:
        if entry.zh != project_digest(record.model_dump()):
            yield STALE
            return
        pairs = [(record.content_zh, entry.content), (record.period_text, entry.period)]
    for chinese, english in pairs:
        difference = number_difference(chinese or "", english or "")
        if difference:
            yield difference


def glossary_coverage(
    pairs: Iterable[tuple[str, str]], terms: Sequence[Any]
) -> tuple[int, int, list[tuple[str, str]]]:
    """(terms carried over, terms used, misses as (term, chinese excerpt)) over (zh, en) pairs."""
    used = hits = 0
    misses: list[tuple[str, str]] = []
    for chinese, english in pairs:
        english_norm = _norm(english)
        for term in terms:
            if not any(form and form in chinese for form in term.all_zh):
                continue
            used += 1
            if any(_covered(form, english_norm) for form in [term.en, *term.aliases_en]):
                hits += 1
            else:
                misses.append((term.zh, term.en))
    return hits, used, misses


def _norm(text: str) -> str:
    return re.sub(r"[-‐–\s]+", " ", text.lower())


def _covered(form: str, english: str) -> bool:
    form = _norm(form)
    stem = " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in form.split())
    return form in english or stem in english
