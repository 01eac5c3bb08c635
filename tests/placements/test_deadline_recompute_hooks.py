"""Every service that changes a record the deadlines come from queues that child's recompute,
and only once the transaction has committed (issue 5, "kept current automatically")."""

import datetime as dt

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from placements.models import Review, Visit
from placements.services import casework, episodes
from placements.tasks import recompute_child_deadlines

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def queued(monkeypatch):
    """The child ids sent to the recompute task (the broker is the outside world)."""
    sent = []
    monkeypatch.setattr(
        recompute_child_deadlines,
        "apply_async",
        lambda args, **kwargs: sent.append(args[0]),
    )
    return sent


def visit(w):
    return Visit.objects.create(
        child=w.child,
        visited_on=today() - dt.timedelta(days=2),
        seen=True,
        seen_alone=True,
        location="placement",
        recorded_by=w.worker,
    )


def review_through_admin(w):
    """Reviews are recorded by IROs in the back office: the admin's save queues it too."""
    model_admin = admin.site._registry[Review]
    request = RequestFactory().post("/")
    request.user = w.superuser
    review = Review(
        child=w.child,
        period=w.child.periods.first(),
        held_on=today() - dt.timedelta(days=1),
        participation="PN1",
    )
    model_admin.save_model(request, review, form=None, change=False)


YESTERDAY = dt.timedelta(days=1)
CHANGES = {
    "record a visit": lambda w: casework.record_visit(
        child=w.child,
        by=w.worker,
        visited_on=today() - YESTERDAY,
        kind="statutory",
        seen=True,
        seen_alone=True,
        location="placement",
    ),
    "change a visit": lambda w: casework.update_visit(
        visit=(v := visit(w)),
        by=w.worker,
        expected_version=v.version,
        visited_on=today() - YESTERDAY,
    ),
    "record a health assessment": lambda w: casework.record_health_assessment(
        child=w.child, by=w.worker, kind="review", completed_on=today() - YESTERDAY
    ),
    "record a PEP": lambda w: casework.record_education_plan(
        child=w.child, by=w.worker, kind="review", completed_on=today() - YESTERDAY, term="autumn"
    ),
    "change placement": lambda w: episodes.change_placement(
        child=w.child,
        by=w.worker,
        started_on=today(),
        place="U6",
        place_provider="PR4",
        reason_place_change="CARPL",
        postcode="YO2 6PJ",
    ),
    "change legal status": lambda w: episodes.change_legal_status(
        child=w.child, by=w.commissioner, changed_on=today(), legal_status="C1"
    ),
    "end the period of care": lambda w: episodes.end_period_of_care(
        child=w.child, by=w.commissioner, ended_on=today(), reason="E11"
    ),
    "record a review (admin)": review_through_admin,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_queues_the_childs_recompute_after_commit(
    world, queued, django_capture_on_commit_callbacks, change
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        CHANGES[change](world)
        assert queued == [], "queued before the transaction committed"
    for callback in callbacks:
        callback()
    assert queued == [world.child.pk]


def test_a_refused_change_queues_nothing(world, queued, django_capture_on_commit_callbacks):
    from core.errors import DomainError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        casework.record_health_assessment(
            child=world.child, by=world.worker, kind="review", completed_on=today() + YESTERDAY
        )
    assert queued == []


def test_a_new_period_of_care_queues_the_recompute(
    world, queued, django_capture_on_commit_callbacks
):
    from tests.factories import ChildFactory

    child = ChildFactory(council=world.council)
    with django_capture_on_commit_callbacks(execute=True):
        episodes.start_period_of_care(
            child=child,
            by=world.commissioner,
            started_on=today(),
            legal_status="C2",
            cin="N1",
            place="U4",
            place_provider="PR1",
            postcode="YO1 3RU",
        )
    assert queued == [child.pk]
