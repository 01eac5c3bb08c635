"""Episodes: codes, the chain of episodes, and what a legal status or an ending implies."""

from oversight.ssda903.rules.base import (
    ADOPTED,
    CONTINUATIONS,
    FOSTER,
    PLACED_FOR_ADOPTION,
    QUERY,
    SHORT_BREAKS,
    TEMPORARY,
    CodeRule,
    EpisodeChainRule,
    RowRule,
    Rule,
    add_years,
    aged_under,
    dob,
)

# --- Codes ----------------------------------------------------------------------------------


class SSDA903_Rule_143(CodeRule):
    """The reason for new episode code is not a valid code."""

    code = "143"
    tables = ("Episodes",)
    dated_by = "DECOM"
    fields = ("RNE",)
    code_list = "RNE"
    required = True


class SSDA903_Rule_144(CodeRule):
    """The legal status code is not a valid code."""

    code = "144"
    tables = ("Episodes",)
    dated_by = "DECOM"
    fields = ("LS",)
    code_list = "LS"
    required = True


class SSDA903_Rule_145(CodeRule):
    """Category of need code is not a valid code."""

    code = "145"
    tables = ("Episodes",)
    dated_by = "DECOM"
    fields = ("CIN",)
    code_list = "CIN"
    required = True


class SSDA903_Rule_146(CodeRule):
    """Placement type code is not a valid code."""

    code = "146"
    tables = ("Episodes",)
    fields = ("PLACE",)
    code_list = "PLACE"
    required = True


class SSDA903_Rule_149(CodeRule):
    """Reason episode ceased code is not valid."""

    code = "149"
    tables = ("Episodes",)
    dated_by = "DEC"
    fields = ("REC",)
    code_list = "REC"


class SSDA903_Rule_178(CodeRule):
    """Placement provider code is not a valid code."""

    code = "178"
    tables = ("Episodes",)
    dated_by = "_placed_on"
    fields = ("PLACE_PROVIDER",)
    code_list = "PLACE_PROVIDER"


class SSDA903_Rule_1009(CodeRule):
    """Reason for placement change is not a valid code."""

    code = "1009"
    tables = ("Episodes",)
    dated_by = "DEC"
    fields = ("REASON_PLACE_CHANGE",)
    code_list = "REASON_PLACE_CHANGE"


# --- The chain of episodes ------------------------------------------------------------------


class SSDA903_Rule_148(RowRule):
    """Date episode ceased and reason episode ceased must both be coded, or both left
    blank."""

    code = "148"
    tables = ("Episodes",)
    fields = ("DEC", "REC")

    def fails(self, row, ret):
        return (row["DEC"] is None) != (row["REC"] is None)


class SSDA903_Rule_355(RowRule):
    """Episode appears to have lasted for less than 24 hours"""

    code = "355"
    severity = QUERY
    tables = ("Episodes",)
    fields = ("DECOM", "DEC")

    def fails(self, row, ret):
        return row["DEC"] is not None and row["DEC"] == row["DECOM"]


class SSDA903_Rule_142(Rule):
    """A new episode has started, but the previous episode has not ended."""

    code = "142"
    tables = ("Episodes",)
    fields = ("DEC", "REC")

    def check(self, ret):
        for episodes in ret.by_child("Episodes").values():
            for episode in episodes[:-1]:
                if episode["DEC"] is None or episode["REC"] is None:
                    yield "Episodes", episode


class SSDA903_Rule_357(Rule):
    """If this is the first episode ever for this child, reason for new episode must be S.
    Check whether there is an episode immediately preceding this one, which has been left
    out. If not the reason for new episode code must be amended to S."""

    code = "357"
    tables = ("Episodes",)
    fields = ("RNE",)

    def check(self, ret):
        # The Episodes table holds the episodes open in the year: a child's first row that
        # started in the year starts their care here, so it is S; one that started before
        # 1 April continues last year's file (the DfE's reading of the rule).
        for episodes in ret.by_child("Episodes").values():
            first = episodes[0]
            if first["DECOM"] >= ret.year.start and first["RNE"] != "S":
                yield "Episodes", first


class SSDA903_Rule_388(Rule):
    """Reason episode ceased is coded new episode begins, but there is no continuation
    episode."""

    code = "388"
    tables = ("Episodes",)
    fields = ("REC",)

    def check(self, ret):
        for episodes in ret.by_child("Episodes").values():
            for episode, following in zip(episodes, episodes[1:] + [None], strict=True):
                if episode["DEC"] is None:
                    continue
                if following is None:
                    bad = episode["REC"] == "X1"
                elif episode["REC"] == "X1":
                    bad = following["DECOM"] != episode["DEC"]
                else:
                    bad = episode["REC"] is not None and following["DECOM"] == episode["DEC"]
                if bad:
                    yield "Episodes", episode


class SSDA903_Rule_433(EpisodeChainRule):
    """The reason for new episode suggests that this is a continuation episode, but the
    episode does not start on the same day as the last episode finished."""

    code = "433"
    fields = ("RNE", "DECOM")

    def fails(self, episode, previous, ret):
        return episode["RNE"] in CONTINUATIONS and previous["DEC"] != episode["DECOM"]


class SSDA903_Rule_432(EpisodeChainRule):
    """The child ceased to be looked after at the end of the previous episode but the
    reason for the new episode is not started to be looked after."""

    code = "432"
    fields = ("RNE",)

    def fails(self, episode, previous, ret):
        ceased = previous["REC"] not in (None, "X1")
        return ceased and episode["RNE"] != "S"


class SSDA903_Rule_501(EpisodeChainRule):
    """A new episode has started before the end date of the previous episode."""

    code = "501"
    fields = ("DECOM", "DEC")

    def fails(self, episode, previous, ret):
        return previous["DEC"] is not None and episode["DECOM"] < previous["DEC"]


class SSDA903_Rule_504(EpisodeChainRule):
    """The category of need code differs from that reported at start of current period of
    being looked after"""

    code = "504"
    fields = ("CIN",)

    def fails(self, episode, previous, ret):
        continued = previous["REC"] == "X1" and previous["DEC"] == episode["DECOM"]
        return continued and episode["CIN"] != previous["CIN"]


PLACEMENT_DETAILS = ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")


def placement_changed(episode: dict, previous: dict) -> bool:
    return any(episode[f] != previous[f] for f in PLACEMENT_DETAILS)


class SSDA903_Rule_434(EpisodeChainRule):
    """Reason for new episode is that child's legal status has changed but not the
    placement, but this is not reflected in the episode data."""

    code = "434"
    fields = ("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER")

    def fails(self, episode, previous, ret):
        return episode["RNE"] == "L" and (
            episode["LS"] == previous["LS"] or placement_changed(episode, previous)
        )


class SSDA903_Rule_435(EpisodeChainRule):
    """Reason for new episode is that child's placement has changed but not the legal
    status, but this is not reflected in the episode data recorded."""

    code = "435"
    fields = ("LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER")

    def fails(self, episode, previous, ret):
        return episode["RNE"] in ("P", "T") and (
            episode["LS"] != previous["LS"] or not placement_changed(episode, previous)
        )


class SSDA903_Rule_436(EpisodeChainRule):
    """Reason for new episode is that both child's placement and legal status have changed,
    but this is not reflected in the episode data."""

    code = "436"
    fields = ("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER")

    def fails(self, episode, previous, ret):
        return episode["RNE"] in ("B", "U") and (
            episode["LS"] == previous["LS"] or not placement_changed(episode, previous)
        )


class SSDA903_Rule_437(EpisodeChainRule):
    """Reason episode ceased is child has died or is aged 18 or over but there are further
    episodes."""

    code = "437"
    fields = ("REC",)

    def check(self, ret):
        for episodes in ret.by_child("Episodes").values():
            for episode in episodes[:-1]:
                if episode["REC"] in ("E2", "E15"):
                    yield "Episodes", episode


# --- Who the child is, given the legal status, placement or ending --------------------------


class AgeAtStart(RowRule):
    """Episodes whose legal status or placement needs a minimum age when they start."""

    tables = ("Episodes",)
    field: str
    values: frozenset[str]
    years: int

    def fails(self, row, ret):
        return row[self.field] in self.values and aged_under(ret, row, self.years, "DECOM")


class SSDA903_Rule_352(RowRule):
    """Child who started to be looked after was aged 18 or over."""

    code = "352"
    tables = ("Episodes",)
    fields = ("DECOM", "RNE")

    def fails(self, row, ret):
        return row["RNE"] == "S" and not aged_under(ret, row, 18, "DECOM")


class SSDA903_Rule_358(RowRule):
    """Child with this legal status should not be under 10."""

    code = "358"
    tables = ("Episodes",)
    fields = ("DECOM", "DOB", "LS")

    def fails(self, row, ret):
        # The DfE counts the 10th birthday itself as too young here (DOB + 10 >= DECOM).
        born = dob(ret, row["CHILD"])
        return (
            row["LS"] in ("J1", "J2", "J3")
            and born is not None
            and row["DECOM"] <= add_years(born, 10)
        )


class SSDA903_Rule_371(AgeAtStart):
    """Child in supported accomodation not subject to children's homes regulations should
    be at least 16."""

    code = "371"
    fields = ("DECOM", "PLACE")
    field, values, years = "PLACE", frozenset({"K3"}), 16
    since = 2024


class SSDA903_Rule_372(AgeAtStart):
    """Child in youth custody or prison should be at least 10."""

    code = "372"
    fields = ("DECOM", "PLACE")
    field, values, years = "PLACE", frozenset({"R5"}), 10


class SSDA903_Rule_373(AgeAtStart):
    """Child placed in a school should be at least 4 years old."""

    code = "373"
    fields = ("DECOM", "PLACE")
    field, values, years = "PLACE", frozenset({"S1"}), 4


class SSDA903_Rule_374(AgeAtStart):
    """Child in residential employment should be at least 14 years old."""

    code = "374"
    fields = ("DECOM", "PLACE")
    field, values, years = "PLACE", frozenset({"P3"}), 14


class SSDA903_Rule_380(RowRule):
    """A period of care cannot start with a temporary placement."""

    code = "380"
    tables = ("Episodes",)
    fields = ("PLACE", "RNE")

    def fails(self, row, ret):
        return row["PLACE"] in TEMPORARY and row["RNE"] not in ("P", "B")


class SSDA903_Rule_381(RowRule):
    """A period of care cannot end with a temporary placement."""

    code = "381"
    tables = ("Episodes",)
    fields = ("PLACE", "REC")

    def fails(self, row, ret):
        return row["PLACE"] in TEMPORARY and row["REC"] not in (None, "X1")


class CeasedAtAge(RowRule):
    """Episodes ending with a reason that needs the child to be under or over an age."""

    tables = ("Episodes",)
    reasons: frozenset[str]
    years: int
    must_be_under: bool

    def fails(self, row, ret):
        if row["REC"] not in self.reasons or row["DEC"] is None:
            return False
        under = aged_under(ret, row, self.years, "DEC")
        return not under if self.must_be_under else under


class SSDA903_Rule_386(CeasedAtAge):
    """Reason episode ceased is adopted but child has reached age 18."""

    code = "386"
    fields = ("REC",)
    reasons, years, must_be_under = ADOPTED, 18, True


class SSDA903_Rule_387(CeasedAtAge):
    """Reason episode ceased is child moved into independent living arrangement, but the
    child is aged under 14."""

    code = "387"
    fields = ("REC",)
    reasons, years, must_be_under = frozenset({"E5", "E6"}), 14, False


class SSDA903_Rule_389(CeasedAtAge):
    """Reason episode ceased is that child transferred to care of adult social care
    services, but child is aged under 16."""

    code = "389"
    fields = ("REC",)
    reasons, years, must_be_under = frozenset({"E7"}), 16, False


class SSDA903_Rule_407(RowRule):
    """Reason episode ceased is Special Guardianship Order, but child has reached age
    18."""

    code = "407"
    tables = ("Episodes",)
    fields = ("DEC", "DOB", "REC")

    def fails(self, row, ret):
        born = dob(ret, row["CHILD"])
        return (
            row["REC"] in ("E45", "E46", "E47", "E48")
            and born is not None
            and row["DEC"] > add_years(born, 18)
        )


class SSDA903_Rule_460(CeasedAtAge):
    """Reason episode ceased is that child stayed with current carers at age 18 (or above),
    but child is aged under 18."""

    code = "460"
    fields = ("DEC", "REC")
    reasons, years, must_be_under = frozenset({"E17"}), 18, False


class SSDA903_Rule_390(RowRule):
    """Reason episode ceased is adopted but child has not been previously placed for
    adoption."""

    code = "390"
    tables = ("Episodes",)
    fields = ("PLACE", "REC")

    def fails(self, row, ret):
        return row["REC"] in ADOPTED and row["PLACE"] not in PLACED_FOR_ADOPTION


class SSDA903_Rule_408(RowRule):
    """Child is placed for adoption with a placement order, but no placement order has been
    recorded."""

    code = "408"
    tables = ("Episodes",)
    fields = ("PLACE", "LS")

    def fails(self, row, ret):
        return row["PLACE"] in ("A5", "A6") and row["LS"] != "E1"


class SSDA903_Rule_516(RowRule):
    """The episode data submitted for this child does not show that he/she was with their
    former foster carer(s) during the year. If the code in the reason episode ceased is
    E45 or E46 the child must have a placement code of U1 to U6."""

    code = "516"
    tables = ("Episodes",)
    fields = ("REC", "PLACE")

    def fails(self, row, ret):
        return row["REC"] in ("E45", "E46") and row["PLACE"] not in FOSTER


# --- Short breaks (CPPCR reg 48) ------------------------------------------------------------


class SSDA903_Rule_365(RowRule):
    """Any individual short- term respite placement must not exceed 17 days."""

    code = "365"
    tables = ("Episodes",)
    fields = ("DEC", "DECOM", "LS")

    def fails(self, row, ret):
        ended = row["DEC"] or ret.year.end
        return row["LS"] == "V3" and (ended - row["DECOM"]).days > 17


class SSDA903_Rule_366(RowRule):
    """A child cannot change placement during the course of an individual short-term
    respite break."""

    code = "366"
    tables = ("Episodes",)
    fields = ("RNE",)

    def fails(self, row, ret):
        return row["LS"] == "V3" and row["RNE"] != "S"


class SSDA903_Rule_367(Rule):
    """The maximum amount of respite care allowable is 75 days in any 12-month period."""

    code = "367"
    tables = ("Episodes",)
    fields = ("DEC", "DECOM", "LS")

    def check(self, ret):
        start, end = ret.year.start, ret.year.end
        for episodes in ret.by_child("Episodes").values():
            breaks = [e for e in episodes if e["LS"] == "V3"]
            days = sum(
                max(0, (min(e["DEC"] or end, end) - max(e["DECOM"], start)).days) for e in breaks
            )
            if days > 75:
                yield from (("Episodes", e) for e in breaks)


class SSDA903_Rule_426(Rule):
    """A child receiving respite care cannot be recorded under a legal status of V3 and V4
    in the same year."""

    code = "426"
    tables = ("Episodes",)
    fields = ("LS",)

    def check(self, ret):
        for episodes in ret.by_child("Episodes").values():
            statuses = {e["LS"] for e in episodes}
            if statuses >= SHORT_BREAKS:
                yield from (("Episodes", e) for e in episodes if e["LS"] in SHORT_BREAKS)


RULES = [
    SSDA903_Rule_143,
    SSDA903_Rule_144,
    SSDA903_Rule_145,
    SSDA903_Rule_146,
    SSDA903_Rule_149,
    SSDA903_Rule_178,
    SSDA903_Rule_1009,
    SSDA903_Rule_148,
    SSDA903_Rule_355,
    SSDA903_Rule_142,
    SSDA903_Rule_357,
    SSDA903_Rule_388,
    SSDA903_Rule_433,
    SSDA903_Rule_432,
    SSDA903_Rule_501,
    SSDA903_Rule_504,
    SSDA903_Rule_434,
    SSDA903_Rule_435,
    SSDA903_Rule_436,
    SSDA903_Rule_437,
    SSDA903_Rule_352,
    SSDA903_Rule_358,
    SSDA903_Rule_371,
    SSDA903_Rule_372,
    SSDA903_Rule_373,
    SSDA903_Rule_374,
    SSDA903_Rule_380,
    SSDA903_Rule_381,
    SSDA903_Rule_386,
    SSDA903_Rule_387,
    SSDA903_Rule_389,
    SSDA903_Rule_407,
    SSDA903_Rule_460,
    SSDA903_Rule_390,
    SSDA903_Rule_408,
    SSDA903_Rule_516,
    SSDA903_Rule_365,
    SSDA903_Rule_366,
    SSDA903_Rule_367,
    SSDA903_Rule_426,
]
