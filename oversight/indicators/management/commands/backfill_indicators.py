"""Write (or rewrite) the indicator snapshots for past months."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from core import clock
from oversight.indicators.services import last_months, snapshot_month


class Command(BaseCommand):
    help = "Compute the monthly indicator snapshots for the last N months (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24, help="How many months (default 24)")
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, months, today=None, **options):
        if months < 1 or months > 240:
            raise CommandError("--months must be between 1 and 240")
        try:
            day = dt.date.fromisoformat(today) if today else clock.today()
        except ValueError as error:
            raise CommandError("--today must be a date, YYYY-MM-DD") from error
        total, started = 0, time.perf_counter()
        for month in last_months(day, months):
            t0 = time.perf_counter()
            rows = snapshot_month(month=month, today=day)
            total += rows
            self.stdout.write(f"{month:%B %Y}: {rows} rows in {time.perf_counter() - t0:.2f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"{months} months, {total} rows in {time.perf_counter() - started:.2f} s"
            )
        )
