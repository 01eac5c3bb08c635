"""Every SSDA903 rule: the clean return passes it, and one change to it fails it.

Each case names the rule, and the one change to the clean return (returns.py) that breaks
it; `also` lists the other rules that the same change necessarily breaks (an episode that
starts a day late breaks both 433 and 388: the two sides of the same gap).
"""

import datetime as dt

import pytest

from oversight.ssda903.rules import QUERY, RULES, RULES_BY_CODE, rules_for, validate
from tests.oversight.ssda903.returns import build, clean_tables, episode, row

pytestmark = pytest.mark.django_db
d = dt.date


def ep(t, child, n):
    return [e for e in t["Episodes"] if e["CHILD"] == child][n]


def one(t, table, child, n=0):
    return [r for r in t[table] if r["CHILD"] == child][n]


def upd(t, table, child, n=0, **values):
    (ep(t, child, n) if table == "Episodes" else one(t, table, child, n)).update(values)


def A1(t, **v):  # A's open episode, after the move in the year
    ep(t, "A", 1).update(v)


def ceased(t, rec, **v):  # A leaves care in January
    A1(t, DEC=d(2026, 1, 1), REC=rec, **v)


def add(t, table, child, **values):
    t[table].append(row(table, child, **values))


def sw_rows(t, child):
    return [r for r in t["SWEpisodes"] if r["CHILD"] == child]


CASES = [
    # Header
    ("101", lambda t: upd(t, "Header", "B", SEX="X")),
    ("103", lambda t: upd(t, "Header", "B", ETHNIC="XXXX")),
    ("168", lambda t: upd(t, "Header", "B", UPN="I123")),
    ("442", lambda t: upd(t, "Header", "A", UPN=None)),
    ("209", lambda t: upd(t, "Header", "A", UPN="UN1")),
    ("393", lambda t: upd(t, "Header", "A", MOTHER=None)),
    ("611", lambda t: upd(t, "Header", "G", MC_DOB=None)),
    ("612", lambda t: upd(t, "Header", "A", MC_DOB=d(2024, 1, 1))),
    ("174", lambda t: upd(t, "Header", "B", MC_DOB=d(2025, 1, 1))),
    ("620", lambda t: upd(t, "Header", "D", MOTHER="1", MC_DOB=d(2025, 1, 1))),
    ("621", lambda t: upd(t, "Header", "G", MC_DOB=d(2007, 1, 1))),
    # Episodes: codes
    ("143", lambda t: A1(t, RNE="Z")),
    ("144", lambda t: upd(t, "Episodes", "D", LS="ZZ")),
    ("145", lambda t: upd(t, "Episodes", "D", CIN="N9")),
    ("146", lambda t: upd(t, "Episodes", "D", PLACE="H5")),
    ("149", lambda t: upd(t, "Episodes", "F", REC="E99")),
    ("178", lambda t: upd(t, "Episodes", "D", PLACE_PROVIDER="PR9")),
    ("1009", lambda t: upd(t, "Episodes", "A", REASON_PLACE_CHANGE="XXXX")),
    # Legal statuses that cannot last, or go with a placement
    ("361", lambda t: upd(t, "Episodes", "D", LS="L1")),  # police protection for months
    ("362", lambda t: upd(t, "Episodes", "D", LS="L2")),  # an EPO for months
    ("378", lambda t: upd(t, "Episodes", "D", PLACE="P1", PLACE_PROVIDER="PR0"), {"222"}),
    ("384", lambda t: upd(t, "Episodes", "F", PLACE="U1")),  # a short break, long-term foster
    # placed for adoption with the foster carer (A5), as if with a new carer
    ("217", lambda t: upd(t, "Episodes", "C", -1, RNE="P")),
    # Episodes: the chain
    ("148", lambda t: upd(t, "Episodes", "D", DEC=d(2025, 12, 1))),
    ("355", lambda t: upd(t, "Episodes", "D", DEC=d(2025, 5, 1), REC="E8")),
    (
        "142",
        lambda t: (
            upd(t, "Episodes", "A", DEC=None, REC=None, REASON_PLACE_CHANGE=None),
            A1(t, RNE="S"),
        ),
    ),
    ("357", lambda t: upd(t, "Episodes", "D", RNE="P")),  # D came into care in the year
    ("388", lambda t: A1(t, DEC=d(2026, 1, 1), REC="X1")),
    ("433", lambda t: A1(t, DECOM=d(2025, 6, 2)), {"388"}),
    (
        "432",
        lambda t: (
            upd(t, "Episodes", "G", DEC=d(2024, 1, 1), REC="E8"),
            t["Episodes"].append(episode("G", d(2024, 1, 1), "P", "C2", "U5", "PR4")),
        ),
        {"388"},
    ),
    ("501", lambda t: A1(t, DECOM=d(2025, 5, 1)), {"433", "388"}),
    ("504", lambda t: A1(t, CIN="N2")),
    ("434", lambda t: A1(t, RNE="L")),
    ("435", lambda t: A1(t, LS="C1")),
    ("436", lambda t: A1(t, RNE="B")),
    ("437", lambda t: upd(t, "Episodes", "A", REC="E2"), {"432", "388"}),
    # Episodes: ages
    ("352", lambda t: upd(t, "Episodes", "G", DECOM=d(2026, 1, 2))),
    (
        "358",
        lambda t: (upd(t, "Episodes", "A", 0, LS="J1"), upd(t, "Episodes", "A", 1, LS="J1")),
    ),
    ("371", lambda t: upd(t, "Episodes", "D", PLACE="K3")),
    ("372", lambda t: upd(t, "Episodes", "A", PLACE="R5", PLACE_PROVIDER="PR4", URN=None)),
    (
        "373",
        lambda t: (upd(t, "Episodes", "C", 0, PLACE="S1"), upd(t, "Episodes", "C", 1, PLACE="S1")),
    ),
    ("374", lambda t: upd(t, "Episodes", "A", PLACE="P3", URN=None)),
    ("380", lambda t: upd(t, "Episodes", "D", PLACE="T1", PLACE_PROVIDER=None, URN=None)),
    (
        "381",
        lambda t: (
            upd(t, "Episodes", "A", REASON_PLACE_CHANGE=None),
            ceased(t, "E8", PLACE="T1", PLACE_PROVIDER=None, URN=None),
        ),
    ),
    (
        "386",
        lambda t: (
            upd(t, "Episodes", "G", LS="E1", PLACE="A5", PLACE_PROVIDER="PR1"),
            upd(t, "Episodes", "G", DEC=d(2026, 2, 1), REC="E11"),
            add(t, "PlacedAdoption", "G", DOB=d(2008, 1, 1), DATE_PLACED=d(2023, 1, 1)),
        ),
    ),
    ("387", lambda t: ceased(t, "E5")),
    ("389", lambda t: ceased(t, "E7")),
    ("407", lambda t: upd(t, "Episodes", "G", DEC=d(2026, 2, 1), REC="E45")),
    ("460", lambda t: ceased(t, "E17")),
    ("390", lambda t: ceased(t, "E11")),
    ("408", lambda t: upd(t, "Episodes", "C", 2, LS="C1", RNE="U")),
    ("516", lambda t: ceased(t, "E45", PLACE="K2")),
    # Short breaks
    ("365", lambda t: upd(t, "Episodes", "F", DEC=d(2025, 6, 30))),
    (
        "366",
        lambda t: (
            upd(t, "Episodes", "E", DEC=d(2025, 6, 1), REC="X1", REASON_PLACE_CHANGE="CARPL"),
            t["Episodes"].append(
                episode(
                    "E",
                    d(2025, 6, 1),
                    "B",
                    "V3",
                    "U5",
                    "PR4",
                    dec=d(2025, 6, 10),
                    rec="E8",
                    HOME_POST=None,
                    PL_POST=None,
                    URN=None,
                    CIN="N8",
                )
            ),
        ),
    ),
    (
        "367",
        lambda t: (
            upd(t, "Episodes", "F", 0, DEC=d(2025, 6, 17)),
            upd(t, "Episodes", "F", 1, DEC=d(2025, 9, 17)),
            t["Episodes"].extend(
                episode(
                    "F",
                    start,
                    "S",
                    "V3",
                    "U6",
                    "PR1",
                    dec=start + dt.timedelta(days=16),
                    rec="E8",
                    HOME_POST=None,
                    PL_POST=None,
                    URN=None,
                    CIN="N2",
                )
                for start in (d(2025, 10, 1), d(2025, 11, 1), d(2026, 1, 5))
            ),
        ),
    ),
    ("426", lambda t: upd(t, "Episodes", "F", 1, LS="V4")),
    # Placements
    ("213", lambda t: A1(t, PLACE="Z11", URN=None)),
    ("526", lambda t: A1(t, PLACE_PROVIDER=None)),
    ("527", lambda t: A1(t, PLACE="P1", PLACE_PROVIDER="PR1", URN=None)),
    ("528", lambda t: A1(t, PLACE="P1", PLACE_PROVIDER="PR2", URN=None)),
    ("529", lambda t: A1(t, PLACE_PROVIDER="PR3")),
    ("530", lambda t: A1(t, PLACE="P1", PLACE_PROVIDER="PR4", URN=None)),
    ("531", lambda t: A1(t, PLACE="P1", PLACE_PROVIDER="PR5", URN=None)),
    ("550", lambda t: A1(t, PLACE_PROVIDER="PR0")),
    ("218", lambda t: A1(t, URN=None)),
    ("222", lambda t: A1(t, PLACE="P1", PLACE_PROVIDER="PR0")),
    ("214", lambda t: upd(t, "Episodes", "F", PL_POST="AB1 1AA")),
    ("225", lambda t: upd(t, "Episodes", "A", REASON_PLACE_CHANGE=None)),
    ("226", lambda t: A1(t, PLACE="T1", PLACE_PROVIDER=None, URN=None)),
    ("233", lambda t: A1(t, REASON_PLACE_CHANGE="CARPL")),
    ("234", lambda t: upd(t, "Episodes", "C", 1, REASON_PLACE_CHANGE="CUSTOD")),
    ("392B", lambda t: A1(t, PL_POST=None)),
    ("302", lambda t: upd(t, "Episodes", "C", DECOM=d(2020, 12, 1))),
    # Reviews, UASC, missing, social workers
    ("167", lambda t: upd(t, "Reviews", "A", REVIEW_CODE=None)),
    ("440", lambda t: upd(t, "Reviews", "A", REVIEW_CODE="PN0")),
    (
        "441",
        lambda t: add(
            t, "Reviews", "C", DOB=d(2021, 1, 1), REVIEW=d(2024, 12, 1), REVIEW_CODE="PN1"
        ),
    ),
    ("399", lambda t: upd(t, "Header", "F", MOTHER="0")),
    ("304", lambda t: upd(t, "UASC", "E", DUC=d(2027, 3, 1))),
    ("1006", lambda t: upd(t, "Missing", "A", MISSING="X")),
    ("567", lambda t: upd(t, "Missing", "A", MIS_END=d(2025, 7, 31))),
    (
        "574",
        lambda t: add(
            t,
            "Missing",
            "A",
            DOB=d(2012, 5, 10),
            MISSING="A",
            MIS_START=d(2025, 8, 1),
            MIS_END=d(2025, 8, 3),
        ),
    ),
    ("577", lambda t: (ceased(t, "E8"), upd(t, "Missing", "A", MIS_END=None))),
    (
        "581",
        lambda t: add(
            t,
            "Missing",
            "D",
            DOB=d(2015, 2, 1),
            MISSING="M",
            MIS_START=d(2025, 4, 1),
            MIS_END=d(2025, 4, 2),
        ),
    ),
    (
        "586",
        lambda t: upd(t, "Missing", "A", MIS_START=d(2011, 1, 1), MIS_END=d(2011, 1, 2)),
        {"581"},
    ),
    ("SW01STG1", lambda t: [t["SWEpisodes"].remove(r) for r in sw_rows(t, "A")]),
    ("SW02STG1", lambda t: upd(t, "SWEpisodes", "A", SW_ID="AB0001")),
    (
        "SW09STG2",
        lambda t: t["SWEpisodes"].insert(
            0,
            row(
                "SWEpisodes",
                "D",
                DOB=d(2015, 2, 1),
                SW_ID="SW0009",
                SW_DECOM=d(2025, 5, 1),
                SW_DEC=d(2025, 5, 1),
                SW_REASON="MANAGE",
            ),
        ),
    ),
    (
        "SW14STG2",
        lambda t: t["SWEpisodes"].insert(
            0, row("SWEpisodes", "A", DOB=d(2012, 5, 10), SW_ID="SW0009", SW_DECOM=d(2019, 1, 1))
        ),
    ),
    ("SW17STG2", lambda t: upd(t, "SWEpisodes", "A", SW_DEC=d(2026, 1, 1), SW_REASON="MANAGE")),
    # OC2
    ("186", lambda t: upd(t, "OC2", "A", SDQ_SCORE=None)),
    ("188", lambda t: upd(t, "OC2", "A", DOB=d(2023, 1, 1), CONVICTED=None, HEALTH_CHECK="1")),
    ("189", lambda t: upd(t, "OC2", "A", DOB=d(2008, 1, 1))),
    ("197a", lambda t: upd(t, "OC2", "A", SDQ_REASON="SDQ1")),
    ("197B", lambda t: upd(t, "OC2", "A", DOB=d(2008, 6, 1), SDQ_SCORE=None)),
    ("180", lambda t: upd(t, "OC2", "A", SDQ_SCORE="41")),
    ("196", lambda t: upd(t, "OC2", "A", SDQ_SCORE=None, SDQ_REASON="SDQ9")),
    ("542", lambda t: upd(t, "OC2", "A", DOB=d(2018, 1, 1))),
    ("543", lambda t: upd(t, "OC2", "A", CONVICTED=None)),
    ("545", lambda t: upd(t, "OC2", "A", DOB=d(2022, 1, 1), CONVICTED=None)),
    ("546", lambda t: upd(t, "OC2", "A", HEALTH_CHECK="1")),
    ("191", lambda t: upd(t, "OC2", "A", TEETH_CHECK=None)),
    ("181", lambda t: upd(t, "OC2", "A", TEETH_CHECK="2")),
    ("192", lambda t: upd(t, "OC2", "A", SUBSTANCE_MISUSE="1")),
    ("193", lambda t: upd(t, "OC2", "A", INTERVENTION_RECEIVED="1")),
    (
        "158",
        lambda t: upd(
            t, "OC2", "A", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1", INTERVENTION_OFFERED="0"
        ),
    ),
    ("159", lambda t: upd(t, "OC2", "A", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0")),
    # OC3
    ("131", lambda t: upd(t, "OC3", "B", IN_TOUCH="XX")),
    ("132", lambda t: upd(t, "OC3", "B", ACTIV="X9")),
    ("133", lambda t: upd(t, "OC3", "B", ACCOM="X9")),
    ("153", lambda t: upd(t, "OC3", "B", ACCOM=None)),
    ("344", lambda t: upd(t, "OC3", "B", IN_TOUCH="DIED")),
    ("391", lambda t: upd(t, "OC3", "B", DOB=d(2000, 1, 1))),
    # AD1
    ("601", lambda t: upd(t, "AD1", "C", FOSTER_CARE=None)),
    ("602", lambda t: t["AD1"].append({**one(t, "AD1", "C"), "CHILD": "A", "_pk": 1})),
    ("114", lambda t: upd(t, "AD1", "C", FOSTER_CARE="2")),
    ("175", lambda t: upd(t, "AD1", "C", NB_ADOPTR="3")),
    ("176", lambda t: upd(t, "AD1", "C", SEX_ADOPTR="XX"), {"520"}),
    ("177", lambda t: upd(t, "AD1", "C", LS_ADOPTR="L9")),
    (
        "333",
        lambda t: upd(t, "AD1", "C", DATE_MATCH=d(2022, 11, 15)),
    ),
    ("511", lambda t: upd(t, "AD1", "C", SEX_ADOPTR="M1", LS_ADOPTR="L0")),
    ("514", lambda t: upd(t, "AD1", "C", LS_ADOPTR="L0")),
    ("517", lambda t: upd(t, "AD1", "C", LS_ADOPTR="L3", SEX_ADOPTR="FF")),
    ("518", lambda t: upd(t, "AD1", "C", LS_ADOPTR="L4")),
    ("519", lambda t: upd(t, "AD1", "C", LS_ADOPTR="L2", SEX_ADOPTR="M1", NB_ADOPTR="1")),
    ("520", lambda t: upd(t, "AD1", "C", SEX_ADOPTR="FF")),
    ("524", lambda t: upd(t, "AD1", "C", LS_ADOPTR="L12")),
    (
        "521",
        lambda t: (
            upd(t, "AD1", "C", DATE_INT=d(2024, 7, 1), DATE_MATCH=d(2024, 8, 1)),
            upd(t, "PlacedAdoption", "C", DATE_PLACED=d(2024, 7, 1)),
        ),
        {"554"},
    ),
    ("335", lambda t: upd(t, "AD1", "C", FOSTER_CARE="0")),
    (
        "334",
        lambda t: (
            upd(t, "AD1", "C", DATE_INT=d(2021, 6, 1)),
            upd(t, "PlacedAdoption", "C", DATE_PLACED=d(2021, 6, 1)),
        ),
        {"1003"},
    ),
    ("582", lambda t: upd(t, "AD1", "C", DATE_MATCH=d(2025, 9, 1))),
    # PlacedAdoption
    (
        "554",
        lambda t: (
            upd(t, "AD1", "C", DATE_INT=d(2023, 2, 1)),
            upd(t, "PlacedAdoption", "C", DATE_PLACED=d(2023, 2, 1)),
        ),
    ),
    (
        "1003",
        lambda t: add(t, "PlacedAdoption", "G", DOB=d(2008, 1, 1), DATE_PLACED=d(2022, 6, 1)),
    ),
    (
        "522",
        lambda t: upd(
            t, "PlacedAdoption", "C", DATE_PLACED_CEASED=d(2022, 11, 1), REASON_PLACED_CEASED="RD1"
        ),
    ),
    ("119", lambda t: upd(t, "PlacedAdoption", "C", DATE_PLACED_CEASED=d(2025, 1, 1))),
    (
        "120",
        lambda t: upd(
            t, "PlacedAdoption", "C", DATE_PLACED_CEASED=d(2025, 1, 1), REASON_PLACED_CEASED="RD9"
        ),
    ),
    ("551", lambda t: t["PlacedAdoption"].clear()),
    ("523", lambda t: upd(t, "PlacedAdoption", "C", DATE_PLACED=d(2022, 11, 1))),
    # PrevPerm
    ("630", lambda t: upd(t, "PrevPerm", "D", PREV_PERM=None)),
    ("631", lambda t: upd(t, "PrevPerm", "D", PREV_PERM="P9")),
    ("635", lambda t: upd(t, "PrevPerm", "D", LA_PERM="800")),
    (
        "632",
        lambda t: upd(t, "PrevPerm", "D", PREV_PERM="P1", LA_PERM="800", DATE_PERM="01/06/2025"),
    ),
]
CASE_IDS = [case[0] for case in CASES]


def failing_codes(tables) -> dict[str, set[str]]:
    by_code: dict[str, set[str]] = {}
    for failure in validate(build(tables)):
        by_code.setdefault(failure.code, set()).add(failure.child)
    return by_code


def test_the_clean_return_breaks_no_rule():
    assert failing_codes(clean_tables()) == {}


def test_every_rule_has_a_case():
    from tests.oversight.ssda903.test_liberty import DOLO_CASE_IDS  # 2026-27's DoLo

    assert sorted(CASE_IDS + DOLO_CASE_IDS) == sorted(rule.code for rule in RULES)
    assert len(set(CASE_IDS)) == len(CASE_IDS)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_one_change_breaks_exactly_the_rule(case):
    code, change, *also = case
    tables = clean_tables()
    change(tables)
    assert set(failing_codes(tables)) == {code, *(also[0] if also else set())}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_each_failure_names_a_field_and_a_severity(case):
    rule = RULES_BY_CODE[case[0]]
    assert rule.fields and rule.message() and rule.severity in ("error", QUERY)


def test_rules_follow_the_collection_year():
    """Rules the DfE added in 2025 (226, 233, 234, SW17STG2) are not asked of 2024."""
    codes_2024 = {rule.code for rule in rules_for(2024)}
    assert {"226", "233", "234", "SW17STG2"}.isdisjoint(codes_2024)
    assert "371" in codes_2024 and "371" not in {rule.code for rule in rules_for(2023)}


def test_an_sdq_still_to_come_is_not_missing_while_the_year_runs():
    tables = clean_tables()
    upd(tables, "OC2", "A", SDQ_SCORE=None)
    running = {f.code for f in validate(build(tables, as_at=d(2025, 11, 1)))}
    assert "186" not in running
    assert "186" in {f.code for f in validate(build(tables))}
    upd(tables, "OC2", "A", DOB=d(2008, 6, 1))  # turning 17 in the year: rule 197B
    running = {f.code for f in validate(build(tables, as_at=d(2025, 11, 1)))}
    assert "197B" not in running
    assert "197B" in {f.code for f in validate(build(tables))}


def test_a_placement_type_is_judged_in_the_returns_year_as_the_dfe_does():
    """An H5 placement made before H5 was withdrawn still fails rule 146 in 2025-26: the
    DfE's validator checks every episode against the year's list, so the placement is
    re-coded to K3 (tests/placements/test_recoding.py)."""
    tables = clean_tables()
    upd(tables, "Episodes", "G", PLACE="H5", PLACE_PROVIDER="PR5", _placed_on=d(2023, 1, 1))
    assert set(failing_codes(tables)) == {"146"}
    upd(tables, "Episodes", "G", PLACE="K3")
    assert set(failing_codes(tables)) == {"371"}  # K3 is for 16 and over: G was 15
    upd(tables, "Episodes", "G", DECOM=d(2024, 1, 1), _placed_on=d(2024, 1, 1))
    assert failing_codes(tables) == {}


def test_placed_for_adoption_with_the_foster_carer_begins_only_as_rule_217_allows():
    for rne, fails in (("S", False), ("T", False), ("U", False), ("L", True), ("B", True)):
        tables = clean_tables()
        upd(tables, "Episodes", "C", -1, RNE=rne)
        assert ("217" in failing_codes(tables)) is fails, rne
    tables = clean_tables()
    upd(tables, "Episodes", "C", -1, RNE="P", PLACE="A6")  # a new carer: A6
    assert "217" not in failing_codes(tables)


def test_the_return_reads_the_code_lists_as_the_database_does():
    from placements.models.codes import Code, valid_codes

    ret = build()
    for list_name in Code.objects.values_list("list_name", flat=True).distinct():
        for year in (2014, 2015, 2020, 2024, 2025):
            assert ret.codes(list_name, year) == frozenset(valid_codes(list_name, year)), (
                list_name,
                year,
            )


def test_validation_reads_the_code_lists_once(django_assert_num_queries):
    ret = build()
    with django_assert_num_queries(1):
        validate(ret)
