"""Work orders (工单) and their numbering. What happens to them: history.py (steps, contacts,
callbacks) and approvals.py (extensions, escalations)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hallops.models import CustomerLevel, Store
from hallops.money import MONEY
from hallops.scoping import store_scoped

from .config import Category, Scenario, Source


class BeyondChannel(models.TextChoices):
    """Where a customer took the complaint beyond the store (越级)."""

    NONE = "", _("Not escalated beyond the store")
    SUPERVISION = "10080", _("10080 supervision line")
    REGULATOR = "regulator", _("Regulator (MIIT / 12300)")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class WorkOrder(models.Model):
    """A complaint work order (工单) of one store."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", pgettext_lazy("work order status", "Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        REPLIED = "replied", pgettext_lazy("work order status", "Replied")
        CALLED_BACK = "called_back", pgettext_lazy("work order status", "Called back")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Clock(models.TextChoices):
        ACCEPT = "accept", _("acceptance")
        CONTACT = "contact", _("first contact")
        REPLY = "reply", _("reply")
        FINAL = "final", _("closing")
        CALLBACK = "callback", _("callback")

    class SlaState(models.TextChoices):
        OK = "ok", _("On time")
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    class Quality(models.TextChoices):
        UNREVIEWED = "", _("Not reviewed")
        QUALIFIED = "qualified", _("Qualified")
        UNQUALIFIED = "unqualified", _("Not qualified")

    class CallbackResult(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")
        NO_ANSWER = "no_answer", _("No answer")

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("store")
    )
    number = models.CharField(_("order number"), max_length=30, unique=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    external_no = models.CharField(_("external order number"), max_length=40, blank=True)
    dispatch_unit = models.CharField(_("dispatching unit"), max_length=80, blank=True)
    received_at = models.DateTimeField(_("received at"))

    customer_number = models.CharField(_("customer number"), max_length=11, db_index=True)
    customer_name = models.CharField(_("customer name"), max_length=60, blank=True)
    customer_level = models.CharField(
        _("customer level"),
        max_length=12,
        choices=CustomerLevel.choices,
        default=CustomerLevel.ORDINARY,
    )
    contact_number = models.CharField(_("contact number"), max_length=20, blank=True)

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    subcategory = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sub-category"),
    )
    description = models.TextField(_("what happened"))
    demand = models.TextField(_("what the customer wants"), blank=True)
    scenario = models.ForeignKey(
        Scenario,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer type"),
    )

    # The member of staff the customer complained about (counts in the clerk KPI table).
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints_against",
        verbose_name=_("staff member complained about"),
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaint_orders",
        verbose_name=_("handler"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_on_time = models.BooleanField(_("replied on time"), null=True, blank=True)
    callback_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    callback_due = models.DateTimeField(_("call back by"), null=True, blank=True, db_index=True)
    callback_attempts = models.PositiveSmallIntegerField(_("callback attempts"), default=0)
    # The callback deadline the sweep has already flagged as missed (flagged once per deadline).
    callback_flagged_due = models.DateTimeField(null=True, blank=True, editable=False)

    # The reply (回单).
    reply_result = models.TextField(_("result"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    company_at_fault = models.BooleanField(_("company at fault"), null=True, blank=True)
    compensation = models.DecimalField(
        _("compensation / refund (yuan)"), **MONEY, null=True, blank=True
    )
    callback_result = models.CharField(
        _("callback result"), max_length=12, choices=CallbackResult.choices, blank=True
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    # SLA clocks: concrete deadlines, recomputed when the clock pauses and resumes.
    accept_due = models.DateTimeField(_("accept by"))
    contact_due = models.DateTimeField(_("first contact by"))
    reply_due = models.DateTimeField(_("reply by"))
    final_due = models.DateTimeField(_("close by"))
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True, db_index=True)
    next_due_kind = models.CharField(
        _("next deadline is for"), max_length=10, choices=Clock.choices, blank=True
    )
    paused_at = models.DateTimeField(_("waiting for the customer since"), null=True, blank=True)
    pause_reason = models.CharField(_("waiting for"), max_length=200, blank=True)
    sla_state = models.CharField(
        _("SLA state"), max_length=10, choices=SlaState.choices, default=SlaState.OK
    )
    # The (clock, state, deadline) last notified: the sweep notifies once per change.
    sla_state_key = models.CharField(max_length=80, blank=True, editable=False)
    was_overdue = models.BooleanField(_("has been overdue"), default=False)

    # Flags.
    # Repeat detection (重复投诉) looks at every hall of the store's region, but a store may
    # only read its own orders: earlier orders of the same hall are linked, those of other
    # halls are only counted (the region's supervisor reads them through a selector).
    is_repeat = models.BooleanField(_("repeat complaint"), default=False)
    earlier_orders = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="later_orders",
        verbose_name=_("earlier orders of this customer"),
    )
    repeat_elsewhere_count = models.PositiveSmallIntegerField(
        _("earlier orders at other halls"), default=0, editable=False
    )
    beyond_channel = models.CharField(
        _("escalated beyond the store"),
        max_length=10,
        choices=BeyondChannel.choices,
        blank=True,
    )
    is_difficult = models.BooleanField(_("difficult complaint"), default=False)

    # Work-order quality (工单合格率), marked by the store manager on closed orders.
    quality = models.CharField(_("quality"), max_length=12, choices=Quality.choices, blank=True)
    quality_reason = models.CharField(_("quality remark"), max_length=200, blank=True)
    quality_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    quality_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_no"],
                condition=~models.Q(external_no=""),
                name="workorder_unique_external_no_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(compensation__isnull=True) | models.Q(compensation__gte=0),
                name="workorder_compensation_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_at__isnull=False),
                name="workorder_closed_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(quality="") | models.Q(status="closed"),
                name="workorder_quality_only_when_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["store", "status", "next_due_at"]),
            models.Index(fields=["store", "received_at"]),
            models.Index(fields=["store", "staff_member", "received_at"]),
            # The month's KPIs count replies and closures by their own moments, per store.
            models.Index(fields=["store", "replied_at"]),
            models.Index(fields=["store", "closed_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def is_beyond_store(self) -> bool:
        return bool(self.beyond_channel)


# Statuses in which a work order still needs someone (closed and cancelled ones do not).
OPEN_STATUSES = (
    WorkOrder.Status.NEW,
    WorkOrder.Status.ACCEPTED,
    WorkOrder.Status.IN_PROGRESS,
    WorkOrder.Status.REPLIED,
    WorkOrder.Status.CALLED_BACK,
)


class OrderCounter(models.Model):
    """The last order number given out per store and day (numbers are per store and day)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    objects = store_scoped()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "day"], name="ordercounter_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.store_id} {self.day} {self.last}"
