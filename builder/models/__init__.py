"""One model per corpus concept; all validated with pydantic on load."""

from builder.models.base import PlanId, StrictModel
from builder.models.indicator import Indicator, Status, Target
from builder.models.note import DataNote, Place
from builder.models.plan import (
    Chapter,
    FrontBlock,
    Phase,
    PlanMeta,
    Revision,
    Section,
    Structure,
)
from builder.models.project import Project, StatedTotal
from builder.models.provision import Provision, RemovedProvision
from builder.models.standard import NationalStandard, StandardIndicator, StandardSub
from builder.models.term import Term
from builder.models.topic import Topic

__all__ = [
    "Chapter",
    "DataNote",
    "FrontBlock",
    "Indicator",
    "NationalStandard",
    "Phase",
    "Place",
    "PlanId",
    "PlanMeta",
    "Project",
    "Provision",
    "RemovedProvision",
    "Revision",
    "Section",
    "StandardIndicator",
    "StandardSub",
    "StatedTotal",
    "Status",
    "StrictModel",
    "Structure",
    "Target",
    "Term",
    "Topic",
]
