# ruff: noqa: S608 -- the SQL is built from constants in this module; values go as parameters
"""Compare the guardian grants with the allocations and inspections they follow from, report
the drift, and repair it. Set-based SQL: a handful of statements whatever the caseload."""

from dataclasses import dataclass

from django.db import connection, transaction

from core import clock
from core.audit import as_system
from practices.access import change_child_permission_id, view_child_permission_id

PRACTICE_DESIRED = """
    SELECT a.child_id, p.group_id, perm.id AS permission_id
    FROM placements_allocation a
    JOIN practices_practice p ON p.id = a.practice_id
    CROSS JOIN (VALUES (%(view)s), (%(change)s)) AS perm(id)
    WHERE a.started_on <= %(today)s AND (a.ended_on IS NULL OR a.ended_on > %(today)s)
      AND p.group_id IS NOT NULL
"""
INSPECTOR_DESIRED = """
    SELECT DISTINCT s.child_id, ii.inspector_id AS user_id, %(view)s AS permission_id
    FROM oversight_inspectionsample s
    JOIN oversight_inspection i ON i.id = s.inspection_id
    JOIN oversight_inspectioninspector ii ON ii.inspection_id = i.id
    WHERE i.starts_on <= %(today)s AND i.ends_on >= %(today)s
"""
MEMBER_DESIRED = """
    SELECT DISTINCT m.user_id, p.group_id
    FROM practices_membership m
    JOIN practices_practice p ON p.id = m.practice_id
    WHERE m.started_on <= %(today)s AND (m.ended_on IS NULL OR m.ended_on >= %(today)s)
      AND p.group_id IS NOT NULL
"""
MEMBER_ACTUAL = """
    SELECT ug.user_id, ug.group_id FROM core_user_groups ug
    JOIN practices_practice p ON p.group_id = ug.group_id
"""
GROUP_TABLE = "placements_childgroupobjectpermission"
USER_TABLE = "placements_childuserobjectpermission"


@dataclass(frozen=True)
class Drift:
    practice_missing: int
    practice_stale: int
    inspector_missing: int
    inspector_stale: int
    member_missing: int
    member_stale: int

    @property
    def total(self) -> int:
        return sum(vars(self).values())


def _count(cursor, sql: str, params) -> int:
    cursor.execute(f"SELECT count(*) FROM ({sql}) AS d", params)
    return cursor.fetchone()[0]


def reconcile_access(*, repair: bool = True, today=None) -> Drift:
    params = {
        "today": today or clock.today(),
        "view": view_child_permission_id(),
        "change": change_child_permission_id(),
    }
    group_missing = f"{PRACTICE_DESIRED} EXCEPT SELECT content_object_id, group_id, permission_id FROM {GROUP_TABLE}"
    group_stale = f"SELECT content_object_id, group_id, permission_id FROM {GROUP_TABLE} EXCEPT {PRACTICE_DESIRED}"
    user_missing = f"{INSPECTOR_DESIRED} EXCEPT SELECT content_object_id, user_id, permission_id FROM {USER_TABLE}"
    user_stale = f"SELECT content_object_id, user_id, permission_id FROM {USER_TABLE} EXCEPT {INSPECTOR_DESIRED}"
    member_missing = f"{MEMBER_DESIRED} EXCEPT {MEMBER_ACTUAL}"
    member_stale = f"{MEMBER_ACTUAL} EXCEPT {MEMBER_DESIRED}"
    with transaction.atomic(), as_system("reconcile_access"), connection.cursor() as cursor:
        drift = Drift(
            member_missing=_count(cursor, member_missing, params),
            member_stale=_count(cursor, member_stale, params),
            practice_missing=_count(cursor, group_missing, params),
            practice_stale=_count(cursor, group_stale, params),
            inspector_missing=_count(cursor, user_missing, params),
            inspector_stale=_count(cursor, user_stale, params),
        )
        if repair and drift.total:
            cursor.execute(
                f"DELETE FROM core_user_groups WHERE (user_id, group_id) IN ({member_stale})",
                params,
            )
            cursor.execute(
                f"INSERT INTO core_user_groups (user_id, group_id) {member_missing}", params
            )
            cursor.execute(
                f"DELETE FROM {GROUP_TABLE} WHERE (content_object_id, group_id, permission_id) "
                f"IN ({group_stale})",
                params,
            )
            cursor.execute(
                f"INSERT INTO {GROUP_TABLE} (content_object_id, group_id, permission_id) {group_missing}",
                params,
            )
            cursor.execute(
                f"DELETE FROM {USER_TABLE} WHERE (content_object_id, user_id, permission_id) "
                f"IN ({user_stale})",
                params,
            )
            cursor.execute(
                f"INSERT INTO {USER_TABLE} (content_object_id, user_id, permission_id) {user_missing}",
                params,
            )
    return drift
