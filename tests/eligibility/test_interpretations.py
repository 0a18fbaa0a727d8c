"""Interpretation parameters in the application (issue 18 item 1): shown as readings on the
catalogue page and on every check page, changed by the emulation department as a new catalogue
version (audited), and the authority matrix on the catalogue page (item 3)."""

import datetime

import pytest
from django.urls import reverse

from tdkt.accounts.models import Role
from tdkt.audit.models import Action
from tdkt.eligibility import services
from tdkt.eligibility.catalogue import version_in_force
from tdkt.eligibility.models import CatalogueVersion
from tdkt.history import models as h
from tests.eligibility.test_services import give_record
from tests.factories import make_user

pytestmark = pytest.mark.django_db

THIRD = "cstd_cap_bo_third_title_in_year"


@pytest.fixture
def department(cast):
    user = make_user("vu_tccb", Role.EMULATION_DEPT, "STP-01")
    user.first_name, user.last_name = "Hoa", "Nguyễn Thị"
    user.save()
    return user


def cap_bo_history(person):
    """Three CSTĐ cơ sở ending in 2024 (not in 2025) and a ministry-wide initiative in 2023."""
    give_record(
        person,
        {y: "HTTNV" for y in range(2021, 2026)},
        {y: ["chien_si_thi_dua_co_so"] for y in (2022, 2023, 2024)},
    )
    h.Initiative.objects.create(
        person=person, year=2023, title="Số hóa hồ sơ", kind="initiative", scope="bo"
    )


def test_the_department_changes_a_reading_as_a_new_audited_version(cast, client_for, department):
    client = client_for(department)
    page = client.get(reverse("eligibility:catalogue_interpretations"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "lần Chiến sĩ thi đua cơ sở thứ ba phải ở năm xét" in body
    assert "Luật Thi đua, khen thưởng 2022, Điều 22, khoản 1" in body
    base = page.context["form"].base.version
    post = {
        "based_on": base,
        "version": "cach-hieu-2026",
        "effective_from": "01/01/2026",
        "note": "Ý kiến của Vụ Pháp chế",
        **{f"reading_{key}": "1" for key in page.context["form"].base.readings},
        f"reading_{THIRD}": "0",
    }
    response = client.post(reverse("eligibility:catalogue_interpretations"), post)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CatalogueVersion.objects.get(version="cach-hieu-2026")
    assert row.based_on == base and row.created_by == department
    action = Action.objects.get(verb="eligibility.interpretations_set")
    assert action.changes == {THIRD: [True, False]} and action.note == "Ý kiến của Vụ Pháp chế"
    reading = version_in_force(datetime.date(2026, 1, 31)).reading(THIRD)
    assert reading.value is False and reading.set_by == department.get_full_name()
    assert version_in_force(datetime.date(2025, 12, 31)).reading(THIRD).value is True
    # The catalogue page of the new version shows the changed reading and who set it.
    shown = client.get(reverse("eligibility:catalogue"), {"phien_ban": "cach-hieu-2026"})
    text = shown.content.decode()
    assert "đã thay đổi so với mặc định" in text and department.get_full_name() in text


def test_a_change_that_changes_nothing_is_refused(cast, department):
    base = version_in_force(datetime.date(2026, 1, 31))
    with pytest.raises(Exception, match="Không có cách hiểu nào thay đổi"):
        services.set_interpretations(
            department, base=base, values={THIRD: True}, version="khong-doi",
            effective_from=datetime.date(2026, 1, 1),
        )
    assert not CatalogueVersion.objects.exists()


@pytest.mark.parametrize("who", ["officer_a", "head_a", "staff_a"])
def test_only_the_department_or_an_administrator_changes_readings(cast, client_for, who):
    client = client_for(getattr(cast, who))
    assert client.get(reverse("eligibility:catalogue_interpretations")).status_code == 403
    assert client.post(reverse("eligibility:catalogue_interpretations"), {}).status_code == 403
    assert client_for(cast.admin).get(
        reverse("eligibility:catalogue_interpretations")
    ).status_code == 200


def test_catalogue_page_lists_readings_and_each_awards_authority(cast, client_for, department):
    body = client_for(cast.staff_a).get(reverse("eligibility:catalogue")).content.decode()
    assert 'id="cach-hieu"' in body and "Cách hiểu của ngành" in body
    for key in ("cstd_co_so_initiative_in_year", THIRD, "cstd_cap_bo_initiative_in_run"):
        assert f'id="cach-hieu-{key}"' in body
    assert "Mặc định của hệ thống" in body
    assert "Điều 23 yêu cầu đạt tiêu chuẩn Lao động tiên tiến" in body
    assert body.count('<span class="badge">Theo cách hiểu</span>') >= 3  # on the criteria
    assert "Thẩm quyền quyết định: <strong>Thủ trưởng đơn vị có tư cách pháp nhân thuộc Bộ" in body
    assert "Trình tự đề nghị: Hội đồng Thi đua – Khen thưởng đơn vị" in body
    assert "Chưa đối chiếu văn bản chính thức" in body and "chưa xác minh" not in body.lower()
    assert "Thay đổi cách hiểu" not in body  # staff cannot change them
    assert "Thay đổi cách hiểu" in client_for(department).get(
        reverse("eligibility:catalogue")
    ).content.decode()


def test_check_page_shows_the_reading_a_verdict_rests_on_and_follows_its_change(
    cast, client_for, department
):
    cap_bo_history(cast.person_a)
    url = reverse("eligibility:person_check", args=[cast.person_a.pk])
    query = {"award": "chien_si_thi_dua_cap_bo", "year": 2025, "attested": "on"}
    body = client_for(cast.head_a).get(url, query).content.decode()
    assert "Chưa đủ điều kiện" in body
    assert '<span class="badge">Theo cách hiểu</span>' in body
    assert f"#cach-hieu-{THIRD}" in body
    assert "Kết luận dựa trên cách hiểu “Chiến sĩ thi đua cấp Bộ: lần Chiến sĩ thi đua" in body
    assert "interpretation" not in body and "chưa xác minh</span>" not in body  # plain words
    services.set_interpretations(
        department,
        base=version_in_force(datetime.date(2026, 1, 31)),
        values={THIRD: False},
        version="cach-hieu-2026",
        effective_from=datetime.date(2026, 1, 1),
    )
    after = client_for(cast.head_a).get(url, query).content.decode()
    assert "Đủ điều kiện" in after and "Chưa đủ điều kiện" not in after
    assert "cach-hieu-2026" in after and department.get_full_name() in after
