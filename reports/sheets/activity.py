"""What was done in the store: audit entries counted by action."""

from hallops.audit_labels import action_label
from reports import selectors
from reports.models import STORE_KINDS

from . import TIMES, Column, L, Sheet, T, register_sheet


@register_sheet(kinds=STORE_KINDS, order=900)
class ActivitySheet(Sheet):
    key = "activity"
    title = L("操作统计", "Activity")
    columns = (
        Column(L("操作", "Action"), T.TEXT, width=32),
        Column(L("次数", "Count"), T.INT, unit=TIMES),
    )

    def rows(self, ctx):
        # The action in words (the workbook's language), never its code.
        for code, count in selectors.audit_counts_by_action(ctx.store, ctx.start, ctx.end):
            yield action_label(code), count
