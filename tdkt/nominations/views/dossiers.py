"""Views: submissions, nominations, attachments, candidate picking and nomination actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tdkt.accounts.models import WRITE_ROLES
from tdkt.accounts.scoping import scope_of
from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from .. import next_steps, selectors, services
from ..calendar import WorkCalendar
from ..config import award_config, award_configs
from ..forms import (
    AttachmentForm,
    NominationEditForm,
    NominationForm,
    ReasonForm,
    SubmissionForm,
)
from ..models import (
    Attachment,
    Awardee,
    MeetingStatus,
    Nomination,
    Status,
    Submission,
    SubmissionStatus,
)
from .common import _annotate, _errors, _is_dept, _require_dept, _today, _viewer


def submission_create(request, round_pk):
    scope = scope_of(request)
    award_round = get_object_or_404(selectors.visible_rounds(scope), pk=round_pk)
    roots = scope.paths(WRITE_ROLES)
    if not roots:
        raise PermissionDenied("Vai trò của bạn không lập tờ trình.")
    units = Unit.objects.filter(path__in=roots)
    form = SubmissionForm(request.POST or None, units=units, initial={
        "title": f"Tờ trình đề nghị khen thưởng – {award_round.name}",
        "unit": units.first().code if units.count() == 1 else None,
    })
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.create_submission(
                request.user, award_round, form.cleaned_data["unit"], form.cleaned_data["title"],
                form.cleaned_data["number"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lập tờ trình. Thêm các hồ sơ đề nghị.")
            return redirect("nominations:submission", submission_pk=submission.pk)
    return render(request, "nominations/submission_form.html",
                  {"form": form, "round": award_round})


def submission_detail(request, submission_pk):
    scope = scope_of(request)
    submission = scope.get(Submission.objects.select_related("round", "unit", "submitted_by"),
                           pk=submission_pk)
    dossiers = submission.nominations.all()
    if not scope.covers_people(submission.unit):  # staff: their own dossiers only
        dossiers = scope.filter(dossiers)
    nominations = _annotate(selectors.nomination_list(dossiers).prefetch_related("attachments"))
    rules = award_configs({n.award_code for n in nominations}, submission.round.opens_on)
    for n in nominations:
        n.items = selectors.checklist(n, rules.get(n.award_code))
        n.complete = all(i["present"] for i in n.items)
    step = next_steps.for_submission(
        submission, _viewer(request, submission.unit), count=len(nominations),
        incomplete=sum(1 for n in nominations if not n.complete))
    return render(request, "nominations/submission_detail.html", {
        "submission": submission, "nominations": nominations, "step": step,
        "can_edit": scope.can_write(submission.unit)
        and submission.status == SubmissionStatus.DRAFT,
        "can_submit": services.can_head(request.user, submission.unit)
        and submission.status == SubmissionStatus.DRAFT,
    })


@require_POST
def submission_submit(request, submission_pk):
    scope = scope_of(request)
    submission = scope.get(Submission.objects.select_related("round", "unit"), pk=submission_pk)
    if not services.can_head(request.user, submission.unit):
        raise PermissionDenied("Chỉ thủ trưởng đơn vị được phê duyệt và trình tờ trình.")
    try:
        n = services.submit_submission(request.user, submission)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Đã phê duyệt và trình {n} hồ sơ lên cấp trên.")
    return redirect("nominations:submission", submission_pk=submission.pk)


def people_search(request, submission_pk):
    """People of the submitting unit's subtree matching ?q= (HTMX partial or full page)."""
    scope = scope_of(request)
    submission = scope.get(Submission.objects.select_related("unit"), pk=submission_pk)
    scope.require_write(submission.unit)
    q = request.GET.get("q", "").strip()
    people = []
    if len(q) >= 2:
        people = (Person.objects.filter(unit__path__startswith=submission.unit.path).search(q)
                  .select_related("unit").order_by("sort_key", "id")[:20])
    return render(request, "nominations/nomination_form.html#people", {
        "people": people, "q": q, "submission": submission,
    })


def nomination_create(request, submission_pk):
    scope = scope_of(request)
    submission = scope.get(Submission.objects.select_related("round", "unit"), pk=submission_pk)
    scope.require_write(submission.unit)
    form = NominationForm(request.POST or None, submission=submission)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.add_nomination(
                request.user, submission, award_code=data["award_code"],
                subject_kind=data["subject_kind"], person=data["person"], unit=data["unit"],
                achievement=data["achievement"], attested=data["attested"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã thêm hồ sơ {nomination.subject_name}. "
                                      "Đính kèm các thành phần hồ sơ.")
            return redirect("nominations:nomination", nomination_pk=nomination.pk)
    q = request.GET.get("q", "").strip()
    people = []
    if len(q) >= 2:
        people = (Person.objects.filter(unit__path__startswith=submission.unit.path).search(q)
                  .select_related("unit").order_by("sort_key", "id")[:20])
    chosen = form["person"].value()
    chosen_person = None
    if chosen and str(chosen).isdigit():
        chosen_person = Person.objects.filter(
            pk=chosen, unit__path__startswith=submission.unit.path).select_related("unit").first()
    units = Unit.objects.filter(path__startswith=submission.unit.path).order_by("path")[:300]
    return render(request, "nominations/nomination_form.html", {
        "form": form, "submission": submission, "people": people, "q": q, "units": units,
        "chosen_person": chosen_person,
    })


def _nomination(request, nomination_pk):
    return scope_of(request).get(
        Nomination.objects.select_related("round", "proposing_unit", "person__unit", "unit",
                                          "submission", "disclosure"),
        pk=nomination_pk,
    )


def nomination_detail(request, nomination_pk):
    scope = scope_of(request)
    nom = _nomination(request, nomination_pk)
    is_dept = _is_dept(request)
    today = _today()
    rule = award_config(nom.award_code, nom.round.opens_on)
    nom.award_name = rule.name
    nom.clock = selectors.clock(nom, WorkCalendar(), today)
    if nom.round.unit_round:  # the unit's own round asks for its lighter dossier
        from ..services.unit_rounds import unit_dossier

        items = unit_dossier(nom, rule)
    else:
        items = selectors.checklist(nom, rule)
    can_edit = scope.can_write(nom.proposing_unit) and nom.editable
    head = services.can_head(request.user, nom.proposing_unit)
    agenda = nom.agenda_items.select_related("meeting").filter(
        meeting__status=MeetingStatus.CLOSED)
    missing = sum(1 for i in items if not i["present"])
    step = next_steps.for_nomination(
        nom, _viewer(request, nom.proposing_unit), missing=missing,
        submission_url=reverse("nominations:submission", args=[nom.submission_id]))
    context = {
        "nom": nom, "rule": rule, "items": items, "complete": not missing, "step": step,
        "events": nom.events.select_related("actor"),
        "attachments": nom.attachments.all(), "initiatives": nom.initiatives.all(),
        "can_edit": can_edit, "is_dept": is_dept,
        "can_resubmit": head and nom.status == Status.RETURNED,
        "can_delete": can_edit and nom.status == Status.DRAFT,
        "attachment_form": AttachmentForm() if can_edit else None,
        "reason_form": ReasonForm() if is_dept else None,
        "agenda": agenda,
        "awardee": Awardee.objects.filter(nomination=nom).select_related("decision").first(),
        "comments": nom.comments.select_related("moderated_by") if is_dept else None,
        "live_duplicates": selectors.duplicates(nom) if is_dept and nom.status in (
            Status.SUBMITTED, Status.UNDER_APPRAISAL) else None,
    }
    return render(request, "nominations/nomination_detail.html", context)


def nomination_edit(request, nomination_pk):
    scope = scope_of(request)
    nom = _nomination(request, nomination_pk)
    scope.require_write(nom.proposing_unit)
    if not nom.editable:
        messages.error(request, "Chỉ sửa được hồ sơ đang lập hoặc bị trả lại bổ sung.")
        return redirect("nominations:nomination", nomination_pk=nom.pk)
    form = NominationEditForm(request.POST or None, nomination=nom, initial={
        "achievement": nom.achievement, "attested": nom.attested,
        "initiatives": list(nom.initiatives.all()),
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.update_nomination(
                request.user, nom, achievement=form.cleaned_data["achievement"],
                attested=form.cleaned_data["attested"],
                initiatives=form.cleaned_data.get("initiatives"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu hồ sơ.")
            return redirect("nominations:nomination", nomination_pk=nom.pk)
    return render(request, "nominations/nomination_edit.html", {"form": form, "nom": nom})


@require_POST
def attachment_upload(request, nomination_pk):
    scope = scope_of(request)
    nom = _nomination(request, nomination_pk)
    scope.require_write(nom.proposing_unit)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(request.user, nom, form.cleaned_data["kind"],
                                    form.cleaned_data["file"], form.cleaned_data["vote_result"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Đã đính kèm tài liệu.")
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("nominations:nomination", nomination_pk=nom.pk)


def attachment_download(request, attachment_pk):
    att = scope_of(request).get(Attachment.objects.select_related("nomination"),
                                pk=attachment_pk)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trên máy chủ.") from None
    return FileResponse(handle, as_attachment=True, filename=att.original_name)


@require_POST
def attachment_delete(request, attachment_pk):
    scope = scope_of(request)
    att = scope.get(Attachment.objects.select_related("nomination__proposing_unit"),
                    pk=attachment_pk)
    scope.require_write(att.nomination.proposing_unit)
    try:
        services.remove_attachment(request.user, att)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Đã xóa tài liệu.")
    return redirect("nominations:nomination", nomination_pk=att.nomination_id)


@require_POST
def nomination_action(request, nomination_pk):
    scope = scope_of(request)
    nom = _nomination(request, nomination_pk)
    action = request.POST.get("action", "")
    user = request.user
    target = redirect("nominations:nomination", nomination_pk=nom.pk)
    head_actions = {"resubmit"}
    officer_actions = {"delete"}
    if action in head_actions:
        if not services.can_head(user, nom.proposing_unit):
            raise PermissionDenied("Chỉ thủ trưởng đơn vị được trình hồ sơ.")
    elif action in officer_actions:
        scope.require_write(nom.proposing_unit)
    else:
        _require_dept(request)
    try:
        if action == "resubmit":
            services.resubmit(user, nom)
            messages.success(request, "Đã trình lại hồ sơ.")
        elif action == "run":
            report = services.run_appraisal(user, nom)
            messages.success(request, "Đã chạy thẩm định: "
                             + ("không có vướng mắc." if not report["blockers"]
                                else f"{len(report['blockers'])} vướng mắc."))
        elif action == "appraise":
            services.pass_appraisal(user, nom, note=request.POST.get("note", ""))
            messages.success(request, "Hồ sơ đã được thẩm định đạt.")
        elif action == "return":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["reason"])
            services.return_for_supplement(user, nom, form.cleaned_data["reason"])
            messages.success(request, "Đã trả lại hồ sơ để bổ sung.")
        elif action == "approve_simplified":
            services.approve_simplified(user, nom)
            messages.success(request, "Đã trình phê duyệt theo thủ tục đơn giản.")
        elif action == "delete":
            round_submission = nom.submission_id
            services.delete_nomination(user, nom)
            messages.success(request, "Đã xóa hồ sơ.")
            return redirect("nominations:submission", submission_pk=round_submission)
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except ValidationError as exc:
        _errors(request, exc)
    return target


def submission_pick(request, submission_pk):
    """Candidates picked from the due list (the latest eligibility sweep covering the unit)
    for the awards this round admits; each pick becomes a draft nomination."""
    from tdkt.eligibility import selectors as due
    from tdkt.eligibility.catalogue import evaluator as eligibility_evaluator
    from tdkt.eligibility.models import SweepEntry

    scope = scope_of(request)
    submission = scope.get(Submission.objects.select_related("round", "unit"), pk=submission_pk)
    scope.require_write(submission.unit)
    if submission.status != SubmissionStatus.DRAFT:
        raise PermissionDenied("Tờ trình đã được trình, không thêm hồ sơ được nữa.")
    round_ = submission.round
    sweep = due.latest_sweep(submission.unit, round_.year)
    entries = SweepEntry.objects.none()
    if sweep:
        taken = submission.nominations.values_list("award_code", "person_id", "unit_id")
        entries = due.due_entries(sweep, submission.unit).filter(award__in=round_.award_codes)
        taken = set(taken)
    if request.method == "POST" and sweep:
        chosen = entries.filter(pk__in=request.POST.getlist("chon"))
        achievement = (f"Đủ điều kiện theo hồ sơ năm {round_.year} (rà soát ngày "
                       f"{sweep.finished_at:%d/%m/%Y}); đơn vị bổ sung tóm tắt thành tích.")
        added, errors = services.add_candidates(request.user, submission, [
            (entry.award, entry.person, entry.unit, achievement) for entry in chosen])
        for error in errors:
            messages.error(request, error)
        if added:
            messages.success(request, f"Đã thêm {added} hồ sơ từ danh sách đủ điều kiện.")
        return redirect("nominations:submission", submission_pk=submission.pk)
    rows = []
    if sweep:
        names = eligibility_evaluator().version_for(sweep.as_of)
        rows = [
            (e, names.name(e.award))
            for e in entries
            if (e.award, e.person_id, None if e.person_id else e.unit_id) not in taken
        ]
    return render(request, "nominations/submission_pick.html", {
        "submission": submission, "sweep": sweep, "rows": rows,
    })


def submission_pick_proposals(request, submission_pk):
    """Candidates picked from the collectives and individuals the round's movement proposed
    at its mid-term or final review, within the submitting unit's subtree; each pick becomes
    a draft nomination carrying the review's reason as its achievement summary."""
    scope = scope_of(request)
    submission = scope.get(
        Submission.objects.select_related("round__movement", "unit"), pk=submission_pk
    )
    scope.require_write(submission.unit)
    if submission.status != SubmissionStatus.DRAFT:
        raise PermissionDenied("Tờ trình đã được trình, không thêm hồ sơ được nữa.")
    round_ = submission.round
    if round_.movement is None:
        raise Http404("Đợt xét này không gắn với phong trào thi đua nào.")
    proposals = selectors.movement_proposals_for(submission)
    if request.method == "POST":
        added, errors = services.add_candidates(request.user, submission, [
            (p.award_code, p.person, p.unit,
             f"{p.review.get_kind_display()} “{round_.movement.name}”: {p.reason}")
            for p in proposals.filter(pk__in=request.POST.getlist("chon"))])
        for error in errors:
            messages.error(request, error)
        if added:
            messages.success(request, f"Đã thêm {added} hồ sơ từ đề nghị của phong trào.")
        return redirect("nominations:submission", submission_pk=submission.pk)
    return render(request, "nominations/submission_pick_proposals.html", {
        "submission": submission, "movement": round_.movement, "proposals": proposals,
    })
