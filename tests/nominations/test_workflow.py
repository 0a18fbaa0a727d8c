"""Submissions, dossiers, transitions per role, appraisal (duplicates, hold rule), return
and resubmission."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tdkt.audit.models import Action
from tdkt.nominations import selectors, services
from tdkt.nominations.models import DocKind, Status
from tests.factories import make_person
from tests.nominations.helpers import AWARD, D, pdf

pytestmark = pytest.mark.django_db


def test_officer_builds_a_submission_and_the_head_submits_it(flow):
    nom = flow.nomination()
    assert nom.status == Status.DRAFT
    assert [i["kind"] for i in selectors.checklist(nom)] == [
        DocKind.TO_TRINH, DocKind.BAO_CAO, DocKind.BIEN_BAN_XET_KT]
    assert all(i["present"] for i in selectors.checklist(nom))
    n = services.submit_submission(flow.cast.head_a, nom.submission, today=D(2025, 12, 2))
    nom.refresh_from_db()
    assert n == 1 and nom.status == Status.SUBMITTED
    assert nom.eligibility_snapshot["verdict"] == "eligible"
    assert nom.submitted_on == D(2025, 12, 2)
    assert Action.objects.filter(verb="nomination.submitted", target_id=str(nom.pk)).exists()
    assert nom.events.count() == 2


def test_officer_cannot_submit_upward_and_head_cannot_build(flow):
    nom = flow.nomination()
    with pytest.raises(PermissionDenied):
        services.submit_submission(flow.cast.officer_a, nom.submission)
    with pytest.raises(PermissionDenied):
        services.add_nomination(flow.cast.head_a, nom.submission, award_code=AWARD,
                                subject_kind="individual", person=flow.cast.person_a,
                                achievement="x" * 30)


def test_officer_of_another_unit_cannot_touch_the_submission(flow):
    submission = flow.submission()
    with pytest.raises(PermissionDenied):
        services.add_nomination(flow.cast.officer_b, submission, award_code=AWARD,
                                subject_kind="individual", person=flow.cast.person_a,
                                achievement="x" * 30)


def test_subject_must_belong_to_the_submitting_unit_and_fit_the_award(flow):
    submission = flow.submission()
    with pytest.raises(ValidationError, match="không thuộc đơn vị trình"):
        services.add_nomination(flow.cast.officer_a, submission, award_code=AWARD,
                                subject_kind="individual", person=flow.cast.person_b,
                                achievement="x" * 30)
    with pytest.raises(ValidationError, match="chỉ xét tặng cho cá nhân"):
        services.add_nomination(flow.cast.officer_a, submission, award_code=AWARD,
                                subject_kind="collective", unit=flow.cast.unit_a,
                                achievement="x" * 30)
    with pytest.raises(ValidationError, match="không được xét trong đợt"):
        services.add_nomination(flow.cast.officer_a, submission,
                                award_code="huan_chuong_lao_dong_hang_ba",
                                subject_kind="individual", person=flow.cast.person_a,
                                achievement="x" * 30)


def test_incomplete_dossier_cannot_be_submitted(flow):
    nom = flow.nomination(attach=False)
    services.add_attachment(flow.cast.officer_a, nom, DocKind.TO_TRINH, pdf())
    with pytest.raises(ValidationError) as exc:
        services.submit_submission(flow.cast.head_a, nom.submission, today=D(2025, 12, 2))
    assert "Báo cáo thành tích" in " ".join(exc.value.messages)
    nom.refresh_from_db()
    assert nom.status == Status.DRAFT


def test_minutes_need_the_vote_result(flow):
    nom = flow.nomination(attach=False)
    with pytest.raises(ValidationError, match="kết quả bỏ phiếu"):
        services.add_attachment(flow.cast.officer_a, nom, DocKind.BIEN_BAN_XET_KT, pdf())


@pytest.mark.parametrize("name,content,message", [
    ("virus.exe", b"MZ....", "Chỉ nhận tệp"),
    ("gia.pdf", b"not a pdf at all", "không đúng định dạng"),
    ("rong.pdf", b"", "Tệp rỗng"),
])
def test_upload_is_checked_for_type(flow, name, content, message):
    nom = flow.nomination(attach=False)
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=message):
        services.add_attachment(flow.cast.officer_a, nom, DocKind.TO_TRINH, upload)


def test_upload_is_checked_for_size(flow, settings):
    settings.MAX_UPLOAD_BYTES = 10
    nom = flow.nomination(attach=False)
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        services.add_attachment(flow.cast.officer_a, nom, DocKind.TO_TRINH,
                                pdf(content=b"%PDF" + b"x" * 20))


def test_submission_after_the_deadline_is_refused(flow):
    flow.round.submission_deadline = D(2025, 11, 30)
    flow.round.save()
    with pytest.raises(ValidationError, match="quá hạn"):
        flow.submission()


def test_simplified_round_asks_for_the_reduced_dossier(flow):
    flow.round.kind, flow.round.simplified = "sudden", True
    flow.round.save()
    nom = flow.nomination(attach=False)
    assert [i["kind"] for i in selectors.checklist(nom)] == [DocKind.TO_TRINH, DocKind.TOM_TAT]


def test_appraisal_passes_a_clean_nomination(flow):
    nom = flow.appraised()
    assert nom.status == Status.APPRAISED
    assert nom.appraisal["blockers"] == []
    assert nom.appraisal["engine"]["verdict"] == "eligible"
    assert list(nom.events.values_list("to_status", flat=True)) == [
        Status.DRAFT, Status.SUBMITTED, Status.UNDER_APPRAISAL, Status.APPRAISED]


def test_only_the_department_appraises(flow):
    nom = flow.submitted()
    for who in (flow.cast.officer_a, flow.cast.head_a, flow.cast.officer_b):
        with pytest.raises(PermissionDenied):
            services.pass_appraisal(who, nom)


def test_duplicate_in_another_unit_is_detected(flow):
    nom = flow.submitted()
    # Unit B proposes the same person (moved there) for the same award and year.
    sub_b = flow.submission(flow.cast.officer_b, flow.cast.unit_b)
    person = flow.cast.person_a
    person.unit = flow.cast.person_b.unit
    person.save()
    other = flow.nomination(person=person, submission=sub_b, officer=flow.cast.officer_b)
    dups = selectors.duplicates(other)
    assert any("Đã có hồ sơ đề nghị cùng danh hiệu" in d and flow.cast.unit_a.name in d
               for d in dups)
    with pytest.raises(ValidationError):
        services.pass_appraisal(flow.dept, nom, today=D(2025, 12, 10))


def test_award_already_in_history_is_a_duplicate(flow):
    from tdkt.history.models import AwardType, PersonAward

    nom = flow.submitted()
    PersonAward.objects.create(person=nom.person, year=2025,
                               award=AwardType.objects.get(code=AWARD), decision_number="9/QĐ-BTP")
    with pytest.raises(ValidationError) as exc:
        services.pass_appraisal(flow.dept, nom, today=D(2025, 12, 10))
    assert "9/QĐ-BTP" in " ".join(exc.value.messages)


def test_same_initiative_already_rewarded_is_a_duplicate(flow):
    from tdkt.history.models import AwardType, Initiative, PersonAward

    person = flow.cast.person_a
    used = PersonAward.objects.create(person=person, year=2024,
                                      award=AwardType.objects.get(code="giay_khen"))
    initiative = Initiative.objects.create(person=person, year=2025, title="Số hóa hộ tịch",
                                           used_for=used)
    nom = flow.nomination()
    services.update_nomination(flow.cast.officer_a, nom, achievement=nom.achievement,
                               attested=True, initiatives=[initiative])
    assert any("Số hóa hộ tịch" in d for d in selectors.duplicates(nom))


def test_hold_rule_blocks_appraisal(flow):
    from tdkt.history.models import Proceeding

    nom = flow.submitted()
    Proceeding.objects.create(person=nom.person, kind="inspection", opened_on=D(2025, 11, 1))
    with pytest.raises(ValidationError) as exc:
        services.pass_appraisal(flow.dept, nom, today=D(2025, 12, 10))
    assert "Đang có vụ việc" in " ".join(exc.value.messages)
    nom.refresh_from_db()
    assert nom.status == Status.UNDER_APPRAISAL
    # Closed proceedings no longer hold.
    Proceeding.objects.update(closed_on=D(2025, 12, 5))
    services.pass_appraisal(flow.dept, nom, today=D(2025, 12, 10))


def test_ineligible_subject_cannot_pass(flow):
    person = make_person("STP-01-VP", "Ngô Văn Chưa")
    nom = flow.submitted(person=person, eligible=False, award="chien_si_thi_dua_toan_quoc")
    with pytest.raises(ValidationError, match="Không đủ điều kiện"):
        services.pass_appraisal(flow.dept, nom, today=D(2025, 12, 10))


def test_return_and_resubmission_keep_the_history(flow):
    nom = flow.submitted()
    with pytest.raises(ValidationError, match="lý do"):
        services.return_for_supplement(flow.dept, nom, "")
    services.return_for_supplement(flow.dept, nom, "Bổ sung báo cáo thành tích có xác nhận")
    nom.refresh_from_db()
    assert nom.status == Status.RETURNED and nom.editable
    assert nom.proposing_unit.notifications.filter(  # the one notification service
        message__contains="bị trả lại").exists()
    services.update_nomination(flow.cast.officer_a, nom, achievement=nom.achievement + " Bổ sung.",
                               attested=True)
    with pytest.raises(PermissionDenied):
        services.resubmit(flow.cast.officer_a, nom)
    services.resubmit(flow.cast.head_a, nom, today=D(2025, 12, 12))
    nom.refresh_from_db()
    assert nom.status == Status.SUBMITTED and nom.return_reason == ""
    steps = list(nom.events.values_list("to_status", "note"))
    assert (Status.RETURNED, "Bổ sung báo cáo thành tích có xác nhận") in steps
    assert [s for s, _ in steps].count(Status.SUBMITTED) == 2


def test_transitions_outside_the_table_are_refused(flow):
    nom = flow.nomination()
    with pytest.raises(ValidationError):
        services.pass_appraisal(flow.dept, nom)
    with pytest.raises(ValidationError):
        services.approve_simplified(flow.dept, nom)


def test_bulk_appraisal_reports_each_failure(flow):
    good = flow.submitted()
    person = make_person("STP-01-VP", "Ngô Văn Chưa")
    bad = flow.submitted(person=person, eligible=False, award="chien_si_thi_dua_toan_quoc")
    done, errors = services.bulk(flow.dept, [good, bad], "appraise", today=D(2025, 12, 10))
    assert done == 1 and len(errors) == 1 and "Ngô Văn Chưa" in errors[0]
    done, errors = services.bulk(flow.dept, [bad], "return", "Thiếu sáng kiến cấp toàn quốc")
    bad.refresh_from_db()
    assert done == 1 and bad.status == Status.RETURNED


def test_simplified_round_goes_straight_to_approval(flow):
    flow.round.kind, flow.round.simplified = "sudden", True
    flow.round.save()
    nom = flow.appraised()
    services.approve_simplified(flow.dept, nom)
    nom.refresh_from_db()
    assert nom.status == Status.APPROVED


def test_reminders_before_the_deadline_are_created_once(flow):
    flow.round.submission_deadline = D(2025, 12, 5)
    flow.round.save()
    flow.nomination()
    assert services.send_reminders(D(2025, 12, 1)) == 1
    assert services.send_reminders(D(2025, 12, 1)) == 0
    note = flow.cast.unit_a.notifications.get()
    assert "Còn 4 ngày làm việc" in note.message
    assert note.kind == "reminder" and note.due_on == D(2025, 12, 5)
    assert services.send_reminders(D(2025, 11, 20)) == 0  # too early


def test_reminder_task_and_command_run(flow):
    from django.core.management import call_command

    from tdkt.nominations.tasks import send_reminders

    flow.round.submission_deadline = D(2025, 12, 5)
    flow.round.save()
    flow.nomination()
    result = send_reminders.enqueue("2025-12-02")
    assert result.return_value == 1
    call_command("nomination_reminders", "--ngay", "2025-12-03")
