"""Built workbooks (ReportFile) and the schedules that build them (ReportSchedule)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.models import Region, Store, Weekday
from hallops.scoping import store_or_region_scoped, store_scoped


class Kind(models.TextChoices):
    STORE_DAILY = "store_daily", _("Store daily workbook")
    STORE_WEEKLY = "store_weekly", _("Store weekly workbook")
    STORE_MONTHLY = "store_monthly", _("Store monthly workbook")
    REGION_MONTHLY = "region_monthly", _("Regional monthly workbook")
    REGION_YEARLY = "region_yearly", _("Regional yearly workbook")


REGION_KINDS = (Kind.REGION_MONTHLY, Kind.REGION_YEARLY)
STORE_KINDS = (Kind.STORE_DAILY, Kind.STORE_WEEKLY, Kind.STORE_MONTHLY)


class ReportFile(models.Model):
    """One workbook per (kind, scope, period): a rerun rebuilds the row and replaces the file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("workbook"), max_length=20, choices=Kind.choices)
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, null=True, blank=True, related_name="report_files",
        verbose_name=_("store"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="report_files",
        verbose_name=_("region"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default="zh-hans")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    sheet_rows = models.JSONField(_("rows per sheet"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("requested by"),
    )
    schedule = models.ForeignKey(
        "ReportSchedule", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="report_files", verbose_name=_("schedule"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A running build holds the row until lease_until and renews it as it goes; a build whose
    # worker died is taken over by the redelivered task once the lease has run out.
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)

    objects = store_or_region_scoped()

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-period_start", "kind", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(store__isnull=False, region__isnull=True)
                           | models.Q(store__isnull=True, region__isnull=False)),
                name="reportfile_one_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="reportfile_period_order",
            ),
            models.UniqueConstraint(
                fields=["kind", "store", "period_start"], condition=models.Q(store__isnull=False),
                name="reportfile_one_per_store_period",
            ),
            models.UniqueConstraint(
                fields=["kind", "region", "period_start"], condition=models.Q(region__isnull=False),
                name="reportfile_one_per_region_period",
            ),
        ]
        indexes = [models.Index(fields=["store", "-period_start"]),
                   models.Index(fields=["region", "-period_start"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.scope} · {self.period_label}"

    @property
    def scope(self):
        return self.store or self.region

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return f"{self.period_start:%Y-%m-%d}"
        if self.kind in (Kind.STORE_MONTHLY, Kind.REGION_MONTHLY):
            return f"{self.period_start:%Y-%m}"
        if self.kind == Kind.REGION_YEARLY:
            return f"{self.period_start:%Y}"
        return f"{self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def download_name(self) -> str:
        scope = self.store.code if self.store_id else self.region.code
        return f"{self.kind}-{scope}-{self.period_start:%Y%m%d}.xlsx"


class ReportSchedule(models.Model):
    """When a workbook is built by itself, for which stores or regions, and who gets it by e-mail.

    With no store and no region a store workbook is built for every active store (a regional
    one for every region); a region narrows it to that region's stores.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("workbook"), max_length=20, choices=Kind.choices)
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("only this store"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("only this region"),
    )
    at_time = models.TimeField(_("at"), default=datetime.time(21, 30))
    weekday = models.PositiveSmallIntegerField(
        _("weekday (weekly workbooks)"), choices=Weekday.choices, default=Weekday.SATURDAY
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of month (monthly workbooks)"), default=1,
        help_text=_("Monthly workbooks cover the previous calendar month."),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default="zh-hans")
    recipients = models.TextField(
        _("e-mail recipients"), blank=True,
        help_text=_("Addresses that receive the file, separated by commas or new lines."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    run_count = models.PositiveIntegerField(_("runs"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_of_month__gte=1, day_of_month__lte=28),
                name="reportschedule_day_of_month_1_28",
            ),
            models.CheckConstraint(
                condition=models.Q(store__isnull=True) | models.Q(region__isnull=True),
                name="reportschedule_store_or_region",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def recipient_list(self) -> list[str]:
        raw = self.recipients.replace("\n", ",").replace(";", ",")
        return [a.strip() for a in raw.split(",") if a.strip()]


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook (.xlsx)")
    CSV = "csv", _("CSV (.csv)")


class ExportJob(models.Model):
    """A list exported in the background (reports/listexport.py): too many rows to build in
    the request. The job re-runs the list's own view, as the person who asked, with the same
    query string; the file is downloaded by that person only, in the same role and scope."""

    Status = ReportFile.Status

    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, null=True, blank=True, related_name="export_jobs",
        verbose_name=_("store"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="export_jobs",
        verbose_name=_("region"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("requested by"),
    )
    role = models.CharField(_("role"), max_length=30)
    name = models.CharField(_("list"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    path = models.CharField(_("page"), max_length=300)
    query = models.TextField(_("filters"), blank=True)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default="zh-hans")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = store_or_region_scoped()

    class Meta:
        verbose_name = _("list export")
        verbose_name_plural = _("list exports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(store__isnull=False, region__isnull=True)
                           | models.Q(store__isnull=True, region__isnull=False)),
                name="exportjob_one_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def scope(self):
        return self.store or self.region

    def download_name(self) -> str:
        scope = self.store.code if self.store_id else self.region.code
        return f"{self.name}-{scope}-{timezone.localtime(self.requested_at):%Y%m%d-%H%M}.{self.format}"


class KeptFigures(models.Model):
    """The field block shared by the figures kept ahead of time for the regional workbooks
    (reports/summaries.py): a row is used only if not stale, of the current version, and
    computed on a suitable day (`as_of`); a write that touches its figures marks it stale
    and bumps `generation`, so a computation racing that write does not store its result."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("store"))
    # The figures depend on the day they were computed (absences count past days only).
    as_of = models.DateField(_("computed as of"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    stale = models.BooleanField(_("stale"), default=True)
    generation = models.PositiveIntegerField(_("generation"), default=0)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        abstract = True


class StoreMonthFigures(KeptFigures):
    """A store's figures of one closed calendar month, kept ahead of time for the regional
    workbooks (片区月报, 片区年报): its headline values and its "by day" rows, computed by the
    very functions that compute them live (reports/summaries.py). A write dated in a closed
    month marks the row stale (`generation` + 1); a workbook recomputes a stale, missing or
    outdated row on the fly, and the nightly job refreshes them (docs/ARCHITECTURE.md).
    Used only if computed after its month ended."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    headlines = models.JSONField(_("headline figures"), default=dict, blank=True)
    by_day = models.JSONField(_("figures by day"), default=list, blank=True)
    operations = models.JSONField(_("operations by day"), default=list, blank=True)
    # The month's 进销存 by item: opening, in and out by kind, closing (the opening sums every
    # earlier month, so a movement marks its month and every later closed month stale).
    stock = models.JSONField(_("stock in and out"), default=list, blank=True)

    class Meta:
        verbose_name = _("store month figures")
        verbose_name_plural = _("store month figures")
        constraints = [
            models.UniqueConstraint(fields=["store", "month"], name="storemonthfigures_store_month"),
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.month:%Y-%m}"


class StoreDayFigures(KeptFigures):
    """A store's figures of one business day of the open month or later, other than today,
    kept ahead of time for the regional yearly workbook (片区年报): the parts its headline
    figures are summed from (operations, roster shifts and the staff rostered as a set of
    people, attendance, actions, reports not confirmed), computed by the very functions that
    read them live (reports/summaries.py). A closed day's row is used if computed after the
    day; a day still ahead (only planned things: roster, leave) is used while it is still
    ahead, if computed before it. Stale, missing or outdated rows are recomputed on the fly,
    like `StoreMonthFigures`; once the month closes its month row replaces them."""

    day = models.DateField(_("business date"))
    parts = models.JSONField(_("figures"), default=dict, blank=True)

    class Meta:
        verbose_name = _("kept day figures")
        verbose_name_plural = _("kept day figures")
        constraints = [
            models.UniqueConstraint(fields=["store", "day"], name="storedayfigures_store_day"),
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.day:%Y-%m-%d}"


class StoreSpanFigures(KeptFigures):
    """The parts of a run of kept days of one store within one month (`StoreDayFigures`
    summed: the open month's closed days so far, or the days of a month still ahead), so
    that the yearly workbook reads one row per store and month instead of a row per day.
    Same rules as the day rows: used if computed after `last` (closed days) or before
    `first` (days ahead); a write dated in [first, last] marks it stale."""

    first = models.DateField(_("from"))
    last = models.DateField(_("to"))
    parts = models.JSONField(_("figures"), default=dict, blank=True)

    class Meta:
        verbose_name = _("kept figures of days")
        verbose_name_plural = _("kept figures of days")
        constraints = [
            models.UniqueConstraint(fields=["store", "first", "last"],
                                    name="storespanfigures_store_span"),
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.first:%Y-%m-%d}–{self.last:%Y-%m-%d}"
