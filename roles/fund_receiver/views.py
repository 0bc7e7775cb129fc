"""The fund receiver's (资金接收员) home page: the confirmed hand-ins waiting for the bank and
the deposit form, the same as on the store manager's deposits page."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hallops.permissions import Role, get_for_store_or_404, role_required
from hallops.registry import panels_for
from hallops.selectors.cash import sessions_for_day_qs, till_figures
from roles.common.cash_deposit import deposit_page


@role_required(Role.FUND_RECEIVER)
@require_http_methods(["GET", "POST"])
def home(request):
    return deposit_page(request, template="fund_receiver/home.html",
                        success_url=reverse("fund_receiver:home"),
                        extra_context={"panels": panels_for(request),
                                       "till_url": "fund_receiver:till"})


@role_required(Role.FUND_RECEIVER)
@require_GET
def till(request, pk):
    """One confirmed till of this store, read-only: what the clerk counted and handed in, and
    what the duty manager received (another store's till → 404)."""
    session = get_for_store_or_404(
        sessions_for_day_qs(request.acting.store).filter(handin__confirmed_at__isnull=False),
        request, pk=pk)
    return render(request, "fund_receiver/till.html",
                  {"session": session, "figures": till_figures(session)})
