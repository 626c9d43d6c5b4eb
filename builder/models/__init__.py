"""One model per corpus concept; all validated with pydantic on load."""

from builder.models.base import StrictModel
from builder.models.plan import Chapter, FrontBlock, Phase, PlanMeta, Section, Structure
from builder.models.provision import Provision

__all__ = [
    "Chapter",
    "FrontBlock",
    "Phase",
    "PlanMeta",
    "Provision",
    "Section",
    "StrictModel",
    "Structure",
]
