"""Reminders before, notices after, escalation well after: each once, in the app and by
email, whatever retries, second runs or failures happen."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Notification
from placements.deadlines.reminders import create_notifications, send_deadline_reminders
from placements.models import Deadline, IROAppointment
from placements.tasks import send_deadline_reminders as reminder_task
from practices.access import Action, who_can
from practices.models import Membership
from tests.placements.deadlines.email_backends import FailingAfter

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def deadline(child, due_in: int, *, key="period:1", met=None, title=None):
    return Deadline.objects.create(
        child=child,
        rule="CPPCR_Reg33_FirstReview",
        kind="review",
        key=key,
        title=title or f"First looked-after review ({key})",
        due_on=today() + dt.timedelta(days=due_in),
        met_on=met,
        computed_at=timezone.now(),
    )


def sent_to(user):
    return list(Notification.objects.filter(recipient=user).values_list("key", flat=True))


def stages(user):
    return sorted(key.rsplit(":", 1)[1] for key in sent_to(user))


@pytest.fixture(autouse=True)
def emails(world):
    """Everyone in the world has an email address."""
    from django.db.models import Value
    from django.db.models.functions import Concat

    from core.models import User

    User.objects.update(email=Concat("username", Value("@example.org")))
    for person in world.people().values():
        person.refresh_from_db(fields=["email"])


@pytest.fixture
def iro(world):
    IROAppointment.objects.create(child=world.child, iro=world.iro, started_on=dt.date(2020, 1, 1))
    return world.iro


def test_the_allocated_worker_is_reminded_7_days_before(world):
    deadline(world.child, 8, title="First looked-after review")
    send_deadline_reminders()
    assert sent_to(world.worker) == []
    Deadline.objects.update(due_on=today() + dt.timedelta(days=7))
    send_deadline_reminders()
    [note] = Notification.objects.filter(recipient=world.worker)
    assert note.key == (
        f"deadline:{world.child.pk}:CPPCR_Reg33_FirstReview:period:1:"
        f"{today() + dt.timedelta(days=7):%Y-%m-%d}:reminder"
    )
    assert note.title == "First looked-after review for Amara Held is due in 7 days"
    assert note.url == f"/children/{world.child.pk}/"
    assert note.child_id == world.child.pk
    [email] = mail.outbox
    assert email.to == [world.worker.email]
    assert email.subject == note.title
    assert f"/children/{world.child.pk}/" in email.body


def test_the_reminder_lead_time_is_a_setting(world, settings):
    settings.DEADLINE_REMINDER_DAYS = 10
    deadline(world.child, 9)
    send_deadline_reminders()
    assert stages(world.worker) == ["reminder"]


def test_the_practice_manager_is_told_when_it_is_overdue(world, iro):
    deadline(world.child, -1)
    send_deadline_reminders()
    assert stages(world.manager) == ["overdue"]
    assert sent_to(world.worker) == []  # reminders come before the date, not after
    assert sent_to(world.commissioner) == [] and sent_to(iro) == []


def test_the_council_commissioners_and_the_iro_when_overdue_by_more_than_14_days(world, iro):
    deadline(world.child, -14)
    send_deadline_reminders()
    assert sent_to(world.commissioner) == []
    deadline(world.child, -15, key="period:2")
    send_deadline_reminders()
    assert stages(world.manager) == ["overdue", "overdue"]
    assert stages(world.commissioner) == ["escalated"]
    assert stages(iro) == ["escalated"]
    assert Notification.objects.get(recipient=iro).title.startswith("Overdue by 15 days: ")
    for person in (
        world.other_commissioner,
        world.senior_commissioner,
        world.council_admin,
        world.other_worker,
        world.data_lead,
    ):
        assert sent_to(person) == [], person


def test_council_held_cases_go_to_the_councils_administrators(world):
    deadline(world.child_council, -2)
    send_deadline_reminders()
    assert stages(world.council_admin) == ["overdue"]
    assert sent_to(world.manager) == []


def test_met_deadlines_send_nothing(world, iro):
    deadline(world.child, -30, met=today() - dt.timedelta(days=31))
    deadline(world.child, 3, key="period:2", met=today())
    assert send_deadline_reminders()["notifications"] == 0


def test_a_worker_who_has_left_the_practice_is_not_reminded(world):
    Membership.objects.filter(user=world.worker).update(ended_on=today() - dt.timedelta(days=1))
    deadline(world.child, 3)
    send_deadline_reminders()
    assert sent_to(world.worker) == []


def test_everyone_told_may_see_the_child(world, iro):
    deadline(world.child, 3)
    deadline(world.child, -20, key="period:2")
    deadline(world.child_council, -20)
    send_deadline_reminders()
    for note in Notification.objects.select_related("recipient"):
        from placements.models import Child

        child = Child.objects.get(pk=note.child_id)
        assert who_can(Action.VIEW, child).filter(pk=note.recipient_id).exists(), note


def test_running_twice_sends_each_notification_and_email_once(world, iro):
    deadline(world.child, 3)
    deadline(world.child, -1, key="period:2")
    deadline(world.child, -20, key="period:3")
    first = send_deadline_reminders()
    # worker (reminder); manager (two overdue); commissioner and IRO (one escalation each)
    assert first == {"notifications": 5, "emailed": 5, "failed": 0}
    assert send_deadline_reminders() == {"notifications": 0, "emailed": 0, "failed": 0}
    assert reminder_task.apply().get() == {"notifications": 0, "emailed": 0, "failed": 0}
    assert Notification.objects.count() == len(mail.outbox) == 5
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 5
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_new_due_date_is_a_new_reminder(world):
    d = deadline(world.child, 3)
    send_deadline_reminders()
    d.due_on += dt.timedelta(days=2)  # e.g. the IRO moved the review
    d.save()
    send_deadline_reminders()
    assert stages(world.worker) == ["reminder", "reminder"]


def test_a_run_killed_half_way_through_the_emails_is_finished_by_the_next(world, iro, settings):
    for i in range(4):
        deadline(world.child, -20 - i, key=f"period:{i}")  # 4 x (manager, commissioner, IRO)
    settings.EMAIL_BACKEND = "tests.placements.deadlines.email_backends.FailingAfter"
    FailingAfter.accepted, FailingAfter.allowed = 0, 5
    first = send_deadline_reminders()
    assert first == {"notifications": 12, "emailed": 5, "failed": 7}
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 7
    # The failed task retries later (acks_late, retry); by then the server is back.
    FailingAfter.allowed = 100
    assert send_deadline_reminders() == {"notifications": 0, "emailed": 7, "failed": 0}
    assert send_deadline_reminders() == {"notifications": 0, "emailed": 0, "failed": 0}
    assert len(mail.outbox) == Notification.objects.count() == 12
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 12


def test_a_failing_email_makes_the_task_retry_and_the_next_run_sends_it(world, settings):
    from celery.exceptions import MaxRetriesExceededError

    deadline(world.child, 2)
    settings.EMAIL_BACKEND = "tests.placements.deadlines.email_backends.FailingAfter"
    FailingAfter.accepted, FailingAfter.allowed = 0, 0
    result = reminder_task.apply()  # eager: the retries run at once, and all fail
    assert isinstance(result.result, MaxRetriesExceededError)
    assert Notification.objects.get().emailed_at is None
    FailingAfter.allowed = 1
    assert reminder_task.apply().get() == {"notifications": 0, "emailed": 1, "failed": 0}
    assert len(mail.outbox) == 1


def test_finding_what_to_send_is_one_query_however_many_deadlines(world, iro):
    def queries(n):
        Notification.objects.all().delete()
        Deadline.objects.all().delete()
        for i in range(n):
            deadline(world.child, -20 - i, key=f"period:{i}")
            deadline(world.child_council, 2 - i, key=f"period:{i}")
        with CaptureQueriesContext(connection) as ctx:
            create_notifications()
        return len(ctx.captured_queries)

    # The selecting query, and the bulk insert (one statement per 1000 rows).
    assert queries(2) == queries(20) == 2
