"""Signing in: throttled, short sessions, strict headers."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_lands_each_person_where_their_work_is(world, client):
    world.worker.set_password("a-long-test-password")
    world.worker.save()
    response = sign_in(client, "worker", "a-long-test-password")
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("placements:caseload")


@pytest.mark.parametrize(
    ("person", "home"),
    [
        ("worker", "placements:caseload"),
        ("council_worker", "placements:caseload"),
        ("commissioner", "placements:children"),
        ("inspector", "oversight:inspections"),
        ("superuser", "admin:index"),
    ],
)
def test_home_depends_on_role(world, client, person, home):
    client.force_login(getattr(world, person))
    assert client.get(reverse("home")).url == reverse(home)


def test_wrong_password_shows_an_error_next_to_the_form(world, client):
    response = sign_in(client, "worker", "wrong")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert response.content.decode().count("govuk-error-summary") >= 1


def test_empty_fields_say_what_to_enter(client):
    body = sign_in(client, "", "").content.decode()
    assert "Enter your username" in body and "Enter your password" in body
    assert "<title>Error: Sign in" in body


def test_repeated_failures_lock_the_account(world, client):
    world.worker.set_password("a-long-test-password")
    world.worker.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "worker", "wrong")
    response = sign_in(client, "worker", "a-long-test-password")
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


def test_pages_need_sign_in(client):
    response = client.get(reverse("placements:caseload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sessions_expire_after_thirty_minutes_of_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["password123", "12345678901234", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
