"""Staff by the store: the store manager's staff list, add/edit/deactivate, import, staff file."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from hallops.actions import attempt, run_action
from hallops.exceptions import DomainError
from hallops.imports import ImportRefused
from hallops.models import RoleAssignment
from hallops.people import display_name
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hr import selectors
from hr.exports import STAFF_EXPORT
from hr.forms import CertificateForm, DeactivateForm, ImportForm, StaffForm
from hr.models import Certificate, StaffFile
from hr.services.people_file import certificate_add, certificate_remove
from hr.services.staff import (
    IMPORT_COLUMNS,
    StaffDetails,
    staff_create,
    staff_deactivate,
    staff_import,
    staff_password_reset,
    staff_update,
)

SM = Role.STORE_MANAGER
SESSION_PASSWORD = "hr_one_time_password"


def member(request, pk: int):
    """A person who holds (or held) a role in the acting store; anyone else answers 404."""
    store = request.acting.store
    user = (get_user_model().objects.filter(pk=pk, role_assignments__store=store)
            .select_related("profile").first()) if store is not None else None
    if user is None:
        raise Http404
    return user


def _details(data) -> StaffDetails:
    return StaffDetails(name=data["name"], employee_no=data["employee_no"], phone=data["phone"],
                        post=data["post"], roles=tuple(data["roles"]), start_date=data["start_date"],
                        hire_date=data["hire_date"], position=data["position"])


def _remember_password(request, user, password: str) -> None:
    request.session[SESSION_PASSWORD] = {"user": user.pk, "password": password}


@role_required(SM)
@require_GET
def staff_list(request):
    store = require_store(request)
    rows = selectors.staff_rows(store)
    if (response := STAFF_EXPORT.respond(request, rows)) is not None:
        return response
    return render(request, "hr/staff_list.html", {"rows": rows, "import_form": ImportForm()})


@role_required(SM)
@require_http_methods(["GET", "POST"])
def staff_add(request):
    store = require_store(request)
    form = StaffForm(request.POST or None, initial={"roles": [Role.CLERK]})
    if request.method == "POST" and form.is_valid():
        def done(result):
            user, password = result
            _remember_password(request, user, password)
            return reverse("hr:staff_file", args=[user.pk])

        response = run_action(
            request, lambda: staff_create(actor=request.user, store=store,
                                          details=_details(form.cleaned_data)),
            success=lambda result: _("%(name)s was added to the store.") % {"name": display_name(result[0])},
            redirect_to=done, form=form)
        if response is not None:
            return response
    return render(request, "hr/staff_form.html", {"form": form, "status": 400 if form.errors else 200},
                  status=400 if form.errors else 200)


@role_required(SM)
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk):
    store = require_store(request)
    user = member(request, pk)
    file = StaffFile.objects.filter(user=user).first()
    initial = {
        "name": display_name(user), "employee_no": getattr(getattr(user, "profile", None), "employee_no", ""),
        "phone": getattr(getattr(user, "profile", None), "phone", ""),
        "post": file.post_id if file else None, "position": file.position if file else "",
        "start_date": file.start_date if file else None, "hire_date": file.hire_date if file else None,
        "roles": list(RoleAssignment.objects.filter(user=user, store=store, is_active=True)
                      .values_list("role", flat=True)),
    }
    form = StaffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request, lambda: staff_update(actor=request.user, store=store, user=user,
                                          details=_details(form.cleaned_data)),
            success=_("%(name)s's details were saved.") % {"name": form.cleaned_data["name"]},
            redirect_to=reverse("hr:staff_file", args=[user.pk]), form=form)
        if response is not None:
            return response
    return render(request, "hr/staff_form.html", {"form": form, "member": user},
                  status=400 if form.errors else 200)


@role_required(SM)
@require_POST
def staff_deactivate_view(request, pk):
    store = require_store(request)
    user = member(request, pk)
    form = DeactivateForm(request.POST)
    ended_on = form.cleaned_data["ended_on"] if form.is_valid() else None
    return run_action(
        request, lambda: staff_deactivate(actor=request.user, store=store, user=user, ended_on=ended_on),
        success=_("%(name)s was deactivated; their records are kept.") % {"name": display_name(user)},
        redirect_to=reverse("hr:staff_file", args=[user.pk]))


@role_required(SM)
@require_POST
def staff_password(request, pk):
    store = require_store(request)
    user = member(request, pk)

    def call():
        password = staff_password_reset(actor=request.user, store=store, user=user)
        _remember_password(request, user, password)

    return run_action(request, call, success=_("A new one-time password was made."),
                      redirect_to=reverse("hr:staff_file", args=[user.pk]))


@role_required(SM)
@require_http_methods(["GET", "POST"])
def staff_import_view(request):
    store = require_store(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    created = None
    if request.method == "POST" and form.is_valid():
        ok, result = attempt(request, lambda: staff_import(actor=request.user, store=store,
                                                           upload=form.cleaned_data["file"]))
        if ok:
            created = [{"user": user, "password": password} for user, password in result]
        elif isinstance(result, ImportRefused):
            errors = result.errors
    status = 400 if request.method == "POST" and created is None else 200
    return render(request, "hr/staff_import.html",
                  {"form": form, "errors": errors, "created": created}, status=status)


@role_required(SM)
@require_GET
def staff_template(request):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "员工"
    sheet.append([column.titles[0] for column in IMPORT_COLUMNS])
    sheet.append(["王小明", "E10001", "13800000000", "counter", "业务受理员", "2026-01-05"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="staff-template.xlsx"'
    return response


@role_required(SM)
@require_GET
def staff_file(request, pk):
    store = require_store(request)
    user = member(request, pk)
    shown = request.session.get(SESSION_PASSWORD)
    password = None
    if shown and shown.get("user") == user.pk:
        password = shown["password"]
        del request.session[SESSION_PASSWORD]
    context = selectors.staff_file_context(store, user)
    context.update({"password": password, "certificate_form": CertificateForm(),
                    "deactivate_form": DeactivateForm()})
    response = render(request, "hr/staff_file.html", context)
    response["Cache-Control"] = "no-store"
    return response


@role_required(SM)
@require_POST
def certificate_add_view(request, pk):
    store = require_store(request)
    user = member(request, pk)
    form = CertificateForm(request.POST)
    target = reverse("hr:staff_file", args=[user.pk])
    if not form.is_valid():
        return run_action(request, lambda: _refuse(form), redirect_to=target)
    return run_action(request, lambda: certificate_add(actor=request.user, store=store, user=user,
                                                       **form.cleaned_data),
                      success=_("The certificate was added."), redirect_to=target)


def _refuse(form):
    """An invalid form's errors as a refusal message (the page shows several forms)."""
    raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))


@role_required(SM)
@require_POST
def certificate_remove_view(request, pk):
    store = require_store(request)
    certificate = get_for_store_or_404(Certificate.objects.select_related("staff_file"), request,
                                       store_field="staff_file__store", pk=pk)
    return run_action(request, lambda: certificate_remove(actor=request.user, store=store,
                                                          certificate=certificate),
                      success=_("The certificate was removed."),
                      redirect_to=reverse("hr:staff_file", args=[certificate.staff_file.user_id]))
