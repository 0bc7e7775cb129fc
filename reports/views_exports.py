"""A background list export's page, its progress and its file (reports/listexport.py).

Only the person who asked, acting in the same role, sees a job; another store's (or another
person's) answers 404.
"""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from hallops.permissions import ROLE_NAMESPACE, Role, role_required

from .listexport import CSV_TYPE, XLSX_TYPE
from .models import ExportJob

ROLES = tuple(Role)


def _job_or_404(request, pk) -> ExportJob:
    jobs = ExportJob.objects.filter(requested_by=request.user, role=request.acting.role)
    return get_object_or_404(jobs.select_related("store", "region"), pk=pk)


@role_required(*ROLES)
@require_GET
def export_job(request, pk: int):
    job = _job_or_404(request, pk)
    return render(request, "reports/export_job.html", {
        "job": job, "base_template": f"{ROLE_NAMESPACE[request.acting.role]}/base.html"})


@role_required(*ROLES)
@require_GET
def export_progress(request, pk: int):
    job = _job_or_404(request, pk)
    data = {"percent": 100 if job.is_finished else job.progress, "done": job.is_finished,
            "status": job.status}
    if job.is_finished:
        data["html"] = render_to_string("reports/_export_result.html", {"job": job}, request)
    return JsonResponse(data)


@role_required(*ROLES)
@require_GET
def export_download(request, pk: int):
    job = _job_or_404(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=job.download_name(),
                        content_type=XLSX_TYPE if job.format == "xlsx" else CSV_TYPE)
