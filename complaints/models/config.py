"""Configuration the business edits in the admin: categories, SLAs, hours, scenarios, targets."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hallops.models import BilingualNamed, Store, Weekday
from hallops.scoping import store_scoped


class Source(models.TextChoices):
    ONSITE = "onsite", _("On-site")
    HOTLINE = "10086", _("10086 dispatch")
    CITY = "city", _("City company")
    HEAD_OFFICE = "head_office", _("Head office")
    APPEAL = "appeal", _("10080 / regulator appeal")


class Category(BilingualNamed):
    """A complaint category or, with a parent, a sub-category (网络类 › 弱覆盖)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["sort_order", "code"]

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(_("Categories have two levels: a sub-category has no children."))
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError(_("A category cannot be its own parent."))

    @property
    def top(self) -> "Category":
        return self.parent if self.parent_id else self

    @property
    def path_label(self) -> str:
        return f"{self.parent.label} › {self.label}" if self.parent_id else self.label


class SlaPolicy(models.Model):
    """Time limits for a source and/or category; the most specific matching policy applies.

    An empty source or category means "any". Accept and first-contact clocks usually count
    only the store's opening hours; the reply limits of dispatched orders (24/48/72 h) are
    clock hours.
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sla_policies",
        verbose_name=_("category"),
    )
    accept_minutes = models.PositiveIntegerField(_("time to accept (minutes)"), default=120)
    first_contact_minutes = models.PositiveIntegerField(
        _("time to first contact (minutes)"), default=24 * 60
    )
    reply_minutes = models.PositiveIntegerField(_("time to reply (minutes)"), default=72 * 60)
    accept_contact_open_hours = models.BooleanField(
        _("accept and contact clocks count opening hours only"), default=True
    )
    reply_open_hours = models.BooleanField(
        _("reply clock counts opening hours only"), default=False
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["source", "category__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "category"], name="slapolicy_unique_source_category"
            ),
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(category__isnull=True),
                name="slapolicy_unique_source_default",
            ),
            models.CheckConstraint(
                condition=models.Q(accept_minutes__gt=0)
                & models.Q(first_contact_minutes__gt=0)
                & models.Q(reply_minutes__gt=0),
                name="slapolicy_positive_limits",
            ),
        ]

    def __str__(self) -> str:
        source = self.get_source_display() if self.source else _("any source")
        category = self.category.path_label if self.category_id else _("any category")
        return f"{source} · {category}"


class OpeningHours(models.Model):
    """A store's opening hours on one weekday, for the SLA clocks.

    A store with no rows here is open every day from its opens_at to its closes_at; once
    any row exists, a weekday without a row (or marked closed) counts as closed.
    """

    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("store")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    is_closed = models.BooleanField(_("closed all day"), default=False)

    objects = store_scoped()

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["store", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["store", "weekday"], name="openinghours_unique_day"),
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")),
                name="openinghours_opens_before_closing",
            ),
        ]

    def __str__(self) -> str:
        hours = f"{self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
        return f"{self.store.code} {self.get_weekday_display()} {hours}"


class ComplaintRules(models.Model):
    """Settings of the complaint desk (one row)."""

    repeat_window_days = models.PositiveSmallIntegerField(
        _("repeat-complaint window (days)"), default=30
    )
    max_open_days = models.PositiveSmallIntegerField(
        _("longest an order may stay open (days)"),
        default=15,
        help_text=_("Past this a customer may appeal to the regulator (MIIT: 15 days)."),
    )
    warning_minutes = models.PositiveIntegerField(
        _("warn this many minutes before a deadline"), default=120
    )

    class Meta:
        verbose_name = _("complaint desk settings")
        verbose_name_plural = _("complaint desk settings")

    def __str__(self) -> str:
        return str(_("Complaint desk settings"))

    @classmethod
    def current(cls) -> "ComplaintRules":
        rules, _created = cls.objects.get_or_create(pk=1)
        return rules


class CallbackPolicy(models.Model):
    """When the customer of a replied order is called back (回访), per source, and what follows.

    A source without a row uses the defaults below (`for_source`)."""

    source = models.CharField(_("source"), max_length=20, choices=Source.choices, unique=True)
    due_hours = models.PositiveSmallIntegerField(
        _("call back within (hours after the reply)"), default=24
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts when nobody answers"), default=3
    )
    retry_hours = models.PositiveSmallIntegerField(
        _("next attempt after (hours)"), default=4
    )
    reopen_unsatisfied = models.BooleanField(
        _("reopen the order when the customer is unsatisfied"), default=True
    )
    escalate_unsatisfied = models.BooleanField(
        _("escalate to the store manager when the customer is unsatisfied"), default=True
    )

    class Meta:
        verbose_name = _("callback policy")
        verbose_name_plural = _("callback policies")
        ordering = ["source"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_hours__gt=0)
                & models.Q(max_attempts__gt=0)
                & models.Q(retry_hours__gt=0),
                name="callbackpolicy_positive_limits",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_source_display())

    @classmethod
    def for_source(cls, source: str) -> "CallbackPolicy":
        return cls.objects.filter(source=source).first() or cls(source=source)


class SourceRequirement(models.Model):
    """The fields a work order from one source must carry to be complete (工单录入规范)."""

    FIELD_CHOICES = (
        ("external_no", _("External order number")),
        ("customer_name", _("Customer name")),
        ("contact_number", _("Contact number")),
        ("subcategory", _("Sub-category")),
        ("demand", _("What the customer wants")),
        ("scenario", _("Customer type")),
        ("dispatch_unit", _("Dispatching unit")),
    )

    source = models.CharField(_("source"), max_length=20, choices=Source.choices, unique=True)
    required_fields = models.JSONField(
        _("required fields"),
        default=list,
        blank=True,
        help_text=_('Field names, e.g. ["external_no", "contact_number"].'),
    )

    class Meta:
        verbose_name = _("required fields per source")
        verbose_name_plural = _("required fields per source")
        ordering = ["source"]

    def __str__(self) -> str:
        return self.get_source_display()

    def clean(self):
        allowed = {name for name, _label in self.FIELD_CHOICES}
        if not isinstance(self.required_fields, list) or not set(self.required_fields) <= allowed:
            raise ValidationError(
                {
                    "required_fields": _("Use a list of: %(names)s.")
                    % {"names": ", ".join(sorted(allowed))}
                }
            )


class Scenario(BilingualNamed):
    """One of the 21 customer types of the manual's classic scenarios, with guidance."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    demand = models.CharField(_("typical demand"), max_length=200, blank=True)
    guidance = models.TextField(_("guidance"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("customer scenario")
        verbose_name_plural = _("customer scenarios")
        ordering = ["sort_order", "code"]


class HandbookArticle(models.Model):
    """An article of the handbook: the complaint desk's (投诉受理台席宝典) and the service norms
    every clerk reads (服务规范, 服务礼仪, 禁止事项, 服务忌语), in Chinese with an English version."""

    class Section(models.TextChoices):
        CAUSES = "causes", _("Causes of complaints")
        TERMS = "terms", _("Terminology")
        PROCESS = "process", _("Procedures")
        # 管理小故事: short stories for the store manager and the team (issue 13).
        STORIES = "stories", _("Management stories")
        NORMS = "norms", _("Service norms")
        ETIQUETTE = "etiquette", _("Service etiquette")
        PROHIBITED = "prohibited", _("Prohibited behaviour")
        PHRASES = "phrases", _("Prohibited phrases")

    # The sections of the service norms (the clerk's handbook); the others are the complaint desk's.
    SERVICE_SECTIONS = ("norms", "etiquette", "prohibited", "phrases")

    code = models.CharField(_("code"), max_length=30, unique=True)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("handbook article")
        verbose_name_plural = _("handbook articles")
        ordering = ["section", "sort_order", "code"]

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        """The title in the reader's language (Chinese when no English version is written)."""
        language = get_language() or ""
        return self.title_en if language.startswith("en") and self.title_en else self.title

    @property
    def text(self) -> str:
        language = get_language() or ""
        return self.body_en if language.startswith("en") and self.body_en else self.body


class Kpi(models.TextChoices):
    TIMELINESS = "timeliness", _("Timeliness")
    REPLY_RATE = "reply_rate", _("Reply rate")
    SATISFACTION = "satisfaction", _("Satisfaction")
    REPEAT_RATE = "repeat_rate", _("Repeat-complaint rate")
    BEYOND_RATE = "beyond_rate", _("Escalation beyond the store")
    QUALITY = "quality", _("Work-order quality")
    ONSITE_RESOLVED = "onsite_resolved", _("Settled on site")


class KpiTarget(models.Model):
    """The minimum standard (基本达标值) of one KPI, in per cent."""

    class Direction(models.TextChoices):
        AT_LEAST = "min", _("at least")
        AT_MOST = "max", _("at most")

    kpi = models.CharField(_("KPI"), max_length=20, choices=Kpi.choices, unique=True)
    target = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["kpi"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__gte=0) & models.Q(target__lte=100),
                name="kpitarget_percent",
            )
        ]

    def __str__(self) -> str:
        sign = "≥" if self.direction == self.Direction.AT_LEAST else "≤"
        return f"{self.get_kpi_display()} {sign} {self.target}%"

    def met_by(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        if self.direction == self.Direction.AT_LEAST:
            return value >= self.target
        return value <= self.target
