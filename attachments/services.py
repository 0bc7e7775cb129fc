"""Adding and deleting attachments (audited). Views call these through run_action."""

import logging
import weakref

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

logger = logging.getLogger(__name__)


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
    # Should this transaction (or the caller's around it) roll back, the files it wrote are
    # deleted: the guard, kept by the commit, deletes them when Django forgets it.
    transaction.on_commit(_FilesGuard(stored_names))
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
    return created


class _FilesGuard:
    """The inverse of an on_commit callback, for the files a transaction wrote to the storage.

    Registered with `transaction.on_commit`, it is called when the transaction commits: the
    files are then kept. When the transaction (or the savepoint it was registered in) rolls
    back, Django drops its callbacks without calling them; dropped, the guard's finalizer
    deletes the files (original and thumbnail), which no committed row can name (names are
    random). Nothing is read from the database then (the connection may be mid-rollback).
    A guard dropped while commit hooks run (another callback raised after the commit) keeps
    its files: the rows were committed. Whatever escapes (a process killed between the write
    and the commit) is removed by the nightly sweep (`orphan_files_sweep`)."""

    def __init__(self, names: list[str]):
        self._kept = [False]  # shared with the finalizer, which must not hold the guard
        weakref.finalize(self, _discard_unless_kept, names, self._kept)

    def __call__(self) -> None:
        self._kept[0] = True


def _discard_unless_kept(names: list[str], kept: list[bool]) -> None:
    if kept[0] or not names:
        return
    from django.db import connection

    if getattr(connection, "run_commit_hooks_on_set_autocommit_on", False):
        return  # dropped while the commit's hooks ran: the rows exist
    try:
        _delete_files(names)
    except Exception:  # a finalizer never raises; the sweep retries
        logger.exception("attachment files of a rolled-back upload were not deleted: %s", names)


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


PREFIX = "attachments"  # the folder of every attachment file (models._upload_to)
SWEEP_BATCH = 500


def _stored_files(storage, folder: str):
    """Every file name under `folder` in the storage, depth first (works on S3 too)."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _stored_files(storage, f"{folder}/{sub}")


def orphan_files_sweep(*, now=None, dry_run: bool = False) -> list[str]:
    """Delete the files under the attachments folder that no Attachment row names (as file or
    thumbnail) and that are older than `settings.ATTACHMENT_ORPHAN_AGE_HOURS` (a day: an upload
    still in its transaction is never taken). Rows of every store are read, in the named scope
    `all_stores("attachment_orphans")`. Returns the names deleted (or, dry, to delete)."""
    import datetime

    from django.core.files.storage import default_storage
    from django.db.models import Q
    from django.utils import timezone

    from hallops.scoping import all_stores

    hours = int(getattr(settings, "ATTACHMENT_ORPHAN_AGE_HOURS", 24))
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=hours)
    storage = default_storage
    removed: list[str] = []

    def sweep(batch: list[str]) -> None:
        with all_stores("attachment_orphans"):
            rows = Attachment.objects.filter(Q(file__in=batch) | Q(thumbnail__in=batch))
            named: set[str] = set()
            for file, thumbnail in rows.values_list("file", "thumbnail"):
                named.update((file, thumbnail))
        for name in batch:
            if name in named:
                continue
            if not dry_run:
                storage.delete(name)
            removed.append(name)

    batch: list[str] = []
    for name in _stored_files(storage, PREFIX):
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if modified >= cutoff:
            continue
        batch.append(name)
        if len(batch) >= SWEEP_BATCH:
            sweep(batch)
            batch = []
    if batch:
        sweep(batch)
    if removed and not dry_run:
        logger.info("removed %s attachment files no row names", len(removed))
    return removed
