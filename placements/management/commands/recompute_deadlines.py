"""Recompute statutory deadlines by hand: everything, or the children given."""

from django.core.management.base import BaseCommand

from placements.deadlines.engine import recompute


class Command(BaseCommand):
    help = "Recompute statutory deadlines from the record (all children, or --child ID)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--child",
            type=int,
            action="append",
            dest="children",
            metavar="ID",
            help="A child's id (repeat for several); all children when left out",
        )
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, children=None, batch_size=5000, **options):
        counts = recompute(children, batch_size=batch_size)
        self.stdout.write(
            "Recomputed deadlines for {children} children: {deadlines} deadlines, "
            "{inserted} new, {updated} changed, {deleted} removed".format(**counts)
        )
