"""Periods of care, legal status and placements: the only writers of SSDA903 episodes.

A new episode starts whenever the legal status or the placement changes; the previous one
ends the same day with REC X1, so the return is a projection of the record. RNE says what
changed (DOMAIN.md section 3):

    S  started to be looked after          L  legal status only
    P  placement and carer                 T  placement, same carer
    B  legal status, placement and carer   U  legal status and placement, same carer
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from commissioning.services.placement_costs import (
    claim_approved_placement_cost,
    refer_over_limit_to_council,
)
from core import clock
from core.concurrency import save_versioned
from core.errors import DomainError
from placements import postcodes
from placements.models import Child, Episode, PeriodOfCare, Placement, PlacementCost
from placements.models.codes import RECODED_AS, withdrawn_after
from placements.models.homes import NO_PROVIDER_PLACES, TEMPORARY_PLACES
from placements.models.permanence import PLACEMENT_ORDER
from placements.services import liberty
from practices.access import Action, can


def _require(by, action: str, child: Child, message: str) -> None:
    if by is not None and not can(by, action, child):
        raise DomainError(message, code="forbidden")


def _lock(child: Child) -> Child:
    return Child.objects.select_for_update().get(pk=child.pk)


def _open(queryset):
    return queryset.filter(**{f"{_end_field(queryset.model)}__isnull": True}).first()


def _end_field(model) -> str:
    return "dec" if model is Episode else "ended_on"


def _not_future(day: dt.date, field: str, label: str, today) -> None:
    if day > (today or clock.today()):
        raise DomainError(f"{label} must be today or in the past", field=field)


def _after_commit(child: Child) -> None:
    from placements.deadlines import schedule_recompute

    schedule_recompute(child.pk)


def rne_for(*, legal_status_changed: bool, placement_changed: bool, carer_changed: bool) -> str:
    if legal_status_changed and placement_changed:
        return "B" if carer_changed else "U"
    if placement_changed:
        return "P" if carer_changed else "T"
    if legal_status_changed:
        return "L"
    raise DomainError("Nothing changed: a new episode needs a new legal status or placement")


def _validate_placement(place: str, place_provider: str) -> None:
    if place in NO_PROVIDER_PLACES and place_provider:
        raise DomainError(
            "Leave the placement provider blank for temporary (T0 to T4) and other (Z11 to Z14) placements",
            field="place_provider",
        )
    if place not in NO_PROVIDER_PLACES and not place_provider:
        raise DomainError("Select who provides the placement", field="place_provider")
    # The SSDA903 return's own rules (527 to 531, 550), refused as they are typed.
    from oversight.ssda903.guards import placement_problems

    problems = placement_problems(place, place_provider)
    if problems:
        code, message = problems[0]
        raise DomainError(f"{message} (SSDA903 rule {code})", field="place_provider")


def _validate_adoption_entry(place: str, rne: str, *, field: str, message: str) -> None:
    """Rule 217: an episode in A3 or A5 (placed for adoption with the current foster carer)
    begins care or changes the placement with the same carer."""
    from oversight.ssda903.guards import adoption_entry_problem

    problem = adoption_entry_problem(place=place, rne=rne)
    if problem:
        raise DomainError(f"{message} (SSDA903 rule {problem[0]})", field=field)


def _validate_placement_order(period: PeriodOfCare, order_on: dt.date) -> None:
    """Rule 554: the period's first placement order (E1) comes on or after the decision
    to place for adoption made in the period."""
    from oversight.ssda903.guards import placement_order_problem

    if period.episodes.filter(legal_status=PLACEMENT_ORDER).exists():
        return  # not the first: the first is the one the rule asks of
    for decided_on in period.child.adoption_decisions.filter(
        decided_on__gte=period.started_on
    ).values_list("decided_on", flat=True):
        problem = placement_order_problem(decided_on=decided_on, order_on=order_on)
        if problem:
            raise DomainError(
                f"The decision that the child should be placed for adoption is recorded as "
                f"{decided_on:%-d %B %Y}, after this date: {problem[1]} (SSDA903 rule "
                f"{problem[0]})",
                field="changed_on",
            )


def _validate_combination(legal_status: str, place: str, *, field: str) -> None:
    """Rules 378 and 384: a legal status and a placement that cannot go together."""
    from oversight.ssda903.guards import combination_problem

    problem = combination_problem(legal_status=legal_status, place=place)
    if problem:
        code, message = problem
        raise DomainError(f"{message} (SSDA903 rule {code})", field=field)


def _held_since(episode: Episode) -> dt.date:
    """When the episode's legal status began: the first DECOM of the run of episodes under
    it that this one continues."""
    since = episode.decom
    earlier = Episode.objects.filter(child_id=episode.child_id, decom__lt=since).order_by("-decom")
    for previous in earlier.only("decom", "dec", "legal_status"):
        if previous.legal_status != episode.legal_status or previous.dec != since:
            break
        since = previous.decom
    return since


def _require_postcode(child: Child, current: Episode, postcode: str) -> None:
    """The SSDA903 return needs the placement postcode of every looked-after child other
    than those on short breaks and unaccompanied asylum-seeking children (rule 392B)."""
    from oversight.ssda903.guards import postcode_problem

    problem = postcode_problem(
        legal_status=current.legal_status, uasc=child.uasc, postcode=postcode
    )
    if problem:
        code, message = problem
        raise DomainError(
            f"Enter the placement postcode. The return says: {message} (SSDA903 rule {code})",
            field="postcode",
        )


def _check_urn(*, legal_status: str, place: str, urn: str) -> str:
    """The URN as the return writes it (upper case), refused in the format's or a rule's
    words (214, 222) where it cannot stand."""
    from django.core.exceptions import ValidationError

    from oversight.ssda903.guards import urn_problem
    from practices.models import urn_validator

    urn = (urn or "").strip().upper()
    if urn:
        try:
            urn_validator(urn)
        except ValidationError as error:
            raise DomainError(error.messages[0], field="urn") from error
    problem = urn_problem(legal_status=legal_status, place=place, urn=urn)
    if problem:
        code, message = problem
        raise DomainError(
            f"Leave the URN blank. The return says: {message} (SSDA903 rule {code})", field="urn"
        )
    return urn


def _approve_out_of_area(by, child: Child, out_of_area: bool) -> None:
    if out_of_area and by is not None and not can(by, Action.APPROVE_SPEND_ABOVE_LIMIT, child):
        raise DomainError(
            "A placement outside the council's area needs a nominated council officer's "
            "approval (CPPCR reg 11)",
            field="out_of_area",
        )


def _geography(child: Child, postcode: str, home_postcode: str) -> dict:
    """The placement's postcode checked against the ONS directory, and what the DfE derives
    from it (placements.postcodes): outside the council's area or not, and the straight-line
    distance from home (none for an unaccompanied asylum-seeking child, rule 406)."""
    if not postcode:
        return {}
    place = postcodes.lookup(postcode)
    if place is None:
        raise DomainError(
            f"Enter a real postcode: “{postcode}” is not in the ONS postcode directory",
            field="postcode",
        )
    miles = None if child.uasc else postcodes.distance_miles(home_postcode, place.postcode)
    where = {
        "postcode": place.postcode,
        "distance_from_home_miles": None if miles is None else Decimal(str(miles)),
    }
    if postcodes.is_council(child.council.ons_code):  # else the area cannot be judged
        where["out_of_area"] = place.council != child.council.ons_code
    return where


def _real_home_postcode(home_postcode: str) -> str:
    if home_postcode and not postcodes.is_real(home_postcode):
        raise DomainError(
            f"Enter a real postcode: “{home_postcode}” is not in the ONS postcode directory",
            field="home_postcode",
        )
    return postcodes.normalise(home_postcode) if home_postcode else ""


@transaction.atomic
def start_period_of_care(
    *,
    child: Child,
    by,
    started_on: dt.date,
    legal_status: str,
    cin: str,
    place: str,
    place_provider: str,
    carer=None,
    provider=None,
    postcode: str = "",
    urn: str = "",
    home_postcode: str = "",
    weekly_cost: Decimal | None = None,
    funded_by: str = PlacementCost.FundedBy.COUNCIL,
    today: dt.date | None = None,
) -> Episode:
    """The council starts looking after a child: period, first placement, episode (RNE S)."""
    _require(by, Action.START_PERIOD_OF_CARE, child, "Only the council can start a period of care")
    child = _lock(child)
    _not_future(started_on, "started_on", "The date they became looked after", today=today)
    if child.periods.filter(ended_on__isnull=True).exists():
        raise DomainError("This child is already looked after", field="started_on")
    _validate_placement(place, place_provider)
    _validate_combination(legal_status, place, field="place")
    urn = _check_urn(legal_status=legal_status, place=place, urn=urn)
    home_postcode = _real_home_postcode(home_postcode) or child.home_postcode
    where = _geography(child, postcode, home_postcode)
    postcode = where.pop("postcode", postcode)
    period = PeriodOfCare.objects.create(child=child, started_on=started_on, cin=cin)
    placement = Placement.objects.create(
        child=child,
        period=period,
        carer=carer,
        provider=provider,
        place=place,
        place_provider=place_provider,
        started_on=started_on,
        postcode=postcode,
        urn=urn,
        **where,
    )
    if weekly_cost is not None:
        PlacementCost.objects.create(
            placement=placement,
            started_on=started_on,
            weekly_amount=weekly_cost,
            funded_by=funded_by,
            recorded_by=by,
        )
    episode = Episode.objects.create(
        child=child,
        period=period,
        placement=placement,
        decom=started_on,
        rne="S",
        legal_status=legal_status,
        home_postcode=home_postcode,
    )
    _after_commit(child)
    return episode


def _close_episode(
    episode: Episode,
    on: dt.date,
    *,
    rec: str,
    reason_place_change: str = "",
    field: str = "started_on",
) -> None:
    if on <= episode.decom:
        raise DomainError(
            "The change must be after the current episode started "
            f"({episode.decom:%d/%m/%Y}): an episode cannot start and end on the same day",
            field=field,
        )
    from oversight.ssda903.guards import DURATION_RULES, duration_problem

    if any(episode.legal_status == rule.legal_status for rule in DURATION_RULES):
        since = _held_since(episode)
        problem = duration_problem(legal_status=episode.legal_status, since=since, until=on)
        if problem:
            code, message = problem
            raise DomainError(
                f"{message}: it began on {since:%d/%m/%Y}. Record the legal status that "
                f"followed it, from the day it changed, first (SSDA903 rule {code})",
                field=field,
            )
    episode.dec = on
    episode.rec = rec
    episode.reason_place_change = reason_place_change
    episode.save(update_fields=["dec", "rec", "reason_place_change", "updated_at"])


@transaction.atomic
def change_legal_status(
    *, child: Child, by, changed_on: dt.date, legal_status: str, today: dt.date | None = None
) -> Episode:
    """A council decision: a new episode with the new legal status (RNE L)."""
    _require(by, Action.CHANGE_LEGAL_STATUS, child, "Only the council can change legal status")
    child = _lock(child)
    _not_future(changed_on, "changed_on", "The date of the change", today=today)
    current = _open(child.episodes.all())
    if current is None:
        raise DomainError("This child is not looked after")
    if current.legal_status == legal_status:
        raise DomainError("That is already the child's legal status", field="legal_status")
    _validate_combination(legal_status, current.placement.place, field="legal_status")
    _validate_adoption_entry(
        current.placement.place,
        "L",
        field="legal_status",
        message=f"The child is placed for adoption with their current foster carer "
        f"({current.placement.place}): the legal status cannot change on its own during this "
        "placement, only with a change of placement type",
    )
    if legal_status == PLACEMENT_ORDER:
        _validate_placement_order(current.period, changed_on)
    _close_episode(current, changed_on, rec="X1", field="changed_on")
    episode = Episode.objects.create(
        child=child,
        period=current.period,
        placement=current.placement,
        decom=changed_on,
        rne="L",
        legal_status=legal_status,
        home_postcode=current.home_postcode,
    )
    _after_commit(child)
    return episode


def delegated_weekly_limit(child: Child) -> Decimal | None:
    """The most a practice may commit a week on this child's placement without council
    approval, from the contract the case is held under (None: no practice limit)."""
    allocation = child.allocations.filter(ended_on__isnull=True).select_related("contract").first()
    if allocation is None or allocation.practice_id is None or allocation.contract is None:
        return None
    return allocation.contract.delegated_limit_per_item


@refer_over_limit_to_council
@transaction.atomic
def change_placement(
    *,
    child: Child,
    by,
    started_on: dt.date,
    place: str,
    place_provider: str,
    reason_place_change: str,
    carer=None,
    provider=None,
    same_carer: bool = False,
    postcode: str = "",
    urn: str = "",
    weekly_cost: Decimal | None = None,
    intended_until_18: bool = False,
    out_of_area: bool = False,
    today: dt.date | None = None,
) -> Placement:
    """Move a child: the current placement and episode end on `started_on` (REC X1 with the
    reason), the next placement and episode start the same day (RNE P or T), all at once."""
    _require(
        by,
        Action.CHANGE_PLACEMENT,
        child,
        "Your role does not allow changing this child's placement",
    )
    child = _lock(child)
    _not_future(started_on, "started_on", "The date of the move", today=today)
    _validate_placement(place, place_provider)
    current = _open(child.episodes.select_related("placement"))
    if current is None:
        raise DomainError("This child is not looked after, so has no placement to change")
    old = current.placement
    _validate_combination(current.legal_status, place, field="place")
    rne = rne_for(legal_status_changed=False, placement_changed=True, carer_changed=not same_carer)
    _validate_adoption_entry(
        place,
        rne,
        field="place",
        message=f"{place} is a placement for adoption with the child's current foster carer: "
        "say the child is staying with the same carer, or choose A4 or A6",
    )
    liberty.refuse_barred_move(child, place, started_on)
    urn = _check_urn(legal_status=current.legal_status, place=place, urn=urn)
    _require_postcode(child, current, postcode)
    where = _geography(child, postcode, current.home_postcode)
    postcode = where.pop("postcode", postcode)
    # Outside the council's area is what the postcode says, when there is one; the
    # person's answer stands only for a placement without a postcode.
    out_of_area = where.pop("out_of_area", out_of_area)
    if weekly_cost is not None:
        limit = delegated_weekly_limit(child)
        if (
            limit is not None
            and weekly_cost > limit
            and not claim_approved_placement_cost(
                child=child, weekly_cost=weekly_cost, started_on=started_on
            )
        ):
            raise DomainError(
                f"£{weekly_cost:,.2f} a week is over the practice's delegated limit of "
                f"£{limit:,.2f}: the council must approve this cost before the move",
                field="weekly_cost",
                code="over_limit",
            )
    _approve_out_of_area(by, child, out_of_area)
    temporary = place in TEMPORARY_PLACES or old.place in TEMPORARY_PLACES
    _close_episode(
        current, started_on, rec="X1", reason_place_change="" if temporary else reason_place_change
    )
    old.ended_on = started_on
    old.reason_ended = "" if temporary else reason_place_change
    old.save(update_fields=["ended_on", "reason_ended", "updated_at"])
    old.costs.filter(ended_on__isnull=True).update(ended_on=started_on)
    carer = old.carer if same_carer else carer
    placement = Placement.objects.create(
        child=child,
        period=current.period,
        carer=carer,
        provider=provider,
        place=place,
        place_provider=place_provider,
        started_on=started_on,
        postcode=postcode,
        urn=urn,
        intended_until_18=intended_until_18,
        out_of_area=out_of_area,
        **where,
    )
    if weekly_cost is not None:
        PlacementCost.objects.create(
            placement=placement,
            started_on=started_on,
            weekly_amount=weekly_cost,
            funded_by=PlacementCost.FundedBy.PRACTICE
            if delegated_weekly_limit(child) is not None
            else PlacementCost.FundedBy.COUNCIL,
            recorded_by=by,
        )
    Episode.objects.create(
        child=child,
        period=current.period,
        placement=placement,
        decom=started_on,
        rne=rne,
        legal_status=current.legal_status,
        home_postcode=current.home_postcode,
    )
    _after_commit(child)
    return placement


@transaction.atomic
def correct_placement(
    *,
    placement: Placement,
    by,
    expected_version: int,
    postcode: str | None = None,
    urn: str | None = None,
    place: str | None = None,
) -> Placement:
    """Put right what the return takes from a placement as recorded (PL_POST, URN) without
    a move, or re-code a placement whose type the DfE withdrew while it was open: the same
    guards as at a move, the distance and area derived again, the version checked (someone
    else's save in between is refused, not overwritten)."""
    child = placement.child
    _require(
        by,
        Action.CHANGE_PLACEMENT,
        child,
        "Your role does not allow changing this child's placement",
    )
    _lock(child)
    episode = placement.episodes.order_by("-decom").first()
    if episode is None:  # every placement is written with its episode
        raise DomainError("This placement has no episode to correct")
    changed = []
    if place and place != placement.place:
        changed += _recode(placement, place, episode)
    if postcode is not None:
        postcode = postcode.strip().upper()
        _require_postcode(child, episode, postcode)
        where = _geography(child, postcode, episode.home_postcode)
        placement.postcode = where.pop("postcode", postcode)
        placement.distance_from_home_miles = where.get("distance_from_home_miles")
        changed += ["postcode", "distance_from_home_miles"]
        if "out_of_area" in where:
            if where["out_of_area"] and not placement.out_of_area:
                _approve_out_of_area(by, child, True)
            placement.out_of_area = where["out_of_area"]
            changed.append("out_of_area")
    if urn is not None:
        placement.urn = _check_urn(
            legal_status=episode.legal_status, place=placement.place, urn=urn
        )
        changed.append("urn")
    if not changed:
        raise DomainError("Nothing to change: give the postcode, the URN or the new placement type")
    save_versioned(placement, expected_version=expected_version, fields=changed)
    _after_commit(child)
    return placement


def recodable_as(placement: Placement) -> tuple[str, ...]:
    """The codes an open placement may be re-coded to, because the DfE withdrew its own
    while it was open (H5 to K3 from 2025-26); none for any other placement."""
    successors = RECODED_AS["PLACE"].get(placement.place, ())
    last = withdrawn_after("PLACE", placement.place) if successors else None
    if last is None or placement.recoded_from:
        return ()
    if placement.ended_on is not None and placement.ended_on < dt.date(last + 1, 4, 1):
        return ()  # it ended while its code was in force: every return it is in takes it
    return successors


def recoded_on(placement: Placement) -> dt.date:
    """The first day of the year the placement's withdrawn type was no longer in force."""
    return dt.date(withdrawn_after("PLACE", placement.place) + 1, 4, 1)


def _recode(placement: Placement, place: str, episode: Episode) -> list[str]:
    successors = recodable_as(placement)
    if not successors:
        raise DomainError(
            "Only a placement whose type the DfE has withdrawn while it was open can be "
            "re-coded. To record a different kind of placement, change the placement.",
            field="place",
        )
    if place not in successors:
        raise DomainError(
            f"Select the type that replaces {placement.place}: " + " or ".join(successors),
            field="place",
        )
    on = recoded_on(placement)
    _validate_placement(place, placement.place_provider)
    _validate_combination(episode.legal_status, place, field="place")
    liberty.refuse_barred_move(placement.child, place, max(on, episode.decom))
    placement.recoded_from, placement.recoded_on = placement.place, on
    placement.place = place
    return ["place", "recoded_from", "recoded_on"]


@transaction.atomic
def end_period_of_care(
    *, child: Child, by, ended_on: dt.date, reason: str, today: dt.date | None = None
) -> PeriodOfCare:
    """The council ends a period of care: the last episode ends with the reason (not X1)."""
    _require(by, Action.END_PERIOD_OF_CARE, child, "Only the council can end a period of care")
    child = _lock(child)
    _not_future(ended_on, "ended_on", "The date they stopped being looked after", today=today)
    if reason in {"", "X1"}:
        raise DomainError("Select why the child stopped being looked after", field="reason")
    current = _open(child.episodes.select_related("placement", "period"))
    if current is None:
        raise DomainError("This child is not looked after")
    liberty.refuse_open_order_at_end_of_care(child, ended_on)
    _close_episode(current, ended_on, rec=reason, field="ended_on")
    placement = current.placement
    placement.ended_on = ended_on
    placement.save(update_fields=["ended_on", "updated_at"])
    placement.costs.filter(ended_on__isnull=True).update(ended_on=ended_on)
    period = current.period
    period.ended_on = ended_on
    period.reason_ended = reason
    period.save(update_fields=["ended_on", "reason_ended", "updated_at"])
    _after_commit(child)
    return period
