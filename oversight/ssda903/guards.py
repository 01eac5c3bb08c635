"""The DfE's rules asked at the moment a value is typed, in the rules' own words.

`placements.services.episodes._validate_placement` calls `placement_problems` for every
new placement (start of care, change of placement, from the page or the API), so a
placement type and provider that the return would reject (rules 527 to 531 and 550) are
refused before they are saved, with the rule's message, against the provider field.
`change_placement` asks `postcode_problem` (rule 392B) of the new placement's postcode.
"""

from oversight.ssda903.rules.base import SHORT_BREAKS
from oversight.ssda903.rules.placements import (
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
