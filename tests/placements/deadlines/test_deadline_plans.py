"""Care plan, placement plan, notifications, permanence plan and pathway needs assessment."""

from placements.deadlines.rules import RULES, RULES_BY_NAME
from placements.deadlines.rules.plans import eligible_on
from tests.placements.deadlines.builders import D, Record, dates


def test_every_rule_is_registered_once_and_quotes_its_source():
    assert len(RULES_BY_NAME) == len(RULES)
    for rule in RULES:
        assert rule.kind, rule
        assert rule.title, rule
        assert len(rule.message()) > 30, rule
        assert any(source in rule.__doc__ for source in ("CPPCR", "guidance", "Children Act")), rule


def test_CPPCR_Reg4_CarePlan_10_working_days_from_the_first_placement():
    child = Record()
    child.period(D(2026, 12, 23))  # over Christmas
    assert dates(child.deadlines(D(2026, 12, 24), "CPPCR_Reg4_CarePlan")) == [
        (D(2027, 1, 11), None)  # 24, 29, 30, 31 December, then 4 to 8 and 11 January
    ]


def test_a_care_plan_made_before_the_placement_is_on_time():
    child = Record()
    child.plan("care_plan", D(2026, 3, 30))
    child.period(D(2026, 4, 2))
    assert dates(child.deadlines(D(2026, 4, 3), "CPPCR_Reg4_CarePlan")) == [
        (D(2026, 4, 20), D(2026, 3, 30))
    ]


def test_a_care_plan_from_an_earlier_period_does_not_count_for_the_next():
    child = Record()
    child.period(D(2025, 1, 6))
    child.plan("care_plan", D(2025, 1, 10))
    child.end_period(D(2025, 3, 1))
    child.period(D(2026, 1, 16))
    found = child.deadlines(D(2026, 1, 19), "CPPCR_Reg4_CarePlan")
    assert dates(found) == [(D(2025, 1, 20), D(2025, 1, 10)), (D(2026, 1, 30), None)]


def test_CPPCR_Reg9_PlacementPlan_5_working_days_from_each_placement():
    child = Record()
    first = child.period(D(2026, 4, 2))
    placement = child.placements[0]
    child.plan("placement_plan", D(2026, 4, 8), placement=placement)
    second = child.placement(D(2026, 5, 1), place="U4")  # a Friday before a bank holiday
    found = child.deadlines(D(2026, 5, 2), "CPPCR_Reg9_PlacementPlan")
    assert dates(found) == [(D(2026, 4, 13), D(2026, 4, 8)), (D(2026, 5, 11), None)]
    assert found[1]["key"] == f"placement:{second['id']}"
    assert first["id"] == second["period_id"]


def test_a_temporary_placement_needs_no_placement_plan_of_its_own():
    child = Record()
    child.period(D(2026, 4, 2), carer_id=3)
    child.placement(D(2026, 4, 20), place="T2")
    child.placement(D(2026, 4, 27), place="U4", carer_id=3)
    assert len(child.deadlines(D(2026, 4, 28), "CPPCR_Reg9_PlacementPlan")) == 1


def test_CPPCR_Reg13_PlacementNotifications_met_when_everyone_is_told():
    child = Record()
    child.school(D(2024, 9, 1))
    child.period(D(2026, 4, 2))
    placement = child.placements[0]
    child.notify(placement, D(2026, 4, 2), "parents", "gp", "iro")
    [due] = child.deadlines(D(2026, 4, 3), "CPPCR_Reg13_PlacementNotifications")
    assert (due["due_on"], due["met_on"]) == (D(2026, 4, 13), None)
    assert due["title"] == "Tell the parents, GP, health body, IRO and school about the placement"
    child.notify(placement, D(2026, 4, 14), "health_body", "school")
    [due] = child.deadlines(D(2026, 4, 15), "CPPCR_Reg13_PlacementNotifications")
    assert due["met_on"] == D(2026, 4, 14)  # the last one told, a day late


def test_no_plan_or_notification_deadlines_for_short_breaks_but_a_care_plan():
    child = Record()
    child.period(D(2026, 1, 5), legal_status="V4", short_break=True)
    kinds = {d["rule"] for d in child.deadlines(D(2026, 1, 6))}
    assert kinds == {
        "CPPCR_Reg4_CarePlan",
        "CPPCR_Reg48_ShortBreakReviews",
        "CPPCR_Reg48_ShortBreakVisits",
    }


def test_PermanencePlan_BySecondReview_follows_the_second_review_date():
    child = Record()
    child.period(D(2026, 1, 16))
    assert dates(child.deadlines(D(2026, 1, 19), "PermanencePlan_BySecondReview")) == [
        (D(2026, 5, 13), None)  # first review due 13 February, plus 3 months
    ]
    child.review(D(2026, 2, 6), next_review_by=D(2026, 4, 1))
    child.plan("permanence_plan", D(2026, 4, 10))
    assert dates(child.deadlines(D(2026, 4, 11), "PermanencePlan_BySecondReview")) == [
        (D(2026, 4, 1), D(2026, 4, 10))  # the IRO's earlier date: met late
    ]


def test_CPPCR_Reg42_PathwayNeedsAssessment_3_months_after_turning_16():
    child = Record(date_of_birth=D(2010, 3, 10))
    child.period(D(2025, 1, 6))  # aged 14: 13 weeks since 14 long before turning 16
    found = child.deadlines(D(2026, 3, 11), "CPPCR_Reg42_PathwayNeedsAssessment")
    assert dates(found) == [(D(2026, 6, 10), None)]
    assert found[0]["counted_from"] == D(2026, 3, 10)
    child.plan("pathway_needs_assessment", D(2026, 5, 1))
    assert dates(child.deadlines(D(2026, 5, 2), "CPPCR_Reg42_PathwayNeedsAssessment")) == [
        (D(2026, 6, 10), D(2026, 5, 1))
    ]


def test_a_child_who_becomes_eligible_after_16_has_3_months_from_then():
    child = Record(date_of_birth=D(2010, 3, 10))
    child.period(D(2026, 6, 1))  # first looked after at 16 and a quarter
    assert eligible_on(child.snapshot(), D(2026, 6, 2))[0] == D(2026, 8, 31)  # 91 days on
    assert dates(child.deadlines(D(2026, 9, 1), "CPPCR_Reg42_PathwayNeedsAssessment")) == [
        (D(2026, 11, 30), None)
    ]


def test_eligibility_adds_up_periods_since_14():
    child = Record(date_of_birth=D(2010, 3, 10))
    child.period(D(2024, 9, 2))  # aged 14
    child.end_period(D(2024, 11, 1))  # 60 days
    child.period(D(2026, 6, 1))  # aged 16: needs 31 more days
    assert eligible_on(child.snapshot(), D(2026, 6, 2))[0] == D(2026, 7, 2)


def test_a_child_who_leaves_care_before_13_weeks_is_not_eligible():
    child = Record(date_of_birth=D(2010, 3, 10))
    child.period(D(2026, 6, 1))
    child.end_period(D(2026, 7, 1))
    assert child.deadlines(D(2026, 9, 1), "CPPCR_Reg42_PathwayNeedsAssessment") == []


def test_short_breaks_do_not_make_a_child_eligible():
    child = Record(date_of_birth=D(2010, 3, 10))
    child.period(D(2025, 1, 6), legal_status="V4", short_break=True)
    assert eligible_on(child.snapshot(), D(2026, 6, 1)) is None
