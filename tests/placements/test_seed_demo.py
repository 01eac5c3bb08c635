"""seed_demo builds a coherent, deterministic world whose episodes chain like the return."""

import datetime as dt
import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.seeding, pytest.mark.django_db(transaction=True)]
TODAY = "2026-11-20"
DOMAIN_TABLES = [
    "placements_child",
    "placements_periodofcare",
    "placements_placement",
    "placements_episode",
    "placements_allocation",
    "placements_workerallocation",
    "placements_review",
    "placements_visit",
    "placements_healthassessment",
    "placements_educationplan",
    "placements_missingepisode",
    "placements_careleavercontact",
    "placements_adoption",
    "commissioning_contract",
    "practices_membership",
]


def seed(children=300, seed_value=7, **extra):
    out = io.StringIO()
    call_command(
        "seed_demo",
        children=children,
        seed=seed_value,
        today=dt.date.fromisoformat(TODAY),
        reset=True,
        no_deadlines=True,
        stdout=out,
        **extra,
    )
    return out.getvalue()


def digest() -> str:
    """A hash of every domain row, without timestamps (ids included: they must match too)."""
    h = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in DOMAIN_TABLES:
            cursor.execute(
                f"SELECT (to_jsonb(t) - 'created_at' - 'updated_at')::text FROM {table} t ORDER BY id"  # noqa: S608
            )
            for (row,) in cursor.fetchall():
                h.update(row.encode())
    return h.hexdigest()


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    seed(120, 7)
    first = digest()
    seed(120, 7)
    assert digest() == first
    seed(120, 8)
    assert digest() != first


def test_the_summary_names_the_demo_logins_and_the_size():
    out = seed(50)
    assert "worker" in out and "demo-pass-2026" in out and "Database size" in out


@pytest.fixture
def seeded():
    seed(300, 11)


def test_every_coded_value_passes_the_database_code_check(seeded):
    # A no-op UPDATE fires the code-checking trigger on every row (the bulk load skipped it).
    for model in apps.get_app_config("placements").get_models():
        if hasattr(model, "code_fields") and model.code_fields():
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {model._meta.db_table} SET id = id")  # noqa: S608


def test_episodes_chain_without_gaps_or_overlaps_inside_each_period(seeded):
    broken = sql(
        """WITH e AS (
             SELECT e.*, p.started_on AS p_start, p.ended_on AS p_end, p.reason_ended AS p_rec,
                    lag(e.dec) OVER w AS prev_dec, row_number() OVER w AS n,
                    count(*) OVER (PARTITION BY e.period_id) AS total
             FROM placements_episode e JOIN placements_periodofcare p ON p.id = e.period_id
             WINDOW w AS (PARTITION BY e.period_id ORDER BY e.decom))
           SELECT id FROM e WHERE
             (n = 1 AND (decom <> p_start OR rne <> 'S'))
             OR (n > 1 AND (decom <> prev_dec OR rne = 'S'))
             OR (n < total AND rec <> 'X1')
             OR (n = total AND p_end IS NOT NULL AND (dec <> p_end OR rec <> p_rec))
             OR (n = total AND p_end IS NULL AND dec IS NOT NULL)"""
    )
    assert broken == []


def test_rne_says_what_changed(seeded):
    wrong = sql(
        """SELECT cur.id FROM placements_episode cur
           JOIN placements_episode prev ON prev.period_id = cur.period_id AND prev.dec = cur.decom
           JOIN placements_placement pc ON pc.id = cur.placement_id
           JOIN placements_placement pp ON pp.id = prev.placement_id
           WHERE CASE
             WHEN cur.placement_id <> prev.placement_id AND cur.legal_status <> prev.legal_status
               THEN cur.rne NOT IN ('B', 'U')
             WHEN cur.placement_id <> prev.placement_id
               THEN cur.rne <> (CASE WHEN pc.carer_id IS NOT DISTINCT FROM pp.carer_id AND pc.carer_id IS NOT NULL THEN 'T' ELSE 'P' END)
             ELSE cur.rne <> 'L' END"""
    )
    assert wrong == []


def test_every_open_case_has_one_allocation_one_worker_and_one_iro(seeded):
    assert (
        sql(
            """SELECT p.child_id FROM placements_periodofcare p WHERE p.ended_on IS NULL AND (
             (SELECT count(*) FROM placements_allocation a WHERE a.child_id = p.child_id AND a.ended_on IS NULL) <> 1
          OR (SELECT count(*) FROM placements_workerallocation w WHERE w.child_id = p.child_id AND w.ended_on IS NULL) <> 1
          OR (SELECT count(*) FROM placements_iroappointment i WHERE i.child_id = p.child_id AND i.ended_on IS NULL) <> 1)"""
        )
        == []
    )
    assert (
        sql(
            """SELECT a.id FROM placements_allocation a WHERE a.ended_on IS NULL AND NOT EXISTS (
             SELECT 1 FROM placements_periodofcare p WHERE p.child_id = a.child_id AND p.ended_on IS NULL)"""
        )
        == []
    )


def test_practice_allocations_follow_a_contract_and_grant_the_practice(seeded):
    assert (
        sql(
            """SELECT a.id FROM placements_allocation a
           JOIN placements_child c ON c.id = a.child_id
           LEFT JOIN commissioning_contract k ON k.id = a.contract_id
           WHERE a.practice_id IS NOT NULL AND (k.id IS NULL OR k.council_id <> c.council_id
             OR k.practice_id <> a.practice_id OR k.status <> 'active')"""
        )
        == []
    )
    from practices.reconcile import reconcile_access

    assert reconcile_access(repair=False, today=dt.date.fromisoformat(TODAY)).total == 0


def test_workers_belong_to_the_organisation_holding_the_case(seeded):
    assert (
        sql(
            """SELECT w.id FROM placements_workerallocation w
           JOIN placements_allocation a ON a.id = w.allocation_id
           JOIN placements_child c ON c.id = w.child_id
           WHERE NOT EXISTS (
             SELECT 1 FROM practices_membership m WHERE m.user_id = w.worker_id AND m.sw_id = w.sw_id
               AND ((a.practice_id IS NOT NULL AND m.practice_id = a.practice_id)
                 OR (a.practice_id IS NULL AND m.council_id = c.council_id)))"""
        )
        == []
    )


def test_statutory_records_sit_inside_the_childs_life_and_not_in_the_future(seeded):
    for table, column in [
        ("placements_visit", "visited_on"),
        ("placements_review", "held_on"),
        ("placements_healthassessment", "completed_on"),
        ("placements_educationplan", "completed_on"),
        ("placements_missingepisode", "started_on"),
        ("placements_casenote", "occurred_on"),
    ]:
        assert (
            sql(
                f"SELECT r.id FROM {table} r JOIN placements_child c ON c.id = r.child_id "  # noqa: S608
                f"WHERE r.{column} < c.date_of_birth OR r.{column} > %s",
                [TODAY],
            )
            == []
        ), table


def test_a_sample_of_each_model_passes_full_clean(seeded):
    from placements.models.codes import clear_code_cache

    clear_code_cache()
    for name in [
        "Child",
        "PeriodOfCare",
        "Placement",
        "Episode",
        "Allocation",
        "WorkerAllocation",
        "Review",
        "Visit",
        "HealthAssessment",
        "EducationPlan",
        "CareLeaverContact",
        "Adoption",
    ]:
        model = apps.get_model("placements", name)
        for row in model.objects.order_by("?")[:100]:
            row.full_clean(validate_constraints=False)


def test_the_world_is_varied_like_a_real_caseload(seeded):
    counts = dict(sql("SELECT legal_status, count(*) FROM placements_episode GROUP BY 1"))
    assert {"C1", "C2", "V2"} <= set(counts)
    assert (
        sql("SELECT count(*) FROM placements_periodofcare WHERE reason_ended IN ('E11', 'E12')")[0][
            0
        ]
        >= 1
    )
    assert sql("SELECT count(*) FROM placements_careleavercontact")[0][0] >= 1
    assert sql("SELECT count(*) FROM placements_child WHERE uasc")[0][0] >= 1
    assert (
        sql(
            "SELECT count(*) FROM placements_allocation WHERE practice_id IS NULL AND ended_on IS NULL"
        )[0][0]
        >= 1
    )
