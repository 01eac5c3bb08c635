"""Tests: real PostgreSQL, fast hashing, emails kept in memory."""

from config.env import envstr
from config.settings.dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
AXES_VERBOSE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
    "loggers": {"axes": {"level": "ERROR"}, "django.request": {"level": "ERROR"}},
}

# Lets two test runs share one server (e.g. several developers, or a benchmark beside tests).
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": envstr("TEST_DATABASE_NAME", "test_" + DATABASES["default"]["NAME"])  # noqa: F405
}
