"""The home page per role: own tasks and figures, scope, constant queries, the demo."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_person, make_user
from tests.movements.helpers import fill, make_movement, registration_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def dept(db):
    from tdkt.accounts.models import Role

    return make_user("thuong_truc", Role.EMULATION_DEPT, "BTP")


def _deadline_ahead():
    return timezone.localdate() + datetime.timedelta(days=20)


def test_officer_home_lists_only_its_own_subtree_tasks(cast, dept, client_for):
    today = timezone.localdate()
    make_movement(dept, year=today.year, deadline=_deadline_ahead(), name="Phong trào Hà Nội",
                  unit_codes=("STP-01",))
    make_movement(dept, year=today.year, deadline=_deadline_ahead(), name="Phong trào TP.HCM",
                  unit_codes=("STP-79",))
    body = client_for(cast.officer_a).get(reverse("core:home")).content.decode()
    assert "Gửi đăng ký thi đua: Phong trào Hà Nội" in body
    assert "Phong trào TP.HCM" not in body
    assert f"hạn {_deadline_ahead():%d/%m/%Y}" in body


def test_department_home_shows_tasks_charts_and_fairness(cast, dept, client_for):
    make_movement(dept, year=timezone.localdate().year, deadline=_deadline_ahead())
    reg = registration_of(make_movement(dept, year=timezone.localdate().year,
                                        deadline=_deadline_ahead(), name="Phong trào thứ hai"),
                          "STP-01")
    from tdkt.movements import services

    fill(cast.officer_a, reg)
    services.submit_registration(cast.officer_a, reg)
    body = client_for(dept).get(reverse("core:home")).content.decode()
    assert "Duyệt đăng ký thi đua: Phong trào thứ hai" in body
    assert body.count('role="img"') >= 1 or body.count("Chưa có số liệu") >= 1
    assert "fairness-table" in body and "chưa có quy định; cấu hình của Bộ" in body
    assert "Bảng số liệu: Danh hiệu, khen thưởng theo cấp và năm" in body


def _grow(dept, cast, n):
    from tdkt.history.models import AwardType, PersonAward, PersonTitle
    from tdkt.movements import services

    year = timezone.localdate().year
    lao_dong = AwardType.objects.get(code="lao_dong_tien_tien")
    bk = AwardType.objects.get(code="bang_khen_bo_truong_bo_tu_phap")
    for i in range(n):
        person = make_person("STP-01-VP", f"Người Thêm {n} {i}", is_leader=i % 3 == 0)
        PersonTitle.objects.create(person=person, year=year - 1, award=lao_dong)
        PersonAward.objects.create(person=person, year=year - 2, award=bk)
        movement = make_movement(dept, year=year, deadline=_deadline_ahead(),
                                 name=f"Phong trào {n} {i}", unit_codes=("STP-01", "STP-79"))
        reg = registration_of(movement, "STP-79")
        fill(cast.officer_b, reg)
        services.submit_registration(cast.officer_b, reg)


@pytest.mark.parametrize("who", ["dept", "council", "officer_a", "head_a", "staff_a", "admin"])
def test_home_queries_do_not_grow_with_data(cast, dept, client_for, flow, who):
    from tdkt.accounts.models import Role

    council = make_user("uy_vien", Role.COUNCIL_MEMBER, "BTP")
    user = {"dept": dept, "council": council}.get(who) or getattr(cast, who)
    client = client_for(user)
    _grow(dept, cast, 1)
    flow.submitted()
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("core:home")).status_code == 200
    _grow(dept, cast, 6)
    for i in range(3):
        flow.nomination(person=make_person("STP-01-VP", f"Đề Nghị {i}"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("core:home"))
    assert len(many) == len(few), [q["sql"][:120] for q in many[len(few):]]


DEMO_ROLES = ["admin", "thuongtruc", "hoidong", "canbo.stp01", "lanhdao.stp01",
              "nhanvien.stp01", "canbo.thads79"]


def test_every_demo_role_home_shows_its_tasks_and_a_chart(db, client, settings, tmp_path):
    """The demo as `make run` seeds it: each demo account's home has tasks of its own and at
    least one drawn chart; the department's has the fairness figures."""
    from tdkt.accounts.models import User

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path  # the demo's signing certificates, not the developer's var/
    call_command("seed_demo", scale=0.1, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username in DEMO_ROLES:
        client.force_login(User.objects.get(username=username))
        body = client.get(reverse("core:home")).content.decode()
        assert "Không có việc cần xử lý" not in body, username
        assert 'class="todo-item' in body, username
        assert 'role="img"' in body, username
        if username in ("thuongtruc", "hoidong"):
            assert "fairness-table" in body, username
        if username in ("nhanvien.stp01", "canbo.stp01", "canbo.thads79", "admin"):
            assert "fairness-table" not in body, username
