"""Health assessments and personal education plans, with worked examples."""

from placements.deadlines.rules.education import term_on, terms_between
from tests.placements.deadlines.builders import D, Record, dates


def test_HealthAssessment_Initial_20_working_days_from_becoming_looked_after():
    child = Record()
    child.period(D(2026, 4, 2))  # Thursday before Easter
    assert dates(child.deadlines(D(2026, 4, 3), "HealthAssessment_Initial")) == [
        (D(2026, 5, 5), None)
    ]
    child.health_assessment(D(2026, 4, 28), kind="initial")
    assert dates(child.deadlines(D(2026, 4, 29), "HealthAssessment_Initial")) == [
        (D(2026, 5, 5), D(2026, 4, 28))
    ]


def test_a_review_assessment_does_not_meet_the_initial_one():
    child = Record()
    child.period(D(2026, 4, 2))
    child.health_assessment(D(2026, 4, 28), kind="review")
    assert dates(child.deadlines(D(2026, 4, 29), "HealthAssessment_Initial")) == [
        (D(2026, 5, 5), None)
    ]


def test_HealthAssessment_Review_6_monthly_under_5_and_12_monthly_from_5():
    child = Record(date_of_birth=D(2021, 11, 10))  # turns 5 on 10 November 2026
    child.period(D(2025, 9, 1))
    child.health_assessment(D(2025, 9, 15), kind="initial")  # aged 3
    child.health_assessment(D(2026, 3, 10))  # aged 4 years 4 months: next in 6 months
    child.health_assessment(D(2026, 9, 8))  # aged 4 years 10 months: still 6 months
    child.health_assessment(D(2027, 3, 1))  # aged 5: next in 12 months
    found = child.deadlines(D(2027, 3, 2), "HealthAssessment_Review")
    assert dates(found) == [
        (D(2026, 3, 15), D(2026, 3, 10)),
        (D(2026, 9, 10), D(2026, 9, 8)),
        (D(2027, 3, 8), D(2027, 3, 1)),
        (D(2028, 3, 1), None),
    ]


def test_a_child_turning_5_between_assessments_keeps_the_interval_set_at_the_last_one():
    child = Record(date_of_birth=D(2021, 11, 10))
    child.period(D(2026, 5, 1))
    child.health_assessment(D(2026, 5, 20), kind="initial")  # aged 4
    # Turns 5 on 10 November 2026: the review set at 4 is still due 6 months on.
    assert dates(child.deadlines(D(2026, 11, 15), "HealthAssessment_Review")) == [
        (D(2026, 11, 20), None)
    ]


def test_no_health_deadlines_for_short_breaks():
    child = Record()
    child.period(D(2026, 1, 5), legal_status="V4", short_break=True)
    found = child.deadlines(D(2026, 1, 6))
    assert not [d for d in found if d["kind"] in ("health_assessment", "pep")]


def test_CPPCR_Reg5_InitialPEP_10_working_days_for_a_child_of_school_age():
    child = Record(date_of_birth=D(2015, 5, 1))
    child.period(D(2026, 4, 2))
    assert dates(child.deadlines(D(2026, 4, 3), "CPPCR_Reg5_InitialPEP")) == [
        (D(2026, 4, 20), None)
    ]


def test_no_pep_for_a_child_under_3_until_they_turn_3():
    child = Record(date_of_birth=D(2024, 6, 1))
    child.period(D(2026, 1, 12))
    assert child.deadlines(D(2026, 1, 13), "CPPCR_Reg5_InitialPEP") == []
    found = child.deadlines(D(2027, 6, 1), "CPPCR_Reg5_InitialPEP")
    assert dates(found) == [(D(2027, 6, 15), None)]  # 10 working days from turning 3
    assert found[0]["counted_from"] == D(2027, 6, 1)


def test_school_terms_are_fixed_calendar_terms():
    assert [t.label for t in terms_between(D(2025, 8, 15), D(2026, 8, 31))] == [
        "autumn term 2025",
        "spring term 2026",
        "summer term 2026",
    ]
    assert term_on(D(2026, 2, 10)).ends_on == D(2026, 3, 31)
    assert term_on(D(2026, 8, 10)) is None  # the summer holiday


def test_PEP_TermlyReview_each_term_after_the_initial_pep():
    child = Record(date_of_birth=D(2015, 5, 1))
    child.period(D(2026, 3, 2))
    child.pep(D(2026, 3, 10), kind="initial")
    child.pep(D(2026, 8, 20))  # after the summer term ended: summer met late
    found = child.deadlines(D(2026, 10, 15), "PEP_TermlyReview")
    assert dates(found) == [
        (D(2026, 7, 31), D(2026, 8, 20)),
        (D(2026, 12, 31), None),
    ]
    assert found[1]["title"] == "PEP review for the autumn term 2026"
    assert found[1]["key"].endswith(":term:2026-autumn")


def test_PEP_TermlyReview_stops_at_18():
    child = Record(date_of_birth=D(2008, 2, 1))
    child.period(D(2025, 6, 2))
    child.pep(D(2025, 6, 10), kind="initial")
    found = child.deadlines(D(2026, 3, 1), "PEP_TermlyReview")
    # autumn 2025 and spring 2026 terms; turns 18 on 1 February 2026: the spring term
    # started before that, the summer term will not count.
    assert [d["key"].split(":term:")[1] for d in found] == ["2025-autumn", "2026-spring"]
    assert child.deadlines(D(2026, 5, 1), "PEP_TermlyReview")[-1]["key"].endswith("2026-spring")
