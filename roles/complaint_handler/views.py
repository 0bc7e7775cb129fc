from django.shortcuts import render
from django.views.decorators.http import require_GET

from hallops.permissions import Role, role_required
from hallops.registry import panels_for


@role_required(Role.COMPLAINT_HANDLER)
@require_GET
def home(request):
    return render(request, "complaint_handler/home.html", {"panels": panels_for(request)})
