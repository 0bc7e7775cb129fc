"""The supervisor's page that opens a found record (the search page, issue 17)."""

from django.urls import reverse

from hallops.registry import register_search_page

from . import views_logs

register_search_page("duty_log", view=views_logs.dutylog,
                     url=lambda log: reverse("supervisor:dutylog", args=[log.pk]))
