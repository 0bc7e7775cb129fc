"""The project's URLs plus one view that fails, to see the 500 page (tests only)."""

from django.urls import path

from hallops.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("secret-internal-detail")


urlpatterns = [*project_urlpatterns, path("test-boom/", boom)]
