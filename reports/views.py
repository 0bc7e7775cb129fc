"""Report pages: the archive with the build form, one report's progress, and downloads."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import run_action
from hallops.permissions import ROLE_NAMESPACE, Role, role_required

from .forms import BuildForm
from .listexport import Col, Kind, ListExport
from .models import REGION_KINDS, STORE_KINDS, ReportFile
from .periods import period_for
from .selectors import report_files_for
from .services import QUEUE_DOWN_MESSAGE, report_request

ROLES = (Role.STORE_MANAGER, Role.SUPERVISOR)


def _kinds(request):
    return REGION_KINDS if request.acting.role == Role.SUPERVISOR else STORE_KINDS


def _page_context(request, **extra):
    return {"base_template": f"{ROLE_NAMESPACE[request.acting.role]}/base.html", **extra}


def _report_or_404(request, pk) -> ReportFile:
    return get_object_or_404(report_files_for(request.acting), pk=pk)


ARCHIVE_EXPORT = ListExport(
    name="workbooks", title=_lazy("Workbooks"),
    columns=(
        Col(_lazy("Workbook"), "get_kind_display", width=24),
        Col(_lazy("Store or region"), lambda r: str(r.scope), width=24),
        Col(_lazy("Period"), "period_label"),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Finished"), "finished_at", Kind.DATETIME),
        Col(_lazy("Rows"), "row_count", Kind.INT),
    ),
)


@role_required(*ROLES)
@require_GET
def archive(request):
    files = report_files_for(request.acting).order_by("-period_start", "kind", "-id")
    if (response := ARCHIVE_EXPORT.respond(request, files)) is not None:
        return response
    page = Paginator(files, 25).get_page(request.GET.get("page"))
    form = BuildForm(kinds=_kinds(request))
    return render(request, "reports/archive.html", _page_context(request, page=page, form=form))


@role_required(*ROLES)
@require_POST
def build(request):
    form = BuildForm(request.POST, kinds=_kinds(request))
    if not form.is_valid():
        files = report_files_for(request.acting).order_by("-period_start", "kind", "-id")
        page = Paginator(files, 25).get_page(1)
        messages.error(request, _("Please correct the errors below; nothing was built."))
        return render(request, "reports/archive.html",
                      _page_context(request, page=page, form=form), status=400)
    kind = form.cleaned_data["kind"]
    start, end = period_for(kind, form.cleaned_data["day"])
    scope = ({"region": request.acting.region} if kind in REGION_KINDS
             else {"store": request.acting.store})
    language = "en" if (get_language() or "").startswith("en") else "zh-hans"
    archive_url = reverse("reports:archive")

    def requested():
        report = report_request(kind=kind, start=start, end=end, language=language,
                                requested_by=request.user, **scope)
        report.refresh_from_db()
        return report

    def queue_down(report) -> bool:
        return report.status == ReportFile.Status.FAILED and report.error == QUEUE_DOWN_MESSAGE

    return run_action(
        request, requested,
        success=lambda report: (messages.ERROR, _(QUEUE_DOWN_MESSAGE)) if queue_down(report)
        else _("The workbook is being built: %(report)s") % {"report": report},
        redirect_to=lambda report: archive_url if queue_down(report)
        else reverse("reports:detail", args=[report.pk]),
        error_redirect_to=archive_url,
    )


@role_required(*ROLES)
@require_GET
def detail(request, pk: int):
    report = _report_or_404(request, pk)
    return render(request, "reports/detail.html", _page_context(request, report=report))


@role_required(*ROLES)
@require_GET
def progress(request, pk: int):
    report = _report_or_404(request, pk)
    data = {"percent": 100 if report.is_finished else report.progress,
            "done": report.is_finished, "status": report.status}
    if report.is_finished:
        data["html"] = render_to_string("reports/_result.html", {"report": report}, request)
    return JsonResponse(data)


@role_required(*ROLES)
@require_GET
def download(request, pk: int):
    report = _report_or_404(request, pk)
    if report.status != ReportFile.Status.DONE or not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=report.download_name(),
                        content_type="application/vnd.openxmlformats-officedocument"
                                     ".spreadsheetml.sheet")
