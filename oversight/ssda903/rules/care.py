"""Reviews, UASC, missing episodes and social worker episodes."""

from oversight.ssda903.rules.base import (
    QUERY,
    SHORT_BREAKS,
    CodeRule,
    RowRule,
    Rule,
    add_years,
)

# --- Reviews --------------------------------------------------------------------------------


class SSDA903_Rule_167(CodeRule):
    """Data entry for participation is invalid or blank."""

    code = "167"
    tables = ("Reviews",)
    fields = ("REVIEW_CODE",)
    code_list = "REVIEW_CODE"
    required = True


class SSDA903_Rule_440(RowRule):
    """Participation method indicates child was under 4 years old at the time of the review,
    but date of birth and review date indicates the child was 4 years old or over."""

    code = "440"
    tables = ("Reviews",)
    fields = ("DOB", "REVIEW", "REVIEW_CODE")

    def fails(self, row, ret):
        return row["REVIEW_CODE"] == "PN0" and row["REVIEW"] > add_years(row["DOB"], 4)


class SSDA903_Rule_441(RowRule):
    """Participation method indicates child was 4 years old or over at the time of the
    review, but the date of birth and review date indicates the child was under 4 years
    old."""

    code = "441"
    tables = ("Reviews",)
    fields = ("DOB", "REVIEW", "REVIEW_CODE")

    def fails(self, row, ret):
        return row["REVIEW_CODE"] not in (None, "PN0") and row["REVIEW"] < add_years(row["DOB"], 4)


class SSDA903_Rule_399(Rule):
    """Mother field, review field or participation field are completed but child is looked
    after under legal status V3 or V4."""

    code = "399"
    tables = ("Header", "Reviews")
    fields = ("LS", "MOTHER", "REVIEW", "REVIEW_CODE")

    def check(self, ret):
        reviews = ret.by_child("Reviews")
        for child, episodes in ret.by_child("Episodes").items():
            if not all(e["LS"] in SHORT_BREAKS for e in episodes):
                continue
            header = ret.header.get(child)
            if header and header["MOTHER"] is not None:
                yield "Header", header
            yield from (("Reviews", review) for review in reviews.get(child, []))


# --- UASC -----------------------------------------------------------------------------------


class SSDA903_Rule_304(RowRule):
    """Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the
    18th birthday of a child."""

    code = "304"
    tables = ("UASC",)
    fields = ("DUC",)

    def fails(self, row, ret):
        return row["DUC"] is not None and row["DUC"] > add_years(row["DOB"], 18)


# --- Missing or away from placement ---------------------------------------------------------


class SSDA903_Rule_1006(CodeRule):
    """Missing type invalid."""

    code = "1006"
    tables = ("Missing",)
    fields = ("MISSING",)
    code_list = "MISSING"
    required = True


class SSDA903_Rule_567(RowRule):
    """The date that the missing episode or episode that the child was away from placement
    without authorisation ended is before the date that it started."""

    code = "567"
    tables = ("Missing",)
    fields = ("MIS_END", "MIS_START")

    def fails(self, row, ret):
        return row["MIS_END"] is not None and row["MIS_END"] < row["MIS_START"]


class SSDA903_Rule_574(Rule):
    """A new missing/away from placement without authorisation period cannot start when the
    previous missing/away from placement without authorisation period is still open.
    Missing/away from placement without authorisation periods should also not overlap."""

    code = "574"
    tables = ("Missing",)
    fields = ("MIS_START", "MIS_END")

    def check(self, ret):
        for periods in ret.by_child("Missing").values():
            for previous, period in zip(periods, periods[1:], strict=False):
                if previous["MIS_END"] is None or period["MIS_START"] < previous["MIS_END"]:
                    yield "Missing", period


class SSDA903_Rule_577(Rule):
    """Child ceased to be looked after but there is a missing/away from placement without
    authorisation period without an end date."""

    code = "577"
    tables = ("Episodes", "Missing")
    fields = ("MIS_END",)

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        for child, periods in ret.by_child("Missing").items():
            last = episodes.get(child, [None])[-1]
            if last is None or last["REC"] in (None, "X1"):
                continue
            for period in periods:
                if period["MIS_END"] is None and period["MIS_START"] <= last["DEC"]:
                    yield "Missing", period


class SSDA903_Rule_581(Rule):
    """Child is missing but has not yet started to be looked after."""

    code = "581"
    tables = ("Episodes", "Missing")
    fields = ("MIS_START",)

    def check(self, ret):
        episodes = ret.by_child("Episodes")
        for child, periods in ret.by_child("Missing").items():
            spans = [(e["DECOM"], e["DEC"]) for e in episodes.get(child, [])]
            for period in periods:
                start = period["MIS_START"]
                if not any(a <= start and (b is None or start <= b) for a, b in spans):
                    yield "Missing", period


class SSDA903_Rule_586(RowRule):
    """Dates of missing periods are before child's date of birth."""

    code = "586"
    tables = ("Missing",)
    fields = ("MIS_START",)

    def fails(self, row, ret):
        return row["MIS_START"] < row["DOB"]


# --- Social worker episodes -----------------------------------------------------------------


def looked_after_at_end(ret) -> dict[str, dict]:
    """Children whose last episode is open at 31 March (or today, while the year runs),
    other than on short breaks: child -> that episode."""
    return {
        child: episodes[-1]
        for child, episodes in ret.by_child("Episodes").items()
        if episodes[-1]["DEC"] is None and episodes[-1]["LS"] not in SHORT_BREAKS
    }


class SSDA903_Rule_SW01STG1(Rule):
    """Child looked after on 31 March, but no social worker episode information is
    reported"""

    code = "SW01STG1"
    tables = ("Episodes", "SWEpisodes")
    fields = ("DEC",)
    since = 2023

    def check(self, ret):
        workers = ret.by_child("SWEpisodes")
        for child, episode in looked_after_at_end(ret).items():
            if not workers.get(child):
                yield "Episodes", episode


class SSDA903_Rule_SW02STG1(RowRule):
    """Social worker ID does not begin with the characters 'SW' or 'XX'."""

    code = "SW02STG1"
    tables = ("SWEpisodes",)
    fields = ("SW_ID",)
    since = 2023

    def fails(self, row, ret):
        return not (row["SW_ID"] or "").startswith(("SW", "XX"))


class SSDA903_Rule_SW09STG2(RowRule):
    """Social worker episode appears to have lasted for less than 24 hours."""

    code = "SW09STG2"
    severity = QUERY
    tables = ("SWEpisodes",)
    fields = ("SW_DECOM", "SW_DEC")
    since = 2023

    def fails(self, row, ret):
        return row["SW_DEC"] is not None and row["SW_DEC"] == row["SW_DECOM"]


class SSDA903_Rule_SW14STG2(Rule):
    """Social worker episode date ceased is blank."""

    code = "SW14STG2"
    tables = ("SWEpisodes",)
    fields = ("SW_DEC",)
    since = 2023

    def check(self, ret):
        for episodes in ret.by_child("SWEpisodes").values():
            for episode in episodes[:-1]:
                if episode["SW_DEC"] is None:
                    yield "SWEpisodes", episode


class SSDA903_Rule_SW17STG2(Rule):
    """There is no social worker episode open at 31 March"""

    code = "SW17STG2"
    tables = ("SWEpisodes",)
    fields = ("SW_DEC", "SW_DECOM")
    since = 2025

    def check(self, ret):
        workers = ret.by_child("SWEpisodes")
        for child in looked_after_at_end(ret):
            episodes = workers.get(child)
            if episodes and episodes[-1]["SW_DEC"] is not None:
                yield "SWEpisodes", episodes[-1]


RULES = [
    SSDA903_Rule_167,
    SSDA903_Rule_440,
    SSDA903_Rule_441,
    SSDA903_Rule_399,
    SSDA903_Rule_304,
    SSDA903_Rule_1006,
    SSDA903_Rule_567,
    SSDA903_Rule_574,
    SSDA903_Rule_577,
    SSDA903_Rule_581,
    SSDA903_Rule_586,
    SSDA903_Rule_SW01STG1,
    SSDA903_Rule_SW02STG1,
    SSDA903_Rule_SW09STG2,
    SSDA903_Rule_SW14STG2,
    SSDA903_Rule_SW17STG2,
]
