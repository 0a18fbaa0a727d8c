"""Inspections pages: each side sees and does only its own part; another unit gets 404;
lists stay a few queries; the .docx documents open."""

import io

import pytest
from django.urls import reverse
from docx import Document

from tdkt.accounts.models import Role
from tdkt.inspections import services
from tdkt.inspections.models import ActionStatus, InspectionStatus, ItemKind
from tests.factories import make_user

from .helpers import answers, concluded, make_inspection, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept(db):
    return make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")


def _urls(inspection):
    action = inspection.actions.first()
    urls = [reverse(name, args=[inspection.pk]) for name in (
        "inspections:detail", "inspections:self", "inspections:team", "inspections:findings",
        "inspections:minutes_docx", "inspections:conclusion_docx")]
    urls.append(reverse("inspections:plan", args=[inspection.plan_id]))
    if action:
        urls.append(reverse("inspections:action", args=[action.pk]))
    return urls


def test_another_units_officer_gets_404_everywhere(cast, dept, client_for):
    inspection = concluded(dept, cast.officer_a)
    action = inspection.actions.get()
    services.submit_evidence(cast.officer_a, action, report="x", files=[pdf()])
    evidence = action.evidence.get()
    client = client_for(cast.officer_b)
    for url in [*_urls(inspection), reverse("inspections:evidence", args=[evidence.pk])]:
        assert client.get(url).status_code == 404, url
    # and its writes too
    assert client.post(reverse("inspections:action", args=[action.pk]),
                       {"buoc": "nghiem-thu"}).status_code == 404
    assert client.post(reverse("inspections:conclude", args=[inspection.pk]),
                       {}).status_code == 404
    body = client.get(reverse("inspections:index")).content.decode()
    assert "Sở Tư pháp thành phố Hà Nội" not in body
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED


def test_inspected_unit_sees_its_own_but_cannot_act_as_inspector(cast, dept, client_for):
    inspection = concluded(dept, cast.officer_a)
    action = inspection.actions.get()
    client = client_for(cast.officer_a)
    assert client.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 200
    assert client.get(reverse("inspections:team", args=[inspection.pk])).status_code == 403
    assert client.get(reverse("inspections:findings", args=[inspection.pk])).status_code == 403
    services.submit_evidence(cast.officer_a, action, report="x")
    response = client.post(reverse("inspections:action", args=[action.pk]),
                           {"buoc": "nghiem-thu", "note": ""})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED
    # a read-only head of the unit reads, does not write
    head = client_for(cast.head_a)
    assert head.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 200
    assert head.get(reverse("inspections:self", args=[inspection.pk])).status_code == 403
    # staff of the unit do not open inspection files (evidence names colleagues)
    staff = client_for(cast.staff_a)
    assert staff.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 404
    assert staff.get(reverse("inspections:action", args=[action.pk])).status_code == 404


def test_checklist_templates_are_for_the_department(cast, dept, client_for):
    client = client_for(cast.officer_a)
    assert client.get(reverse("inspections:templates")).status_code == 403
    body = client_for(dept).get(reverse("inspections:templates")).content.decode()
    assert "Bộ tiêu chí kiểm tra công tác thi đua, khen thưởng" in body


def test_self_inspection_form_saves_and_sends_with_evidence(cast, dept, client_for):
    inspection = make_inspection(dept)
    items = list(inspection.template.items.all())
    data = {"gui": "1", "self_summary": "Hoàn thành"}
    for item in items:
        if item.kind == ItemKind.SCORE:
            data[f"tu_diem_{item.pk}"] = "8,5"
        else:
            data[f"tu_dat_{item.pk}"] = "1"
    data[f"tu_tep_{items[0].pk}"] = pdf()
    client = client_for(cast.officer_a)
    response = client.post(reverse("inspections:self", args=[inspection.pk]), data)
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SELF_DONE
    assert inspection.results.filter(side="self", points=8.5).count() == 9
    # a renamed non-PDF is refused in Vietnamese and nothing changes
    other = make_inspection(dept, unit_code="STP-79")
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("gia.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client_for(cast.officer_b).post(
        reverse("inspections:self", args=[other.pk]),
        {f"tu_tep_{items[0].pk}": fake, f"tu_diem_{items[0].pk}": "5"}, follow=True)
    assert "không đúng định dạng" in response.content.decode()
    assert not other.results.exists() and not other.evidence.exists()


def test_team_page_shows_the_self_assessment_beside_each_item(cast, dept, client_for):
    inspection = make_inspection(dept)
    services.save_self_assessment(cast.officer_a, inspection,
                                  answers=answers(inspection, "6", note="Có kế hoạch số 5"),
                                  submit=True)
    body = client_for(dept).get(reverse("inspections:team", args=[inspection.pk])).content
    body = body.decode()
    assert "Có kế hoạch số 5" in body and "Đơn vị tự kiểm tra" in body
    assert 'name="doan_diem_' in body


def test_plan_and_inspection_through_the_forms(cast, dept, client_for):
    client = client_for(dept)
    response = client.post(reverse("inspections:plan_create"), {
        "issuing_unit": dept.role_assignments.get().unit_id, "year": "2026",
        "title": "Kế hoạch kiểm tra năm 2026"})
    assert response.status_code == 302
    plan_url = response["Location"]
    template = services.default_template()
    response = client.post(plan_url, {
        "unit_code": "stp-01", "template": template.pk, "starts_on": "10/06/2026",
        "ends_on": "05/06/2026", "content": "Nội dung", "lead_name": "Nguyễn Văn A"})
    assert "Ngày kết thúc kiểm tra phải sau ngày bắt đầu." in response.content.decode()
    response = client.post(plan_url, {
        "unit_code": "KHONG-CO", "template": template.pk, "starts_on": "10/06/2026",
        "ends_on": "12/06/2026", "content": "Nội dung", "lead_name": "Nguyễn Văn A"})
    assert "Không có đơn vị mã" in response.content.decode()
    response = client.post(plan_url, {
        "unit_code": "stp-01", "template": template.pk, "starts_on": "10/06/2026",
        "ends_on": "12/06/2026", "content": "Nội dung", "lead_name": "Nguyễn Văn A"})
    assert response.status_code == 302
    assert cast.unit_a.inspections.count() == 1
    # the unit officer cannot plan for the Ministry (its form offers only its own unit)
    response = client_for(cast.officer_a).post(reverse("inspections:plan_create"), {
        "issuing_unit": dept.role_assignments.get().unit_id, "year": "2026", "title": "x"})
    assert response.status_code == 200
    assert "Bạn không lập kế hoạch kiểm tra cho đơn vị này." in response.content.decode()


def test_index_and_unit_page_stay_a_few_queries(cast, dept, client_for,
                                               django_assert_max_num_queries):
    concluded(dept, cast.officer_a)
    client = client_for(dept)
    client.get(reverse("inspections:index"))
    with django_assert_max_num_queries(14) as one:
        client.get(reverse("inspections:index"))
    for code in ("STP-04", "STP-08", "STP-11"):
        concluded(dept, dept, unit_code=code)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("inspections:index")).status_code == 200
    body = client_for(cast.officer_a).get(reverse("organisation:unit", args=["STP-01"]))
    text = body.content.decode()
    assert "Kiểm tra công tác thi đua, khen thưởng" in text
    assert "Bổ sung biên bản họp Hội đồng vào hồ sơ" in text


def test_minutes_and_conclusion_open_as_word_documents(cast, dept, client_for):
    inspection = concluded(dept, cast.officer_a)
    client = client_for(cast.officer_a)
    minutes = client.get(reverse("inspections:minutes_docx", args=[inspection.pk]))
    doc = Document(io.BytesIO(minutes.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BIÊN BẢN KIỂM TRA" in text and "tại Sở Tư pháp thành phố Hà Nội" in text
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any(c.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for c in cells)
    assert "T1" in cells and "Đơn vị tự chấm" in cells
    assert any("63/90 điểm" in c for c in cells)  # 9 score items × 7 of 10
    conclusion = client.get(reverse("inspections:conclusion_docx", args=[inspection.pk]))
    doc = Document(io.BytesIO(conclusion.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "KẾT LUẬN KIỂM TRA" in text and "Hồ sơ khen thưởng năm 2025 thiếu" in text
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "Số: 12/KL-BTP" in " ".join(cells)
    assert "30/06/2026" in cells and any("Nơi nhận" in c for c in cells)


def test_documents_wait_for_the_team(cast, dept, client_for):
    inspection = make_inspection(dept)
    response = client_for(dept).get(reverse("inspections:minutes_docx", args=[inspection.pk]))
    assert response.status_code == 302



def test_detail_page_queries_do_not_grow_with_findings(cast, dept, client_for,
                                                       django_assert_max_num_queries):
    inspection = concluded(dept, cast.officer_a)
    client = client_for(dept)
    url = reverse("inspections:detail", args=[inspection.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    from tdkt.inspections.models import CorrectiveAction, Finding

    for n in range(5):
        finding = Finding.objects.create(inspection=inspection, order=n + 2, text=f"Tồn tại {n}")
        CorrectiveAction.objects.create(finding=finding, inspection=inspection,
                                        owner_unit=cast.unit_a, description=f"Khắc phục {n}",
                                        due_on=inspection.concluded_on)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert "Khắc phục 4" in body


def test_department_makes_a_new_checklist_version_through_the_page(cast, dept, client_for):
    inspection = make_inspection(dept)
    client = client_for(dept)
    url = reverse("inspections:template", args=[inspection.template_id])
    body = client.post(url, {"buoc": "them", "code": "K8", "text": "Mới", "kind": "score",
                             "max_points": "5", "weight": "1"}, follow=True).content.decode()
    assert "không sửa được" in body
    response = client.post(url, {"buoc": "phien-ban"})
    assert response.status_code == 302
    new_url = response["Location"]
    body = client.post(new_url, {"buoc": "them", "code": "K8", "text": "Mới", "kind": "score",
                                 "max_points": "", "weight": "1"}).content.decode()
    assert "Tiêu chí chấm điểm cần điểm tối đa lớn hơn 0." in body
    client.post(new_url, {"buoc": "them", "code": "K8", "text": "Tiêu chí mới", "kind": "score",
                          "max_points": "5", "weight": "2"})
    assert "Tiêu chí mới" in client.get(new_url).content.decode()
    assert not inspection.template.items.filter(code="K8").exists()


def test_inspector_moves_the_dates_before_the_visit_and_the_unit_is_told(cast, dept,
                                                                         client_for):
    from tdkt.notifications.models import Notification

    inspection = make_inspection(dept)
    url = reverse("inspections:edit", args=[inspection.pk])
    assert client_for(cast.officer_a).get(url).status_code == 403
    assert client_for(cast.officer_b).get(url).status_code == 404
    client = client_for(dept)
    data = {"starts_on": "20/05/2026", "ends_on": "21/05/2026", "self_due_on": "25/05/2026",
            "content": "Nội dung mới", "lead_name": "Lê Văn Mới", "members": ""}
    assert "Hạn gửi tự kiểm tra phải trước" in client.post(url, data).content.decode()
    data["self_due_on"] = "10/05/2026"
    assert client.post(url, data).status_code == 302
    inspection.refresh_from_db()
    assert inspection.starts_on.day == 20 and inspection.lead_name == "Lê Văn Mới"
    assert Notification.objects.filter(unit=cast.unit_a, message__contains="20/05/2026").exists()
    services.save_team_scores(dept, inspection, answers=answers(inspection),
                              inspected_on=inspection.starts_on)
    response = client.post(url, {**data, "content": "Khác"})
    assert "không sửa kế hoạch" in response.content.decode()


def test_conclusion_says_when_the_unit_sent_no_self_inspection(cast, dept):
    from tdkt.inspections import docs

    inspection = make_inspection(dept)
    services.save_team_scores(dept, inspection, answers=answers(inspection, "8"),
                              inspected_on=inspection.starts_on)
    services.conclude(dept, inspection, conclusion="Tốt", concluded_on=inspection.ends_on)
    inspection.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(docs.conclusion(inspection))).paragraphs)
    assert "đơn vị không gửi kết quả tự kiểm tra" in text
    assert "báo cáo tự kiểm tra của đơn vị" not in text
    assert "72/90 điểm (80,0%)" in text
