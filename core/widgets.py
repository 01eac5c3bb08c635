"""The GOV.UK date input: a day, month and year box, and the form field that reads it.

    visit_date = GovUKDateField(label="Date of visit", help_text="For example, 27 3 2026")

Error messages follow the GOV.UK Design System's date input guidance:
"Enter the date of visit", "Date of visit must include a month",
"Date of visit must be a real date", "Year must include 4 numbers".
Each error carries ``params["parts"]``, the boxes at fault, so the templates highlight
only those boxes and the error summary links to the first of them.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


class GovUKDateInput(forms.MultiWidget):
    """Three text boxes named ``<name>_day``, ``<name>_month`` and ``<name>_year``,
    with ids ``<id>_day``, ``<id>_month`` and ``<id>_year``.

    ``attrs={"autocomplete": "bday"}`` gives the boxes ``bday-day``, ``bday-month`` and
    ``bday-year``.
    """

    template_name = "forms/govuk/widgets/date_input.html"

    def __init__(self, attrs=None):
        super().__init__(dict.fromkeys(PARTS, forms.TextInput), attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id")
        autocomplete = widget["attrs"].get("autocomplete")
        widget["invalid"] = widget["attrs"].get("aria-invalid") == "true"
        for part, subwidget in zip(PARTS, widget["subwidgets"], strict=True):
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
            subwidget["width"] = 4 if part == "year" else 2
            subwidget["autocomplete"] = f"{autocomplete}-{part}" if autocomplete else ""
            if widget_id:
                subwidget["attrs"]["id"] = f"{widget_id}_{part}"
        return context


class GovUKDateField(forms.Field):
    """A date typed into three boxes, checked as GOV.UK asks, cleaned to a ``datetime.date``.

    Messages use ``%(name)s`` (the label, first letter lower case) and ``%(Name)s``
    (first letter upper case); override them with ``error_messages`` as for any field.
    """

    widget = GovUKDateInput
    default_error_messages = {
        "required": "Enter the %(name)s",
        "incomplete": "%(Name)s must include a %(missing)s",
        "invalid": "%(Name)s must be a real date",
        "year_digits": "Year must include 4 numbers",
    }

    def to_python(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if value is None or isinstance(value, datetime.date):
            return value
        if isinstance(value, str):  # an initial value given as an ISO date
            try:
                return datetime.date.fromisoformat(value) if value else None
            except ValueError:
                raise self._error("invalid", []) from None
        day, month, year = (str(part if part is not None else "").strip() for part in value)
        if not (day or month or year):
            return None
        missing = [part for part, text in zip(PARTS, (day, month, year), strict=True) if not text]
        if missing:
            raise self._error("incomplete", missing, missing=" and ".join(missing))

        month = _month_number(month)
        not_numbers = [
            part
            for part, text in zip(PARTS, (day, month, year), strict=True)
            if not (text.isascii() and text.isdigit())
        ]
        if not_numbers:
            raise self._error("invalid", not_numbers)
        if len(year) != 4:
            raise self._error("year_digits", ["year"])
        if not 1 <= int(month) <= 12:
            raise self._error("invalid", ["month"])
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise self._error("invalid", ["day"]) from None

    def validate(self, value):
        if value is None and self.required:
            raise self._error("required", [])

    def _error(self, code, parts, **params):
        label = str(self.label or "date")
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={
                "name": label[:1].lower() + label[1:],
                "Name": label[:1].upper() + label[1:],
                "parts": list(parts),
                **params,
            },
        )


def _month_number(text):
    """Accept "3", "03", "Mar" or "March", as GOV.UK recommends."""
    lowered = text.lower()
    if len(lowered) >= 3:
        for number, name in enumerate(MONTH_NAMES, start=1):
            if name.startswith(lowered):
                return str(number)
    return text
