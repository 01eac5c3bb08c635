"""Settings for the Celery worker the tests start in a subprocess: the test database (from
DATABASE_URL), a private Redis database (REDIS_URL), emails written to files."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.placements.deadlines.email_backends.Outbox"
EMAIL_FILE_PATH = os.environ["DEADLINE_TEST_OUTBOX"]
