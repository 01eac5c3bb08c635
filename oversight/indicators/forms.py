"""The dashboard filters: one form for the pages and (through its errors) the API."""

import datetime as dt

from django import forms

from oversight.indicators.definitions import (
    AGE_BANDS,
    CHOICES,
    INDICATORS,
    LEGAL_STATUSES,
    PLACEMENT_TYPES,
)
from oversight.indicators.selectors import MONTHS, Filters, default_month, month_choices

ALL = [("", "All")]


class FilterForm(forms.Form):
    month = forms.ChoiceField(label="Period (month)", required=False)
    indicator = forms.ChoiceField(label="Indicator to chart", choices=CHOICES, required=False)
    age_band = forms.ChoiceField(label="Age", choices=ALL + AGE_BANDS, required=False)
    legal_status = forms.ChoiceField(
        label="Legal status", choices=ALL + LEGAL_STATUSES, required=False
    )
    placement_type = forms.ChoiceField(
        label="Placement type", choices=ALL + PLACEMENT_TYPES, required=False
    )
    months = forms.IntegerField(
        label="Months of history", min_value=1, max_value=MONTHS, required=False
    )

    def __init__(self, data, *, today: dt.date):
        super().__init__(data)
        self.today = today
        self.fields["month"].choices = [
            (m.strftime("%Y-%m"), m.strftime("%B %Y")) for m in month_choices(today)
        ]
        self.fields["month"].error_messages["invalid_choice"] = (
            "Select a month from the last 24 months"
        )

    def filters(self) -> Filters:
        """The filters asked for, or the defaults where a value was missing or wrong."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        month = data.get("month")
        return Filters(
            month=(dt.date.fromisoformat(f"{month}-01") if month else default_month(self.today)),
            indicator=data.get("indicator") or INDICATORS[0].code,
            age_band=data.get("age_band") or "",
            legal_status=data.get("legal_status") or "",
            placement_type=data.get("placement_type") or "",
            months=data.get("months") or MONTHS,
        )
