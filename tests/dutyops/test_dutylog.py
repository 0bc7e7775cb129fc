import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hallops import registry
from hallops.exceptions import DomainError
from hallops.models import AuditEntry, DutyLog, DutyLogLocked, DutySettings, Notification
from hallops.services.dutylog import duty_log_amend, duty_log_save, duty_log_start
from tests import factories
from tests.dutyops import helpers as h


def _form(log, **extra):
    return {**h.filled(log), **extra}


def test_it_refuses_a_second_log_for_the_same_shift(world, clients):
    log = h.dutylog(world)
    url = reverse("duty_manager:dutylog_start")
    response = clients.dm_a.post(url, {"business_date": log.business_date.isoformat(),
                                       "shift_type": log.shift_type.pk}, follow=True)
    assert "已" in str(list(response.context["messages"])[0]) or response.status_code == 200
    assert DutyLog.objects.count() == 1
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_it_refuses_another_stores_shift_and_future_days(world, clients):
    url = reverse("duty_manager:dutylog_start")
    other_shift = world.store_b.shift_types.first()
    clients.dm_a.post(url, {"business_date": timezone.localdate().isoformat(),
                            "shift_type": other_shift.pk})
    shift = world.store_a.shift_types.first()
    clients.dm_a.post(url, {"business_date": "2999-01-01", "shift_type": shift.pk})
    clients.dm_a.post(url, {"business_date": "garbage", "shift_type": "x"})
    assert not DutyLog.objects.exists()


def test_it_autosaves_a_draft_through_htmx(world, clients):
    log = h.dutylog(world)
    url = reverse("duty_manager:dutylog_save", args=[log.pk])
    response = clients.dm_a.post(url, {"notices": "本周推广5G套餐"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="autosave-status"' in response.content.decode()
    log.refresh_from_db()
    assert log.notices == "本周推广5G套餐"
    bad = clients.dm_a.post(url, {"tickets_issued": "-3"}, HTTP_HX_REQUEST="true")
    assert "text-danger" in bad.content.decode()


def test_it_requires_mandatory_sections_and_then_locks_the_log(world, clients):
    log = h.dutylog(world)
    submit = reverse("duty_manager:dutylog_submit", args=[log.pk])
    response = clients.dm_a.post(submit, {"weather": "雨"}, follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])
    log.refresh_from_db()
    assert log.status == "draft" and log.weather == "雨"  # what was typed is kept
    clients.dm_a.post(submit, _form(log))
    log.refresh_from_db()
    assert log.status == "submitted" and log.submitted_at
    assert Notification.objects.filter(recipient=world.sm_a).exists()
    # Locked: neither the save path nor a direct model save may change it.
    save_url = reverse("duty_manager:dutylog_save", args=[log.pk])
    clients.dm_a.post(save_url, _form(log, handover="改"))
    log.refresh_from_db()
    assert log.handover == "打印机卡纸已报修"
    with pytest.raises(DomainError, match="提交并锁定"):
        duty_log_save(actor=world.dm_a, log=log, data={"handover": "改"})
    log.handover = "偷偷改"
    with pytest.raises(DutyLogLocked):
        log.save()


def test_it_amends_a_submitted_log_with_a_reason_and_shows_the_difference(world, clients):
    log = h.submitted_log(world)
    url = reverse("duty_manager:dutylog_amend", args=[log.pk])
    clients.dm_a.post(url, _form(log, longest_wait_minutes=40))  # no reason
    log.refresh_from_db()
    assert log.longest_wait_minutes == 25
    clients.dm_a.post(url, _form(log, longest_wait_minutes=40, reason="叫号系统数据更正"))
    log.refresh_from_db()
    assert log.longest_wait_minutes == 40 and log.status == "submitted"
    entry = AuditEntry.objects.get(action="duty_log.amended")
    assert entry.reason == "叫号系统数据更正"
    assert entry.changes == [("longest_wait_minutes", 25, 40)]
    page = clients.dm_a.get(reverse("duty_manager:dutylog", args=[log.pk])).content.decode()
    assert "叫号系统数据更正" in page and "<del>25</del>" in page
    with pytest.raises(DomainError, match="没有任何修改"):
        duty_log_amend(actor=world.dm_a, log=log, data={"longest_wait_minutes": 40}, reason="x")


def test_it_returns_a_log_which_the_duty_manager_fixes_and_resubmits(world, clients):
    log = h.submitted_log(world)
    clients.sm_a.post(reverse("store_manager:dutylog_return", args=[log.pk]), {"reason": ""})
    log.refresh_from_db()
    assert log.status == "submitted"
    clients.sm_a.post(reverse("store_manager:dutylog_return", args=[log.pk]),
                      {"reason": "漏写VIP接待"})
    log.refresh_from_db()
    assert log.status == "returned"
    page = clients.dm_a.get(reverse("duty_manager:dutylog", args=[log.pk])).content.decode()
    assert "漏写VIP接待" in page
    assert Notification.objects.filter(recipient=world.dm_a).exists()
    clients.dm_a.post(reverse("duty_manager:dutylog_submit", args=[log.pk]),
                      _form(log, notable_customers="全球通VIP王先生"))
    log.refresh_from_db()
    assert log.status == "submitted" and log.notable_customers == "全球通VIP王先生"
    clients.sm_a.post(reverse("store_manager:dutylog_countersign", args=[log.pk]),
                      {"comment": "已阅"})
    log.refresh_from_db()
    assert log.status == "countersigned"
    assert (log.reviewed_by, log.review_comment) == (world.sm_a, "已阅")
    response = clients.sm_a.post(reverse("store_manager:dutylog_countersign", args=[log.pk]),
                                 follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_it_shows_the_previous_shifts_handover_at_the_top(world, clients):
    day = h.yesterday(world.store_a)
    earlier = h.dutylog(world, day=day, shift="C")
    duty_log_save(actor=world.dm_a, log=earlier, data={"handover": "保险柜钥匙交王经理"})
    log = h.dutylog(world)
    page = clients.dm_a.get(reverse("duty_manager:dutylog", args=[log.pk])).content.decode()
    assert "保险柜钥匙交王经理" in page


def test_it_renders_every_registered_section_generically(world, clients):
    @registry.register_duty_log_section(key="zz_test", title="测试小节",
                                        template="duty_manager/_autosave_status.html", order=999)
    def _section(store, day, shift_type):
        return {"text": f"来自其他模块 {store.code}", "ok": True}

    try:
        log = h.dutylog(world)
        page = clients.sm_a.get(reverse("store_manager:dutylog", args=[log.pk])).content.decode()
        assert "测试小节" in page and "来自其他模块 A001" in page
        for key in ("attendance", "checklists", "faults", "incidents", "opinions"):
            assert f'data-testid="log-section-{key}"' in page
    finally:
        registry._duty_log_sections[:] = [
            s for s in registry._duty_log_sections if s.key != "zz_test"
        ]


def test_it_shows_attendance_late_and_absent_in_the_log(world, clients):
    store = world.store_a
    day = h.yesterday(store)
    late = factories.make_user("late_clerk", role="clerk", store=store)
    entry = factories.roster(store, late, day)
    factories.roster(store, world.clerk_a, day)
    from hallops.models import AttendanceRecord

    AttendanceRecord.objects.create(store=store, user=late, business_date=day, roster_entry=entry,
                                    clock_in=timezone.now() - datetime.timedelta(days=1),
                                    late_minutes=12, late_reason="堵车")
    log = h.dutylog(world, day=day)
    section = clients.dm_a.get(reverse("duty_manager:dutylog", args=[log.pk])).content.decode()
    assert "堵车" in section and "clerk_a" in section


def test_it_flags_unsubmitted_logs_and_slow_reviews(world, clients):
    DutySettings.objects.create(store=world.store_a, review_pending_hours=2)
    old = h.dutylog(world, day=h.yesterday(world.store_a) - datetime.timedelta(days=1))
    waiting = h.submitted_log(world)
    DutyLog.objects.filter(pk=waiting.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(hours=3))
    page = clients.sm_a.get(reverse("store_manager:dutylog_queue")).content.decode()
    assert 'data-testid="flag-unsubmitted"' in page and 'data-testid="flag-review"' in page
    assert str(old.business_date) in page


def test_it_lets_the_supervisor_read_logs_of_the_region_only(world, clients):
    log = h.submitted_log(world)
    other = duty_log_start(actor=world.dm_b, store=world.store_b,
                           shift_type=world.store_b.shift_types.first())
    listing = clients.supervisor.get(reverse("supervisor:dutylogs")).content.decode()
    assert world.store_a.name in listing and world.store_b.name not in listing
    page = clients.supervisor.get(reverse("supervisor:dutylog", args=[log.pk])).content.decode()
    assert "打印机卡纸已报修" in page
    assert clients.supervisor.get(reverse("supervisor:dutylog", args=[other.pk])).status_code == 404
    assert clients.supervisor.get(reverse("supervisor:dutylogs") + "?date=bad").status_code == 200
    assert clients.supervisor.post(reverse("store_manager:dutylog_countersign",
                                           args=[log.pk])).status_code == 403


@pytest.mark.parametrize("count", [1, 12])
def test_it_bounds_log_pages_queries(world, clients, django_assert_max_num_queries, count):
    base = h.yesterday(world.store_a)
    for i in range(count):
        h.dutylog(world, day=base - datetime.timedelta(days=i % 7), shift="A" if i < 7 else "C")
        h.opinion(world) if i == 0 else None
    log = DutyLog.objects.first()
    with django_assert_max_num_queries(40):
        assert clients.dm_a.get(reverse("duty_manager:dutylog", args=[log.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert clients.sm_a.get(reverse("store_manager:dutylog_queue")).status_code == 200
    with django_assert_max_num_queries(15):
        assert clients.supervisor.get(reverse("supervisor:dutylogs")).status_code == 200
    with django_assert_max_num_queries(15):
        assert clients.dm_a.get(reverse("duty_manager:dutylogs")).status_code == 200
    with django_assert_max_num_queries(40):
        assert clients.dm_a.get(reverse("duty_manager:home")).status_code == 200
    with django_assert_max_num_queries(40):
        assert clients.sm_a.get(reverse("store_manager:home")).status_code == 200
