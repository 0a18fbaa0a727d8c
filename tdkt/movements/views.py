"""Thin views: resolve the scope, fetch through scoped getters, validate, call a service."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdkt.accounts.models import WRITE_ROLES
from tdkt.accounts.scoping import scope_of
from tdkt.audit.models import Action
from tdkt.core.pagination import paginate
from tdkt.organisation.models import EmulationCluster, Unit

from . import exports, next_steps, selectors, services
from .forms import (
    CloseVoteForm,
    CriterionForm,
    DocumentForm,
    LeadershipForm,
    MovementForm,
    PactForm,
    ProgressForm,
    ProposalForm,
    RegistrationForm,
    ReturnForm,
    ReviewForm,
    VoteForm,
)
from .models import (
    REVIEW_SLUGS,
    ClusterYear,
    Criterion,
    MovementDocument,
    MovementStatus,
    Registration,
    RegistrationStatus,
    ReviewKind,
    ReviewProposal,
    Score,
    Scorecard,
    ScorecardStatus,
)

NOT_FOUND = "Không tìm thấy hoặc ngoài phạm vi của bạn."


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _movement(request, movement_pk):
    scope = scope_of(request)
    movement = (
        selectors.visible_movements(scope)
        .select_related("launching_unit", "parent", "created_by")
        .filter(pk=movement_pk)
        .first()
    )
    if movement is None:
        raise Http404(NOT_FOUND)
    return movement


def _require_manage(request, movement):
    scope_of(request).require_write(movement.launching_unit)


def _require_rollup(request, movement):
    if not selectors.can_read_rollup(scope_of(request), movement):
        raise PermissionDenied("Chỉ đơn vị phát động xem được tổng hợp đăng ký của phong trào.")


# --- movements --------------------------------------------------------------------------


def index(request):
    scope = scope_of(request)
    year = request.GET.get("nam") or ""
    status = request.GET.get("trang_thai") or ""
    year_value = int(year) if year.isdigit() else None
    status_value = status if status in MovementStatus.values else None
    qs = selectors.movements_page(scope, year_value, status_value)
    if exports.wants_xlsx(request):
        rows = [
            (m.name, m.get_kind_display(), m.year, m.launching_unit.name, m.theme,
             m.starts_on.strftime("%d/%m/%Y"), m.ends_on.strftime("%d/%m/%Y"),
             m.registration_deadline.strftime("%d/%m/%Y") if m.registration_deadline else "",
             m.get_status_display(), m.n_units, m.n_approved)
            for m in qs
        ]
        return exports.xlsx_response(
            "phong-trao-thi-dua.xlsx", "Phong trào thi đua",
            ["Tên phong trào", "Loại", "Năm", "Đơn vị phát động", "Chủ đề", "Từ ngày",
             "Đến ngày", "Hạn đăng ký", "Trạng thái", "Số đơn vị", "Đã duyệt đăng ký"],
            rows,
        )
    return render(request, "movements/index.html", {
        "page": paginate(request, qs),
        "notifications": selectors.unread_notifications(request.user, scope),
        "can_create": bool(scope.paths(WRITE_ROLES)),
        "statuses": MovementStatus.choices,
        "year": year, "status": status,
        "today": timezone.localdate(),
    })


def _launchable_units(scope):
    roots = scope.paths(WRITE_ROLES)
    if roots == [""]:
        return list(Unit.objects.filter(depth=1))
    return list(Unit.objects.filter(path__in=roots).order_by("path"))


def movement_create(request):
    scope = scope_of(request)
    units = _launchable_units(scope)
    if not units:
        raise PermissionDenied("Vai trò của bạn không được phát động phong trào.")
    parents = selectors.visible_movements(scope).exclude(status=MovementStatus.CLOSED)
    today = timezone.localdate()
    form = MovementForm(
        request.POST or None, units=units, parents=parents,
        initial={"year": today.year, "kind": "regular", "launching_unit": units[0].pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            movement = services.create_movement(
                request.user, data["launching_unit"],
                {k: data[k] for k in ("name", "kind", "year", "theme", "starts_on", "ends_on",
                                      "registration_deadline", "parent")},
                data["objectives"], data["unit_codes"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã tạo dự thảo phong trào. Kiểm tra rồi bấm “Phát động”.")
            return redirect("movements:detail", movement_pk=movement.pk)
    return render(request, "movements/movement_form.html", {"form": form, "movement": None})


def movement_edit(request, movement_pk):
    movement = _movement(request, movement_pk)
    _require_manage(request, movement)
    if movement.status == MovementStatus.CLOSED:
        messages.error(request, "Phong trào đã kết thúc, không sửa được.")
        return redirect("movements:detail", movement_pk=movement.pk)
    scope = scope_of(request)
    locked = movement.status != MovementStatus.DRAFT
    initial = {
        "launching_unit": movement.launching_unit_id, "name": movement.name,
        "kind": movement.kind, "year": movement.year, "theme": movement.theme,
        "starts_on": movement.starts_on, "ends_on": movement.ends_on,
        "registration_deadline": movement.registration_deadline, "parent": movement.parent_id,
        "objectives": "\n".join(o.text for o in movement.objectives.all()),
        "unit_codes": "\n".join(
            movement.registrations.order_by("unit__path").values_list("unit__code", flat=True)
        ),
    }
    form = MovementForm(
        request.POST or None, initial=initial, units=[movement.launching_unit],
        parents=selectors.visible_movements(scope).exclude(pk=movement.pk), locked=locked,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = ("name", "theme", "ends_on", "registration_deadline")
        if not locked:
            fields += ("kind", "year", "starts_on", "parent")
        try:
            services.update_movement(
                request.user, movement, {k: data[k] for k in fields},
                None if locked else data["objectives"],
                None if locked else data["unit_codes"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu phong trào.")
            return redirect("movements:detail", movement_pk=movement.pk)
    return render(request, "movements/movement_form.html", {"form": form, "movement": movement})


def movement_detail(request, movement_pk):
    scope = scope_of(request)
    movement = _movement(request, movement_pk)
    manage = selectors.can_manage(scope, movement)
    read_rollup = selectors.can_read_rollup(scope, movement)
    step = next_steps.for_movement(movement, manage=manage, today=timezone.localdate())
    return render(request, "movements/movement_detail.html", {
        "step": step,
        "movement": movement,
        "objectives": movement.objectives.all(),
        "documents": movement.documents.all(),
        "reviews": {r.kind: r for r in movement.reviews.all()},
        "children": movement.children.select_related("launching_unit"),
        "manage": manage,
        "read_rollup": read_rollup,
        "rollup": selectors.rollup(movement) if read_rollup else None,
        "own": selectors.own_registrations(scope, movement),
        "next_statuses": [(s, MovementStatus(s).label) for s in movement.next_statuses],
        "document_form": DocumentForm() if manage else None,
        "actions": Action.objects.for_object(movement).select_related("actor")[:30]
        if read_rollup else None,
        "today": timezone.localdate(),
    })


@require_POST
def movement_transition(request, movement_pk):
    movement = _movement(request, movement_pk)
    _require_manage(request, movement)
    to = request.POST.get("to", "")
    try:
        services.transition(request.user, movement, to)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        label = MovementStatus(to).label
        messages.success(request, f"Phong trào đã chuyển sang bước “{label}”.")
        if to == MovementStatus.LAUNCHED:
            n = movement.registrations.count()
            messages.success(request, f"Đã gửi thông báo phát động tới {n} đơn vị.")
    return redirect("movements:detail", movement_pk=movement.pk)


@require_POST
def document_upload(request, movement_pk):
    movement = _movement(request, movement_pk)
    _require_manage(request, movement)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(request.user, movement, form.cleaned_data["kind"],
                                  form.cleaned_data["title"], form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "Đã đính kèm văn bản.")
    else:
        errors = [e for errs in form.errors.values() for e in errs]
        messages.error(request, "Không đính kèm được: " + " ".join(errors))
    return redirect("movements:detail", movement_pk=movement.pk)


def document_download(request, document_pk):
    scope = scope_of(request)
    doc = MovementDocument.objects.filter(
        pk=document_pk, movement__in=selectors.visible_movements(scope)
    ).first()
    if doc is None:
        raise Http404(NOT_FOUND)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    return FileResponse(handle, as_attachment=True, filename=doc.filename)


def rollup_view(request, movement_pk):
    movement = _movement(request, movement_pk)
    _require_rollup(request, movement)
    today = timezone.localdate()
    roll = selectors.rollup(movement, today)
    status = request.GET.get("trang_thai", "")
    rows = roll.rows
    if status in RegistrationStatus.values:
        rows = [r for r in rows if r["status"] == status]
    if exports.wants_xlsx(request):
        data = [
            (reg.unit.code, reg.unit.name, r["label"], reg.get_collective_title_display(),
             reg.n_individuals,
             timezone.localtime(reg.submitted_at).strftime("%d/%m/%Y %H:%M")
             if reg.submitted_at else "",
             "Quá hạn" if reg.overdue else "", reg.return_reason
             if reg.status == RegistrationStatus.RETURNED else "")
            for r in rows for reg in r["items"]
        ]
        return exports.xlsx_response(
            f"tong-hop-dang-ky-{movement.pk}.xlsx", "Tổng hợp đăng ký thi đua",
            ["Mã đơn vị", "Đơn vị", "Trạng thái", "Danh hiệu tập thể", "Số cá nhân đăng ký",
             "Gửi lúc", "Hạn", "Lý do trả lại"],
            data,
        )
    return render(request, "movements/rollup.html", {
        "movement": movement, "rollup": roll, "rows": rows, "status": status, "today": today,
        "manage": selectors.can_manage(scope_of(request), movement),
    })


def individuals_view(request, movement_pk):
    movement = _movement(request, movement_pk)
    _require_rollup(request, movement)
    status = request.GET.get("trang_thai", "")
    qs = selectors.individual_rows(
        movement, status if status in RegistrationStatus.values else None
    )
    if exports.wants_xlsx(request):
        return exports.xlsx_response(
            f"ca-nhan-dang-ky-{movement.pk}.xlsx", "Cá nhân đăng ký thi đua",
            ["Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu đăng ký", "Trạng thái đăng ký"],
            [(i.person.full_name, i.person.position, i.registration.unit.name,
              i.get_title_display(), i.registration.get_status_display()) for i in qs],
        )
    return render(request, "movements/individuals.html", {
        "movement": movement, "page": paginate(request, qs), "status": status,
        "statuses": RegistrationStatus.choices,
    })


# --- registrations ----------------------------------------------------------------------


def _registration(request, registration_pk):
    scope = scope_of(request)
    reg = (
        Registration.objects.select_related("movement__launching_unit", "unit")
        .filter(pk=registration_pk).first()
    )
    if reg is None or not selectors.can_see_registration(scope, reg):
        raise Http404(NOT_FOUND)
    return reg


def registration_detail(request, registration_pk):
    scope = scope_of(request)
    reg = _registration(request, registration_pk)
    movement = reg.movement
    manage = selectors.can_manage(scope, movement)
    writer = scope.can_write(reg.unit)
    targets = list(reg.targets.all())
    latest = selectors.latest_progress(reg)
    for t in targets:
        t.latest = latest.get(t.pk)
    step = next_steps.for_registration(
        reg, writer=writer, decider=manage, registration_open=movement.registration_open)
    return render(request, "movements/registration_detail.html", {
        "reg": reg, "movement": movement, "targets": targets, "step": step,
        "individuals": reg.individuals.select_related("person__unit"),
        "events": reg.events.select_related("actor"),
        "can_edit": writer and reg.editable and movement.registration_open,
        "can_decide": manage and reg.status == RegistrationStatus.SUBMITTED,
        "can_progress": writer and reg.status == RegistrationStatus.APPROVED
        and movement.status in (MovementStatus.UNDER_WAY, MovementStatus.MIDTERM),
        "return_form": ReturnForm(),
        "reports": reg.progress_reports.select_related("created_by")[:10],
        # models of advanced exemplars the unit registered to replicate within this movement
        "adoptions": reg.exemplar_adoptions.select_related("exemplar__unit").order_by(
            "starts_on", "pk"),
        "today": timezone.localdate(),
    })


def registration_edit(request, registration_pk):
    from tdkt.people.models import Person

    scope = scope_of(request)
    reg = _registration(request, registration_pk)
    scope.require_write(reg.unit)
    if not (reg.editable and reg.movement.registration_open):
        messages.error(request, "Đăng ký không sửa được ở trạng thái hiện tại.")
        return redirect("movements:registration", registration_pk=reg.pk)
    people = Person.objects.filter(unit__path__startswith=reg.unit.path).select_related(
        "unit").order_by("unit__path", "sort_key", "id")
    current = dict(reg.individuals.values_list("person_id", "title"))
    initial = {
        "collective_title": reg.collective_title,
        "targets": "\n".join(reg.targets.values_list("text", flat=True)),
        "commitment": reg.commitment,
    }
    form = RegistrationForm(request.POST or None, initial=initial, people=people,
                            current=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_registration(
                request.user, reg, data["collective_title"], data["targets"],
                data["individuals"], data["commitment"],
            )
            if "gui" in request.POST:
                services.submit_registration(request.user, reg)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "gui" in request.POST:
                messages.success(request, "Đã gửi đăng ký thi đua lên đơn vị phát động.")
            else:
                messages.success(request, "Đã lưu đăng ký (chưa gửi).")
            return redirect("movements:registration", registration_pk=reg.pk)
    return render(request, "movements/registration_form.html", {
        "reg": reg, "movement": reg.movement, "form": form,
    })


@require_POST
def registration_submit(request, registration_pk):
    reg = _registration(request, registration_pk)
    scope_of(request).require_write(reg.unit)
    try:
        services.submit_registration(request.user, reg)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "Đã gửi đăng ký thi đua lên đơn vị phát động.")
    return redirect("movements:registration", registration_pk=reg.pk)


def _require_decide(request, reg):
    if not selectors.can_manage(scope_of(request), reg.movement):
        raise PermissionDenied("Chỉ đơn vị phát động duyệt hoặc trả lại đăng ký.")


@require_POST
def registration_approve(request, registration_pk):
    reg = _registration(request, registration_pk)
    _require_decide(request, reg)
    try:
        services.approve_registration(request.user, reg)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"Đã duyệt đăng ký của {reg.unit}.")
    return redirect("movements:registration", registration_pk=reg.pk)


@require_POST
def registration_return(request, registration_pk):
    reg = _registration(request, registration_pk)
    _require_decide(request, reg)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_registration(request.user, reg, form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, f"Đã trả lại đăng ký của {reg.unit} để bổ sung.")
    else:
        messages.error(request, "Nhập lý do trả lại để đơn vị bổ sung.")
    return redirect("movements:registration", registration_pk=reg.pk)


def registration_progress(request, registration_pk):
    scope = scope_of(request)
    reg = _registration(request, registration_pk)
    scope.require_write(reg.unit)
    targets = list(reg.targets.all())
    form = ProgressForm(
        request.POST or None, targets=targets, latest=selectors.latest_progress(reg),
        initial={"reported_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_progress(request.user, reg, form.cleaned_data["reported_on"],
                                     form.cleaned_data["note"], form.items())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã ghi nhận tiến độ thực hiện chỉ tiêu.")
            return redirect("movements:registration", registration_pk=reg.pk)
    return render(request, "movements/progress_form.html", {
        "reg": reg, "movement": reg.movement, "form": form,
    })


# --- reviews ----------------------------------------------------------------------------


def review_view(request, movement_pk, review_kind):
    kind = REVIEW_SLUGS.get(review_kind)
    movement = _movement(request, movement_pk)
    if kind is None:
        raise Http404(NOT_FOUND)
    scope = scope_of(request)
    manage = selectors.can_manage(scope, movement)
    read_rollup = selectors.can_read_rollup(scope, movement)
    review = movement.reviews.filter(kind=kind).first()
    proposals = selectors.review_proposals(movement=movement, kind=kind) if read_rollup else []
    if exports.wants_xlsx(request):
        _require_rollup(request, movement)
        return exports.xlsx_response(
            f"de-nghi-khen-thuong-{review_kind}-{movement.pk}.xlsx",
            f"Đề nghị khen thưởng – {ReviewKind(kind).label}",
            ["Đối tượng", "Loại", "Đơn vị", "Hình thức đề nghị", "Thành tích"],
            [(str(p.subject), "Cá nhân" if p.person_id else "Tập thể",
              (p.person.unit.name if p.person_id else p.unit.name),
              p.get_award_code_display(), p.reason) for p in proposals],
        )
    review_form = ReviewForm(
        initial={"held_on": review.held_on if review else timezone.localdate(),
                 "results": review.results if review else "",
                 "findings": review.findings if review else ""}
    )
    proposal_form = ProposalForm()
    if request.method == "POST":
        scope.require_write(movement.launching_unit)
        action = request.POST.get("action")
        try:
            if action == "review":
                review_form = ReviewForm(request.POST)
                if review_form.is_valid():
                    d = review_form.cleaned_data
                    services.save_review(request.user, movement, kind, d["held_on"],
                                         d["results"], d["findings"])
                    messages.success(request, f"Đã lưu kết quả {ReviewKind(kind).label.lower()}.")
                    return redirect(request.path)
            elif action == "proposal":
                proposal_form = ProposalForm(request.POST)
                if review is None:
                    proposal_form.add_error(None, "Lưu kết quả hội nghị trước khi thêm đề nghị.")
                elif proposal_form.is_valid():
                    d = proposal_form.cleaned_data
                    services.add_proposal(request.user, review, d["award_code"], d["reason"],
                                          unit=d["unit"], person=d["person"])
                    messages.success(request, "Đã thêm đề nghị khen thưởng.")
                    return redirect(request.path)
        except ValidationError as exc:
            target = review_form if action == "review" else proposal_form
            target.add_error(None, exc)
    return render(request, "movements/review.html", {
        "movement": movement, "kind": kind, "kind_label": ReviewKind(kind).label,
        "slug": review_kind, "review": review, "proposals": proposals, "manage": manage,
        "read_rollup": read_rollup,
        "allowed": movement.status in services.REVIEW_ALLOWED[kind],
        "review_form": review_form, "proposal_form": proposal_form,
    })


@require_POST
def proposal_remove(request, proposal_pk):
    scope = scope_of(request)
    proposal = scope.get(
        ReviewProposal.objects.select_related("review__movement__launching_unit"),
        pk=proposal_pk,
    )
    movement = proposal.review.movement
    scope.require_write(movement.launching_unit)
    slug = proposal.review.slug
    try:
        services.remove_proposal(request.user, proposal)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "Đã bỏ đề nghị.")
    return redirect("movements:review", movement_pk=movement.pk, review_kind=slug)


# --- clusters ---------------------------------------------------------------------------


def _year_param(request) -> int:
    value = request.GET.get("nam", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else \
        timezone.localdate().year


def clusters(request):
    scope = scope_of(request)
    year = _year_param(request)
    rows = selectors.cluster_overview(scope, year)
    if exports.wants_xlsx(request):
        return exports.xlsx_response(
            f"cum-khoi-thi-dua-{year}.xlsx", f"Cụm, khối thi đua {year}",
            ["Mã cụm", "Cụm, khối", "Số thành viên", "Cụm trưởng", "Ngày ký giao ước",
             "Số tiêu chí", "Bảng điểm đã gửi", "Số phiếu suy tôn", "Đề nghị Cờ thi đua ngành"],
            [(r["cluster"].code, r["cluster"].name, r["size"], r["head"].name if r["head"] else "",
              r["cy"].pact_signed_on.strftime("%d/%m/%Y")
              if r["cy"] and r["cy"].pact_signed_on else "",
              r["cy"].n_criteria if r["cy"] else 0, r["cy"].n_cards if r["cy"] else 0,
              r["cy"].n_votes if r["cy"] else 0, r["flag"].unit.name if r["flag"] else "")
             for r in rows],
        )
    return render(request, "movements/clusters.html", {
        "rows": rows, "year": year, "years": range(timezone.localdate().year + 1, 2023, -1),
        "flags": [r["flag"] for r in rows if r["flag"]],
    })


class ClusterContext:
    def __init__(self, request, cluster_code, cluster_year):
        self.scope = scope_of(request)
        self.cluster = EmulationCluster.objects.filter(code=cluster_code).first()
        if self.cluster is None:
            raise Http404(NOT_FOUND)
        self.year = cluster_year
        self.memberships = selectors.members(self.cluster, cluster_year)
        visible = selectors.visible_memberships(self.scope, cluster_year).filter(
            cluster=self.cluster).exists()
        if not self.memberships or not visible:
            raise Http404(NOT_FOUND)
        self.cy = ClusterYear.objects.filter(cluster=self.cluster, year=cluster_year).first()
        self.units = [m.unit for m in self.memberships]
        self.head = selectors.head_unit(self.memberships)
        self.manage = selectors.can_manage_cluster(self.scope, self.memberships)
        self.dept = selectors.is_emulation_manager(self.scope, self.memberships)

    def require_manage(self):
        if not self.manage:
            raise PermissionDenied("Chỉ cụm trưởng hoặc Thường trực Hội đồng TĐKT thực hiện.")

    def open(self, user) -> ClusterYear:
        if self.cy is None:
            self.cy = services.open_cluster_year(user, self.cluster, self.year)
        return self.cy

    def member(self, unit_code) -> Unit:
        unit = next((u for u in self.units if u.code == unit_code), None)
        if unit is None:
            raise Http404(NOT_FOUND)
        return unit

    def url(self, name="cluster_year", **extra):
        return reverse(f"movements:{name}", kwargs={
            "cluster_code": self.cluster.code, "cluster_year": self.year, **extra})

    def as_dict(self):
        return {"cluster": self.cluster, "year": self.year, "memberships": self.memberships,
                "cy": self.cy, "head": self.head, "manage": self.manage, "dept": self.dept}


def cluster_year(request, cluster_code, cluster_year):
    ctx = ClusterContext(request, cluster_code, cluster_year)
    cy = ctx.cy
    ranks = selectors.ranking(cy) if cy else []
    writable = [u for u in ctx.units if ctx.scope.can_write(u)]
    return render(request, "movements/cluster_year.html", {
        **ctx.as_dict(),
        "pact_targets": cy.pact_targets.all() if cy else [],
        "criteria": cy.criteria.all() if cy else [],
        "ranks": ranks,
        "tie_rule": selectors.TIE_RULE,
        "tally": selectors.vote_tally(cy) if cy else [],
        "criterion_form": CriterionForm() if ctx.manage else None,
        "own_units": writable,
        "rubric_locked": bool(cy) and Score.objects.filter(criterion__cluster_year=cy).exists(),
    })


def cluster_leadership(request, cluster_code, cluster_year):
    ctx = ClusterContext(request, cluster_code, cluster_year)
    if not ctx.dept:
        raise PermissionDenied("Thường trực Hội đồng TĐKT phân công cụm trưởng, cụm phó.")
    from tdkt.organisation.models import ClusterRole

    form = LeadershipForm(
        request.POST or None, memberships=ctx.memberships,
        initial={"head": ctx.head.pk if ctx.head else None,
                 "deputies": [m.unit.pk for m in ctx.memberships
                              if m.role == ClusterRole.DEPUTY]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_leadership(request.user, ctx.cluster, ctx.year,
                                    form.cleaned_data["head_unit"],
                                    form.cleaned_data["deputy_units"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã phân công cụm trưởng, cụm phó.")
            return redirect(ctx.url())
    return render(request, "movements/cluster_form.html", {
        **ctx.as_dict(), "form": form, "heading": "Cụm trưởng, cụm phó", "multipart": False,
    })


def cluster_pact(request, cluster_code, cluster_year):
    ctx = ClusterContext(request, cluster_code, cluster_year)
    ctx.require_manage()
    cy = ctx.cy
    initial = {}
    if cy:
        initial = {"signed_on": cy.pact_signed_on, "place": cy.pact_place,
                   "content": cy.pact_content, "scoring_deadline": cy.scoring_deadline,
                   "targets": "\n".join(cy.pact_targets.values_list("text", flat=True))}
    form = PactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.save_pact(request.user, ctx.open(request.user), d["signed_on"], d["place"],
                               d["content"], d["targets"], d["scoring_deadline"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu giao ước thi đua.")
            return redirect(ctx.url())
    return render(request, "movements/cluster_form.html", {
        **ctx.as_dict(), "form": form, "heading": "Giao ước thi đua", "multipart": False,
    })


@require_POST
def criterion_add(request, cluster_code, cluster_year):
    ctx = ClusterContext(request, cluster_code, cluster_year)
    ctx.require_manage()
    form = CriterionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_criterion(request.user, ctx.open(request.user), d["kind"], d["title"],
                                   d["max_points"], d["evidence_required"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "Đã thêm tiêu chí.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(ctx.url() + "#tieu-chi")


@require_POST
def criterion_remove(request, cluster_code, cluster_year, criterion_pk):
    ctx = ClusterContext(request, cluster_code, cluster_year)
    ctx.require_manage()
    criterion = Criterion.objects.filter(pk=criterion_pk, cluster_year=ctx.cy).first()
    if criterion is None:
        raise Http404(NOT_FOUND)
    try:
        services.remove_criterion(request.user, criterion)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "Đã bỏ tiêu chí.")
    return redirect(ctx.url() + "#tieu-chi")


def _decimal(value):
    try:
        return Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        return None


def scorecard_view(request, cluster_code, cluster_year, unit_code):
    ctx = ClusterContext(request, cluster_code, cluster_year)
    unit = ctx.member(unit_code)
    cy = ctx.cy
    if cy is None or not cy.criteria.exists():
        messages.error(request, "Cụm chưa ban hành bộ tiêu chí chấm điểm năm này.")
        return redirect(ctx.url())
    card = Scorecard.objects.filter(cluster_year=cy, unit=unit).first()
    can_self = ctx.scope.can_write(unit) and (card is None or card.status ==
                                              ScorecardStatus.DRAFT) and not cy.vote_closed
    can_review = (
        selectors.can_review_scorecard(ctx.scope, ctx.memberships, unit)
        and card is not None and card.status != ScorecardStatus.DRAFT and not cy.vote_closed
    )
    criteria = list(cy.criteria.all())
    scores = {s.criterion_id: s for s in card.scores.all()} if card else {}
    errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("self", "submit"):
            ctx.scope.require_write(unit)
        elif action in ("review", "finish", "reopen") and not selectors.can_review_scorecard(
            ctx.scope, ctx.memberships, unit
        ):
            raise PermissionDenied("Chỉ cụm trưởng thẩm định bảng điểm.")
        try:
            if action == "self":
                entries = {}
                for c in criteria:
                    raw = request.POST.get(f"pts_{c.pk}", "").strip()
                    if raw == "":
                        continue
                    points = _decimal(raw)
                    if points is None:
                        raise ValidationError(f"Điểm tiêu chí “{c.title}” không hợp lệ.")
                    entries[c.pk] = (points, request.POST.get(f"ev_{c.pk}", "").strip(),
                                     request.FILES.get(f"file_{c.pk}"))
                services.save_self_scores(request.user, cy, unit, entries)
                if "gui" in request.POST:
                    services.submit_scorecard(request.user, services.scorecard_for(cy, unit))
                    messages.success(request, "Đã gửi bảng tự chấm điểm cho cụm trưởng.")
                else:
                    messages.success(request, "Đã lưu điểm tự chấm.")
                return redirect(request.path)
            if action in ("review", "finish"):
                entries = {}
                for s in scores.values():
                    raw = request.POST.get(f"rv_{s.pk}", "").strip()
                    points = _decimal(raw) if raw else s.self_points
                    if points is None:
                        raise ValidationError(f"Điểm tiêu chí “{s.criterion.title}” không hợp lệ.")
                    entries[s.pk] = (points, request.POST.get(f"why_{s.pk}", ""))
                services.review_scores(request.user, card, entries, finish=action == "finish")
                messages.success(request, "Đã lưu kết quả thẩm định điểm.")
                return redirect(request.path)
            if action == "reopen":
                services.reopen_scorecard(request.user, card, request.POST.get("reason", ""))
                messages.success(request, "Đã trả bảng điểm để đơn vị chấm lại.")
                return redirect(request.path)
        except ValidationError as exc:
            errors = exc.messages
    rows = []
    for c in criteria:
        s = scores.get(c.pk)
        rows.append({"criterion": c, "score": s,
                     "pts": request.POST.get(f"pts_{c.pk}") if errors else None,
                     "rv": request.POST.get(f"rv_{s.pk}") if errors and s else None,
                     "why": request.POST.get(f"why_{s.pk}") if errors and s else None})
    rank = next((r for r in (selectors.ranking(cy)) if r.unit.pk == unit.pk), None)
    return render(request, "movements/scorecard.html", {
        **ctx.as_dict(), "unit": unit, "card": card, "rows": rows, "rank": rank,
        "can_self": can_self, "can_review": can_review, "errors": errors,
    })


def score_evidence(request, score_pk):
    scope = scope_of(request)
    score = Score.objects.select_related("scorecard__cluster_year__cluster").filter(
        pk=score_pk).first()
    if score is None or not score.evidence_file:
        raise Http404(NOT_FOUND)
    cy = score.scorecard.cluster_year
    if not selectors.visible_memberships(scope, cy.year).filter(cluster_id=cy.cluster_id).exists():
        raise Http404(NOT_FOUND)
    try:
        handle = score.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    return FileResponse(handle, as_attachment=True,
                        filename=score.evidence_file.name.rsplit("/", 1)[-1])


def ranking_view(request, cluster_code, cluster_year):
    ctx = ClusterContext(request, cluster_code, cluster_year)
    ranks = selectors.ranking(ctx.cy) if ctx.cy else []
    if exports.wants_xlsx(request):
        return exports.xlsx_response(
            f"xep-hang-{ctx.cluster.code}-{ctx.year}.xlsx", f"Xếp hạng {ctx.year}",
            ["Hạng", "Mã đơn vị", "Đơn vị", "Điểm tiêu chí", "Điểm thưởng", "Điểm trừ",
             "Tổng điểm", "Số điểm cụm trưởng điều chỉnh", "Ghi chú xếp hạng"],
            [(r.rank or "Chưa gửi", r.unit.code, r.unit.name, float(r.standard),
              float(r.bonus), float(r.deduction), float(r.total), r.adjusted, r.tie_note)
             for r in ranks],
        )
    return render(request, "movements/ranking.html", {
        **ctx.as_dict(), "ranks": ranks, "tie_rule": selectors.TIE_RULE,
    })


def vote_view(request, cluster_code, cluster_year):
    ctx = ClusterContext(request, cluster_code, cluster_year)
    cy = ctx.cy
    votes = list(cy.votes.select_related("voter_unit", "candidate_unit", "cast_by")) if cy else []
    if exports.wants_xlsx(request):
        tally = selectors.vote_tally(cy) if cy else []
        return exports.xlsx_response(
            f"suy-ton-{ctx.cluster.code}-{ctx.year}.xlsx", f"Suy tôn {ctx.year}",
            ["Đơn vị bỏ phiếu", "Suy tôn đơn vị", "Người ghi nhận", "Thời điểm", "",
             "Kết quả: đơn vị", "Số phiếu"],
            [(v.voter_unit.name, v.candidate_unit.name, str(v.cast_by or ""),
              timezone.localtime(v.cast_at).strftime("%d/%m/%Y %H:%M"), "",
              tally[i].unit.name if i < len(tally) else "",
              tally[i].votes if i < len(tally) else "") for i, v in enumerate(votes)],
        )
    voted = {v.voter_unit_id for v in votes}
    # Units whose vote this user may record: its own units; the head or the department
    # record the votes of every member at the conference.
    if ctx.manage:
        voters = ctx.units
    else:
        voters = [u for u in ctx.units if ctx.scope.can_write(u)]
    vote_form = close_form = None
    open_vote = not (cy and cy.vote_closed)
    if open_vote and voters:
        vote_form = VoteForm(request.POST if request.POST.get("action") == "vote" else None,
                             voters=voters, candidates=ctx.units)
    if open_vote and ctx.manage:
        close_form = CloseVoteForm(
            request.POST if request.POST.get("action") == "close" else None,
            request.FILES if request.POST.get("action") == "close" else None,
            initial={"held_on": timezone.localdate()},
        )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "vote":
            if vote_form is None:
                if not voters:
                    raise PermissionDenied("Vai trò của bạn không được bỏ phiếu suy tôn.")
                messages.error(request, "Kết quả suy tôn đã chốt.")
                return redirect(request.path)
            if vote_form.is_valid():
                try:
                    services.cast_vote(request.user, ctx.open(request.user),
                                       vote_form.cleaned_data["voter_unit"],
                                       vote_form.cleaned_data["candidate_unit"])
                except ValidationError as exc:
                    vote_form.add_error(None, exc)
                else:
                    messages.success(request, "Đã ghi nhận phiếu suy tôn.")
                    return redirect(request.path)
        elif action == "close":
            ctx.require_manage()
            if close_form is None:
                messages.error(request, "Kết quả suy tôn đã chốt.")
                return redirect(request.path)
            if close_form.is_valid():
                d = close_form.cleaned_data
                try:
                    services.close_vote(request.user, ctx.open(request.user), d["held_on"],
                                        d["minutes"], d["minutes_file"])
                except ValidationError as exc:
                    close_form.add_error(None, exc)
                else:
                    messages.success(request, "Đã chốt kết quả suy tôn và biên bản.")
                    return redirect(request.path)
        else:
            raise PermissionDenied("Thao tác không hợp lệ.")
    tally = selectors.vote_tally(cy) if cy else []
    return render(request, "movements/vote.html", {
        **ctx.as_dict(), "votes": votes, "tally": tally, "vote_form": vote_form,
        "close_form": close_form, "not_voted": [u for u in ctx.units if u.pk not in voted],
        "tie_rule": selectors.VOTE_TIE_RULE,
    })


def vote_minutes(request, cluster_code, cluster_year):
    ctx = ClusterContext(request, cluster_code, cluster_year)
    if ctx.cy is None or not ctx.cy.vote_minutes_file:
        raise Http404("Chưa có tệp biên bản.")
    try:
        handle = ctx.cy.vote_minutes_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    return FileResponse(handle, as_attachment=True,
                        filename=ctx.cy.vote_minutes_file.name.rsplit("/", 1)[-1])


def flag_proposals_view(request):
    """All clusters' flag proposals for a year (emulation department's summary)."""
    scope = scope_of(request)
    year = _year_param(request)
    visible = selectors.visible_cluster_ids(scope, year)
    rows = [p for p in selectors.flag_proposals(year) if p.cluster_year.cluster_id in visible]
    if exports.wants_xlsx(request):
        return exports.xlsx_response(
            f"de-nghi-co-thi-dua-{year}.xlsx", f"Đề nghị Cờ thi đua ngành {year}",
            ["Cụm, khối", "Đơn vị được suy tôn", "Số phiếu", "Số đơn vị bỏ phiếu",
             "Số thành viên", "Ngày hội nghị"],
            [(p.cluster_year.cluster.name, p.unit.name, p.votes, p.voters, p.members,
              p.cluster_year.vote_held_on.strftime("%d/%m/%Y")
              if p.cluster_year.vote_held_on else "") for p in rows],
        )
    return redirect(reverse("movements:clusters") + f"?nam={year}#co-thi-dua")

