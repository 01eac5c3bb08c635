from django import template

from placements.models.codes import code_label
from placements.presenters import govuk_date

register = template.Library()


@register.filter
def code(value: str, list_name: str) -> str:
    """{{ placement.place|code:"PLACE" }} -> the code's plain-English label."""
    return code_label(list_name, value) if value else ""


@register.filter
def long_date(value) -> str:
    return govuk_date(value)
