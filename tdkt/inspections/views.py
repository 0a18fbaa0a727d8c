"""Thin views: resolve the scope, fetch through scoped getters, validate, call a service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdkt.accounts.models import WRITE_ROLES
from tdkt.accounts.scoping import scope_of
from tdkt.organisation.models import Unit
from tdkt.organisation.selectors import children_of

from . import docs, next_steps, selectors, services
from .forms import (
    ConcludeForm,
    DecisionForm,
    EvidenceForm,
    FindingForm,
    InspectionEditForm,
    InspectionForm,
    ItemForm,
    PlanForm,
    SourceNoteForm,
    TeamForm,
    parse_answers,
    parse_files,
)
from .models import (
    OPEN_ACTION,
    ActionStatus,
    ChecklistItem,
    ChecklistTemplate,
    InspectionStatus,
    Side,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _writable_units(scope):
    """Units the user may issue a plan for: the units of their write grants."""
    if scope.user.is_superuser:
        return list(Unit.objects.filter(depth=1))
    ids = {g.unit_id for g in scope.grants if g.role in WRITE_ROLES}
    return list(Unit.objects.filter(pk__in=ids).order_by("path"))


def index(request):
    scope = scope_of(request)
    today = timezone.localdate()
    plans = list(
        selectors.visible_plans(scope).select_related("issuing_unit")
        .annotate(n=Count("inspections"))[:50]
    )
    inspections = list(
        selectors.visible_inspections(scope)
        .select_related("unit", "plan__issuing_unit")
        .annotate(
            n_actions=Count("actions"),
            n_open=Count("actions", filter=Q(actions__status__in=("open", "returned"))),
        )
        .order_by("-plan__year", "starts_on", "id")[:200]
    )
    actions = list(
        selectors.visible_actions(scope)
        .exclude(status=ActionStatus.ACCEPTED)
        .select_related("owner_unit", "inspection__unit")
        .order_by("due_on", "id")[:200]
    )
    counts = selectors.action_counts(selectors.visible_actions(scope), today)
    return render(request, "inspections/index.html", {
        "plans": plans, "inspections": inspections, "actions": actions, "today": today,
        "counts": counts, "chart": _chart(counts),
        "can_plan": bool(_writable_units(scope)),
        "is_department": services.is_department(scope),
    })


def _chart(counts):
    try:
        from tdkt.dashboard.charts import Chart
    except ImportError:  # the dashboard app is not there: the table below says the same
        return None
    return Chart(
        title="Biện pháp khắc phục theo trạng thái",
        categories=["Đang khắc phục (trong hạn)", "Quá hạn", "Chờ nghiệm thu", "Đã đóng"],
        series=[("Số biện pháp", [counts["open"], counts["overdue"], counts["submitted"],
                                  counts["accepted"]])],
        kind="bar", unit="biện pháp",
    )


def plan_create(request):
    scope = scope_of(request)
    units = _writable_units(scope)
    if not units:
        raise PermissionDenied("Vai trò của bạn không lập kế hoạch kiểm tra.")
    form = PlanForm(request.POST or None, units=units,
                    initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "Đã tạo kế hoạch kiểm tra. Thêm các đơn vị được kiểm tra.")
            return redirect("inspections:plan", plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


def plan_detail(request, plan_pk):
    scope = scope_of(request)
    plan = selectors.plan_for(scope, plan_pk)
    can_edit = scope.can_write(plan.issuing_unit)
    form = None
    if can_edit:
        services.default_template(request.user)
        form = InspectionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("unit_code")
            try:
                inspection = services.add_inspection(request.user, plan, unit=form.unit, **data)
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, f"Đã thêm cuộc kiểm tra {inspection.unit.name}; đơn "
                                          "vị đã được thông báo để tự kiểm tra.")
                return redirect("inspections:plan", plan.pk)
    elif request.method == "POST":
        raise PermissionDenied(services.NOT_ALLOWED)
    inspections = (selectors.visible_inspections(scope).filter(plan=plan)
                   .select_related("unit", "template"))
    return render(request, "inspections/plan_detail.html", {
        "plan": plan, "inspections": inspections, "form": form, "can_edit": can_edit,
        # suggestions for the unit code: the issuing unit's direct sub-units
        "candidates": children_of(plan.issuing_unit) if can_edit else [],
    })


def _inspection_context(scope, inspection):
    rows = selectors.checklist_rows(inspection)
    return {
        "inspection": inspection, "rows": rows,
        "self_total": selectors.total(rows, Side.SELF),
        "team_total": selectors.total(rows, Side.TEAM),
        "is_inspector": services.is_inspector(scope, inspection),
        "is_inspected": services.is_inspected(scope, inspection),
        "S": InspectionStatus,
    }


def inspection_detail(request, inspection_pk):
    scope = scope_of(request)
    inspection = selectors.inspection_for(scope, inspection_pk)
    findings = list(inspection.findings.select_related("item").prefetch_related(
        "actions__owner_unit"))
    open_actions = sum(1 for f in findings for a in f.actions.all() if a.status in OPEN_ACTION)
    step = next_steps.for_inspection(
        inspection, inspector=services.is_inspector(scope, inspection),
        inspected=services.is_inspected(scope, inspection), open_actions=open_actions)
    return render(request, "inspections/detail.html", {
        **_inspection_context(scope, inspection), "findings": findings, "step": step,
        "today": timezone.localdate(),
    })


def inspection_edit(request, inspection_pk):
    scope = scope_of(request)
    inspection = selectors.inspection_for(scope, inspection_pk)
    if not services.is_inspector(scope, inspection):
        raise PermissionDenied(services.NOT_ALLOWED)
    initial = {f: getattr(inspection, f) for f in services.EDITABLE_FIELDS}
    form = InspectionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_inspection(request.user, inspection, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "Đã lưu thay đổi của cuộc kiểm tra.")
            return redirect("inspections:detail", inspection.pk)
    return render(request, "inspections/edit.html", {"inspection": inspection, "form": form})


def self_assessment(request, inspection_pk):
    scope = scope_of(request)
    inspection = selectors.inspection_for(scope, inspection_pk)
    if not services.is_inspected(scope, inspection):
        raise PermissionDenied(services.NOT_ALLOWED)
    items = list(inspection.template.items.all())
    editable = inspection.status == InspectionStatus.PLANNED
    if request.method == "POST":
        if not editable:
            messages.error(request, "Đơn vị đã gửi tự kiểm tra: không sửa được nữa.")
            return redirect("inspections:detail", inspection.pk)
        submit = "gui" in request.POST
        try:
            files = parse_files(request.FILES, items, "tu")
            services.save_self_assessment(
                request.user, inspection, answers=parse_answers(request.POST, items, "tu"),
                summary=request.POST.get("self_summary", "")[:5000], files=files, submit=submit)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            if submit:
                messages.success(request, "Đã gửi kết quả tự kiểm tra tới đoàn kiểm tra.")
                return redirect("inspections:detail", inspection.pk)
            messages.success(request, "Đã lưu; bấm “Gửi kết quả tự kiểm tra” khi xong.")
            return redirect("inspections:self", inspection.pk)
    return render(request, "inspections/self.html", {
        **_inspection_context(scope, inspection), "editable": editable,
    })


def team_scores(request, inspection_pk):
    scope = scope_of(request)
    inspection = selectors.inspection_for(scope, inspection_pk)
    if not services.is_inspector(scope, inspection):
        raise PermissionDenied(services.NOT_ALLOWED)
    items = list(inspection.template.items.all())
    editable = inspection.status not in (InspectionStatus.CONCLUDED, InspectionStatus.CLOSED)
    form = TeamForm(request.POST or None, initial={
        "inspected_on": inspection.inspected_on or inspection.starts_on,
        "place": inspection.place or inspection.unit.name,
        "unit_representative": inspection.unit_representative,
    })
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.save_team_scores(
                request.user, inspection, answers=parse_answers(request.POST, items, "doan"),
                **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "Đã lưu kết quả chấm điểm của đoàn. Ghi kết luận, kiến nghị.")
            return redirect("inspections:findings", inspection.pk)
    return render(request, "inspections/team.html", {
        **_inspection_context(scope, inspection), "form": form, "editable": editable,
    })


def _owners(inspection):
    """The inspected unit and its direct sub-units (who may own a corrective action)."""
    unit = inspection.unit
    return Unit.objects.filter(
        Q(pk=unit.pk) | Q(path__startswith=unit.path, depth=unit.depth + 1)).order_by("path")


def findings(request, inspection_pk):
    scope = scope_of(request)
    inspection = selectors.inspection_for(scope, inspection_pk)
    if not services.is_inspector(scope, inspection):
        raise PermissionDenied(services.NOT_ALLOWED)
    owners = _owners(inspection)
    form = FindingForm(request.POST or None, inspection=inspection, owners=owners,
                       initial={"owner_unit": inspection.unit})
    conclude_form = ConcludeForm(initial={
        "concluded_on": timezone.localdate(),
        "conclusion_number": inspection.conclusion_number,
        "conclusion": inspection.conclusion,
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = None
        if data["action"]:
            action = {"description": data["action"], "owner_unit": data["owner_unit"],
                      "due_on": data["due_on"]}
        try:
            services.add_finding(request.user, inspection, text=data["text"],
                                 recommendation=data["recommendation"], item=data["item"],
                                 action=action)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "Đã ghi kết luận.")
            return redirect("inspections:findings", inspection.pk)
    found = list(inspection.findings.select_related("item").prefetch_related(
        "actions__owner_unit"))
    return render(request, "inspections/findings.html", {
        **_inspection_context(scope, inspection), "form": form, "findings": found,
        "conclude_form": conclude_form,
        "editable": inspection.status == InspectionStatus.INSPECTED,
    })


@require_POST
def conclude(request, inspection_pk):
    scope = scope_of(request)
    inspection = selectors.inspection_for(scope, inspection_pk)
    if not services.is_inspector(scope, inspection):
        raise PermissionDenied(services.NOT_ALLOWED)
    form = ConcludeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kết luận chưa hợp lệ: " + " ".join(
            e for errors in form.errors.values() for e in errors))
        return redirect("inspections:findings", inspection.pk)
    try:
        services.conclude(request.user, inspection, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("inspections:findings", inspection.pk)
    messages.success(request, "Đã ban hành kết luận kiểm tra; đơn vị được thông báo các biện "
                              "pháp khắc phục.")
    return redirect("inspections:detail", inspection.pk)


@require_POST
def finding_remove(request, finding_pk):
    from .models import Finding

    scope = scope_of(request)
    finding = selectors.get_or_404(
        Finding.objects.filter(inspection__in=selectors.visible_inspections(scope))
        .select_related("inspection__plan__issuing_unit", "inspection__unit"), pk=finding_pk)
    if not services.is_inspector(scope, finding.inspection):
        raise PermissionDenied(services.NOT_ALLOWED)
    try:
        services.remove_finding(request.user, finding)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "Đã xoá kết luận.")
    return redirect("inspections:findings", finding.inspection_id)


def action_detail(request, action_pk):
    scope = scope_of(request)
    action = selectors.action_for(scope, action_pk)
    owner = services.is_owner(scope, action)
    inspector = services.is_inspector(scope, action.inspection)
    evidence_form = EvidenceForm(initial={"report": action.report})
    decision_form = DecisionForm()
    if request.method == "POST":
        step = request.POST.get("buoc", "")
        try:
            if step == "minh-chung":
                if not owner:
                    raise PermissionDenied(services.NOT_ALLOWED)
                evidence_form = EvidenceForm(request.POST, request.FILES)
                if evidence_form.is_valid():
                    services.submit_evidence(request.user, action,
                                             report=evidence_form.cleaned_data["report"],
                                             files=evidence_form.cleaned_data["files"])
                    messages.success(request, "Đã gửi minh chứng khắc phục tới đoàn kiểm tra.")
                    return redirect("inspections:action", action.pk)
            elif step in ("nghiem-thu", "tra-lai"):
                if not inspector:
                    raise PermissionDenied(services.NOT_ALLOWED)
                decision_form = DecisionForm(request.POST)
                if decision_form.is_valid():
                    accept = step == "nghiem-thu"
                    services.decide_action(request.user, action, accept=accept,
                                           note=decision_form.cleaned_data["note"])
                    messages.success(request, "Đã nghiệm thu, đóng biện pháp khắc phục."
                                     if accept else "Đã trả lại minh chứng cho đơn vị.")
                    return redirect("inspections:action", action.pk)
            else:
                raise Http404("Thao tác không có.")
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    return render(request, "inspections/action.html", {
        "action": action, "inspection": action.inspection, "owner": owner,
        "inspector": inspector, "evidence_form": evidence_form, "decision_form": decision_form,
        "evidence": list(action.evidence.all()), "today": timezone.localdate(),
        "A": ActionStatus,
    })


def evidence_download(request, evidence_pk):
    scope = scope_of(request)
    ev = selectors.evidence_for(scope, evidence_pk)
    try:
        handle = ev.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    return FileResponse(handle, as_attachment=True, filename=ev.name)


def _docx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def minutes_docx(request, inspection_pk):
    scope = scope_of(request)
    inspection = selectors.inspection_for(scope, inspection_pk)
    if inspection.status in (InspectionStatus.PLANNED, InspectionStatus.SELF_DONE):
        messages.error(request, "Biên bản được lập sau khi đoàn chấm điểm.")
        return redirect("inspections:detail", inspection.pk)
    return _docx(docs.minutes(inspection), f"bien-ban-kiem-tra-{inspection.pk}.docx")


def conclusion_docx(request, inspection_pk):
    scope = scope_of(request)
    inspection = selectors.inspection_for(scope, inspection_pk)
    if inspection.status in (InspectionStatus.PLANNED, InspectionStatus.SELF_DONE):
        messages.error(request, "Kết luận được lập sau khi đoàn chấm điểm.")
        return redirect("inspections:detail", inspection.pk)
    return _docx(docs.conclusion(inspection), f"ket-luan-kiem-tra-{inspection.pk}.docx")


# --- checklist templates (the department) ---------------------------------------------------------


def _require_department(request):
    scope = scope_of(request)
    if not services.is_department(scope):
        raise PermissionDenied("Chỉ Thường trực Hội đồng (Vụ Tổ chức cán bộ) quản lý bộ tiêu chí.")
    return scope


def templates_list(request):
    _require_department(request)
    services.default_template(request.user)
    templates = ChecklistTemplate.objects.annotate(
        n_items=Count("items", distinct=True), n_used=Count("inspections", distinct=True))
    return render(request, "inspections/templates.html", {"templates": templates})


def template_detail(request, checklist_pk):
    _require_department(request)
    template = selectors.get_or_404(ChecklistTemplate.objects, pk=checklist_pk)
    used = services.template_is_used(template)
    item_form = ItemForm(request.POST if request.POST.get("buoc") == "them" else None)
    note_form = SourceNoteForm(request.POST if request.POST.get("buoc") == "nguon" else None,
                               initial={"source_note": template.source_note})
    if request.method == "POST":
        step = request.POST.get("buoc")
        try:
            if step == "phien-ban":
                copy = services.new_version(request.user, template)
                messages.success(request, f"Đã tạo phiên bản {copy.version}; sửa rồi dùng cho "
                                          "các cuộc kiểm tra mới.")
                return redirect("inspections:template", copy.pk)
            if step == "them" and item_form.is_valid():
                data = item_form.cleaned_data
                services.add_item(request.user, template, **{
                    **data, "max_points": data["max_points"] or 0})
                messages.success(request, "Đã thêm tiêu chí.")
                return redirect("inspections:template", template.pk)
            if step == "nguon" and note_form.is_valid():
                services.save_template_note(request.user, template,
                                            note_form.cleaned_data["source_note"])
                messages.success(request, "Đã lưu nguồn, tình trạng.")
                return redirect("inspections:template", template.pk)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    return render(request, "inspections/template_detail.html", {
        "template": template, "items": template.items.all(), "used": used,
        "item_form": item_form, "note_form": note_form,
    })


@require_POST
def item_remove(request, checklist_item_pk):
    _require_department(request)
    item = selectors.get_or_404(ChecklistItem.objects.select_related("template"),
                                pk=checklist_item_pk)
    try:
        services.remove_item(request.user, item)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"Đã xoá tiêu chí {item.code}.")
    return redirect("inspections:template", item.template_id)

