from .approvals import Escalation, Extension
from .config import (
    CallbackPolicy,
    Category,
    ComplaintRules,
    HandbookArticle,
    Kpi,
    KpiTarget,
    OpeningHours,
    Scenario,
    SlaPolicy,
    Source,
    SourceRequirement,
)
from .desk import DeskComplaint
from .history import Callback, ContactAttempt, OrderEvent
from .orders import (
    OPEN_STATUSES,
    BeyondChannel,
    CustomerLevel,
    OrderCounter,
    WorkOrder,
)

__all__ = [
    "OPEN_STATUSES",
    "BeyondChannel",
    "Callback",
    "CallbackPolicy",
    "Category",
    "ComplaintRules",
    "ContactAttempt",
    "DeskComplaint",
    "CustomerLevel",
    "Escalation",
    "Extension",
    "HandbookArticle",
    "Kpi",
    "KpiTarget",
    "OpeningHours",
    "OrderCounter",
    "OrderEvent",
    "Scenario",
    "SlaPolicy",
    "Source",
    "SourceRequirement",
    "WorkOrder",
]
