"""Real areas for the demo councils: each seeded council takes the ONS code, DfE LA number
and real postcodes of one English council, so that the DfE's derivations (the placement's
council, in or out of area, the distance from home) work on the demo's return as on a real
one. The children are synthetic; only the places are real.
"""

from dataclasses import dataclass
from functools import cache

from placements import postcodes


@dataclass(frozen=True)
class Area:
    name: str
    ons_code: str
    la_number: int
    letters: str  # first letters of the area's postcodes (which directory files to read)


AREAS = [
    Area("York", "E06000014", 816, "Y"),
    Area("Hartlepool", "E06000001", 805, "T"),
    Area("Middlesbrough", "E06000002", 806, "T"),
    Area("Darlington", "E06000005", 841, "D"),
    Area("Halton", "E06000006", 876, "W"),
    Area("Warrington", "E06000007", 877, "W"),
    Area("Blackburn with Darwen", "E06000008", 889, "B"),
    Area("Blackpool", "E06000009", 890, "F"),
    Area("Kingston upon Hull", "E06000010", 810, "H"),
    Area("Derby", "E06000015", 831, "D"),
    Area("Leicester", "E06000016", 856, "L"),
    Area("Nottingham", "E06000018", 892, "N"),
]
EVERY_LETTER = "ABCDEFGHIJKLMNOPRSTUWYZ"


def area(index: int) -> Area:
    """The area of the index-th seeded council: the twelve above, then England's other
    upper-tier councils in code order (with LA numbers 100 upwards, outside the DfE's)."""
    if index < len(AREAS):
        return AREAS[index]
    taken = {a.ons_code for a in AREAS}
    others = sorted(
        code
        for code in set(postcodes.upper_tier().values())
        if code[:3] in ("E06", "E08", "E09", "E10") and code not in taken
    )
    extra = index - len(AREAS)
    if extra >= len(others) or extra > 899:
        raise ValueError(f"No real area left for council {index + 1}")
    code = others[extra]
    return Area(postcodes.council_names().get(code, code), code, 100 + extra, EVERY_LETTER)


@cache
def pool(ons_code: str, letters: str) -> tuple[str, ...]:
    """Every postcode of the area with a grid reference, in a stable order."""
    found = tuple(sorted(postcodes.postcodes_of(ons_code, letters)))
    if not found:
        raise ValueError(f"No postcodes found for {ons_code}")
    return found
