from django.urls import path

from . import views, views_exports

app_name = "reports"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("build/", views.build, name="build"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/download/", views.download, name="download"),
    path("exports/<int:pk>/", views_exports.export_job, name="export_job"),
    path("exports/<int:pk>/progress/", views_exports.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", views_exports.export_download, name="export_download"),
]
