"""Every indicator of DOMAIN.md section 4, defined once: its name, its written definition
and how it is shown. The SQL that counts it is in oversight/indicators/sql.py, one block
per indicator, and says the same thing.

Words used in the definitions:

- The **reference day** of a month is its last day (today, for the month in progress).
- **The year** is the 12 months that end on the reference day (for March, the DfE's
  collection year: 1 April to 31 March).
- **Looked after on a day**: an SSDA903 episode was open that day (started on or before
  it, and not ceased on or before it). Children on an agreed series of short breaks
  (legal status V3 or V4) on that day are left out of every indicator about children
  looked after, as in the DfE's figures.
- **A placement**: a row of the child's placements, not counting temporary ones
  (T0 to T4: hospital, holidays, a week or less) or short-break placements.
- **Who held the case**: the practice whose allocation was open on the day a child
  counts (the reference day, a deadline's due day, a care leaver's birthday), or the
  council's own teams when no practice held it. Each child counts once per figure, so
  the practices' and the council's own teams' figures add up to the council's.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    group: str
    definition: str
    unit: str = "percent"  # "percent": numerator / denominator as %, "ratio": per 1
    numerator_label: str = ""
    denominator_label: str = ""
    higher_is_better: bool | None = True

    @property
    def is_percent(self) -> bool:
        return self.unit == "percent"


CHILDREN_IN_CARE = "Children in care"
HEALTH = "Health"
TIMELINESS = "Reviews and visits"
CARE_LEAVERS = "Care leavers"

INDICATORS: list[Indicator] = [
    Indicator(
        "short_term_stability",
        "Three or more placements in the year",
        CHILDREN_IN_CARE,
        "Of the children looked after on the reference day, the share who had 3 or more "
        "placements in the year (a placement that began before the year and went on into it "
        "counts). Temporary and short-break placements are not counted.",
        numerator_label="children with 3 or more placements",
        denominator_label="children looked after",
        higher_is_better=False,
    ),
    Indicator(
        "long_term_stability",
        "Long-term placement stability",
        CHILDREN_IN_CARE,
        "Of the children under 16 on the reference day who had then been looked after "
        "continuously for 2 and a half years or more, the share who had lived with the same "
        "carer (or, with no carer recorded, in the same placement) for 2 years or more. "
        "Temporary placements do not break the time with a carer.",
        numerator_label="with the same carer 2 years or more",
        denominator_label="under 16, looked after 2.5 years or more",
    ),
    Indicator(
        "placed_over_20_miles",
        "Placed more than 20 miles from home",
        CHILDREN_IN_CARE,
        "Of the children looked after on the reference day whose placement's straight-line "
        "distance from their home postcode is recorded, the share placed more than 20 miles "
        "away.",
        numerator_label="placed more than 20 miles away",
        denominator_label="children with a distance recorded",
        higher_is_better=False,
    ),
    Indicator(
        "placed_out_of_area",
        "Placed outside the council's area",
        CHILDREN_IN_CARE,
        "Of the children looked after on the reference day, the share whose placement is "
        "outside the council's boundary.",
        numerator_label="placed out of area",
        denominator_label="children looked after",
        higher_is_better=False,
    ),
    Indicator(
        "health_assessments",
        "Annual health assessment",
        HEALTH,
        "Of the children looked after continuously for 12 months on the reference day (their "
        "period of care began on or before the first day of the year), the share who had a "
        "health assessment in the year.",
        numerator_label="had a health assessment",
        denominator_label="looked after 12 months",
    ),
    Indicator(
        "immunisations",
        "Immunisations up to date",
        HEALTH,
        "Of the children looked after continuously for 12 months on the reference day, the "
        "share whose immunisations were up to date when last recorded on or before it (an "
        "immunisation record, or else the latest health assessment that says).",
        numerator_label="immunisations up to date",
        denominator_label="looked after 12 months",
    ),
    Indicator(
        "dental_checks",
        "Dental check",
        HEALTH,
        "Of the children looked after continuously for 12 months on the reference day, the "
        "share who had a dental check in the year.",
        numerator_label="had a dental check",
        denominator_label="looked after 12 months",
    ),
    Indicator(
        "sdq_scores",
        "Strengths and Difficulties Questionnaire score",
        HEALTH,
        "Of the children looked after continuously for 12 months on the reference day and "
        "aged 4 to 16 on it, the share with an SDQ score recorded in the year.",
        numerator_label="with an SDQ score",
        denominator_label="aged 4 to 16, looked after 12 months",
    ),
    Indicator(
        "missing",
        "Went missing or away",
        CHILDREN_IN_CARE,
        "Of the children looked after at any time in the year (other than on short breaks "
        "only), the share with a missing or away-without-authorisation episode that began "
        "in the year.",
        numerator_label="children missing or away",
        denominator_label="children looked after in the year",
        higher_is_better=False,
    ),
    Indicator(
        "missing_episodes",
        "Missing or away episodes per child who went missing",
        CHILDREN_IN_CARE,
        "The number of missing or away episodes that began in the year, for each child "
        "looked after in the year who went missing or away.",
        unit="ratio",
        numerator_label="episodes",
        denominator_label="children missing or away",
        higher_is_better=False,
    ),
    Indicator(
        "reviews_on_time",
        "Reviews on time",
        TIMELINESS,
        "Of the looked-after reviews due in the month (CPPCR reg 33 timescales, from the "
        "deadline engine), the share held on or before the day they were due. A review held "
        "late, or not yet held, is not on time. In the month in progress, only reviews due "
        "before today or already held count.",
        numerator_label="held on time",
        denominator_label="reviews due",
    ),
    Indicator(
        "visits_on_time",
        "Statutory visits on time",
        TIMELINESS,
        "Of the statutory visits due in the month (CPPCR reg 28 timescales, from the deadline "
        "engine), the share made on or before the day they were due. A visit made late, or "
        "not yet made, is not on time. In the month in progress, only visits due before "
        "today or already made count.",
        numerator_label="made on time",
        denominator_label="visits due",
    ),
    Indicator(
        "care_leavers_in_touch",
        "Care leavers in touch",
        CARE_LEAVERS,
        "Of the care leavers (as the SSDA903 OC3 table: looked after 13 weeks or more since "
        "14 and at some time after 16) whose 17th to 21st birthday fell in the year, the "
        "share the council was in touch with around that birthday.",
        numerator_label="in touch",
        denominator_label="care leavers with a birthday in the year",
    ),
    Indicator(
        "care_leavers_eet",
        "Care leavers in education, employment or training",
        CARE_LEAVERS,
        "Of the same care leavers, the share in full- or part-time education, employment or "
        "training around that birthday (ACTIV F1, P1, F2, P2, F4 or P4). No information "
        "counts as not.",
        numerator_label="in education, employment or training",
        denominator_label="care leavers with a birthday in the year",
    ),
    Indicator(
        "care_leavers_accommodation",
        "Care leavers in suitable accommodation",
        CARE_LEAVERS,
        "Of the same care leavers, the share whose accommodation around that birthday was "
        "judged suitable (an ACCOM code ending in 1). No information counts as not.",
        numerator_label="suitably accommodated",
        denominator_label="care leavers with a birthday in the year",
    ),
    Indicator(
        "social_worker_changes",
        "Changes of social worker per child",
        CHILDREN_IN_CARE,
        "For the children looked after on the reference day, the number of times their "
        "allocated social worker changed in the year (a new worker allocation that followed "
        "an earlier one), per child.",
        unit="ratio",
        numerator_label="changes of social worker",
        denominator_label="children looked after",
        higher_is_better=False,
    ),
]
BY_CODE = {i.code: i for i in INDICATORS}
CODES = [i.code for i in INDICATORS]
CHOICES = [(i.code, i.name) for i in INDICATORS]

# Breakdown dimensions: groups, so a filter is meaningful and the snapshot stays small.
AGE_BANDS = [
    ("under_1", "Under 1"),
    ("1_4", "1 to 4"),
    ("5_9", "5 to 9"),
    ("10_15", "10 to 15"),
    ("16_17", "16 to 17"),
    ("18_over", "18 and over"),
]
LEGAL_STATUSES = [
    ("care_order", "Care order (C1, C2)"),
    ("placement_order", "Placement or freeing order (E1, D1)"),
    ("section_20", "Accommodated under section 20 (V2)"),
    ("short_breaks", "Short breaks (V3, V4)"),
    ("emergency", "Police protection or emergency order (L1 to L3)"),
    ("youth_justice", "Remand or youth justice (J1 to J3)"),
    ("none", "Not looked after (care leavers)"),
]
PLACEMENT_TYPES = [
    ("foster", "Foster care (U1 to U6)"),
    ("adoption", "Placed for adoption (A3 to A6)"),
    ("parents", "Placed with parents (P1)"),
    ("residential", "Children's homes and residential settings"),
    ("supported", "Supported or independent living (K3)"),
    ("other", "Other and temporary placements"),
    ("none", "Not looked after (care leavers)"),
]
DIMENSIONS = {
    "age_band": ("Age", AGE_BANDS),
    "legal_status": ("Legal status", LEGAL_STATUSES),
    "placement_type": ("Placement type", PLACEMENT_TYPES),
}
