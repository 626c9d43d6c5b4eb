"""Write a synthetic corpus of N plans derived from the two real ones, for the scale benchmark.

Usage: .venv/bin/python bench/synth.py N TARGET_DIR

Plan k is a copy of Shifeng (k even) or Lingling (k odd) with:
- a new district (Chinese and English name, replaced in every text and translation);
- the paragraphs of each multi-paragraph provision shuffled (the English shuffled alike);
- numeric indicator baselines moved by up to ±10 % (Chinese and English alike);
- every project investment, stated total and the plan total multiplied by 1–3;
- the translation's hashes recomputed, so the corpus is valid and has no warnings.
The glossary, topics, national standard and sources are the real ones. Nothing is committed.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.models.translation import (  # noqa: E402
    indicator_digest,
    project_digest,
    provision_digest,
)
from builder.yamlio import read_yaml, write_yaml  # noqa: E402

BASES = ("shifeng", "lingling")
SHARED = ("glossary.yaml", "topics.yaml", "national_standard.yaml", "sources")
FIRST = [("青", "Qing"), ("云", "Yun"), ("松", "Song"), ("江", "Jiang"), ("河", "He"),
         ("桂", "Gui"), ("兰", "Lan"), ("梅", "Mei"), ("竹", "Zhu"), ("金", "Jin"),
         ("玉", "Yu"), ("湘", "Xiang"), ("枫", "Feng"), ("柳", "Liu"), ("桃", "Tao")]  # fmt: skip
SECOND = [("溪", "xi"), ("川", "chuan"), ("岭", "ling"), ("湖", "hu"), ("原", "yuan"),
          ("塘", "tang"), ("洲", "zhou"), ("坪", "ping"), ("林", "lin"), ("港", "gang"),
          ("泉", "quan"), ("浦", "pu"), ("湾", "wan"), ("冈", "gang2"), ("桥", "qiao")]  # fmt: skip


def district(k: int) -> tuple[str, str]:
    (a, a_en), (b, b_en) = FIRST[k % len(FIRST)], SECOND[(k // len(FIRST)) % len(SECOND)]
    return a + b, (a_en + b_en).replace("2", "")


def write_corpus(n: int, target: Path, seed: int = 2026) -> list[str]:
    """Write N plans into target/ (a corpus folder); return their ids."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SHARED:
        source = ROOT / "corpus" / name
        if source.is_dir():
            shutil.copytree(source, target / name, dirs_exist_ok=True)
        else:
            shutil.copy(source, target / name)
    rng = random.Random(seed)
    ids = [f"p{k:03d}" for k in range(n)]
    for k, plan_id in enumerate(ids):
        write_plan(BASES[k % 2], plan_id, district(k), rng, target / plan_id)
    header = "Synthetic corpus written by bench/synth.py."
    write_yaml(target / "corpus.yaml", {"plans": ids}, header)
    return ids


def synthetic_queries(queries: list[str]) -> list[str]:
    """The eval queries with the real districts' names replaced by plans p000 and p001's."""
    names = [(real_zh, real_en, district(k)) for k, (real_zh, real_en) in
             enumerate((("石峰", "Shifeng"), ("零陵", "Lingling")))]  # fmt: skip
    renamed = []
    for query in queries:
        for k, (real_zh, real_en, (zh, en)) in enumerate(names):
            query = query.replace(f"plan:{BASES[k]}", f"plan:p{k:03d}")
            query = query.replace(real_zh, zh).replace(real_en, en)
        renamed.append(query)
    return renamed


def write_plan(
    base: str, plan_id: str, name: tuple[str, str], rng: random.Random, folder: Path
) -> None:
    shutil.copytree(ROOT / "corpus" / base, folder)
    meta = read_yaml(folder / "plan.yaml")
    old_zh, old_en = meta["plan"]["district_zh"], meta["plan"]["district_en"]
    words = [
        (old_zh, name[0] + "区"),
        (old_zh[:-1], name[0]),
        (old_en.removesuffix(" District"), name[1]),
    ]

    def rename(value: Any) -> Any:
        if isinstance(value, str):
            for old, new in words:
                value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [rename(item) for item in value]
        if isinstance(value, dict):
            return {key: rename(item) for key, item in value.items()}
        return value

    factor = rng.choice((1, 2, 3))
    meta = rename(meta)
    meta["plan"]["id"] = plan_id
    if meta["plan"].get("total_investment_wan") is not None:
        meta["plan"]["total_investment_wan"] *= factor
    write_yaml(folder / "plan.yaml", meta)
    for name_ in ("structure.yaml", "english.yaml", "summaries.yaml"):
        write_yaml(folder / name_, rename(read_yaml(folder / name_)))
    translation = rename(read_yaml(folder / "translation.yaml"))
    _perturb_provisions(folder, translation, rename, rng)
    _perturb_indicators(folder, translation, rng)
    _scale_projects(folder, translation, rename, factor)
    write_yaml(folder / "translation.yaml", translation)


def _perturb_provisions(folder: Path, translation: dict, rename: Any, rng: random.Random) -> None:
    document = rename(read_yaml(folder / "provisions.yaml"))
    for provision in document["provisions"]:
        english = translation["provisions"][provision["id"]]
        order = list(range(len(provision["paragraphs"])))
        rng.shuffle(order)
        provision["paragraphs"] = [provision["paragraphs"][i] for i in order]
        english["paragraphs"] = [english["paragraphs"][i] for i in order]
        english["zh"] = provision_digest(provision["paragraphs"])
    for block in read_yaml(folder / "structure.yaml").get("front_matter", []):
        translation["front_matter"][block["key"]]["zh"] = provision_digest(block["paragraphs"])
    write_yaml(folder / "provisions.yaml", document)


def _perturb_indicators(folder: Path, translation: dict, rng: random.Random) -> None:
    document = read_yaml(folder / "indicators.yaml")
    for row in document["indicators"]:
        english = translation["indicators"][row["id"]]
        value = row.get("baseline_value")
        if isinstance(value, (int, float)) and row["baseline_text"] == _plain(value):
            moved = round(value * rng.uniform(0.9, 1.1), 2)
            row["baseline_value"], row["baseline_text"] = moved, _plain(moved)
            if english.get("baseline") == _plain(value):
                english["baseline"] = _plain(moved)
        english["zh"] = indicator_digest(row)
    write_yaml(folder / "indicators.yaml", document)


def _scale_projects(folder: Path, translation: dict, rename: Any, factor: int) -> None:
    document = rename(read_yaml(folder / "projects.yaml"))
    for record in [*document["projects"], *document.get("totals", [])]:
        key = "investment_wan" if "investment_wan" in record else "value_wan"
        text = "investment_text" if key == "investment_wan" else "text"
        if record.get(key) is not None:
            plain = record[text] == _plain(record[key])
            record[key] = record[key] * factor
            record[text] = _plain(record[key]) if plain else record[text]
    total = document.get("grand_total")
    if total and total.get("value_wan") is not None:
        plain = total["text"] == _plain(total["value_wan"])
        total["value_wan"] *= factor
        total["text"] = _plain(total["value_wan"]) if plain else total["text"]
    for project in document["projects"]:
        translation["projects"][project["id"]]["zh"] = project_digest(project)
    write_yaml(folder / "projects.yaml", document)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


if __name__ == "__main__":
    count, where = int(sys.argv[1]), Path(sys.argv[2])
    print(f"{len(write_corpus(count, where))} plans written to {where}")
