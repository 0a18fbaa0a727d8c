"""Template replacement (validated, versioned, audited), bulk jobs, permissions."""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tdkt.audit.models import Action
from tdkt.documents import services, word
from tdkt.documents.models import DocumentTemplate, GenerationJob

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(content: bytes, name="mau.docx"):
    return SimpleUploadedFile(name, content, content_type=DOCX)


def customised_decision() -> bytes:
    """The default decision template with an extra line naming a known field."""
    document = docx.Document(str(word.default_template("decision")))
    document.add_paragraph("Mẫu của Bộ – số {{ number }}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def broken_jinja() -> bytes:
    document = docx.Document(str(word.default_template("decision")))
    document.add_paragraph("{{ truong_khong_co }} {% if %}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_admin_uploads_a_new_version_used_for_rendering(cast, client_for, decision):
    dec, _ = decision
    client = client_for(cast.admin)
    response = client.post(reverse("documents:templates"), {
        "kind": "decision", "file": upload(customised_decision()), "note": "Mẫu 2026"})
    assert response.status_code == 302
    row = DocumentTemplate.objects.get()
    assert (row.version, row.active, row.uploaded_by) == (1, True, cast.admin)
    assert Action.objects.filter(verb="document_template.upload").exists()
    content = client.get(reverse("documents:decision_docx", args=[dec.pk])).content
    lines = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    assert f"Mẫu của Bộ – số 0{dec.number}" in lines
    # back to the bundled default, then reuse version 1
    client.post(reverse("documents:template_reset", args=["decision"]))
    assert not DocumentTemplate.objects.filter(active=True).exists()
    client.post(reverse("documents:template_activate", args=[row.pk]))
    assert DocumentTemplate.objects.get().active
    page = client.get(reverse("documents:templates")).content.decode()
    assert "(đang dùng)" in page and "Mẫu 2026" in page


@pytest.mark.parametrize("content,message", [
    (b"day khong phai tep word", "không phải tệp Word (.docx) hợp lệ"),
    (None, "tạo thử văn bản với dữ liệu mẫu bị lỗi"),
])
def test_broken_template_is_refused_and_the_active_one_kept(cast, client_for, content,
                                                            message):
    client = client_for(cast.admin)
    client.post(reverse("documents:templates"), {
        "kind": "decision", "file": upload(customised_decision())})
    active = DocumentTemplate.objects.get(active=True)
    response = client.post(reverse("documents:templates"), {
        "kind": "decision", "file": upload(content or broken_jinja())})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Mẫu đang dùng được giữ nguyên" in response.content.decode() or content
    assert DocumentTemplate.objects.get(active=True) == active
    assert DocumentTemplate.objects.count() == 1


def test_every_bundled_template_renders_its_sample():
    for kind in ("decision", "submission", "minutes", "report_individual",
                 "report_collective"):
        services.validate_template(kind, word.default_template(kind).read_bytes())


def test_only_administrators_manage_templates(cast, client_for, dept):
    for user in (cast.officer_a, dept):
        client = client_for(user)
        assert client.get(reverse("documents:templates")).status_code == 403
        assert client.post(reverse("documents:templates"), {
            "kind": "decision", "file": upload(customised_decision())}).status_code == 403
    assert not DocumentTemplate.objects.exists()


def test_bulk_job_builds_a_zip_with_progress(decision, dept, client_for,
                                             django_capture_on_commit_callbacks):
    dec, awardees = decision
    client = client_for(dept)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:decision_job", args=[dec.pk]),
                               {"kind": "certificates", "mode": "full"})
    job = GenerationJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("documents:job",
                                                                   args=[job.pk])
    assert (job.status, job.processed, job.total) == ("done", len(awardees), len(awardees))
    partial = client.get(reverse("documents:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "<progress" in partial.content.decode() and "<html" not in partial.content.decode()
    archive = zipfile.ZipFile(io.BytesIO(
        client.get(reverse("documents:job_download", args=[job.pk])).content))
    names = archive.namelist()
    assert any(n.endswith(".docx") for n in names)
    assert "Quyet dinh 01-QĐ-BTP.pdf" in names  # the decision as PDF too (issue 15)
    pdfs = [n for n in names if n.endswith(".pdf") and not n.startswith("Quyet dinh")]
    assert len(pdfs) == 2  # one per proposing unit (STP-01, STP-79)
    assert all(archive.read(n).startswith(b"%PDF") for n in pdfs)


def test_bulk_reports_job_and_scoping_of_jobs(decision, cast, client_for,
                                              django_capture_on_commit_callbacks):
    dec, awardees = decision
    client = client_for(cast.officer_a)
    # officer A sees the Ministry decision through the awardees of unit A only
    assert client.get(reverse("documents:decision", args=[dec.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:decision_job", args=[dec.pk]),
                    {"kind": "reports", "mode": "full"})
    job = GenerationJob.objects.get()
    assert job.status == "done" and job.total == 3  # two people and the collective of A
    archive = zipfile.ZipFile(io.BytesIO(
        client.get(reverse("documents:job_download", args=[job.pk])).content))
    assert len([n for n in archive.namelist() if "Bao cao thanh tich" in n]) == 3
    other = client_for(cast.officer_b)
    assert other.get(reverse("documents:job", args=[job.pk])).status_code == 404
    assert other.get(reverse("documents:job_download", args=[job.pk])).status_code == 404


def test_scope_rules_of_the_document_pages(decision, cast, client_for):
    from tests.documents.helpers import make_decision

    dec_b, awardees_b = make_decision(issuer_code="STP-79", people=[cast.person_b],
                                      award="giay_khen", issuer_title="Giám đốc Sở Tư pháp")
    officer = client_for(cast.officer_a)
    for name, args in (("documents:decision", [dec_b.pk]),
                       ("documents:decision_docx", [dec_b.pk]),
                       ("documents:decision_certificates", [dec_b.pk]),
                       ("documents:awardee_certificate", [awardees_b[0].pk]),
                       ("documents:person_report", [cast.person_b.pk]),
                       ("documents:unit_report", [cast.unit_b.code])):
        assert officer.get(reverse(name, args=args)).status_code == 404, name
    # the Ministry decision shows officer A only unit A's awardees
    dec, awardees = decision
    page = officer.get(reverse("documents:decision", args=[dec.pk])).content.decode()
    assert "Trần Thị Hồng" in page and "Lê Văn Bình" not in page
    # staff may not read a colleague's personal record (not even learn it exists); heads may
    staff = client_for(cast.staff_a)
    assert staff.get(reverse("documents:person_report",
                             args=[cast.person_a.pk])).status_code == 404
    head = client_for(cast.head_a)
    assert head.get(reverse("documents:person_report",
                            args=[cast.person_a.pk])).status_code == 200
    # minutes of the Ministry's council: its members and the department only (404 to a unit)
    from tdkt.nominations.councils import ministry_council
    from tdkt.nominations.models import Meeting

    meeting = Meeting.objects.create(council=ministry_council(2026), year=2026,
                                     title="Phiên họp", held_on=dec.signed_on)
    assert officer.get(reverse("documents:minutes_docx", args=[meeting.pk])).status_code == 404


def test_pages_render_with_empty_states(cast, client_for):
    client = client_for(cast.officer_a)
    page = client.get(reverse("documents:index")).content.decode()
    assert "Chưa có quyết định khen thưởng nào" in page
    assert "Nhập tên cán bộ" in client.get(reverse("documents:reports")).content.decode()
    found = client.get(reverse("documents:reports"), {"q": "Trần Thị Hồng"}).content.decode()
    assert "Trần Thị Hồng" in found
