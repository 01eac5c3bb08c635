from django.core.management.base import BaseCommand

from placements.calendar import sync_bank_holidays


class Command(BaseCommand):
    help = "Add England and Wales bank holidays to the working-day calendar (idempotent)."

    def handle(self, *args, **options):
        added = sync_bank_holidays()
        self.stdout.write(f"Added {added} bank holidays.")
