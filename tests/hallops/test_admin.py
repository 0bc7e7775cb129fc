"""Every model in the admin opens for a superuser, in Chinese."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from hallops.services.attendance import attendance_clock_in
from hallops.services.notifications import notification_send
from hallops.services.roster import roster_entry_create
from tests import factories

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def filled(world):
    day = datetime.date.today() + datetime.timedelta(days=1)
    entry = roster_entry_create(actor=world.sm_a, store=world.store_a, user=world.clerk_a,
                                date=day, shift_type=world.store_a.shift_types.first(),
                                post=factories.post("counter"))
    attendance_clock_in(user=world.clerk_a, store=world.store_a)
    notification_send(recipients=[world.clerk_a], message="Clocked in.")
    return entry


def test_the_project_models_are_registered():
    labels = {model._meta.label for model, _ in REGISTERED}
    assert {"hallops.Store", "hallops.Region", "hallops.ShiftType", "hallops.Post",
            "hallops.RoleAssignment", "hallops.StaffProfile", "hallops.RosterEntry",
            "hallops.AttendanceRecord", "hallops.AuditEntry", "hallops.Notification",
            "auth.User"} <= labels


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED,
                         ids=[m._meta.label for m, _ in REGISTERED])
def test_changelist_and_add_page_open_in_chinese(filled, admin_client, model, model_admin):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert 'lang="zh-hans"' in html
    assert "首页" in html  # the breadcrumb "Home", from Django's Chinese catalogue
    if model_admin.search_fields:
        searched = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "和平"})
        assert searched.status_code == 200

    add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    request = changelist.wsgi_request
    if model_admin.has_add_permission(request):
        assert admin_client.get(add_url).status_code == 200
    else:
        assert admin_client.get(add_url).status_code == 403


def test_the_admin_index_opens(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()


OURS = [m for m, _ in REGISTERED if m._meta.app_label == "hallops" or m._meta.label == "auth.User"]


FOUNDATION = {"hallops.Store", "hallops.Region", "hallops.ShiftType", "hallops.Post",
              "hallops.RoleAssignment", "hallops.StaffProfile", "hallops.RosterEntry",
              "hallops.AttendanceRecord", "hallops.AuditEntry", "hallops.Notification", "auth.User"}


def test_change_pages_open(filled, admin_client):
    """Every model with a row: its change page opens (the foundation's models all have one)."""
    opened = set()
    for model in OURS:
        obj = model._default_manager.first()
        if obj is None:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200, opts.label
        opened.add(opts.label)
    assert opened >= FOUNDATION


SERVICE_WRITTEN = {"hallops.AuditEntry", "hallops.ClerkDailyReport", "hallops.ServiceRecord",
                   "hallops.TillSession", "hallops.TillDifference", "hallops.BankDeposit",
                   "hallops.TailCashRecord", "complaints.WorkOrder", "complaints.ContactAttempt",
                   "complaints.Callback", "complaints.Extension", "complaints.Escalation",
                   "reports.ReportFile"}


def test_it_shows_service_written_records_through_the_one_read_only_admin(admin_client):
    """Records only the services write refuse add, change and delete alike in /admin/."""
    from hallops.admin_base import ReadOnlyAdmin

    registered = {model._meta.label: model_admin for model, model_admin in REGISTERED}
    request = admin_client.get(reverse("admin:index")).wsgi_request
    for label in SERVICE_WRITTEN:
        model_admin = registered[label]
        assert isinstance(model_admin, ReadOnlyAdmin), label
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label
