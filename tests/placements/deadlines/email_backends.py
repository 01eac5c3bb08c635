"""Email backends for the reminder tests: the mail server is the outside world."""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingAfter(LocmemBackend):
    """Accepts `allowed` messages (into mail.outbox), then the server goes away."""

    allowed = 3
    accepted = 0

    def send_messages(self, messages):
        for _ in messages:
            if FailingAfter.accepted >= FailingAfter.allowed:
                raise ConnectionRefusedError("The mail server went away")
            FailingAfter.accepted += 1
        return super().send_messages(messages)


class Outbox(BaseEmailBackend):
    """One file per message in EMAIL_FILE_PATH, for a worker in another process.

    With DEADLINE_TEST_HANG_AT=n set, the n-th message (counted by the files already
    there) is never delivered: the backend writes a marker file and hangs, so the test can
    kill the worker while it holds a claimed, unsent email.
    """

    def send_messages(self, messages):
        outbox = Path(settings.EMAIL_FILE_PATH)
        hang_at = int(os.environ.get("DEADLINE_TEST_HANG_AT", "0"))
        for message in messages:
            if hang_at and len(list(outbox.glob("*.eml"))) + 1 == hang_at:
                (outbox / "hanging.marker").write_text(message.subject)
                while True:
                    time.sleep(1)
            (outbox / f"{uuid.uuid4()}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
