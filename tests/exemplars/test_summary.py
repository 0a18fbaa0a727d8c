"""The summary record (báo cáo tổng kết điển hình): text, evidence and captioned photos, the
figures from the records, the two approvals with return-for-changes, the .docx, and the photos
of the public story."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tdkt.accounts.models import Role
from tdkt.audit.models import Action
from tdkt.exemplars import services, summary
from tdkt.exemplars.models import Evidence, EvidenceKind, Status, SummaryStatus
from tests.exemplars.helpers import exemplar
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(width=40, height=30, color=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (3000, 2000), (20, 120, 60))
    exif = Image.Exif()
    exif[0x010E] = "GPS and camera details"  # ImageDescription
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def dept(db):
    return make_user("dept_user", Role.EMULATION_DEPT, "BTP")


def accepted(cast, **extra):
    ex = exemplar(cast.unit_a, **extra)
    ex.status = Status.ACCEPTED
    ex.save()
    return ex


def person_with_history(cast):
    from tdkt.history.models import AwardType, Initiative, PersonAward, PersonTitle

    cstd = AwardType.objects.get(code="chien_si_thi_dua_co_so")
    gk = AwardType.objects.filter(kind="form", level="co_so").first()
    for year in (2023, 2024, 2025):
        PersonTitle.objects.create(person=cast.person_a, year=year, award=cstd,
                                   decision_number=f"{year - 2000}/QĐ-STP")
    PersonTitle.objects.create(person=cast.person_a, year=2015, award=cstd)  # before the period
    PersonAward.objects.create(person=cast.person_a, year=2024, award=gk,
                               decision_number="88/QĐ-STP", issuer="Giám đốc Sở Tư pháp")
    Initiative.objects.create(person=cast.person_a, year=2024, title="Số hóa sổ hộ tịch",
                              scope="co_so", decision_number="12/QĐ-STP")
    return gk


def written(cast, **extra):
    ex = accepted(cast, **extra)
    s = summary.save_summary(cast.officer_a, ex, achievement="Giải quyết 100% hồ sơ đúng hạn.",
                             lessons="Lãnh đạo sát sao.\nỨng dụng công nghệ thông tin.",
                             replication="Có thể áp dụng tại các Phòng Tư pháp.")
    return ex, s


# --- figures from the records ----------------------------------------------------------------

def test_figures_are_pulled_from_the_persons_history_over_five_years(cast):
    gk = person_with_history(cast)
    ex = accepted(cast, kind="person", name=cast.person_a.full_name, person=cast.person_a,
                  year=2025)
    fig = summary.figures_for(ex)
    assert (fig["first"], fig["last"]) == (2021, 2025)
    assert [(t["year"], t["decision"]) for t in fig["titles"]] == [
        (2023, "Quyết định số 23/QĐ-STP"), (2024, "Quyết định số 24/QĐ-STP"),
        (2025, "Quyết định số 25/QĐ-STP")]  # 2015 is outside the period
    assert [(a["year"], a["name"]) for a in fig["awards"]] == [(2024, gk.name)]
    assert fig["awards"][0]["decision"] == "Quyết định số 88/QĐ-STP của Giám đốc Sở Tư pháp"
    assert [(i["year"], i["name"], i["scope"]) for i in fig["initiatives"]] == [
        (2024, "Số hóa sổ hộ tịch", "cơ sở")]


def test_figures_of_a_collective_are_its_own_titles_and_awards(cast):
    from tdkt.history.models import AwardType, UnitTitle

    ttl = AwardType.objects.get(code="tap_the_lao_dong_xuat_sac")
    UnitTitle.objects.create(unit=cast.unit_a, year=2024, award=ttl, decision_number="5/QĐ-BTP")
    UnitTitle.objects.create(unit=cast.unit_b, year=2024, award=ttl)  # another unit
    ex = accepted(cast, year=2025)
    fig = summary.figures_for(ex)
    assert [(t["year"], t["name"]) for t in fig["titles"]] == [(2024, ttl.name)]


def test_person_exemplar_without_a_staff_record_says_so(cast):
    ex = accepted(cast, kind="person", name="Người dân A", person=None)
    assert "chưa gắn với hồ sơ cán bộ" in summary.figures_for(ex)["note"]


# --- the two approvals -------------------------------------------------------------------------

def test_head_then_department_approve_each_step_audited_and_figures_frozen(cast, dept):
    person_with_history(cast)
    ex, s = written(cast, kind="person", name=cast.person_a.full_name, person=cast.person_a)
    with pytest.raises(ValidationError):
        summary.head_approve(cast.head_a, s)  # not submitted yet
    s = summary.submit(cast.officer_a, s)
    assert s.status == SummaryStatus.AT_HEAD and len(s.figures["titles"]) == 3
    with pytest.raises(ValidationError):
        summary.save_summary(cast.officer_a, ex, achievement="x", lessons="y")  # locked
    with pytest.raises(ValidationError):
        summary.dept_approve(dept, s)  # the head comes first
    with pytest.raises(PermissionDenied):
        summary.head_approve(dept, s)  # the department is not the unit head
    s = summary.head_approve(cast.head_a, s)
    assert s.status == SummaryStatus.AT_DEPT and s.head_approved_by == cast.head_a
    with pytest.raises(PermissionDenied):
        summary.dept_approve(cast.head_a, s)
    s = summary.dept_approve(dept, s)
    assert s.status == SummaryStatus.APPROVED and s.document.name.endswith(".docx")
    verbs = list(Action.objects.filter(target_type="exemplars.exemplar")
                 .order_by("pk").values_list("verb", flat=True))
    assert verbs == ["exemplar.summary_save", "exemplar.summary_submit",
                     "exemplar.summary_head_approve", "exemplar.summary_approve"]


def test_return_for_changes_at_either_step_needs_a_reason_and_reopens_editing(cast, dept):
    ex, s = written(cast)
    s = summary.submit(cast.officer_a, s)
    with pytest.raises(ValidationError):
        summary.return_for_changes(cast.head_a, s, note="  ")
    with pytest.raises(PermissionDenied):
        summary.return_for_changes(dept, s, note="Bổ sung")  # step 1 belongs to the head
    s = summary.return_for_changes(cast.head_a, s, note="Bổ sung số liệu năm 2024")
    assert s.status == SummaryStatus.RETURNED and s.return_note == "Bổ sung số liệu năm 2024"
    summary.save_summary(cast.officer_a, ex, achievement="Đã bổ sung.", lessons="Bài học.")
    s = summary.head_approve(cast.head_a, summary.submit(cast.officer_a, s))
    with pytest.raises(PermissionDenied):
        summary.return_for_changes(cast.head_a, s, note="Đổi ý")  # step 2 is the department's
    s = summary.return_for_changes(dept, s, note="Thiếu ảnh minh họa")
    assert s.status == SummaryStatus.RETURNED and s.head_approved_at is None
    assert Action.objects.filter(verb="exemplar.summary_return").count() == 2


def test_officer_or_head_of_another_unit_cannot_write_approve_or_return(cast, dept):
    ex, s = written(cast)
    with pytest.raises(PermissionDenied):
        summary.save_summary(cast.officer_b, ex, achievement="x", lessons="y")
    with pytest.raises(PermissionDenied):
        summary.submit(cast.officer_b, s)
    s = summary.submit(cast.officer_a, s)
    head_b = make_user("head_b", Role.UNIT_HEAD, "STP-79")
    with pytest.raises(PermissionDenied):
        summary.head_approve(head_b, s)
    with pytest.raises(PermissionDenied):
        summary.head_approve(cast.officer_a, s)  # the officer is not the head
    with pytest.raises(PermissionDenied):
        summary.return_for_changes(head_b, s, note="x")
    dept_b = make_user("dept_b", Role.EMULATION_DEPT, "STP-79")  # a department role elsewhere
    summary.head_approve(cast.head_a, s)
    with pytest.raises(PermissionDenied):
        summary.dept_approve(dept_b, s)
    s.refresh_from_db()
    assert s.status == SummaryStatus.AT_DEPT


def test_summary_needs_an_accepted_exemplar_and_both_texts(cast):
    ex = exemplar(cast.unit_a)  # proposed, not accepted
    with pytest.raises(ValidationError):
        summary.save_summary(cast.officer_a, ex, achievement="a", lessons="b")
    services.decide(cast.officer_a, ex, accept=True)
    with pytest.raises(ValidationError) as err:
        summary.save_summary(cast.officer_a, ex, achievement="a", lessons=" ")
    assert "bài học" in str(err.value)


# --- evidence and photos -----------------------------------------------------------------------

def test_photos_are_validated_as_images_re_encoded_and_need_a_caption(cast):
    ex = accepted(cast)
    with pytest.raises(ValidationError):
        summary.add_evidence(cast.officer_a, ex, upload=upload("a.png", png()), kind="photo")
    with pytest.raises(ValidationError):  # an executable renamed .jpg
        summary.add_evidence(cast.officer_a, ex, upload=upload("x.jpg", b"MZ\x90\x00" * 50),
                             kind="photo", caption="Ảnh")
    with pytest.raises(ValidationError):  # a PDF is evidence, not a photo
        summary.add_evidence(cast.officer_a, ex, upload=upload("x.pdf", b"%PDF-1.4 x"),
                             kind="photo", caption="Ảnh")
    item = summary.add_evidence(cast.officer_a, ex, upload=upload("big.jpg", jpeg_with_exif()),
                                kind="photo", caption="Trao đổi nghiệp vụ", public=True)
    from PIL import Image

    with item.file.open("rb") as fh, Image.open(fh) as image:
        assert max(image.size) == summary.PHOTO_MAX_PX
        assert not image.getexif()  # no camera or location details kept
    assert item.public and item.caption == "Trao đổi nghiệp vụ"
    assert Action.objects.filter(verb="exemplar.evidence_add").count() == 1


def test_files_are_never_public_and_evidence_freezes_once_submitted(cast):
    ex, s = written(cast)
    item = summary.add_evidence(cast.officer_a, ex, upload=upload("bien-ban.png", png()),
                                kind="file", caption="Biên bản", public=True)
    assert item.public is False
    summary.submit(cast.officer_a, s)
    with pytest.raises(ValidationError):
        summary.add_evidence(cast.officer_a, ex, upload=upload("b.png", png()), kind="photo",
                             caption="Ảnh")
    with pytest.raises(ValidationError):
        summary.remove_evidence(cast.officer_a, item)
    with pytest.raises(PermissionDenied):
        summary.add_evidence(cast.officer_b, ex, upload=upload("b.png", png()), kind="photo",
                             caption="Ảnh")


# --- the .docx ---------------------------------------------------------------------------------

def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read("word/document.xml").decode()


def test_docx_has_the_header_texts_figures_and_photos_with_captions(cast, dept):
    from tdkt.exemplars.summary_docx import build

    person_with_history(cast)
    ex, s = written(cast, kind="person", name=cast.person_a.full_name, person=cast.person_a,
                    title="Cán bộ hộ tịch tận tụy")
    summary.add_evidence(cast.officer_a, ex, upload=upload("p1.png", png(800, 600)),
                         kind="photo", caption="Tiếp công dân tại bộ phận một cửa")
    summary.add_evidence(cast.officer_a, ex, upload=upload("p2.jpg", jpeg_with_exif()),
                         kind="photo", caption="Hướng dẫn đồng nghiệp số hóa sổ hộ tịch")
    summary.add_evidence(cast.officer_a, ex, upload=upload("p3.png", png(600, 900, (0, 0, 200))),
                         kind="photo", caption="Ảnh dọc: nhận giấy khen")
    summary.add_evidence(cast.officer_a, ex, upload=upload("qd.png", png()), kind="file",
                         caption="Quyết định công nhận sáng kiến")
    draft = _docx_text(build(s))
    assert "DỰ THẢO" in draft
    s = summary.dept_approve(dept, summary.head_approve(cast.head_a,
                                                        summary.submit(cast.officer_a, s)))
    with s.document.open("rb") as fh:
        content = fh.read()
    if os.environ.get("TDKT_DUMP_DOCX"):
        with open(os.environ["TDKT_DUMP_DOCX"], "wb") as out:
            out.write(content)
    xml = _docx_text(content)
    assert "DỰ THẢO" not in xml
    for text in ("SỞ TƯ PHÁP", "BÁO CÁO TỔNG KẾT ĐIỂN HÌNH TIÊN TIẾN", "Cán bộ hộ tịch tận tụy",
                 "Giải quyết 100% hồ sơ đúng hạn.", "Ứng dụng công nghệ thông tin.",
                 "Quyết định số 24/QĐ-STP", "Số hóa sổ hộ tịch",
                 "Ảnh 1. Tiếp công dân tại bộ phận một cửa",
                 "Ảnh 2. Hướng dẫn đồng nghiệp số hóa sổ hộ tịch",
                 "Quyết định công nhận sáng kiến", "Vụ Tổ chức cán bộ phê duyệt ngày"):
        assert text in xml, text
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 3


def test_user_text_in_the_docx_is_never_template_code(cast):
    from tdkt.exemplars.summary_docx import build

    ex, s = written(cast, title="{{ 7*7 }} {% if 1 %}x{% endif %}")
    xml = _docx_text(build(s))
    assert "{{ 7*7 }}" in xml and "49" not in xml.split("{{ 7*7 }}")[0][-5:]


# --- views ---------------------------------------------------------------------------------------

def test_summary_pages_flow_through_the_views(cast, dept, client_for):
    ex = accepted(cast)
    c = client_for(cast.officer_a)
    url = reverse("exemplars:summary", args=[ex.pk])
    resp = c.post(url, {"action": "save", "achievement": "Thành tích nổi bật.",
                        "lessons": "Bài học kinh nghiệm.", "replication": ""})
    assert resp.status_code == 302
    resp = c.post(url, {"action": "evidence", "kind": "photo", "caption": "Ảnh hội nghị",
                        "public": "on", "file": upload("a.png", png())})
    assert resp.status_code == 302 and ex.evidence.count() == 1
    assert c.post(url, {"action": "submit"}).status_code == 302
    docx = c.get(reverse("exemplars:summary_docx", args=[ex.pk]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    page = c.get(reverse("exemplars:detail", args=[ex.pk])).content.decode()
    assert "Chờ thủ trưởng đơn vị duyệt" in page
    resp = client_for(cast.head_a).post(url, {"action": "head_approve"})
    assert resp.status_code == 302
    resp = client_for(dept).post(url, {"action": "approve"})
    assert resp.status_code == 302
    ex.summary.refresh_from_db()
    assert ex.summary.status == SummaryStatus.APPROVED


def test_other_units_officer_cannot_reach_summary_or_evidence(cast, client_for):
    ex, s = written(cast)
    item = summary.add_evidence(cast.officer_a, ex, upload=upload("a.png", png()), kind="photo",
                                caption="Ảnh")
    c = client_for(cast.officer_b)
    assert c.post(reverse("exemplars:summary", args=[ex.pk]),
                  {"action": "submit"}).status_code == 404
    assert c.get(reverse("exemplars:summary_docx", args=[ex.pk])).status_code == 404
    assert c.get(reverse("exemplars:evidence", args=[ex.pk, item.pk])).status_code == 404
    s.refresh_from_db()
    assert s.status == SummaryStatus.DRAFT


# --- public photos -------------------------------------------------------------------------------

def _photo(cast, ex, public=True):
    return summary.add_evidence(cast.officer_a, ex, upload=upload("a.png", png()), kind="photo",
                                caption="Ảnh hoạt động", public=public)


def test_public_photo_only_for_published_consented_exemplars(cast, client):
    ex = accepted(cast, kind="person", name=cast.person_a.full_name, person=cast.person_a)
    photo = _photo(cast, ex)
    hidden = _photo(cast, ex, public=False)
    url = reverse("exemplars_public:photo", args=[ex.pk, photo.pk])
    assert client.get(url).status_code == 404  # not published
    services.publish(cast.officer_a, ex, story="Câu chuyện", consent_publish=False)
    assert client.get(url).status_code == 404  # published, but no consent from the person
    assert "Ảnh hoạt động" not in client.get(
        reverse("exemplars_public:story", args=[ex.pk])).content.decode()
    services.publish(cast.officer_a, ex, story="Câu chuyện", consent_publish=True,
                     consent_note="Đơn đồng ý ngày 02/12/2026")
    resp = client.get(url)
    assert resp.status_code == 200 and resp["Content-Type"] == "image/jpeg"  # re-encoded
    assert resp["X-Content-Type-Options"] == "nosniff"
    story = client.get(reverse("exemplars_public:story", args=[ex.pk])).content.decode()
    assert url in story and "Ảnh hoạt động" in story
    # a photo not chosen for the story, or a photo of another exemplar under this one's URL
    assert client.get(reverse("exemplars_public:photo",
                              args=[ex.pk, hidden.pk])).status_code == 404
    other = accepted(cast)
    foreign = _photo(cast, other)
    assert client.get(reverse("exemplars_public:photo",
                              args=[ex.pk, foreign.pk])).status_code == 404
    services.unpublish(cast.officer_a, ex)
    assert client.get(url).status_code == 404


def test_evidence_files_are_never_served_publicly(cast, client):
    ex = accepted(cast)
    item = summary.add_evidence(cast.officer_a, ex, upload=upload("qd.png", png()), kind="file",
                                caption="Quyết định")
    Evidence.objects.filter(pk=item.pk).update(public=True)  # even if the flag were forced
    services.publish(cast.officer_a, ex, story="Câu chuyện")
    assert client.get(reverse("exemplars_public:photo",
                              args=[ex.pk, item.pk])).status_code == 404
    assert item.kind == EvidenceKind.FILE


# --- home-page tasks -----------------------------------------------------------------------------

def test_home_tasks_for_the_head_the_department_and_the_officer(cast, dept, client_for):
    import datetime

    from tdkt.accounts.scoping import Scope
    from tdkt.exemplars.todo import items

    def titles(user):
        return {i.title: i for i in items(user, Scope(user), datetime.date.today())}

    ex, s = written(cast)
    head_b = make_user("head_b", Role.UNIT_HEAD, "STP-79")
    s = summary.submit(cast.officer_a, s)
    waiting = titles(cast.head_a)["Báo cáo tổng kết điển hình chờ thủ trưởng đơn vị duyệt"]
    assert waiting.count == 1
    assert not any("tổng kết" in t for t in titles(head_b))  # another unit's head
    page = client_for(cast.head_a).get(waiting.link).content.decode()
    assert ex.title in page
    s = summary.head_approve(cast.head_a, s)
    assert "Báo cáo tổng kết điển hình chờ Vụ Tổ chức cán bộ phê duyệt" in titles(dept)
    assert not any("tổng kết" in t for t in titles(cast.head_a))
    summary.return_for_changes(dept, s, note="Bổ sung ảnh")
    assert "Báo cáo tổng kết điển hình bị trả lại, cần chỉnh sửa" in titles(cast.officer_a)
    assert not any("tổng kết" in t for t in titles(cast.officer_b))


def test_docx_of_a_division_names_its_parent_unit(cast):
    from tdkt.exemplars.summary_docx import build
    from tdkt.organisation.models import Unit

    division = Unit.objects.get(code="STP-01-VP")
    ex = exemplar(division, status="accepted")
    s = summary.save_summary(cast.officer_a, ex, achievement="a", lessons="b")
    xml = _docx_text(build(s))
    assert f"Thuộc: {cast.unit_a.name}." in xml and "SỞ TƯ PHÁP" in xml
