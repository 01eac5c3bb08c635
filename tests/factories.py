"""factory_boy factories for the domain. Build what a test needs at the call site."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from commissioning.models import Contract
from placements.models import Child, Episode, PeriodOfCare, Placement
from practices.models import Council, Membership, Practice, Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("a-long-test-password")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Council {n}")
    # E98: no real council has it (E09000001 on are London's boroughs), so a real postcode
    # is never judged in or out of a test council's area by accident.
    ons_code = factory.Sequence(lambda n: f"E98{n % 1000000:06d}")
    dfe_la_number = factory.Sequence(lambda n: 100 + n % 900)


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    name = factory.Sequence(lambda n: f"Practice {n}")
    legal_form = Practice.LegalForm.COOPERATIVE
    address_line_1 = "1 High Street"
    town = "Anytown"
    postcode = "YO1 3RU"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.PRACTICE_SOCIAL_WORKER
    practice = factory.SubFactory(PracticeFactory)
    started_on = dt.date(2020, 1, 1)
    sw_id = factory.Sequence(lambda n: f"SW{n:06d}")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    council = factory.SubFactory(CouncilFactory)
    practice = factory.SubFactory(PracticeFactory)
    reference = factory.Sequence(lambda n: f"C-{n:05d}")
    kind = Contract.Kind.COST_AND_VOLUME
    status = Contract.Status.ACTIVE
    starts_on = dt.date(2024, 4, 1)
    ends_on = dt.date(2029, 3, 31)
    cohort = "Children referred by the council"
    capacity = 50
    weekly_price_per_child = 450
    annual_value = 1_000_000
    delegated_limit_per_item = 500
    delegated_limit_per_child_year = 5000
    senior_approval_threshold = 10000


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    council = factory.SubFactory(CouncilFactory)
    la_child_id = factory.Sequence(lambda n: f"C{n:06d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    sex = "F"
    date_of_birth = dt.date(2014, 6, 1)
    ethnicity = "WBRI"


class PeriodOfCareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodOfCare

    child = factory.SubFactory(ChildFactory)
    started_on = dt.date(2025, 5, 1)
    cin = "N1"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    place = "U6"
    place_provider = "PR1"
    started_on = factory.SelfAttribute("period.started_on")
    postcode = "YO1 9LU"


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    placement = factory.SubFactory(PlacementFactory)
    period = factory.SelfAttribute("placement.period")
    child = factory.SelfAttribute("placement.child")
    decom = factory.SelfAttribute("placement.started_on")
    rne = "S"
    legal_status = "C1"
