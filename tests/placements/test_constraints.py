"""The database itself refuses records that break the rules, whatever wrote them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.db import validation_error_from
from placements.models import Allocation, Episode, Placement, Visit
from tests.factories import ChildFactory, EpisodeFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused(write) -> ValidationError:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    return validation_error_from(caught.value)


def test_overlapping_episodes_are_refused_by_the_database():
    first = EpisodeFactory(decom=dt.date(2025, 5, 1))
    error = refused(
        lambda: Episode.objects.create(
            child=first.child,
            period=first.period,
            placement=first.placement,
            decom=dt.date(2025, 6, 1),
            rne="L",
            legal_status="C2",
        )
    )
    assert "already has an episode in these dates" in str(error)


def test_episodes_that_chain_on_the_same_day_are_accepted():
    first = EpisodeFactory(decom=dt.date(2025, 5, 1))
    Episode.objects.filter(pk=first.pk).update(dec=dt.date(2025, 6, 1), rec="X1")
    Episode.objects.create(
        child=first.child,
        period=first.period,
        placement=first.placement,
        decom=dt.date(2025, 6, 1),
        rne="L",
        legal_status="C2",
    )
    assert first.child.episodes.count() == 2


def test_another_childs_episode_on_the_same_dates_is_fine():
    EpisodeFactory(decom=dt.date(2025, 5, 1))
    EpisodeFactory(decom=dt.date(2025, 5, 1))
    assert Episode.objects.count() == 2


def test_episode_cannot_start_and_end_on_the_same_day():
    episode = EpisodeFactory(decom=dt.date(2025, 5, 1))
    error = refused(
        lambda: Episode.objects.filter(pk=episode.pk).update(dec=dt.date(2025, 5, 1), rec="X1")
    )
    assert "must be after the start date" in str(error)


def test_ended_episode_needs_a_reason():
    episode = EpisodeFactory(decom=dt.date(2025, 5, 1))
    error = refused(lambda: Episode.objects.filter(pk=episode.pk).update(dec=dt.date(2025, 7, 1)))
    assert "needs its reason (REC)" in str(error)


def test_invalid_code_is_refused_by_the_database_naming_the_field():
    episode = EpisodeFactory()
    error = refused(lambda: Episode.objects.filter(pk=episode.pk).update(legal_status="ZZ"))
    assert error.message_dict == {"legal_status": ["'ZZ' is not a valid LS code for 2025-26"]}


def test_code_removed_in_2025_is_valid_before_and_refused_after():
    child = ChildFactory()
    before = PlacementFactory(
        period__child=child, period__started_on=dt.date(2024, 5, 1), place="H5"
    )
    assert before.place == "H5"
    after = PlacementFactory(period__started_on=dt.date(2025, 5, 1))
    error = refused(lambda: Placement.objects.filter(pk=after.pk).update(place="H5"))
    assert error.message_dict == {"place": ["'H5' is not a valid PLACE code for 2025-26"]}


def test_code_added_in_2025_is_refused_before_it_existed():
    placement = PlacementFactory(period__started_on=dt.date(2024, 5, 1))
    error = refused(lambda: Placement.objects.filter(pk=placement.pk).update(place="K3"))
    assert "not a valid PLACE code for 2024-25" in str(error)


def test_model_validation_gives_the_same_answer_before_the_database_is_asked():
    placement = PlacementFactory.build(
        child=ChildFactory(), period=None, started_on=dt.date(2025, 5, 1), place="H5"
    )
    assert placement.code_errors() == {
        "place": "Placement type (PLACE) 'H5' is not a valid PLACE code for 2025-26"
    }


def test_placement_provider_must_be_blank_for_temporary_placements():
    placement = PlacementFactory()
    error = refused(lambda: Placement.objects.filter(pk=placement.pk).update(place="T1"))
    assert "must be blank" in str(error)


def test_allocations_of_one_child_cannot_overlap():
    child = ChildFactory()
    Allocation.objects.create(child=child, started_on=dt.date(2025, 1, 1))
    error = refused(lambda: Allocation.objects.create(child=child, started_on=dt.date(2025, 3, 1)))
    assert "already held by someone in these dates" in str(error)


def test_allocation_cannot_end_before_it_starts():
    child = ChildFactory()
    error = refused(
        lambda: Allocation.objects.create(
            child=child, started_on=dt.date(2025, 3, 1), ended_on=dt.date(2025, 2, 1)
        )
    )
    assert "must be after the start date" in str(error)


def test_seen_alone_without_seen_is_refused():
    child = ChildFactory()
    error = refused(
        lambda: Visit.objects.create(
            child=child,
            visited_on=dt.date(2025, 3, 1),
            seen=False,
            seen_alone=True,
            location=Visit.Location.PLACEMENT,
            recorded_by=UserFactory(),
        )
    )
    assert "seen alone must also be recorded as seen" in str(error)


def test_full_clean_reports_overlap_against_the_form_before_saving():
    first = EpisodeFactory(decom=dt.date(2025, 5, 1))
    second = Episode(
        child=first.child,
        period=first.period,
        placement=first.placement,
        decom=dt.date(2025, 6, 1),
        rne="L",
        legal_status="XX",
    )
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    messages = caught.value.message_dict
    assert "legal_status" in messages
    assert any("already has an episode" in m for m in messages["__all__"])
