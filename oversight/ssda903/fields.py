"""Where in the child's record each SSDA903 field comes from: what a person fixes."""

from django.urls import reverse

from oversight.ssda903.export import cell

SOURCES: dict[str, str] = {
    "CHILD": "Child ID",
    "SEX": "Sex (child's details)",
    "DOB": "Date of birth (child's details)",
    "ETHNIC": "Ethnicity (child's details)",
    "UPN": "Unique pupil number (child's details)",
    "MOTHER": "Whether the child is a mother (child's details)",
    "MC_DOB": "Date of birth of the mother's child (child's details)",
    "DECOM": "Start date of the episode (period of care, legal status or placement)",
    "RNE": "Reason for the new episode (what changed on that date)",
    "LS": "Legal status",
    "CIN": "Category of need (period of care)",
    "PLACE": "Placement type",
    "PLACE_PROVIDER": "Placement provider",
    "DEC": "End date of the episode",
    "REC": "Reason the episode ended",
    "REASON_PLACE_CHANGE": "Reason the placement changed",
    "HOME_POST": "Home postcode (child's details or episode)",
    "PL_POST": "Placement postcode",
    "URN": "Ofsted URN of the placement",
    "REVIEW": "Date of the looked-after review",
    "REVIEW_CODE": "Child's participation in the review",
    "DUC": "Date UASC status ceased (child's details)",
    "SDQ_SCORE": "SDQ score (health)",
    "SDQ_REASON": "Reason there is no SDQ score (health)",
    "CONVICTED": "Convictions in the year",
    "HEALTH_CHECK": "Development assessment (health assessments, under 5s)",
    "IMMUNISATIONS": "Immunisations up to date (health)",
    "TEETH_CHECK": "Dental check in the year (health)",
    "HEALTH_ASSESSMENT": "Health assessment in the year",
    "SUBSTANCE_MISUSE": "Substance misuse identified in the year",
    "INTERVENTION_RECEIVED": "Substance misuse intervention received",
    "INTERVENTION_OFFERED": "Substance misuse intervention offered",
    "IN_TOUCH": "Care leaver contact at the birthday: in touch",
    "ACTIV": "Care leaver contact at the birthday: activity",
    "ACCOM": "Care leaver contact at the birthday: accommodation",
    "DATE_INT": "Date of the decision that the child should be placed for adoption (adoption)",
    "DATE_MATCH": "Date matched with adopters (adoption)",
    "FOSTER_CARE": "Adopted by former foster carers (adoption)",
    "NB_ADOPTR": "Number of adopters (adoption)",
    "SEX_ADOPTR": "Sex of adopters (adoption)",
    "LS_ADOPTR": "Legal status of adopters (adoption)",
    "DATE_PLACED": "Date of the decision to place for adoption",
    "DATE_PLACED_CEASED": "Date that decision was reversed",
    "REASON_PLACED_CEASED": "Reason that decision was reversed",
    "PREV_PERM": "Previous permanence order",
    "LA_PERM": "Authority that made the previous permanence order",
    "DATE_PERM": "Date of the previous permanence order",
    "MISSING": "Missing or away (missing episode)",
    "MIS_START": "Start of the missing episode",
    "MIS_END": "End of the missing episode",
    "SW_ID": "Allocated social worker's SW_ID",
    "SW_DECOM": "Date the social worker was allocated",
    "SW_DEC": "Date the social worker's allocation ended",
    "SW_REASON": "Reason the social worker changed",
    "DOLO_START": "Date the deprivation of liberty order was made",
    "DOLO_END": "Date the deprivation of liberty order ended",
}

ROW_DATE = {
    "Episodes": ("Episode from", "DECOM"),
    "Reviews": ("Review on", "REVIEW"),
    "Missing": ("Missing from", "MIS_START"),
    "SWEpisodes": ("Social worker from", "SW_DECOM"),
    "PlacedAdoption": ("Adoption decision of", "DATE_PLACED"),
    "DoLo": ("Order made on", "DOLO_START"),
}


# Where on the child's page (templates/placements/child_detail.html) each table's rows are
# recorded: the results page links each failure there.
SECTION = {
    "Episodes": "placements",
    "Reviews": "reviews",
    "Missing": "missing",
    "DoLo": "liberty",
    "OC2": "health",
    "PlacedAdoption": "chronology",
    "AD1": "chronology",
}


def section(table: str) -> str:
    """The anchor on the child's page for a table ("" for the child's details, at the top)."""
    return SECTION.get(table, "")


# Fields of an Episodes row that are facts of the placement as recorded, not of a move:
# put right on the placement's own page (placements:correct_placement). The placement type
# alone (rule 146, a type the DfE withdrew) is re-coded there too; with other fields it is
# a move.
CORRECTED_ON_THE_PLACEMENT = frozenset({"PL_POST", "URN"})
RECODED_ON_THE_PLACEMENT = ("PLACE",)


def fix_url(failure, rule_fields, *, may_correct: bool) -> str:
    """Where a person fixes a failure: the page that changes the field when there is one
    and the viewer may use it, else the section of the child's page where that table's rows
    are recorded."""
    on_the_placement = CORRECTED_ON_THE_PLACEMENT & set(rule_fields) or (
        tuple(rule_fields) == RECODED_ON_THE_PLACEMENT
    )
    if may_correct and failure.placement_id and on_the_placement:
        return reverse(
            "placements:correct_placement", args=[failure.child_id, failure.placement_id]
        )
    anchor = section(failure.table)
    return reverse("placements:child", args=[failure.child_id]) + (f"#{anchor}" if anchor else "")


TABLE_NAMES = {
    "Header": "Child's details",
    "UASC": "Unaccompanied asylum-seeking child (UASC)",
    "OC2": "Looked after for 12 months at 31 March (OC2)",
    "OC3": "Care leaver at their birthday (OC3)",
    "AD1": "Adoption (AD1)",
    "PrevPerm": "Previous permanence (PrevPerm)",
}


def where(table: str, row: dict) -> str:
    """The row a failure is about, as a person finds it in the record."""
    if table in ROW_DATE:
        text, column = ROW_DATE[table]
        return f"{table}: {text} {cell(row.get(column))}"
    return TABLE_NAMES.get(table, table)


def values(fields, row: dict) -> dict[str, str]:
    """The rule's fields as they stand in the row, formatted as in the return."""
    return {f: cell(row.get(f)) for f in fields if f in row}


def source(field: str) -> str:
    return SOURCES.get(field, field)
