"""Small builders for test data (plain functions: no factory library needed)."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from hallops.models import Post, Region, RoleAssignment, RosterEntry, ShiftType, StaffProfile, Store
from hallops.permissions import Role

_seq = itertools.count(1)


def make_region(code: str | None = None) -> Region:
    n = next(_seq)
    return Region.objects.create(code=code or f"R{n}", name=f"片区{n}", name_en=f"Region {n}")


def make_store(code: str | None = None, region: Region | None = None, **fields) -> Store:
    n = next(_seq)
    store = Store.objects.create(
        code=code or f"S{n:03d}",
        name=fields.pop("name", f"营业厅{n}"),
        city=fields.pop("city", "石家庄"),
        region=region or make_region(),
        **fields,
    )
    ShiftType.objects.create(store=store, code="A", name="早班",
                             starts_at=datetime.time(8, 30), ends_at=datetime.time(17, 0))
    ShiftType.objects.create(store=store, code="C", name="晚班",
                             starts_at=datetime.time(12, 0), ends_at=datetime.time(20, 30))
    return store


def make_user(username: str | None = None, *, role: str | None = None, store=None, region=None,
              **fields):
    n = next(_seq)
    username = username or f"user{n}"
    user = get_user_model().objects.create_user(
        username=username, password="x-Test-pass-42", first_name=fields.pop("first_name", username),
        **fields,
    )
    StaffProfile.objects.create(user=user, employee_no=f"E{n:05d}")
    if role:
        grant(user, role, store=store, region=region)
    return user


def grant(user, role: str, *, store=None, region=None) -> RoleAssignment:
    if role == Role.SUPERVISOR:
        return RoleAssignment.objects.create(user=user, role=role, region=region)
    return RoleAssignment.objects.create(user=user, role=role, store=store)


def post(kind_code: str) -> Post:
    return Post.objects.get(code=kind_code)


def roster(store, user, day: datetime.date, shift_code: str = "A", post_code: str = "counter"):
    return RosterEntry.objects.create(
        store=store, user=user, date=day,
        shift_type=ShiftType.objects.get(store=store, code=shift_code), post=post(post_code),
    )
