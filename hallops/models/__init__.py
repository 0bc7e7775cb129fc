from .attendance import AttendanceRecord
from .audit import AuditEntry
from .base import BilingualNamed, Weekday
from .business import BusinessType, ProductLine, TallyCount
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
    KindCode,
    ReadingKind,
    Recurrence,
    TickStatus,
)
from .customers import CustomerLevel
from .daily_reports import ClerkDailyReport, ClerkReportLine, ClerkReportReceipts, StoreDay
from .dutylog import DutyLog, DutyLogLocked, DutyLogStatus, DutySettings
from .equipment import Equipment, EquipmentFault, EquipmentKind, FaultStatus
from .events import (
    Channel,
    Delivery,
    DeliveryStatus,
    Event,
    EventCode,
    NotificationRoute,
    WebhookEndpoint,
    WebhookKind,
)
from .handover import Handover
from .incidents import Incident, IncidentKind
from .meetings import MeetingAttendee, MeetingKind, MeetingTarget, MorningMeeting
from .notifications import Notification
from .opinions import CustomerOpinion, OpinionChannel, OpinionKind
from .roster import Post, PostKind, RosterEntry, ShiftType
from .service_records import ServiceRecord
from .staff import RoleAssignment, StaffProfile
from .stores import Region, Store
from .targets import MonthlyTarget

__all__ = [
    "Channel",
    "Delivery",
    "DeliveryStatus",
    "Event",
    "EventCode",
    "NotificationRoute",
    "WebhookEndpoint",
    "WebhookKind",
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
    "KindCode",
    "Recurrence",
    "Weekday",
    "ChecklistRun",
    "ChecklistTemplate",
    "ChecklistTick",
    "CustomerLevel",
    "CustomerOpinion",
    "DueKind",
    "ReadingKind",
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
    "BusinessType",
    "ProductLine",
    "TallyCount",
    "ClerkDailyReport",
    "ClerkReportLine",
    "ClerkReportReceipts",
    "StoreDay",
    "Handover",
    "MeetingAttendee",
    "MeetingKind",
    "MeetingTarget",
    "MorningMeeting",
    "ServiceRecord",
    "MonthlyTarget",
]
