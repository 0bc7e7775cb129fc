"""The fund receiver's page that opens a found record (the search page, issue 17): a till
whose hand-in the duty manager confirmed (the only tills the page shows)."""

from django.db.models import Q
from django.urls import reverse

from hallops.registry import register_search_page

from . import views

register_search_page("till", view=views.till,
                     url=lambda s: reverse("fund_receiver:till", args=[s.pk]),
                     only=lambda request: Q(handin__confirmed_at__isnull=False))
