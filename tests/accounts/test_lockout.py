"""Login throttling: 10 wrong passwords for a username lock it for 15 minutes (HTTP 429),
even with the right password, until the window passes or an administrator unlocks it."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-123"  # tests.factories.make_user
LOCKED_TEXT = "Tài khoản tạm khoá"


def attempt(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def hammer(client, username, times):
    return [attempt(client, username, f"wrong-{i}").status_code for i in range(times)]


def test_forty_wrong_passwords_then_the_right_one_is_refused_with_429(client):
    make_user("nan_nhan", None, None)
    hammer(client, "nan_nhan", 40)
    response = attempt(client, "nan_nhan", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_tenth_failure_locks_not_the_ninth(client):
    make_user("nguoi_dung", None, None)
    assert set(hammer(client, "nguoi_dung", 9)) == {200}
    assert attempt(client, "nguoi_dung", "wrong-again").status_code == 429
    assert attempt(client, "nguoi_dung", PASSWORD).status_code == 429


def test_nine_failures_then_the_right_password_still_logs_in(client):
    make_user("hay_quen", None, None)
    hammer(client, "hay_quen", 9)
    response = attempt(client, "hay_quen", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_lockout_is_per_username(client):
    make_user("bi_tan_cong", None, None)
    make_user("dong_nghiep", None, None)
    hammer(client, "bi_tan_cong", 12)
    assert attempt(client, "bi_tan_cong", PASSWORD).status_code == 429
    response = attempt(client, "dong_nghiep", PASSWORD)
    assert response.status_code == 302


def test_lock_lifts_once_the_fifteen_minutes_have_passed(client):
    from axes.models import AccessAttempt

    make_user("cho_doi", None, None)
    hammer(client, "cho_doi", 10)
    assert attempt(client, "cho_doi", PASSWORD).status_code == 429
    # Forge the clock: the last failure happened 16 minutes ago.
    AccessAttempt.objects.filter(username="cho_doi").update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert attempt(client, "cho_doi", PASSWORD).status_code == 302


def test_administrator_lists_and_unlocks_a_locked_account(cast, client, client_for):
    from tdkt.audit.models import Action

    victim = make_user("bi_khoa", None, None)
    hammer(client, "bi_khoa", 10)
    client.logout()

    admin = client_for(cast.admin)
    page = admin.get(reverse("accounts:lockouts"))
    assert page.status_code == 200 and "<code>bi_khoa</code>" in page.content.decode()

    response = admin.post(reverse("accounts:unlock"), {"username": "bi_khoa"}, follow=True)
    body = response.content.decode()
    assert "Đã mở khoá tài khoản bi_khoa" in body
    assert "<code>bi_khoa</code>" not in body and "Không có tài khoản nào đang bị khoá" in body
    action = Action.objects.get(verb="user.unlock")
    assert action.actor == cast.admin and action.target_id == str(victim.pk)

    admin.logout()
    assert attempt(client, "bi_khoa", PASSWORD).status_code == 302


def test_only_administrators_reach_the_lockout_page(cast, client, client_for):
    make_user("khong_duoc_mo", None, None)
    hammer(client, "khong_duoc_mo", 10)
    for who in (cast.officer_a, cast.head_a, cast.staff_a):
        c = client_for(who)
        assert c.get(reverse("accounts:lockouts")).status_code == 403
        assert c.post(reverse("accounts:unlock"), {"username": "khong_duoc_mo"}).status_code == 403
    client.logout()
    assert attempt(client, "khong_duoc_mo", PASSWORD).status_code == 429


def test_rotating_user_agents_and_addresses_does_not_dodge_the_lock(client):
    make_user("xoay_vong", None, None)
    for i in range(10):
        client.post(
            reverse("accounts:login"),
            {"username": "xoay_vong", "password": f"wrong-{i}"},
            HTTP_USER_AGENT=f"agent-{i}",
            REMOTE_ADDR=f"203.0.113.{i + 1}",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "xoay_vong", "password": PASSWORD},
        HTTP_USER_AGENT="fresh-agent",
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 429
