from django.core.management.base import BaseCommand

from practices.reconcile import reconcile_access


class Command(BaseCommand):
    help = "Compare access grants with allocations and inspections; report drift and repair it."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only, change nothing")

    def handle(self, *args, dry_run=False, **options):
        drift = reconcile_access(repair=not dry_run)
        for name, count in vars(drift).items():
            self.stdout.write(f"{name.replace('_', ' ')}: {count}")
        verb = "Would repair" if dry_run else "Repaired"
        self.stdout.write(f"{verb} {drift.total} grant(s)." if drift.total else "No drift.")
