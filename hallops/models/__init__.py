from .attendance import AttendanceRecord
from .audit import AuditEntry
from .base import BilingualNamed
from .business import BusinessType, ProductLine, TallyCount
from .daily_reports import ClerkDailyReport, ClerkReportLine, ClerkReportReceipts, StoreDay
from .handover import Handover
from .meetings import MeetingAttendee, MeetingTarget, MorningMeeting
from .notifications import Notification
from .roster import Post, PostKind, RosterEntry, ShiftType
from .service_records import ServiceRecord
from .staff import RoleAssignment, StaffProfile
from .stores import Region, Store
from .targets import MonthlyTarget

__all__ = [
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
    "MeetingTarget",
    "MorningMeeting",
    "ServiceRecord",
    "MonthlyTarget",
]
