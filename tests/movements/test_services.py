"""Movement lifecycle, registration workflow, roll-up, reminders, reviews, history API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tdkt.audit.models import Action
from tdkt.movements import selectors, services
from tdkt.movements.models import (
    MovementStatus,
    RegistrationEvent,
)
from tdkt.notifications.models import Notification
from tdkt.organisation.models import Unit
from tests.core.samples import docx_bytes
from tests.factories import make_person

from .helpers import D, fill, make_movement, registration_of

pytestmark = pytest.mark.django_db


def verbs(obj):
    return list(Action.objects.for_object(obj).order_by("id").values_list("verb", flat=True))


# --- lifecycle ------------------------------------------------------------------------


def test_full_lifecycle_is_enforced_and_audited(dept):
    m = make_movement(dept, launch=False)
    assert m.status == MovementStatus.DRAFT
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.transition(dept, m, MovementStatus.UNDER_WAY)
    services.transition(dept, m, MovementStatus.LAUNCHED, today=D(2026, 1, 5))
    m.refresh_from_db()
    assert m.launched_on == D(2026, 1, 5)
    with pytest.raises(ValidationError):
        services.transition(dept, m, MovementStatus.CLOSED)
    for status in (MovementStatus.UNDER_WAY, MovementStatus.MIDTERM, MovementStatus.FINAL):
        services.transition(dept, m, status)
    with pytest.raises(ValidationError, match="tổng kết"):
        services.transition(dept, m, MovementStatus.CLOSED)
    services.save_review(dept, m, "final", D(2026, 12, 20), "Hoàn thành tốt")
    services.transition(dept, m, MovementStatus.CLOSED)
    m.refresh_from_db()
    assert m.status == MovementStatus.CLOSED and m.next_statuses == ()
    with pytest.raises(ValidationError):
        services.transition(dept, m, MovementStatus.DRAFT)
    assert verbs(m) == [
        "movement.create", "movement.launch", "movement.start", "movement.midterm_review",
        "movement.final_review", "movement.review_final", "movement.close",
    ]


def test_mid_term_review_may_be_skipped(dept):
    m = make_movement(dept)
    services.transition(dept, m, MovementStatus.UNDER_WAY)
    services.transition(dept, m, MovementStatus.FINAL)
    assert m.__class__.objects.get(pk=m.pk).status == MovementStatus.FINAL


def test_launch_needs_objectives_and_notifies_every_unit_in_scope(dept):
    m = make_movement(dept, launch=False)
    m.objectives.all().delete()
    with pytest.raises(ValidationError, match="nội dung thi đua"):
        services.transition(dept, m, MovementStatus.LAUNCHED)
    services.update_movement(dept, m, {}, ["Một nội dung"])
    services.transition(dept, m, MovementStatus.LAUNCHED)
    notes = Notification.objects.filter(key__startswith=f"movement-launch:{m.pk}|",
                                        kind="launch")
    assert sorted(n.unit.code for n in notes) == ["STP-01", "STP-79", "THADS-01"]
    assert "Hạn đăng ký: 31/03/2026" in notes[0].message
    assert notes[0].due_on == D(2026, 3, 31) and notes[0].link == f"/phong-trao/{m.pk}/"


def test_default_scope_of_the_ministry_is_the_sectors_base_units():
    units = {u.code for u in services.default_participants(Unit.objects.get(code="BTP"))}
    assert {"STP-01", "STP-79", "THADS-01", "TCCB", "QLTHADS"} <= units
    assert not {"BTP", "KHOI-STP", "STP-01-VP"} & units


def test_default_scope_below_the_ministry_is_the_direct_children():
    units = {u.code for u in services.default_participants(Unit.objects.get(code="STP-01"))}
    assert "STP-01-VP" in units and all(code.startswith("STP-01-") for code in units)


def test_scope_codes_outside_the_launching_subtree_are_refused(dept, cast):
    with pytest.raises(ValidationError, match="STP-79"):
        make_movement(cast.officer_a, launcher="STP-01", unit_codes=("STP-01-VP", "STP-79"))


def test_after_launch_only_name_theme_end_and_deadline_change(dept):
    m = make_movement(dept)
    services.update_movement(dept, m, {"registration_deadline": D(2026, 4, 30),
                                       "starts_on": D(2026, 2, 1)}, ["Khác"])
    m.refresh_from_db()
    assert m.registration_deadline == D(2026, 4, 30)
    assert m.starts_on == D(2026, 1, 1)
    assert m.objectives.count() == 2


def test_documents_check_type_and_size(dept, media, settings):
    m = make_movement(dept)
    with pytest.raises(ValidationError, match="PDF hoặc Word"):
        services.add_document(dept, m, "plan", "Kế hoạch",
                              SimpleUploadedFile("ke-hoach.exe", b"MZ..."))
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="quá lớn"):
        services.add_document(dept, m, "plan", "Kế hoạch",
                              SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 " + b"x" * 20))
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    content = docx_bytes()
    doc = services.add_document(dept, m, "decision", "Quyết định phát động",
                                SimpleUploadedFile("quyet-dinh.docx", content))
    assert doc.filename == "quyet-dinh.docx" and doc.file.read() == content


# --- registration -----------------------------------------------------------------------


def counts(m):
    return selectors.rollup(m).counts


def test_submit_return_resubmit_approve_keeps_history_and_rollup(dept, cast):
    m = make_movement(dept)
    reg = registration_of(m, "STP-01")
    assert counts(m) == {"not_sent": 3, "submitted": 0, "returned": 0, "approved": 0}
    with pytest.raises(ValidationError, match="ít nhất một chỉ tiêu"):
        services.submit_registration(cast.officer_a, reg)
    fill(cast.officer_a, reg, individuals={cast.person_a.pk: "chien_si_thi_dua_co_so"})
    services.submit_registration(cast.officer_a, reg)
    assert counts(m)["submitted"] == 1 and counts(m)["not_sent"] == 2
    with pytest.raises(ValidationError, match="đã gửi"):
        fill(cast.officer_a, reg)
    with pytest.raises(ValidationError, match="lý do"):
        services.return_registration(dept, reg, "  ")
    services.return_registration(dept, reg, "Bổ sung chỉ tiêu chuyển đổi số")
    assert counts(m)["returned"] == 1 and counts(m)["submitted"] == 0
    fill(cast.officer_a, reg, targets=["Hoàn thành 100% nhiệm vụ", "Số hóa 100% hồ sơ"])
    services.submit_registration(cast.officer_a, reg)
    with pytest.raises(ValidationError):
        services.submit_registration(cast.officer_a, reg)
    services.approve_registration(dept, reg)
    assert counts(m) == {"not_sent": 2, "submitted": 0, "returned": 0, "approved": 1}
    events = list(reg.events.values_list("verb", "note"))
    assert events == [
        ("submit", ""), ("return", "Bổ sung chỉ tiêu chuyển đổi số"), ("resubmit", ""),
        ("approve", ""),
    ]
    approved = RegistrationEvent.objects.get(registration=reg, verb="approve")
    assert approved.snapshot["targets"] == ["Hoàn thành 100% nhiệm vụ", "Số hóa 100% hồ sơ"]
    assert verbs(reg) == [
        "registration.save", "registration.submit", "registration.return", "registration.save",
        "registration.resubmit", "registration.approve",
    ]
    # the unit was told about the return and the approval
    kinds = set(Notification.objects.filter(unit=cast.unit_a).values_list(
        "kind", flat=True))
    assert {"launch", "returned", "approved"} <= kinds
    with pytest.raises(ValidationError):
        services.return_registration(dept, reg, "Quá muộn")


def test_rollup_lists_the_units_behind_each_count_and_flags_overdue(dept, cast):
    m = make_movement(dept, deadline=D(2026, 3, 31))
    fill(cast.officer_a, registration_of(m, "STP-01"))
    services.submit_registration(cast.officer_a, registration_of(m, "STP-01"))
    roll = selectors.rollup(m, today=D(2026, 4, 2))
    assert [r.unit.code for r in roll.groups["submitted"]] == ["STP-01"]
    assert sorted(r.unit.code for r in roll.groups["not_sent"]) == ["STP-79", "THADS-01"]
    assert roll.overdue == 2 and all(r.overdue for r in roll.groups["not_sent"])
    assert selectors.rollup(m, today=D(2026, 3, 1)).overdue == 0


def test_individuals_must_belong_to_the_unit_and_aim_for_an_individual_title(dept, cast):
    m = make_movement(dept)
    reg = registration_of(m, "STP-01")
    with pytest.raises(ValidationError, match="không thuộc"):
        fill(cast.officer_a, reg, individuals={cast.person_b.pk: "lao_dong_tien_tien"})
    with pytest.raises(ValidationError, match="cá nhân không hợp lệ"):
        fill(cast.officer_a, reg, individuals={cast.person_a.pk: "tap_the_lao_dong_xuat_sac"})
    with pytest.raises(ValidationError, match="tập thể không hợp lệ"):
        fill(cast.officer_a, reg, title="lao_dong_tien_tien")


def test_registration_closed_outside_the_registration_window(dept, cast):
    m = make_movement(dept, launch=False)
    with pytest.raises(ValidationError, match="không trong thời gian"):
        fill(cast.officer_a, registration_of(m, "STP-01"))


# --- reminders --------------------------------------------------------------------------


def test_reminders_go_to_units_not_sent_or_returned_once_a_day(dept, cast):
    m = make_movement(dept, deadline=D(2026, 3, 31))
    fill(cast.officer_a, registration_of(m, "STP-01"))
    services.submit_registration(cast.officer_a, registration_of(m, "STP-01"))
    fill(cast.officer_b, registration_of(m, "STP-79"))
    services.submit_registration(cast.officer_b, registration_of(m, "STP-79"))
    services.return_registration(dept, registration_of(m, "STP-79"), "Bổ sung")
    assert services.send_reminders(today=D(2026, 3, 1), within_days=7) == 0
    assert services.send_reminders(today=D(2026, 3, 26), within_days=7) == 2
    assert services.send_reminders(today=D(2026, 3, 26), within_days=7) == 0  # once a day
    reminders = Notification.objects.filter(kind="reminder")
    assert sorted(n.unit.code for n in reminders) == ["STP-79", "THADS-01"]
    assert {n.due_on for n in reminders} == {D(2026, 3, 31)}
    assert "Còn 5 ngày" in reminders[0].message
    assert services.send_reminders(today=D(2026, 4, 3), within_days=7) == 2
    late = Notification.objects.filter(kind="reminder", key__contains=":2026-04-03|")
    assert "quá hạn" in late[0].message


def test_reminder_command_and_task(dept, capsys):
    make_movement(dept, deadline=datetime.date.today() + datetime.timedelta(days=2))
    call_command("send_movement_reminders", "--days", "3")
    assert "Đã tạo 3 thông báo" in capsys.readouterr().out
    from tdkt.movements.tasks import send_movement_reminders

    result = send_movement_reminders.enqueue(within_days=3)
    assert result.return_value == 0  # already reminded today


# --- history API ------------------------------------------------------------------------


def test_registered_years_counts_approved_yearly_registrations(dept, cast):
    other = make_person("STP-01-XDKT", "Đỗ Minh Quân")
    m25 = make_movement(dept, year=2025, deadline=D(2025, 3, 31), name="Năm 2025")
    m26 = make_movement(dept, year=2026, name="Năm 2026")
    thematic = make_movement(dept, year=2024, kind="thematic", deadline=D(2024, 3, 1),
                             name="Chuyên đề")
    for m, status in ((m25, "approve"), (m26, "submit"), (thematic, "approve")):
        reg = registration_of(m, "STP-01")
        fill(cast.officer_a, reg, individuals={cast.person_a.pk: "lao_dong_tien_tien"})
        services.submit_registration(cast.officer_a, reg)
        if status == "approve":
            services.approve_registration(dept, reg)
    ids = [cast.person_a.pk, other.pk]
    assert selectors.registered_years(ids) == {cast.person_a.pk: {2025}}
    assert selectors.registered_years(ids, include_submitted=True) == {
        cast.person_a.pk: {2025, 2026}}
    assert selectors.registered_unit_years([cast.unit_a.pk, cast.unit_b.pk]) == {
        cast.unit_a.pk: {2025}}
    history = list(selectors.person_registrations(cast.person_a.pk))
    assert [h.registration.movement.year for h in history] == [2026, 2025, 2024]


# --- progress and reviews ----------------------------------------------------------------


def test_progress_needs_an_approved_registration_while_under_way(dept, cast):
    m = make_movement(dept)
    reg = registration_of(m, "STP-01")
    fill(cast.officer_a, reg, targets=["Chỉ tiêu 1", "Chỉ tiêu 2"])
    services.submit_registration(cast.officer_a, reg)
    services.approve_registration(dept, reg)
    target = reg.targets.first()
    with pytest.raises(ValidationError, match="đang triển khai"):
        services.record_progress(cast.officer_a, reg, D(2026, 6, 1), "", {target.pk: (50, "")})
    services.transition(dept, m, "under_way")
    reg.movement.refresh_from_db()
    with pytest.raises(ValidationError, match="0 đến 100"):
        services.record_progress(cast.officer_a, reg, D(2026, 6, 1), "", {target.pk: (120, "")})
    services.record_progress(cast.officer_a, reg, D(2026, 6, 1), "", {target.pk: (40, "")})
    services.record_progress(cast.officer_a, reg, D(2026, 9, 1), "", {target.pk: (80, "Tốt")})
    assert selectors.latest_progress(reg)[target.pk].percent == 80


def test_reviews_and_proposals_feed_the_selector(dept, cast):
    m = make_movement(dept)
    services.transition(dept, m, "under_way")
    with pytest.raises(ValidationError, match="sơ kết"):
        services.save_review(dept, m, "midterm", D(2026, 7, 1), "Kết quả")
    services.transition(dept, m, "midterm")
    review = services.save_review(dept, m, "midterm", D(2026, 7, 1), "Đạt 60% chỉ tiêu",
                                  "Chậm báo cáo")
    services.add_proposal(dept, review, "bang_khen_bo_truong_bo_tu_phap", "Dẫn đầu",
                          unit=cast.unit_a)
    services.add_proposal(dept, review, "chien_si_thi_dua_cap_bo", "Sáng kiến",
                          person=cast.person_b)
    with pytest.raises(ValidationError, match="Nhập thành tích"):
        services.add_proposal(dept, review, "giay_khen", " ", unit=cast.unit_b)
    local = make_movement(cast.officer_a, launcher="STP-01", unit_codes=("STP-01-VP",))
    services.transition(cast.officer_a, local, "under_way")
    services.transition(cast.officer_a, local, "midterm")
    local_review = services.save_review(cast.officer_a, local, "midterm", D(2026, 7, 2), "Tốt")
    with pytest.raises(ValidationError, match="phạm vi"):
        services.add_proposal(cast.officer_a, local_review, "giay_khen", "X", unit=cast.unit_b)
    rows = list(selectors.review_proposals(year=2026))
    assert [(str(p.subject), p.award_code) for p in rows] == [
        (cast.unit_a.name, "bang_khen_bo_truong_bo_tu_phap"),
        ("Lê Văn Bình", "chien_si_thi_dua_cap_bo"),
    ]
    assert list(selectors.review_proposals(movement=m, kind="final")) == []
