"""Reads of incidents (emergencies)."""

from hallops.models import Incident


def store_incidents(store):
    return Incident.objects.filter(store=store).select_related("started_by").order_by("-started_at")


def day_incidents(store, day):
    return Incident.objects.filter(store=store, business_date=day).order_by("started_at")
