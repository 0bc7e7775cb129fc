from django.urls import path

from . import views

app_name = "floor"

urlpatterns = [
    path("", views.board, name="board"),
    path("action/", views.action, name="action"),
    path("import/", views.reading_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("desk-ready/", views.desk_ready, name="desk_ready"),
    path("desk-ready/day/", views.desk_ready_day, name="desk_ready_day"),
]
