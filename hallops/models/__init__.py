from .attendance import AttendanceRecord
from .audit import AuditEntry
from .base import BilingualNamed
from .cash import (
    DENOMINATIONS,
    CashAdjustment,
    CashDrop,
    CashHandIn,
    Destination,
    ExpectedTakings,
    PaymentMethod,
    TillCount,
    TillDifference,
    TillSession,
)
from .cash_bank import BankDeposit, BankDepositHandIn, TailCashRecord
from .cash_base import LockedRecordError
from .cash_config import CashPolicy, DiscrepancyKind, DiscrepancyReason, TailCashLimit
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
    "DENOMINATIONS",
    "BankDeposit",
    "BankDepositHandIn",
    "CashAdjustment",
    "CashDrop",
    "CashHandIn",
    "CashPolicy",
    "Destination",
    "DiscrepancyKind",
    "DiscrepancyReason",
    "ExpectedTakings",
    "LockedRecordError",
    "PaymentMethod",
    "TailCashLimit",
    "TailCashRecord",
    "TillCount",
    "TillDifference",
    "TillSession",
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
