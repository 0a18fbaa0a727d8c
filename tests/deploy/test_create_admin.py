"""The first administrator is made from the command line, never with a weak password."""

import pytest
from django.core.management import CommandError, call_command

from tdkt.accounts.models import Role, User
from tdkt.accounts.scoping import Scope
from tdkt.audit.models import Action

STRONG = "Cuc-Thi-Dua-2026-an-toan"


def test_create_admin_gives_the_system_admin_role_over_the_sector(db, monkeypatch):
    monkeypatch.setenv("TDKT_ADMIN_PASSWORD", STRONG)
    call_command("create_admin", "quantri", "--full-name", "Nguyễn  Văn An",
                 "--email", "quantri@moj.gov.vn")
    user = User.objects.get(username="quantri")
    assert user.check_password(STRONG)
    assert (user.last_name, user.first_name) == ("Nguyễn Văn", "An")
    assert user.email == "quantri@moj.gov.vn"
    assert list(user.role_assignments.values_list("role", "unit__code")) == [(Role.ADMIN, "BTP")]
    assert Scope(user).is_admin
    assert Action.objects.filter(verb="user.assign_role", target_id=str(user.pk)).exists()


@pytest.mark.parametrize("weak", ["12345678", "password123", "quantri2026"])
def test_create_admin_refuses_a_weak_password(db, monkeypatch, weak):
    monkeypatch.setenv("TDKT_ADMIN_PASSWORD", weak)
    with pytest.raises(CommandError, match="Mật khẩu chưa đạt"):
        call_command("create_admin", "quantri2026", "--full-name", "Nguyễn Văn An",
                     "--email", "quantri@moj.gov.vn")
    assert not User.objects.filter(username="quantri2026").exists()


def test_create_admin_refuses_a_taken_username_and_a_bad_email(db, monkeypatch):
    monkeypatch.setenv("TDKT_ADMIN_PASSWORD", STRONG)
    call_command("create_admin", "quantri", "--full-name", "Nguyễn Văn An",
                 "--email", "a@moj.gov.vn")
    with pytest.raises(CommandError, match="đã được dùng"):
        call_command("create_admin", "QuanTri", "--full-name", "Lê Văn Bình",
                     "--email", "b@moj.gov.vn")
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("create_admin", "khac", "--full-name", "Lê Văn Bình", "--email", "khong")


def test_create_admin_without_a_password_and_no_terminal_stops(db, monkeypatch):
    monkeypatch.delenv("TDKT_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="TDKT_ADMIN_PASSWORD"):
        call_command("create_admin", "quantri", "--full-name", "Nguyễn Văn An",
                     "--email", "a@moj.gov.vn")
