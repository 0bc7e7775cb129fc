"""One attachment model for every record that takes photos and files (issue 17).

A row belongs to a store (scoped like every store-owned row) and points at its record through
a generic relation (content type + id): a new kind of record joins with one registration
(`attachments.registry.register_attachable`), no migration and no new column.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.models import Store
from hallops.scoping import store_scoped


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    PDF = "pdf", _("PDF document")


def _upload_to(instance, filename: str) -> str:
    # Never the uploaded name: a random one under the store's folder.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.store_id}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="attachments",
                              verbose_name=_("store"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record"))
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=_upload_to, max_length=200,
                                 blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="attachment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.IMAGE
