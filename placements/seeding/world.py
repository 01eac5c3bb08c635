"""Councils, practices, an inspectorate, contracts, staff, demo logins, providers, carers."""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from commissioning.models import Contract, DelegableFunction
from core.models import User
from placements.models import Carer, Provider
from placements.seeding.areas import area, pool
from practices.models import Council, Inspectorate, Membership, Practice, Role
from practices.services import practice_group

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 (documented demo logins)
PLACES = [
    "Avonmere",
    "Brackenford",
    "Castleton",
    "Dunmoor",
    "Eastwick",
    "Fairhaven",
    "Greystone",
    "Hollowbrook",
    "Ironbridge",
    "Juniper Vale",
    "Kingsmead",
    "Larkhill",
]
PRACTICE_NAMES = [
    "Compass",
    "Harbour",
    "Oak Tree",
    "Northern Lights",
    "Riverside",
    "Beacon",
    "Kinship",
    "Cornerstone",
    "Meadow",
    "Anchor",
    "Lighthouse",
    "Willow",
]
LEGAL_FORMS = [
    Practice.LegalForm.COOPERATIVE,
    Practice.LegalForm.CIC,
    Practice.LegalForm.CHARITY,
    Practice.LegalForm.PARTNERSHIP,
    Practice.LegalForm.MUTUAL,
    Practice.LegalForm.LLP,
]
FIRST = [
    "Amina",
    "Ben",
    "Chloe",
    "Daniel",
    "Eleanor",
    "Farhan",
    "Grace",
    "Harry",
    "Isla",
    "Jacob",
    "Kiran",
    "Leah",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Priya",
    "Rhys",
    "Sofia",
    "Tomasz",
    "Zara",
]
LAST = [
    "Adeyemi",
    "Brown",
    "Chen",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Murphy",
    "Nowak",
    "Owusu",
    "Patel",
    "Roberts",
    "Smith",
    "Taylor",
    "Walsh",
]


@dataclass
class Org:
    """The people of one organisation the histories draw from."""

    workers: list[tuple[int, str]] = field(default_factory=list)  # (user id, SW_ID)
    iros: list[int] = field(default_factory=list)


@dataclass
class World:
    today: dt.date
    councils: list[Council]
    practices: list[Practice]
    contracts_by_council: dict[int, list[Contract]]
    council_staff: dict[int, Org]
    practice_staff: dict[int, Org]
    carers: dict[int, list[int]]  # council id -> foster carer ids
    providers: dict[int, dict[str, int]]  # council id -> kind -> provider id
    postcodes: dict[int, tuple[str, ...]]  # council id -> the real postcodes of its area
    demo_worker: int
    demo_council_worker: int
    users: int = 0
    permission_ids: tuple[int, ...] = ()
    practice_groups: dict[int, int] = field(default_factory=dict)
    demo_quota: dict = field(default_factory=dict)

    def take_demo(self, practice_id, council_id):
        """The demo worker (practice 1) or council worker (council 1) for the next open
        case they should hold, while they have room for about 20."""
        key = ("practice", practice_id) if practice_id else ("council", council_id)
        slot = self.demo_quota.get(key)
        if not slot or slot[1] <= 0:
            return None
        slot[1] -= 1
        return slot[0]


def _pick(postcodes: tuple[str, ...], k: int) -> str:
    """The k-th address's postcode of an area (the same seed, the same one)."""
    return postcodes[k % len(postcodes)]


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def build_world(
    rng: random.Random, *, children: int, councils: int, practices: int, today: dt.date
) -> World:
    password = make_password(DEMO_PASSWORD)
    started = today - dt.timedelta(days=9 * 365)
    real = [area(i) for i in range(councils)]
    council_rows = Council.objects.bulk_create(
        [
            Council(
                name=f"{real[i].name} Council",
                ons_code=real[i].ons_code,
                dfe_la_number=real[i].la_number,
                region="Demo (synthetic children in a real area)",
            )
            for i in range(councils)
        ]
    )
    pools = {
        council.pk: pool(real[i].ons_code, real[i].letters)
        for i, council in enumerate(council_rows)
    }
    practice_rows = Practice.objects.bulk_create(
        [
            Practice(
                name=f"{PRACTICE_NAMES[i % len(PRACTICE_NAMES)]} Social Work Practice{'' if i < len(PRACTICE_NAMES) else f' {i}'}",
                legal_form=LEGAL_FORMS[i % len(LEGAL_FORMS)],
                ofsted_urn=f"SC{700000 + i:06d}",
                registered_on=started,
                address_line_1=f"{10 + i} Station Road",
                town=PLACES[i % len(PLACES)],
                postcode=_pick(pools[council_rows[i % councils].pk], 37 * i + 11),
            )
            for i in range(practices)
        ]
    )
    for practice in practice_rows:
        practice_group(practice)
    ofsted, _ = Inspectorate.objects.get_or_create(name="Ofsted")

    contracts: dict[int, list[Contract]] = {c.pk: [] for c in council_rows}
    new_contracts = []
    for i, practice in enumerate(practice_rows):
        partners = {i % councils} | ({(i + 1) % councils} if i % 2 and councils > 1 else set())
        for c in sorted(partners):
            council = council_rows[c]
            new_contracts.append(
                Contract(
                    council=council,
                    practice=practice,
                    reference=f"SWP-{council.dfe_la_number}-{i + 1:03d}",
                    kind=Contract.Kind.COST_AND_VOLUME,
                    status=Contract.Status.ACTIVE,
                    starts_on=started,
                    ends_on=today + dt.timedelta(days=3 * 365 - 40 * i),
                    break_clause_on=today + dt.timedelta(days=365),
                    notice_period_days=90,
                    cohort="Looked-after children referred by the council",
                    functions=[f.value for f in DelegableFunction],
                    capacity=0,
                    weekly_price_per_child=Decimal("480.00") + 10 * i,
                    annual_value=Decimal("0"),
                    delegated_limit_per_item=Decimal("1000.00"),
                    delegated_limit_per_child_year=Decimal("5000.00"),
                    senior_approval_threshold=Decimal("10000.00"),
                )
            )
    for contract in Contract.objects.bulk_create(new_contracts):
        contracts[contract.council_id].append(contract)

    # Staff: enough workers for 15-20 children each.
    open_share = 0.75
    practice_cases = children * open_share * 0.7 / max(practices, 1)
    council_cases = children * open_share * 0.3 / max(councils, 1)
    users: list[User] = []
    memberships: list[tuple[int, str, str, object]] = []  # (user index, role, sw_id, org)
    sw_counter = [100000]

    def add(username, full_name, role, org, *, sw=False, staff=False, superuser=False):
        users.append(
            User(
                username=username,
                full_name=full_name,
                password=password,
                is_staff=staff or superuser,
                is_superuser=superuser,
            )
        )
        sw_id = ""
        if sw:
            sw_counter[0] += 1
            sw_id = f"SW{sw_counter[0]}"
        if org is not None:
            memberships.append((len(users) - 1, role, sw_id, org))
        return len(users) - 1

    named = {}
    for p, practice in enumerate(practice_rows):
        if p == 0:
            named["worker"] = add(
                "worker", "Priya Shah", Role.PRACTICE_SOCIAL_WORKER, practice, sw=True
            )
            named["manager"] = add(
                "manager", "Marcus Bell", Role.PRACTICE_MANAGER, practice, sw=True
            )
        elif p == 1:
            named["worker.other"] = add(
                "worker.other", "Olu Adebayo", Role.PRACTICE_SOCIAL_WORKER, practice, sw=True
            )
            add(f"p{p + 1}.manager", "Helen Ward", Role.PRACTICE_MANAGER, practice, sw=True)
        else:
            add(f"p{p + 1}.manager", " ".join(_name(rng)), Role.PRACTICE_MANAGER, practice, sw=True)
        for k in range(max(1, round(practice_cases / 18))):
            add(
                f"p{p + 1}.sw{k + 1}",
                " ".join(_name(rng)),
                Role.PRACTICE_SOCIAL_WORKER,
                practice,
                sw=True,
            )
    for c, council in enumerate(council_rows):
        prefix = f"c{c + 1}"
        if c == 0:
            named["council.worker"] = add(
                "council.worker", "Grace Okafor", Role.COUNCIL_SOCIAL_WORKER, council, sw=True
            )
            add("commissioner", "Sam Hughes", Role.COMMISSIONER, council)
            add("senior.commissioner", "Ruth Adams", Role.SENIOR_COMMISSIONER, council)
            add("iro", "Imran Malik", Role.IRO, council)
            add("datalead", "Dana Lee", Role.DATA_LEAD, council)
            add("council.admin", "Alex Morgan", Role.COUNCIL_ADMINISTRATOR, council, staff=True)
        else:
            add(f"{prefix}.commissioner", " ".join(_name(rng)), Role.COMMISSIONER, council)
            add(f"{prefix}.datalead", " ".join(_name(rng)), Role.DATA_LEAD, council)
            add(
                f"{prefix}.admin",
                " ".join(_name(rng)),
                Role.COUNCIL_ADMINISTRATOR,
                council,
                staff=True,
            )
            if c == 1:
                add("commissioner.other", "Chris Patel", Role.COMMISSIONER, council)
        for k in range(max(1, round(council_cases / 18))):
            add(
                f"{prefix}.sw{k + 1}",
                " ".join(_name(rng)),
                Role.COUNCIL_SOCIAL_WORKER,
                council,
                sw=True,
            )
        for k in range(max(1, round(council_cases / 0.75 / 70))):
            add(f"{prefix}.iro{k + 1}", " ".join(_name(rng)), Role.IRO, council)
    add("inspector", "Jo Whitfield", Role.INSPECTOR, ofsted)
    add("inspectorate.admin", "Pat Quinn", Role.INSPECTORATE_ADMINISTRATOR, ofsted)
    add("admin", "Platform Administrator", "", None, superuser=True)
    User.objects.bulk_create(users)
    saved = {
        u.username: u.pk for u in User.objects.filter(username__in=[u.username for u in users])
    }
    ids = [saved[u.username] for u in users]

    member_rows, practice_staff, council_staff = [], {}, {}
    group_links = []
    for index, role, sw_id, org in memberships:
        user_id = ids[index]
        kind = {Council: "council", Practice: "practice", Inspectorate: "inspectorate"}[type(org)]
        member_rows.append(
            Membership(
                user_id=user_id,
                role=role,
                started_on=started,
                sw_id=sw_id,
                social_work_england_number=f"SW{sw_id[2:]}" if sw_id else "",
                **{f"{kind}_id": org.pk},
            )
        )
        if kind == "practice":
            group_links.append(User.groups.through(user_id=user_id, group_id=org.group_id))
            staff = practice_staff.setdefault(org.pk, Org())
            if role in (Role.PRACTICE_SOCIAL_WORKER, Role.PRACTICE_MANAGER):
                staff.workers.append((user_id, sw_id))
        elif kind == "council":
            staff = council_staff.setdefault(org.pk, Org())
            if role == Role.COUNCIL_SOCIAL_WORKER:
                staff.workers.append((user_id, sw_id))
            elif role == Role.IRO:
                staff.iros.append(user_id)
    Membership.objects.bulk_create(member_rows)
    User.groups.through.objects.bulk_create(group_links)

    providers, carers = {}, {}
    for c, council in enumerate(council_rows):
        here = pools[council.pk]
        place_name = real[c].name

        def postcode_at(k: int, here=here) -> str:
            return _pick(here, k * 7919)

        made = Provider.objects.bulk_create(
            [
                Provider(
                    name=f"{council.name} fostering service",
                    provider_type="PR1",
                    council=council,
                    urn=f"SC{830000 + council.pk % 1000:06d}",
                    postcode=postcode_at(1),
                ),
                Provider(
                    name=f"Brightwater Fostering ({place_name})",
                    provider_type="PR4",
                    urn=f"SC{800000 + c:06d}",
                    postcode=postcode_at(2),
                ),
                Provider(
                    name=f"Hilltop Children's Home ({place_name})",
                    provider_type="PR4",
                    urn=f"SC{810000 + c:06d}",
                    postcode=postcode_at(3),
                ),
                Provider(
                    name=f"Harbour Trust supported housing ({place_name})",
                    provider_type="PR5",
                    urn=f"SC{820000 + c:06d}",
                    postcode=postcode_at(4),
                ),
                Provider(
                    name=f"{council.name} adoption service",
                    provider_type="PR1",
                    council=council,
                    urn=f"SC{840000 + council.pk % 1000:06d}",
                    postcode=postcode_at(5),
                ),
            ]
        )
        providers[council.pk] = {
            "own": made[0].pk,
            "agency": made[1].pk,
            "home": made[2].pk,
            "supported": made[3].pk,
            "adoption": made[4].pk,
        }
        count = max(10, children // councils // 6)
        rows = Carer.objects.bulk_create(
            [
                Carer(
                    name=f"The {rng.choice(LAST)} family",
                    kind=Carer.Kind.FOSTER_CARER,
                    provider_id=made[0 if k % 3 else 1].pk,
                    postcode=postcode_at(10 + k),
                    approved_on=started,
                )
                for k in range(count)
            ]
        )
        carers[council.pk] = [r.pk for r in rows]

    from practices.access import change_child_permission_id, view_child_permission_id

    worker_sw = next(
        sw for u, sw in practice_staff[practice_rows[0].pk].workers if u == ids[named["worker"]]
    )
    council_sw = next(
        sw
        for u, sw in council_staff[council_rows[0].pk].workers
        if u == ids[named["council.worker"]]
    )
    return World(
        permission_ids=(view_child_permission_id(), change_child_permission_id()),
        practice_groups={p.pk: p.group_id for p in practice_rows},
        demo_quota={
            ("practice", practice_rows[0].pk): [(ids[named["worker"]], worker_sw), 20],
            ("council", council_rows[0].pk): [(ids[named["council.worker"]], council_sw), 15],
        },
        today=today,
        councils=council_rows,
        practices=practice_rows,
        contracts_by_council=contracts,
        council_staff=council_staff,
        practice_staff=practice_staff,
        carers=carers,
        providers=providers,
        postcodes=pools,
        demo_worker=ids[named["worker"]],
        demo_council_worker=ids[named["council.worker"]],
        users=len(users),
    )


DEMO_LOGINS = [
    ("worker", "Practice social worker", "practice 1"),
    ("manager", "Practice manager", "practice 1"),
    ("worker.other", "Practice social worker", "practice 2"),
    ("council.worker", "Council social worker", "council 1"),
    ("commissioner", "Commissioner", "council 1"),
    ("senior.commissioner", "Senior commissioner", "council 1"),
    ("commissioner.other", "Commissioner", "council 2"),
    ("iro", "Independent reviewing officer", "council 1"),
    ("datalead", "Data lead", "council 1"),
    ("council.admin", "Council administrator (back office)", "council 1"),
    ("inspector", "Inspector", "Ofsted"),
    ("inspectorate.admin", "Inspectorate administrator", "Ofsted"),
    ("admin", "Superuser", "platform"),
]
