"""AD1 (adopted in the year), PlacedAdoption and PrevPerm (previous permanence)."""

import datetime as dt
import re

from oversight.ssda903.rules.base import (
    ADOPTED,
    PLACED_FOR_ADOPTION,
    QUERY,
    CodeRule,
    RowRule,
    Rule,
)

AD1_ITEMS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


def period_start(episodes: list[dict]) -> dt.date | None:
    """When the child's latest period of care started (its RNE S episode)."""
    starts = [e["DECOM"] for e in episodes if e["RNE"] == "S"]
    return starts[-1] if starts else None


# --- Episodes -------------------------------------------------------------------------------


class SSDA903_Rule_217(RowRule):
    """Children who are placed for adoption with current foster carers (placement types A3
    or A5) must have a reason for new episode of S, T or U."""

    code = "217"
    tables = ("Episodes",)
    fields = ("PLACE", "DECOM", "RNE")
    places = frozenset({"A3", "A5"})
    reasons = frozenset({"S", "T", "U"})
    since_day = dt.date(2015, 4, 1)

    @classmethod
    def refuses(cls, place: str, rne: str) -> bool:
        """A3 and A5 are with the carer the child already lives with: an episode in them
        begins care, or changes the placement (and perhaps the legal status) with the same
        carer, never the carer alone or the legal status alone."""
        return place in cls.places and rne not in cls.reasons

    def fails(self, row: dict, ret) -> bool:
        return row["DECOM"] >= self.since_day and self.refuses(row["PLACE"], row["RNE"])


# --- AD1 ------------------------------------------------------------------------------------


class SSDA903_Rule_601(RowRule):
    """The additional fields relating to adoption have not been completed although the
    episode data shows that the child was adopted during the year."""

    code = "601"
    tables = ("AD1",)
    fields = AD1_ITEMS

    def fails(self, row, ret):
        return any(row[f] in (None, "") for f in AD1_ITEMS)


class SSDA903_Rule_602(Rule):
    """The episode data submitted for this child does not show that he/she was adopted
    during the year."""

    code = "602"
    tables = ("AD1", "Episodes")
    fields = ("CHILD",)

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        start, end = ret.year.start, ret.year.end
        for row in ret.rows("AD1"):
            adopted = any(
                e["REC"] in ADOPTED and e["DEC"] and start <= e["DEC"] <= end
                for e in episodes.get(row["CHILD"], [])
            )
            if not adopted:
                yield "AD1", row


class SSDA903_Rule_114(RowRule):
    """Data entry to record the status of former carer(s) of an adopted child is
    invalid."""

    code = "114"
    tables = ("AD1",)
    fields = ("FOSTER_CARE",)

    def fails(self, row, ret):
        return row["FOSTER_CARE"] not in (None, "0", "1")


class SSDA903_Rule_175(RowRule):
    """The number of adopter(s) code is not a valid code."""

    code = "175"
    tables = ("AD1",)
    fields = ("NB_ADOPTR",)

    def fails(self, row, ret):
        return row["NB_ADOPTR"] not in (None, "1", "2")


class SSDA903_Rule_176(CodeRule):
    """The gender of adopter(s) at the date of adoption code is not a valid code."""

    code = "176"
    tables = ("AD1",)
    fields = ("SEX_ADOPTR",)
    code_list = "SEX_ADOPTR"


class SSDA903_Rule_177(CodeRule):
    """The legal status of adopter(s) code is not a valid code."""

    code = "177"
    tables = ("AD1",)
    fields = ("LS_ADOPTR",)
    code_list = "LS_ADOPTR"


class SSDA903_Rule_333(RowRule):
    """Date should be placed for adoption must be on or prior to the date of matching child
    with adopter(s)."""

    code = "333"
    tables = ("AD1",)
    fields = ("DATE_INT",)

    def fails(self, row, ret):
        return row["DATE_MATCH"] is not None and (
            row["DATE_INT"] is None or row["DATE_INT"] > row["DATE_MATCH"]
        )


class AdoptersMustBe(RowRule):
    """A legal status of adopters that needs particular genders of adopters."""

    tables = ("AD1",)
    fields = ("LS_ADOPTR", "SEX_ADOPTR")
    legal_status: str
    sexes: frozenset[str]

    def fails(self, row, ret):
        return row["LS_ADOPTR"] == self.legal_status and row["SEX_ADOPTR"] not in self.sexes


class SSDA903_Rule_511(RowRule):
    """If reporting that the number of person(s) adopting the looked after child is two
    adopters then the code should only be MM, FF or MF. MM = the adopting couple are both
    males; FF = the adopting couple are both females; MF = The adopting couple are male and
    female."""

    code = "511"
    tables = ("AD1",)
    fields = ("NB_ADOPTR", "SEX_ADOPTR")

    def fails(self, row, ret):
        return row["NB_ADOPTR"] == "2" and row["SEX_ADOPTR"] in ("M1", "F1")


class SSDA903_Rule_514(AdoptersMustBe):
    """Data entry on the legal status of adopters shows a single adopter but data entry for
    the numbers of adopters shows it as a couple."""

    code = "514"
    legal_status, sexes = "L0", frozenset({"M1", "F1"})


class SSDA903_Rule_517(AdoptersMustBe):
    """If reporting legal status of adopters is L3 then the genders of adopters should be
    coded as MF. MF = the adopting couple are male and female."""

    code = "517"
    legal_status, sexes = "L3", frozenset({"MF"})


class SSDA903_Rule_518(AdoptersMustBe):
    """If reporting legal status of adopters is L4 then the genders of adopters should be
    coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are
    both females."""

    code = "518"
    legal_status, sexes = "L4", frozenset({"MM", "FF"})


class SSDA903_Rule_519(AdoptersMustBe):
    """Data entered on the legal status of adopters shows civil partnership couple, but
    data entered on genders of adopters does not show it as a couple."""

    code = "519"
    legal_status, sexes = "L2", frozenset({"MM", "FF", "MF"})


class SSDA903_Rule_520(AdoptersMustBe):
    """Data entry on the legal status of adopters shows different gender married couple but
    data entry on genders of adopters shows it as a same gender couple."""

    code = "520"
    legal_status, sexes = "L11", frozenset({"MF"})


class SSDA903_Rule_524(AdoptersMustBe):
    """If reporting legal status of adopters is L12 then the genders of adopters should be
    coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are
    both females"""

    code = "524"
    legal_status, sexes = "L12", frozenset({"MM", "FF"})


class SSDA903_Rule_521(Rule):
    """Date of local authority's decision (LA) that adoption is in the best interests of the
    child (date should be placed) must be on or prior to the date the child is placed for
    adoption."""

    code = "521"
    tables = ("AD1", "Episodes")
    fields = ("PLACE", "DECOM", "DATE_INT")

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        for row in ret.rows("AD1"):
            placed = [
                e["DECOM"]
                for e in episodes.get(row["CHILD"], [])
                if e["PLACE"] in PLACED_FOR_ADOPTION
            ]
            if row["DATE_INT"] and placed and row["DATE_INT"] > min(placed):
                yield "AD1", row


class SSDA903_Rule_334(Rule):
    """Date child started to be looked after in latest period of care must be on or prior to
    the date should be placed for adoption."""

    code = "334"
    tables = ("AD1", "Episodes")
    fields = ("DATE_INT", "DECOM", "RNE")

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        for row in ret.rows("AD1"):
            started = period_start(episodes.get(row["CHILD"], []))
            if row["DATE_INT"] and started and row["DATE_INT"] < started:
                yield "AD1", row


class SSDA903_Rule_335(Rule):
    """The current foster value (0) suggests that child is not adopted by current foster
    carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests
    that child is adopted by current foster carer, but last placement is A1, A4 or A6."""

    code = "335"
    tables = ("Episodes", "AD1")
    fields = ("PLACE", "FOSTER_CARE")
    with_carer = frozenset({"A2", "A3", "A5"})
    not_with_carer = frozenset({"A1", "A4", "A6"})
    ending = frozenset({"E1"}) | ADOPTED

    @classmethod
    def disagrees(cls, place: str, foster_care: str | None) -> bool:
        """Does the AD1 answer to "adopted by the current foster carer" contradict the
        placement the child was adopted from?"""
        return (place in cls.with_carer and foster_care == "0") or (
            place in cls.not_with_carer and foster_care == "1"
        )

    def check(self, ret):
        adoptions = {row["CHILD"]: row for row in ret.rows("AD1")}
        for child, episodes in ret.by_child("Episodes").items():
            row = adoptions.get(child)
            wrong = [
                e
                for e in episodes
                if row
                and e["REC"] in self.ending
                and self.disagrees(e["PLACE"], row["FOSTER_CARE"])
            ]
            yield from (("Episodes", e) for e in wrong)
            if wrong:
                yield "AD1", row


class SSDA903_Rule_582(Rule):
    """Child is showing as ceasing to be looked after due to adoption, but the date of
    adoption is the same as the date reported for being matched with adopters. In most
    circumstances we expect the date the child is matched with adopters to be before the
    date of adoption."""

    code = "582"
    severity = QUERY
    tables = ("Episodes", "AD1")
    fields = ("DEC", "DATE_MATCH")

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        for row in ret.rows("AD1"):
            for episode in episodes.get(row["CHILD"], []):
                if episode["REC"] in ADOPTED and episode["DEC"] == row["DATE_MATCH"]:
                    yield "AD1", row


# --- PlacedAdoption -------------------------------------------------------------------------


class SSDA903_Rule_1003(Rule):
    """Date of LA's decision that a child should be placed for adoption is before the child
    started to be looked after."""

    code = "1003"
    tables = ("PlacedAdoption", "Episodes")
    fields = ("DATE_PLACED", "DECOM", "RNE")

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        for row in ret.rows("PlacedAdoption"):
            starts = [e["DECOM"] for e in episodes.get(row["CHILD"], []) if e["RNE"] == "S"]
            if starts and row["DATE_PLACED"] < min(starts):
                yield "PlacedAdoption", row


class SSDA903_Rule_554(Rule):
    """Date of decision that the child should be placed for adoption should be on or prior
    to the date that the placement order was granted.

    The placement order is the first episode of the year under legal status E1."""

    code = "554"
    tables = ("Episodes", "PlacedAdoption")
    fields = ("DATE_PLACED", "DECOM", "LS")

    def check(self, ret):
        placed = ret.by_child("PlacedAdoption")
        for child, episodes in ret.by_child("Episodes").items():
            orders = [e for e in episodes if e["LS"] == "E1"]
            if not orders:
                continue
            first = min(orders, key=lambda e: e["DECOM"])
            later = [
                d
                for d in placed.get(child, [])
                if d["DATE_PLACED"] and d["DATE_PLACED"] > first["DECOM"]
            ]
            if later:
                yield "Episodes", first
                yield from (("PlacedAdoption", d) for d in later)


class SSDA903_Rule_522(RowRule):
    """Date of decision that the child should be placed for adoption must be on or before
    the date that a child should no longer be placed for adoption."""

    code = "522"
    tables = ("PlacedAdoption",)
    fields = ("DATE_PLACED", "DATE_PLACED_CEASED")

    def fails(self, row, ret):
        ceased = row["DATE_PLACED_CEASED"]
        return ceased is not None and row["DATE_PLACED"] > ceased


class SSDA903_Rule_119(RowRule):
    """If the decision is made that a child should no longer be placed for adoption, then
    the date of this decision and the reason why this decision was made must be
    completed."""

    code = "119"
    tables = ("PlacedAdoption",)
    fields = ("DATE_PLACED_CEASED", "REASON_PLACED_CEASED")

    def fails(self, row, ret):
        return (row["DATE_PLACED_CEASED"] is None) != (row["REASON_PLACED_CEASED"] is None)


class SSDA903_Rule_120(CodeRule):
    """The reason for the reversal of the decision that the child should be placed for
    adoption code is not valid."""

    code = "120"
    tables = ("PlacedAdoption",)
    fields = ("REASON_PLACED_CEASED",)
    code_list = "REASON_PLACED_CEASED"


class SSDA903_Rule_551(Rule):
    """Child has been placed for adoption but there is no date of the decision that the
    child should be placed for adoption."""

    code = "551"
    tables = ("Episodes", "PlacedAdoption")
    fields = ("DATE_PLACED", "PLACE")

    def check(self, ret):
        decided = {r["CHILD"] for r in ret.rows("PlacedAdoption") if r["DATE_PLACED"]}
        for row in ret.rows("Episodes"):
            if row["PLACE"] in PLACED_FOR_ADOPTION and row["CHILD"] not in decided:
                yield "Episodes", row


class SSDA903_Rule_523(Rule):
    """Date of decision that the child should be placed for adoption should be the same date
    as the decision that adoption is in the best interest (date should be placed)."""

    code = "523"
    tables = ("PlacedAdoption", "AD1")
    fields = ("DATE_PLACED", "DATE_INT")

    def check(self, ret):
        placed = ret.by_child("PlacedAdoption")
        for row in ret.rows("AD1"):
            if row["DATE_INT"] is None:
                continue
            for decision in placed.get(row["CHILD"], []):
                if decision["DATE_PLACED"] != row["DATE_INT"]:
                    yield "PlacedAdoption", decision


# --- PrevPerm -------------------------------------------------------------------------------

DATE_PERM = re.compile(r"^(\d{2}|zz)/(\d{2}|zz)/\d{4}$", re.IGNORECASE)


class SSDA903_Rule_630(RowRule):
    """Information on previous permanence option should be returned."""

    code = "630"
    tables = ("PrevPerm",)
    fields = ("RNE", "PREV_PERM")

    def fails(self, row, ret):
        return row["PREV_PERM"] is None


class SSDA903_Rule_631(CodeRule):
    """Previous permanence option not a valid value."""

    code = "631"
    tables = ("PrevPerm",)
    fields = ("PREV_PERM",)
    code_list = "PREV_PERM"


class SSDA903_Rule_635(RowRule):
    """There are entries for date of order and local authority code where previous
    permanence option was arranged but previous permanence code is Z1"""

    code = "635"
    tables = ("PrevPerm",)
    fields = ("DATE_PERM", "LA_PERM", "PREV_PERM")

    def fails(self, row, ret):
        return row["PREV_PERM"] == "Z1" and bool(row["DATE_PERM"] or row["LA_PERM"])


def parse_date_perm(text: str) -> dt.date | None:
    """DATE_PERM allows zz for an unknown day or month: the earliest date it can mean."""
    day, month, year = text.lower().split("/")
    try:
        return dt.date(
            int(year), 1 if month == "zz" else int(month), 1 if day == "zz" else int(day)
        )
    except ValueError:
        return None


class SSDA903_Rule_632(Rule):
    """Date of previous permanence order not a valid value."""

    code = "632"
    tables = ("PrevPerm", "Episodes")
    fields = ("DATE_PERM", "DECOM")

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        for row in ret.rows("PrevPerm"):
            text = row["DATE_PERM"]
            if not text:
                continue
            on = parse_date_perm(text) if DATE_PERM.match(text) else None
            started = period_start(episodes.get(row["CHILD"], []))
            if on is None or (started is not None and on >= started):
                yield "PrevPerm", row


RULES = [
    SSDA903_Rule_217,
    SSDA903_Rule_601,
    SSDA903_Rule_602,
    SSDA903_Rule_114,
    SSDA903_Rule_175,
    SSDA903_Rule_176,
    SSDA903_Rule_177,
    SSDA903_Rule_333,
    SSDA903_Rule_511,
    SSDA903_Rule_514,
    SSDA903_Rule_517,
    SSDA903_Rule_518,
    SSDA903_Rule_519,
    SSDA903_Rule_520,
    SSDA903_Rule_524,
    SSDA903_Rule_521,
    SSDA903_Rule_334,
    SSDA903_Rule_335,
    SSDA903_Rule_582,
    SSDA903_Rule_1003,
    SSDA903_Rule_554,
    SSDA903_Rule_522,
    SSDA903_Rule_119,
    SSDA903_Rule_120,
    SSDA903_Rule_551,
    SSDA903_Rule_523,
    SSDA903_Rule_630,
    SSDA903_Rule_631,
    SSDA903_Rule_635,
    SSDA903_Rule_632,
]
