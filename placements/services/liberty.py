"""Deprivation of liberty orders (DoLOs): recorded by the council, checked as they are typed
against the DfE's DoLo rules (SSDA903 from 2026-27), ended with the version read.

The rules asked at entry, in their own words (oversight.ssda903.rules.liberty):
  702 the end after the start        705 one order at a time
  708 the start after the birth      707 no order left open when care ends
  710 no order while placed in a secure children's home, with parents, in a young
      offender institution or in supported accommodation (K1, P1, R5, K3): refused both
      when the order is recorded and when the child is moved into one of those.
Rule 709 (any placement other than K2, Z12 or Z13) is a query for the data team, not a
refusal: the return shows it.
"""

import datetime as dt

from django.db import transaction

from core import clock
from core.concurrency import save_versioned
from core.errors import DomainError
from oversight.ssda903.rules.liberty import NOT_WITH_AN_ORDER
from placements.models import Child, DeprivationOfLiberty, Episode
from practices.access import Action, can


def _check(by, child: Child) -> None:
    if by is not None and not can(by, Action.CHANGE_LEGAL_STATUS, child):
        raise DomainError(
            "Only the council can record a deprivation of liberty order", code="forbidden"
        )


def _rule(code: str) -> str:
    from oversight.ssda903.rules import RULES_BY_CODE

    return f"{RULES_BY_CODE[code].message()} (SSDA903 rule {code})"


def _check_dates(child: Child, started_on: dt.date, ended_on: dt.date | None, today) -> None:
    today = today or clock.today()
    if started_on > today:
        raise DomainError(
            "The date the order was made must be today or in the past", field="started_on"
        )
    if started_on <= child.date_of_birth:
        raise DomainError(_rule("708"), field="started_on")
    if ended_on is not None:
        if ended_on > today:
            raise DomainError(
                "The date the order ended must be today or in the past", field="ended_on"
            )
        if ended_on <= started_on:
            raise DomainError(_rule("702"), field="ended_on")


def _looked_after_on(child: Child, day: dt.date) -> bool:
    return child.periods.filter(started_on__lte=day).exclude(ended_on__lt=day).exists()


def placements_barred(child: Child, started_on: dt.date, ended_on: dt.date | None) -> list[str]:
    """The placement types of the child's episodes in these dates that rule 710 bars."""
    episodes = Episode.objects.filter(child=child).exclude(dec__lte=started_on)
    if ended_on is not None:
        episodes = episodes.filter(decom__lte=ended_on)
    return sorted(
        set(
            episodes.filter(placement__place__in=NOT_WITH_AN_ORDER).values_list(
                "placement__place", flat=True
            )
        )
    )


def refuse_barred_move(child: Child, place: str, on: dt.date) -> None:
    """Rule 710 asked of a move: not into K1, P1, R5 or K3 while an order is in force."""
    if place not in NOT_WITH_AN_ORDER:
        return
    in_force = child.dolos.filter(started_on__lte=on).exclude(ended_on__lte=on).exists()
    if in_force:
        raise DomainError(_rule("710"), field="place")


def refuse_open_order_at_end_of_care(child: Child, on: dt.date) -> None:
    """Rule 707: care cannot end while an order is left open."""
    if child.dolos.filter(ended_on__isnull=True).exists():
        raise DomainError(
            "End the deprivation of liberty order first. The return says: " + _rule("707"),
            field="ended_on",
        )


def _refuse_overlap(child: Child, started_on, ended_on, *, other_than=None) -> None:
    others = child.dolos.exclude(pk=getattr(other_than, "pk", None))
    overlapping = others.exclude(ended_on__lte=started_on)
    if ended_on is not None:
        overlapping = overlapping.filter(started_on__lt=ended_on)
    if overlapping.exists():
        raise DomainError(_rule("705"), field="started_on")


@transaction.atomic
def record_dolo(
    *,
    child: Child,
    by,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    court: str = "",
    notes: str = "",
    today: dt.date | None = None,
) -> DeprivationOfLiberty:
    _check(by, child)
    child = Child.objects.select_for_update().get(pk=child.pk)
    _check_dates(child, started_on, ended_on, today)
    if not _looked_after_on(child, started_on):
        raise DomainError(
            "The child must be looked after on the date the order was made", field="started_on"
        )
    _refuse_overlap(child, started_on, ended_on)
    barred = placements_barred(child, started_on, ended_on)
    if barred:
        raise DomainError(f"{_rule('710')} Placed then: {', '.join(barred)}", field="started_on")
    return DeprivationOfLiberty.objects.create(
        child=child,
        started_on=started_on,
        ended_on=ended_on,
        court=court.strip(),
        notes=notes,
        recorded_by=by,
    )


@transaction.atomic
def end_dolo(
    *,
    dolo: DeprivationOfLiberty,
    by,
    expected_version: int,
    ended_on: dt.date,
    today: dt.date | None = None,
) -> DeprivationOfLiberty:
    child = dolo.child
    _check(by, child)
    Child.objects.select_for_update().get(pk=child.pk)
    _check_dates(child, dolo.started_on, ended_on, today)
    _refuse_overlap(child, dolo.started_on, ended_on, other_than=dolo)
    dolo.ended_on = ended_on
    return save_versioned(dolo, expected_version=expected_version, fields=["ended_on"])
