"""URLs of the recurring checklists every store role runs (roles/common/checklists.py)."""

from django.urls import path

from . import checklists

app_name = "checklists"

urlpatterns = [
    path("", checklists.history, name="history"),
    path("today/<str:code>/", checklists.today, name="today"),
    path("run/<int:pk>/", checklists.run_detail, name="run"),
    path("run/<int:run_pk>/item/<int:item_pk>/", checklists.tick, name="tick"),
]
