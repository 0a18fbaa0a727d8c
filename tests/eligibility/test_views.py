import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tdkt.audit.models import Action
from tdkt.eligibility.models import CatalogueVersion, Sweep
from tests.eligibility.test_services import give_record
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def swept(cast, client_for, django_capture_on_commit_callbacks):
    give_record(cast.person_a, {2025: "HTXSNV"}, {2025: ["lao_dong_tien_tien"]})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.officer_a).post(
            reverse("eligibility:sweep_start"), {"don_vi": "STP-01", "nam": "2025"}
        )
    sweep = Sweep.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{sweep.pk}/")
    return sweep


def test_due_list_shows_the_sweep_with_priority_marks(cast, client_for, swept):
    body = client_for(cast.officer_a).get(reverse("eligibility:due_list"), {"nam": 2025}).content
    body = body.decode()
    assert "Trần Thị Hồng" in body
    assert "Chiến sĩ thi đua cơ sở" in body
    assert "nữ</span>" in body
    assert swept.rules_version in body


def test_due_list_filters_by_award(cast, client_for, swept):
    response = client_for(cast.officer_a).get(
        reverse("eligibility:due_list"), {"nam": 2025, "danh_hieu": "chien_si_thi_dua_cap_bo"}
    )
    assert "Trần Thị Hồng</a>" not in response.content.decode()


def test_due_list_exports_to_excel(cast, client_for, swept):
    response = client_for(cast.officer_a).get(
        reverse("eligibility:due_list"), {"nam": 2025, "xuat": "excel"}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[2][:4] == ["STT", "Danh hiệu, hình thức", "Kết quả", "Họ và tên / Tập thể"]
    names = {row[3] for row in rows[3:]}
    assert "Trần Thị Hồng" in names


def test_due_list_before_any_sweep_explains_what_to_do(cast, client_for):
    body = client_for(cast.officer_a).get(reverse("eligibility:due_list")).content.decode()
    assert "Chưa có kết quả rà soát" in body
    body = client_for(cast.head_a).get(reverse("eligibility:due_list")).content.decode()
    assert "Đề nghị cán bộ làm công tác thi đua" in body


def test_read_only_roles_cannot_start_a_sweep(cast, client_for):
    for who in (cast.head_a, cast.staff_a):
        response = client_for(who).post(
            reverse("eligibility:sweep_start"), {"don_vi": "STP-01", "nam": "2025"}
        )
        assert response.status_code == 403
    assert not Sweep.objects.exists()


def test_due_list_of_another_department_is_not_found(cast, client_for):
    response = client_for(cast.officer_a).get(reverse("eligibility:due_list"), {"don_vi": "STP-79"})
    assert response.status_code == 404


def test_due_list_queries_do_not_grow_with_the_list(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.officer_a)

    def sweep_and_count():
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("eligibility:sweep_start"), {"don_vi": "STP-01", "nam": "2025"})
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("eligibility:due_list"), {"nam": 2025})
        return len(ctx)

    give_record(cast.person_a, {2025: "HTXSNV"}, {2025: ["lao_dong_tien_tien"]})
    few = sweep_and_count()
    for i in range(20):
        give_record(make_person("STP-01-VP", f"Nguyễn Văn Số {i}"), {2025: "HTTNV"})
    many = sweep_and_count()
    assert many == few


def test_sweep_progress_page(cast, client_for, swept):
    body = client_for(cast.officer_a).get(reverse("eligibility:sweep", args=[swept.pk])).content
    assert "Hoàn thành" in body.decode()


def test_person_check_explains_every_check_with_its_source(cast, client_for):
    give_record(cast.person_a, {2025: "HTXSNV"}, {2025: ["lao_dong_tien_tien"]})
    body = (
        client_for(cast.head_a)
        .get(
            reverse("eligibility:person_check", args=[cast.person_a.pk]),
            {"award": "chien_si_thi_dua_co_so", "year": 2025},
        )
        .content.decode()
    )
    assert "Cần xem xét, xác nhận" in body  # qualitative standards not yet confirmed
    assert "Luật Thi đua, khen thưởng" in body
    assert "Năm 2025" in body
    # Each check is named in Vietnamese, the catalogue's own label for award criteria.
    assert "Đạt tiêu chuẩn Lao động tiên tiến trong năm xét" in body
    assert "Không có vụ việc đang xem xét" in body and "Kỷ luật" in body


def test_unit_check_page_renders_for_a_collective(cast, client_for):
    body = (
        client_for(cast.officer_a)
        .get(
            reverse("eligibility:unit_check", args=["STP-01-VP"]),
            {"award": "tap_the_lao_dong_tien_tien", "year": 2025},
        )
        .content.decode()
    )
    assert "Văn phòng Sở" in body and "Căn cứ" in body


def test_catalogue_page_marks_unverified_values(cast, client_for):
    body = client_for(cast.staff_a).get(reverse("eligibility:catalogue")).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in body
    assert "Chưa đối chiếu văn bản chính thức" in body  # the open status in plain words
    assert "chưa xác minh" not in body.lower() and "_tap_the<" not in body  # no notes, no codes
    assert "Kỷ niệm chương" in body


def test_administrator_adds_a_catalogue_version_without_code(cast, client_for):
    client = client_for(cast.admin)
    form_page = client.get(reverse("eligibility:catalogue_add"))
    base = form_page.context["form"].fields["based_on"].choices[-1][0]
    response = client.post(
        reverse("eligibility:catalogue_add"),
        {
            "based_on": base,
            "version": "tt-moi-2027",
            "title": "Thông tư mới của Bộ Tư pháp",
            "effective_from": "01/01/2027",
            "data": "",
        },
    )
    assert response.status_code == 302
    row = CatalogueVersion.objects.get(version="tt-moi-2027")
    assert row.effective_from == datetime.date(2027, 1, 1)
    assert Action.objects.filter(verb="eligibility.catalogue_version_add").exists()
    from tdkt.eligibility.catalogue import version_in_force

    assert version_in_force(datetime.date(2027, 3, 1)).version == "tt-moi-2027"
    assert version_in_force(datetime.date(2026, 3, 1)).version != "tt-moi-2027"


def test_a_broken_catalogue_version_is_refused(cast, client_for):
    client = client_for(cast.admin)
    base = (
        client.get(reverse("eligibility:catalogue_add"))
        .context["form"]
        .fields["based_on"]
        .choices[0][0]
    )
    response = client.post(
        reverse("eligibility:catalogue_add"),
        {
            "based_on": base,
            "version": "hong",
            "title": "x",
            "effective_from": "01/01/2027",
            "data": '{"awards": "not a list"}',
        },
    )
    assert response.status_code == 200
    assert "Danh mục không hợp lệ" in response.content.decode()
    assert not CatalogueVersion.objects.exists()


def test_only_administrators_add_versions(cast, client_for):
    assert client_for(cast.officer_a).get(reverse("eligibility:catalogue_add")).status_code == 403
