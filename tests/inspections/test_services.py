"""Inspections: the journey through services, locks on the row, audit, notifications,
reminders and escalation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from tdkt.accounts.models import Role
from tdkt.audit.models import Action
from tdkt.inspections import selectors, services
from tdkt.inspections.models import (
    ActionStatus,
    ChecklistTemplate,
    InspectionStatus,
    ItemKind,
    ItemResult,
    Side,
)
from tdkt.notifications.models import Notification
from tdkt.organisation.models import Unit
from tests.factories import make_user

from .helpers import DAY, answers, concluded, make_inspection, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept(db):
    return make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")


def test_full_journey_closes_the_inspection_when_the_last_action_is_accepted(cast, dept):
    inspection = make_inspection(dept)
    assert inspection.status == InspectionStatus.PLANNED
    assert Notification.objects.filter(unit=cast.unit_a, kind="inspection").count() == 1

    services.save_self_assessment(cast.officer_a, inspection, answers=answers(inspection, "9"),
                                  files={inspection.template.items.first().pk: [pdf()]},
                                  submit=True)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SELF_DONE
    assert inspection.evidence.count() == 1

    services.save_team_scores(dept, inspection, answers=answers(inspection, "7"),
                              inspected_on=DAY)
    rows = selectors.checklist_rows(inspection)
    team, own = selectors.total(rows, Side.TEAM), selectors.total(rows, Side.SELF)
    scored = [r for r in rows if r.item.kind == ItemKind.SCORE]
    assert team.points == 7 * len(scored) and own.points == 9 * len(scored)
    assert team.max_points == 10 * len(scored)
    assert team.passed == team.pass_fail == len(rows) - len(scored)

    services.add_finding(dept, inspection, text="Thiếu biên bản họp", recommendation="Bổ sung",
                         action={"description": "Bổ sung biên bản", "owner_unit": cast.unit_a,
                                 "due_on": DAY + datetime.timedelta(days=30)})
    services.conclude(dept, inspection, conclusion="Cơ bản tốt", concluded_on=DAY)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CONCLUDED
    action = inspection.actions.get()

    services.submit_evidence(cast.officer_a, action, report="Đã bổ sung", files=[pdf()])
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED
    with pytest.raises(ValidationError, match="lý do"):
        services.decide_action(dept, action, accept=False, note=" ")
    services.decide_action(dept, action, accept=False, note="Biên bản chưa có chữ ký")
    action.refresh_from_db()
    assert action.status == ActionStatus.RETURNED
    services.submit_evidence(cast.officer_a, action, report="Đã bổ sung chữ ký", files=[pdf()])
    services.decide_action(dept, action, accept=True)
    action.refresh_from_db()
    inspection.refresh_from_db()
    assert action.status == ActionStatus.ACCEPTED
    assert inspection.status == InspectionStatus.CLOSED and inspection.closed_on

    verbs = set(Action.objects.filter(verb__startswith="inspection.").values_list("verb",
                                                                                 flat=True))
    assert {"inspection.plan_created", "inspection.planned", "inspection.self_submitted",
            "inspection.scored", "inspection.finding_added", "inspection.concluded",
            "inspection.action_submitted", "inspection.action_returned",
            "inspection.action_accepted", "inspection.closed"} <= verbs


def test_a_conclusion_without_actions_closes_at_once(cast, dept):
    inspection = make_inspection(dept)
    services.save_team_scores(dept, inspection, answers=answers(inspection), inspected_on=DAY)
    services.conclude(dept, inspection, conclusion="Tốt", concluded_on=DAY)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED


def test_self_assessment_is_checked_atomic_and_locked_once_sent(cast, dept):
    inspection = make_inspection(dept)
    bad = answers(inspection, "8")
    first = inspection.template.items.filter(kind=ItemKind.SCORE).first()
    bad[first.pk]["points"] = "11"
    with pytest.raises(ValidationError, match="từ 0 đến 10"):
        services.save_self_assessment(cast.officer_a, inspection, answers=bad)
    assert not ItemResult.objects.filter(inspection=inspection).exists()
    partial = dict(list(answers(inspection).items())[:2])
    with pytest.raises(ValidationError, match="Chưa tự đánh giá"):
        services.save_self_assessment(cast.officer_a, inspection, answers=partial, submit=True)
    services.save_self_assessment(cast.officer_a, inspection, answers=answers(inspection),
                                  submit=True)
    with pytest.raises(ValidationError, match="không sửa"):
        services.save_self_assessment(cast.officer_a, inspection, answers=answers(inspection))


def test_each_side_does_only_its_own_part(cast, dept):
    inspection = make_inspection(dept)
    with pytest.raises(PermissionDenied):  # the inspected unit cannot score as the team
        services.save_team_scores(cast.officer_a, inspection, answers=answers(inspection),
                                  inspected_on=DAY)
    with pytest.raises(PermissionDenied):  # another unit cannot self-inspect for it
        services.save_self_assessment(cast.officer_b, inspection, answers=answers(inspection))
    with pytest.raises(PermissionDenied):  # a read-only head neither
        services.save_self_assessment(cast.head_a, inspection, answers=answers(inspection))
    with pytest.raises(PermissionDenied):  # a unit does not plan for the Ministry
        services.create_plan(cast.officer_a, year=2026, issuing_unit=Unit.objects.get(code="BTP"),
                             title="x")
    done = concluded(dept, cast.officer_a, unit_code="STP-01")
    action = done.actions.get()
    services.submit_evidence(cast.officer_a, action, report="Xong")
    with pytest.raises(PermissionDenied):  # the owner does not accept its own evidence
        services.decide_action(cast.officer_a, action, accept=True)


def test_a_unit_plans_for_its_own_subtree_only(cast):
    plan = services.create_plan(cast.officer_a, year=2026, issuing_unit=cast.unit_a, title="KH")
    template = services.default_template()
    common = {"template": template, "starts_on": DAY, "ends_on": DAY, "content": "x",
              "lead_name": "A"}
    with pytest.raises(ValidationError, match="không thuộc phạm vi"):
        services.add_inspection(cast.officer_a, plan, unit=cast.unit_b, **common)
    with pytest.raises(ValidationError, match="không thuộc phạm vi"):
        services.add_inspection(cast.officer_a, plan, unit=cast.unit_a, **common)
    inspection = services.add_inspection(cast.officer_a, plan,
                                         unit=Unit.objects.get(code="STP-01-VP"), **common)
    assert inspection.plan.issuing_unit == cast.unit_a


def test_template_version_is_immutable_once_used(cast, dept):
    inspection = make_inspection(dept)
    template = inspection.template
    assert "CHƯA được Bộ Tư pháp" in template.source_note
    assert template.items.count() == 12
    with pytest.raises(ValidationError, match="phiên bản mới"):
        services.add_item(dept, template, code="K8", text="Mới", legal_basis="", kind="score",
                          max_points=Decimal(5), weight=Decimal(1))
    with pytest.raises(ValidationError):
        services.remove_item(dept, template.items.first())
    copy = services.new_version(dept, template)
    assert copy.version == 2 and copy.items.count() == 12 and copy.is_active
    assert not ChecklistTemplate.objects.get(pk=template.pk).is_active
    services.add_item(dept, copy, code="K8", text="Mới", legal_basis="", kind="score",
                      max_points=Decimal(5), weight=Decimal(2))
    assert copy.items.count() == 13 and template.items.count() == 12
    with pytest.raises(PermissionDenied):
        services.new_version(cast.officer_a, template)


def test_reminders_due_soon_then_overdue_escalated_once_per_day(cast, dept):
    inspection = concluded(dept, cast.officer_a, due_on=datetime.date(2026, 7, 10))
    action = inspection.actions.get()
    btp = Unit.objects.get(code="BTP")
    before = Notification.objects.count()

    assert services.send_reminders(today=datetime.date(2026, 6, 20), within_days=7) == 0
    assert services.send_reminders(today=datetime.date(2026, 7, 5), within_days=7) == 1
    due = Notification.objects.filter(kind="reminder").get()
    assert due.unit == cast.unit_a and "còn 5 ngày" in due.message
    assert due.link.endswith(f"/kiem-tra/khac-phuc/{action.pk}/")
    assert services.send_reminders(today=datetime.date(2026, 7, 5)) == 0  # same day: once

    assert services.send_reminders(today=datetime.date(2026, 7, 12)) == 2
    late = Notification.objects.filter(kind="overdue")
    assert {n.unit for n in late} == {cast.unit_a, btp}
    assert all("Quá hạn 2 ngày" in n.message for n in late)
    assert services.send_reminders(today=datetime.date(2026, 7, 12)) == 0
    assert services.send_reminders(today=datetime.date(2026, 7, 13)) == 2  # next day again

    services.submit_evidence(cast.officer_a, action, report="Xong")
    assert services.send_reminders(today=datetime.date(2026, 7, 14)) == 0  # evidence sent
    assert Notification.objects.count() > before


def test_reminder_command_and_task(cast, dept, capsys):
    concluded(dept, cast.officer_a, due_on=datetime.date(2026, 7, 10))
    call_command("send_inspection_reminders", "--date", "11/07/2026")
    assert "Đã tạo 2 thông báo" in capsys.readouterr().out
    from tdkt.inspections.tasks import send_inspection_reminders

    result = send_inspection_reminders.enqueue(within_days=3)
    assert result.return_value >= 0


def test_finding_action_owner_must_be_inside_the_inspected_unit(cast, dept):
    inspection = make_inspection(dept)
    services.save_team_scores(dept, inspection, answers=answers(inspection), inspected_on=DAY)
    with pytest.raises(ValidationError, match="Đơn vị thực hiện"):
        services.add_finding(dept, inspection, text="x", action={
            "description": "y", "owner_unit": cast.unit_b, "due_on": DAY})
    assert not inspection.findings.exists()  # atomic: nothing half-written


def test_self_inspection_not_sent_is_reminded_until_the_visit(cast, dept):
    inspection = make_inspection(dept)  # self due 27/04, visit from 04/05
    assert services.send_reminders(today=datetime.date(2026, 4, 1)) == 0
    assert services.send_reminders(today=datetime.date(2026, 4, 22)) == 1
    assert services.send_reminders(today=datetime.date(2026, 4, 22)) == 0
    assert services.send_reminders(today=datetime.date(2026, 4, 29)) == 1
    late = Notification.objects.filter(kind="reminder").order_by("-pk").first()
    assert late.unit == cast.unit_a and "đã quá hạn (27/04/2026)" in late.message
    assert services.send_reminders(today=datetime.date(2026, 5, 5)) == 0  # the visit began
    services.save_self_assessment(cast.officer_a, inspection, answers=answers(inspection),
                                  submit=True)
    assert services.send_reminders(today=datetime.date(2026, 4, 30)) == 0
