"""SSDA903 code lists as data, versioned by collection year."""

import datetime as dt
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst

from core import clock


def collection_year(day: dt.date) -> int:
    """The collection year a date falls in, named by its starting year (1 April to 31 March)."""
    return day.year if day.month >= 4 else day.year - 1


class Code(models.Model):
    """One code of one SSDA903 list, valid from one collection year until another.

    A collection year is named by the year it starts: 2025 is 1 April 2025 to 31 March 2026.
    """

    list_name = models.CharField(max_length=32, db_index=True)
    code = models.CharField(max_length=8)
    label = models.CharField(max_length=200)
    valid_from_year = models.PositiveSmallIntegerField()
    valid_until_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["list_name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["list_name", "code", "valid_from_year"], name="code_unique_per_version"
            ),
            models.CheckConstraint(
                condition=Q(valid_until_year__isnull=True)
                | Q(valid_until_year__gte=models.F("valid_from_year")),
                name="code_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.list_name} {self.code}: {self.label}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        clear_code_cache()


@lru_cache(maxsize=512)
def _valid_codes(list_name: str, year: int) -> dict[str, str]:
    # Years before a list's first version are judged by that first version.
    first = Code.objects.filter(list_name=list_name).aggregate(m=models.Min("valid_from_year"))
    year = max(year, first["m"] or year)
    rows = Code.objects.filter(list_name=list_name, valid_from_year__lte=year).filter(
        Q(valid_until_year__isnull=True) | Q(valid_until_year__gte=year)
    )
    return dict(rows.values_list("code", "label"))


def valid_codes(list_name: str, year: int) -> dict[str, str]:
    """The codes of a list in force in a collection year, with their labels."""
    return _valid_codes(list_name, year)


def clear_code_cache() -> None:
    _valid_codes.cache_clear()


# Codes the DfE withdrew with the ones that replace them, re-coded on a placement still
# open when the code went (the validator's rule 146 judges every episode of a return by
# the list of its year, and its 503D expects K3 where last year's open episode was H5).
# Any other withdrawn code is a change of placement, recorded as a move.
RECODED_AS: dict[str, dict[str, tuple[str, ...]]] = {"PLACE": {"H5": ("K3",)}}


def withdrawn_after(list_name: str, code: str) -> int | None:
    """The last collection year a code was in force, if it has been withdrawn."""
    found = Code.objects.filter(list_name=list_name, code=code).aggregate(
        last=models.Max("valid_until_year"),
        open=models.Count("pk", filter=Q(valid_until_year__isnull=True)),
    )
    return None if found["open"] or found["last"] is None else found["last"]


def code_label(list_name: str, code: str, on: dt.date | None = None) -> str:
    year = collection_year(on or clock.today())
    return valid_codes(list_name, year).get(code, code)


class CodeField(models.CharField):
    """A CharField holding a code of an SSDA903 list.

    The database checks it against the code list in force on the row's date (a trigger,
    see migrations); `CodedModel.clean()` gives the same answer as a form message.
    """

    def __init__(self, *args, code_list: str = "", **kwargs):
        self.code_list = code_list
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["code_list"] = self.code_list
        return name, path, args, kwargs


class CodedModel(models.Model):
    """A model with CodeFields, checked against the code list of the year of `code_date_field`."""

    code_date_field = ""

    class Meta:
        abstract = True

    @classmethod
    def code_fields(cls) -> list[CodeField]:
        return [f for f in cls._meta.fields if isinstance(f, CodeField)]

    def code_errors(self, today: dt.date | None = None) -> dict[str, str]:
        """Codes not in force in the year of the row's date (or of `today`, for a row
        without a date of its own)."""
        on = getattr(self, self.code_date_field, None) if self.code_date_field else None
        if not isinstance(on, dt.date):
            on = today or clock.today()
        year = collection_year(on)
        errors = {}
        for field in self.code_fields():
            value = getattr(self, field.attname)
            if value and value not in valid_codes(field.code_list, year):
                errors[field.name] = (
                    f"{capfirst(field.verbose_name)} '{value}' is not a valid "
                    f"{field.code_list} code for {year}-{(year + 1) % 100:02d}"
                )
        return errors

    def clean(self) -> None:
        super().clean()
        errors = self.code_errors()
        if errors:
            raise ValidationError(errors)
