"""Legal statuses that cannot last, and legal status and placement pairs that cannot go
together (rules 361, 362, 378, 384). Asked at data entry too (oversight/ssda903/guards.py).
"""

from collections.abc import Iterator
from typing import ClassVar

from oversight.ssda903.rules.base import SHORT_BREAKS, RowRule, Rule


class LegalStatusTooLong(Rule):
    """A run of a child's episodes under one legal status, each continuing the last
    (DEC the next DECOM), lasting more than `max_days` from its first DECOM to its last
    DEC (or to the day the return stands at, while it is open)."""

    tables = ("Episodes",)
    fields = ("DECOM", "LS", "DEC")
    legal_status: ClassVar[str]
    max_days: ClassVar[int]

    def check(self, ret) -> Iterator[tuple[str, dict]]:
        for episodes in ret.by_child("Episodes").values():
            run: list[dict] = []
            for episode in [*episodes, None]:
                under = episode is not None and episode["LS"] == self.legal_status
                if under and run and run[-1]["DEC"] == episode["DECOM"]:
                    run.append(episode)
                    continue
                if run and self.too_long(run, ret):
                    for row in run:
                        yield "Episodes", row
                run = [episode] if under else []

    def too_long(self, run: list[dict], ret) -> bool:
        ended = run[-1]["DEC"] or min(ret.as_at, ret.year.end)
        return (ended - run[0]["DECOM"]).days > self.max_days


class SSDA903_Rule_361(LegalStatusTooLong):
    """Police protection legal status lasted longer than maximum 72 hours allowed in the
    Children Act 1989."""

    code = "361"
    legal_status, max_days = "L1", 3


class SSDA903_Rule_362(LegalStatusTooLong):
    """Emergency protection order (EPO) lasted longer than 21 days"""

    code = "362"
    legal_status, max_days = "L2", 21


class CannotGoTogether(RowRule):
    """An episode whose legal status is one of `statuses` and placement one of `places`."""

    tables = ("Episodes",)
    fields = ("PLACE", "LS")
    statuses: ClassVar[frozenset[str]]
    places: ClassVar[frozenset[str]]

    @classmethod
    def refuses(cls, legal_status: str, place: str) -> bool:
        return legal_status in cls.statuses and place in cls.places

    def fails(self, row: dict, ret) -> bool:
        return self.refuses(row["LS"], row["PLACE"])


class SSDA903_Rule_378(CannotGoTogether):
    """A child who is placed with parent(s) cannot be looked after under a single period of
    accommodation under Section 20 of the Children Act 1989."""

    code = "378"
    statuses, places = frozenset({"V2"}), frozenset({"P1"})


class SSDA903_Rule_384(CannotGoTogether):
    """A child receiving respite care cannot be in a long-term foster placement"""

    code = "384"
    statuses, places = SHORT_BREAKS, frozenset({"U1", "U4"})


DURATION_RULES = (SSDA903_Rule_361, SSDA903_Rule_362)
COMBINATION_RULES = (SSDA903_Rule_378, SSDA903_Rule_384)
RULES = [*DURATION_RULES, *COMBINATION_RULES]
