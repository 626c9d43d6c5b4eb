"""Keep ids stable across revisions: match each re-imported record to an existing one.

A provision matches an existing one with the same label (or article number) and similar
text, or, failing that, the most similar text anywhere (moved). Each match records how sure
it is; a weak best match is listed as ambiguous for the maintainer to confirm, not taken.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SURE = 0.85
POSSIBLE = 0.6

Record = dict[str, Any]


@dataclass(frozen=True)
class Match:
    new_id: str
    old_id: str | None
    confidence: float
    how: str  # "same place", "renumbered", "moved", "new", "ambiguous"


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def provision_text(record: Record) -> str:
    return record["title_zh"] + "\n" + "\n\n".join(record["paragraphs"])


def match_records(
    old: list[Record],
    new: list[Record],
    text: Callable[[Record], str],
    key: Callable[[Record], object],
) -> list[Match]:
    """Match new records to old ones, best pairs first; each old record is used at most once."""
    taken_new: dict[str, Match] = {}
    taken_old: set[str] = set()
    by_text: dict[str, list[Record]] = {}
    for o in old:
        by_text.setdefault(text(o), []).append(o)
    for n in new:  # unchanged text: the common case, matched without comparing
        same = [o for o in by_text.get(text(n), []) if o["id"] not in taken_old]
        if same:
            o = next((o for o in same if key(o) == key(n)), same[0])
            how = (
                "same place"
                if o["id"] == n["id"]
                else ("renumbered" if key(o) == key(n) else "moved")
            )
            taken_new[n["id"]] = Match(n["id"], o["id"], 1.0, how)
            taken_old.add(o["id"])
    rest_new = [n for n in new if n["id"] not in taken_new]
    rest_old = [o for o in old if o["id"] not in taken_old]
    candidates = []
    for n in rest_new:
        for o in rest_old:
            matcher = difflib.SequenceMatcher(None, text(n), text(o), autojunk=False)
            if matcher.quick_ratio() < POSSIBLE:
                continue
            score = matcher.ratio()
            same_place = key(n) == key(o)
            candidates.append(
                (score + (0.05 if same_place else 0), score, same_place, n["id"], o["id"])
            )
    candidates.sort(reverse=True)
    for _, score, same_place, new_id, old_id in candidates:
        if new_id in taken_new or old_id in taken_old:
            continue
        if score >= SURE or (same_place and score >= POSSIBLE):
            how = "same place" if same_place else "moved"
            if same_place and new_id != old_id:
                how = "renumbered"
            taken_new[new_id] = Match(new_id, old_id, round(score, 3), how)
            taken_old.add(old_id)
    matches = []
    for n in new:
        if n["id"] in taken_new:
            matches.append(taken_new[n["id"]])
            continue
        best = max(
            ((similarity(text(n), text(o)), o["id"]) for o in old if o["id"] not in taken_old),
            default=(0.0, None),
        )
        if best[0] >= POSSIBLE:
            matches.append(Match(n["id"], best[1], round(best[0], 3), "ambiguous"))
        else:
            matches.append(Match(n["id"], None, round(best[0], 3), "new"))
    return matches


def fresh_id(template_id: str, used: set[str]) -> str:
    """A new id never used before, in the plan's id scheme (art-108, proj-26, 4.3.7)."""
    numbered = re.fullmatch(r"(.*?)(\d+)", template_id)
    if numbered is None:
        raise ValueError(f"{template_id!r} does not end in a number")
    prefix, number = numbered.groups()
    candidate = int(number)
    while f"{prefix}{candidate}" in used:
        candidate += 1
    return f"{prefix}{candidate}"
