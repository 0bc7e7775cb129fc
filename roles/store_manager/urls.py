from django.urls import path

from . import views, views_cash, views_review

app_name = "store_manager"

urlpatterns = [
    path("", views.home, name="home"),
    path("roster/", views.roster, name="roster"),
    path("roster/copy/", views.roster_copy, name="roster_copy"),
    path("attendance/", views.attendance, name="attendance"),
    path("audit/", views.audit, name="audit"),
    path("cash/", views_cash.cash, name="cash"),
    path("cash/register/", views_cash.cash_register, name="cash_register"),
    path("cash/deposits/", views_cash.cash_deposits, name="cash_deposits"),
    path("cash/till/<int:pk>/", views_cash.cash_session, name="cash_session"),
    path("cash/till/<int:pk>/approve/", views_cash.cash_approve, name="cash_approve"),
    path("cash/till/<int:pk>/adjust/", views_cash.cash_adjust, name="cash_adjust"),
    path("duty-logs/", views_review.review_queue, name="dutylog_queue"),
    path("duty-logs/<int:pk>/", views_review.dutylog, name="dutylog"),
    path("duty-logs/<int:pk>/countersign/", views_review.countersign, name="dutylog_countersign"),
    path("duty-logs/<int:pk>/return/", views_review.send_back, name="dutylog_return"),
    path("follow-ups/", views_review.followups, name="followups"),
]
