"""The child-level lists inspectors ask for at the start of an inspection (Ofsted ILACS
Annex A, DOMAIN.md section 6), generated from the record for the inspection's scope on
its first day. Each list is a fixed, small number of queries whatever the council's size.

- children in care (List 8): looked after on the day, and those who ceased in the 6
  months before; missing and away episodes and return interviews are columns;
- care leavers (List 9): eligible, relevant, former relevant and qualifying young people
  aged 16 to 21;
- missing: children with a missing or away episode in the 6 months before;
- placed for adoption (List 10): a decision to place for adoption, an adoptive placement
  or an adoption order in the 12 months before;
- social work staff and their caseloads on the day.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from oversight.models import Inspection, months_before
from oversight.sampling import age_on
from oversight.selectors import children_in_scope
from placements.models import (
    Adoption,
    AdoptionDecision,
    Allocation,
    CareLeaverContact,
    Episode,
    MissingEpisode,
    PeriodOfCare,
    WorkerAllocation,
)
from practices.models import Membership, Role

ELIGIBLE_DAYS = 91  # 13 weeks looked after since the 14th birthday (CPPCR reg 40)


@dataclass
class InspectionList:
    key: str
    title: str
    description: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    child_ids: list[list[int]] = field(default_factory=list)  # per row: the children in it


def _birthday(date_of_birth: dt.date, years: int) -> dt.date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:  # 29 February
        return dt.date(date_of_birth.year + years, 3, 1)


def _at(model, day: dt.date, *, start: str, end: str, child: str = "pk"):
    """The child's row of `model` in force on `day` (latest start first)."""
    return (
        model.objects.filter(child=OuterRef(child), **{f"{start}__lte": day})
        .filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))
        .order_by(f"-{start}")
    )


def _name(path: str):
    return Coalesce(f"{path}__full_name", f"{path}__username", output_field=CharField())


def _current_state(children, day: dt.date):
    episode = _at(Episode, day, start="decom", end="dec")
    allocation = _at(Allocation, day, start="started_on", end="ended_on")
    worker = _at(WorkerAllocation, day, start="started_on", end="ended_on").annotate(
        label=_name("worker")
    )
    return children.annotate(
        legal_status=Subquery(episode.values("legal_status")[:1]),
        place=Subquery(episode.values("placement__place")[:1]),
        placed_on=Subquery(episode.values("placement__started_on")[:1]),
        holder=Subquery(allocation.values("practice__name")[:1]),
        worker_name=Subquery(worker.values("label")[:1]),
    )


def children_in_care(inspection: Inspection) -> InspectionList:
    day = inspection.starts_on
    since = months_before(day, 6)
    in_care = _at(PeriodOfCare, day, start="started_on", end="ended_on")
    ceased = PeriodOfCare.objects.filter(
        child=OuterRef("pk"), ended_on__gte=since, ended_on__lte=day
    )
    missing = MissingEpisode.objects.filter(
        child=OuterRef("pk"), started_on__gte=since, started_on__lte=day
    )

    def count(q):
        return Coalesce(
            Subquery(
                missing.filter(q).order_by().values("child").annotate(n=Count("pk")).values("n")[:1]
            ),
            0,
        )

    children = (
        _current_state(children_in_scope(inspection), day)
        .filter(Exists(in_care) | Exists(ceased))
        .annotate(
            period_started_on=Subquery(
                PeriodOfCare.objects.filter(child=OuterRef("pk"), started_on__lte=day)
                .order_by("-started_on")
                .values("started_on")[:1]
            ),
            ceased_on=Subquery(ceased.order_by("-ended_on").values("ended_on")[:1]),
            times_missing=count(Q(kind="M")),
            times_away=count(Q(kind="A")),
            interviews_offered=count(Q(return_interview_offered_on__isnull=False)),
        )
        .order_by("last_name", "first_name", "pk")
    )
    result = InspectionList(
        key="children-in-care",
        title="Children in care",
        description=(
            f"Children looked after on {day:%-d %B %Y}, and those who ceased to be looked "
            f"after from {since:%-d %B %Y}, with their missing and away episodes in that time."
        ),
        header=[
            "Child ID",
            "Name",
            "Date of birth",
            "Age",
            "Sex",
            "Legal status (LS)",
            "Placement (PLACE)",
            "Placed on",
            "In care since",
            "Ceased on",
            "Case held by",
            "Social worker",
            "Times missing",
            "Times away",
            "Return interviews offered",
        ],
    )
    for child in children:
        result.rows.append(
            [
                child.la_child_id,
                child.display_name,
                child.date_of_birth,
                age_on(child.date_of_birth, day),
                child.sex,
                child.legal_status or "",
                child.place or "",
                child.placed_on,
                child.period_started_on,
                child.ceased_on,
                child.holder or "Council's own team",
                child.worker_name or "",
                child.times_missing,
                child.times_away,
                child.interviews_offered,
            ]
        )
        result.child_ids.append([child.pk])
    return result


def care_leavers(inspection: Inspection) -> InspectionList:
    """Young people of 16 to 21 looked after at some time since their 16th birthday. The
    category follows CPPCR reg 40 and the Children (Leaving Care) Act 2000: eligible (16 or
    17, looked after, 13 weeks since 14), relevant (16 or 17, left care after being
    eligible), former relevant (18 to 21, was eligible or relevant), qualifying (looked
    after after 16, but not 13 weeks since 14)."""
    day = inspection.starts_on
    oldest = _birthday(day, -22) + dt.timedelta(days=1)
    youngest = _birthday(day, -16)
    contact = CareLeaverContact.objects.filter(child=OuterRef("pk"), contact_on__lte=day).order_by(
        "-contact_on"
    )
    worker = _at(WorkerAllocation, day, start="started_on", end="ended_on").annotate(
        label=_name("worker")
    )
    children = list(
        children_in_scope(inspection)
        .filter(date_of_birth__gte=oldest, date_of_birth__lte=youngest)
        .filter(Exists(PeriodOfCare.objects.filter(child=OuterRef("pk"), started_on__lte=day)))
        .annotate(
            contact_on=Subquery(contact.values("contact_on")[:1]),
            in_touch=Subquery(contact.values("in_touch")[:1]),
            activity=Subquery(contact.values("activity")[:1]),
            accommodation=Subquery(contact.values("accommodation")[:1]),
            worker_name=Subquery(worker.values("label")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    periods: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for child_id, started_on, ended_on in PeriodOfCare.objects.filter(
        child__in=[c.pk for c in children], started_on__lte=day
    ).values_list("child_id", "started_on", "ended_on"):
        periods.setdefault(child_id, []).append((started_on, ended_on))
    result = InspectionList(
        key="care-leavers",
        title="Care leavers",
        description=(
            f"Young people aged 16 to 21 on {day:%-d %B %Y} who were looked after after "
            "their 16th birthday: eligible, relevant, former relevant and qualifying."
        ),
        header=[
            "Child ID",
            "Name",
            "Date of birth",
            "Age",
            "Category",
            "Left care on",
            "Last contact",
            "In touch",
            "Activity",
            "Accommodation",
            "Worker or personal adviser",
        ],
    )
    for child in children:
        mine = periods.get(child.pk, [])
        at_14, at_16 = _birthday(child.date_of_birth, 14), _birthday(child.date_of_birth, 16)
        after_16 = [p for p in mine if p[1] is None or p[1] > at_16]
        if not after_16:
            continue
        days_since_14 = sum(
            max(0, (min(end or day, day) - max(start, at_14)).days) for start, end in mine
        )
        looked_after = any(end is None or end > day for _, end in mine)
        left_on = None if looked_after else max(end for _, end in mine if end)
        age = age_on(child.date_of_birth, day)
        if days_since_14 < ELIGIBLE_DAYS:
            category = "Qualifying"
        elif age < 18:
            category = "Eligible" if looked_after else "Relevant"
        else:
            category = "Former relevant"
        result.rows.append(
            [
                child.la_child_id,
                child.display_name,
                child.date_of_birth,
                age,
                category,
                left_on,
                child.contact_on,
                child.in_touch or "",
                child.activity or "",
                child.accommodation or "",
                child.worker_name or "",
            ]
        )
        result.child_ids.append([child.pk])
    return result


def missing(inspection: Inspection) -> InspectionList:
    day = inspection.starts_on
    since = months_before(day, 6)
    rows = (
        MissingEpisode.objects.filter(
            child__in=children_in_scope(inspection).values("pk"),
            started_on__gte=since,
            started_on__lte=day,
        )
        .order_by()
        .values("child_id", "child__la_child_id", "child__first_name", "child__preferred_name")
        .annotate(
            last_name=Min("child__last_name"),
            date_of_birth=Min("child__date_of_birth"),
            times_missing=Count("pk", filter=Q(kind="M")),
            times_away=Count("pk", filter=Q(kind="A")),
            first=Min("started_on"),
            offered=Count("pk", filter=Q(return_interview_offered_on__isnull=False)),
            accepted=Count("pk", filter=Q(return_interview_accepted=True)),
        )
        .order_by("last_name", "child__first_name", "child_id")
    )
    result = InspectionList(
        key="missing",
        title="Children who went missing",
        description=(
            f"Children missing or away without authorisation from {since:%-d %B %Y} "
            f"to {day:%-d %B %Y}."
        ),
        header=[
            "Child ID",
            "Name",
            "Date of birth",
            "Times missing",
            "Times away",
            "First went missing",
            "Return interviews offered",
            "Return interviews accepted",
        ],
    )
    for row in rows:
        name = f"{row['child__preferred_name'] or row['child__first_name']} {row['last_name']}"
        result.rows.append(
            [
                row["child__la_child_id"],
                name,
                row["date_of_birth"],
                row["times_missing"],
                row["times_away"],
                row["first"],
                row["offered"],
                row["accepted"],
            ]
        )
        result.child_ids.append([row["child_id"]])
    return result


ADOPTION_PLACES = ["A3", "A4", "A5", "A6"]


def placed_for_adoption(inspection: Inspection) -> InspectionList:
    day = inspection.starts_on
    since = months_before(day, 12)
    decision = AdoptionDecision.objects.filter(child=OuterRef("pk"), decided_on__lte=day).filter(
        Q(ceased_on__isnull=True) | Q(ceased_on__gte=since)
    )
    placed = Episode.objects.filter(
        child=OuterRef("pk"), placement__place__in=ADOPTION_PLACES, decom__lte=day
    ).filter(Q(dec__isnull=True) | Q(dec__gte=since))
    adopted = Adoption.objects.filter(
        child=OuterRef("pk"), adopted_on__gte=since, adopted_on__lte=day
    )
    adoption = Adoption.objects.filter(child=OuterRef("pk"))
    children = (
        children_in_scope(inspection)
        .filter(Exists(decision) | Exists(placed) | Exists(adopted))
        .annotate(
            decided_on=Subquery(decision.order_by("-decided_on").values("decided_on")[:1]),
            decision_ceased_on=Subquery(decision.order_by("-decided_on").values("ceased_on")[:1]),
            placed_on=Subquery(placed.order_by("decom").values("decom")[:1]),
            matched_on=Subquery(adoption.values("matched_on")[:1]),
            adopted_on=Subquery(adoption.values("adopted_on")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    result = InspectionList(
        key="adoption",
        title="Children placed for adoption",
        description=(
            "Children with a decision that they should be placed for adoption, an adoptive "
            f"placement or an adoption order from {since:%-d %B %Y} to {day:%-d %B %Y}."
        ),
        header=[
            "Child ID",
            "Name",
            "Date of birth",
            "Should be placed for adoption (decision)",
            "Decision ceased on",
            "Placed for adoption on",
            "Matched on",
            "Adoption order on",
        ],
    )
    for child in children:
        result.rows.append(
            [
                child.la_child_id,
                child.display_name,
                child.date_of_birth,
                child.decided_on,
                child.decision_ceased_on,
                child.placed_on,
                child.matched_on,
                child.adopted_on,
            ]
        )
        result.child_ids.append([child.pk])
    return result


def social_work_staff(inspection: Inspection) -> InspectionList:
    """Each worker allocated to a child in scope on the day, their organisation, role and
    registration, and how many of those children they hold."""
    day = inspection.starts_on
    in_force = WorkerAllocation.objects.filter(
        child__in=children_in_scope(inspection).values("pk"), started_on__lte=day
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    loads = list(
        in_force.order_by()
        .values("worker_id")
        .annotate(caseload=Count("child", distinct=True), name=Min(_name("worker")))
        .order_by("name", "worker_id")
    )
    children: dict[int, list[int]] = {}
    for worker_id, child_id in in_force.values_list("worker_id", "child_id"):
        children.setdefault(worker_id, []).append(child_id)
    memberships: dict[int, Membership] = {}
    for membership in (
        Membership.objects.filter(
            user__in=[row["worker_id"] for row in loads],
            role__in=[
                Role.PRACTICE_SOCIAL_WORKER,
                Role.PRACTICE_MANAGER,
                Role.COUNCIL_SOCIAL_WORKER,
            ],
            started_on__lte=day,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("practice", "council")
        .order_by("-started_on")
    ):
        memberships.setdefault(membership.user_id, membership)
    result = InspectionList(
        key="staff",
        title="Social work staff and caseloads",
        description=f"Social workers holding the children in scope on {day:%-d %B %Y}.",
        header=[
            "Name",
            "Organisation",
            "Role",
            "Social Work England number",
            "SW_ID",
            "Children allocated",
        ],
    )
    for row in loads:
        membership = memberships.get(row["worker_id"])
        result.rows.append(
            [
                row["name"],
                str(membership.practice or membership.council) if membership else "",
                membership.get_role_display() if membership else "",
                membership.social_work_england_number if membership else "",
                membership.sw_id if membership else "",
                row["caseload"],
            ]
        )
        result.child_ids.append(sorted(set(children.get(row["worker_id"], []))))
    return result


LISTS = {
    "children-in-care": children_in_care,
    "care-leavers": care_leavers,
    "missing": missing,
    "adoption": placed_for_adoption,
    "staff": social_work_staff,
}
LIST_TITLES = {
    "children-in-care": "Children in care",
    "care-leavers": "Care leavers",
    "missing": "Children who went missing",
    "adoption": "Children placed for adoption",
    "staff": "Social work staff and caseloads",
}
