"""The DfE's own rules as the oracle: every seeded council's return, exported as the CSV
files a data lead sends, run through the public validator (PyPI csc-validator-be-903, the
transcription councils run before they submit), this year with last year's as "Prev year".

The validator lives in an environment of its own (scripts/ensure-dfe-validator.sh: it
pins pandas < 2 and numpy < 1.25) and runs as a subprocess
(oversight/ssda903/oracle/run_dfe_validator.py). A rule it flags fails this test unless
it is written below, with why:

- VALIDATOR_FAULTS: the validator's own faults (not the return's), do not chase them;
- RUNNING_YEAR: rules that cannot be judged before 31 March of a year still running;
- NOT_YET: what the project does not meet yet (issue 24), each with its cause. The list
  must only shrink: an entry that no world flags any more fails the test too, so it is
  taken off when it is fixed.
"""

import datetime as dt
import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from oversight.ssda903 import export
from oversight.ssda903.tables import project
from oversight.ssda903.years import CollectionYear
from placements.models import Placement
from practices.models import Council

pytestmark = [pytest.mark.dfe_validator, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[3]
RUNNER = ROOT / "oversight" / "ssda903" / "oracle" / "run_dfe_validator.py"

VALIDATOR_FAULTS = {
    "231": "crashes: reads columns outside the CSV layout",
    "233": "crashes: reads columns outside the CSV layout",
    "1007": "crashes on a 29 February birthday",
    "1001": "sees only two years of episodes, so misses care before them",
    "1002": "sees only two years of episodes, so misses care before them",
    "SW17STG2": "flags children who were not looked after on 31 March",
    "575": "can flip when run with other rules (they share and change the data)",
    "577": "can flip when run with other rules (they share and change the data)",
    "218": "flags short breaks (V3, V4) without a URN, which its own rule 214 says must not "
    "be returned: the two contradict (every 218 row of seed 1's 2,000 children is a V4)",
    "706": "crashes: reads last year's DoLo table, which no 2025-26 return has",
    "707": "takes a period of care to start at this year's first episode, so an order made "
    "before the episode open on 1 April looks made before care (child 816001916 of seed 1: "
    "in care from 21/10/2025, order from 22/10/2025, episode open on 1 April from "
    "25/02/2026); and flips when run with 705, which sorts the DoLo rows in place",
    "709": "crashes: reads a PLACEMENT column; the Episodes table's column is PLACE",
    "710": "crashes: reads a PLACEMENT column; the Episodes table's column is PLACE",
}
# Skipped by the validator without the Ofsted provider lookups (not a failure, not a pass).
NEEDS_PROVIDER_LOOKUPS = {"105", "219", "221", "224", "227", "228", "229", "1008"}


def recoded_across(council, year: CollectionYear) -> int:
    """Children whose placement open on 31 March was re-coded H5 to K3 on 1 April.

    The validator's 503D exempts the DfE's own re-coding (last year's H5, this year's K3)
    only when its collectionYear is "2024" or "2025", the years before H5 went, though its
    2025-26 rule says the exemption is for the year H5 was withdrawn; and its 2024-25 rule
    146 lists "k3" in lower case, so re-coding a year early fails there. No coding passes
    both, so 503D is allowed for exactly these children and no others.
    """
    return (
        Placement.objects.filter(
            child__council=council,
            recoded_from="H5",
            place="K3",
            recoded_on=year.start,
            started_on__lt=year.start,
        )
        .values("child")
        .distinct()
        .count()
    )


RUNNING_YEAR = {
    "186": "the SDQ score is due by 31 March: a year still running is projected as at today",
    "197B": "as 186, for children turning 4 or 17 in the year: due by 31 March",
}
NOT_YET = {
    "241": "the seed's provider URNs are made up, so their premises are in no real area",
    "SW09STG2": "a social worker episode of less than a day in the seed",
    "SW10STG2": "social worker cover between periods of care",
    "SW10aSTG2": "social worker cover between periods of care",
    "SW11bSTG2": "social worker cover between periods of care",
    "SW12STG2": "social worker episodes while not looked after are not reported",
}
ALLOWED = {**VALIDATOR_FAULTS, **NOT_YET}
NEWEST_RULESET = 2026  # lac2026_27 in csc-validator-be-903 0.1.17

# Worlds of several seeds and sizes, each on a fixed day: one in the middle of a year,
# one just after a year has ended.
WORLDS = [
    {"seed": 1, "children": 900, "councils": 2, "today": dt.date(2026, 11, 20)},
    {"seed": 7, "children": 600, "councils": 2, "today": dt.date(2027, 4, 10)},
    {"seed": 1, "children": 2000, "councils": 2, "today": dt.date(2026, 12, 3)},
]


@pytest.fixture(scope="session")
def validator_python() -> str:
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure-dfe-validator.sh")],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return done.stdout.strip().splitlines()[-1]


def run_validator(python: str, this: Path, last: Path, year: CollectionYear, la: str) -> dict:
    done = subprocess.run(
        [python, str(RUNNER), "--this", str(this), "--last", str(last)]
        + ["--year", str(year.start_year + 1), "--la", la],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def exported(council, year: CollectionYear, today: dt.date, directory: Path) -> Path:
    projected = project(council, year, as_at=year.as_at(today))
    export.write_dir(projected, directory)
    return directory


def flags_for_world(world: dict, python: str, tmp_path: Path) -> dict[tuple, int]:
    call_command(
        "seed_demo",
        children=world["children"],
        seed=world["seed"],
        councils=world["councils"],
        practices=3,
        today=world["today"],
        reset=True,
        no_deadlines=True,
        stdout=io.StringIO(),
    )
    # The latest year the validator has rules for (its newest ruleset is 2026-27).
    this = CollectionYear(min(CollectionYear.of(world["today"]).start_year, NEWEST_RULESET))
    found: dict[tuple, int] = {}
    for council in Council.objects.order_by("pk"):
        for year in (CollectionYear(this.start_year - 1), this):
            last = CollectionYear(year.start_year - 1)
            where = tmp_path / f"{council.pk}-{year.start_year}"
            result = run_validator(
                python,
                exported(council, year, world["today"], where / "this"),
                exported(council, last, world["today"], where / "last"),
                year,
                council.ons_code,
            )
            assert result["rules"] > 300
            running = year.end >= world["today"]
            for code, entry in result["flagged"].items():
                if running and code in RUNNING_YEAR:
                    continue
                rows = sum(entry["rows"].values())
                if code == "503D" and rows == recoded_across(council, year):
                    continue
                found[(council.ons_code, year.label, code)] = rows
            for code in result["crashed"]:
                found[(council.ons_code, year.label, f"{code} (crashed)")] = 1
            skipped = set(result["skipped"]) - NEEDS_PROVIDER_LOOKUPS
            assert skipped == set(), skipped  # from 2026-27 the DoLo table too
    return found


@pytest.mark.parametrize("world", WORLDS, ids=lambda w: f"seed{w['seed']}-{w['children']}")
def test_the_public_validator_flags_only_what_is_written_down(world, validator_python, tmp_path):
    found = flags_for_world(world, validator_python, tmp_path)
    unexplained = {key: rows for key, rows in found.items() if key[2].split(" ")[0] not in ALLOWED}
    assert unexplained == {}, "the DfE's validator flags rules nobody has written down"
    _seen.update(key[2].split(" ")[0] for key in found)


_seen: set[str] = set()


def test_nothing_written_down_as_not_yet_has_been_fixed_without_taking_it_off():
    """Runs after the worlds (same module, in order): every NOT_YET entry is still flagged
    by some world, so the list says what is really left."""
    if not _seen:
        pytest.skip("the validator worlds did not run")
    fixed = sorted(set(NOT_YET) - _seen)
    assert fixed == [], f"fixed: take these off NOT_YET: {fixed}"
