"""The counter tally on the clerk's home page: one tap (or key) adds one, undo takes one."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallops.actions import attempt
from hallops.permissions import Role, require_store, role_required
from hallops.selectors.business import TallyItem, find_item
from hallops.services.business import tally_change


@role_required(Role.CLERK)
@require_POST
def tally(request):
    """POST item=bt-<id>|pl-<id>, delta=1|-1. htmx gets the item's cell back."""
    store = require_store(request)
    kind, _sep, pk = (request.POST.get("item") or "").partition("-")
    item = find_item(kind, pk)
    delta = {"1": 1, "-1": -1}.get(request.POST.get("delta", ""))
    error = None
    count = None
    if item is None or delta is None:
        error = _("Unknown tally item.")
    else:
        # htmx shows the refusal in the cell (quiet); a plain POST gets it as a message below.
        ok, result = attempt(
            request, lambda: tally_change(clerk=request.user, store=store, item=item,
                                          delta=delta), quiet=True)
        if ok:
            count = result
        else:
            error = result.message
    if request.htmx:
        if error:
            response = HttpResponse(error, status=409, content_type="text/plain; charset=utf-8")
            response["HX-Reswap"] = "none"
            return response
        return render(request, "clerk/_tally_count.html",
                      {"t": TallyItem(item, kind, count)})
    if error:
        messages.error(request, error)
    return redirect("clerk:home")
