"""Days that are not working days, beyond weekends: bank holidays and one-off holidays."""

from django.db import models


class NonWorkingDay(models.Model):
    """A bank holiday in England and Wales, or a one-off proclaimed holiday.

    Rows from the `holidays` package have source "holidays"; an administrator adds one-off
    days (a state funeral, a jubilee) in the admin with source "admin".
    """

    class Source(models.TextChoices):
        HOLIDAYS_PACKAGE = "holidays", "holidays package"
        ADMIN = "admin", "Added by an administrator"

    day = models.DateField(unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ADMIN)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.name} ({self.day:%d/%m/%Y})"
