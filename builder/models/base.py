"""Shared pieces of the corpus models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

LOCAL_ID = r"^[a-z0-9][a-z0-9.\-]*$"


class StrictModel(BaseModel):
    """A corpus record: unknown fields are errors, values are not coerced across types."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)
