"""Staff by the store (issue 13): the store manager adds, edits, deactivates and imports their
own store's staff and grants roles within the store only, without the administrator."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.imports import Column, ImportRefused, read_rows, text
from hallops.models import Post, RoleAssignment, StaffProfile
from hallops.people import display_name
from hallops.permissions import Role
from hallops.services.audit import audit_record
from hr.models import StaffFile

# The roles a store manager may grant in their own store. A store manager is appointed and a
# regional supervisor named by the administrator, never by a store manager.
GRANTABLE_ROLES = (Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER, Role.FUND_RECEIVER)
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


def initial_password() -> str:
    """A one-time password to read out to the new person (no 0/O, 1/l look-alikes)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(10))


@dataclass
class StaffDetails:
    name: str
    employee_no: str
    phone: str = ""
    post: Post | None = None
    roles: tuple[str, ...] = ()
    start_date: datetime.date | None = None
    hire_date: datetime.date | None = None
    position: str = ""


def _check_roles(roles) -> list[str]:
    roles = list(dict.fromkeys(roles))
    if not roles:
        raise DomainError(_("Give the person at least one role in this store."), field="roles")
    refused = [r for r in roles if r not in GRANTABLE_ROLES]
    if refused:
        labels = ", ".join(str(Role(r).label) if r in Role.values else r for r in refused)
        raise DomainError(_("A store manager cannot grant these roles: %(roles)s.") % {"roles": labels},
                          field="roles")
    return roles


def _split_name(name: str) -> tuple[str, str]:
    """Chinese order: the first character is the family name (王小明 → 王 + 小明); a name with a
    space keeps its words (family name first)."""
    name = name.strip()
    if not name:
        raise DomainError(_("Enter the person's name."), field="name")
    if " " in name:
        last, first = name.split(" ", 1)
        return first.strip(), last.strip()
    return name[1:], name[:1]


def _check_employee_no(employee_no: str, *, exclude_user=None) -> str:
    employee_no = employee_no.strip()
    if not employee_no:
        raise DomainError(_("Enter the employee number."), field="employee_no")
    taken = StaffProfile.objects.filter(employee_no__iexact=employee_no)
    users = get_user_model().objects.filter(username__iexact=employee_no)
    if exclude_user is not None:
        taken = taken.exclude(user=exclude_user)
        users = users.exclude(pk=exclude_user.pk)
    if taken.exists() or users.exists():
        raise DomainError(_("Employee number %(no)s is already in use.") % {"no": employee_no},
                          field="employee_no")
    return employee_no


def _staff_snapshot(user, store) -> dict:
    profile = getattr(user, "profile", None)
    file = StaffFile.objects.filter(user=user).first()
    return {
        "name": display_name(user),
        "employee_no": profile.employee_no if profile else "",
        "phone": profile.phone if profile else "",
        "active": user.is_active,
        "roles": sorted(RoleAssignment.objects.filter(user=user, store=store, is_active=True)
                        .values_list("role", flat=True)),
        "post": file.post_id if file else None,
        "start_date": file.start_date if file else None,
        "hire_date": file.hire_date if file else None,
        "position": file.position if file else "",
    }


def works_here(user, store) -> bool:
    """The person holds (or held) a role in `store`: the store manager may manage them."""
    return RoleAssignment.objects.filter(user=user, store=store).exists()


def _set_roles(user, store, roles: list[str]) -> None:
    existing = {a.role: a for a in RoleAssignment.objects.select_for_update().filter(user=user, store=store)}
    for role, assignment in existing.items():
        if role not in GRANTABLE_ROLES:
            continue  # a store manager's own appointment is the administrator's
        wanted = role in roles
        if assignment.is_active != wanted:
            assignment.is_active = wanted
            assignment.save(update_fields=["is_active"])
    for role in roles:
        if role not in existing:
            RoleAssignment.objects.create(user=user, store=store, role=role)


def _create(*, store, details: StaffDetails) -> tuple[object, str]:
    first, last = _split_name(details.name)
    employee_no = _check_employee_no(details.employee_no)
    roles = _check_roles(details.roles)
    password = initial_password()
    user = get_user_model().objects.create_user(username=employee_no, password=password,
                                                first_name=first, last_name=last)
    StaffProfile.objects.create(user=user, employee_no=employee_no, phone=details.phone.strip())
    StaffFile.objects.create(store=store, user=user, post=details.post, position=details.position,
                             start_date=details.start_date, hire_date=details.hire_date or details.start_date)
    _set_roles(user, store, roles)
    return user, password


@transaction.atomic
def staff_create(*, actor, store, details: StaffDetails) -> tuple[object, str]:
    """Add a person to `store` with a login (their employee number) and a one-time password."""
    user, password = _create(store=store, details=details)
    audit_record(actor=actor, store=store, action="staff.created", obj=user.profile,
                 after=_staff_snapshot(user, store))
    return user, password


@transaction.atomic
def staff_update(*, actor, store, user, details: StaffDetails):
    """Change a person's details and their roles in this store (never another store's)."""
    if not works_here(user, store):
        raise DomainError(_("That person does not work in this store."))
    if not user.is_active:
        raise DomainError(_("%(name)s has left; their record can no longer be changed.")
                          % {"name": display_name(user)})
    if RoleAssignment.objects.filter(user=user, store=store, is_active=True,
                                     role=Role.STORE_MANAGER).exists():
        raise DomainError(_("A store manager's record is kept by the administrator."))
    roles = _check_roles(details.roles)
    before = _staff_snapshot(user, store)
    first, last = _split_name(details.name)
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    employee_no = _check_employee_no(details.employee_no, exclude_user=user)
    profile, _created = StaffProfile.objects.get_or_create(user=user, defaults={"employee_no": employee_no})
    profile.employee_no, profile.phone = employee_no, details.phone.strip()
    profile.save(update_fields=["employee_no", "phone"])
    file, _created = StaffFile.objects.get_or_create(user=user, defaults={"store": store})
    file.post, file.position = details.post, details.position
    file.start_date, file.hire_date = details.start_date, details.hire_date
    file.save()
    _set_roles(user, store, roles)
    audit_record(actor=actor, store=store, action="staff.updated", obj=profile, before=before,
                 after=_staff_snapshot(user, store))
    return user


@transaction.atomic
def staff_deactivate(*, actor, store, user, ended_on: datetime.date | None = None):
    """The person leaves the store: their roles here end, and when they hold none elsewhere
    their login ends too (open sessions stop at the next page: an inactive user is signed out).
    Their records (rosters, reports, assessments, the staff file) stay."""
    if user.pk == actor.pk:
        raise DomainError(_("You cannot deactivate yourself."))
    if not works_here(user, store):
        raise DomainError(_("That person does not work in this store."))
    if RoleAssignment.objects.filter(user=user, store=store, is_active=True,
                                     role=Role.STORE_MANAGER).exists():
        raise DomainError(_("A store manager is deactivated by the administrator."))
    before = _staff_snapshot(user, store)
    RoleAssignment.objects.filter(user=user, store=store, is_active=True).update(is_active=False)
    file, _created = StaffFile.objects.get_or_create(user=user, defaults={"store": store})
    file.ended_on = ended_on or timezone.localdate()
    file.save(update_fields=["ended_on"])
    if not RoleAssignment.objects.filter(user=user, is_active=True).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
        StaffProfile.objects.filter(user=user).update(is_active=False)
    audit_record(actor=actor, store=store, action="staff.deactivated", obj=file, before=before,
                 after=_staff_snapshot(user, store))
    return user


@transaction.atomic
def staff_password_reset(*, actor, store, user) -> str:
    """A new one-time password for a person of this store who forgot theirs."""
    if not works_here(user, store) or not user.is_active:
        raise DomainError(_("That person does not work in this store."))
    if RoleAssignment.objects.filter(user=user, role__in=(Role.STORE_MANAGER, Role.SUPERVISOR),
                                     is_active=True).exists():
        raise DomainError(_("A manager's password is reset by the administrator."))
    password = initial_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, store=store, action="staff.password_reset", obj=user.profile)
    return password


# --- import from a sheet --------------------------------------------------------------------

IMPORT_COLUMNS = (
    Column("name", ("姓名", "Name")),
    Column("employee_no", ("工号", "Employee number")),
    Column("phone", ("手机", "Phone"), required=False),
    Column("post", ("岗位", "Post"), required=False),
    Column("roles", ("角色", "Roles")),
    Column("start_date", ("到岗日期", "Start date"), required=False),
)
ROLE_WORDS = {
    **{str(code): code for code in GRANTABLE_ROLES},
    "值班经理": Role.DUTY_MANAGER, "业务受理员": Role.CLERK, "受理员": Role.CLERK,
    "投诉处理员": Role.COMPLAINT_HANDLER, "资金接收员": Role.FUND_RECEIVER,
    "duty manager": Role.DUTY_MANAGER, "service clerk": Role.CLERK, "clerk": Role.CLERK,
    "complaint handler": Role.COMPLAINT_HANDLER, "fund receiver": Role.FUND_RECEIVER,
}


def _cell_date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(text(value).replace("/", "-"))
    except ValueError:
        raise ValueError(text(value)) from None


def _parse_row(values: dict, posts: dict) -> StaffDetails:
    roles = []
    for word in text(values.get("roles")).replace("，", ",").replace("、", ",").split(","):
        word = word.strip()
        if not word:
            continue
        role = ROLE_WORDS.get(word.lower()) or ROLE_WORDS.get(word)
        if role is None:
            raise DomainError(_("unknown role “%(role)s”") % {"role": word})
        roles.append(role)
    post_word = text(values.get("post"))
    post = None
    if post_word:
        post = posts.get(post_word.lower())
        if post is None:
            raise DomainError(_("unknown post “%(post)s”") % {"post": post_word})
    try:
        start = _cell_date(values.get("start_date"))
    except ValueError as error:
        raise DomainError(_("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": error}) from None
    return StaffDetails(name=text(values.get("name")), employee_no=text(values.get("employee_no")),
                        phone=text(values.get("phone")), post=post, roles=tuple(roles),
                        start_date=start)


@transaction.atomic
def staff_import(*, actor, store, upload) -> list[tuple[object, str]]:
    """Add every person of the sheet, or nobody: every bad row is listed."""
    rows = read_rows(upload, columns=IMPORT_COLUMNS, max_rows=200)
    posts = {}
    for post in Post.objects.all():
        for word in (post.code, post.name, post.name_en):
            if word:
                posts[word.lower()] = post
    errors: list[str] = []
    created: list[tuple[object, str]] = []
    seen: set[str] = set()
    for number, values in rows:
        try:
            details = _parse_row(values, posts)
            if details.employee_no.lower() in seen:
                raise DomainError(_("employee number %(no)s appears twice in the sheet")
                                  % {"no": details.employee_no})
            seen.add(details.employee_no.lower())
            with transaction.atomic():
                created.append(_create(store=store, details=details))
        except DomainError as error:
            errors.append(_("Row %(row)d: %(error)s") % {"row": number, "error": error.message})
    if errors:
        raise ImportRefused.for_rows(errors)
    for user, _password in created:
        audit_record(actor=actor, store=store, action="staff.imported", obj=user.profile,
                     after=_staff_snapshot(user, store))
    return created
