"""Upload, download, thumbnail and delete: every file goes through this gate.

Files are never served from a public URL. A download answers 404 for another store's
attachment (as if it did not exist), 403 for a role the record's registration leaves out,
and sends the file with Content-Disposition and `X-Content-Type-Options: nosniff`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import redirect_next, run_action
from hallops.permissions import get_for_store_or_404, require_store, role_required

from .forms import UploadForm
from .models import Attachment
from .registry import Attachable, attachable, attachable_for, gate_roles
from .services import attachment_add, attachment_delete

HOME = "/"
GATE_VIEW_ROLES = gate_roles("view")
GATE_EDIT_ROLES = gate_roles("edit")


def _entry_of(attachment: Attachment) -> Attachable:
    model = attachment.content_type.model_class()
    entry = attachable_for(model) if model is not None else None
    if entry is None:
        raise Http404
    return entry


def _gated(request, pk: int, roles_of) -> Attachment:
    attachment = get_for_store_or_404(Attachment.objects.select_related("content_type"),
                                      request, pk=pk)
    entry = _entry_of(attachment)
    if request.acting.role not in roles_of(entry):
        raise PermissionDenied(_("Your role does not allow this page."))
    if entry.visible is not None:
        record = entry.model._default_manager.filter(pk=attachment.object_id).first()
        if record is None or not entry.visible(request, record):
            raise Http404
    return attachment


def _send(attachment: Attachment, field, *, inline: bool, content_type: str, name: str):
    if not field.name:
        raise Http404
    try:
        handle = default_storage.open(field.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not inline, filename=name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    # A file is data, never a page: nothing in it may run or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@role_required(*GATE_VIEW_ROLES)
@require_GET
def download(request, pk: int):
    attachment = _gated(request, pk, lambda e: e.view_roles)
    # Photos open in the browser; PDFs are always downloaded.
    return _send(attachment, attachment.file, inline=attachment.is_image,
                 content_type=attachment.mime_type, name=attachment.original_name)


@role_required(*GATE_VIEW_ROLES)
@require_GET
def thumbnail(request, pk: int):
    attachment = _gated(request, pk, lambda e: e.view_roles)
    stem = attachment.original_name.rsplit(".", 1)[0]
    return _send(attachment, attachment.thumbnail, inline=True, content_type="image/jpeg",
                 name=f"{stem}-thumbnail.jpg")


@role_required(*GATE_EDIT_ROLES)
@require_POST
def upload(request, kind: str, pk: int):
    require_store(request)
    entry = attachable(kind)
    if entry is None:
        raise Http404
    if request.acting.role not in entry.edit_roles:
        raise PermissionDenied(_("Your role does not allow this page."))
    record = get_for_store_or_404(entry.model, request, store_field=entry.store_field, pk=pk)
    if entry.visible is not None and not entry.visible(request, record):
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose at least one photo or file."))
        return redirect_next(request, HOME)
    return run_action(
        request,
        lambda: attachment_add(actor=request.user, obj=record, files=form.cleaned_data["upload"]),
        success=lambda rows: ngettext("%(n)s file attached.", "%(n)s files attached.",
                                      len(rows)) % {"n": len(rows)},
        redirect_to=HOME,
    )


@role_required(*GATE_EDIT_ROLES)
@require_POST
def delete(request, pk: int):
    require_store(request)
    attachment = _gated(request, pk, lambda e: e.edit_roles)
    return run_action(
        request, lambda: attachment_delete(actor=request.user, attachment=attachment),
        success=_("Attachment deleted."), redirect_to=HOME,
    )
