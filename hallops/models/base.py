from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# A count of things one desk or store handles in a day (tickets, customers, cards, forms): far
# above any real figure, far below the column's 2,147,483,647, which no form should offer.
MAX_COUNT = 100_000
MAX_MINUTES_IN_DAY = 24 * 60


def count_max():
    return MaxValueValidator(MAX_COUNT)


class Weekday(models.IntegerChoices):
    """A day of the week, numbered as `date.weekday()` (0 = Monday): the one enum of every
    model that stores a weekday (a weekly checklist, a store's opening hours, a weekly
    workbook's schedule)."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class BilingualNamed(models.Model):
    """Reference data edited in the admin, named in Chinese with an optional English name."""

    name = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name
