"""The access policy, person by person: who sees which child, and who may do what."""

import datetime as dt

import pytest
from django.utils import timezone

from oversight.services import close_inspection_windows
from placements.models import Child, ChildGroupObjectPermission, ChildUserObjectPermission, Visit
from placements.services.allocations import allocate_child, end_allocation
from practices.access import Action, can, forget_scope, visible, who_can
from practices.reconcile import reconcile_access
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

EXPECTED_VISIBLE = {
    "worker": {"child"},
    "manager": {"child"},
    "other_worker": {"other_child"},
    "former_worker": set(),
    "council_worker": {"child", "child_ended", "child_council"},
    "commissioner": {"child", "child_ended", "child_council"},
    "senior_commissioner": {"child", "child_ended", "child_council"},
    "iro": {"child", "child_ended", "child_council"},
    "data_lead": {"child", "child_ended", "child_council"},
    "council_admin": {"child", "child_ended", "child_council"},
    "other_commissioner": {"other_child"},
    "inspector": {"child"},
    "inspector_closed": set(),
    "inspector_not_sampled": {"child_council"},
    "inspectorate_admin": set(),
    "superuser": {"child", "child_ended", "child_council", "other_child"},
}
CHILDREN = ("child", "child_ended", "child_council", "other_child")


def names(world, queryset) -> set[str]:
    ids = set(queryset.values_list("pk", flat=True))
    return {name for name in CHILDREN if getattr(world, name).pk in ids}


@pytest.mark.parametrize("person", sorted(EXPECTED_VISIBLE))
def test_each_person_sees_exactly_the_children_their_relationship_gives(world, person):
    user = getattr(world, person)
    assert names(world, visible(user, Child)) == EXPECTED_VISIBLE[person]
    for name in CHILDREN:
        assert can(user, Action.VIEW, getattr(world, name)) == (name in EXPECTED_VISIBLE[person])


def test_who_can_view_matches_can(world):
    for name in CHILDREN:
        child = getattr(world, name)
        expected = {
            user.pk
            for user in world.people().values()
            if not user.is_superuser and can(user, Action.VIEW, child)
        }
        assert set(who_can(Action.VIEW, child).values_list("pk", flat=True)) == expected, name


@pytest.mark.parametrize(
    ("person", "child", "action", "allowed"),
    [
        ("worker", "child", Action.RECORD_CASEWORK, True),
        ("worker", "child", Action.CHANGE_PLACEMENT, True),
        ("worker", "child", Action.ALLOCATE_WORKER, False),
        ("manager", "child", Action.ALLOCATE_WORKER, True),
        ("worker", "child_ended", Action.RECORD_CASEWORK, False),
        ("other_worker", "child", Action.RECORD_CASEWORK, False),
        ("worker", "child", Action.CHANGE_LEGAL_STATUS, False),
        ("worker", "child", Action.END_PERIOD_OF_CARE, False),
        ("manager", "child", Action.APPOINT_IRO, False),
        ("worker", "child", Action.RECORD_REVIEW, False),
        ("commissioner", "child", Action.CHANGE_LEGAL_STATUS, True),
        ("commissioner", "child", Action.REFER_TO_PRACTICE, True),
        ("commissioner", "child", Action.RECORD_CASEWORK, False),
        ("council_worker", "child", Action.RECORD_CASEWORK, False),
        ("council_worker", "child_council", Action.RECORD_CASEWORK, True),
        ("council_worker", "child_council", Action.CHANGE_LEGAL_STATUS, False),
        ("council_admin", "child_council", Action.ALLOCATE_WORKER, True),
        ("iro", "child", Action.RECORD_REVIEW, True),
        ("iro", "child", Action.RECORD_CASEWORK, False),
        ("other_commissioner", "child", Action.CHANGE_LEGAL_STATUS, False),
        ("other_commissioner", "other_child", Action.CHANGE_LEGAL_STATUS, True),
        ("inspector", "child", Action.VIEW, True),
        ("inspector", "child", Action.RECORD_CASEWORK, False),
        ("inspector", "child", Action.CHANGE_PLACEMENT, False),
        ("inspector", "child", Action.RECORD_REVIEW, False),
        ("data_lead", "child", Action.RECORD_CASEWORK, False),
        ("council_admin", "child", Action.VIEW_AUDIT, True),
        ("commissioner", "child", Action.VIEW_AUDIT, False),
    ],
)
def test_actions_follow_role_and_relationship(world, person, child, action, allowed):
    assert can(getattr(world, person), action, getattr(world, child)) is allowed


def test_records_of_a_child_follow_the_child(world):
    visit = Visit.objects.create(
        child=world.child,
        visited_on=dt.date(2025, 1, 1),
        seen=True,
        seen_alone=True,
        location=Visit.Location.PLACEMENT,
        recorded_by=world.worker,
    )
    assert list(visible(world.worker, Visit)) == [visit]
    assert list(visible(world.other_worker, Visit)) == []
    assert can(world.worker, Action.RECORD_CASEWORK, visit)
    assert not can(world.other_worker, Action.VIEW, visit)


def test_practice_cannot_see_child_after_allocation_ends(world):
    allocation = world.child.allocations.get(ended_on__isnull=True)
    end_allocation(allocation=allocation, ended_on=timezone.localdate(), by=world.commissioner)
    forget_scope(world.worker)
    assert not can(world.worker, Action.VIEW, world.child)
    assert not ChildGroupObjectPermission.objects.filter(content_object=world.child).exists()
    assert (
        world.child.visits.model.objects.filter(child=world.child).count() == 0
    )  # nothing deleted
    assert Child.objects.filter(pk=world.child.pk).exists()


def test_allocation_that_starts_in_the_future_grants_nothing_yet(world):
    child = ChildFactory(council=world.council)
    allocate_child(
        child=child,
        practice=world.practice,
        contract=world.contract,
        started_on=timezone.localdate() + dt.timedelta(days=7),
        by=world.commissioner,
    )
    assert not can(world.worker, Action.VIEW, child)


def test_inspector_loses_access_when_the_window_closes_even_before_the_job_runs(
    world, time_machine
):
    assert can(world.inspector, Action.VIEW, world.child)
    time_machine.move_to(timezone.localdate() + dt.timedelta(days=6))
    forget_scope(world.inspector)
    assert ChildUserObjectPermission.objects.filter(user=world.inspector).exists()  # job not run
    assert not can(world.inspector, Action.VIEW, world.child)
    assert close_inspection_windows() >= 1
    assert not ChildUserObjectPermission.objects.filter(user=world.inspector).exists()


def test_closing_windows_twice_changes_nothing_the_second_time(world):
    close_inspection_windows()
    assert close_inspection_windows() == 0


def test_reconciliation_reports_and_repairs_drift(world):
    assert reconcile_access(repair=False).total == 0
    ChildGroupObjectPermission.objects.filter(content_object=world.child).delete()
    stale = ChildUserObjectPermission.objects.create(
        content_object=world.other_child,
        user=world.inspector,
        permission_id=ChildUserObjectPermission.objects.first().permission_id,
    )
    world.former_worker.groups.add(world.practice.group)
    drift = reconcile_access(repair=False)
    assert (drift.practice_missing, drift.inspector_stale, drift.member_stale) == (2, 1, 1)
    assert can(world.worker, Action.VIEW, world.child) is False
    reconcile_access(repair=True)
    assert reconcile_access(repair=False).total == 0
    forget_scope(world.worker)
    assert can(world.worker, Action.VIEW, world.child)
    assert not ChildUserObjectPermission.objects.filter(pk=stale.pk).exists()


def visible_ids(user):
    return list(visible(user, Child).values_list("pk", flat=True))


@pytest.mark.parametrize("size", [10, 1000])
def test_children_i_may_see_runs_the_same_queries_at_any_size(
    world, size, django_assert_num_queries
):
    children = ChildFactory.create_batch(size, council=world.council)
    for child in children:
        allocate_child(
            child=child,
            practice=world.practice,
            contract=world.contract,
            started_on=dt.date(2024, 1, 1),
            by=None,
        )
    forget_scope(world.worker)
    # 1. the person's memberships in force today  2. the children, one join on the grants
    with django_assert_num_queries(2):
        assert len(visible_ids(world.worker)) == size + 1
