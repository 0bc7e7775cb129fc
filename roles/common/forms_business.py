"""The clerk's daily report form: the clerk fills it in, the duty manager checks and amends
it with the same fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms_bounds import MAX_BIG, MAX_COUNT
from hallops.forms_money import MAX_MONEY
from hallops.models import ClerkReportReceipts


class DailyReportForm(forms.Form):
    """Counts per business type and product line, invoices, goods, and typed receipts."""

    # Invoice numbers fill a bigint column; the day's counts get a domain maximum.
    invoice_first = forms.IntegerField(label=_("First invoice number"), min_value=0,
                                       max_value=MAX_BIG, required=False)
    invoice_last = forms.IntegerField(label=_("Last invoice number"), min_value=0,
                                      max_value=MAX_BIG, required=False)
    invoices_voided = forms.IntegerField(label=_("Invoices voided"), min_value=0,
                                         max_value=MAX_COUNT, required=False)
    sim_cards_sold = forms.IntegerField(label=_("SIM cards sold"), min_value=0,
                                        max_value=MAX_COUNT, required=False)
    handsets_sold = forms.IntegerField(label=_("Handsets sold"), min_value=0,
                                       max_value=MAX_COUNT, required=False)
    gifts_redeemed = forms.IntegerField(label=_("Gifts redeemed"), min_value=0,
                                        max_value=MAX_COUNT, required=False)
    points_redeemed = forms.IntegerField(label=_("Points redeemed"), min_value=0,
                                         max_value=MAX_COUNT, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False, max_length=2000)

    FIELDS = ("invoice_first", "invoice_last", "invoices_voided", "sim_cards_sold",
              "handsets_sold", "gifts_redeemed", "points_redeemed", "note")
    RECEIPTS = ("cash", "cheque", "pos_card", "e_payment", "refunds")

    def __init__(self, *args, types, lines, counts: dict, report, **kwargs):
        receipts = getattr(report, "receipts", None)
        initial = {name: getattr(report, name) for name in self.FIELDS}
        if receipts is not None:
            initial.update({name: getattr(receipts, name) for name in self.RECEIPTS})
        for kind, items in (("bt", types), ("pl", lines)):
            for item in items:
                initial[f"count_{kind}_{item.pk}"] = counts.get((kind, item.pk), 0)
        super().__init__(*args, initial=initial, **kwargs)
        self.receipts_from_till = (receipts is not None
                                   and receipts.source == ClerkReportReceipts.Source.TILL)
        for name in self.RECEIPTS:
            self.fields[name] = forms.DecimalField(
                label=ClerkReportReceipts._meta.get_field(name).verbose_name, min_value=0,
                max_value=MAX_MONEY, max_digits=12, decimal_places=2, required=False,
                disabled=self.receipts_from_till,
                error_messages={"min_value": _("Amounts cannot be negative.")},
            )
        for name in self.FIELDS[:-1]:
            self.fields[name].error_messages["min_value"] = _("Counts cannot be negative.")
        self.type_fields, self.line_fields = [], []
        for kind, items, target in (("bt", types, self.type_fields),
                                    ("pl", lines, self.line_fields)):
            for item in items:
                name = f"count_{kind}_{item.pk}"
                self.fields[name] = forms.IntegerField(
                    label=item.label, min_value=0, max_value=MAX_COUNT, required=False,
                    error_messages={"min_value": _("Counts cannot be negative.")},
                )
                target.append(name)

    def bound(self, names):
        return [self[name] for name in names]

    @property
    def type_boundfields(self):
        return self.bound(self.type_fields)

    @property
    def line_boundfields(self):
        return self.bound(self.line_fields)

    @property
    def receipt_boundfields(self):
        return self.bound(self.RECEIPTS)

    def counts(self) -> dict:
        out = {}
        for name in self.type_fields + self.line_fields:
            _prefix, kind, pk = name.split("_")
            out[(kind, int(pk))] = self.cleaned_data.get(name) or 0
        return out

    def report_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}

    def receipts(self) -> dict | None:
        if self.receipts_from_till:
            return None
        return {name: self.cleaned_data.get(name) or 0 for name in self.RECEIPTS}
