"""Reads of customer opinions, with overdue replies."""

from django.db.models import Q
from django.utils import timezone

from hallops.models import CustomerOpinion


def store_opinions(store):
    return CustomerOpinion.objects.filter(store=store).order_by("replied_at", "-received_at")


def overdue_opinions(stores, now=None):
    """Opinions whose reply is late: unanswered past the due time."""
    now = now or timezone.now()
    qs = CustomerOpinion.objects.filter(replied_at__isnull=True, reply_due_at__lt=now)
    qs = qs.filter(store__in=stores) if hasattr(stores, "model") else qs.filter(store=stores)
    return qs.select_related("store").order_by("reply_due_at")


def day_opinions(store, day):
    """Opinions received that day, plus any still unanswered from earlier days."""
    return CustomerOpinion.objects.filter(
        Q(business_date=day) | Q(business_date__lt=day, replied_at__isnull=True), store=store
    ).order_by("received_at")
