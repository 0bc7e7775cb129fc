"""Work orders (工单) and what happens to them: contacts, callbacks, extensions, escalations."""


from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hallops.models import CustomerLevel, Store
from hallops.money import MONEY

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


class OrderEvent(models.Model):
    """One step in an order's life, for its timeline: who, when, what."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Entered")
        ACCEPTED = "accepted", _("Accepted")
        CONTACT = "contact", _("Contact attempt")
        PAUSED = "paused", _("Waiting for the customer")
        RESUMED = "resumed", _("Customer responded")
        REPLIED = "replied", _("Replied")
        CALLBACK = "callback", _("Callback")
        REOPENED = "reopened", _("Reopened")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")
        TRANSFERRED = "transferred", _("Transferred")
        EXTENSION_REQUESTED = "ext_requested", _("Extension requested")
        EXTENSION_DECIDED = "ext_decided", _("Extension decided")
        ESCALATED = "escalated", _("Escalated to the store manager")
        ESCALATION_RESOLVED = "esc_resolved", _("Escalation settled")
        FLAGGED = "flagged", _("Flag changed")
        STAFF = "staff", _("Staff member complained about changed")
        QUALITY = "quality", _("Quality reviewed")
        SLA = "sla", _("Deadline warning")

    order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="events", verbose_name=_("work order")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("step"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("work-order step")
        verbose_name_plural = _("work-order steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.get_kind_display()}"

    @property
    def display_note(self) -> str:
        """The note as shown. A deadline warning stores "<clock>:<state>" codes (written by
        the sweep, read in any language), shown here in the reader's words."""
        if self.kind == self.Kind.SLA:
            clock, _sep, state = self.note.partition(":")
            clocks = dict(WorkOrder.Clock.choices)
            states = dict(WorkOrder.SlaState.choices)
            if clock in clocks and state in states:
                return gettext("%(state)s: %(clock)s deadline") % {
                    "state": states[state], "clock": clocks[clock]}
        return self.note


class ContactAttempt(models.Model):
    """Every attempt to reach the customer: time, channel, outcome."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        SMS = "sms", _("SMS")
        VISIT = "visit", _("In person")
        WECHAT = "wechat", _("WeChat")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached the customer")
        NO_ANSWER = "no_answer", _("No answer")
        BUSY = "busy", _("Busy / switched off")
        CALL_BACK_LATER = "later", _("Customer asked to be called later")

    order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("work order")
    )
    at = models.DateTimeField(_("at"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.get_channel_display()} {self.get_outcome_display()}"


class Callback(models.Model):
    """A callback (回访) to the customer after the reply."""

    order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="callbacks", verbose_name=_("work order")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    result = models.CharField(_("result"), max_length=12, choices=WorkOrder.CallbackResult.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.get_result_display()}"


class Extension(models.Model):
    """A request to move the reply deadline (延期), approved by the store manager."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("work order")
    )
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="+", verbose_name=_("store")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    new_due_at = models.DateTimeField(_("new reply deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(status="pending"),
                name="extension_one_pending_per_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order} → {self.new_due_at:%Y-%m-%d %H:%M}"


class Escalation(models.Model):
    """A difficult complaint (疑难投诉) passed to the store manager, with the reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Settled")

    order = models.ForeignKey(
        WorkOrder,
        on_delete=models.CASCADE,
        related_name="escalations",
        verbose_name=_("work order"),
    )
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="+", verbose_name=_("store")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )
    resolved_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    resolution = models.TextField(_("how it was settled"), blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(status="open"),
                name="escalation_one_open_per_order",
            )
        ]
        indexes = [models.Index(fields=["store", "status"])]

    def __str__(self) -> str:
        return f"{self.order} {self.get_status_display()}"


class OrderCounter(models.Model):
    """The last order number given out per store and day (numbers are per store and day)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "day"], name="ordercounter_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.store_id} {self.day} {self.last}"
