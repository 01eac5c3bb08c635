"""Placements within episodes: provider, Ofsted URN, reason for change and postcodes."""

from oversight.ssda903.rules.base import (
    NO_PROVIDER,
    SHORT_BREAKS,
    TEMPORARY,
    RowRule,
    Rule,
    aged_under,
)

# --- Placement provider against placement type ----------------------------------------------


class SSDA903_Rule_213(RowRule):
    """Placement provider information not required."""

    code = "213"
    tables = ("Episodes",)
    fields = ("PLACE_PROVIDER",)

    def fails(self, row, ret):
        return row["PLACE"] in NO_PROVIDER and row["PLACE_PROVIDER"] is not None


class SSDA903_Rule_526(RowRule):
    """Child is missing a placement provider code for at least one episode."""

    code = "526"
    tables = ("Episodes",)
    fields = ("PLACE", "PLACE_PROVIDER")

    def fails(self, row, ret):
        return row["PLACE"] not in NO_PROVIDER and row["PLACE_PROVIDER"] is None


class ProviderCannotProvide(RowRule):
    """A provider code that cannot go with these placement types. Also asked when a
    placement is entered (guards.py), so it reads only PLACE and PLACE_PROVIDER."""

    tables = ("Episodes",)
    fields = ("PLACE", "PLACE_PROVIDER")
    provider: str
    places: frozenset[str]

    def fails(self, row, ret=None):
        return row["PLACE_PROVIDER"] == self.provider and row["PLACE"] in self.places


class SSDA903_Rule_527(ProviderCannotProvide):
    """A placement provider code of PR1 cannot be associated with placements P1, R2 or
    R5."""

    code = "527"
    provider, places = "PR1", frozenset({"P1", "R2", "R5"})


class SSDA903_Rule_528(ProviderCannotProvide):
    """A placement provider code of PR2 cannot be associated with placements P1, R2 or
    R5."""

    code = "528"
    provider, places = "PR2", frozenset({"P1", "R2", "R5"})


class SSDA903_Rule_529(ProviderCannotProvide):
    """Placement provider code of PR3 cannot be associated with placements P1, A3 to A6,
    K1, K2 and U1 to U6 as these placements cannot be provided by other public
    organisations."""

    code = "529"
    provider = "PR3"
    places = frozenset(
        {"P1", "A3", "A4", "A5", "A6", "K1", "K2", "U1", "U2", "U3", "U4", "U5", "U6"}
    )


class SSDA903_Rule_530(ProviderCannotProvide):
    """A placement provider code of PR4 cannot be associated with placement P1."""

    code = "530"
    provider, places = "PR4", frozenset({"P1"})


class SSDA903_Rule_531(ProviderCannotProvide):
    """A placement provider code of PR5 cannot be associated with placements P1."""

    code = "531"
    provider, places = "PR5", frozenset({"P1"})


class SSDA903_Rule_550(ProviderCannotProvide):
    """A placement provider code of PR0 can only be associated with placement P1."""

    code = "550"

    def fails(self, row, ret=None):
        return row["PLACE_PROVIDER"] == "PR0" and row["PLACE"] != "P1"


# --- Ofsted URN -----------------------------------------------------------------------------

NO_URN = frozenset({"P1", "P3", "R1", "R2", "R5"}) | NO_PROVIDER


class SSDA903_Rule_218(RowRule):
    """Ofsted Unique reference number (URN) is required."""

    code = "218"
    tables = ("Episodes",)
    fields = ("URN",)

    def fails(self, row, ret):
        # Short breaks are exempt: rule 214 says their URN is not returned.
        return (
            row["URN"] is None
            and row["PLACE"] not in NO_URN
            and row["LS"] not in SHORT_BREAKS
            and (row["DEC"] is None or row["DEC"] >= ret.year.start)
        )


class SSDA903_Rule_222(RowRule):
    """Ofsted Unique reference number (URN) should not be recorded for this placement
    type."""

    code = "222"
    tables = ("Episodes",)
    fields = ("URN",)

    def fails(self, row, ret):
        return row["PLACE"] in NO_URN and row["URN"] not in (None, "XXXXXXX")


class SSDA903_Rule_214(RowRule):
    """Placement location information not required."""

    code = "214"
    tables = ("Episodes",)
    fields = ("PL_POST", "URN")

    def fails(self, row, ret):
        return row["LS"] in SHORT_BREAKS and (row["PL_POST"] or row["URN"])


# --- Reason for placement change ------------------------------------------------------------


class SSDA903_Rule_225(Rule):
    """Reason for placement change must be recorded."""

    code = "225"
    tables = ("Episodes",)
    fields = ("REASON_PLACE_CHANGE",)

    def check(self, ret):
        for episodes in ret.by_child("Episodes").values():
            for episode, following in zip(episodes, episodes[1:], strict=False):
                if (
                    episode["REC"] == "X1"
                    and episode["REASON_PLACE_CHANGE"] is None
                    and episode["PLACE"] not in TEMPORARY
                    and following["RNE"] in ("P", "B", "T", "U")
                    and following["PLACE"] not in TEMPORARY
                ):
                    yield "Episodes", episode


class SSDA903_Rule_226(Rule):
    """Reason for placement change is not required for temporary placements."""

    code = "226"
    tables = ("Episodes",)
    fields = ("REASON_PLACE_CHANGE", "PLACE")
    since = 2025

    def check(self, ret):
        for episodes in ret.by_child("Episodes").values():
            for previous, episode in zip([None, *episodes], episodes, strict=False):
                if episode["PLACE"] in TEMPORARY and (
                    episode["REASON_PLACE_CHANGE"] is not None
                    or (previous is not None and previous["REASON_PLACE_CHANGE"] is not None)
                ):
                    yield "Episodes", episode


class SSDA903_Rule_233(RowRule):
    """Reason for placement change is not required when the episode has not ceased."""

    code = "233"
    tables = ("Episodes",)
    fields = ("REASON_PLACE_CHANGE",)
    since = 2025

    def fails(self, row, ret):
        return row["DEC"] is None and row["REASON_PLACE_CHANGE"] is not None


class SSDA903_Rule_234(RowRule):
    """A child aged under 10 can not change placement due to being admitted to custody"""

    code = "234"
    tables = ("Episodes",)
    fields = ("REASON_PLACE_CHANGE", "DOB")
    since = 2025

    def fails(self, row, ret):
        return row["REASON_PLACE_CHANGE"] == "CUSTOD" and aged_under(ret, row, 10, "DEC")


# --- Postcodes ------------------------------------------------------------------------------


class SSDA903_Rule_392B(Rule):
    """Child is looked after but no postcodes are recorded."""

    code = "392B"
    tables = ("Episodes",)
    fields = ("HOME_POST", "PL_POST")

    def check(self, ret):
        uasc = {r["CHILD"] for r in ret.rows("UASC")}
        for row in ret.rows("Episodes"):
            if (
                row["LS"] not in SHORT_BREAKS
                and row["CHILD"] not in uasc
                and not (row["HOME_POST"] and row["PL_POST"])
            ):
                yield "Episodes", row


class SSDA903_Rule_302(Rule):
    """First episode starts before child was born."""

    code = "302"
    tables = ("Episodes", "Header")
    fields = ("DECOM", "DOB")

    def check(self, ret):
        for child, episodes in ret.by_child("Episodes").items():
            header = ret.header.get(child)
            if header and episodes[0]["DECOM"] < header["DOB"]:
                yield "Episodes", episodes[0]


RULES = [
    SSDA903_Rule_213,
    SSDA903_Rule_526,
    SSDA903_Rule_527,
    SSDA903_Rule_528,
    SSDA903_Rule_529,
    SSDA903_Rule_530,
    SSDA903_Rule_531,
    SSDA903_Rule_550,
    SSDA903_Rule_218,
    SSDA903_Rule_222,
    SSDA903_Rule_214,
    SSDA903_Rule_225,
    SSDA903_Rule_226,
    SSDA903_Rule_233,
    SSDA903_Rule_234,
    SSDA903_Rule_392B,
    SSDA903_Rule_302,
]
