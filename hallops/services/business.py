"""The counter tally: one tap adds one, undo takes one away.

Each tap is one conditional UPDATE (count = count ± 1), and the first tap of the day one
INSERT, so rapid taps from two tabs or a double-click never lose or invent a count. Taps are
not audited one by one: the tally is the clerk's scratch count, and the daily report it
prefills is the audited record.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import BusinessType, ClerkDailyReport, ProductLine, TallyCount


def item_field(item) -> str:
    if isinstance(item, BusinessType):
        return "business_type"
    if isinstance(item, ProductLine):
        return "product_line"
    raise TypeError(f"not a counted item: {item!r}")


def tally_change(*, clerk, store, item, delta: int, now=None) -> int:
    """Add one (delta=1) or take one away (delta=-1); returns the new count."""
    if delta not in (1, -1):
        raise DomainError(_("The tally moves one at a time."))
    if not item.is_active:
        raise DomainError(_("%(item)s is no longer counted.") % {"item": item.label})
    now = now or timezone.now()
    day = business_date(now, store=store)
    locked = ClerkDailyReport.objects.filter(
        clerk=clerk, business_date=day,
        status__in=[ClerkDailyReport.Status.SUBMITTED, ClerkDailyReport.Status.CONFIRMED],
    ).exists()
    if locked:
        raise DomainError(
            _("Your daily report for %(date)s is already submitted; correct it there.")
            % {"date": day}
        )
    field = item_field(item)
    rows = TallyCount.objects.filter(clerk=clerk, business_date=day, **{field: item})
    if delta > 0:
        if not rows.update(count=F("count") + 1, updated_at=now):
            try:
                with transaction.atomic():
                    TallyCount.objects.create(store=store, clerk=clerk, business_date=day,
                                              count=1, **{field: item})
            except IntegrityError:
                # Another tap inserted the row first: count on it.
                rows.update(count=F("count") + 1, updated_at=now)
    else:
        rows.filter(count__gt=0).update(count=F("count") - 1, updated_at=now)
    return rows.values_list("count", flat=True).first() or 0
