"""Customer opinions and suggestions (客户意见、建议)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from attachments.selectors import signed_off_days, with_attachments
from hallops.actions import redirect_next, run_action
from hallops.models import CustomerOpinion, OpinionChannel, OpinionKind
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.opinions import store_opinions
from hallops.services.opinions import opinion_record, opinion_reply
from hallops.text import choice_labels
from roles.duty_manager.exports import OPINIONS_EXPORT

from .forms_duty import OpinionForm, OpinionReplyForm
from .views_equipment import _form_error


@role_required(Role.DUTY_MANAGER, Role.STORE_MANAGER)
@require_http_methods(["GET", "POST"])
def opinions(request):
    store = require_store(request)
    form = OpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request, lambda: opinion_record(actor=request.user, store=store, **form.cleaned_data),
            form=form, success=_("Customer opinion recorded."),
            redirect_to=reverse("duty_manager:opinions"),
        )
        if response is not None:
            return response
    opinions = store_opinions(store)
    if (response := OPINIONS_EXPORT.respond(request, opinions)) is not None:
        return response
    page = Paginator(opinions, 30).get_page(request.GET.get("page"))
    page.object_list = with_attachments(page.object_list)
    locked = signed_off_days(store, (o.business_date for o in page.object_list))
    channels, kinds = choice_labels(OpinionChannel), choice_labels(OpinionKind)
    for opinion in page.object_list:
        opinion.attachments_locked = opinion.business_date in locked
        opinion.channel_label = channels.get(opinion.channel, opinion.channel)
        opinion.kind_label = kinds.get(opinion.kind, opinion.kind)
    return render(request, "duty_manager/opinions.html", {
        "page": page, "form": form, "reply_form": OpinionReplyForm(), "now": timezone.now(),
    })


@role_required(Role.DUTY_MANAGER, Role.STORE_MANAGER)
@require_POST
def opinion_answer(request, pk: int):
    require_store(request)
    opinion = get_for_store_or_404(CustomerOpinion, request, pk=pk)
    form = OpinionReplyForm(request.POST)
    fallback = reverse("duty_manager:opinions")
    if not form.is_valid():
        _form_error(request, form)
        return redirect_next(request, fallback)
    return run_action(
        request,
        lambda: opinion_reply(actor=request.user, opinion=opinion, reply=form.cleaned_data["reply"]),
        success=_("Reply recorded."), redirect_to=fallback,
    )
