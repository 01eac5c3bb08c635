"""The DfE's rules asked at the moment a value is typed, in the rules' own words.

`placements.services.episodes._validate_placement` calls `placement_problems` for every
new placement (start of care, change of placement, from the page or the API), so a
placement type and provider that the return would reject (rules 527 to 531 and 550) are
refused before they are saved, with the rule's message, against the provider field.
`change_placement` asks `postcode_problem` (rule 392B) of the new placement's postcode.
`urn_problem` (rules 214, 222) is asked of every URN typed, at a move, at the start of care
and when a placement's details are corrected. A missing URN (rule 218) is not refused: a
child moved at night is moved whether or not the agency's URN is to hand; the return shows
the gap, and its link opens the page that fills it.
`adoption_entry_problem` (rule 217) is asked of every new episode in a placement for
adoption with the current foster carer (A3, A5): a move into one with another carer, or a
change of legal status alone while in one, is refused.
`adopter_problem` (rule 335) is asked when an adoption (AD1) is recorded: whether the
child is adopted by the current foster carer must agree with the placement for adoption.
`placement_order_problem` (rule 554) when the legal status becomes a placement order (E1)
and when a decision to place for adoption is recorded: the decision comes first.
`combination_problem` (rules 378, 384) is asked of every new placement and every change of
legal status, against the child's legal status and placement then; `duration_problem`
(rules 361, 362) when an episode under police protection or an emergency protection order
ends (a change of legal status, a move, the end of care).
"""

import datetime as dt

from oversight.ssda903.rules.adoption import SSDA903_Rule_217, SSDA903_Rule_335, SSDA903_Rule_554
from oversight.ssda903.rules.base import SHORT_BREAKS
from oversight.ssda903.rules.combinations import COMBINATION_RULES, DURATION_RULES
from oversight.ssda903.rules.placements import (
    NO_URN,
    SSDA903_Rule_214,
    SSDA903_Rule_222,
    SSDA903_Rule_392B,
    SSDA903_Rule_527,
    SSDA903_Rule_528,
    SSDA903_Rule_529,
    SSDA903_Rule_530,
    SSDA903_Rule_531,
    SSDA903_Rule_550,
)

PLACEMENT_RULES = (
    SSDA903_Rule_527,
    SSDA903_Rule_528,
    SSDA903_Rule_529,
    SSDA903_Rule_530,
    SSDA903_Rule_531,
    SSDA903_Rule_550,
)


def placement_problems(place: str, place_provider: str) -> list[tuple[str, str]]:
    """(rule code, message) for each rule a placement of this type and provider breaks."""
    row = {"PLACE": place, "PLACE_PROVIDER": place_provider or None}
    return [(rule.code, rule.message()) for rule in PLACEMENT_RULES if rule().fails(row)]


def postcode_problem(*, legal_status: str, uasc: bool, postcode: str) -> tuple[str, str] | None:
    """(rule code, message) when a placement without a postcode would break rule 392B."""
    if postcode or uasc or legal_status in SHORT_BREAKS:
        return None
    return SSDA903_Rule_392B.code, SSDA903_Rule_392B.message()


def urn_problem(*, legal_status: str, place: str, urn: str) -> tuple[str, str] | None:
    """(rule code, message) when a URN is given where the return must not have one: a short
    break (214) or a placement type with no Ofsted registration (222; XXXXXXX stands)."""
    if not urn:
        return None
    if legal_status in SHORT_BREAKS:
        return SSDA903_Rule_214.code, SSDA903_Rule_214.message()
    if place in NO_URN and urn != "XXXXXXX":
        return SSDA903_Rule_222.code, SSDA903_Rule_222.message()
    return None


def adoption_entry_problem(*, place: str, rne: str) -> tuple[str, str] | None:
    """(rule code, message) when an episode in A3 or A5 would begin other than as rule 217
    allows."""
    if SSDA903_Rule_217.refuses(place, rne):
        return SSDA903_Rule_217.code, SSDA903_Rule_217.message()
    return None


def adopter_problem(*, place: str, by_foster_carer: bool) -> tuple[str, str] | None:
    """(rule code, message) when "adopted by the current foster carer" contradicts the
    placement for adoption the child is in (A3, A5 are with the carer; A4, A6 are not)."""
    if SSDA903_Rule_335.disagrees(place, "1" if by_foster_carer else "0"):
        return SSDA903_Rule_335.code, SSDA903_Rule_335.message()
    return None


def placement_order_problem(*, decided_on: dt.date, order_on: dt.date) -> tuple[str, str] | None:
    """(rule code, message) when the decision to place for adoption would come after the
    placement order (the first episode of the period under legal status E1)."""
    if decided_on > order_on:
        return SSDA903_Rule_554.code, SSDA903_Rule_554.message()
    return None


def combination_problem(*, legal_status: str, place: str) -> tuple[str, str] | None:
    """(rule code, message) when this legal status and placement cannot go together."""
    for rule in COMBINATION_RULES:
        if rule.refuses(legal_status, place):
            return rule.code, rule.message()
    return None


def duration_problem(
    *, legal_status: str, since: dt.date, until: dt.date
) -> tuple[str, str] | None:
    """(rule code, message) when a legal status held from `since` (the start of its run of
    episodes) to `until` would last longer than the law allows."""
    for rule in DURATION_RULES:
        if legal_status == rule.legal_status and (until - since).days > rule.max_days:
            return rule.code, rule.message()
    return None
