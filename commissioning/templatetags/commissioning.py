"""Money, percentages and status tags for the commissioning pages."""

from decimal import Decimal

from django import template

register = template.Library()

STATUS_TAGS = {
    "pending": "govuk-tag--yellow",
    "approved": "govuk-tag--green",
    "accepted": "govuk-tag--green",
    "active": "govuk-tag--green",
    "refused": "govuk-tag--red",
    "declined": "govuk-tag--red",
    "suspended": "govuk-tag--orange",
    "withdrawn": "govuk-tag--grey",
    "ended": "govuk-tag--grey",
    "draft": "govuk-tag--blue",
}


@register.filter
def money(value) -> str:
    """£1,234.50 (or a dash when there is no figure)."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


@register.filter
def percent(value) -> str:
    return "No data" if value is None else f"{value}%"


@register.filter
def status_tag(value) -> str:
    return STATUS_TAGS.get(str(value), "govuk-tag--grey")


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
