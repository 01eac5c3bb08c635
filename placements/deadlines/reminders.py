"""Reminders before a deadline, and escalation after it: in the app, then by email.

Three stages, each sent once per deadline (per due date) and person:

    reminder   DEADLINE_REMINDER_DAYS (7) before the due date, to the allocated worker
    overdue    the day after the due date, to the holding practice's managers (or, when
               the council's own team holds the case, to the council's administrators)
    escalated  more than DEADLINE_ESCALATION_DAYS (14) overdue, to the council's
               commissioners and the child's IRO

How it stays exactly-once (healthchecks' sendalerts pattern):

1. One query (joins, no loop over children) selects every (person, deadline, stage) due
   and not yet notified. Each gets a key, f"deadline:{child}:{rule}:{key}:{due_on}:{stage}",
   and is inserted with bulk_create(ignore_conflicts=True) on the unique (recipient, key):
   a retry, a second run or a second worker inserts nothing twice.
2. Emails go only for rows claimed by a conditional UPDATE ... SET emailed_at = now()
   WHERE emailed_at IS NULL, inside a transaction held open while the email is handed to
   the mail backend. If sending fails or the worker dies, the claim rolls back and the
   next run sends it; a second worker waits on the row lock and then finds it claimed.
   A duplicate is possible only if the worker dies after the mail server accepted the
   message and before the commit.

People are re-checked in the query: the worker must still be a member of the organisation
holding the case, managers and council staff must hold the role today, users must be
active.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse

from core import clock
from core.audit import as_system
from core.models import Notification
from placements.deadlines.states import govuk_date

logger = logging.getLogger(__name__)

REMINDER = "reminder"
OVERDUE = "overdue"
ESCALATED = "escalated"
KEY_PREFIX = "deadline:"


def reminder_days() -> int:
    return int(getattr(settings, "DEADLINE_REMINDER_DAYS", 7))


def escalation_days() -> int:
    return int(getattr(settings, "DEADLINE_ESCALATION_DAYS", 14))


DUE_NOTIFICATIONS = """
WITH due AS (
    SELECT d.child_id, d.rule, d.key, d.title, d.due_on, c.council_id,
           coalesce(nullif(c.preferred_name, ''), c.first_name) || ' ' || c.last_name AS child_name
    FROM placements_deadline d
    JOIN placements_child c ON c.id = d.child_id
    WHERE d.met_on IS NULL AND d.due_on <= %(remind_until)s AND c.date_of_death IS NULL
),
member AS (
    SELECT m.user_id, m.role, m.council_id, m.practice_id
    FROM practices_membership m
    WHERE m.started_on <= %(today)s AND (m.ended_on IS NULL OR m.ended_on >= %(today)s)
),
holder AS (
    SELECT a.child_id, a.practice_id
    FROM placements_allocation a
    WHERE a.started_on <= %(today)s AND (a.ended_on IS NULL OR a.ended_on > %(today)s)
),
recipients AS (
    SELECT due.*, 'reminder' AS stage, w.worker_id AS user_id
    FROM due
    JOIN placements_workerallocation w ON w.child_id = due.child_id
         AND w.started_on <= %(today)s AND (w.ended_on IS NULL OR w.ended_on > %(today)s)
    LEFT JOIN holder h ON h.child_id = due.child_id
    WHERE due.due_on >= %(today)s
      AND EXISTS (
          SELECT 1 FROM member m
          WHERE m.user_id = w.worker_id
            AND ((h.practice_id IS NOT NULL AND m.practice_id = h.practice_id)
                 OR (h.practice_id IS NULL AND m.council_id = due.council_id)))
    UNION ALL
    SELECT due.*, 'overdue', m.user_id
    FROM due
    JOIN holder h ON h.child_id = due.child_id AND h.practice_id IS NOT NULL
    JOIN member m ON m.practice_id = h.practice_id AND m.role = 'practice_manager'
    WHERE due.due_on < %(today)s
    UNION ALL
    SELECT due.*, 'overdue', m.user_id
    FROM due
    JOIN member m ON m.council_id = due.council_id AND m.role = 'council_administrator'
    WHERE due.due_on < %(today)s
      AND NOT EXISTS (
          SELECT 1 FROM holder h WHERE h.child_id = due.child_id AND h.practice_id IS NOT NULL)
    UNION ALL
    SELECT due.*, 'escalated', m.user_id
    FROM due
    JOIN member m ON m.council_id = due.council_id AND m.role = 'commissioner'
    WHERE due.due_on < %(escalate_before)s
    UNION ALL
    SELECT due.*, 'escalated', i.iro_id
    FROM due
    JOIN placements_iroappointment i ON i.child_id = due.child_id
         AND i.started_on <= %(today)s AND (i.ended_on IS NULL OR i.ended_on > %(today)s)
    WHERE due.due_on < %(escalate_before)s
      AND EXISTS (
          SELECT 1 FROM member m
          WHERE m.user_id = i.iro_id AND m.council_id = due.council_id AND m.role = 'iro')
),
keyed AS (
    SELECT r.*, 'deadline:' || r.child_id || ':' || r.rule || ':' || r.key || ':'
                || to_char(r.due_on, 'YYYY-MM-DD') || ':' || r.stage AS long_key
    FROM recipients r
)
SELECT DISTINCT ON (k.user_id, k.nkey)
       k.user_id, k.nkey, k.stage, k.child_id, k.child_name, k.title, k.due_on
FROM (
    SELECT keyed.*,
           CASE WHEN length(long_key) <= 200 THEN long_key
                ELSE 'deadline:' || child_id || ':' || md5(long_key) || ':' || stage END AS nkey
    FROM keyed
) k
JOIN core_user u ON u.id = k.user_id AND u.is_active
WHERE NOT EXISTS (
    SELECT 1 FROM core_notification n WHERE n.recipient_id = k.user_id AND n.key = k.nkey)
ORDER BY k.user_id, k.nkey
"""


def _wording(stage: str, title: str, child_name: str, due_on: dt.date, today: dt.date):
    days = (due_on - today).days
    when = govuk_date(due_on)
    if stage == REMINDER:
        soon = "today" if days == 0 else ("tomorrow" if days == 1 else f"in {days} days")
        return (
            f"{title} for {child_name} is due {soon}",
            f"{title} for {child_name} is due by {when}. Record it on the child's record "
            "when it is done.",
        )
    late = -days
    heading = "Overdue" if stage == OVERDUE else f"Overdue by {late} days"
    return (
        f"{heading}: {title} for {child_name}",
        f"{title} for {child_name} was due by {when} and is not recorded as done "
        f"({late} day{'s' if late != 1 else ''} overdue).",
    )


def create_notifications(today: dt.date | None = None) -> int:
    """Insert the in-app notifications now due (one query to find them, one bulk insert).
    Returns how many were found missing; a concurrent run may have inserted some."""
    today = today or clock.today()
    params = {
        "today": today,
        "remind_until": today + dt.timedelta(days=reminder_days()),
        "escalate_before": today - dt.timedelta(days=escalation_days()),
    }
    with connection.cursor() as cursor:
        cursor.execute(DUE_NOTIFICATIONS, params)
        rows = cursor.fetchall()
    notifications = []
    for user_id, key, stage, child_id, child_name, title, due_on in rows:
        heading, body = _wording(stage, title, child_name, due_on, today)
        notifications.append(
            Notification(
                recipient_id=user_id,
                key=key,
                child_id=child_id,
                title=heading[:200],
                body=body,
                url=reverse("placements:child", args=[child_id]),
            )
        )
    Notification.objects.bulk_create(notifications, batch_size=1000, ignore_conflicts=True)
    return len(notifications)


CLAIM = """
UPDATE core_notification n SET emailed_at = %(now)s
FROM core_user u
WHERE n.id = %(id)s AND n.emailed_at IS NULL AND u.id = n.recipient_id
RETURNING n.title, n.body, n.url, u.email
"""


def _email_body(body: str, url: str) -> str:
    site = getattr(settings, "SITE_URL", "")
    return f"{body}\n\nOpen the child's record: {site}{url}\n"


def send_pending_emails() -> dict[str, int]:
    """Email every deadline notification not yet emailed, each claimed before it is sent."""
    pending = list(
        Notification.objects.filter(
            key__startswith=KEY_PREFIX, emailed_at__isnull=True, recipient__is_active=True
        )
        .exclude(recipient__email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = failed = 0
    for pk in pending:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(CLAIM, {"now": clock.now(), "id": pk})
                claimed = cursor.fetchone()
                if claimed is None:  # another worker has it
                    continue
                title, body, url, email = claimed
                send_mail(title, _email_body(body, url), None, [email], fail_silently=False)
            sent += 1
        except Exception:
            failed += 1
            logger.exception("Could not email deadline notification %s; will retry", pk)
    return {"sent": sent, "failed": failed}


def send_deadline_reminders(today: dt.date | None = None) -> dict[str, int]:
    """The daily job: create the notifications now due, then email what is not emailed."""
    with as_system("send_deadline_reminders"):
        created = create_notifications(today)
        emailed = send_pending_emails()
    return {"notifications": created, "emailed": emailed["sent"], "failed": emailed["failed"]}
