"""Adding and deleting attachments (audited). Views call these through run_action."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.services.audit import audit_record, snapshot

from .models import Attachment
from .registry import Attachable, attachable_for
from .validation import Prepared, prepare


def _entry(obj: models.Model) -> Attachable:
    entry = attachable_for(type(obj))
    if entry is None:
        raise DomainError(_("Files cannot be attached to this record."))
    return entry


def _refuse_if_locked(entry: Attachable, obj: models.Model) -> None:
    if entry.is_locked(obj):
        raise DomainError(_("This record is closed or signed off: its photos and files can no "
                            "longer be changed."))


def _record_rows(obj: models.Model):
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)),
                                     object_id=obj.pk)


@transaction.atomic
def attachment_add(*, actor, obj: models.Model, files: list) -> list[Attachment]:
    """Attach `files` (uploaded files) to `obj`. Every file is checked before any is stored:
    one refused file stores none."""
    entry = _entry(obj)
    store = entry.store_of(obj)
    _refuse_if_locked(entry, obj)
    if not files:
        raise DomainError(_("Choose at least one photo or file."), field="upload")
    existing = _record_rows(obj).aggregate(n=models.Count("id"), total=Sum("size"))
    if (existing["n"] or 0) + len(files) > settings.ATTACHMENT_MAX_FILES_PER_RECORD:
        raise DomainError(_("A record takes at most %(n)s photos and files.") % {
            "n": settings.ATTACHMENT_MAX_FILES_PER_RECORD}, field="upload")
    total = existing["total"] or 0
    prepared: list[Prepared] = []
    for upload in files:
        # Counted as they are read: a batch over the record's limit stops at the file that
        # crosses it, before the rest are decoded.
        prepared.append(prepare(upload))
        total += prepared[-1].size
        if total > settings.ATTACHMENT_MAX_RECORD_BYTES:
            raise DomainError(_("The photos and files of one record may not exceed %(limit)s "
                                "together.") % {
                "limit": filesizeformat(settings.ATTACHMENT_MAX_RECORD_BYTES)}, field="upload")
    content_type = ContentType.objects.get_for_model(type(obj))
    created: list[Attachment] = []
    stored_names: list[str] = []
    try:
        for item in prepared:
            row = Attachment(store=store, content_type=content_type, object_id=obj.pk,
                             kind=item.kind, original_name=item.name, mime_type=item.mime_type,
                             size=item.size, width=item.width, height=item.height,
                             uploaded_by=actor)
            row.file.save(f"f.{item.extension}", ContentFile(item.content), save=False)
            stored_names.append(row.file.name)
            if item.thumbnail is not None:
                row.thumbnail.save("t.jpg", ContentFile(item.thumbnail), save=False)
                stored_names.append(row.thumbnail.name)
            row.save()
            created.append(row)
            audit_record(actor=actor, store=store, action="attachment.added", obj=row,
                         after=snapshot(row, ["content_type", "object_id", "kind",
                                              "original_name", "size"]))
    except BaseException:
        _delete_files(stored_names)
        raise
    # Files are written before the commit: should the caller's transaction roll back later,
    # they stay as orphans in the storage, never served (a download goes through a row).
    return created


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment, obj: models.Model | None = None) -> None:
    """Remove an attachment and its files (after the commit); refused on a locked record."""
    record = obj if obj is not None else attachment_record(attachment)
    if record is not None:
        _refuse_if_locked(_entry(record), record)
    before = snapshot(attachment, ["content_type", "object_id", "kind", "original_name", "size",
                                   "uploaded_by", "uploaded_at"])
    before["file"] = attachment.file.name
    audit_record(actor=actor, store=attachment.store, action="attachment.deleted",
                 obj=attachment, before=before)
    names = [attachment.file.name, attachment.thumbnail.name]
    attachment.delete()
    transaction.on_commit(lambda: _delete_files(names))


def attachment_record(attachment: Attachment) -> models.Model | None:
    """The record an attachment belongs to (in the current scope), or None if it is gone."""
    model = attachment.content_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=attachment.object_id).first()
