"""Views shared by every role: home redirect, acting switch, language, clock, notifications."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import run_action
from hallops.actions import safe_next_url as _safe_next
from hallops.forms import ActingForm, ClockForm, LanguageForm
from hallops.models import Notification
from hallops.permissions import ROLE_NAMESPACE, STORE_ROLES, act_as, require_store, role_required
from hallops.services.attendance import attendance_clock_in, attendance_clock_out
from hallops.services.notifications import notification_mark_read
from hallops.services.staff import staff_language_set
from reports.listexport import Col, Kind, ListExport


@login_required
def home(request):
    """Send the person to the home page of the role they are acting as."""
    role = request.acting.role
    if role is None:
        # The administrator holds no store role: the admin site is their home, not a 403.
        if request.user.is_staff or request.user.is_superuser:
            return redirect("admin:index")
        return render(request, "hallops/no_role.html", status=403)
    return redirect(f"{ROLE_NAMESPACE[role]}:home")


@login_required
@require_POST
def acting_switch(request):
    form = ActingForm(request.POST)
    chosen = None
    if form.is_valid():
        chosen = next(
            (a for a in request.acting.assignments if a.pk == form.cleaned_data["assignment"]), None
        )
    if chosen is None:
        messages.error(request, _("You do not hold that role."))
        return redirect("home")
    act_as(request, chosen)
    messages.success(
        request,
        _("You are now acting as %(role)s in %(scope)s.")
        % {"role": chosen.get_role_display(), "scope": chosen.store or chosen.region},
    )
    return redirect(f"{ROLE_NAMESPACE[chosen.role]}:home")


@require_POST
def language_switch(request):
    """Switch the interface language; remembered in a cookie and on the person's profile."""
    form = LanguageForm(request.POST)
    fallback = reverse("home") if request.user.is_authenticated else reverse("login")
    response = HttpResponseRedirect(_safe_next(request, fallback))
    if not form.is_valid():
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        staff_language_set(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response


@role_required(*STORE_ROLES)
@require_POST
def clock_in(request):
    store = require_store(request)
    form = ClockForm(request.POST)
    form.is_valid()
    return run_action(
        request,
        lambda: attendance_clock_in(
            user=request.user, store=store, reason=form.cleaned_data.get("reason", "")
        ),
        success=lambda record: (
            (messages.WARNING, _("Clocked in. You are not on today's roster."))
            if record.roster_entry is None else _("Clocked in.")
        ),
        redirect_to=reverse("home"),
    )


@role_required(*STORE_ROLES)
@require_POST
def clock_out(request):
    store = require_store(request)
    form = ClockForm(request.POST)
    form.is_valid()
    return run_action(
        request,
        lambda: attendance_clock_out(
            user=request.user, store=store, reason=form.cleaned_data.get("reason", "")
        ),
        success=_("Clocked out."),
        redirect_to=reverse("home"),
    )


NOTIFICATIONS_EXPORT = ListExport(
    name="notifications", title=_lazy("Notifications"),
    columns=(
        Col(_lazy("Time"), "created_at", Kind.DATETIME),
        Col(_lazy("Message"), "text", width=60),
        Col(_lazy("Store"), lambda n: n.store.name if n.store else ""),
        Col(_lazy("Read at"), "read_at", Kind.DATETIME),
    ),
)


@login_required
@require_GET
def notification_list(request):
    notes = Notification.objects.filter(recipient=request.user).select_related("store")
    if (response := NOTIFICATIONS_EXPORT.respond(request, notes)) is not None:
        return response
    page = Paginator(notes, 25).get_page(request.GET.get("page"))
    return render(request, "hallops/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    ids = request.POST.getlist("id")
    try:
        ids = [int(i) for i in ids] if ids else None
    except ValueError:
        ids = []
    count = notification_mark_read(user=request.user, notification_ids=ids)
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("notifications")


@never_cache
@require_GET
def healthz(request):
    """Whether the database and the Celery broker answer (for monitoring)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is a failed check
        checks["database"] = f"error: {exc.__class__.__name__}"
    from hallops.celery import app

    # Socket timeouts of our own: a broker that accepts connections but never answers would
    # otherwise hang the check (and the monitor) for as long as the transport's defaults allow.
    options = {**app.conf.broker_transport_options, "socket_timeout": 2,
               "socket_connect_timeout": 2}
    try:
        with app.connection_for_write(transport_options=options) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0.2, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["broker"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
