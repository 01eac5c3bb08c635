"""OC2 (looked after 12 months at 31 March) and OC3 (care leavers 17 to 21)."""

from oversight.ssda903.rules.base import CodeRule, RowRule, add_years

# --- OC2 ------------------------------------------------------------------------------------
# Every row of OC2 is a child looked after continuously for 12 months at 31 March (that is
# who tables.py puts there), so "has been looked after for 12 months" needs no test here.

SDQ = ("SDQ_SCORE", "SDQ_REASON")
HEALTH = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")


def blank(row: dict, fields) -> bool:
    return all(row[f] in (None, "") for f in fields)


class SSDA903_Rule_186(RowRule):
    """Children aged 4 or over at the start of the year and children aged under 17 at the
    end of the year and who have been looked after for at least 12 months continuously
    should have a Strengths and Difficulties (SDQ) score completed."""

    code = "186"
    tables = ("OC2",)
    fields = ("SDQ_SCORE",)

    def fails(self, row, ret):
        # Due by 31 March: while the year runs a score still to come is not yet missing.
        return (
            ret.as_at >= ret.year.end
            and add_years(row["DOB"], 4) <= ret.year.start
            and add_years(row["DOB"], 17) > ret.year.end
            and blank(row, SDQ)
        )


class SSDA903_Rule_188(RowRule):
    """Child is aged under 4 years at the end of the year, but a Strengths and Difficulties
    (SDQ) score or a reason for no SDQ score has been completed."""

    code = "188"
    tables = ("OC2",)
    fields = SDQ

    def fails(self, row, ret):
        return add_years(row["DOB"], 4) > ret.year.end and not blank(row, SDQ)


class SSDA903_Rule_189(RowRule):
    """Child is aged 17 years or over at the beginning of the year, but an Strengths and
    Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has
    been completed."""

    code = "189"
    tables = ("OC2",)
    fields = ("DOB", "SDQ_SCORE", "SDQ_REASON")

    def fails(self, row, ret):
        return add_years(row["DOB"], 17) < ret.year.start and not blank(row, SDQ)


class SSDA903_Rule_197a(RowRule):
    """Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and
    Difficulties Questionnaire score is filled in."""

    code = "197a"
    tables = ("OC2",)
    fields = SDQ

    def fails(self, row, ret):
        return row["SDQ_SCORE"] is not None and row["SDQ_REASON"] is not None


class SSDA903_Rule_197B(RowRule):
    """SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.

    Children who turn 4 or 17 during the year are in the SDQ's year as well as those aged
    4 to 16 throughout (rule 186): a score, or the reason there is none (SDQ1 when the
    child was under 4 or over 16 on the day). Due by 31 March, as 186 is."""

    code = "197B"
    tables = ("OC2",)
    fields = ("DOB", "SDQ_SCORE", "SDQ_REASON")

    def fails(self, row, ret):
        start, end = ret.year.start, ret.year.end
        turning = any(start <= add_years(row["DOB"], age) <= end for age in (4, 17))
        return ret.as_at >= end and turning and blank(row, SDQ)


class SSDA903_Rule_180(RowRule):
    """Data entry for the strengths and difficulties questionnaire (SDQ) score is
    invalid."""

    code = "180"
    tables = ("OC2",)
    fields = ("SDQ_SCORE",)

    def fails(self, row, ret):
        score = row["SDQ_SCORE"]
        return score is not None and not (str(score).isdigit() and 0 <= int(score) <= 40)


class SSDA903_Rule_196(CodeRule):
    """Strengths and Difficulties (SDQ) reason is not a valid code."""

    code = "196"
    tables = ("OC2",)
    fields = ("SDQ_REASON",)
    code_list = "SDQ_REASON"


class SSDA903_Rule_542(RowRule):
    """A child aged under 10 at 31 March should not have conviction information
    completed."""

    code = "542"
    tables = ("OC2",)
    fields = ("CONVICTED",)

    def fails(self, row, ret):
        return add_years(row["DOB"], 10) > ret.year.end and row["CONVICTED"] is not None


class SSDA903_Rule_543(RowRule):
    """Child is aged 10 or over at 31 March and has been looked after continuously for 12
    months yet conviction information has not been completed."""

    code = "543"
    tables = ("OC2",)
    fields = ("CONVICTED", "DOB")

    def fails(self, row, ret):
        return add_years(row["DOB"], 10) < ret.year.end and row["CONVICTED"] is None


class SSDA903_Rule_545(RowRule):
    """Child is aged under 5 at 31 March and has been looked after continuously for 12
    months yet health promotion information has not been completed."""

    code = "545"
    tables = ("OC2",)
    fields = ("DOB", "HEALTH_CHECK")

    def fails(self, row, ret):
        return add_years(row["DOB"], 5) > ret.year.end and row["HEALTH_CHECK"] is None


class SSDA903_Rule_546(RowRule):
    """Children aged 5 or over at 31 March should not have health promotion information
    completed."""

    code = "546"
    tables = ("OC2",)
    fields = ("DOB", "HEALTH_CHECK")

    def fails(self, row, ret):
        return add_years(row["DOB"], 5) <= ret.year.end and row["HEALTH_CHECK"] is not None


class SSDA903_Rule_191(RowRule):
    """Child has been looked after continuously for at least 12 months at 31 March but one
    or more data items relating to children looked after for 12 months have been left
    blank."""

    code = "191"
    tables = ("OC2",)
    fields = HEALTH

    def fails(self, row, ret):
        return any(row[f] in (None, "") for f in HEALTH)


class SSDA903_Rule_181(RowRule):
    """Data items relating to children looked after continuously for 12 months should be
    completed with a 0 or 1."""

    code = "181"
    tables = ("OC2",)
    fields = (
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    )

    def fails(self, row, ret):
        return any(row[f] not in (None, "0", "1") for f in self.fields)


class SSDA903_Rule_192(RowRule):
    """Child has been identified as having a substance misuse problem but the additional
    item on whether an intervention was received has been left blank."""

    code = "192"
    tables = ("OC2",)
    fields = ("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED")

    def fails(self, row, ret):
        return row["SUBSTANCE_MISUSE"] == "1" and row["INTERVENTION_RECEIVED"] is None


class SSDA903_Rule_193(RowRule):
    """Child not identified as having a substance misuse problem but at least one of the
    two additional items on whether an intervention were offered and received have been
    completed."""

    code = "193"
    tables = ("OC2",)
    fields = ("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")

    def fails(self, row, ret):
        return row["SUBSTANCE_MISUSE"] != "1" and not blank(
            row, ("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
        )


class SSDA903_Rule_158(RowRule):
    """If a child has been recorded as receiving an intervention for their substance misuse
    problem, then the additional item on whether an intervention was offered should be left
    blank."""

    code = "158"
    tables = ("OC2",)
    fields = ("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")

    def fails(self, row, ret):
        return row["INTERVENTION_RECEIVED"] == "1" and row["INTERVENTION_OFFERED"] is not None


class SSDA903_Rule_159(RowRule):
    """If a child has been recorded as not receiving an intervention for their substance
    misuse problem, then the additional item on whether an intervention was offered should
    be completed as well."""

    code = "159"
    tables = ("OC2",)
    fields = ("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")

    def fails(self, row, ret):
        return (
            row["SUBSTANCE_MISUSE"] == "1"
            and row["INTERVENTION_RECEIVED"] == "0"
            and row["INTERVENTION_OFFERED"] is None
        )


# --- OC3 ------------------------------------------------------------------------------------

NOT_IN_TOUCH_ANY_MORE = ("DIED", "RHOM")


class SSDA903_Rule_131(CodeRule):
    """Data entry for being in touch after leaving care is invalid."""

    code = "131"
    tables = ("OC3",)
    fields = ("IN_TOUCH",)
    code_list = "IN_TOUCH"
    required = True


class SSDA903_Rule_132(CodeRule):
    """Data entry for activity after leaving care is invalid."""

    code = "132"
    tables = ("OC3",)
    fields = ("ACTIV",)
    code_list = "ACTIV"


class SSDA903_Rule_133(CodeRule):
    """Data entry for accommodation after leaving care is invalid. If reporting on a childs
    accommodation after leaving care the data entry must be valid"""

    code = "133"
    tables = ("OC3",)
    fields = ("ACCOM",)
    code_list = "ACCOM"


class SSDA903_Rule_153(RowRule):
    """All data items relating to a child's activity or accommodation after leaving care
    must be coded or left blank."""

    code = "153"
    tables = ("OC3",)
    fields = ("IN_TOUCH", "ACTIV", "ACCOM")

    def fails(self, row, ret):
        # A young person who has died or gone home has no activity or accommodation to
        # report (rule 344 asks for them blank), so only IN_TOUCH is coded for them.
        if row["IN_TOUCH"] in NOT_IN_TOUCH_ANY_MORE:
            return False
        filled = [row[f] not in (None, "") for f in self.fields]
        return any(filled) and not all(filled)


class SSDA903_Rule_344(RowRule):
    """The record shows the young person has died or returned home to live with parent(s)
    or someone with parental responsibility for a continuous period of 6 months or more,
    but activity and/or accommodation on leaving care have been completed."""

    code = "344"
    tables = ("OC3",)
    fields = ("IN_TOUCH", "ACTIV", "ACCOM")

    def fails(self, row, ret):
        return row["IN_TOUCH"] in NOT_IN_TOUCH_ANY_MORE and not blank(row, ("ACTIV", "ACCOM"))


class SSDA903_Rule_391(RowRule):
    """Young person was not 17, 18, 19, 20 or 21 during the current collection year."""

    code = "391"
    tables = ("OC3",)
    fields = ("DOB", "IN_TOUCH", "ACTIV", "ACCOM")

    def fails(self, row, ret):
        return (
            add_years(row["DOB"], 17) > ret.year.end or add_years(row["DOB"], 22) <= ret.year.start
        )


RULES = [
    SSDA903_Rule_186,
    SSDA903_Rule_188,
    SSDA903_Rule_189,
    SSDA903_Rule_197a,
    SSDA903_Rule_197B,
    SSDA903_Rule_180,
    SSDA903_Rule_196,
    SSDA903_Rule_542,
    SSDA903_Rule_543,
    SSDA903_Rule_545,
    SSDA903_Rule_546,
    SSDA903_Rule_191,
    SSDA903_Rule_181,
    SSDA903_Rule_192,
    SSDA903_Rule_193,
    SSDA903_Rule_158,
    SSDA903_Rule_159,
    SSDA903_Rule_131,
    SSDA903_Rule_132,
    SSDA903_Rule_133,
    SSDA903_Rule_153,
    SSDA903_Rule_344,
    SSDA903_Rule_391,
]
