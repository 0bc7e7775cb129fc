"""The duty manager's pages that open a found record (the search page, issue 17); the
opinions page is the store manager's too."""

from django.urls import reverse

from hallops.registry import register_search_page

from . import views_cash, views_dutylog, views_opinion

register_search_page("opinion", view=views_opinion.opinions,
                     url=lambda o: f"{reverse('duty_manager:opinions')}#opinion-{o.pk}")
register_search_page("duty_log", view=views_dutylog.dutylog,
                     url=lambda log: reverse("duty_manager:dutylog", args=[log.pk]))
register_search_page(
    "till", view=views_cash.cash_board,
    url=lambda s: f"{reverse('duty_manager:cash_board')}?day={s.business_date:%Y-%m-%d}")
