"""The floor at peaks (客户分流) and desk order (台席秩序).

- `QueueType`: the queues of the queue machine (普通 / VIP / 综合), configured in the admin.
- `FloorThreshold`: one store's limits that turn a queue amber or red (defaults without a row).
- `QueueReading`: the duty manager's reading of one queue at a moment (typed or imported).
- `FloorAction`: what the duty manager did about it (open a desk, send a greeter, move a clerk).
- `DeskReadyItem` / `DeskReadyCheck` / `DeskReadyMark`: the clerk's desk-ready check at the start
  of the shift. The checklist machinery (hallops.models.checklists) runs one list per store per
  day for the duty manager; this one is per clerk, so it has its own small tables.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.models import BilingualNamed, Store
from hallops.models.base import MAX_MINUTES_IN_DAY
from hallops.scoping import store_scoped

MAX_WAITING = 999  # tickets waiting in one queue; far above any hall's real figure
MAX_DESKS = 99


class QueueType(BilingualNamed):
    """A queue of the queue machine; `code` is what its export calls it."""

    code = models.CharField(_("code"), max_length=20, unique=True,
                            help_text=_("As the queue machine's export names the queue (e.g. A, V)."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("queue type")
        verbose_name_plural = _("queue types")
        ordering = ["sort_order", "code"]


class Level(models.TextChoices):
    GREEN = "green", _("Normal")
    AMBER = "amber", _("Busy")
    RED = "red", _("Overloaded")


class FloorThreshold(models.Model):
    """When a queue turns amber or red in one store: more than N waiting or a longest wait over M
    minutes. Stores without a row use the defaults below (DOMAIN §7a)."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="floor_threshold",
                                 verbose_name=_("store"))
    amber_waiting = models.PositiveSmallIntegerField(
        _("amber above (waiting)"), default=10, validators=[MaxValueValidator(MAX_WAITING)])
    amber_wait_minutes = models.PositiveSmallIntegerField(
        _("amber above (minutes)"), default=15, validators=[MaxValueValidator(MAX_MINUTES_IN_DAY)])
    red_waiting = models.PositiveSmallIntegerField(
        _("red above (waiting)"), default=20, validators=[MaxValueValidator(MAX_WAITING)])
    red_wait_minutes = models.PositiveSmallIntegerField(
        _("red above (minutes)"), default=20, validators=[MaxValueValidator(MAX_MINUTES_IN_DAY)])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("updated by"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("floor threshold")
        verbose_name_plural = _("floor thresholds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(red_waiting__gte=models.F("amber_waiting"))
                & models.Q(red_wait_minutes__gte=models.F("amber_wait_minutes")),
                name="floorthreshold_red_above_amber",
            ),
        ]

    def __str__(self) -> str:
        return str(self.store)

    def level(self, waiting: int, wait_minutes: int) -> str:
        if waiting > self.red_waiting or wait_minutes > self.red_wait_minutes:
            return Level.RED
        if waiting > self.amber_waiting or wait_minutes > self.amber_wait_minutes:
            return Level.AMBER
        return Level.GREEN


class ReadingSource(models.TextChoices):
    TYPED = "typed", _("Typed on the board")
    IMPORTED = "imported", _("Queue machine export")


class QueueReading(models.Model):
    """One queue at one moment: desks open, tickets waiting, the longest wait."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="queue_readings",
                              verbose_name=_("store"))
    queue_type = models.ForeignKey(QueueType, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("queue"))
    at = models.DateTimeField(_("at"))
    business_date = models.DateField(_("business date"))
    desks_open = models.PositiveSmallIntegerField(
        _("desks open"), validators=[MaxValueValidator(MAX_DESKS)])
    waiting = models.PositiveSmallIntegerField(
        _("tickets waiting"), validators=[MaxValueValidator(MAX_WAITING)])
    longest_wait_minutes = models.PositiveSmallIntegerField(
        _("longest wait (minutes)"), validators=[MaxValueValidator(MAX_MINUTES_IN_DAY)])
    level = models.CharField(_("level"), max_length=5, choices=Level.choices)
    source = models.CharField(_("source"), max_length=10, choices=ReadingSource.choices,
                              default=ReadingSource.TYPED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("queue reading")
        verbose_name_plural = _("queue readings")
        ordering = ["-at", "queue_type__sort_order"]
        indexes = [models.Index(fields=["store", "business_date", "at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(desks_open__lte=MAX_DESKS)
                                   & models.Q(waiting__lte=MAX_WAITING)
                                   & models.Q(longest_wait_minutes__lte=MAX_MINUTES_IN_DAY),
                                   name="queuereading_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.queue_type} {self.waiting}"


class ActionKind(models.TextChoices):
    OPEN_DESK = "open_desk", _("Open another desk")
    GREETER = "greeter", _("Send a greeter to divert to self-service terminals or the app")
    BACK_OFFICE = "back_office", _("Move a clerk from the back office to the counter")
    STEP_IN = "step_in", _("Duty manager steps in on the floor")


class FloorAction(models.Model):
    """What the duty manager did at a peak, with the time and the person."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="floor_actions",
                              verbose_name=_("store"))
    queue_type = models.ForeignKey(QueueType, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("queue"))
    reading = models.ForeignKey(QueueReading, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="actions", verbose_name=_("reading"))
    kind = models.CharField(_("action"), max_length=12, choices=ActionKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"))
    business_date = models.DateField(_("business date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("floor action")
        verbose_name_plural = _("floor actions")
        ordering = ["-at"]
        indexes = [models.Index(fields=["store", "business_date"])]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class DeskReadyItem(BilingualNamed):
    """An item of the desk-ready check (seal, forms, invoice roll, name plate, clean desk…)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("desk-ready item")
        verbose_name_plural = _("desk-ready items")
        ordering = ["sort_order", "code"]


class DeskReadyCheck(models.Model):
    """A clerk's desk-ready check at the start of the shift: once per clerk per business day."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="desk_ready_checks",
                              verbose_name=_("store"))
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="desk_ready_checks", verbose_name=_("clerk"))
    business_date = models.DateField(_("business date"))
    desk = models.CharField(_("desk"), max_length=20, blank=True)
    at = models.DateTimeField(_("at"))
    all_ready = models.BooleanField(_("all ready"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("desk-ready check")
        verbose_name_plural = _("desk-ready checks")
        ordering = ["-business_date", "at"]
        constraints = [
            models.UniqueConstraint(fields=["store", "clerk", "business_date"],
                                    name="deskreadycheck_once_per_clerk_day"),
            models.CheckConstraint(condition=models.Q(all_ready=True) | ~models.Q(note=""),
                                   name="deskreadycheck_missing_has_note"),
        ]

    def __str__(self) -> str:
        return f"{self.business_date} {self.desk}"


class DeskReadyMark(models.Model):
    check_run = models.ForeignKey(DeskReadyCheck, on_delete=models.CASCADE, related_name="marks",
                                  verbose_name=_("check"))
    item = models.ForeignKey(DeskReadyItem, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("item"))
    ready = models.BooleanField(_("ready"))

    objects = store_scoped("check_run__store")

    class Meta:
        verbose_name = _("desk-ready mark")
        verbose_name_plural = _("desk-ready marks")
        constraints = [models.UniqueConstraint(fields=["check_run", "item"],
                                               name="deskreadymark_once_per_item")]

    def __str__(self) -> str:
        return f"{self.item} {self.ready}"

