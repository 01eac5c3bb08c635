"""Write a council's SSDA903 return as the DfE's CSV files, and say what would fail.

    python manage.py export_ssda903 --council E09000027 --year 2026 --out DIR
    python manage.py export_ssda903 --council 210 --year 2025 --out DIR   # last year

--council is the ONS code or the DfE LA number. --year names the collection year by the
year it starts, as the DfE does: 2026 is "2026 to 2027", 1 April 2026 to 31 March 2027.
A year still running is projected as the record stands today.
"""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import clock
from oversight.ssda903 import export
from oversight.ssda903.rules import RULES_BY_CODE, validate
from oversight.ssda903.tables import project, tables_in
from oversight.ssda903.years import CollectionYear, find_council, is_available


class Command(BaseCommand):
    help = "Write a council's SSDA903 return (one CSV per table) and report rule failures."

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="ONS code or DfE LA number")
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help="Collection year by its starting year: 2026 is 1 April 2026 to 31 March 2027",
        )
        parser.add_argument("--out", required=True, type=Path, help="Directory for the files")
        parser.add_argument("--zip", action="store_true", help="Also write the zip")
        parser.add_argument(
            "--no-validate", action="store_true", help="Only write the files, skip the rules"
        )

    def handle(self, *args, council, year, out, zip, no_validate, **options):
        found = find_council(council)
        if found is None:
            raise CommandError(f"No council with ONS code or DfE LA number {council!r}")
        if not is_available(year, clock.today()):
            raise CommandError(f"No return for {year}: give the year the collection year starts")
        collection = CollectionYear(year)
        projected = project(found, collection)
        for path in export.write_dir(projected, out):
            self.stdout.write(str(path))
        if zip:
            path = out / export.zip_name(projected)
            path.write_bytes(export.zip_bytes(projected))
            self.stdout.write(str(path))
        sizes = ", ".join(
            f"{table} {len(projected.rows(table))}" for table in tables_in(projected.year)
        )
        self.stdout.write(f"{found} {collection.label} as at {projected.as_at:%d/%m/%Y}: {sizes}")
        if no_validate:
            return
        failures = validate(projected)
        counts = Counter((f.code, f.severity) for f in failures)
        errors = sum(n for (_, severity), n in counts.items() if severity == "error")
        queries = sum(counts.values()) - errors
        self.stdout.write(f"{errors} errors, {queries} queries")
        for (code, severity), count in sorted(counts.items(), key=lambda kv: -kv[1]):
            self.stdout.write(
                f"  {code:>9} {severity:5} {count:6}  {RULES_BY_CODE[code].message()}"
            )
