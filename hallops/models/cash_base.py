"""Records that become read-only once confirmed (money that cannot be silently changed).

Three layers refuse an edit of a locked row: the model's save()/delete(), the queryset's
update()/delete() (which bypass save()), and on PostgreSQL a trigger that refuses the UPDATE
or DELETE itself, so raw SQL cannot change it either. Locking is the one allowed change:
`locked` goes from false to true in the transaction that confirms the record.
"""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _


class LockedRecordError(Exception):
    """A confirmed (locked) money record was about to be changed or deleted."""

    def __init__(self, obj_or_model):
        label = getattr(obj_or_model, "_meta", None)
        super().__init__(
            f"{label.label if label else obj_or_model} is confirmed and cannot be changed; "
            "record an adjustment instead."
        )


class LockableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(locked=True).exists():
            raise LockedRecordError(self.model)
        return super().update(**kwargs)

    def delete(self):
        if self.filter(locked=True).exists():
            raise LockedRecordError(self.model)
        return super().delete()


class LockableModel(models.Model):
    locked = models.BooleanField(_("confirmed (read-only)"), default=False, editable=False)

    objects = LockableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self._stored_locked():
            raise LockedRecordError(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_locked():
            raise LockedRecordError(self)
        return super().delete(*args, **kwargs)

    def _stored_locked(self) -> bool:
        if self.pk is None:
            return False
        return type(self)._base_manager.filter(pk=self.pk, locked=True).exists()


def protect_locked(name: str) -> pgtrigger.Protect:
    """The database's own refusal to UPDATE or DELETE a locked row (PostgreSQL only)."""
    return pgtrigger.Protect(
        name=name,
        operation=pgtrigger.Update | pgtrigger.Delete,
        condition=pgtrigger.Q(old__locked=True),
    )
