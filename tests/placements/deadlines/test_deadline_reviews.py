"""CPPCR reg 33 reviews (and reg 48 for short breaks), with worked examples."""

from tests.placements.deadlines.builders import D, Record, dates


def reviews(record, today):
    rules = [
        "CPPCR_Reg33_FirstReview",
        "CPPCR_Reg33_SecondReview",
        "CPPCR_Reg33_LaterReviews",
        "CPPCR_Reg48_ShortBreakReviews",
    ]
    found = [d for name in rules for d in record.deadlines(today, name)]
    return sorted(found, key=lambda d: d["due_on"])


def test_CPPCR_Reg33_FirstReview_20_working_days_from_becoming_looked_after():
    child = Record()
    child.period(D(2026, 1, 16))  # a Friday
    [first] = child.deadlines(D(2026, 1, 20), "CPPCR_Reg33_FirstReview")
    assert first["due_on"] == D(2026, 2, 13)
    assert first["met_on"] is None
    assert first["key"] == f"period:{child.current_period['id']}"
    assert first["title"] == "First looked-after review"


def test_CPPCR_Reg33_FirstReview_looked_after_on_the_thursday_before_easter():
    child = Record()
    child.period(D(2026, 4, 2))
    [first] = child.deadlines(D(2026, 4, 2), "CPPCR_Reg33_FirstReview")
    assert first["due_on"] == D(2026, 5, 5)


def test_CPPCR_Reg33_FirstReview_looked_after_over_christmas():
    child = Record()
    child.period(D(2026, 12, 23))
    [first] = child.deadlines(D(2026, 12, 23), "CPPCR_Reg33_FirstReview")
    assert first["due_on"] == D(2027, 1, 25)


def test_CPPCR_Reg33_SecondReview_3_months_after_the_first_as_held():
    child = Record()
    child.period(D(2026, 1, 16))
    child.review(D(2026, 2, 20))  # 5 working days late
    assert dates(reviews(child, D(2026, 3, 1))) == [
        (D(2026, 2, 13), D(2026, 2, 20)),  # first: met late
        (D(2026, 5, 20), None),  # second: 3 months after the first as held
    ]


def test_CPPCR_Reg33_LaterReviews_6_months_apart():
    child = Record()
    child.period(D(2025, 1, 6))
    child.review(D(2025, 1, 31)).review(D(2025, 4, 30)).review(D(2025, 10, 31))
    found = reviews(child, D(2025, 11, 1))
    assert [d["rule"] for d in found] == [
        "CPPCR_Reg33_FirstReview",
        "CPPCR_Reg33_SecondReview",
        "CPPCR_Reg33_LaterReviews",
        "CPPCR_Reg33_LaterReviews",
    ]
    assert dates(found)[2:] == [
        (D(2025, 10, 30), D(2025, 10, 31)),  # 6 months after 30 April: a day late
        (D(2026, 4, 30), None),
    ]
    assert found[-1]["key"].endswith(":review:4")


def test_the_iro_can_set_an_earlier_date_for_the_next_review():
    child = Record()
    child.period(D(2026, 1, 16))
    child.review(D(2026, 2, 10), next_review_by=D(2026, 3, 31))
    second = child.deadlines(D(2026, 2, 11), "CPPCR_Reg33_SecondReview")
    assert dates(second) == [(D(2026, 3, 31), None)]


def test_an_iro_date_later_than_the_statutory_one_does_not_stretch_it():
    child = Record()
    child.period(D(2026, 1, 16))
    child.review(D(2026, 2, 10), next_review_by=D(2026, 9, 1))
    second = child.deadlines(D(2026, 2, 11), "CPPCR_Reg33_SecondReview")
    assert dates(second) == [(D(2026, 5, 10), None)]


def test_a_new_period_of_care_restarts_the_review_timetable():
    child = Record()
    child.period(D(2025, 1, 6))
    child.review(D(2025, 1, 30))
    child.end_period(D(2025, 3, 1))
    child.period(D(2025, 9, 1))
    found = reviews(child, D(2025, 9, 2))
    assert dates(found) == [
        (D(2025, 2, 3), D(2025, 1, 30)),  # the old period's first review, met: it stays
        (D(2025, 9, 29), None),  # the new period's first review
    ]


def test_a_closed_period_leaves_no_open_review_behind():
    child = Record()
    child.period(D(2025, 1, 6))
    child.end_period(D(2025, 1, 20))
    assert reviews(child, D(2025, 6, 1)) == []


def test_met_reviews_stay_visible_for_two_years_then_drop_off():
    child = Record()
    child.period(D(2020, 1, 6))
    child.review(D(2020, 1, 31))
    child.end_period(D(2020, 3, 1))
    assert len(child.deadlines(D(2021, 6, 1))) > 0
    assert [d for d in child.deadlines(D(2023, 6, 1)) if d["rule"].startswith("CPPCR_Reg33")] == []


def test_CPPCR_Reg48_ShortBreakReviews_first_within_3_months_then_6_monthly():
    child = Record()
    child.period(D(2026, 1, 5), legal_status="V4", short_break=True)
    assert dates(reviews(child, D(2026, 1, 6))) == [(D(2026, 4, 5), None)]
    child.review(D(2026, 3, 30))
    found = reviews(child, D(2026, 4, 1))
    assert {d["rule"] for d in found} == {"CPPCR_Reg48_ShortBreakReviews"}
    assert dates(found) == [(D(2026, 4, 5), D(2026, 3, 30)), (D(2026, 9, 30), None)]


def test_a_series_of_short_breaks_shares_one_review_timetable_between_breaks():
    child = Record()
    child.period(D(2026, 1, 5), legal_status="V3", short_break=True)
    child.end_period(D(2026, 1, 9))
    child.period(D(2026, 2, 2), legal_status="V3", short_break=True)
    child.end_period(D(2026, 2, 6))
    # Between breaks no period is open, but the series goes on: the review is still due.
    found = reviews(child, D(2026, 3, 1))
    assert dates(found) == [(D(2026, 4, 5), None)]
    assert found[0]["key"] == f"period:{child.periods[0]['id']}:review:1"
    # Seven months without a break: the arrangement is over, nothing stays open.
    assert reviews(child, D(2026, 9, 7)) == []
