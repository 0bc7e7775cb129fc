"""Customer opinions and suggestions (客户意见、建议)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallops.exceptions import DomainError
from hallops.models import CustomerOpinion
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.opinions import store_opinions
from hallops.services.opinions import opinion_record, opinion_reply
from hallops.views import _safe_next

from .forms_duty import OpinionForm, OpinionReplyForm
from .views_equipment import _form_error


@role_required(Role.DUTY_MANAGER, Role.STORE_MANAGER)
@require_http_methods(["GET", "POST"])
def opinions(request):
    store = require_store(request)
    form = OpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opinion_record(actor=request.user, store=store, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Customer opinion recorded."))
            return redirect("duty_manager:opinions")
    page = Paginator(store_opinions(store), 30).get_page(request.GET.get("page"))
    return render(request, "duty_manager/opinions.html", {
        "page": page, "form": form, "reply_form": OpinionReplyForm(), "now": timezone.now(),
    })


@role_required(Role.DUTY_MANAGER, Role.STORE_MANAGER)
@require_POST
def opinion_answer(request, pk: int):
    require_store(request)
    opinion = get_for_store_or_404(CustomerOpinion, request, pk=pk)
    form = OpinionReplyForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
    else:
        try:
            opinion_reply(actor=request.user, opinion=opinion, reply=form.cleaned_data["reply"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Reply recorded."))
    return redirect(_safe_next(request, reverse("duty_manager:opinions")))
