"""Tasks handed down by a manager (领导交办): assigned to a person or a role of one store, with
a due date and a priority; done (with a note), declined (with a reason) or cancelled by the
one who assigned it. Action items of a weekly or monthly meeting are tasks too (`meeting`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hallops.models import MorningMeeting, Store
from hallops.people import display_name
from hallops.permissions import Role
from hallops.scoping import store_scoped


class TaskPriority(models.IntegerChoices):
    LOW = 1, pgettext_lazy("task priority", "Low")
    NORMAL = 2, pgettext_lazy("task priority", "Normal")
    HIGH = 3, pgettext_lazy("task priority", "High")
    URGENT = 4, pgettext_lazy("task priority", "Urgent")


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Open")
    DONE = "done", pgettext_lazy("task status", "Done")
    DECLINED = "declined", pgettext_lazy("task status", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("task status", "Cancelled")


class Task(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="tasks",
                              verbose_name=_("store"))
    title = models.CharField(_("task"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=TaskPriority.choices,
                                                default=TaskPriority.NORMAL)
    due_date = models.DateField(_("due date"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    # One of the two: a person, or everyone holding a role in the store (one of them answers).
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("assigned to"))
    assignee_role = models.CharField(_("assigned to the role"), max_length=32,
                                     choices=Role.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices,
                              default=TaskStatus.OPEN)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The completion note, the reason for declining, or the reason for cancelling.
    outcome = models.TextField(_("note"), blank=True)
    meeting = models.ForeignKey(MorningMeeting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="action_items", verbose_name=_("meeting"))
    # Set once, by the overdue sweep, when both sides were told (tasks.services.task_overdue_notify).
    overdue_notified_at = models.DateTimeField(_("overdue notice sent at"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "-priority", "pk"]
        indexes = [models.Index(fields=["store", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(assignee__isnull=False, assignee_role="")
                           | models.Q(assignee__isnull=True) & ~models.Q(assignee_role="")),
                name="task_one_assignee"),
            models.CheckConstraint(
                condition=(models.Q(status=TaskStatus.OPEN, closed_at__isnull=True)
                           | ~models.Q(status=TaskStatus.OPEN) & models.Q(closed_at__isnull=False)),
                name="task_closed_when_not_open"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    def is_overdue(self, today) -> bool:
        return self.status == TaskStatus.OPEN and self.due_date < today

    @property
    def assignee_label(self) -> str:
        """Who it is for, as shown on a screen: the person's name, or the role's label."""
        if self.assignee_id is not None:
            return display_name(self.assignee)
        return str(Role(self.assignee_role).label)
