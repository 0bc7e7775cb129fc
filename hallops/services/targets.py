"""Monthly marketing targets (营销管理) set by the store manager."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallops.exceptions import DomainError
from hallops.models import MonthlyTarget, ProductLine, RoleAssignment
from hallops.permissions import Role
from hallops.services.audit import audit_record


@transaction.atomic
def targets_save(*, actor, store, month: datetime.date, targets: dict,
                 confirm_removals: bool = False) -> int:
    """Set the month's targets. `targets` maps (clerk id or None, product line id) to a
    quantity; None removes the target. Returns how many targets changed.

    Removing targets needs `confirm_removals`: a form sent empty once erased a whole month.
    """
    if month.day != 1:
        raise DomainError(_("Targets are set per month."))
    clerk_ids = set(RoleAssignment.objects.filter(store=store, role=Role.CLERK, is_active=True)
                    .values_list("user_id", flat=True))
    line_ids = set(ProductLine.objects.values_list("pk", flat=True))
    for (clerk_id, line_id), quantity in targets.items():
        if quantity is not None and quantity < 0:
            raise DomainError(_("Targets cannot be negative."))
        if clerk_id is not None and clerk_id not in clerk_ids:
            raise DomainError(_("Targets are set only for clerks of this store."))
        if line_id not in line_ids:
            raise DomainError(_("Unknown product line."))
    current = {(t.clerk_id, t.product_line_id): t
               for t in MonthlyTarget.objects.select_for_update().filter(store=store, month=month)}
    removals = sum(1 for key, quantity in targets.items()
                   if quantity is None and key in current)
    if removals and not confirm_removals:
        raise DomainError(
            ngettext("This would remove %(n)d existing target. Tick the box to confirm.",
                     "This would remove %(n)d existing targets. Tick the box to confirm.",
                     removals) % {"n": removals},
            field="confirm_removals", code="confirm_removals")
    before, after, changed = {}, {}, 0
    for key, quantity in targets.items():
        existing = current.get(key)
        label = f"{key[0] or 'store'}:{key[1]}"
        if existing is not None and quantity is None:
            before[label] = existing.quantity
            existing.delete()
            changed += 1
        elif existing is not None and existing.quantity != quantity:
            before[label], after[label] = existing.quantity, quantity
            existing.quantity = quantity
            existing.save(update_fields=["quantity"])
            changed += 1
        elif existing is None and quantity is not None:
            MonthlyTarget.objects.create(store=store, month=month, clerk_id=key[0],
                                         product_line_id=key[1], quantity=quantity)
            after[label] = quantity
            changed += 1
    if changed:
        audit_record(actor=actor, store=store, action="targets.saved",
                     object_type="hallops.monthlytarget", before=before, after=after,
                     reason=f"{month:%Y-%m}")
    return changed
