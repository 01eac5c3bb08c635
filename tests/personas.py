"""The people of the domain, and the children they do or do not hold, for tests.

One council (A) contracts practice P; another council (B) contracts practice Q. Each
person has exactly one relationship worth testing.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from core.models import User
from oversight.services import add_to_sample, schedule_inspection
from placements.models import Child
from placements.services.allocations import allocate_child, allocate_worker, end_allocation
from placements.services.episodes import start_period_of_care
from practices.models import Inspectorate, Role
from practices.services import add_membership
from tests.factories import (
    ChildFactory,
    ContractFactory,
    CouncilFactory,
    PracticeFactory,
    UserFactory,
)

LONG_AGO = dt.date(2020, 1, 1)


@dataclass
class World:
    council: object
    other_council: object
    practice: object
    other_practice: object
    contract: object
    # people
    worker: User
    manager: User
    other_worker: User
    council_worker: User
    commissioner: User
    senior_commissioner: User
    iro: User
    data_lead: User
    council_admin: User
    other_commissioner: User
    inspector: User
    inspector_closed: User
    inspector_not_sampled: User
    inspectorate_admin: User
    superuser: User
    former_worker: User
    # children
    child: Child  # council A, allocated to practice P now, sampled by `inspector`
    child_ended: Child  # council A, was with practice P, now with the council's own team
    child_council: Child  # council A, council's own team, sampled by `inspector_not_sampled`
    other_child: Child  # council B, allocated to practice Q

    def people(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def person(name: str, role: str, organisation, *, is_staff: bool = False, **extra) -> User:
    user = UserFactory(username=name, full_name=name.replace("_", " ").title(), is_staff=is_staff)
    add_membership(
        user=user, role=role, organisation=organisation, started_on=LONG_AGO, by=None, **extra
    )
    return user


def build_world() -> World:
    today = timezone.localdate()
    council, other_council = CouncilFactory(name="Council A"), CouncilFactory(name="Council B")
    practice, other_practice = (
        PracticeFactory(name="Practice P"),
        PracticeFactory(name="Practice Q"),
    )
    contract = ContractFactory(council=council, practice=practice)
    other_contract = ContractFactory(council=other_council, practice=other_practice)
    ofsted = Inspectorate.objects.create(name="Ofsted")

    w = dict(
        council=council,
        other_council=other_council,
        practice=practice,
        other_practice=other_practice,
        contract=contract,
        worker=person("worker", Role.PRACTICE_SOCIAL_WORKER, practice, sw_id="SW0001"),
        manager=person("manager", Role.PRACTICE_MANAGER, practice, sw_id="SW0002"),
        other_worker=person("other_worker", Role.PRACTICE_SOCIAL_WORKER, other_practice),
        council_worker=person("council_worker", Role.COUNCIL_SOCIAL_WORKER, council),
        commissioner=person("commissioner", Role.COMMISSIONER, council),
        senior_commissioner=person("senior_commissioner", Role.SENIOR_COMMISSIONER, council),
        iro=person("iro", Role.IRO, council),
        data_lead=person("data_lead", Role.DATA_LEAD, council),
        council_admin=person("council_admin", Role.COUNCIL_ADMINISTRATOR, council, is_staff=True),
        other_commissioner=person("other_commissioner", Role.COMMISSIONER, other_council),
        inspector=person("inspector", Role.INSPECTOR, ofsted),
        inspector_closed=person("inspector_closed", Role.INSPECTOR, ofsted),
        inspector_not_sampled=person("inspector_not_sampled", Role.INSPECTOR, ofsted),
        inspectorate_admin=person("inspectorate_admin", Role.INSPECTORATE_ADMINISTRATOR, ofsted),
        superuser=User.objects.create_superuser("superuser", password="a-long-test-password"),
    )
    former = person("former_worker", Role.PRACTICE_SOCIAL_WORKER, practice)
    from practices.services import end_membership

    end_membership(
        membership=former.memberships.get(), ended_on=today - dt.timedelta(days=1), by=None
    )
    w["former_worker"] = former

    child = ChildFactory(council=council, first_name="Amara", last_name="Held")
    allocate_child(child=child, practice=practice, contract=contract, started_on=LONG_AGO, by=None)
    start_period_of_care(
        child=child,
        by=None,
        started_on=LONG_AGO,
        legal_status="C2",
        cin="N1",
        place="U4",
        place_provider="PR1",
        postcode="YO1 3RU",
    )
    allocate_worker(child=child, worker=w["worker"], started_on=LONG_AGO, by=None)
    child_ended = ChildFactory(council=council, first_name="Ben", last_name="Ended")
    ended = allocate_child(
        child=child_ended, practice=practice, contract=contract, started_on=LONG_AGO, by=None
    )
    end_allocation(allocation=ended, ended_on=today - dt.timedelta(days=3), by=None)
    allocate_child(
        child=child_ended, practice=None, started_on=today - dt.timedelta(days=3), by=None
    )
    child_council = ChildFactory(council=council, first_name="Cara", last_name="Council")
    allocate_child(child=child_council, practice=None, started_on=LONG_AGO, by=None)
    other_child = ChildFactory(council=other_council, first_name="Dev", last_name="Other")
    allocate_child(
        child=other_child,
        practice=other_practice,
        contract=other_contract,
        started_on=LONG_AGO,
        by=None,
    )

    open_inspection = schedule_inspection(
        inspectorate=ofsted,
        council=council,
        title="Inspection of Council A",
        starts_on=today - dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=5),
        inspectors=[w["inspector"]],
        by=None,
    )
    add_to_sample(inspection=open_inspection, child=child, by=w["inspectorate_admin"])
    # Another open inspection, whose inspector samples only child_council.
    other_inspection = schedule_inspection(
        inspectorate=ofsted,
        council=council,
        title="Focused visit to Council A",
        starts_on=today,
        ends_on=today + dt.timedelta(days=1),
        inspectors=[w["inspector_not_sampled"]],
        by=None,
    )
    add_to_sample(inspection=other_inspection, child=child_council, by=w["inspectorate_admin"])
    closed_inspection = schedule_inspection(
        inspectorate=ofsted,
        council=council,
        title="Last year's inspection",
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=390),
        inspectors=[w["inspector_closed"]],
        by=None,
    )
    add_to_sample(inspection=closed_inspection, child=child, by=w["inspectorate_admin"])
    return World(
        **w,
        child=child,
        child_ended=child_ended,
        child_council=child_council,
        other_child=other_child,
    )
