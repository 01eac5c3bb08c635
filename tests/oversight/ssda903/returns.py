"""A small, clean SSDA903 return built by hand (no database rows), for the rule tests.

Year 2025 to 2026, checked as at 31 March 2026. Each child exists for a reason:

    A  girl looked after since 2020, moved once in the year; OC2, reviews, missing, worker
    B  care leaver aged 19 (OC3 only)
    C  adopted in the year: placement order E1, placed A5, E11; AD1 and PlacedAdoption
    D  started to be looked after in the year (PrevPerm)
    E  unaccompanied asylum-seeking boy (UASC)
    F  individual short breaks (V3), two stays
    G  a young mother
"""

import copy
import datetime as dt

from oversight.ssda903.tables import COLUMNS, Return
from oversight.ssda903.years import CollectionYear

d = dt.date
YEAR = CollectionYear(2025)
PKS = {child: n for n, child in enumerate("ABCDEFG", start=1)}


def row(table: str, child: str, **values) -> dict:
    unknown = set(values) - set(COLUMNS[table]) - {"_placed_on"}
    assert not unknown, unknown  # noqa: S101
    made = {"_pk": PKS[child], **dict.fromkeys(COLUMNS[table]), "CHILD": child, **values}
    if table == "Episodes":
        made.setdefault("_placed_on", values.get("DECOM"))
        made["_placed_on"] = values.get("_placed_on", made["DECOM"])
    return made


def episode(child, decom, rne, ls, place, provider, *, dec=None, rec=None, why=None, **more):
    values = {
        "DECOM": decom,
        "RNE": rne,
        "LS": ls,
        "CIN": more.pop("CIN", "N1"),
        "PLACE": place,
        "PLACE_PROVIDER": provider,
        "DEC": dec,
        "REC": rec,
        "REASON_PLACE_CHANGE": why,
        "HOME_POST": "AB1 2CD",
        "PL_POST": f"AB{len(place)} {decom:%d}PL",
        "URN": "SC800001",
    }
    return row("Episodes", child, **(values | more))


def clean_tables() -> dict[str, list[dict]]:
    short = {"HOME_POST": None, "PL_POST": None, "URN": None, "CIN": "N2"}
    return {
        "Header": [
            row(
                "Header",
                "A",
                SEX="F",
                DOB=d(2012, 5, 10),
                ETHNIC="WBRI",
                UPN="A123456789012",
                MOTHER="0",
            ),
            row("Header", "B", SEX="M", DOB=d(2006, 6, 1), ETHNIC="WIRI", UPN="B123456789012"),
            row("Header", "C", SEX="M", DOB=d(2021, 1, 1), ETHNIC="MWBC", UPN="UN1"),
            row(
                "Header",
                "D",
                SEX="F",
                DOB=d(2015, 2, 1),
                ETHNIC="ABAN",
                UPN="C123456789012",
                MOTHER="0",
            ),
            row("Header", "E", SEX="M", DOB=d(2009, 2, 1), ETHNIC="OOTH", UPN="D123456789012"),
            row("Header", "F", SEX="M", DOB=d(2016, 3, 3), ETHNIC="WBRI", UPN="E123456789012"),
            row(
                "Header",
                "G",
                SEX="F",
                DOB=d(2008, 1, 1),
                ETHNIC="BAFR",
                UPN="F123456789012",
                MOTHER="1",
                MC_DOB=d(2025, 10, 1),
            ),
        ],
        "Episodes": [
            episode(
                "A", d(2020, 1, 1), "S", "C2", "U4", "PR1", dec=d(2025, 6, 1), rec="X1", why="CARPL"
            ),
            episode("A", d(2025, 6, 1), "P", "C2", "U6", "PR4"),
            episode("C", d(2022, 1, 1), "S", "C1", "U4", "PR1", dec=d(2023, 1, 1), rec="X1"),
            episode(
                "C",
                d(2023, 1, 1),
                "L",
                "E1",
                "U4",
                "PR1",
                dec=d(2024, 6, 1),
                rec="X1",
                why="CARPL",
                _placed_on=d(2022, 1, 1),
                PL_POST="AB2 01PL",
            ),
            episode("C", d(2024, 6, 1), "T", "E1", "A5", "PR1", dec=d(2025, 9, 1), rec="E11"),
            episode("D", d(2025, 5, 1), "S", "V2", "K2", "PR4", CIN="N4"),
            episode("E", d(2024, 1, 1), "S", "V2", "U5", "PR4", CIN="N8"),
            episode(
                "F", d(2025, 6, 1), "S", "V3", "U6", "PR1", dec=d(2025, 6, 5), rec="E8", **short
            ),
            episode(
                "F", d(2025, 9, 1), "S", "V3", "U6", "PR1", dec=d(2025, 9, 8), rec="E8", **short
            ),
            episode("G", d(2023, 1, 1), "S", "C2", "U6", "PR4"),
        ],
        "Reviews": [
            row("Reviews", "A", DOB=d(2012, 5, 10), REVIEW=d(2025, 7, 1), REVIEW_CODE="PN1"),
            row("Reviews", "D", DOB=d(2015, 2, 1), REVIEW=d(2025, 6, 1), REVIEW_CODE="PN2"),
        ],
        "UASC": [row("UASC", "E", SEX="M", DOB=d(2009, 2, 1), DUC=d(2027, 2, 1))],
        "OC2": [
            row(
                "OC2",
                "A",
                DOB=d(2012, 5, 10),
                SDQ_SCORE="12",
                CONVICTED="0",
                IMMUNISATIONS="1",
                TEETH_CHECK="1",
                HEALTH_ASSESSMENT="1",
                SUBSTANCE_MISUSE="0",
            ),
        ],
        "OC3": [row("OC3", "B", DOB=d(2006, 6, 1), IN_TOUCH="YES", ACTIV="F2", ACCOM="U1")],
        "AD1": [
            row(
                "AD1",
                "C",
                DOB=d(2021, 1, 1),
                DATE_INT=d(2022, 12, 1),
                DATE_MATCH=d(2024, 5, 1),
                FOSTER_CARE="1",
                NB_ADOPTR="2",
                SEX_ADOPTR="MF",
                LS_ADOPTR="L11",
            ),
        ],
        "PlacedAdoption": [
            row("PlacedAdoption", "C", DOB=d(2021, 1, 1), DATE_PLACED=d(2022, 12, 1))
        ],
        "PrevPerm": [row("PrevPerm", "D", DOB=d(2015, 2, 1), PREV_PERM="Z1")],
        "Missing": [
            row(
                "Missing",
                "A",
                DOB=d(2012, 5, 10),
                MISSING="M",
                MIS_START=d(2025, 8, 1),
                MIS_END=d(2025, 8, 2),
            ),
        ],
        "SWEpisodes": [
            row("SWEpisodes", "A", DOB=d(2012, 5, 10), SW_ID="SW0001", SW_DECOM=d(2020, 1, 1)),
            row("SWEpisodes", "D", DOB=d(2015, 2, 1), SW_ID="SW0002", SW_DECOM=d(2025, 5, 1)),
            row("SWEpisodes", "E", DOB=d(2009, 2, 1), SW_ID="SW0003", SW_DECOM=d(2024, 1, 1)),
            row("SWEpisodes", "G", DOB=d(2008, 1, 1), SW_ID="SW0004", SW_DECOM=d(2023, 1, 1)),
        ],
    }


def build(tables=None, *, as_at=None, year=YEAR) -> Return:
    return Return(
        council_id=1,
        la_number=800,
        year=year,
        as_at=as_at or year.end,
        tables=copy.deepcopy(tables if tables is not None else clean_tables()),
    )
