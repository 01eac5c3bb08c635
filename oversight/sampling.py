"""The reproducible, stratified sample of an inspection.

1. The frame: the children in the inspection's scope who were looked after at some time in
   its period (a council inspection: the council's children; a practice inspection: the
   children the practice held during the period), one row each, described by their last
   episode in the period.
2. Strata: legal status group × placement type × age band (at the end of that episode, or
   of the period) × the practice holding the case then (or the council's own team).
3. Allocation: proportional to stratum size, by the largest-remainder method; ties go to
   the larger stratum, then to the stratum's key in order. No randomness here.
4. Selection: within each stratum, `random.Random(f"{seed}:{key}")` samples from the
   children sorted by id. Same seed, same record: same sample. A stratum's draw does not
   depend on any other stratum.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from oversight.models import Inspection
from placements.models import Allocation, Episode

# Legal status (LS) grouped as inspectors read them.
LEGAL_STATUS_GROUPS = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Placement order",
    "E1": "Placement order",
    "V2": "Accommodated (section 20)",
    "V3": "Short breaks",
    "V4": "Short breaks",
}
LEGAL_STATUS_OTHER = "Youth justice or emergency"

# Placement type by the first letter of PLACE.
PLACEMENT_TYPES = {
    "U": "Foster care",
    "A": "Placed for adoption",
    "K": "Children's home or supported accommodation",
    "P": "With parents or living independently",
    "R": "Residential or health setting",
    "S": "Residential school",
    "T": "Temporary placement",
    "Z": "Other placement",
}

AGE_BANDS = [(0, 1, "Under 1"), (1, 5, "1 to 4"), (5, 10, "5 to 9"), (10, 16, "10 to 15")]
AGE_BAND_OLDEST = "16 and over"


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age < high:
            return label
    return AGE_BAND_OLDEST


@dataclass(frozen=True)
class FrameRow:
    child_id: int
    legal_status: str
    placement_type: str
    age_band: str
    holder: str

    @property
    def stratum(self) -> str:
        return " · ".join((self.legal_status, self.placement_type, self.age_band, self.holder))


def frame(inspection: Inspection) -> list[FrameRow]:
    """One row per child who may be drawn: one query."""
    period_start, period_end = inspection.period
    episodes = Episode.objects.filter(decom__lte=period_end).filter(
        Q(dec__isnull=True) | Q(dec__gte=period_start)
    )
    if inspection.council_id:
        episodes = episodes.filter(child__council=inspection.council_id)
    else:
        held = Allocation.objects.filter(
            practice=inspection.practice_id, started_on__lte=period_end
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period_start))
        episodes = episodes.filter(child__in=held.values("child"))
    holder = Allocation.objects.filter(
        child=OuterRef("child_id"), started_on__lte=period_end
    ).order_by("-started_on")
    if inspection.practice_id:
        holder = holder.filter(practice=inspection.practice_id)
    rows = (
        episodes.annotate(holder_name=Subquery(holder.values("practice__name")[:1]))
        .order_by("child_id", "-decom")
        .distinct("child_id")
        .values_list(
            "child_id",
            "legal_status",
            "placement__place",
            "child__date_of_birth",
            "dec",
            "holder_name",
        )
    )
    result = []
    for child_id, legal_status, place, date_of_birth, dec, holder_name in rows:
        on = min(dec, period_end) if dec else period_end
        result.append(
            FrameRow(
                child_id=child_id,
                legal_status=LEGAL_STATUS_GROUPS.get(legal_status, LEGAL_STATUS_OTHER),
                placement_type=PLACEMENT_TYPES.get((place or "Z")[:1], PLACEMENT_TYPES["Z"]),
                age_band=age_band(age_on(date_of_birth, on)),
                holder=holder_name or "Council's own team",
            )
        )
    return result


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Proportional allocation of `n` across strata by the largest-remainder method."""
    total = sum(sizes.values())
    if total == 0:
        return {}
    n = min(n, total)
    quotas = {key: n * size / total for key, size in sizes.items()}
    counts = {key: int(quota) for key, quota in quotas.items()}
    left = n - sum(counts.values())
    order = sorted(sizes, key=lambda key: (-(quotas[key] - counts[key]), -sizes[key], key))
    for key in order[:left]:
        counts[key] += 1
    return {key: count for key, count in counts.items() if count}


def draw(rows: list[FrameRow], *, size: int, seed: int) -> list[FrameRow]:
    """The sample: deterministic for the same rows, size and seed."""
    strata: dict[str, list[FrameRow]] = {}
    for row in rows:
        strata.setdefault(row.stratum, []).append(row)
    chosen = []
    for key, count in sorted(allocate({k: len(v) for k, v in strata.items()}, size).items()):
        members = sorted(strata[key], key=lambda row: row.child_id)
        chosen.extend(random.Random(f"{seed}:{key}").sample(members, count))  # noqa: S311
    return chosen
