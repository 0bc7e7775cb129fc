"""Demo data of the staff file, training, last month's assessment and team life (seed_demo)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hallops.demo import demo_stores, first, staff, today_of
from hallops.exceptions import DomainError
from hallops.permissions import Role
from hallops.registry import register_demo_step
from hallops.scoping import store_scope
from hr.models import AssessmentStatus, CertificateKind, StaffFile
from hr.services.assessment import assessment_acknowledge, assessment_open_month, assessment_score
from hr.services.people_file import (
    certificate_add,
    team_activity_plan,
    team_activity_report,
    training_attendance_confirm,
    training_session_record,
)


@register_demo_step(order=80)
def hr_demo(*, stores, days, rng, stdout) -> None:
    for store in demo_stores(stores):
        with store_scope(store):
            if StaffFile.objects.filter(store=store).exists():
                continue
            _store(store, rng)
    stdout.write("Demo: staff files, training, last month's assessments, team activities.")


def _store(store, rng) -> None:
    manager = first(store, Role.STORE_MANAGER)
    if manager is None:
        return
    today = today_of(store)
    people = sorted({u for role, users in staff(store).items() if role != Role.STORE_MANAGER
                     for u in users}, key=lambda u: u.pk)
    for n, user in enumerate(people):
        StaffFile.objects.get_or_create(user=user, defaults={
            "store": store, "hire_date": today - datetime.timedelta(days=400 + 30 * n),
            "start_date": today - datetime.timedelta(days=300 + 20 * n)})
        # 上岗证 for everyone; the first one expires within the warning window.
        expires = today + datetime.timedelta(days=20 if n == 0 else 200 + 10 * n)
        certificate_add(actor=manager, store=store, user=user, kind=CertificateKind.WORK_PERMIT, name="上岗证",
                        number=f"SG{store.pk:03d}{n:03d}", issued_on=expires - datetime.timedelta(days=730),
                        expires_on=expires)
    if not people:
        return
    session = training_session_record(
        actor=manager, store=store, topic="5G套餐与宽带融合业务", trainer="市公司培训中心 刘老师",
        held_on=today - datetime.timedelta(days=3), attendees=people,
        material="5G套餐资费、融合宽带办理流程、常见问题解答")
    for attendance in session.attendances.all()[: max(1, len(people) // 2)]:
        training_attendance_confirm(actor=attendance.user, attendance=attendance)
    activity = team_activity_plan(actor=manager, store=store, title="周末登山团建",
                                  plan="周六上午集合登山，中午聚餐，增进团队协作。",
                                  held_on=today - datetime.timedelta(days=10), participants=people,
                                  cost="600.00")
    team_activity_report(actor=manager, store=store, activity=activity,
                         report="全员参加，气氛融洽；安排了新老员工结对。", cost="568.50",
                         participants=people)
    team_activity_plan(actor=manager, store=store, title="月度生日会",
                       plan="为本月生日的同事庆生。", held_on=today + datetime.timedelta(days=12),
                       participants=people, cost="300.00")
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    try:
        opened = assessment_open_month(actor=manager, store=store, month=last_month)
    except DomainError:
        return
    for n, assessment in enumerate(opened):
        scores = {s.pk: (str(Decimal(s.item.weight) - Decimal(rng.choice((0, 0.5, 1, 1.5)))), "")
                  for s in assessment.scores.select_related("item")
                  if s.score is None}
        assessment_score(actor=manager, store=store, assessment=assessment, scores=scores,
                         comment="本月表现良好，继续保持。", submit=n % 3 != 2)
        assessment.refresh_from_db()
        if n % 3 == 0 and assessment.status == AssessmentStatus.SUBMITTED:
            assessment_acknowledge(actor=assessment.user, assessment=assessment)
