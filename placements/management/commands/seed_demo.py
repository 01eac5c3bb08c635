"""python manage.py seed_demo --children N --seed S [--councils C] [--practices P] [--today D] [--reset]
[--with-errors]"""

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core import clock
from core.models import User
from placements.models import Child
from placements.seeding.copy import Ids, Rows, reset_sequences
from placements.seeding.histories import ChildHistory
from placements.seeding.tables import COLUMNS, RESET_TABLES
from placements.seeding.world import DEMO_LOGINS, DEMO_PASSWORD, build_world

CHUNK = 2000


class Command(BaseCommand):
    help = (
        "Build a synthetic world: councils, practices, contracts, staff and children with history."
    )

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--councils", type=int, default=3)
        parser.add_argument("--practices", type=int, default=4)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Pretend today is this date (YYYY-MM-DD); histories end here",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete existing domain data first"
        )
        parser.add_argument("--no-deadlines", action="store_true", help="Skip computing deadlines")
        parser.add_argument(
            "--with-errors",
            action="store_true",
            help="Break a few SSDA903 rules on purpose in the first council (the validation page)",
        )

    def handle(
        self,
        *args,
        children,
        seed,
        councils,
        practices,
        today,
        reset,
        no_deadlines,
        with_errors=False,
        **options,
    ):
        if children < 1 or councils < 1 or practices < 1:
            raise CommandError("--children, --councils and --practices must be at least 1")
        today = today or clock.today()
        started = time.monotonic()
        if reset:
            self.reset()
        elif Child.objects.exists():
            raise CommandError("There are children already: use --reset to replace them.")
        with transaction.atomic():
            world = build_world(
                random.Random(seed),
                children=children,
                councils=councils,
                practices=practices,
                today=today,
            )
        self.stdout.write(
            f"World: {councils} councils, {practices} practices, {world.users} staff."
        )
        rows = Rows(COLUMNS)
        ids = Ids(COLUMNS)
        now = clock.now()
        fast = self._can_skip_triggers()
        for first in range(0, children, CHUNK):
            with transaction.atomic():
                if fast:
                    # The rows are built valid (the tests check codes and chains); skip the
                    # per-row history and code triggers for a bulk load.
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL session_replication_role = replica")
                for index in range(first, min(first + CHUNK, children)):
                    ChildHistory(world, rows, ids, now, index, seed).build()
                rows.flush()
            done = min(first + CHUNK, children)
            rate = done / max(time.monotonic() - started, 0.001)
            self.stdout.write(f"  {done:,} / {children:,} children ({rate:,.0f} a second)")
        reset_sequences(COLUMNS)
        self.size_contracts()
        self.analyze()
        if with_errors:
            self.introduce_errors(world.councils[0], today)
        if not no_deadlines:
            self.compute_deadlines(today)
        self.seed_commissioning(today, seed)
        self.seed_inspections(today, seed)
        self.summary(rows, started)

    def analyze(self):
        """Planner statistics for the tables just filled by COPY (autovacuum may be off or
        late): without them the deadline engine and the caseload plans go quadratic."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _can_skip_triggers(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            return bool(cursor.fetchone()[0])

    def reset(self):
        with transaction.atomic(), connection.cursor() as cursor:
            tables = ", ".join(RESET_TABLES)
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")  # noqa: S608
            cursor.execute("DELETE FROM auth_group WHERE name LIKE 'practice:%%'")
            User.objects.filter(is_superuser=False).delete()
            User.objects.filter(username="admin").delete()
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('core_user', 'id'), "
                "(SELECT coalesce(max(id), 0) + 1 FROM core_user), false)"
            )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('auth_group', 'id'), "
                "(SELECT coalesce(max(id), 0) + 1 FROM auth_group), false)"
            )
        self.stdout.write("Removed the previous demo data.")

    def size_contracts(self):
        """Capacity a little above the children each contract holds; value to match."""
        with connection.cursor() as cursor:
            cursor.execute(
                """UPDATE commissioning_contract c SET
                     capacity = greatest(5, ceil(coalesce(a.n, 0) * 1.2)),
                     annual_value = greatest(5, ceil(coalesce(a.n, 0) * 1.2)) * c.weekly_price_per_child * 52
                   FROM commissioning_contract c2
                   LEFT JOIN (SELECT contract_id, count(*) AS n FROM placements_allocation
                              WHERE ended_on IS NULL GROUP BY contract_id) a ON a.contract_id = c2.id
                   WHERE c.id = c2.id"""
            )

    def seed_commissioning(self, today, seed):
        """Targets, variations, budgets, spend requests, referrals and performance
        snapshots (after the deadlines, which the snapshots count)."""
        from commissioning.seeding import seed_commissioning

        begun = time.monotonic()
        written = seed_commissioning(today=today, seed=seed)
        self.stdout.write(f"Commissioning in {time.monotonic() - begun:.1f} s: {written}")

    def seed_inspections(self, today, seed):
        """An open inspection of the first council with its sample drawn."""
        from oversight.seeding import seed_inspections

        self.stdout.write(f"Inspections: {seed_inspections(today=today, seed=seed)}")

    def introduce_errors(self, council, today):
        from placements.seeding.errors import introduce_errors

        with transaction.atomic():
            changed = introduce_errors(council, today)
        made = ", ".join(f"rule {code} x{n}" for code, n in changed.items() if n)
        self.stdout.write(f"Deliberate SSDA903 errors in {council}: {made or 'none'}.")

    def compute_deadlines(self, today):
        try:
            from placements.deadlines.engine import recompute
        except ImportError:
            return
        begun = time.monotonic()
        result = recompute(today=today)
        self.stdout.write(f"Deadlines computed in {time.monotonic() - begun:.1f} s: {result}")

    def summary(self, rows: Rows, started: float):
        elapsed = time.monotonic() - started
        self.stdout.write("")
        self.stdout.write("Rows written:")
        for table, count in sorted(rows.written.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {table.removeprefix('placements_'):<28} {count:>12,}")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
        self.stdout.write(f"Done in {elapsed:,.1f} s. Database size: {size}.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        present = set(
            User.objects.filter(username__in=[u for u, _, _ in DEMO_LOGINS]).values_list(
                "username", flat=True
            )
        )
        for username, role, where in DEMO_LOGINS:
            if username in present:
                self.stdout.write(f"  {username:<20} {role:<40} {where}")
