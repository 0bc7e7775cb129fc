from django.urls import path

from . import views, views_cash

app_name = "duty_manager"

urlpatterns = [
    path("", views.home, name="home"),
    path("cash/", views_cash.cash_board, name="cash_board"),
    path("cash/float/", views_cash.cash_float_issue, name="cash_float_issue"),
    path("cash/<int:pk>/expected/", views_cash.cash_expected, name="cash_expected"),
    path("cash/<int:pk>/confirm/", views_cash.cash_confirm, name="cash_confirm"),
    path("cash/tail/", views_cash.cash_tail, name="cash_tail"),
    path("cash/import/", views_cash.cash_import, name="cash_import"),
]
