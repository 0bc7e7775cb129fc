from .attendance import AttendanceRecord
from .audit import AuditEntry
from .base import BilingualNamed
from .notifications import Notification
from .roster import Post, PostKind, RosterEntry, ShiftType
from .staff import RoleAssignment, StaffProfile
from .stores import Region, Store

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
]
