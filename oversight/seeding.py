"""Demo data for inspections: one open inspection of the first council, its sample drawn,
so that the demo inspector has records to read and the council an access log to see."""

import datetime as dt

from core.models import User
from oversight.models import Inspection
from oversight.services import draw_sample, schedule_inspection
from practices.models import Council, Inspectorate

DEMO_TITLE = "Inspection of services for children in care"


def seed_inspections(*, today: dt.date, seed: int) -> str:
    council = Council.objects.order_by("pk").first()
    inspectorate = Inspectorate.objects.filter(name="Ofsted").first()
    inspector = User.objects.filter(username="inspector").first()
    if not (council and inspectorate and inspector):
        return "no inspection (no council, inspectorate or inspector)"
    if Inspection.objects.filter(title=DEMO_TITLE, council=council).exists():
        return "inspection already there"
    inspection = schedule_inspection(
        inspectorate=inspectorate,
        council=council,
        title=DEMO_TITLE,
        scope="Children in care and care leavers",
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=11),
        inspectors=[inspector],
        by=None,
        sample_size=12,
        sample_seed=seed,
        today=today,
    )
    drawn = draw_sample(inspection=inspection, by=None, today=today)
    return f"1 open inspection of {council}, {len(drawn)} children sampled"
