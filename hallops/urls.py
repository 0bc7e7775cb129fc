from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hallops import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("acting/", views.acting_switch, name="acting_switch"),
    path("language/", views.language_switch, name="language_switch"),
    path("attendance/clock-in/", views.clock_in, name="clock_in"),
    path("attendance/clock-out/", views.clock_out, name="clock_out"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read"),
    path("healthz", views.healthz, name="healthz"),
    path("manager/", include("roles.store_manager.urls")),
    path("duty/", include("roles.duty_manager.urls")),
    path("clerk/", include("roles.clerk.urls")),
    path("handler/", include("roles.complaint_handler.urls")),
    path("supervisor/", include("roles.supervisor.urls")),
    path("funds/", include("roles.fund_receiver.urls")),
    path("complaints/", include("complaints.urls")),
    path("reports/", include("reports.urls")),
    path("people/", include("hr.urls")),
    path("service/", include("service.urls")),
    path("floor/", include("floor.urls")),
    path("attachments/", include("attachments.urls")),
    path("checklists/", include("roles.common.checklist_urls")),
    path("people/", include("people.urls")),
    path("search/", include("search.urls")),
    path("tasks/", include("tasks.urls")),
    path("admin/", admin.site.urls),
]
