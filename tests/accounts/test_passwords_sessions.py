"""Password policy (12 characters and Django's validators) and session limits
(8 hours absolute, 30 idle minutes), tested by forging the times kept in the session."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["tdkttdkt", "ngan-qua-11", "123456789012", "password1234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_password_like_the_username_is_refused():
    user = make_user("nguyenvanan", None, None)
    with pytest.raises(ValidationError):
        validate_password("nguyenvanan1", user=user)


def test_a_long_passphrase_is_accepted():
    validate_password("mat-khau-dai-2026")


def test_administrator_cannot_give_tdkttdkt(cast, client_for):
    from tdkt.accounts.models import User

    response = client_for(cast.admin).post(
        reverse("accounts:user_create"),
        {"username": "yeu.kem", "full_name": "Nguyễn Văn An", "password": "tdkttdkt"},
    )
    assert response.status_code == 200 and "12" in response.content.decode()
    assert not User.objects.filter(username="yeu.kem").exists()


def logged_in(client):
    make_user("phien", None, None)
    response = client.post(
        reverse("accounts:login"), {"username": "phien", "password": "pw-test-123"}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    return client


def forge(client, **ages_in_seconds):
    """Move the session's login / last-seen times into the past."""
    from tdkt.accounts.sessions import LOGIN_AT, SEEN_AT

    keys = {"login": LOGIN_AT, "seen": SEEN_AT}
    session = client.session
    for what, age in ages_in_seconds.items():
        assert keys[what] in session, "the session keeps its times"
        session[keys[what]] = time.time() - age
    session.save()


def assert_logged_out(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_session_ends_after_thirty_idle_minutes(client):
    logged_in(client)
    forge(client, seen=31 * 60, login=31 * 60)
    assert_logged_out(client)


def test_activity_keeps_the_session_alive(client):
    logged_in(client)
    forge(client, seen=29 * 60, login=2 * 3600)
    assert client.get(reverse("core:home")).status_code == 200
    forge(client, login=2 * 3600 + 29 * 60)  # 29 more minutes after that request
    assert client.get(reverse("core:home")).status_code == 200


def test_session_ends_after_eight_hours_even_when_active(client):
    logged_in(client)
    forge(client, login=8 * 3600 + 60, seen=10)
    assert_logged_out(client)


def test_limits_come_from_settings(client, settings):
    settings.TDKT_SESSION_IDLE_MINUTES = 5
    settings.TDKT_SESSION_MAX_HOURS = 1
    logged_in(client)
    forge(client, seen=6 * 60)
    assert_logged_out(client)
    logged_in_again = client.post(
        reverse("accounts:login"), {"username": "phien", "password": "pw-test-123"}
    )
    assert logged_in_again.status_code == 302
    forge(client, login=3600 + 60, seen=0)
    assert_logged_out(client)
