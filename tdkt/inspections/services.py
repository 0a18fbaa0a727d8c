"""Every state change of inspections: one transaction each, the row locked, audited.

Who may do what (checked here as well as in the views):
- the inspecting side writes the issuing unit of the plan (`can_write(plan.issuing_unit)`):
  plans, the team's scores, findings, actions, acceptance;
- the inspected side writes the inspected unit: the self-inspection;
- the owner unit of a corrective action writes it: its evidence.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.scoping import Scope
from tdkt.audit.services import record
from tdkt.core.uploads import validate_upload
from tdkt.notifications.services import notify

from . import checklist
from .models import (
    OPEN_ACTION,
    ActionStatus,
    ChecklistItem,
    ChecklistTemplate,
    CorrectiveAction,
    Evidence,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    ItemKind,
    ItemResult,
    Side,
)

NOT_ALLOWED = "Bạn không có quyền thực hiện thao tác này đối với cuộc kiểm tra."


def _today(today=None) -> datetime.date:
    return today or timezone.localdate()


# --- who is who --------------------------------------------------------------------------------


def is_department(scope: Scope) -> bool:
    from tdkt.accounts.models import Role

    return scope.is_admin or scope.has_role(Role.EMULATION_DEPT)


def is_inspector(scope: Scope, inspection: Inspection) -> bool:
    return scope.can_write(inspection.plan.issuing_unit)


def is_inspected(scope: Scope, inspection: Inspection) -> bool:
    return scope.can_write(inspection.unit)


def is_owner(scope: Scope, action: CorrectiveAction) -> bool:
    return scope.can_write(action.owner_unit)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


# --- checklist templates -------------------------------------------------------------------------


def default_template(actor=None) -> ChecklistTemplate:
    """The default checklist (reference T1–K7), created on first use."""
    template = ChecklistTemplate.objects.filter(name=checklist.DEFAULT_NAME).order_by(
        "-is_active", "-version").first()
    if template is not None:
        return template
    with transaction.atomic():
        template = ChecklistTemplate.objects.create(
            name=checklist.DEFAULT_NAME, version=1, source_note=checklist.DEFAULT_SOURCE,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(template=template, **row) for row in checklist.default_items()
        )
        record(actor, "inspection.template_seeded", template,
               {"items": len(checklist.DEFAULT_ITEMS)})
    return template


def template_is_used(template: ChecklistTemplate) -> bool:
    return template.inspections.exists()


def _require_department(actor) -> None:
    if not is_department(Scope(actor)):
        raise PermissionDenied("Chỉ Thường trực Hội đồng (Vụ Tổ chức cán bộ) quản lý bộ tiêu chí.")


def _lock_template(template) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if template_is_used(template):
        raise ValidationError(
            "Phiên bản này đã được dùng cho cuộc kiểm tra nên không sửa được; hãy tạo phiên bản "
            "mới.")
    return template


def new_version(actor, template: ChecklistTemplate) -> ChecklistTemplate:
    """A copy of `template` as the next version of its name; the copy becomes the active one."""
    _require_department(actor)
    with transaction.atomic():
        last = (ChecklistTemplate.objects.select_for_update()
                .filter(name=template.name).order_by("-version").first())
        copy = ChecklistTemplate.objects.create(
            name=template.name, version=last.version + 1, source_note=template.source_note,
            created_by=actor,
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(template=copy, order=i.order, code=i.code, text=i.text,
                          legal_basis=i.legal_basis, kind=i.kind, max_points=i.max_points,
                          weight=i.weight)
            for i in template.items.all()
        )
        ChecklistTemplate.objects.filter(name=template.name).exclude(pk=copy.pk).update(
            is_active=False)
        record(actor, "inspection.template_version", copy,
               {"from_version": template.version, "version": copy.version})
    return copy


def save_template_note(actor, template, source_note: str) -> None:
    _require_department(actor)
    with transaction.atomic():
        template = _lock_template(template)
        old = template.source_note
        template.source_note = source_note
        template.save(update_fields=["source_note"])
        record(actor, "inspection.template_note", template, {"source_note": [old, source_note]})


def add_item(actor, template, *, code, text, legal_basis, kind, max_points, weight):
    _require_department(actor)
    with transaction.atomic():
        template = _lock_template(template)
        if template.items.filter(code=code).exists():
            raise ValidationError(f"Mã tiêu chí “{code}” đã có trong phiên bản này.")
        order = (template.items.order_by("-order").values_list("order", flat=True).first() or 0)
        item = ChecklistItem.objects.create(
            template=template, order=order + 1, code=code, text=text, legal_basis=legal_basis,
            kind=kind, max_points=max_points if kind == ItemKind.SCORE else Decimal(0),
            weight=weight,
        )
        record(actor, "inspection.item_added", template,
               {"code": code, "kind": kind, "max_points": item.max_points, "weight": weight})
    return item


def remove_item(actor, item: ChecklistItem) -> None:
    _require_department(actor)
    with transaction.atomic():
        template = _lock_template(item.template)
        record(actor, "inspection.item_removed", template, {"code": item.code})
        item.delete()


# --- plans -----------------------------------------------------------------------------------


def create_plan(actor, *, year, issuing_unit, title, number="", issued_on=None, purpose=""):
    scope = Scope(actor)
    _require(scope.can_write(issuing_unit))
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            year=year, issuing_unit=issuing_unit, title=title, number=number,
            issued_on=issued_on, purpose=purpose, created_by=actor,
        )
        record(actor, "inspection.plan_created", plan,
               {"year": year, "issuing_unit": issuing_unit.code, "title": title})
    return plan


def add_inspection(actor, plan: InspectionPlan, *, unit, template, starts_on, ends_on,
                   content, lead_name, lead_title="", members="", self_due_on=None):
    scope = Scope(actor)
    _require(scope.can_write(plan.issuing_unit))
    if not unit.path.startswith(plan.issuing_unit.path) or unit.pk == plan.issuing_unit_id:
        raise ValidationError(
            f"{unit.name} không thuộc phạm vi của {plan.issuing_unit.name}: kế hoạch chỉ kiểm "
            "tra các đơn vị cấp dưới của đơn vị ban hành.")
    if ends_on < starts_on:
        raise ValidationError("Ngày kết thúc kiểm tra phải sau ngày bắt đầu.")
    if self_due_on and self_due_on > starts_on:
        raise ValidationError("Hạn gửi tự kiểm tra phải trước ngày đoàn bắt đầu kiểm tra.")
    if not template.items.exists():
        raise ValidationError("Bộ tiêu chí chưa có tiêu chí nào.")
    with transaction.atomic():
        InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        inspection = Inspection.objects.create(
            plan=plan, unit=unit, template=template, starts_on=starts_on, ends_on=ends_on,
            self_due_on=self_due_on, content=content, lead_name=lead_name, lead_title=lead_title,
            members=members,
        )
        record(actor, "inspection.planned", inspection, {
            "plan": plan.pk, "unit": unit.code, "template": str(template),
            "starts_on": starts_on, "ends_on": ends_on, "lead": lead_name,
        })
        notify(
            units=[unit],
            message=(f"{plan.issuing_unit.name} sẽ kiểm tra công tác thi đua, khen thưởng của "
                     f"đơn vị từ {starts_on:%d/%m/%Y}; đề nghị đơn vị tự kiểm tra theo bộ tiêu "
                     f"chí" + (f" trước {self_due_on:%d/%m/%Y}." if self_due_on else ".")),
            link=reverse("inspections:self", args=[inspection.pk]), kind="inspection",
            key=f"inspection:{inspection.pk}:planned", due_on=self_due_on,
        )
    return inspection


EDITABLE_FIELDS = ("starts_on", "ends_on", "self_due_on", "content", "lead_name", "lead_title",
                   "members")


def update_inspection(actor, inspection, **fields) -> Inspection:
    """Change the dates, team or content of an inspection before the team has scored it; the
    inspected unit is told when the dates move."""
    scope = Scope(actor)
    with transaction.atomic():
        inspection = _lock(inspection)
        _require(is_inspector(scope, inspection))
        if inspection.status not in (InspectionStatus.PLANNED, InspectionStatus.SELF_DONE):
            raise ValidationError("Đoàn đã chấm điểm: không sửa kế hoạch của cuộc kiểm tra được "
                                  "nữa.")
        new = {**{f: getattr(inspection, f) for f in EDITABLE_FIELDS}, **fields}
        if new["ends_on"] < new["starts_on"]:
            raise ValidationError("Ngày kết thúc kiểm tra phải sau ngày bắt đầu.")
        if new["self_due_on"] and new["self_due_on"] > new["starts_on"]:
            raise ValidationError("Hạn gửi tự kiểm tra phải trước ngày đoàn bắt đầu kiểm tra.")
        changes = {f: [getattr(inspection, f), v] for f, v in new.items()
                   if getattr(inspection, f) != v}
        if not changes:
            return inspection
        for f, v in new.items():
            setattr(inspection, f, v)
        inspection.save(update_fields=list(EDITABLE_FIELDS))
        record(actor, "inspection.updated", inspection, changes)
        moved = {"starts_on", "ends_on", "self_due_on"} & changes.keys()
        if moved:
            notify(
                units=[inspection.unit],
                message=(f"Lịch kiểm tra công tác thi đua, khen thưởng năm {inspection.plan.year} "
                         f"thay đổi: đoàn làm việc từ {inspection.starts_on:%d/%m/%Y} đến "
                         f"{inspection.ends_on:%d/%m/%Y}"
                         + (f"; hạn gửi tự kiểm tra {inspection.self_due_on:%d/%m/%Y}."
                            if inspection.self_due_on else ".")),
                link=reverse("inspections:detail", args=[inspection.pk]), kind="inspection",
                key=f"inspection:{inspection.pk}:moved:{timezone.now():%Y%m%d%H%M%S%f}",
                due_on=inspection.self_due_on,
            )
    return inspection


# --- answers ------------------------------------------------------------------------------


def _lock(inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("plan__issuing_unit", "unit").get(
        pk=inspection.pk)


def _clean_answer(item: ChecklistItem, raw: dict) -> dict:
    """raw: {"points": str|Decimal|None, "passed": bool|None, "note": str} -> checked values."""
    note = (raw.get("note") or "").strip()
    if item.kind == ItemKind.SCORE:
        value = raw.get("points")
        if value in (None, ""):
            return {"points": None, "passed": None, "note": note}
        try:
            points = Decimal(str(value).replace(",", "."))
        except InvalidOperation as exc:
            raise ValidationError(f"{item.code}: điểm phải là một số.") from exc
        if points < 0 or points > item.max_points:
            raise ValidationError(
                f"{item.code}: điểm phải từ 0 đến {item.max_points.normalize():f}.")
        return {"points": points, "passed": None, "note": note}
    passed = raw.get("passed")
    return {"points": None, "passed": passed if passed in (True, False) else None, "note": note}


def _save_answers(inspection, side, answers: dict) -> dict:
    items = {i.pk: i for i in inspection.template.items.all()}
    existing = {r.item_id: r for r in inspection.results.filter(side=side)}
    changes = {}
    for item_id, raw in answers.items():
        item = items.get(int(item_id))
        if item is None:
            raise ValidationError("Tiêu chí không thuộc bộ tiêu chí của cuộc kiểm tra.")
        values = _clean_answer(item, raw)
        row = existing.get(item.pk)
        if row is None:
            ItemResult.objects.create(inspection=inspection, item=item, side=side, **values)
            changes[item.code] = [None, values["points"] if item.is_score else values["passed"]]
        else:
            old = row.points if item.is_score else row.passed
            for key, value in values.items():
                setattr(row, key, value)
            row.save(update_fields=["points", "passed", "note"])
            new = values["points"] if item.is_score else values["passed"]
            if old != new:
                changes[item.code] = [old, new]
    return changes


def _store_files(actor, inspection, files, *, item=None, action=None) -> list[str]:
    names = []
    for upload in files:
        validate_upload(upload, "attachment")
        Evidence.objects.create(inspection=inspection, item=item, action=action, file=upload,
                                name=upload.name[:255], uploaded_by=actor)
        names.append(upload.name)
    return names


def save_self_assessment(actor, inspection, *, answers: dict, summary: str = "",
                         files: dict | None = None, submit: bool = False) -> Inspection:
    """The inspected unit answers the checklist (and attaches evidence per item). `submit`
    sends it to the team; a sent self-inspection no longer changes."""
    scope = Scope(actor)
    with transaction.atomic():
        inspection = _lock(inspection)
        _require(is_inspected(scope, inspection))
        if inspection.status != InspectionStatus.PLANNED:
            raise ValidationError("Đơn vị đã gửi tự kiểm tra (hoặc đoàn đã kiểm tra): không sửa "
                                  "được nữa.")
        changes = _save_answers(inspection, Side.SELF, answers)
        items = {i.pk: i for i in inspection.template.items.all()}
        attached = []
        for item_id, uploads in (files or {}).items():
            attached += _store_files(actor, inspection, uploads, item=items[int(item_id)])
        inspection.self_summary = summary
        fields = ["self_summary"]
        if submit:
            missing = [i.code for i in items.values()
                       if not inspection.results.filter(side=Side.SELF, item=i).exclude(
                           points__isnull=True, passed__isnull=True).exists()]
            if missing:
                raise ValidationError("Chưa tự đánh giá tiêu chí: " + ", ".join(missing) + ".")
            inspection.status = InspectionStatus.SELF_DONE
            inspection.self_submitted_at = timezone.now()
            fields += ["status", "self_submitted_at"]
        inspection.save(update_fields=fields)
        record(actor, "inspection.self_submitted" if submit else "inspection.self_saved",
               inspection, {**changes, "files": attached} if attached else changes)
        if submit:
            notify(
                units=[inspection.plan.issuing_unit],
                message=f"{inspection.unit.name} đã gửi kết quả tự kiểm tra công tác thi đua, "
                        f"khen thưởng năm {inspection.plan.year}.",
                link=reverse("inspections:detail", args=[inspection.pk]), kind="inspection",
                key=f"inspection:{inspection.pk}:self-submitted",
            )
    return inspection


def save_team_scores(actor, inspection, *, answers: dict, inspected_on, place="",
                     unit_representative="") -> Inspection:
    """The team records its scores (on site or after); the self-assessment is left as sent."""
    scope = Scope(actor)
    with transaction.atomic():
        inspection = _lock(inspection)
        _require(is_inspector(scope, inspection))
        if inspection.status in (InspectionStatus.CONCLUDED, InspectionStatus.CLOSED):
            raise ValidationError("Đã có kết luận kiểm tra: không sửa điểm được nữa.")
        changes = _save_answers(inspection, Side.TEAM, answers)
        old_status = inspection.status
        inspection.inspected_on = inspected_on
        inspection.place = place
        inspection.unit_representative = unit_representative
        inspection.status = InspectionStatus.INSPECTED
        inspection.save(update_fields=["inspected_on", "place", "unit_representative", "status"])
        record(actor, "inspection.scored", inspection,
               {**changes, "status": [old_status, inspection.status],
                "inspected_on": inspected_on})
    return inspection


# --- findings and corrective actions --------------------------------------------------------------


def add_finding(actor, inspection, *, text, recommendation="", item=None, action=None):
    """A conclusion with its recommendation and, optionally, one corrective action
    (action = {"description", "owner_unit", "due_on"})."""
    scope = Scope(actor)
    with transaction.atomic():
        inspection = _lock(inspection)
        _require(is_inspector(scope, inspection))
        if inspection.status != InspectionStatus.INSPECTED:
            raise ValidationError("Kết luận được ghi sau khi đoàn chấm điểm và trước khi ban "
                                  "hành kết luận kiểm tra.")
        if item is not None and item.template_id != inspection.template_id:
            raise ValidationError("Tiêu chí không thuộc bộ tiêu chí của cuộc kiểm tra.")
        order = inspection.findings.count() + 1
        finding = Finding.objects.create(inspection=inspection, item=item, order=order,
                                         text=text, recommendation=recommendation)
        details = {"finding": text, "recommendation": recommendation}
        if action:
            created = _new_action(inspection, finding, **action)
            details.update({"action": created.description, "owner_unit": created.owner_unit.code,
                            "due_on": created.due_on})
        record(actor, "inspection.finding_added", inspection, details)
    return finding


def _new_action(inspection, finding, *, description, owner_unit, due_on) -> CorrectiveAction:
    if not owner_unit.path.startswith(inspection.unit.path):
        raise ValidationError("Đơn vị thực hiện khắc phục phải là đơn vị được kiểm tra hoặc đơn "
                              "vị trực thuộc.")
    return CorrectiveAction.objects.create(finding=finding, inspection=inspection,
                                           owner_unit=owner_unit, description=description,
                                           due_on=due_on)


def add_action(actor, finding, *, description, owner_unit, due_on) -> CorrectiveAction:
    scope = Scope(actor)
    with transaction.atomic():
        inspection = _lock(finding.inspection)
        _require(is_inspector(scope, inspection))
        if inspection.status != InspectionStatus.INSPECTED:
            raise ValidationError("Chỉ thêm biện pháp khắc phục trước khi ban hành kết luận.")
        action = _new_action(inspection, finding, description=description,
                             owner_unit=owner_unit, due_on=due_on)
        record(actor, "inspection.action_added", inspection,
               {"action": description, "owner_unit": owner_unit.code, "due_on": due_on})
    return action


def remove_finding(actor, finding) -> None:
    scope = Scope(actor)
    with transaction.atomic():
        inspection = _lock(finding.inspection)
        _require(is_inspector(scope, inspection))
        if inspection.status != InspectionStatus.INSPECTED:
            raise ValidationError("Kết luận đã ban hành: không xoá được.")
        record(actor, "inspection.finding_removed", inspection, {"finding": finding.text})
        finding.delete()


def conclude(actor, inspection, *, conclusion, concluded_on, conclusion_number="") -> Inspection:
    """Issue the conclusion: actions start running; with no action the inspection is closed."""
    scope = Scope(actor)
    with transaction.atomic():
        inspection = _lock(inspection)
        _require(is_inspector(scope, inspection))
        if inspection.status != InspectionStatus.INSPECTED:
            raise ValidationError("Chỉ ban hành kết luận sau khi đoàn đã chấm điểm.")
        if concluded_on < (inspection.inspected_on or concluded_on):
            raise ValidationError("Ngày kết luận không thể trước ngày kiểm tra.")
        actions = list(inspection.actions.select_related("owner_unit"))
        old = inspection.status
        inspection.conclusion = conclusion
        inspection.concluded_on = concluded_on
        inspection.conclusion_number = conclusion_number
        inspection.status = InspectionStatus.CONCLUDED if actions else InspectionStatus.CLOSED
        inspection.closed_on = None if actions else concluded_on
        inspection.save(update_fields=["conclusion", "concluded_on", "conclusion_number",
                                       "status", "closed_on"])
        record(actor, "inspection.concluded", inspection,
               {"status": [old, inspection.status], "concluded_on": concluded_on,
                "actions": len(actions)})
        for owner in {a.owner_unit_id: a.owner_unit for a in actions}.values():
            mine = [a for a in actions if a.owner_unit_id == owner.pk]
            notify(
                units=[owner],
                message=(f"Kết luận kiểm tra công tác thi đua, khen thưởng năm "
                         f"{inspection.plan.year}: đơn vị có {len(mine)} biện pháp khắc phục, "
                         f"hạn sớm nhất {min(a.due_on for a in mine):%d/%m/%Y}."),
                link=reverse("inspections:detail", args=[inspection.pk]), kind="inspection",
                key=f"inspection:{inspection.pk}:concluded:{owner.pk}",
                due_on=min(a.due_on for a in mine),
            )
    return inspection


def _lock_action(action) -> CorrectiveAction:
    return CorrectiveAction.objects.select_for_update().select_related(
        "owner_unit", "inspection__plan__issuing_unit", "inspection__unit").get(pk=action.pk)


def submit_evidence(actor, action, *, report: str, files=()) -> CorrectiveAction:
    """The owner unit reports what it did, with evidence files; the inspector is told."""
    scope = Scope(actor)
    with transaction.atomic():
        action = _lock_action(action)
        _require(is_owner(scope, action))
        if action.status not in OPEN_ACTION:
            raise ValidationError("Biện pháp này không ở trạng thái chờ khắc phục.")
        if not report.strip() and not files and not action.evidence.exists():
            raise ValidationError("Ghi kết quả khắc phục hoặc đính kèm ít nhất một minh chứng.")
        names = _store_files(actor, action.inspection, files, action=action)
        old = action.status
        action.report = report
        action.status = ActionStatus.SUBMITTED
        action.submitted_at = timezone.now()
        action.save(update_fields=["report", "status", "submitted_at"])
        record(actor, "inspection.action_submitted", action,
               {"status": [old, action.status], "files": names})
        notify(
            units=[action.inspection.plan.issuing_unit],
            message=f"{action.owner_unit.name} đã gửi minh chứng khắc phục: "
                    f"“{action.description[:150]}”. Đề nghị nghiệm thu.",
            link=reverse("inspections:action", args=[action.pk]), kind="inspection",
            key=f"inspection-action:{action.pk}:submitted:{action.submitted_at:%Y%m%d%H%M%S%f}",
        )
    return action


def decide_action(actor, action, *, accept: bool, note: str = "") -> CorrectiveAction:
    """The inspector accepts the evidence (the action is closed) or returns it with a reason.
    The inspection closes when its last action is accepted."""
    scope = Scope(actor)
    with transaction.atomic():
        action = _lock_action(action)
        _require(is_inspector(scope, action.inspection))
        if action.status != ActionStatus.SUBMITTED:
            raise ValidationError("Chỉ nghiệm thu biện pháp đã gửi minh chứng.")
        if not accept and not note.strip():
            raise ValidationError("Ghi lý do trả lại để đơn vị biết cần khắc phục gì thêm.")
        old = action.status
        action.status = ActionStatus.ACCEPTED if accept else ActionStatus.RETURNED
        action.decided_at = timezone.now()
        action.decided_by = actor
        action.decision_note = note
        action.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        record(actor, "inspection.action_accepted" if accept else "inspection.action_returned",
               action, {"status": [old, action.status], "note": note})
        inspection = _lock(action.inspection)
        if accept and not inspection.actions.exclude(status=ActionStatus.ACCEPTED).exists():
            inspection.status = InspectionStatus.CLOSED
            inspection.closed_on = timezone.localdate()
            inspection.save(update_fields=["status", "closed_on"])
            record(actor, "inspection.closed", inspection,
                   {"status": [InspectionStatus.CONCLUDED, InspectionStatus.CLOSED]})
        notify(
            units=[action.owner_unit],
            message=(f"Biện pháp khắc phục “{action.description[:150]}” đã được nghiệm thu."
                     if accept else
                     f"Minh chứng khắc phục “{action.description[:150]}” bị trả lại: {note}"),
            link=reverse("inspections:action", args=[action.pk]), kind="inspection",
            key=f"inspection-action:{action.pk}:{action.status}:{action.decided_at:%Y%m%d%H%M%S%f}",
        )
    return action


# --- reminders and escalation ----------------------------------------------------------------


def send_reminders(today=None, within_days: int = 7) -> int:
    """Daily: an action still open and due within `within_days` days → its owner unit is
    reminded; overdue → the owner unit and the inspecting unit (escalation); a self-inspection
    not sent as its deadline nears or passes (before the visit) → the inspected unit.
    Idempotent per action (inspection) and day (notification key). Returns how many
    notifications were created."""
    day = _today(today)
    horizon = day + datetime.timedelta(days=within_days)
    actions = CorrectiveAction.objects.filter(
        status__in=OPEN_ACTION, due_on__lte=horizon,
        inspection__status=InspectionStatus.CONCLUDED,
    ).select_related("owner_unit", "inspection__plan__issuing_unit", "inspection__unit")
    created = 0
    for action in actions:
        link = reverse("inspections:action", args=[action.pk])
        text = action.description[:150]
        if action.due_on < day:
            late = (day - action.due_on).days
            created += notify(
                units=[action.owner_unit, action.inspection.plan.issuing_unit],
                message=(f"Quá hạn {late} ngày: biện pháp khắc phục “{text}” của "
                         f"{action.owner_unit.name} (hạn {action.due_on:%d/%m/%Y}) chưa được "
                         "thực hiện xong."),
                link=link, kind="overdue", key=f"inspection-action:{action.pk}:overdue:{day}",
                due_on=action.due_on,
            )
        else:
            left = (action.due_on - day).days
            when = "hôm nay" if left == 0 else f"còn {left} ngày"
            created += notify(
                units=[action.owner_unit],
                message=(f"Đến hạn khắc phục ({when}, hạn {action.due_on:%d/%m/%Y}): “{text}”."),
                link=link, kind="reminder", key=f"inspection-action:{action.pk}:due:{day}",
                due_on=action.due_on,
            )
    return created + _self_inspection_reminders(day, horizon)


def _self_inspection_reminders(day, horizon) -> int:
    """Units that have not sent their self-inspection as its deadline nears or passes (until
    the team's visit starts)."""
    created = 0
    pending = Inspection.objects.filter(
        status=InspectionStatus.PLANNED, self_due_on__isnull=False, self_due_on__lte=horizon,
        starts_on__gte=day,
    ).select_related("unit", "plan__issuing_unit")
    for inspection in pending:
        due = inspection.self_due_on
        when = f"đã quá hạn ({due:%d/%m/%Y})" if due < day else f"hạn {due:%d/%m/%Y}"
        created += notify(
            units=[inspection.unit],
            message=(f"Chưa gửi kết quả tự kiểm tra công tác thi đua, khen thưởng năm "
                     f"{inspection.plan.year} ({when}); đoàn của "
                     f"{inspection.plan.issuing_unit.name} làm việc từ "
                     f"{inspection.starts_on:%d/%m/%Y}."),
            link=reverse("inspections:self", args=[inspection.pk]), kind="reminder",
            key=f"inspection:{inspection.pk}:self-reminder:{day}", due_on=due,
        )
    return created
