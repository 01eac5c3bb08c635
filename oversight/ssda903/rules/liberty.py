"""DoLo: deprivation of liberty orders (rules 700 to 710, from 2026-27).

Rule 706 (an order open in last year's return must open this year's) is not checked here:
the projection holds every order in force at any time in the year, so an order open at
last year's 31 March is always this year's first row. The public validator checks it
against last year's files (tests/oversight/ssda903/test_dfe_validator.py).
"""

import datetime as dt

from oversight.ssda903.rules.base import QUERY, RowRule, Rule, dob

DOLO = 2026
PLACED_AS_EXPECTED = frozenset({"K2", "Z12", "Z13"})  # rule 709
NOT_WITH_AN_ORDER = frozenset({"K1", "P1", "R5", "K3"})  # rule 710


class DoLoRule(RowRule):
    tables = ("DoLo",)
    since = DOLO


class SSDA903_Rule_700(DoLoRule):
    """The start date of the DoLO is not a valid date."""

    code = "700"
    fields = ("DOLO_START",)

    def fails(self, row, ret):
        return not isinstance(row["DOLO_START"], dt.date)


class SSDA903_Rule_701(DoLoRule):
    """The end date of the DoLO is not a valid date."""

    code = "701"
    fields = ("DOLO_END",)

    def fails(self, row, ret):
        return row["DOLO_END"] is not None and not isinstance(row["DOLO_END"], dt.date)


def _dates(row) -> tuple[dt.date | None, dt.date | None]:
    start, end = row["DOLO_START"], row["DOLO_END"]
    return (
        start if isinstance(start, dt.date) else None,
        end if isinstance(end, dt.date) else None,
    )


class SSDA903_Rule_702(DoLoRule):
    """The date that the DoLO ended is before the date that it started."""

    code = "702"
    fields = ("DOLO_START", "DOLO_END")

    def fails(self, row, ret):
        start, end = _dates(row)
        return start is not None and end is not None and end <= start


class SSDA903_Rule_703(DoLoRule):
    """The date that the DoLO started is after the end of the collection year."""

    code = "703"
    fields = ("DOLO_START",)

    def fails(self, row, ret):
        start, _ = _dates(row)
        return start is not None and start > ret.year.end


class SSDA903_Rule_704(DoLoRule):
    """The date that the DoLO ended is before the start or after the end of the collection
    year."""

    code = "704"
    fields = ("DOLO_END",)

    def fails(self, row, ret):
        _, end = _dates(row)
        return end is not None and not ret.year.start <= end <= ret.year.end


class SSDA903_Rule_705(Rule):
    """A DoLO cannot start when the previous DoLO is still open."""

    code = "705"
    tables = ("DoLo",)
    fields = ("DOLO_START", "DOLO_END")
    since = DOLO

    def check(self, ret):
        for orders in ret.by_child("DoLo").values():
            # in the validator's order: by end (an open order by its start), then start
            ordered = sorted(
                orders, key=lambda o: (o["DOLO_END"] or o["DOLO_START"], o["DOLO_START"])
            )
            for previous, order in zip(ordered, ordered[1:], strict=False):
                if previous["DOLO_END"] is None or order["DOLO_START"] < previous["DOLO_END"]:
                    yield "DoLo", order


class SSDA903_Rule_707(Rule):
    """Child ceased to be looked after but there is a DoLO without an end date."""

    code = "707"
    tables = ("DoLo", "Episodes")
    fields = ("DOLO_END",)
    since = DOLO

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        for child, orders in ret.by_child("DoLo").items():
            last = episodes.get(child, [None])[-1]
            if last is None or last["REC"] in (None, "X1"):
                continue
            for order in orders:
                if order["DOLO_END"] is None and order["DOLO_START"] <= last["DEC"]:
                    yield "DoLo", order


class SSDA903_Rule_708(DoLoRule):
    """Dates of DoLOs are before child’s date of birth."""

    code = "708"
    fields = ("DOLO_START",)

    def fails(self, row, ret):
        start, _ = _dates(row)
        born = row.get("DOB") or dob(ret, row["CHILD"])
        return start is not None and born is not None and start <= born


class _PlacedDuringAnOrder(Rule):
    """Episodes in the dates of an order that has both its dates (as the DfE's rule asks),
    whose placement type `wrong` says cannot go with it: the order and the episode."""

    tables = ("DoLo", "Episodes")
    fields = ("DOLO_START", "PLACE")
    since = DOLO

    def wrong(self, place: str) -> bool:
        raise NotImplementedError

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        for child, orders in ret.by_child("DoLo").items():
            for order in orders:
                start, end = _dates(order)
                if start is None or end is None:
                    continue
                for episode in episodes.get(child, []):
                    overlaps = (episode["DEC"] is None or start <= episode["DEC"]) and (
                        end >= episode["DECOM"]
                    )
                    if overlaps and self.wrong(episode["PLACE"]):
                        yield "DoLo", order
                        yield "Episodes", episode


class SSDA903_Rule_709(_PlacedDuringAnOrder):
    """Child with a DoLO is in an unexpected placement type."""

    code = "709"
    severity = QUERY

    def wrong(self, place):
        return place not in PLACED_AS_EXPECTED


class SSDA903_Rule_710(_PlacedDuringAnOrder):
    """Child with a DoLO can not be placed in secure children's homes, with parents, young
    offender institutions, or supported accommodation."""

    code = "710"

    def wrong(self, place):
        return place in NOT_WITH_AN_ORDER


RULES = (
    SSDA903_Rule_700,
    SSDA903_Rule_701,
    SSDA903_Rule_702,
    SSDA903_Rule_703,
    SSDA903_Rule_704,
    SSDA903_Rule_705,
    SSDA903_Rule_707,
    SSDA903_Rule_708,
    SSDA903_Rule_709,
    SSDA903_Rule_710,
)
