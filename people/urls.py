from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("leave/", views.leave_mine, name="leave_mine"),
    path("leave/<int:pk>/withdraw/", views.leave_cancel, name="leave_cancel"),
    path("leave/review/", views.leave_review, name="leave_review"),
    path("leave/<int:pk>/decide/", views.leave_decide, name="leave_decide"),
    path("corrections/", views.correction_mine, name="correction_mine"),
    path("corrections/review/", views.correction_review, name="correction_review"),
    path("corrections/<int:pk>/decide/", views.correction_decide, name="correction_decide"),
    path("swaps/", views.swap_mine, name="swap_mine"),
    path("swaps/<int:pk>/answer/", views.swap_answer, name="swap_answer"),
    path("swaps/<int:pk>/withdraw/", views.swap_cancel, name="swap_cancel"),
    path("swaps/review/", views.swap_review, name="swap_review"),
    path("swaps/<int:pk>/decide/", views.swap_decide, name="swap_decide"),
    path("staffing/", views.staffing, name="staffing"),
    path("staffing/<int:pk>/delete/", views.staffing_delete, name="staffing_delete"),
    path("roster/month/", views.roster_month, name="roster_month"),
    path("roster/publish/", views.roster_publish, name="roster_publish"),
    path("roster/export.xlsx", views.roster_export, name="roster_export"),
]
