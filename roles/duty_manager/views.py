from django.shortcuts import render
from django.views.decorators.http import require_GET

from hallops.permissions import Role, role_required
from hallops.registry import panels_for


@role_required(Role.DUTY_MANAGER)
@require_GET
def home(request):
    return render(request, "duty_manager/home.html", {"panels": panels_for(request)})
