"""Shared pieces of the corpus models."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt

LOCAL_ID = r"^[a-z0-9][a-z0-9.\-]*$"
PLAN_ID = r"^[a-z][a-z0-9-]{0,40}$"  # a folder name under corpus/ and a URL segment


class StrictModel(BaseModel):
    """A corpus record: unknown fields are errors, values are not coerced across types
    (`true` is not 1, `"2023"` is not 2023), and numbers are finite."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


def _ascending(pair: tuple[int, int]) -> tuple[int, int]:
    if pair[0] > pair[1]:
        raise ValueError(f"the range runs backwards ({pair[0]} > {pair[1]})")
    return pair


PlanId = Annotated[str, Field(pattern=PLAN_ID)]
Line = Annotated[StrictInt, Field(ge=1)]
# YAML has no tuples: a two-item list is read as one (lax), its items stay strict.
LineRange = Annotated[tuple[Line, Line], Field(strict=False), AfterValidator(_ascending)]
YearRange = Annotated[tuple[StrictInt, StrictInt], Field(strict=False), AfterValidator(_ascending)]
# A date written YYYY-MM-DD, whether YAML read it as a date or (quoted) as text.
Date = Annotated[dt.date, Field(strict=False)]
