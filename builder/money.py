"""Amounts of money, written one way on every page, chart and check.

The plans state investment in 万元 (10,000 yuan); the site prints that figure with thousands
separators, and beside a large one the same amount in the unit a reader of the edition thinks
in: 亿元 in Chinese, million or billion yuan in English. The units and their sizes are the
catalogue's (`money.scales`), so each edition declares its own once.
"""

from __future__ import annotations

from functools import cache

from builder.editions import messages


def amount(wan: float) -> str:
    """The figure as stated, every digit kept, with separators: 1,730,592 or 0.355."""
    return f"{wan:,.0f}" if float(wan).is_integer() else f"{wan:,}"


@cache  # read for every amount a page prints
def scales(code: str) -> list[tuple[float, str]]:
    """The edition's larger units, largest first, as (size in 万元, unit):
    `money.scales: "100000 billion yuan | 100 million yuan"`."""
    pairs = []
    for entry in messages(code)["money.scales"].split("|"):
        size, unit = entry.strip().split(" ", 1)
        pairs.append((float(size), unit))
    return sorted(pairs, reverse=True)


def in_larger_unit(wan: float | None, code: str) -> str:
    """The amount in the largest of the edition's units it fills at least once ("173.06 亿元",
    "about 17.31 billion yuan"), or "" where it is smaller than all of them."""
    if wan is None:
        return ""
    for size, unit in scales(code):
        if wan >= size:
            value = wan / size
            shown = f"{value:,.2f}".rstrip("0").rstrip(".")
            key = "money.exact" if float(shown.replace(",", "")) == value else "money.about"
            return messages(code)[key].format(value=shown, unit=unit)
    return ""


def money(wan: float, code: str) -> str:
    """The amount with its unit, and in the larger unit where it is large:
    "1,730,592 万元（约 173.06 亿元）"."""
    words = messages(code)
    large = in_larger_unit(wan, code)
    if large:
        return words["money.with_large"].format(amount=amount(wan), large=large)
    return words["money"].format(amount=amount(wan))
