"""Service norms on the floor: the service-check form (configured in the admin), the checks
of a clerk by the store or duty manager, mystery-shopper (神秘顾客) visits, and the violations
register (服务违规登记) with its follow-up. The norms themselves are handbook articles
(complaints.HandbookArticle, sections 服务规范 / 服务礼仪 / 禁止事项 / 服务忌语)."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hallops.models import BilingualNamed, Store
from hallops.scoping import store_scoped


class CheckForm(BilingualNamed):
    """A service-check form (服务规范检查表): items grouped by norm, each worth some points."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_default = models.BooleanField(_("default form"), default=False)
    mystery_low_percent = models.PositiveSmallIntegerField(
        _("mystery-shopper item counts as a violation below (per cent of its points)"), default=60,
        help_text=_("An item of a mystery-shopper visit scored under this share of its points "
                    "is entered in the violations register."))

    class Meta:
        verbose_name = _("service-check form")
        verbose_name_plural = _("service-check forms")
        ordering = ["-is_default", "code"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                    name="checkform_one_default"),
            models.CheckConstraint(condition=models.Q(mystery_low_percent__lte=100),
                                   name="checkform_low_percent_at_most_100"),
        ]

    @classmethod
    def default(cls) -> "CheckForm | None":
        return (cls.objects.filter(is_active=True, is_default=True).first()
                or cls.objects.filter(is_active=True).first())


class CheckItem(BilingualNamed):
    """One item of a form: the norm (handbook article) it belongs to, its points, and what
    counts as a fault."""

    form = models.ForeignKey(CheckForm, on_delete=models.CASCADE, related_name="items",
                             verbose_name=_("form"))
    code = models.CharField(_("code"), max_length=30)
    article = models.ForeignKey("complaints.HandbookArticle", on_delete=models.PROTECT,
                                null=True, blank=True, related_name="check_items",
                                verbose_name=_("norm (handbook article)"))
    points = models.PositiveSmallIntegerField(_("points"), default=10)
    fault = models.CharField(_("what counts as a fault"), max_length=300)
    fault_en = models.CharField(_("what counts as a fault (English)"), max_length=300,
                                blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service-check item")
        verbose_name_plural = _("service-check items")
        ordering = ["form", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="checkitem_unique_code"),
            models.CheckConstraint(condition=models.Q(points__gt=0) & models.Q(points__lte=100),
                                   name="checkitem_points_1_100"),
        ]

    @property
    def fault_label(self) -> str:
        language = get_language() or ""
        return self.fault_en if language.startswith("en") and self.fault_en else self.fault


class ServiceCheck(models.Model):
    """A check of one staff member on the floor by the store or duty manager (服务检查)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="service_checks",
                              verbose_name=_("store"))
    form = models.ForeignKey(CheckForm, on_delete=models.PROTECT, related_name="checks",
                             verbose_name=_("form"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="service_checks", verbose_name=_("staff member"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="service_checks_done",
                                   verbose_name=_("checked by"))
    business_date = models.DateField(_("business date"))
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    score = models.PositiveSmallIntegerField(_("score"))
    max_score = models.PositiveSmallIntegerField(_("out of"))
    note = models.TextField(_("note"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    staff_comment = models.CharField(_("staff member's comment"), max_length=500, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("service check")
        verbose_name_plural = _("service checks")
        ordering = ["-checked_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=models.F("max_score")),
                                   name="servicecheck_score_within_max"),
        ]
        indexes = [models.Index(fields=["store", "business_date"]),
                   models.Index(fields=["staff", "business_date"])]

    def __str__(self) -> str:
        return f"{self.business_date} {self.score}/{self.max_score}"

    @property
    def faults(self) -> int:
        return sum(1 for r in self.results.all() if not r.passed)


class CheckResult(models.Model):
    """Pass or fault on one item of a check, with the note; the points are those of the item
    when checked (a later change of the form does not rewrite old checks)."""

    check_run = models.ForeignKey(ServiceCheck, on_delete=models.CASCADE, related_name="results",
                                  verbose_name=_("service check"))
    item = models.ForeignKey(CheckItem, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("item"))
    passed = models.BooleanField(_("passed"))
    points = models.PositiveSmallIntegerField(_("points"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = store_scoped("check_run__store")

    class Meta:
        verbose_name = _("service-check result")
        verbose_name_plural = _("service-check results")
        ordering = ["item__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["check_run", "item"], name="checkresult_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {'✓' if self.passed else '✗'}"


class MysteryVisit(models.Model):
    """A mystery-shopper (神秘顾客) visit to a store: typed in or imported from the operator's
    workbook, scores per item, and the staff member served when known."""

    class Source(models.TextChoices):
        TYPED = "typed", _("Typed in")
        IMPORTED = "imported", _("Imported")

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="mystery_visits",
                              verbose_name=_("store"))
    form = models.ForeignKey(CheckForm, on_delete=models.PROTECT, related_name="mystery_visits",
                             verbose_name=_("form"))
    reference = models.CharField(_("visit number"), max_length=40)
    visited_on = models.DateField(_("visit date"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="mystery_visits",
                              verbose_name=_("staff member served"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1)
    max_score = models.PositiveSmallIntegerField(_("out of"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.TYPED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("mystery-shopper visit")
        verbose_name_plural = _("mystery-shopper visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["store", "reference"],
                                    name="mysteryvisit_reference_once_per_store"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.visited_on}"


class MysteryScore(models.Model):
    visit = models.ForeignKey(MysteryVisit, on_delete=models.CASCADE, related_name="scores",
                              verbose_name=_("visit"))
    item = models.ForeignKey(CheckItem, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("item"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    points = models.PositiveSmallIntegerField(_("points"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = store_scoped("visit__store")

    class Meta:
        verbose_name = _("mystery-shopper score")
        verbose_name_plural = _("mystery-shopper scores")
        ordering = ["item__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="mysteryscore_once_per_item"),
            models.CheckConstraint(condition=models.Q(score__gte=0)
                                   & models.Q(score__lte=models.F("points")),
                                   name="mysteryscore_within_points"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.score}/{self.points}"


class Violation(models.Model):
    """An entry of the violations register (服务违规登记): a fault found by a check, a low
    mystery-shopper item, or entered by hand; followed up by a talk, training or a re-check."""

    class Source(models.TextChoices):
        CHECK = "check", _("Service check")
        MYSTERY = "mystery", _("Mystery shopper")
        MANUAL = "manual", _("Entered by hand")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        FOLLOWING_UP = "following_up", _("Being followed up")
        CLOSED = "closed", _("Closed")

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="service_violations",
                              verbose_name=_("store"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="service_violations",
                              verbose_name=_("staff member"))
    occurred_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    item = models.ForeignKey(CheckItem, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("item"))
    check_result = models.OneToOneField(CheckResult, on_delete=models.CASCADE, null=True,
                                        blank=True, related_name="violation",
                                        verbose_name=_("service-check result"))
    mystery_score = models.OneToOneField(MysteryScore, on_delete=models.CASCADE, null=True,
                                         blank=True, related_name="violation",
                                         verbose_name=_("mystery-shopper score"))
    description = models.CharField(_("what happened"), max_length=500)
    points = models.PositiveSmallIntegerField(_("points lost"), default=0)
    state = models.CharField(_("state"), max_length=15, choices=State.choices,
                             default=State.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("service violation")
        verbose_name_plural = _("service violations")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="closed") | models.Q(closed_at__isnull=False),
                name="violation_closed_has_time"),
            models.CheckConstraint(
                condition=~models.Q(source="check") | models.Q(check_result__isnull=False),
                name="violation_check_has_result"),
            models.CheckConstraint(
                condition=~models.Q(source="mystery") | models.Q(mystery_score__isnull=False),
                name="violation_mystery_has_score"),
        ]
        indexes = [models.Index(fields=["store", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.description[:40]}"


class FollowUp(models.Model):
    """What was done about a violation: a talk, training, or a re-check."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        TRAINING = "training", _("Training")
        RECHECK = "recheck", _("Re-check")

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="follow_ups",
                                  verbose_name=_("violation"))
    kind = models.CharField(_("follow-up"), max_length=10, choices=Kind.choices)
    done_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500)
    closes = models.BooleanField(_("closes the violation"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = store_scoped("violation__store")

    class Meta:
        verbose_name = _("violation follow-up")
        verbose_name_plural = _("violation follow-ups")
        ordering = ["done_on", "id"]

    def __str__(self) -> str:
        return f"{self.done_on} {self.get_kind_display()}"
