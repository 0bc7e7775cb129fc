"""Small forms shared by the role pages."""

import datetime

from django import forms


class MonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)

    def year_month(self, today: datetime.date) -> tuple[int, int]:
        value = self.cleaned_data.get("month") if self.is_valid() else None
        if not value:
            return today.year, today.month
        year, month = value.split("-")
        return int(year), int(month)
