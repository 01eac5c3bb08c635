"""Header: the child's identity, UPN and motherhood."""

import datetime as dt
import re

from oversight.ssda903.rules.base import SHORT_BREAKS, CodeRule, RowRule, add_years

UPN = re.compile(r"^((?![IOS])[A-Z](\d{12}|\d{11}[A-Z])|UN[1-5])$")


class SSDA903_Rule_101(CodeRule):
    """The child or young person's reported sex is not valid."""

    code = "101"
    tables = ("Header",)
    fields = ("SEX",)
    code_list = "SEX"
    required = True


class SSDA903_Rule_103(CodeRule):
    """The ethnicity code is either not valid or has not been entered."""

    code = "103"
    tables = ("Header",)
    fields = ("ETHNIC",)
    code_list = "ETHNIC"
    required = True


class SSDA903_Rule_168(RowRule):
    """Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1,
    UN2, UN3, UN4 or UN5."""

    code = "168"
    tables = ("Header",)
    fields = ("UPN",)

    def fails(self, row, ret):
        return bool(row["UPN"]) and not UPN.match(row["UPN"])


class SSDA903_Rule_442(RowRule):
    """Unique Pupil Number (UPN) field is not completed."""

    code = "442"
    tables = ("Header",)
    fields = ("UPN",)

    def fails(self, row, ret):
        episodes = ret.by_child("Episodes").get(row["CHILD"], [])
        return not row["UPN"] and any(e["LS"] not in SHORT_BREAKS for e in episodes)


class SSDA903_Rule_209(RowRule):
    """Child looked after is of school age and should not have an unknown Unique Pupil
    Number (UPN) code of UN1."""

    code = "209"
    tables = ("Header",)
    fields = ("UPN", "DOB")

    def fails(self, row, ret):
        school_age_from = dt.date(ret.year.start_year - 1, 8, 31)
        return row["UPN"] == "UN1" and add_years(row["DOB"], 4) <= school_age_from


class SSDA903_Rule_393(RowRule):
    """Child is looked after but mother field is not completed."""

    code = "393"
    tables = ("Header",)
    fields = ("MOTHER",)

    def fails(self, row, ret):
        episodes = ret.by_child("Episodes").get(row["CHILD"], [])
        return (
            row["SEX"] == "F"
            and row["MOTHER"] is None
            and any(e["LS"] not in SHORT_BREAKS for e in episodes)
        )


class SSDA903_Rule_611(RowRule):
    """Date of birth field is blank, but child is a mother."""

    code = "611"
    tables = ("Header",)
    fields = ("MOTHER", "MC_DOB")

    def fails(self, row, ret):
        return row["MOTHER"] == "1" and row["MC_DOB"] is None


class SSDA903_Rule_612(RowRule):
    """Date of birth field has been completed but mother field indicates child is not a
    mother."""

    code = "612"
    tables = ("Header",)
    fields = ("MOTHER", "MC_DOB", "SEX")

    def fails(self, row, ret):
        return row["MC_DOB"] is not None and row["MOTHER"] != "1" and row["SEX"] != "M"


class SSDA903_Rule_174(RowRule):
    """Mother's child date of birth is recorded but sex shows that the child is a male."""

    code = "174"
    tables = ("Header",)
    fields = ("SEX", "MC_DOB")

    def fails(self, row, ret):
        return row["SEX"] == "M" and row["MC_DOB"] is not None


class SSDA903_Rule_620(RowRule):
    """Child has been recorded as a mother, but date of birth shows that the mother is
    under 11 years of age."""

    code = "620"
    tables = ("Header",)
    fields = ("DOB", "MOTHER")

    def fails(self, row, ret):
        return row["MOTHER"] == "1" and add_years(row["DOB"], 11) > ret.year.start


class SSDA903_Rule_621(RowRule):
    """Mother's field has been completed but date of birth shows that the mother is younger
    than her child."""

    code = "621"
    tables = ("Header",)
    fields = ("DOB", "MC_DOB")

    def fails(self, row, ret):
        return row["MC_DOB"] is not None and row["MC_DOB"] < row["DOB"]


RULES = [
    SSDA903_Rule_101,
    SSDA903_Rule_103,
    SSDA903_Rule_168,
    SSDA903_Rule_442,
    SSDA903_Rule_209,
    SSDA903_Rule_393,
    SSDA903_Rule_611,
    SSDA903_Rule_612,
    SSDA903_Rule_174,
    SSDA903_Rule_620,
    SSDA903_Rule_621,
]
