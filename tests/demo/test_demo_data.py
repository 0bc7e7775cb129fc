"""seed_demo gives every feature demo data, so each demo login's home page shows a real day."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Escalation, WorkOrder
from hallops.demo import clock
from hallops.models import (
    AttendanceRecord,
    AuditEntry,
    BankDeposit,
    ChecklistTick,
    ClerkDailyReport,
    CustomerOpinion,
    DutyLog,
    EquipmentFault,
    Handover,
    Incident,
    MonthlyTarget,
    MorningMeeting,
    RosterEntry,
    ServiceRecord,
    TallyCount,
    TillDifference,
    TillSession,
)
from reports.models import ReportFile

pytestmark = pytest.mark.django_db

COUNTED = [ChecklistTick, EquipmentFault, Incident, CustomerOpinion, DutyLog, TillSession, BankDeposit,
           WorkOrder, MonthlyTarget, MorningMeeting, TallyCount, ClerkDailyReport, ServiceRecord, Handover,
           ReportFile, AuditEntry]


@pytest.fixture
def afternoon():
    """A fixed mid-afternoon, so the story of today (late tick, overdue opinion) is complete."""
    moment = datetime.datetime.combine(timezone.localdate(), datetime.time(15, 30),
                                       tzinfo=timezone.get_current_timezone())
    with clock(moment):
        yield moment


@pytest.fixture
def seeded(afternoon):
    # The services-made demo alone (the bulk history has tests of its own in tests/seeding).
    call_command("seed_demo", stores=1, days=7, no_history=True, stdout=io.StringIO())
    return afternoon


def page(username: str, url: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_it_gives_every_feature_data_in_the_demo_stores_once(seeded):
    today = timezone.localdate()
    assert not DutyLog.objects.filter(store__code__startswith="V").exists()  # volume stores stay lean
    for code in ("SJZ001", "SJZ002", "BD001"):
        ticks = ChecklistTick.objects.filter(run__store__code=code, run__business_date=today, run__kind="daily")
        assert ticks.exists() and ticks.filter(is_late=True).count() == 1
        assert EquipmentFault.objects.filter(store__code=code, status="open").exists()
        assert Incident.objects.filter(store__code=code, ended_at__isnull=False).exclude(report="").exists()
        opinions = [o for o in CustomerOpinion.objects.filter(store__code=code) if o.is_open and o.is_overdue]
        assert len(opinions) == 1
        logs = DutyLog.objects.filter(store__code=code)
        assert logs.get(business_date=today - datetime.timedelta(days=1)).status == "submitted"
        assert logs.filter(business_date__lt=today - datetime.timedelta(days=1)).exclude(
            status="countersigned").count() == 0
        assert TillSession.objects.get(store__code=code, business_date=today - datetime.timedelta(days=1),
                                       differences__isnull=False).status == "confirmed"
        assert TillDifference.objects.get(session__store__code=code).amount == 5
        assert TillSession.objects.filter(store__code=code, business_date=today, status="open").exists()
        assert BankDeposit.objects.filter(store__code=code, is_mismatch=False).count() == 1
        states = set(WorkOrder.objects.filter(store__code=code).values_list("status", flat=True))
        assert states == {"new", "accepted", "in_progress", "replied", "called_back", "closed", "cancelled"}
        assert WorkOrder.objects.filter(store__code=code, sla_state="overdue").count() >= 2
        assert Escalation.objects.filter(store__code=code, status="open").count() == 1
        assert WorkOrder.objects.filter(store__code=code, status="closed", callbacks__isnull=False).count() == 2
        assert MonthlyTarget.objects.filter(store__code=code, month=today.replace(day=1)).exists()
        assert MorningMeeting.objects.filter(store__code=code, business_date=today).exists()
        reports = ClerkDailyReport.objects.filter(store__code=code, business_date__lt=today)
        assert reports.exists() and not reports.exclude(status="confirmed").exists()
        assert ServiceRecord.objects.filter(store__code=code).count() == 5
        assert Handover.objects.filter(store__code=code, acknowledged_at__isnull=True).exists()
        assert ReportFile.objects.get(store__code=code).status == "done"
    # Through the services: their audit entries are there, dated when the action happened.
    submitted = AuditEntry.objects.filter(action="duty_log.submitted", store__code="SJZ001").order_by("at").first()
    assert timezone.localtime(submitted.at).date() < today

    before = {model.__name__: model.objects.count() for model in COUNTED}
    call_command("seed_demo", stores=1, days=7, no_history=True, stdout=io.StringIO())
    assert {model.__name__: model.objects.count() for model in COUNTED} == before


def test_it_shows_each_feature_on_the_demo_logins_home_pages(seeded):
    duty = page("duty", "/duty/")
    assert "每日工作流程" in duty and "10/10" in duty
    assert "回复逾期的意见" in duty and "草稿" in duty  # overdue opinion, today's log
    assert "已签到" in duty or "签退" in duty  # the demo login is on duty and clocked in
    manager = page("manager", "/manager/")
    assert "待会签日志" in manager and "叫号机语音播报无声音" in manager
    assert "自助终端经常故障" in manager  # the overdue opinion
    assert "待处理疑难投诉" in manager and "超时工单" in manager
    handler = page("handler", "/handler/")
    assert "SJZ001-" in handler and "已超时" in handler
    clerk = page("clerk", "/clerk/")
    assert "我已阅读今日指标和通知" in clerk and "今天没有个人指标" not in clerk
    assert "待确认的交接" in clerk
    supervisor = page("supervisor", "/supervisor/")
    assert "SJZ001" in supervisor and "SJZ002" in supervisor
    # Pages behind the home pages: the till, the register with the shortage, the audit trail.
    assert "5.00" in page("manager", reverse("store_manager:cash_register"))
    page("clerk", reverse("clerk:till"))
    page("manager", reverse("store_manager:audit"))


def test_it_leaves_one_demo_clerk_to_clock_in(seeded):
    """clerk2 is on today's roster with the shift begun but has not clocked in (README)."""
    clerk2 = get_user_model().objects.get(username="clerk2")
    today = timezone.localdate()
    assert RosterEntry.objects.filter(user=clerk2, date=today).exists()
    assert not AttendanceRecord.objects.filter(user=clerk2, business_date=today).exists()
    assert 'data-testid="clock-in"' in page("clerk2", "/clerk/")
    # The other demo clerk is clocked in, as before.
    assert AttendanceRecord.objects.filter(user__username="clerk", business_date=today).exists()
    client = Client()
    client.force_login(clerk2)
    response = client.post(reverse("clock_in"), {"next": "/clerk/", "reason": "公交晚点"})
    assert response.status_code == 302
    assert AttendanceRecord.objects.filter(user=clerk2, business_date=today,
                                           clock_out__isnull=True).exists()
