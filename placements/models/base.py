"""Small pieces the placements models share."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value


class Versioned(models.Model):
    """A record people edit: `version` goes up by one on each change, so that a second
    person saving over a first is refused rather than silently overwriting."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Int8Range(Func):
    function = "int8range"
    output_field = BigIntegerRangeField()


class DateRange(Func):
    function = "daterange"
    output_field = DateRangeField()


def no_overlap_per_child(
    name: str, start: str, end: str, *, message: str, key: str = "child_id"
) -> ExclusionConstraint:
    """An exclusion constraint: one child's [start, end) periods never overlap.

    Uses int8range(child, child) rather than btree_gist so that it also works on a
    PostgreSQL without contrib extensions (the embedded pgserver has none).
    """
    return ExclusionConstraint(
        name=name,
        expressions=[
            (Int8Range(F(key), F(key), Value("[]")), RangeOperators.OVERLAPS),
            (DateRange(F(start), F(end), Value("[)")), RangeOperators.OVERLAPS),
        ],
        violation_error_message=message,
    )


def ends_after_start(name: str, start: str, end: str, *, strictly: bool = False):
    condition = Q(**{f"{end}__isnull": True}) | (
        Q(**{f"{end}__gt": F(start)}) if strictly else Q(**{f"{end}__gte": F(start)})
    )
    message = (
        "The end date must be after the start date"
        if strictly
        else "The end date must be on or after the start date"
    )
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)
