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
# Numbers are compared by value, each written as its language writes it: Chinese 万 and 亿
# multiply the digits before them (3000万 is 30,000,000; a range shares its unit: 3000-5000万);
# English writes the value with separators or a scale word (30 million, 150,000, 1.9 billion;
# a range shares its word: 30–50 million), or, in older entries, "× 10,000".
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
CHINESE_SCALE = re.compile(r"\s*(万|亿)")
ENGLISH_SCALE = re.compile(r"\s*(?:(million|billion)\b|×\s*(10,000|100 million))")
RANGE = re.compile(r"\s*[-–—~～至到]\s*$")
# A power or a subscript written after letters (m3, km2, CO2) is part of a unit or a formula.
UNIT_DIGIT = re.compile(r"(?<=[A-Za-z])[23](?!\d|\.\d)")
SCALES = {"万": 1e4, "亿": 1e8, "million": 1e6, "billion": 1e9, "10,000": 1e4, "100 million": 1e8}
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
    """The values of the numbers printed in a text, as plain figures (a month name counts as
    its number in English)."""
    text = UNIT_DIGIT.sub("", text.translate(FULL_WIDTH))
    if english:
        text = text.replace("per 10,000", "per")  # a rate (每万人), not a number of the text
        text = MONTH.sub(lambda m: f" {MONTHS.index(m.group(1)) + 1} ", text)
    found = list(NUMBER.finditer(text))
    scale_after = ENGLISH_SCALE if english else CHINESE_SCALE
    values: list[str] = []
    skip_to = 0
    for index, number in enumerate(found):
        if number.start() < skip_to:
            continue  # the 10,000 of "× 10,000"
        scale = _scale(text, number.end(), scale_after)
        if scale[0] == 1 and index + 1 < len(found):  # the first of a range takes its scale
            between = text[number.end() : found[index + 1].start()]
            if RANGE.match(between):
                scale = (_scale(text, found[index + 1].end(), scale_after)[0], number.end())
        skip_to = scale[1]
        value = float(number.group().replace(",", "")) * scale[0]
        values.append(f"{value:.12g}")
    return Counter(values)


def _scale(text: str, at: int, pattern: re.Pattern[str]) -> tuple[float, int]:
    """The multiplier written right after a number, and where it ends."""
    found = pattern.match(text, at)
    if not found:
        return 1, at
    word = next(group for group in found.groups() if group)
    return SCALES[word], found.end()


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


# The indicator texts two plans may share word for word: one Chinese, one English.
SHARED: tuple[tuple[str, str, str], ...] = (("name_zh", "name_en", "english.yaml"),)
SHARED += (("standard_zh", "standard_en", FILE),)
SHARED += (("domain_zh", "domain_en", "english.yaml"),)


def check_shared_english(
    plans: Sequence[Any], distinct: dict[str, str], root: Path, log: ProblemLog
) -> None:
    """The same Chinese indicator name, standard or domain reads the same in English in every
    plan, unless corpus.yaml's `distinct_english` says why it may not (a warning names each)."""
    for chinese_field, english_field, file in SHARED:
        renderings: dict[str, dict[str, list[str]]] = {}
        for plan in plans:
            for indicator in plan.indicators:
                chinese, english = (
                    getattr(indicator, chinese_field),
                    getattr(indicator, english_field),
                )
                if chinese and english and chinese not in distinct:
                    where = f"{plan.meta.id}/{indicator.id}"
                    renderings.setdefault(chinese, {}).setdefault(english, []).append(where)
        for chinese, by_english in renderings.items():
            if len(by_english) > 1:
                found = "; ".join(
                    f"{', '.join(ids)}: {english!r}" for english, ids in by_english.items()
                )
                path = root / next(iter(by_english.values()))[0].split("/")[0] / file
                log.warn(
                    path, None, english_field, f"{chinese} has {len(by_english)} Englishes: {found}"
                )
