"""Staff by the store: add, edit, roles within the store, deactivate, import."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import override
from openpyxl import Workbook, load_workbook

from hallops.exceptions import DomainError
from hallops.imports import ImportRefused
from hallops.models import AuditEntry, RoleAssignment
from hallops.permissions import Role
from hr.models import StaffFile
from hr.services.staff import StaffDetails, staff_create, staff_deactivate, staff_import, staff_update
from tests.factories import make_user

User = get_user_model()


def log_in(username, password) -> Client:
    """A fresh browser signing in through the login page (axes needs the request)."""
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    client.ok = response.status_code == 302  # type: ignore[attr-defined]
    return client


def add_form(**overrides):
    data = {"name": "李新人", "employee_no": "E20001", "phone": "13900000000", "post": "",
            "position": "受理员", "roles": [Role.CLERK], "start_date": "2026-11-01", "hire_date": ""}
    data.update(overrides)
    return data


def test_it_adds_a_clerk_who_can_log_in_with_the_password_shown_once(world, clients):
    response = clients.sm_a.post(reverse("hr:staff_add"), add_form())
    assert response.status_code == 302
    user = User.objects.get(username="E20001")
    assert (user.last_name, user.first_name) == ("李", "新人")
    assert RoleAssignment.objects.filter(user=user, store=world.store_a, role=Role.CLERK, is_active=True).exists()
    assert StaffFile.objects.get(user=user).store == world.store_a
    page = clients.sm_a.get(response["Location"])
    password = page.context["password"]
    assert password and password in page.content.decode()
    assert clients.sm_a.get(response["Location"]).context["password"] is None  # shown once
    assert AuditEntry.objects.filter(action="staff.created", store=world.store_a).exists()
    fresh = log_in("E20001", password)
    assert fresh.ok
    assert fresh.get(reverse("clerk:home")).status_code == 200


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.STORE_MANAGER])
def test_it_refuses_to_grant_a_manager_or_supervisor_role(world, role):
    with override("en"), pytest.raises(DomainError, match="cannot grant"):
        staff_create(actor=world.sm_a, store=world.store_a,
                     details=StaffDetails(name="张三", employee_no="E3", roles=(role,)))
    assert not User.objects.filter(username="E3").exists()


def test_the_form_refuses_a_supervisor_role_and_saves_nothing(world, clients):
    response = clients.sm_a.post(reverse("hr:staff_add"), add_form(roles=[Role.SUPERVISOR]))
    assert response.status_code == 400
    assert not User.objects.filter(username="E20001").exists()


def test_a_store_manager_cannot_act_on_another_stores_staff(world, clients):
    for name in ("hr:staff_file", "hr:staff_edit"):
        assert clients.sm_a.get(reverse(name, args=[world.clerk_b.pk])).status_code == 404
    response = clients.sm_a.post(reverse("hr:staff_deactivate", args=[world.clerk_b.pk]))
    assert response.status_code == 404
    world.clerk_b.refresh_from_db()
    assert world.clerk_b.is_active
    with override("en"), pytest.raises(DomainError, match="does not work in this store"):
        staff_update(actor=world.sm_a, store=world.store_a, user=world.clerk_b,
                     details=StaffDetails(name="乙", employee_no="X1", roles=(Role.CLERK,)))


def test_editing_roles_changes_only_this_store(world):
    other = make_user(role=Role.CLERK, store=world.store_a)
    RoleAssignment.objects.create(user=other, store=world.store_b, role=Role.CLERK)
    staff_update(actor=world.sm_a, store=world.store_a, user=other,
                 details=StaffDetails(name="王二", employee_no=other.profile.employee_no,
                                      roles=(Role.DUTY_MANAGER,)))
    held = set(RoleAssignment.objects.filter(user=other, is_active=True).values_list("store_id", "role"))
    assert held == {(world.store_a.pk, Role.DUTY_MANAGER), (world.store_b.pk, Role.CLERK)}


def test_deactivation_ends_the_login_and_open_sessions_and_keeps_history(world, clients):
    assert clients.clerk_a.get(reverse("clerk:home")).status_code == 200
    response = clients.sm_a.post(reverse("hr:staff_deactivate", args=[world.clerk_a.pk]),
                                 {"ended_on": "2026-11-20"})
    assert response.status_code == 302
    world.clerk_a.refresh_from_db()
    assert not world.clerk_a.is_active
    assert RoleAssignment.objects.filter(user=world.clerk_a).exists()  # kept, inactive
    assert not RoleAssignment.objects.filter(user=world.clerk_a, is_active=True).exists()
    assert str(StaffFile.objects.get(user=world.clerk_a).ended_on) == "2026-11-20"
    page = clients.clerk_a.get(reverse("clerk:home"))  # the open session ends
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    assert not log_in("clerk_a", "x-Test-pass-42").ok
    assert AuditEntry.objects.filter(action="staff.deactivated").count() == 1
    # Still listed as having left.
    assert "clerk_a" in clients.sm_a.get(reverse("hr:staff_list")).content.decode()


def test_it_refuses_to_deactivate_a_store_manager_or_oneself(world):
    with override("en"), pytest.raises(DomainError, match="yourself"):
        staff_deactivate(actor=world.sm_a, store=world.store_a, user=world.sm_a)


def _sheet(rows, header=("姓名", "工号", "手机", "岗位", "角色", "到岗日期")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("staff.xlsx", buffer.getvalue())


def test_import_lists_every_bad_row_and_adds_nobody(world):
    sheet = _sheet([
        ("赵一", "E501", "", "", "业务受理员", "2026-11-01"),
        ("", "E502", "", "", "业务受理员", ""),                    # no name
        ("钱三", "P0001", "", "", "业务受理员", ""),                # employee number taken
        ("孙四", "E504", "", "", "片区督导", ""),                   # not grantable
        ("李五", "E505", "", "nowhere", "业务受理员", ""),          # unknown post
        ("周六", "E506", "", "", "业务受理员", "yesterday"),        # bad date
        ("吴七", "E501", "", "", "业务受理员", ""),                 # twice in the sheet
    ])
    with override("en"), pytest.raises(ImportRefused) as refused:
        staff_import(actor=world.sm_a, store=world.store_a, upload=sheet)
    rows = " ".join(refused.value.errors)
    for number in (3, 4, 5, 6, 7, 8):
        assert f"{number}" in rows
    assert len(refused.value.errors) == 6
    assert not User.objects.filter(username__in=["E501", "E504"]).exists()


def test_import_adds_everyone_with_one_time_passwords(world, clients):
    response = clients.sm_a.post(reverse("hr:staff_import"), {"file": _sheet([
        ("赵一", "E601", "13800000001", "counter", "业务受理员", "2026-11-01"),
        ("钱二", "E602", "", "", "值班经理、资金接收员", ""),
    ])})
    assert response.status_code == 200
    created = response.context["created"]
    assert [c["user"].username for c in created] == ["E601", "E602"]
    assert log_in("E602", created[1]["password"]).ok
    assert set(RoleAssignment.objects.filter(user__username="E602").values_list("role", flat=True)) == {
        Role.DUTY_MANAGER, Role.FUND_RECEIVER}
    assert AuditEntry.objects.filter(action="staff.imported").count() == 2


def test_the_template_downloads_with_the_import_columns(world, clients):
    response = clients.sm_a.get(reverse("hr:staff_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["姓名", "工号", "手机", "岗位", "角色", "到岗日期"]
