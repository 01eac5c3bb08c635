"""A deadline's state in SQL (with_state) and in words (DeadlinePresenter)."""

import datetime as dt

import pytest
from django.utils import timezone

from placements.deadlines.states import DeadlinePresenter, State, state_of, with_state
from placements.models import Deadline
from tests.factories import ChildFactory
from tests.placements.deadlines.builders import D

TODAY = D(2026, 3, 1)
CASES = [
    # (due_on, met_on, state)
    (D(2026, 2, 20), D(2026, 2, 20), State.MET_ON_TIME),
    (D(2026, 2, 20), D(2026, 2, 1), State.MET_ON_TIME),
    (D(2026, 2, 20), D(2026, 2, 21), State.MET_LATE),
    (D(2026, 4, 20), D(2026, 4, 21), State.MET_LATE),  # recorded late in advance: still late
    (D(2026, 2, 28), None, State.OVERDUE),
    (D(2026, 3, 1), None, State.DUE_SOON),  # due today is not overdue yet
    (D(2026, 3, 8), None, State.DUE_SOON),
    (D(2026, 3, 9), None, State.UPCOMING),
]


@pytest.mark.django_db
def test_with_state_annotates_each_state_in_sql_as_state_of_does_in_python():
    child = ChildFactory()
    for i, (due_on, met_on, _) in enumerate(CASES):
        Deadline.objects.create(
            child=child,
            rule="R",
            kind="review",
            key=str(i),
            title="T",
            due_on=due_on,
            met_on=met_on,
            computed_at=timezone.now(),
        )
    got = with_state(Deadline.objects.order_by("key"), today=TODAY)
    assert [d.state for d in got] == [state for _, _, state in CASES]
    assert [state_of(d, m, TODAY) for d, m, _ in CASES] == [s for _, _, s in CASES]
    assert with_state(Deadline.objects.all(), today=TODAY).filter(state=State.OVERDUE).count() == 1


def presenter(due_on, met_on=None):
    return DeadlinePresenter(
        type("D", (), {"due_on": due_on, "met_on": met_on, "title": "First review"})(),
        today=TODAY,
    )


def test_the_presenter_gives_govuk_tags_with_words():
    assert (presenter(D(2026, 2, 26)).tag_class, presenter(D(2026, 2, 26)).tag_text) == (
        "govuk-tag--red",
        "Overdue",
    )
    assert presenter(D(2026, 3, 4)).tag_class == "govuk-tag--yellow"
    assert presenter(D(2026, 5, 4)).tag_class == ""  # the plain GOV.UK tag is blue
    assert presenter(D(2026, 2, 1), D(2026, 2, 3)).tag_text == "Done late"
    assert presenter(D(2026, 2, 1), D(2026, 1, 30)).tag_class == "govuk-tag--green"


def test_the_presenter_says_when_in_plain_english():
    assert presenter(D(2026, 3, 4)).text == "Due in 3 days"
    assert presenter(D(2026, 3, 2)).text == "Due tomorrow"
    assert presenter(D(2026, 3, 1)).text == "Due today"
    assert presenter(D(2026, 2, 26)).text == "3 days overdue"
    assert presenter(D(2026, 2, 28)).text == "1 day overdue"
    assert presenter(D(2026, 3, 4) + dt.timedelta(days=30)).text == "Due 3 April 2026"
    assert presenter(D(2026, 2, 1), D(2026, 2, 3)).text == "Done 3 February 2026, 2 days late"
    assert presenter(D(2026, 2, 1), D(2026, 1, 30)).text == "Done 30 January 2026"
    assert presenter(D(2026, 3, 4)).title == "First review"
