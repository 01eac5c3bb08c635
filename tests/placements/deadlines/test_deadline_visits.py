"""CPPCR reg 28 visits (and reg 48 for short breaks), with worked examples."""

from placements.deadlines.rules.visits import VISIT_RULES
from tests.placements.deadlines.builders import D, Record, dates


def visits(record, today):
    found = [d for rule in VISIT_RULES for d in record.deadlines(today, rule.name())]
    return sorted(found, key=lambda d: (d["due_on"], d["key"]))


def rules(found):
    return [d["rule"].removeprefix("CPPCR_") for d in found]


def test_CPPCR_Reg28_VisitWithinOneWeekOfPlacement_is_a_calendar_week():
    child = Record()
    child.period(D(2026, 4, 2))  # the Thursday before Easter: holidays do not matter here
    found = visits(child, D(2026, 4, 3))
    assert dates(found) == [(D(2026, 4, 9), None)]
    assert rules(found) == ["Reg28_VisitWithinOneWeekOfPlacement"]


def test_a_visit_on_the_day_the_placement_starts_counts():
    child = Record()
    child.period(D(2026, 4, 2))
    child.visit(D(2026, 4, 2))
    assert dates(visits(child, D(2026, 4, 3)))[0] == (D(2026, 4, 9), D(2026, 4, 2))


def test_CPPCR_Reg28_StandardVisits_every_6_weeks_from_the_last_visit():
    child = Record()
    child.period(D(2026, 4, 2))
    child.visit(D(2026, 4, 8), D(2026, 5, 25))
    found = visits(child, D(2026, 6, 1))
    assert dates(found) == [
        (D(2026, 4, 9), D(2026, 4, 8)),
        (D(2026, 5, 20), D(2026, 5, 25)),  # 6 weeks after 8 April: met 5 days late
        (D(2026, 7, 6), None),  # 6 weeks after the visit actually made
    ]
    assert rules(found)[1:] == ["Reg28_StandardVisits", "Reg28_StandardVisits"]


def test_only_visits_where_the_child_was_seen_in_person_count():
    child = Record()
    child.period(D(2026, 4, 2))
    child.visit(D(2026, 4, 5), seen=False)
    child.visit(D(2026, 4, 6), location="virtual")
    assert dates(visits(child, D(2026, 4, 7))) == [(D(2026, 4, 9), None)]


def test_a_placement_change_resets_the_visit_clock():
    child = Record()
    first = child.period(D(2026, 4, 2))
    child.visit(D(2026, 4, 8))
    second = child.placement(D(2026, 5, 1), place="U4")
    found = visits(child, D(2026, 5, 2))
    assert dates(found) == [
        (D(2026, 4, 9), D(2026, 4, 8)),
        (D(2026, 5, 8), None),  # within a week of the new placement, not 20 May
    ]
    first_placement = child.placements[0]
    assert found[0]["key"] == f"placement:{first_placement['id']}:visit:1"
    assert found[1]["key"] == f"placement:{second['id']}:visit:1"
    assert first["id"] == child.current_period["id"]


def test_a_visit_on_the_day_of_a_move_counts_for_the_new_placement():
    child = Record()
    child.period(D(2026, 4, 2))
    child.visit(D(2026, 4, 8))
    child.placement(D(2026, 5, 1), place="U4")
    child.visit(D(2026, 5, 1))
    assert dates(visits(child, D(2026, 5, 2)))[1:] == [
        (D(2026, 5, 8), D(2026, 5, 1)),
        (D(2026, 6, 12), None),
    ]


def test_a_temporary_placement_does_not_reset_the_visit_clock():
    child = Record()
    home = child.period(D(2026, 4, 2), carer_id=7)
    child.visit(D(2026, 4, 8))
    child.placement(D(2026, 4, 20), place="T1")  # a stay in hospital
    child.placement(D(2026, 4, 24), place="U4", carer_id=7)  # back to the same carer
    found = visits(child, D(2026, 4, 25))
    assert dates(found) == [(D(2026, 4, 9), D(2026, 4, 8)), (D(2026, 5, 20), None)]
    assert {d["key"].split(":visit")[0] for d in found} == {
        f"placement:{child.placements[0]['id']}"
    }
    assert home["id"] == child.current_period["id"]


def test_moving_to_a_different_home_after_a_temporary_placement_starts_a_new_clock():
    child = Record()
    child.period(D(2026, 4, 2), carer_id=7)
    child.visit(D(2026, 4, 8))
    child.placement(D(2026, 4, 20), place="T1")
    child.placement(D(2026, 4, 24), place="U4", carer_id=8)
    assert dates(visits(child, D(2026, 4, 25)))[-1] == (D(2026, 5, 1), None)


def test_after_the_first_year_visits_are_3_monthly_when_the_placement_is_meant_to_last():
    child = Record()
    child.period(D(2025, 1, 6), intended_until_18=True)
    child.visit(D(2025, 1, 10), D(2025, 2, 20), D(2025, 4, 1), D(2025, 5, 12), D(2025, 6, 20))
    child.visit(D(2025, 7, 31), D(2025, 9, 10), D(2025, 10, 20), D(2025, 11, 28))
    child.visit(D(2026, 1, 8))  # first visit after the first anniversary (6 January 2026)
    found = visits(child, D(2026, 1, 9))
    assert dates(found)[-2:] == [(D(2026, 1, 9), D(2026, 1, 8)), (D(2026, 4, 8), None)]


def test_after_the_first_year_visits_stay_6_weekly_otherwise():
    child = Record()
    child.period(D(2025, 1, 6))
    child.visit(D(2025, 12, 30), D(2026, 1, 8))
    assert dates(visits(child, D(2026, 1, 9)))[-1] == (D(2026, 2, 19), None)


def test_CPPCR_Reg28_3A_LongTermFoster_6_monthly_once_the_placement_has_lasted_a_year():
    child = Record()
    child.period(D(2024, 1, 1), intended_until_18=True, long_term_foster_on=D(2024, 6, 1))
    child.visit(D(2024, 12, 20))  # in the first year: 6 weeks
    child.visit(D(2025, 1, 15))  # the placement has lasted a year and is designated
    found = visits(child, D(2025, 1, 16))
    assert dates(found)[-2:] == [(D(2025, 1, 31), D(2025, 1, 15)), (D(2025, 7, 15), None)]
    assert rules(found)[-2:] == ["Reg28_StandardVisits", "Reg28_3A_LongTermFoster"]
    assert found[-1]["title"] == "Six-monthly visit (long-term foster placement)"


def test_a_placement_designated_long_term_after_a_year_goes_6_monthly_from_the_designation():
    child = Record()
    child.period(D(2024, 1, 1), long_term_foster_on=D(2025, 3, 1))
    child.visit(D(2025, 2, 20))  # after a year, but not yet designated: 6 weeks
    child.visit(D(2025, 3, 20))
    found = visits(child, D(2025, 3, 21))
    assert dates(found)[-2:] == [(D(2025, 4, 3), D(2025, 3, 20)), (D(2025, 9, 20), None)]


def test_CPPCR_Reg28_3_ParentBeforeAssessment_weekly_until_the_first_review():
    child = Record()
    child.period(D(2026, 3, 2), place="P1", with_parent_before_assessment=True)
    child.visit(D(2026, 3, 6), D(2026, 3, 12), D(2026, 3, 19))
    child.review(D(2026, 3, 20))
    found = visits(child, D(2026, 3, 21))
    assert dates(found) == [
        (D(2026, 3, 9), D(2026, 3, 6)),
        (D(2026, 3, 13), D(2026, 3, 12)),
        (D(2026, 3, 19), D(2026, 3, 19)),
        (D(2026, 4, 30), None),  # the first review has been held: 6 weeks from 19 March
    ]
    assert set(rules(found)[1:]) == {"Reg28_3_ParentBeforeAssessment"}


def test_CPPCR_Reg28_3_weekly_while_the_first_review_has_not_been_held():
    child = Record()
    child.period(D(2026, 3, 2), place="P1", with_parent_before_assessment=True)
    child.visit(D(2026, 3, 6), D(2026, 3, 12))
    assert dates(visits(child, D(2026, 3, 14)))[-1] == (D(2026, 3, 19), None)


def test_CPPCR_Reg28_4_ConnectedPersonTemporary_weekly_then_4_weekly():
    child = Record()
    child.period(
        D(2026, 3, 2), place="U1", carer_kind="connected_person", carer_temporary_approval=True
    )
    child.visit(D(2026, 3, 5), D(2026, 3, 12))
    assert dates(visits(child, D(2026, 3, 13)))[-1] == (D(2026, 3, 19), None)
    child.review(D(2026, 3, 16))
    found = visits(child, D(2026, 3, 17))
    assert dates(found)[-1] == (D(2026, 4, 9), None)  # 4 weeks after 12 March
    assert rules(found)[-1] == "Reg28_4_ConnectedPersonTemporary"


def test_CPPCR_Reg28_4_also_covers_living_with_a_parent_under_an_interim_care_order():
    child = Record()
    child.period(D(2026, 3, 2), place="P1", legal_status="C1")
    child.visit(D(2026, 3, 5))
    found = visits(child, D(2026, 3, 6))
    assert dates(found)[-1] == (D(2026, 3, 12), None)
    assert rules(found)[-1] == "Reg28_4_ConnectedPersonTemporary"


def test_CPPCR_Reg48_ShortBreakVisits_first_within_3_months_then_6_monthly():
    child = Record()
    child.period(D(2026, 1, 5), legal_status="V4", short_break=True)
    found = visits(child, D(2026, 1, 6))
    assert dates(found) == [(D(2026, 4, 5), None)]
    assert rules(found) == ["Reg48_ShortBreakVisits"]
    child.visit(D(2026, 2, 3))
    assert dates(visits(child, D(2026, 2, 4))) == [
        (D(2026, 4, 5), D(2026, 2, 3)),
        (D(2026, 8, 3), None),
    ]


def test_a_visit_pending_when_the_period_ends_does_not_stay_open():
    child = Record()
    child.period(D(2026, 3, 2))
    child.visit(D(2026, 3, 5))
    child.end_period(D(2026, 3, 20))
    assert dates(visits(child, D(2026, 6, 1))) == [(D(2026, 3, 9), D(2026, 3, 5))]


def test_no_open_deadlines_after_the_child_has_died():
    child = Record(date_of_death=D(2026, 3, 10))
    child.period(D(2026, 3, 2))
    assert [d for d in child.deadlines(D(2026, 3, 12)) if d["met_on"] is None] == []
