from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintHandlerConfig(AppConfig):
    name = "roles.complaint_handler"
    label = "role_complaint_handler"
    verbose_name = _("Complaint handler pages")
