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
from .notifications import Notification
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
