"""The clerk's page that opens a found record (the search page, issue 17): their own service
records (the page lists only theirs, so the search finds only theirs)."""

from django.db.models import Q
from django.urls import reverse

from hallops.registry import register_search_page

from . import views_service

register_search_page("service_record", view=views_service.service_records,
                     url=lambda r: reverse("clerk:service_records"),
                     only=lambda request: Q(clerk=request.user))
