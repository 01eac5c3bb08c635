"""A real Celery worker (`celery -A config worker --pool solo`, in a subprocess) against
Redis runs the deadline tasks on committed data, and a worker killed half-way through the
reminder emails leaves nothing duplicated and nothing missed.

The worker uses a private Redis database (15 on the server settings.REDIS_URL names) and
a queue of its own, so it never takes another test run's or a developer's tasks.
"""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from email import message_from_bytes
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone
from redis import Redis

from config.env import celery_url
from core.models import Notification
from placements.models import Allocation, Deadline, IROAppointment, WorkerAllocation
from practices.models import Membership, Role
from tests.factories import ContractFactory, CouncilFactory, PracticeFactory, UserFactory
from tests.placements.deadlines.builders import child_in_care

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[3]
REDIS_DB = 15


def private_redis_url() -> str:
    """settings.REDIS_URL, pointed at Redis database 15 (a unix:// socket URL keeps its
    two slashes: urlunsplit would drop one for the empty host, and Celery then reads the
    scheme "unix:" as a result backend's module name)."""
    parts = urlsplit(settings.REDIS_URL)
    if parts.scheme == "unix":
        query = dict(parse_qsl(parts.query))
        query["db"] = str(REDIS_DB)
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{REDIS_DB}"))


def database_url() -> str:
    """The test database as a URL for the worker's environment: a TCP host, or a unix
    socket directory (the embedded server) quoted into the host part."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    where = quote(host, safe="") if host.startswith("/") else f"{host}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{where}/{db['NAME']}"


class Worker:
    """`celery -A config worker --pool solo` on our own queue, in its own process group."""

    def __init__(self, outbox: Path, queue: str, **env):
        self.outbox, self.queue = outbox, queue
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.placements.deadlines.worker_settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": private_redis_url(),
            "DEADLINE_TEST_OUTBOX": str(outbox),
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
            "--queues", self.queue, "--without-heartbeat", "--without-gossip",
            "--without-mingle", "--loglevel", "WARNING",
            "--hostname", f"{self.queue}-{uuid.uuid4().hex[:6]}@%h",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def queue():
    """A queue of our own; afterwards, nothing of it is left in Redis (a killed worker's
    unacknowledged message would otherwise come back to it an hour later)."""
    name = f"deadlines-test-{uuid.uuid4().hex[:10]}"
    yield name
    redis = Redis.from_url(private_redis_url())
    for tag, payload in redis.hgetall("unacked").items():
        if json.loads(payload)[-1] == name:
            redis.hdel("unacked", tag)
            redis.zrem("unacked_index", tag)
    redis.delete(name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")
    redis.close()


@pytest.fixture
def client(queue):
    url = celery_url(private_redis_url())
    app = Celery("deadline-tests", broker=url, backend=url, set_as_current=False)
    app.conf.task_serializer = "json"
    app.conf.broker_transport_options = {"visibility_timeout": 5}

    def call(name, *args, timeout=90):
        result = app.send_task(f"placements.tasks.{name}", args=args, queue=queue)
        try:
            return result.get(timeout=timeout)
        finally:
            result.forget()

    yield call
    app.close()


@pytest.fixture
def workers(tmp_path, queue):
    started: list[Worker] = []

    def start(**env) -> Worker:
        worker = Worker(tmp_path, queue, **env).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def emails(outbox: Path) -> list[tuple[str, str]]:
    found = []
    for path in outbox.glob("*.eml"):
        message = message_from_bytes(path.read_bytes())
        found.append((message["To"], message["Subject"]))
    return sorted(found)


def test_a_real_worker_recomputes_deadlines_from_committed_data(workers, client):
    child = child_in_care(dt.date(2026, 4, 2))
    workers()
    counts = client("recompute_child_deadlines", child.pk)
    assert counts["children"] == 1 and counts["inserted"] > 5
    assert Deadline.objects.filter(child=child, rule="CPPCR_Reg33_FirstReview").exists()
    assert client("recompute_all_deadlines")["inserted"] == 0  # nothing new the second time


def held_case_with_people(overdue: int):
    """A practice's child with a worker, a manager, a commissioner and an IRO, and
    `overdue` deadlines each overdue for 20 days or more (3 notifications each)."""
    council, practice = CouncilFactory(), PracticeFactory()
    contract = ContractFactory(council=council, practice=practice)
    long_ago = dt.date(2020, 1, 1)

    def member(role, **org):
        user = UserFactory()
        user.email = f"{user.username}@example.org"
        user.save()
        Membership.objects.create(user=user, role=role, started_on=long_ago, **org)
        return user

    worker = member(Role.PRACTICE_SOCIAL_WORKER, practice=practice)
    member(Role.PRACTICE_MANAGER, practice=practice)
    member(Role.COMMISSIONER, council=council)
    iro = member(Role.IRO, council=council)
    child = child_in_care(dt.date(2025, 1, 6), council=council)
    allocation = Allocation.objects.create(
        child=child, practice=practice, contract=contract, started_on=long_ago
    )
    WorkerAllocation.objects.create(
        child=child, allocation=allocation, worker=worker, sw_id="SW1", started_on=long_ago
    )
    IROAppointment.objects.create(child=child, iro=iro, started_on=long_ago)
    today = timezone.localdate()
    for i in range(overdue):
        Deadline.objects.create(
            child=child, rule="CPPCR_Reg28_StandardVisits", kind="visit", key=f"visit:{i}",
            title=f"Statutory visit {i + 1}", due_on=today - dt.timedelta(days=20 + i),
            computed_at=timezone.now(),
        )  # fmt: skip
    return child


def test_a_real_worker_sends_each_reminder_once_when_run_twice(workers, client, tmp_path):
    held_case_with_people(overdue=2)
    workers()
    assert client("send_deadline_reminders") == {"notifications": 6, "emailed": 6, "failed": 0}
    assert client("send_deadline_reminders") == {"notifications": 0, "emailed": 0, "failed": 0}
    assert len(emails(tmp_path)) == len(set(emails(tmp_path))) == 6
    assert Notification.objects.count() == 6


def test_a_worker_killed_half_way_through_the_reminders_leaves_none_twice_and_none_missed(
    workers, client, tmp_path, queue
):
    held_case_with_people(overdue=3)  # 9 notifications, 9 emails
    first = workers(DEADLINE_TEST_HANG_AT="4")
    url = celery_url(private_redis_url())
    sender = Celery("deadline-tests-sender", broker=url, backend=url, set_as_current=False)
    sender.send_task("placements.tasks.send_deadline_reminders", queue=queue)
    marker = tmp_path / "hanging.marker"
    deadline = time.monotonic() + 90
    while not marker.exists():
        assert time.monotonic() < deadline, first.process.stderr.read1().decode()
        time.sleep(0.2)
    # The worker holds the 4th email claimed and unsent: kill it there.
    first.kill()
    sender.close()
    assert len(emails(tmp_path)) == 3
    assert Notification.objects.count() == 9  # the in-app notifications were all in
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 3  # claim undone

    marker.unlink()
    # A new worker runs the job again. (The killed task itself, unacknowledged, would come
    # back after Redis's visibility timeout; acks_late makes that safe, as this re-run shows.)
    workers()
    result = client("send_deadline_reminders")
    assert result["notifications"] == 0 and result["failed"] == 0
    sent = emails(tmp_path)
    assert len(sent) == len(set(sent)) == 9
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
