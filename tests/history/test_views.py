"""The record on screen, entry forms, permissions and the web import/export."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tdkt.audit.models import Action
from tdkt.history.models import (
    AwardType,
    Discipline,
    ImportJob,
    PersonRating,
    PersonTitle,
    Proceeding,
    UnitRating,
)
from tdkt.people.models import Person
from tests.factories import make_person
from tests.history.helpers import PEOPLE_HEADER, book, person

pytestmark = pytest.mark.django_db


def title(code):
    return AwardType.objects.get(code=code)


def fill_history(who, years=range(2016, 2026)):
    for year in years:
        PersonRating.objects.create(person=who, year=year, rating="HTXSNV")
        PersonTitle.objects.create(person=who, year=year, award=title("lao_dong_tien_tien"),
                                   decision_number=f"{year}/QĐ-STP")


def test_person_page_shows_the_year_by_year_record(cast, client_for):
    fill_history(cast.person_a, [2023, 2024])
    PersonTitle.objects.create(person=cast.person_a, year=2024,
                               award=title("chien_si_thi_dua_co_so"))
    Proceeding.objects.create(person=cast.person_a, kind="inspection",
                              opened_on="2026-01-05", note="Thanh tra công vụ")
    body = client_for(cast.officer_a).get(
        reverse("people:detail", args=[cast.person_a.pk])).content.decode()
    assert "Sổ theo dõi thi đua, khen thưởng" in body
    assert body.index(">2024<") < body.index(">2023<")  # newest first
    assert "Chiến sĩ thi đua cơ sở" in body and "2024/QĐ-STP" in body
    assert "Đang có vụ việc chưa kết thúc" in body and "Thanh tra công vụ" in body
    assert reverse("history:person_add", args=[cast.person_a.pk, "xep-loai"]) in body


def test_empty_record_and_read_only_roles_see_no_edit_links(cast, client_for):
    body = client_for(cast.head_a).get(
        reverse("people:detail", args=[cast.person_a.pk])).content.decode()
    assert "Chưa có dữ liệu thi đua, khen thưởng nào của cán bộ này." in body
    assert reverse("history:person_add", args=[cast.person_a.pk, "xep-loai"]) not in body


def test_person_page_query_count_does_not_grow_with_history(cast, client_for):
    client = client_for(cast.officer_a)
    url = reverse("people:detail", args=[cast.person_a.pk])
    fill_history(cast.person_a, [2016])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    fill_history(cast.person_a, range(2017, 2026))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_unit_page_shows_own_record_and_members_counts(cast, client_for):
    fill_history(cast.person_a, [2024])
    UnitRating.objects.create(unit=cast.unit_a, year=2024, rating="HTXSNV")
    Discipline.objects.create(person=cast.person_a, form="khien_trach", decided_on="2024-03-01",
                              ends_on="2025-03-01")
    client = client_for(cast.officer_a)
    url = reverse("organisation:unit", args=["STP-01"])
    body = client.get(url).content.decode()
    assert "Sổ theo dõi thi đua, khen thưởng của đơn vị" in body
    assert "Khiển trách: 1" in body
    assert reverse("history:import_upload") in body
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(15):
        fill_history(make_person("STP-01-VP", f"Nguyễn Văn Số {n}"), [2023, 2024])
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert len(many) == len(few)
    from tdkt.history.selectors import load_unit_records

    counts = load_unit_records([cast.unit_a])[cast.unit_a.pk].members[2024]
    assert counts.lao_dong_tien_tien == 16 and counts.completed_tasks == 16
    assert counts.disciplined == {"khien_trach": 1}
    assert counts.members == Person.objects.filter(unit__path__startswith=cast.unit_a.path).count()


def test_officer_adds_and_corrects_a_title_with_audit(cast, client_for):
    client = client_for(cast.officer_a)
    url = reverse("history:person_add", args=[cast.person_a.pk, "danh-hieu"])
    award = title("lao_dong_tien_tien")
    response = client.post(url, {"year": 2024, "award": award.pk, "decision_number": "5/QĐ",
                                 "decision_date": "20/12/2024", "issuer": "Giám đốc Sở"})
    assert response.status_code == 302
    entry = PersonTitle.objects.get(person=cast.person_a)
    assert Action.objects.filter(verb="history.persontitle.create",
                                 target_id=str(entry.pk)).exists()
    # the same title in the same year is a duplicate
    response = client.post(url, {"year": 2024, "award": award.pk})
    assert "Cán bộ đã có danh hiệu «Lao động tiên tiến» năm 2024." in response.content.decode()
    edit = reverse("history:entry_edit", args=["danh-hieu", entry.pk])
    client.post(edit, {"year": 2024, "award": award.pk, "decision_number": "6/QĐ",
                       "decision_date": "21/12/2024", "issuer": ""})
    entry.refresh_from_db()
    assert entry.decision_number == "6/QĐ"
    action = Action.objects.get(verb="history.persontitle.update")
    assert action.changes["decision_number"] == ["5/QĐ", "6/QĐ"]
    client.post(reverse("history:entry_delete", args=["danh-hieu", entry.pk]))
    assert not PersonTitle.objects.exists()
    assert Action.objects.filter(verb="history.persontitle.delete").exists()


@pytest.mark.parametrize("data, message", [
    ({"year": 1900, "rating": "HTTNV"}, "Năm phải từ 1975 trở đi."),
    ({"year": 2024, "rating": "XUATSAC"}, "Giá trị không hợp lệ; chọn trong danh sách."),
])
def test_rating_form_validates_in_vietnamese(cast, client_for, data, message):
    url = reverse("history:person_add", args=[cast.person_a.pk, "xep-loai"])
    response = client_for(cast.officer_a).post(url, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not PersonRating.objects.exists()


def test_discipline_end_must_follow_decision(cast, client_for):
    url = reverse("history:person_add", args=[cast.person_a.pk, "ky-luat"])
    response = client_for(cast.officer_a).post(
        url, {"form": "canh_cao", "decided_on": "01/06/2024", "ends_on": "01/05/2024"})
    assert "Ngày hết hiệu lực phải sau ngày quyết định." in response.content.decode()
    assert not Discipline.objects.exists()


@pytest.mark.parametrize("who", ["head_a", "staff_a"])
def test_read_only_roles_get_403_on_write_urls(cast, client_for, who):
    user = getattr(cast, who)
    # a record the role reads: the unit's for the head, only their own for staff
    person = cast.person_a if who == "head_a" else user.person
    entry = PersonRating.objects.create(person=person, year=2024, rating="HTTNV")
    client = client_for(user)
    urls = [reverse("history:person_add", args=[person.pk, "xep-loai"]),
            reverse("history:entry_edit", args=["xep-loai", entry.pk]),
            reverse("history:unit_add", args=["STP-01", "danh-hieu"]),
            reverse("history:import_upload"), reverse("history:export")]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("history:entry_delete", args=["xep-loai", entry.pk])
                       ).status_code == 403
    assert PersonRating.objects.filter(pk=entry.pk).exists()


def test_out_of_scope_entries_are_404(cast, client_for):
    entry = PersonRating.objects.create(person=cast.person_b, year=2024, rating="HTTNV")
    client = client_for(cast.officer_a)
    assert client.get(reverse("history:entry_edit", args=["xep-loai", entry.pk])
                      ).status_code == 404
    assert client.get(reverse("history:person_add", args=[cast.person_b.pk, "xep-loai"])
                      ).status_code == 404
    assert client.get(reverse("history:person_add", args=[cast.person_a.pk, "khong-co"])
                      ).status_code == 404


# --- web import / export -----------------------------------------------------------------

def upload(client, content, name="ho-so.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("history:import_upload"),
                       {"workbook": SimpleUploadedFile(name, content)})


@pytest.fixture
def import_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploads are kept in the file storage under imports/
    return tmp_path / "imports"


def test_upload_preview_confirm(cast, client_for, import_dir):
    client = client_for(cast.officer_a)
    data = book({"Nhân sự": [PEOPLE_HEADER, person("001085000001")],
                 "Xếp loại": [["Số định danh", "Năm", "Xếp loại"],
                              ["001085000001", 2024, "HTXSNV"]]}).getvalue()
    response = upload(client, data)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/nhap/{job.pk}/")
    assert job.status == "ready"
    assert not Person.objects.filter(id_number="001085000001").exists()  # preview only
    body = client.get(response["Location"]).content.decode()
    assert "Các thay đổi sẽ được ghi" in body and "Xác nhận nhập" in body
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "trang-thai-nhap" in partial
    client.post(reverse("history:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done"
    assert PersonRating.objects.get(person__id_number="001085000001").rating == "HTXSNV"
    assert Action.objects.filter(verb="history.import", target_id=str(job.pk)).exists()
    assert not list(import_dir.iterdir())  # the uploaded file is discarded


def test_upload_errors_are_listed_and_nothing_is_written(cast, client_for, import_dir):
    client = client_for(cast.officer_a)
    data = book({"Nhân sự": [PEOPLE_HEADER, person("001085000001"),
                             person("079085000002", unit="STP-79-VP")]}).getvalue()
    response = client.get(upload(client, data)["Location"])
    body = response.content.decode()
    assert "Nhân sự!3: Mã đơn vị — Đơn vị STP-79-VP nằm ngoài phạm vi được nhập." in body
    assert "không có dữ liệu nào được ghi" in body
    assert ImportJob.objects.get().status == "invalid"
    assert not Person.objects.filter(id_number="001085000001").exists()


def test_upload_checks_extension_size_and_content(cast, client_for, import_dir, settings):
    client = client_for(cast.officer_a)
    body = upload(client, b"a,b", name="ho-so.csv").content.decode()
    assert "Chỉ nhận tệp Excel định dạng .xlsx." in body
    body = upload(client, b"not excel", name="ho-so.xlsx").content.decode()
    assert "Tệp không phải tệp Excel .xlsx hợp lệ." in body
    settings.MAX_UPLOAD_BYTES = 10
    body = upload(client, b"PK\x03\x04" + b"0" * 100).content.decode()
    assert "Tệp quá lớn" in body
    assert not ImportJob.objects.exists()


def test_an_upload_left_unconfirmed_expires_and_its_file_is_deleted(
    cast, client_for, import_dir
):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    client = client_for(cast.officer_a)
    data = book({"Nhân sự": [PEOPLE_HEADER, person("001085000001")]}).getvalue()
    location = upload(client, data)["Location"]
    job = ImportJob.objects.get()
    assert job.status == "ready" and len(list(import_dir.iterdir())) == 1
    call_command("expire_imports")  # a fresh upload is kept
    job.refresh_from_db()
    assert job.status == "ready" and len(list(import_dir.iterdir())) == 1
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    call_command("expire_imports")
    job.refresh_from_db()
    assert job.status == "expired" and not list(import_dir.iterdir())
    body = client.get(location).content.decode()
    assert "tệp đã bị xóa" in body and "Xác nhận nhập" not in body
    client.post(reverse("history:import_confirm", args=[job.pk]))
    assert not Person.objects.filter(id_number="001085000001").exists()


def test_someone_elses_import_job_is_404(cast, client_for, import_dir):
    job = ImportJob.objects.create(created_by=cast.officer_b, file_name="b.xlsx", status="ready")
    client = client_for(cast.officer_a)
    assert client.get(reverse("history:import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("history:import_confirm", args=[job.pk])).status_code == 404


def test_export_is_limited_to_scope_and_template_is_blank(cast, client_for):
    fill_history(cast.person_a, [2024])
    fill_history(cast.person_b, [2024])
    client = client_for(cast.officer_a)
    response = client.get(reverse("history:export"), {"unit_code": "", "years": "2016-2025"})
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    ids = [r[0] for r in workbook["Nhân sự"].iter_rows(min_row=2, values_only=True)]
    assert cast.person_a.id_number in ids and cast.person_b.id_number not in ids
    response = client.get(reverse("history:export"), {"unit_code": "STP-79"})
    assert "Không có đơn vị mã STP-79 trong phạm vi của bạn." in response.content.decode()
    template = client.get(reverse("history:template"))
    workbook = load_workbook(io.BytesIO(b"".join(template.streaming_content)), read_only=True)
    assert workbook.sheetnames[:6] == ["Nhân sự", "Xếp loại", "Danh hiệu", "Khen thưởng",
                                       "Sáng kiến", "Kỷ luật"]
    assert len(list(workbook["Nhân sự"].iter_rows(values_only=True))) == 1


def test_only_roles_that_may_import_see_the_excel_area_in_the_menu(cast, client_for):
    home = reverse("core:home")
    assert "Nhập, xuất hồ sơ Excel" in client_for(cast.officer_a).get(home).content.decode()
    assert "Nhập, xuất hồ sơ Excel" not in client_for(cast.staff_a).get(home).content.decode()
    assert client_for(cast.staff_a).get(reverse("history:import_upload")).status_code == 403
