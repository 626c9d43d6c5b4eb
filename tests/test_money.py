"""Amounts of money (builder/money.py): every digit kept, separators, the larger unit."""

from __future__ import annotations

import pytest

from builder.money import amount, in_larger_unit, money


@pytest.mark.parametrize(
    ("wan", "shown"),
    [(0, "0"), (80, "80"), (1730592, "1,730,592"), (0.35, "0.35"), (1234.575, "1,234.575")],
)
def test_an_amount_keeps_every_digit_and_gets_separators(wan: float, shown: str):
    assert amount(wan) == shown


def test_chinese_amounts_add_yi_yuan_from_one_yi():
    assert money(9999, "zh") == "9,999 万元"
    assert money(130000, "zh") == "130,000 万元（13 亿元）"  # exact: no 约
    assert money(1730592, "zh") == "1,730,592 万元（约 173.06 亿元）"


def test_english_amounts_read_in_yuan_million_and_billion():
    assert in_larger_unit(80, "en") == "800,000 yuan"
    assert in_larger_unit(14760, "en") == "147.6 million yuan"
    assert money(189310, "en") == "189,310 × 10,000 yuan (about 1.89 billion yuan)"
    assert in_larger_unit(None, "en") == ""
