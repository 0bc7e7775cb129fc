"""Reads of the hr app, always for a store (or a supervisor's stores)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from hallops.models import RoleAssignment
from hallops.permissions import Role
from hr.models import (
    Assessment,
    AssessmentStatus,
    Certificate,
    StaffFile,
    TrainingAttendance,
)

# Certificates expiring within this many days show on the store manager's home.
CERTIFICATE_WARNING_DAYS = 30


@dataclass
class StaffRow:
    user: object
    roles: list
    file: StaffFile | None

    @property
    def active(self) -> bool:
        return bool(self.roles) and self.user.is_active


def staff_rows(store) -> list[StaffRow]:
    """Everyone who holds or held a role in the store: the active first, then those who left."""
    assignments = (RoleAssignment.objects.filter(store=store).select_related("user__profile")
                   .order_by("user__profile__employee_no", "role"))
    by_user: dict[int, StaffRow] = {}
    for a in assignments:
        row = by_user.setdefault(a.user_id, StaffRow(user=a.user, roles=[], file=None))
        if a.is_active:
            row.roles.append(Role(a.role).label)
    files = {f.user_id: f for f in StaffFile.objects.filter(user_id__in=by_user).select_related("post")}
    for uid, row in by_user.items():
        row.file = files.get(uid)
    return sorted(by_user.values(), key=lambda r: (not r.active,
                                                   getattr(getattr(r.user, "profile", None), "employee_no", "")))


def staff_file_context(store, user) -> dict:
    file = StaffFile.objects.filter(user=user).select_related("post").first()
    return {
        "member": user,
        "file": file,
        "roles": [Role(r).label for r in RoleAssignment.objects.filter(
            user=user, store=store, is_active=True).values_list("role", flat=True)],
        "certificates": list(Certificate.objects.filter(staff_file__user=user, staff_file__store=store)),
        "trainings": list(TrainingAttendance.objects.filter(user=user, session__store=store)
                          .select_related("session").order_by("-session__held_on")),
        "assessments": list(Assessment.objects.filter(user=user, store=store).order_by("-month")),
        "today": timezone.localdate(),
        "warn_before": timezone.localdate() + datetime.timedelta(days=CERTIFICATE_WARNING_DAYS),
    }


def expiring_certificates(store, today: datetime.date | None = None) -> list[Certificate]:
    today = today or timezone.localdate()
    return list(Certificate.objects.filter(
        staff_file__store=store, staff_file__ended_on__isnull=True,
        expires_on__isnull=False,
        expires_on__lte=today + datetime.timedelta(days=CERTIFICATE_WARNING_DAYS),
    ).select_related("staff_file__user").order_by("expires_on"))


def month_assessments(stores, month: datetime.date):
    """The month's assessments of these stores, best total first (ranking)."""
    return (Assessment.objects.filter(store__in=stores, month=month)
            .select_related("user__profile", "store", "scheme")
            .order_by("-total", "user__profile__employee_no"))


def ranking(stores, month: datetime.date) -> list[tuple[int, Assessment]]:
    """Submitted or locked assessments ranked by total (ties share a rank)."""
    rows = [a for a in month_assessments(stores, month)
            if a.status in (AssessmentStatus.SUBMITTED, AssessmentStatus.LOCKED)]
    ranked, previous, rank = [], None, 0
    for n, a in enumerate(rows, start=1):
        if a.total != previous:
            rank, previous = n, a.total
        ranked.append((rank, a))
    return ranked


def my_pending(user) -> dict:
    return {
        "assessments": list(Assessment.objects.filter(user=user, status=AssessmentStatus.SUBMITTED)),
        "trainings": list(TrainingAttendance.objects.filter(
            user=user, confirmed_at__isnull=True, session__held_on__lte=timezone.localdate())
            .select_related("session")),
    }


def people(ids):
    return get_user_model().objects.filter(Q(pk__in=ids)).select_related("profile")
