"""The return projected from worked histories, written through the services as a person
would (placements.services.episodes), never typed in. Today is 20 November 2026."""

import datetime as dt

import pytest

from oversight.ssda903.rules import validate
from oversight.ssda903.tables import project
from oversight.ssda903.years import CollectionYear
from placements.models import (
    Adoption,
    AdoptionDecision,
    CareLeaverContact,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    Review,
    SDQAssessment,
)
from placements.services.allocations import allocate_child, allocate_worker
from placements.services.episodes import (
    change_legal_status,
    change_placement,
    end_period_of_care,
    start_period_of_care,
)
from tests.factories import ChildFactory, CouncilFactory

pytestmark = pytest.mark.django_db
d = dt.date
Y2024, Y2025, Y2026 = CollectionYear(2024), CollectionYear(2025), CollectionYear(2026)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def council():
    return CouncilFactory(name="Council A", dfe_la_number=800)


def start(child, on, ls="C1", place="U4", provider="PR1", **more):
    return start_period_of_care(
        child=child,
        by=None,
        started_on=on,
        legal_status=ls,
        cin=more.pop("cin", "N1"),
        place=place,
        place_provider=provider,
        postcode=more.pop("postcode", "YO1 0GR"),
        urn=more.pop("urn", "SC830001"),
        home_postcode="YO3 8AX",
        **more,
    )


def move(child, on, place, provider, reason="CARPL", postcode="YO19 4QQ", urn="SC810001", **more):
    return change_placement(
        child=child,
        by=None,
        started_on=on,
        place=place,
        place_provider=provider,
        reason_place_change=reason,
        postcode=postcode,
        urn=urn,
        **more,
    )


def episodes(council, year, child, *columns):
    columns = columns or ("DECOM", "RNE", "LS", "PLACE", "DEC", "REC", "REASON_PLACE_CHANGE")
    rows = project(council, year, tables=["Episodes"]).rows("Episodes")
    return [tuple(r[c] for c in columns) for r in rows if r["CHILD"] == child.la_child_id]


def table(council, year, name, child=None):
    rows = project(council, year).rows(name)
    return [r for r in rows if child is None or r["CHILD"] == child.la_child_id]


def test_two_moves_and_a_change_of_legal_status_in_a_year_make_four_chained_episodes(council):
    child = ChildFactory(council=council, date_of_birth=d(2014, 6, 1))
    start(child, d(2024, 2, 1))
    move(child, d(2025, 5, 10), "U6", "PR4", reason="CARPL")
    change_legal_status(child=child, by=None, changed_on=d(2025, 8, 1), legal_status="C2")
    move(child, d(2025, 11, 1), "K2", "PR4", reason="CREQB", postcode="YO2 3DB")

    assert episodes(council, Y2025, child) == [
        (d(2024, 2, 1), "S", "C1", "U4", d(2025, 5, 10), "X1", "CARPL"),
        (d(2025, 5, 10), "P", "C1", "U6", d(2025, 8, 1), "X1", None),
        (d(2025, 8, 1), "L", "C2", "U6", d(2025, 11, 1), "X1", "CREQB"),
        (d(2025, 11, 1), "P", "C2", "K2", None, None, None),
    ]
    chain = {"142", "148", "357", "388", "432", "433", "434", "435", "436", "501", "504"}
    assert chain.isdisjoint({f.code for f in validate(project(council, Y2025))})


def test_a_year_holds_the_episodes_open_in_it_and_continues_last_years_open_one(council):
    """The DfE's Episodes table holds the episodes open at some time in the year (rules 502,
    503A-H, 562): a period that spans 1 April starts this year's file with the episode
    open that day, the same episode that ends last year's file open."""
    child = ChildFactory(council=council, date_of_birth=d(2012, 3, 3))
    start(child, d(2025, 1, 10))
    move(child, d(2025, 2, 1), "U6", "PR4")
    move(child, d(2025, 6, 1), "U5", "PR4", postcode="YO24 2XB")

    assert episodes(council, Y2025, child, "DECOM", "RNE", "DEC") == [
        (d(2025, 2, 1), "P", d(2025, 6, 1)),
        (d(2025, 6, 1), "P", None),
    ]
    # Last year's return, as it stood at 31 March 2025: the move in June is not in it, and
    # its last episode, open, is this year's first.
    assert episodes(council, Y2024, child, "DECOM", "RNE", "DEC", "REC") == [
        (d(2025, 1, 10), "S", d(2025, 2, 1), "X1"),
        (d(2025, 2, 1), "P", None, None),
    ]
    assert episodes(council, CollectionYear(2023), child) == []


def test_an_episode_that_ended_before_1_april_is_not_in_the_year(council):
    child = ChildFactory(council=council, date_of_birth=d(2012, 3, 3))
    start(child, d(2024, 5, 10))
    move(child, d(2025, 3, 31), "U6", "PR4")  # ends the first episode on 31 March
    move(child, d(2025, 4, 1), "U5", "PR4", postcode="YO24 2XB")  # the second, on 1 April

    assert episodes(council, Y2025, child, "DECOM", "DEC") == [
        (d(2025, 3, 31), d(2025, 4, 1)),
        (d(2025, 4, 1), None),
    ]


def test_a_child_who_leaves_care_and_returns_starts_a_new_period_with_rne_s(council):
    child = ChildFactory(council=council, date_of_birth=d(2011, 9, 9))
    start(child, d(2024, 1, 1))
    end_period_of_care(child=child, by=None, ended_on=d(2025, 5, 1), reason="E4A")
    start(child, d(2025, 9, 1), ls="V2", cin="N4", postcode="YO26 5SY")

    assert episodes(council, Y2025, child, "DECOM", "RNE", "LS", "CIN", "DEC", "REC") == [
        (d(2024, 1, 1), "S", "C1", "N1", d(2025, 5, 1), "E4A"),
        (d(2025, 9, 1), "S", "V2", "N4", None, None),
    ]
    # Starting again in the year asks for previous permanence (rule 630): no record yet.
    (prev,) = table(council, Y2025, "PrevPerm", child)
    assert prev["PREV_PERM"] is None
    assert "630" in {f.code for f in validate(project(council, Y2025)) if f.child_pk == child.pk}


@pytest.mark.parametrize("rec", ["E11", "E12"])
def test_an_adoption_fills_ad1_and_placed_adoption(council, rec):
    child = ChildFactory(council=council, sex="M", date_of_birth=d(2021, 2, 2), upn="UN1")
    start(child, d(2023, 3, 1))
    AdoptionDecision.objects.create(child=child, decided_on=d(2023, 12, 1))
    change_legal_status(child=child, by=None, changed_on=d(2024, 1, 10), legal_status="E1")
    move(child, d(2024, 3, 1), "A6", "PR1", reason="PLACE", urn="SC840001")
    Adoption.objects.create(
        child=child,
        decision_on=d(2023, 12, 1),
        matched_on=d(2024, 2, 15),
        adopted_on=d(2025, 6, 1),
        by_foster_carer=False,
        number_of_adopters=2,
        sex_of_adopters="MF",
        legal_status_of_adopters="L11",
    )
    end_period_of_care(child=child, by=None, ended_on=d(2025, 6, 1), reason=rec)

    assert episodes(council, Y2025, child)[-1] == (
        d(2024, 3, 1),
        "P",
        "E1",
        "A6",
        d(2025, 6, 1),
        rec,
        None,
    )
    (ad1,) = table(council, Y2025, "AD1", child)
    assert [ad1[c] for c in ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR")] == [
        d(2023, 12, 1),
        d(2024, 2, 15),
        "0",
        "2",
    ]
    assert (ad1["SEX_ADOPTR"], ad1["LS_ADOPTR"]) == ("MF", "L11")
    (placed,) = table(council, Y2025, "PlacedAdoption", child)
    assert (placed["DATE_PLACED"], placed["DATE_PLACED_CEASED"]) == (d(2023, 12, 1), None)
    assert table(council, Y2024, "AD1", child) == []  # adopted in 2025 to 2026, not before
    mine = [f.code for f in validate(project(council, Y2025)) if f.child_pk == child.pk]
    assert mine == []


def test_a_uasc_child_turning_18_has_duc_on_the_birthday(council):
    child = ChildFactory(council=council, sex="M", date_of_birth=d(2007, 9, 1), uasc=True)
    start(child, d(2024, 1, 1), ls="V2", cin="N8")
    end_period_of_care(child=child, by=None, ended_on=d(2025, 9, 1), reason="E17")

    for year in (Y2024, Y2025):
        (uasc,) = table(council, year, "UASC", child)
        assert (uasc["SEX"], uasc["DUC"]) == ("M", d(2025, 9, 1))
    assert table(council, Y2026, "UASC", child) == []  # not looked after in 2026 to 2027
    assert "304" not in {f.code for f in validate(project(council, Y2025))}


def test_a_care_leaver_is_in_oc3_for_each_birthday_from_17_to_21(council):
    leaver = ChildFactory(council=council, sex="M", date_of_birth=d(2006, 10, 15))
    start(leaver, d(2019, 5, 1))
    end_period_of_care(child=leaver, by=None, ended_on=d(2024, 10, 15), reason="E17")
    for birthday, touch, activ, accom in [
        (d(2025, 10, 15), "YES", "F2", "U1"),
        (d(2026, 10, 15), "NO", "G4", "Z1"),
    ]:
        CareLeaverContact.objects.create(
            child=leaver,
            birthday=birthday,
            contact_on=birthday,
            in_touch=touch,
            activity=activ,
            accommodation=accom,
        )
    adopted_young = ChildFactory(council=council, date_of_birth=d(2007, 1, 1))
    start(adopted_young, d(2022, 1, 1))
    end_period_of_care(child=adopted_young, by=None, ended_on=d(2023, 6, 1), reason="E3")
    still_in_care = ChildFactory(council=council, date_of_birth=d(2008, 7, 1))
    start(still_in_care, d(2020, 1, 1))
    born_in_december = ChildFactory(council=council, date_of_birth=d(2008, 12, 20))
    start(born_in_december, d(2020, 1, 1))
    end_period_of_care(child=born_in_december, by=None, ended_on=d(2025, 1, 10), reason="E4A")

    rows = {r["CHILD"]: r for r in table(council, Y2025, "OC3")}
    assert set(rows) == {leaver.la_child_id, born_in_december.la_child_id}  # 19th; 17th
    assert [rows[leaver.la_child_id][c] for c in ("IN_TOUCH", "ACTIV", "ACCOM")] == [
        "YES",
        "F2",
        "U1",
    ]
    # This year runs to today (20 November): the 20th birthday is in, 17 December's is not.
    this_year = {r["CHILD"]: r for r in table(council, Y2026, "OC3")}
    assert set(this_year) == {leaver.la_child_id}
    assert this_year[leaver.la_child_id]["IN_TOUCH"] == "NO"
    # OC3 children are in the Header though not looked after in the year.
    assert leaver.la_child_id in {r["CHILD"] for r in table(council, Y2025, "Header")}


def test_a_child_looked_after_for_12_months_at_31_march_is_in_oc2(council):
    child = ChildFactory(council=council, date_of_birth=d(2013, 4, 4))
    start(child, d(2024, 1, 1))
    newcomer = ChildFactory(council=council, date_of_birth=d(2013, 4, 4))
    start(newcomer, d(2025, 4, 2))
    SDQAssessment.objects.create(child=child, completed_on=d(2025, 9, 1), score=14)
    DentalCheck.objects.create(child=child, checked_on=d(2025, 10, 1))
    ImmunisationStatus.objects.create(child=child, recorded_on=d(2025, 10, 1), up_to_date=True)
    HealthAssessment.objects.create(child=child, kind="review", completed_on=d(2025, 7, 1))

    (oc2,) = table(council, Y2025, "OC2")
    assert oc2["CHILD"] == child.la_child_id
    assert [oc2[c] for c in ("SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK")] == [
        "14",
        None,
        "0",
        None,
    ]
    assert [oc2[c] for c in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT")] == [
        "1",
        "1",
        "1",
    ]
    assert (oc2["SUBSTANCE_MISUSE"], oc2["INTERVENTION_RECEIVED"]) == ("0", None)
    oc2_rules = {"186", "191", "543", "545", "546", "181"}
    assert oc2_rules.isdisjoint({f.code for f in validate(project(council, Y2025))})


def test_short_breaks_have_no_placement_details_reviews_or_oc2(council):
    series = ChildFactory(council=council, sex="F", date_of_birth=d(2015, 1, 1))
    # a URN is refused at entry for a short break (rule 214); one recorded before that
    # guard is still left out of the return
    start(series, d(2024, 5, 1), ls="V4", cin="N2", place="U6", urn="")
    series.placements.update(urn="SC830001")
    Review.objects.create(
        child=series, period=series.periods.get(), held_on=d(2025, 6, 1), participation="PN1"
    )
    stays = ChildFactory(council=council, sex="M", date_of_birth=d(2016, 1, 1))
    for begin, end in [(d(2025, 6, 1), d(2025, 6, 5)), (d(2025, 9, 1), d(2025, 9, 8))]:
        start(stays, begin, ls="V3", cin="N2", place="U6", urn="")
        end_period_of_care(child=stays, by=None, ended_on=end, reason="E8")

    rows = table(council, Y2025, "Episodes")
    assert [(r["CHILD"], r["LS"], r["RNE"], r["DEC"]) for r in rows] == [
        (series.la_child_id, "V4", "S", None),
        (stays.la_child_id, "V3", "S", d(2025, 6, 5)),
        (stays.la_child_id, "V3", "S", d(2025, 9, 8)),
    ]
    assert all((r["PL_POST"], r["URN"], r["HOME_POST"]) == (None, None, None) for r in rows)
    header = {r["CHILD"]: r for r in table(council, Y2025, "Header")}
    assert header[series.la_child_id]["MOTHER"] is None  # rule 399
    assert table(council, Y2025, "Reviews") == []
    assert table(council, Y2025, "OC2") == []
    codes = {f.code for f in validate(project(council, Y2025))}
    assert {"214", "365", "366", "367", "399", "426", "218", "392B"}.isdisjoint(codes)


def test_a_child_held_by_a_practice_is_in_the_return_exactly_as_if_the_council_held_it(
    council,
):
    from tests.factories import ContractFactory, PracticeFactory

    held = ChildFactory(council=council, la_child_id="C1", date_of_birth=d(2012, 1, 1))
    own = ChildFactory(council=council, la_child_id="C2", date_of_birth=d(2012, 1, 1))
    contract = ContractFactory(council=council, practice=PracticeFactory())
    allocate_child(
        child=held, practice=contract.practice, contract=contract, started_on=d(2024, 1, 1), by=None
    )
    allocate_child(child=own, practice=None, started_on=d(2024, 1, 1), by=None)
    for child in (held, own):
        start(child, d(2024, 1, 1))
        move(child, d(2025, 5, 1), "U6", "PR4")

    projected = project(council, Y2025)
    for name in ("Header", "Episodes", "OC2", "PrevPerm"):
        rows = {r["CHILD"]: r for r in projected.rows(name)}
        if rows:
            strip = ("_pk", "_placement", "CHILD", "UPN")
            assert {k: v for k, v in rows["C1"].items() if k not in strip} == {
                k: v for k, v in rows["C2"].items() if k not in strip
            }, name


def test_social_worker_episodes_follow_the_allocated_worker(council):
    from practices.models import Role
    from tests.personas import person

    child = ChildFactory(council=council, date_of_birth=d(2012, 1, 1))
    allocate_child(child=child, practice=None, started_on=d(2024, 1, 1), by=None)
    start(child, d(2024, 1, 1))
    first = person("sw_one", Role.COUNCIL_SOCIAL_WORKER, council, sw_id="SW0101")
    second = person("sw_two", Role.COUNCIL_SOCIAL_WORKER, council, sw_id="SW0102")
    allocate_worker(child=child, worker=first, started_on=d(2024, 1, 1), by=None)
    allocate_worker(
        child=child, worker=second, started_on=d(2025, 7, 1), change_reason="LEFTRL", by=None
    )

    rows = table(council, Y2025, "SWEpisodes", child)
    # SW_REASON is why each episode began: first contact for the first worker, the reason
    # for the change for the next (rule SW13STG1 asks for one on every episode since 2023).
    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows] == [
        ("SW0101", d(2024, 1, 1), d(2025, 7, 1), "FCONTA"),
        ("SW0102", d(2025, 7, 1), None, "LEFTRL"),
    ]
