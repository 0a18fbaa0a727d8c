"""Second factor (TOTP, django-otp): required for administrators, the emulation department and
council members when TDKT_REQUIRE_MFA is on; voluntary for the others; recovery codes."""

import re

import pytest
from django.urls import reverse

from tdkt.accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-123"


@pytest.fixture
def mfa_on(settings):
    settings.TDKT_REQUIRE_MFA = True
    return settings


def login(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "password step failed"
    return response


def totp_device(user, confirmed=True):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=confirmed)


def current_code(device):
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def path_of(response):
    return response["Location"].split("?")[0]


@pytest.mark.parametrize(
    "role,unit", [(Role.ADMIN, "BTP"), (Role.EMULATION_DEPT, "BTP"), (Role.COUNCIL_MEMBER, "BTP")]
)
def test_required_roles_without_a_device_are_sent_to_enrolment(mfa_on, client, role, unit):
    make_user("bat_buoc", role, unit)
    login(client, "bat_buoc")
    for url in (reverse("core:home"), reverse("core:search"), reverse("accounts:me")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert path_of(response) == reverse("accounts:mfa_enrol")
    # a write is refused too, not only pages
    response = client.post(reverse("accounts:user_create"), {"username": "x"})
    assert response.status_code == 302 and path_of(response) == reverse("accounts:mfa_enrol")


@pytest.mark.parametrize(
    "role,unit", [(Role.UNIT_OFFICER, "STP-01"), (Role.UNIT_HEAD, "STP-01"), (Role.STAFF, "STP-01")]
)
def test_other_roles_are_not_asked_for_a_second_factor(mfa_on, client, role, unit):
    make_user("tu_nguyen", role, unit)
    login(client, "tu_nguyen")
    assert client.get(reverse("core:home")).status_code == 200


def test_required_role_with_a_device_must_enter_the_code(mfa_on, client):
    user = make_user("co_thiet_bi", Role.ADMIN, "BTP")
    totp_device(user)
    login(client, "co_thiet_bi")
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and path_of(response) == reverse("accounts:mfa_verify")


def test_mfa_off_lets_administrators_in_with_the_password(settings, client):
    settings.TDKT_REQUIRE_MFA = False
    make_user("quan_tri", Role.ADMIN, "BTP")
    login(client, "quan_tri")
    assert client.get(reverse("core:home")).status_code == 200


def test_unverified_user_may_still_log_out(mfa_on, client):
    make_user("muon_ra", Role.ADMIN, "BTP")
    login(client, "muon_ra")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and path_of(response) == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_enrolment_shows_a_qr_code_and_secret_then_recovery_codes_once(mfa_on, client):
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tdkt.audit.models import Action

    user = make_user("dang_ky", Role.EMULATION_DEPT, "BTP")
    login(client, "dang_ky")
    page = client.get(reverse("accounts:mfa_enrol"))
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)|\son[a-z]+=", body), "no inline script (CSP)"
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32encode

    assert b32encode(device.bin_key).decode() in body.replace(" ", "")

    wrong = client.post(reverse("accounts:mfa_enrol"), {"code": "000000"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    assert Action.objects.filter(verb="mfa.enrol_failed", target_id=str(user.pk)).exists()
    assert client.get(reverse("core:home")).status_code == 302

    device.throttle_reset()
    done = client.post(reverse("accounts:mfa_enrol"), {"code": current_code(device)})
    assert done.status_code == 200
    tokens = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(tokens) == 10
    assert all(t in done.content.decode() for t in tokens)
    device.refresh_from_db()
    assert device.confirmed
    assert Action.objects.filter(verb="mfa.enrol", target_id=str(user.pk)).exists()
    assert client.get(reverse("core:home")).status_code == 200
    # The codes are shown once: the enrolment page does not show them again.
    again = client.get(reverse("accounts:mfa_enrol"), follow=True).content.decode()
    assert not any(t in again for t in tokens)


def test_wrong_code_is_refused_and_audited(mfa_on, client):
    from tdkt.audit.models import Action

    user = make_user("nhap_sai", Role.COUNCIL_MEMBER, "BTP")
    device = totp_device(user)
    login(client, "nhap_sai")
    good = current_code(device)
    wrong = f"{(int(good) + 1) % 1000000:06d}"
    response = client.post(reverse("accounts:mfa_verify"), {"code": wrong})
    assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
    assert Action.objects.filter(verb="mfa.verify_failed", target_id=str(user.pk)).exists()
    assert client.get(reverse("core:home")).status_code == 302


def test_right_code_lets_the_user_in_and_goes_where_they_were_going(mfa_on, client):
    user = make_user("nhap_dung", Role.ADMIN, "BTP")
    device = totp_device(user)
    login(client, "nhap_dung")
    target = reverse("accounts:users")
    response = client.get(target)
    verify_url = response["Location"]
    assert path_of(response) == reverse("accounts:mfa_verify")
    response = client.post(verify_url, {"code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == target
    assert client.get(target).status_code == 200


def test_recovery_code_works_once(mfa_on, client):
    from django_otp.plugins.otp_static.models import StaticDevice

    user = make_user("mat_dien_thoai", Role.ADMIN, "BTP")
    totp_device(user)
    static = StaticDevice.objects.create(user=user, name="Mã khôi phục", confirmed=True)
    static.token_set.create(token="abcd2345")
    login(client, "mat_dien_thoai")
    response = client.post(reverse("accounts:mfa_verify"), {"code": "abcd2345"})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200

    client.post(reverse("accounts:logout"))
    static.throttle_reset()
    login(client, "mat_dien_thoai")
    response = client.post(reverse("accounts:mfa_verify"), {"code": "abcd2345"})
    assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_officer_enrols_voluntarily_and_is_then_asked_at_login(mfa_on, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user("tu_bat", Role.UNIT_OFFICER, "STP-01")
    login(client, "tu_bat")
    me = client.get(reverse("accounts:me")).content.decode()
    assert reverse("accounts:mfa_enrol") in me
    client.get(reverse("accounts:mfa_enrol"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:mfa_enrol"), {"code": current_code(device)})
    assert response.status_code == 200

    client.post(reverse("accounts:logout"))
    login(client, "tu_bat")
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and path_of(response) == reverse("accounts:mfa_verify")


def test_administrator_resets_a_lost_authenticator_and_it_is_audited(mfa_on, cast, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tdkt.audit.models import Action

    admin_device = totp_device(cast.admin)
    user = make_user("mat_may", Role.EMULATION_DEPT, "BTP")
    totp_device(user)
    login(client, cast.admin.username)
    client.post(reverse("accounts:mfa_verify"), {"code": current_code(admin_device)})
    url = reverse("accounts:mfa_reset", args=[user.pk])
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    action = Action.objects.get(verb="mfa.reset")
    assert action.actor == cast.admin and action.target_id == str(user.pk)

    client.post(reverse("accounts:logout"))
    login(client, "mat_may")
    response = client.get(reverse("core:home"))
    assert path_of(response) == reverse("accounts:mfa_enrol")


def test_only_administrators_reset_a_second_factor(cast, client_for):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user("giu_may", Role.COUNCIL_MEMBER, "BTP")
    totp_device(user)
    for who in (cast.officer_a, cast.head_a, cast.staff_a):
        url = reverse("accounts:mfa_reset", args=[user.pk])
        assert client_for(who).post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()
