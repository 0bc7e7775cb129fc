"""In-app notifications; other apps call these to tell a person or a role in a store."""

import functools
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from hallops.models import Notification


def notification_send(
    *,
    recipients: Iterable,
    message: str,
    params: dict | None = None,
    url: str = "",
    store=None,
    level: str = Notification.Level.INFO,
    email: bool = False,
) -> int:
    """Notify each recipient once. `message` is an untranslated id (mark it gettext_noop)."""
    recipients = {u.pk: u for u in recipients if u is not None}.values()
    rows = [
        Notification(
            recipient=user,
            store=store,
            level=level,
            message_id=message,
            params=params or {},
            url=url,
        )
        for user in recipients
    ]
    Notification.objects.bulk_create(rows)
    if email and settings.EMAIL_HOST:
        for note in rows:
            if note.recipient.email:
                transaction.on_commit(functools.partial(_email, note))
    return len(rows)


def _email(note: Notification) -> None:
    profile_language = getattr(getattr(note.recipient, "profile", None), "language", "")
    with translation.override(profile_language or settings.LANGUAGE_CODE):
        send_mail(
            subject=note.text[:120],
            message=note.text,
            from_email=None,
            recipient_list=[note.recipient.email],
            fail_silently=True,
        )


def role_holders(*, store, role: str):
    return get_user_model().objects.filter(
        role_assignments__store=store,
        role_assignments__role=role,
        role_assignments__is_active=True,
        is_active=True,
    ).distinct()


def notification_send_to_role(*, store, role: str, message: str, **kwargs) -> int:
    """Notify everyone holding `role` in `store`."""
    return notification_send(
        recipients=list(role_holders(store=store, role=role)),
        message=message,
        store=store,
        **kwargs,
    )


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


__all__ = [
    "notification_mark_read",
    "notification_send",
    "notification_send_to_role",
    "role_holders",
]
