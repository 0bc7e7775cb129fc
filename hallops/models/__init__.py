from .attendance import AttendanceRecord
from .audit import AuditEntry
from .base import BilingualNamed
from .checklists import (
    ChecklistItem,
    ChecklistKind,
    ChecklistRun,
    ChecklistTemplate,
    ChecklistTick,
    DueKind,
    TickStatus,
)
from .dutylog import DutyLog, DutyLogLocked, DutyLogStatus, DutySettings
from .equipment import Equipment, EquipmentFault, EquipmentKind, FaultStatus
from .incidents import Incident, IncidentKind
from .notifications import Notification
from .opinions import CustomerOpinion, OpinionChannel, OpinionKind
from .roster import Post, PostKind, RosterEntry, ShiftType
from .staff import RoleAssignment, StaffProfile
from .stores import Region, Store

__all__ = [
    "ChecklistItem",
    "ChecklistKind",
    "ChecklistRun",
    "ChecklistTemplate",
    "ChecklistTick",
    "CustomerOpinion",
    "DueKind",
    "DutyLog",
    "DutyLogLocked",
    "DutyLogStatus",
    "DutySettings",
    "Equipment",
    "EquipmentFault",
    "EquipmentKind",
    "FaultStatus",
    "Incident",
    "IncidentKind",
    "OpinionChannel",
    "OpinionKind",
    "TickStatus",
    "AttendanceRecord",
    "AuditEntry",
    "BilingualNamed",
    "Notification",
    "Post",
    "PostKind",
    "Region",
    "RoleAssignment",
    "RosterEntry",
    "ShiftType",
    "StaffProfile",
    "Store",
]
