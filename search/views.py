"""The search page (issue 17): one box for every role with a home, reading only the reader's
stores and only the kinds of record the role has a page for."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hallops.permissions import STORE_ROLES, Role, role_required
from hallops.registry import search_pages

from . import selectors
from .query import MAX_LENGTH, QueryRefused, parse


@role_required(*STORE_ROLES, Role.SUPERVISOR)
@require_GET
def search(request):
    raw = request.GET.get("q")
    context = {"q": (raw or "")[:MAX_LENGTH], "max_length": MAX_LENGTH, "cap": selectors.CAP}
    status = 200
    if raw is not None:
        try:
            query = parse(raw)
        except QueryRefused as refused:
            context["refused"] = str(refused)
            status = 400
        else:
            pages = search_pages(request)
            store_ids = list(request.acting.stores.values_list("pk", flat=True))
            groups = selectors.search(query, store_ids=store_ids, pages=pages, request=request)
            context.update(query=query, groups=groups,
                           found=sum(len(g.hits) for g in groups))
    return render(request, "search/results.html", context, status=status)
