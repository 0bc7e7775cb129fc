"""The personas of `tests/conftest.py`'s `world`, written with one bulk insert per table.

Most tests start from the same two stores and eleven people; built one row at a time that was
~70 queries (and a password hash per person) before each of several hundred tests. The rows'
field values are worked out once per session; each test inserts them in six statements (and
rolls them back with its transaction), so a test that does not ask for `world` sees an empty
database as before.
"""

import datetime
import functools
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from hallops.models import Region, RoleAssignment, ShiftType, StaffProfile, Store
from hallops.permissions import Role

PERSONA_ROLE = {
    "sm": Role.STORE_MANAGER,
    "dm": Role.DUTY_MANAGER,
    "clerk": Role.CLERK,
    "ch": Role.COMPLAINT_HANDLER,
    "fr": Role.FUND_RECEIVER,
}
REGIONS = {"a": "RA", "b": "RB"}
STORES = {"a": ("A001", "和平路营业厅"), "b": ("B001", "建设街营业厅")}
SHIFTS = (("A", "早班", datetime.time(8, 30), datetime.time(17, 0)),
          ("C", "晚班", datetime.time(12, 0), datetime.time(20, 30)))
PASSWORD = "x-Test-pass-42"


@functools.cache
def _password_hash() -> str:
    return make_password(PASSWORD)


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    regions = Region.objects.bulk_create(
        [Region(code=code, name=f"片区{code}", name_en=f"Region {code}") for code in REGIONS.values()])
    stores = Store.objects.bulk_create(
        [Store(code=code, name=name, city="石家庄", region=region)
         for (code, name), region in zip(STORES.values(), regions, strict=True)])
    ShiftType.objects.bulk_create([ShiftType(store=store, code=code, name=name, starts_at=start, ends_at=end)
                                   for store in stores for code, name, start, end in SHIFTS])
    for key, region, store in zip(REGIONS, regions, stores, strict=True):
        setattr(w, f"region_{key}", region)
        setattr(w, f"store_{key}", store)
    names = [f"{prefix}_{key}" for key in STORES for prefix in PERSONA_ROLE] + ["supervisor"]
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=name, first_name=name, password=_password_hash()) for name in names])
    by_name = dict(zip(names, users, strict=True))
    StaffProfile.objects.bulk_create(
        [StaffProfile(user=user, employee_no=f"P{n:04d}") for n, user in enumerate(users, start=1)])
    assignments = [RoleAssignment(user=by_name[f"{prefix}_{key}"], role=role, store=getattr(w, f"store_{key}"))
                   for key in STORES for prefix, role in PERSONA_ROLE.items()]
    assignments.append(RoleAssignment(user=by_name["supervisor"], role=Role.SUPERVISOR, region=w.region_a))
    RoleAssignment.objects.bulk_create(assignments)
    for name, user in by_name.items():
        setattr(w, name, user)
    return w
