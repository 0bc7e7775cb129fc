"""Procedures configured in the admin (checklists, inspections, playbooks) and their daily runs."""

import calendar
import datetime
from types import EllipsisType

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.permissions import STORE_ROLES
from hallops.scoping import store_scoped

from .base import BilingualNamed, Weekday
from .stores import Store


class KindCode(models.TextChoices):
    """The codes of the five kinds the code itself knows (reference data rows of ChecklistKind,
    fixtures/checklist_kinds.json): the duty manager's page, the opening inspection's publicity
    reminder and the incidents' playbooks are keyed by them. Every other kind is plain data."""

    DAILY = "daily", _("Daily workflow")
    OPENING = "opening", _("Opening inspection")
    CLOSING = "closing", _("Closing inspection")
    POWER_OUTAGE = "power_outage", _("Power-outage playbook")
    SYSTEM_FAILURE = "system_failure", _("System-failure playbook")


# The duty manager's own daily page (roles/duty_manager) shows these three, in this order.
DAILY_KINDS = (KindCode.DAILY, KindCode.OPENING, KindCode.CLOSING)
# The incident kinds' playbooks (hallops.services.incidents).
PLAYBOOK_KINDS = (KindCode.POWER_OUTAGE, KindCode.SYSTEM_FAILURE)


class Recurrence(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Weekly, on a weekday")
    MONTHLY = "monthly", _("Monthly, on a day of the month")
    INCIDENT = "incident", _("Per incident (playbook)")


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


class ChecklistKind(BilingualNamed):
    """A kind of checklist configured in the admin: who runs it and when it recurs.

    The code's special behaviours read the flags and the recurrence here (and, for the five
    built-in kinds, `KindCode`), never kind names compared across the code base.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    role = models.CharField(_("run by"), max_length=32, choices=[
        (r.value, r.label) for r in STORE_ROLES])
    recurrence = models.CharField(_("recurrence"), max_length=10, choices=Recurrence.choices,
                                  default=Recurrence.DAILY)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True,
        help_text=_("Weekly checklists only."))
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Monthly checklists only; a day past the month's end falls on its last day."))
    is_inspection = models.BooleanField(
        _("inspection"), default=False,
        help_text=_("A problem ticked may open an equipment fault in the same step."))
    starts_on = models.DateField(
        _("counted from"), default=_today,
        help_text=_("Days before this one are not counted as missed when no run was started."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist kind")
        verbose_name_plural = _("checklist kinds")
        ordering = ["role", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(recurrence=Recurrence.WEEKLY) | models.Q(weekday__isnull=False),
                name="checklistkind_weekly_needs_weekday",
            ),
            models.CheckConstraint(
                condition=~models.Q(recurrence=Recurrence.MONTHLY) | models.Q(day_of_month__isnull=False),
                name="checklistkind_monthly_needs_day",
            ),
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.recurrence == Recurrence.WEEKLY and self.weekday is None:
            raise ValidationError({"weekday": _("Choose the weekday of a weekly checklist.")})
        if self.recurrence == Recurrence.MONTHLY and self.day_of_month is None:
            raise ValidationError(
                {"day_of_month": _("Choose the day of the month of a monthly checklist.")})

    @property
    def is_playbook(self) -> bool:
        """Run once per incident, from the incident's page, not on a day."""
        return self.recurrence == Recurrence.INCIDENT

    @property
    def shows_publicity(self) -> bool:
        """The opening inspection lists the publicity to take down today."""
        return self.code == KindCode.OPENING

    @property
    def opens_faults(self) -> bool:
        """Whether a problem ticked may open an equipment fault: inspections and the duty
        manager's daily workflow (its walk-throughs check the equipment too)."""
        return self.is_inspection or self.code == KindCode.DAILY

    def occurs_on(self, day: datetime.date) -> bool:
        """Whether a run of this kind falls on business date `day`."""
        if not self.is_active or self.recurrence == Recurrence.INCIDENT:
            return False
        if self.recurrence == Recurrence.WEEKLY:
            return day.weekday() == self.weekday
        if self.recurrence == Recurrence.MONTHLY:
            last = calendar.monthrange(day.year, day.month)[1]
            return day.day == min(self.day_of_month or 1, last)
        return True


class ChecklistTemplate(BilingualNamed):
    """A procedure: for every store (store empty) or overriding it for one store."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.ForeignKey(
        ChecklistKind, on_delete=models.PROTECT, to_field="code", db_column="kind",
        related_name="templates", verbose_name=_("kind"),
    )
    store = models.ForeignKey(
        Store,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checklist_templates",
        verbose_name=_("store"),
        help_text=_("Leave empty for a template used by every store without its own."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["kind_id", "store_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(store__isnull=True, is_active=True),
                name="checklisttemplate_one_default_per_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "store"],
                condition=models.Q(store__isnull=False, is_active=True),
                name="checklisttemplate_one_override_per_store_kind",
            ),
        ]


class DueKind(models.TextChoices):
    AT_TIME = "time", _("At a time of day")
    SHIFT_CHANGE = "shift_change", _("At shift change")
    CLOSE = "close", _("At close")
    NONE = "none", _("No due time")


class ReadingKind(models.TextChoices):
    TEXT = "text", _("Text (e.g. a ticket number)")
    NUMBER = "number", _("Number within the item's range")
    AMOUNT = "amount", _("Amount of money (not negative)")
    DESK_FLOAT = "desk_float", _("Desk float (not above the store's float cap when done)")


class ChecklistItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="items",
        verbose_name=_("template"),
    )
    code = models.CharField(_("code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("text (Chinese)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True)
    due_kind = models.CharField(
        _("due"), max_length=20, choices=DueKind.choices, default=DueKind.NONE
    )
    due_time = models.TimeField(_("due time"), null=True, blank=True)
    grace_minutes = models.PositiveSmallIntegerField(_("grace (minutes)"), default=15)
    requires_note = models.BooleanField(_("note required"), default=False)
    requires_reading = models.BooleanField(_("reading required"), default=False)
    reading_label = models.CharField(_("reading label"), max_length=60, blank=True)
    # Free text let nonsense through (a float of −50 yuan); a kind and a range say what fits.
    reading_kind = models.CharField(_("reading kind"), max_length=12, choices=ReadingKind.choices,
                                    default=ReadingKind.TEXT)
    reading_min = models.DecimalField(_("lowest reading"), max_digits=12, decimal_places=2,
                                      null=True, blank=True)
    reading_max = models.DecimalField(_("highest reading"), max_digits=12, decimal_places=2,
                                      null=True, blank=True)
    # Emergency playbooks: deadlines counted from the incident's start, not the clock.
    due_after_minutes = models.PositiveIntegerField(
        _("due after the incident starts (minutes)"), null=True, blank=True,
        help_text=_("Playbook steps only: e.g. start the plan within 3 minutes."),
    )
    repeat_minutes = models.PositiveIntegerField(
        _("repeat every (minutes)"), null=True, blank=True,
        help_text=_("Playbook steps repeated while the incident lasts, e.g. customer updates."),
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(due_kind=DueKind.AT_TIME) | models.Q(due_time__isnull=False),
                name="checklistitem_time_needs_due_time",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.text_en:
            return self.text_en
        return self.text

    def incident_due(self, started_at: datetime.datetime,
                     now: datetime.datetime) -> datetime.datetime | None:
        """When this playbook step falls due in an incident that started at `started_at`:
        a repeated step's next occurrence after `now`, else its fixed offset (None: none)."""
        if self.repeat_minutes:
            every = datetime.timedelta(minutes=self.repeat_minutes)
            elapsed = max(now - started_at, datetime.timedelta(0))
            return started_at + every * (elapsed // every + 1)
        if self.due_after_minutes is not None:
            return started_at + datetime.timedelta(minutes=self.due_after_minutes)
        return None

    def due_at(self, day: datetime.date, store, *,
               shift_change: datetime.time | None | EllipsisType = ...) -> datetime.datetime | None:
        """When this item falls due on business date `day` in `store` (None: never late).

        `shift_change`: the store's hand-over time when the caller already read it (a run's
        items share it); read here otherwise.
        """
        from django.utils import timezone

        tz = timezone.get_current_timezone()
        if self.due_kind == DueKind.AT_TIME and self.due_time:
            moment = self.due_time
        elif self.due_kind == DueKind.CLOSE:
            moment = store.closes_at
        elif self.due_kind == DueKind.SHIFT_CHANGE:
            moment = (store_shift_change(store) if isinstance(shift_change, EllipsisType)
                      else shift_change)
            if moment is None:
                return None
        else:
            return None
        return datetime.datetime.combine(day, moment, tzinfo=tz)


def store_shift_change(store) -> datetime.time | None:
    """The hand-over time: the end of the store's first shift of the day, if before closing."""
    first = store.shift_types.filter(is_active=True).order_by("starts_at").first()
    if first is None or first.crosses_midnight or first.ends_at >= store.closes_at:
        return None
    return first.ends_at


class ChecklistRun(models.Model):
    """One pass through a template: a store's business day, or one incident's playbook."""

    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="checklist_runs", verbose_name=_("store")
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="runs", verbose_name=_("template")
    )
    kind = models.ForeignKey(
        ChecklistKind, on_delete=models.PROTECT, to_field="code", db_column="kind",
        related_name="runs", verbose_name=_("kind"),
    )
    business_date = models.DateField(_("business date"))
    incident = models.OneToOneField(
        "hallops.Incident",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="playbook_run",
        verbose_name=_("incident"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("started by"),
    )

    objects = store_scoped()

    class Meta:
        verbose_name = _("checklist run")
        verbose_name_plural = _("checklist runs")
        ordering = ["-business_date", "kind_id"]
        # (business date, store): the supervisor's cockpit reads one or two days of many stores.
        indexes = [models.Index(fields=["business_date", "store"], name="checklistrun_day_store_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "kind", "business_date"],
                condition=models.Q(incident__isnull=True),
                name="checklistrun_one_per_store_kind_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.business_date} {self.kind.label}"


class TickStatus(models.TextChoices):
    DONE = "done", _("Done")
    NOT_APPLICABLE = "na", _("Not applicable")
    PROBLEM = "problem", _("Problem")


class ChecklistTick(models.Model):
    """An item ticked off in a run, with who and when; ticked once (the database says so)."""

    run = models.ForeignKey(
        ChecklistRun, on_delete=models.CASCADE, related_name="ticks", verbose_name=_("run")
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    status = models.CharField(_("status"), max_length=10, choices=TickStatus.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    reading = models.CharField(_("reading"), max_length=60, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    fault = models.ForeignKey(
        "hallops.EquipmentFault",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fault opened"),
    )

    objects = store_scoped("run__store")

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        ordering = ["run", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["run", "item"], name="checklisttick_once_per_item"),
            models.CheckConstraint(
                condition=~models.Q(status=TickStatus.PROBLEM) | ~models.Q(note=""),
                name="checklisttick_problem_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_status_display()}"
