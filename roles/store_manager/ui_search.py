"""The store manager's pages that open a found record (the search page, issue 17)."""

from django.urls import reverse

from hallops.registry import register_search_page

from . import views_business, views_cash, views_review

register_search_page(
    "service_record", view=views_business.service_records,
    url=lambda r: f"{reverse('store_manager:service_records')}?month={r.business_date:%Y-%m}")
register_search_page("duty_log", view=views_review.dutylog,
                     url=lambda log: reverse("store_manager:dutylog", args=[log.pk]))
register_search_page("till", view=views_cash.cash_session,
                     url=lambda s: reverse("store_manager:cash_session", args=[s.pk]))
