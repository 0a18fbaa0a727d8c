"""The app's shape (#13 item 6): transitions lock and re-read the row, views never write
models, configuration changes go through audited services."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tdkt.audit.models import Action
from tdkt.nominations import services
from tdkt.nominations.models import (
    AwardSetting,
    Holiday,
    Nomination,
    NominationEvent,
    Status,
    Submission,
)
from tests.nominations.helpers import AWARD, D

pytestmark = pytest.mark.django_db

VIEWS = Path(services.__file__).resolve().parent.parent / "views"


# --- stale objects cannot take a transition the stored row forbids --------------------------


def test_a_stale_nomination_cannot_be_appraised_after_it_was_returned(flow):
    nom = flow.submitted()
    stale = Nomination.objects.get(pk=nom.pk)  # loaded while still "submitted"
    services.return_for_supplement(flow.dept, nom, "Bổ sung báo cáo thành tích.",
                                   today=D(2025, 12, 5))
    assert stale.status == Status.SUBMITTED
    with pytest.raises(ValidationError):
        services.run_appraisal(flow.dept, stale, today=D(2025, 12, 6))
    nom.refresh_from_db()
    assert nom.status == Status.RETURNED
    assert not NominationEvent.objects.filter(nomination=nom,
                                              to_status=Status.UNDER_APPRAISAL).exists()


def test_a_stale_nomination_cannot_be_approved_twice(flow):
    flow.round.simplified = True
    flow.round.save()
    nom = flow.appraised()
    stale = Nomination.objects.get(pk=nom.pk)
    services.approve_simplified(flow.dept, nom, today=D(2025, 12, 11))
    with pytest.raises(ValidationError):
        services.approve_simplified(flow.dept, stale, today=D(2025, 12, 11))
    assert NominationEvent.objects.filter(nomination=nom, to_status=Status.APPROVED).count() == 1


def test_a_stale_draft_cannot_be_edited_once_submitted(flow):
    nom = flow.nomination()
    stale = Nomination.objects.get(pk=nom.pk)
    services.submit_submission(flow.cast.head_a, nom.submission, today=D(2025, 12, 2))
    with pytest.raises(ValidationError):
        services.update_nomination(flow.cast.officer_a, stale, achievement="Sửa sau khi trình.",
                                   attested=True)
    nom.refresh_from_db()
    assert nom.achievement != "Sửa sau khi trình."


def test_a_stale_submission_takes_no_nomination_once_submitted(flow):
    nom = flow.nomination()
    stale = Submission.objects.get(pk=nom.submission_id)
    services.submit_submission(flow.cast.head_a, nom.submission, today=D(2025, 12, 2))
    from tests.factories import make_person

    other = make_person("STP-01-VP", "Lê Văn Muộn")
    with pytest.raises(ValidationError):
        services.add_nomination(flow.cast.officer_a, stale, award_code=AWARD,
                                subject_kind="individual", person=other,
                                achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025.")
    assert not Nomination.objects.filter(person=other).exists()


def test_a_stale_submission_cannot_be_submitted_twice(flow):
    nom = flow.nomination()
    stale = Submission.objects.get(pk=nom.submission_id)
    services.submit_submission(flow.cast.head_a, nom.submission, today=D(2025, 12, 2))
    with pytest.raises(ValidationError, match="đã được trình"):
        services.submit_submission(flow.cast.head_a, stale, today=D(2025, 12, 2))
    assert Action.objects.filter(verb="submission.submit").count() == 1


def test_a_stale_disclosure_period_cannot_be_concluded_twice(flow):
    from tdkt.nominations.models import DisclosurePeriod

    period = DisclosurePeriod.objects.create(
        title="Công khai danh sách đề nghị khen thưởng", starts_on=D(2026, 2, 25),
        working_days=5, ends_on=D(2026, 3, 4), published_by=flow.dept)
    stale = DisclosurePeriod.objects.get(pk=period.pk)
    assert services.conclude_disclosure(flow.dept, period, today=D(2026, 3, 5)) == (0, 0)
    with pytest.raises(ValidationError, match="đã được kết thúc"):
        services.conclude_disclosure(flow.dept, stale, today=D(2026, 3, 5))
    assert Action.objects.filter(verb="disclosure.conclude").count() == 1


def test_editing_a_round_audits_the_stored_values_as_old(flow, client_for):
    """The bound form writes the new values into its instance before the service runs; the
    service re-reads the row, so the audit row shows what was stored."""
    r = client_for(flow.dept).post(reverse("nominations:round_edit", args=[flow.round.pk]), {
        "name": "Khen thưởng tổng kết năm 2025 (điều chỉnh)", "kind": "regular", "year": 2025,
        "award_codes": flow.round.award_codes, "opens_on": "01/11/2025",
        "submission_deadline": "31/12/2026", "appraisal_deadline": "31/01/2027"})
    assert r.status_code == 302, r.content.decode()[:2000]
    action = Action.objects.get(verb="round.update", target_id=str(flow.round.pk))
    assert action.changes["name"] == ["Khen thưởng tổng kết năm 2025",
                                      "Khen thưởng tổng kết năm 2025 (điều chỉnh)"]


# --- configuration: services, atomic and audited ----------------------------------------------


def test_configuration_actions_leave_audit_rows(flow, client_for):
    dept = client_for(flow.dept)
    r = dept.post(reverse("nominations:configuration"),
                  {"day": "24/11/2026", "kind": "holiday", "name": "Ngày Văn hóa Việt Nam",
                   "status": "chưa xác minh"})
    assert r.status_code == 302
    holiday = Holiday.objects.get(day=D(2026, 11, 24))
    created = Action.objects.get(verb="holiday.create", target_id=str(holiday.pk))
    assert created.actor == flow.dept and created.changes == {"day": [None, "2026-11-24"]}

    setting = AwardSetting.objects.get(code=AWARD)
    data = {"disclosure_required": "unknown", "disclosure_working_days": "",
            "vote_threshold_percent": "70", "vote_denominator": "all", "status": "verified",
            "note": "Theo Quy chế Hội đồng"}
    r = dept.post(reverse("nominations:setting_edit", args=[setting.pk]), data)
    assert r.status_code == 302
    setting.refresh_from_db()
    assert setting.vote_threshold_percent == 70
    updated = Action.objects.get(verb="award_setting.update", target_id=str(setting.pk))
    assert updated.changes["vote_threshold_percent"][1] == "70"

    r = dept.post(reverse("nominations:holiday_delete", args=[holiday.pk]))
    assert r.status_code == 302
    assert not Holiday.objects.filter(pk=holiday.pk).exists()
    assert Action.objects.filter(verb="holiday.delete", target_id=str(holiday.pk)).exists()


def test_configuration_services_refuse_others(flow):
    from django.core.exceptions import PermissionDenied

    holiday = Holiday.objects.first()
    with pytest.raises(PermissionDenied):
        services.delete_holiday(flow.cast.officer_a, holiday)
    with pytest.raises(PermissionDenied):
        services.add_holiday(flow.cast.officer_a, {"day": D(2026, 11, 24), "name": "x"})
    assert Holiday.objects.filter(pk=holiday.pk).exists()


WRITES = {"save", "delete", "update", "create", "bulk_create", "bulk_update", "get_or_create",
          "update_or_create"}


def test_views_never_write_models():
    """Writes belong to services (atomic, audited). `form.save()`, `obj.delete()`,
    `Model.objects.create(...)`… in a view module are refused here."""
    found = []
    for path in sorted(VIEWS.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in WRITES):
                owner = ast.unparse(node.func.value)
                if node.func.attr == "update" and not (
                        "objects" in owner or owner.endswith(")")):
                    continue  # dict.update(...) on a context or a plain dict
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node.func)}")
    assert found == []


def test_an_agenda_item_is_withdrawn_only_while_its_dossier_is_on_the_agenda(flow):
    """Withdrawing from the agenda re-reads the dossier under a lock: a dossier whose status
    has moved on (here forced, as a concurrent change would) is not sent back to 'appraised'."""
    from tdkt.nominations.models import AgendaItem

    nom = flow.appraised()
    flow.members()
    meeting = services.create_meeting(flow.dept, year=2026, title="Phiên họp",
                                      held_on=D(2026, 1, 15))
    services.add_agenda_items(flow.dept, meeting, [nom])
    item = AgendaItem.objects.get(meeting=meeting, nomination=nom)
    Nomination.objects.filter(pk=nom.pk).update(status=Status.RETURNED)  # moved on meanwhile
    with pytest.raises(ValidationError, match="không còn trong chương trình họp"):
        services.remove_agenda_item(flow.dept, item, today=D(2026, 1, 10))
    assert Nomination.objects.get(pk=nom.pk).status == Status.RETURNED
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    Nomination.objects.filter(pk=nom.pk).update(status=Status.AT_COUNCIL)
    services.remove_agenda_item(flow.dept, item, today=D(2026, 1, 10))
    assert Nomination.objects.get(pk=nom.pk).status == Status.APPRAISED
