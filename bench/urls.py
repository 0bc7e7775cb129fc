"""The production URLs plus the benchmark's two yardsticks:

- /__bench__/ok: a bare HttpResponse("ok") (the ceiling of the stack: gunicorn + middleware);
- /__bench__/reference/: base.html with a 50-row table and no queries of its own (what the
  page shell costs: session, user, acting role, menu, notifications).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from hallops.urls import urlpatterns as production_urlpatterns

ROWS = [(n, f"第{n}行", f"Row {n}", n * 7 % 13, f"{n * 1.5:.2f}") for n in range(1, 51)]


def bare(request):
    return HttpResponse("ok")


@login_required
def reference(request):
    return render(request, "bench/reference.html", {"rows": ROWS})


urlpatterns = [
    path("__bench__/ok", bare, name="bench_bare"),
    path("__bench__/reference/", reference, name="bench_reference"),
    *production_urlpatterns,
]
