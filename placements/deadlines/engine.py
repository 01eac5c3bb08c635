"""Recompute the Deadline rows from the record: set-based, idempotent, safe to kill.

For each batch of children: one query per source table loads every child's snapshot
(placements.deadlines.snapshot), the rules derive the deadlines in memory, and one
transaction writes the batch: the batch's current rows are read (one query) and only the
difference is written, an upsert on (child, rule, key) for new and changed rows and a
delete by id of rows whose key the rules no longer produce. Running it twice changes
nothing the second time; killing it half-way leaves every batch either fully old or fully
new, and the next run finishes the job.

Concurrency: a full or large run holds an exclusive advisory lock for each batch; a
recompute of a few children (the per-child Celery task) holds the same lock shared, plus
one exclusive lock per child. The snapshot is read after the locks are taken, so the
last writer for a child always read the latest committed record.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q

from core import clock
from core.audit import as_system
from placements.deadlines.calendar import WorkingDays
from placements.deadlines.rules import HISTORY_DAYS, Context, derive
from placements.deadlines.snapshot import load_snapshots

logger = logging.getLogger(__name__)

#: pg_advisory_xact_lock keys: (namespace, 0) for everything, (namespace + 1, child) per child
LOCK_ALL = (0x0DEAD11E, 0)
LOCK_CHILD = 0x0DEAD11F
#: Up to this many children, a recompute locks them one by one instead of exclusively.
FEW_CHILDREN = 100
#: The calendar reaches this far past the latest date a batch mentions.
CALENDAR_AHEAD = dt.timedelta(days=400)


@dataclass
class Counts:
    children: int = 0
    deadlines: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    batches: int = 0

    def add(self, other: "Counts") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


def candidate_children(today: dt.date):
    """Children who may have deadlines: in care now or within the history window, or with
    Deadline rows to clear. A queryset of ids."""
    from placements.models import Child, Deadline, PeriodOfCare

    cutoff = today - dt.timedelta(days=HISTORY_DAYS)
    recent = PeriodOfCare.objects.filter(child=OuterRef("pk")).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff)
    )
    # EXISTS, probed per child on the child_id indexes as the batch walks the primary key:
    # "pk IN (SELECT child_id FROM placements_deadline)" under an OR cannot be an anti/semi
    # join, and once the deadline ids outgrow work_mem Postgres rescans them for every child.
    return Child.objects.filter(
        Exists(recent) | Exists(Deadline.objects.filter(child=OuterRef("pk")))
    ).values_list("pk", flat=True)


def _batches(child_ids, today: dt.date, batch_size: int):
    if child_ids is not None:
        ids = sorted({int(i) for i in child_ids})
        for i in range(0, len(ids), batch_size):
            yield ids[i : i + batch_size]
        return
    last = 0
    while True:
        ids = list(candidate_children(today).filter(pk__gt=last).order_by("pk")[:batch_size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def recompute(child_ids=None, *, today: dt.date | None = None, batch_size: int = 5000) -> dict:
    """Recompute the deadlines of these children (all candidates when None).

    Returns counts: children, deadlines, inserted, updated, deleted, batches.
    """
    today = today or clock.today()
    total = Counts()
    with as_system("recompute_deadlines"):
        for ids in _batches(child_ids, today, batch_size):
            counts = _recompute_batch(ids, today)
            total.add(counts)
            logger.debug("Recomputed deadlines for %s children: %s", len(ids), counts)
    return total.as_dict()


def _lock(cursor, ids: list[int]) -> None:
    if len(ids) > FEW_CHILDREN:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", LOCK_ALL)
        return
    cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", LOCK_ALL)
    cursor.execute(
        "SELECT pg_advisory_xact_lock(%s, (id %% 2147483647)::int) FROM unnest(%s::bigint[]) "
        "AS t(id) ORDER BY id",
        [LOCK_CHILD, ids],
    )


def compute(snapshots, today: dt.date) -> list[dict]:
    """Derive the deadlines of these snapshots (pure, apart from the calendar it loads)."""
    if not snapshots:
        return []
    first = min(s.earliest_date() for s in snapshots.values())
    last = max([today, *(s.latest_date() for s in snapshots.values())]) + CALENDAR_AHEAD
    ctx = Context(today=today, calendar=WorkingDays.load(first, last))
    rows = []
    for child_id, snap in snapshots.items():
        for d in derive(snap, ctx):
            d["child_id"] = child_id
            rows.append(d)
    return rows


EXISTING = """
SELECT id, child_id, rule, key, kind, title, due_on, met_on
FROM placements_deadline WHERE child_id = ANY(%s::bigint[])
"""

UPSERT = """
INSERT INTO placements_deadline (child_id, rule, kind, key, title, due_on, met_on, computed_at)
SELECT c, r, k, y, t, d, m, %(now)s
FROM unnest(%(child)s::bigint[], %(rule)s::text[], %(kind)s::text[], %(key)s::text[],
            %(title)s::text[], %(due)s::date[], %(met)s::date[]) AS x(c, r, k, y, t, d, m)
ON CONFLICT (child_id, rule, key) DO UPDATE
SET kind = EXCLUDED.kind, title = EXCLUDED.title, due_on = EXCLUDED.due_on,
    met_on = EXCLUDED.met_on, computed_at = EXCLUDED.computed_at
WHERE (placements_deadline.kind, placements_deadline.title, placements_deadline.due_on,
       placements_deadline.met_on)
      IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.title, EXCLUDED.due_on, EXCLUDED.met_on)
RETURNING (xmax = 0) AS inserted
"""


def _recompute_batch(ids: list[int], today: dt.date) -> Counts:
    """Compute the batch, compare with its rows, and write only the difference: new and
    changed rows by upsert, vanished ones by id. Unchanged rows are not touched, so a
    nightly run over a quiet record writes (almost) nothing."""
    counts = Counts(children=len(ids), batches=1)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor, ids)
        rows = compute(load_snapshots(ids), today)
        counts.deadlines = len(rows)
        cursor.execute(EXISTING, [ids])
        existing = {
            (c, r, k): (pk, (kind, title, due, met))
            for pk, c, r, k, kind, title, due, met in cursor.fetchall()
        }
        changed = []
        for row in rows:
            row["title"] = row["title"][:200]
            found = existing.pop((row["child_id"], row["rule"], row["key"]), None)
            values = (row["kind"], row["title"], row["due_on"], row["met_on"])
            if found is None or found[1] != values:
                changed.append(row)
        if changed:
            cursor.execute(
                UPSERT,
                {
                    "now": clock.now(),
                    "child": [r["child_id"] for r in changed],
                    "rule": [r["rule"] for r in changed],
                    "kind": [r["kind"] for r in changed],
                    "key": [r["key"] for r in changed],
                    "title": [r["title"] for r in changed],
                    "due": [r["due_on"] for r in changed],
                    "met": [r["met_on"] for r in changed],
                },
            )
            for (inserted,) in cursor.fetchall():
                if inserted:
                    counts.inserted += 1
                else:
                    counts.updated += 1
        if existing:  # what the rules no longer produce
            cursor.execute(
                "DELETE FROM placements_deadline WHERE id = ANY(%s::bigint[])",
                [[pk for pk, _ in existing.values()]],
            )
            counts.deleted = cursor.rowcount
    return counts
