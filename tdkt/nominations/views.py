"""Thin views: resolve the scope, fetch through scoped getters, call a form and a service."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tdkt.accounts.models import WRITE_ROLES, Role
from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.core.ratelimit import client_ip, hit
from tdkt.core.text import fold
from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from . import selectors, services
from .calendar import WorkCalendar
from .config import award_config, award_configs
from .forms import (
    AttachmentForm,
    AwardSettingForm,
    CommentForm,
    CouncilMemberForm,
    DecisionForm,
    DisclosureForm,
    HolidayForm,
    MeetingForm,
    ModerateForm,
    NominationEditForm,
    NominationForm,
    ReasonForm,
    RevokeForm,
    RoundForm,
    SubmissionForm,
)
from .models import (
    AgendaItem,
    Attachment,
    Awardee,
    AwardSetting,
    BallotCast,
    CouncilMember,
    Decision,
    DisclosurePeriod,
    Holiday,
    ItemResult,
    Meeting,
    MeetingStatus,
    Nomination,
    Notification,
    PublicComment,
    Status,
    SubjectKind,
    Submission,
    SubmissionStatus,
)

COMMENTS_PER_HOUR = 5


def _errors(request, exc):
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(exc))


def _require_dept(request):
    if not scope_of(request).has_role(Role.EMULATION_DEPT):
        raise PermissionDenied("Chỉ Thường trực Hội đồng TĐKT (Vụ TCCB) được thực hiện.")


def _is_dept(request) -> bool:
    return scope_of(request).has_role(Role.EMULATION_DEPT)


def _dept_unit(scope):
    """The unit the department acts for: its highest role unit (the Ministry)."""
    paths = scope.paths([Role.EMULATION_DEPT])
    if not paths or paths == [""]:
        return Unit.objects.order_by("path").first()
    return Unit.objects.get(path=min(paths, key=len))


def _today():
    return datetime.date.today()


def _names(codes):
    return {c: r.name for c, r in award_configs(set(codes)).items()}


def _annotate(nominations, today=None):
    """Attach award names and working-day clocks to a page of nominations (no per-row query
    beyond the prefetches)."""
    today = today or _today()
    nominations = list(nominations)
    cal = WorkCalendar()
    names = _names({n.award_code for n in nominations})
    for n in nominations:
        n.award_name = names.get(n.award_code, n.award_code)
        n.clock = selectors.clock(n, cal, today)
    return nominations


# --- index and rounds ------------------------------------------------------------------


def index(request):
    scope = scope_of(request)
    qs = scope.filter(Nomination.objects.all())
    status = request.GET.get("trang_thai", "")
    round_id = request.GET.get("dot", "")
    q = request.GET.get("q", "").strip()
    counts = selectors.status_counts(qs)
    if status in Status.values:
        qs = qs.filter(status=status)
    if round_id.isdigit():
        qs = qs.filter(round_id=int(round_id))
    if q:
        qs = qs.filter(Q(subject_name__icontains=q) | Q(person__search_text__contains=fold(q)))
    page = paginate(request, selectors.nomination_list(qs))
    page.object_list = _annotate(page.object_list)
    rounds = selectors.visible_rounds(scope).select_related("organiser")[:20]
    notifications = scope.filter(Notification.objects.filter(is_read=False)).select_related(
        "unit")[:10]
    seats = CouncilMember.objects.filter(user=request.user).values_list("year", flat=True)
    voting = Meeting.objects.filter(year__in=list(seats), status=MeetingStatus.VOTING)
    return render(request, "nominations/index.html", {
        "page": page, "rounds": rounds, "counts": counts, "statuses": Status.choices,
        "status": status, "round_id": round_id, "q": q, "notifications": notifications,
        "is_dept": _is_dept(request), "voting": voting,
        "can_submit": bool(scope.paths(WRITE_ROLES)) and not scope.is_admin,
    })


def round_form(request, round_pk=None):
    _require_dept(request)
    scope = scope_of(request)
    award_round = None
    if round_pk is not None:
        award_round = get_object_or_404(selectors.visible_rounds(scope), pk=round_pk)
    form = RoundForm(request.POST or None, instance=award_round,
                     initial=None if award_round else {"year": _today().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["organiser"] = award_round.organiser if award_round else _dept_unit(scope)
        try:
            saved = services.save_round(request.user, data, award_round)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã lưu {saved.name}.")
            return redirect("nominations:round", round_pk=saved.pk)
    return render(request, "nominations/round_form.html", {"form": form, "round": award_round})


def round_detail(request, round_pk):
    scope = scope_of(request)
    award_round = get_object_or_404(selectors.visible_rounds(scope).select_related("organiser"),
                                    pk=round_pk)
    cal = WorkCalendar()
    today = _today()
    rules = award_configs(award_round.award_codes, award_round.opens_on)
    submissions = scope.filter(Submission.objects.filter(round=award_round)).select_related(
        "unit").annotate(n=Count("nominations"))
    counts = selectors.status_counts(scope.filter(award_round.nominations.all()))
    return render(request, "nominations/round_detail.html", {
        "round": award_round, "rules": rules.values(), "submissions": submissions,
        "counts": counts, "statuses": Status.choices, "is_dept": _is_dept(request),
        "left": cal.between(today, award_round.submission_deadline),
        "can_submit": bool(scope.paths(WRITE_ROLES)) and not award_round.closed,
    })


# --- submissions ---------------------------------------------------------------------------


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
    return render(request, "nominations/submission_detail.html", {
        "submission": submission, "nominations": nominations,
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
                  .select_related("unit").order_by("full_name", "id")[:20])
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
                  .select_related("unit").order_by("full_name", "id")[:20])
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


# --- one nomination ------------------------------------------------------------------------


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
    items = selectors.checklist(nom, rule)
    can_edit = scope.can_write(nom.proposing_unit) and nom.editable
    head = services.can_head(request.user, nom.proposing_unit)
    agenda = nom.agenda_items.select_related("meeting").filter(
        meeting__status=MeetingStatus.CLOSED)
    context = {
        "nom": nom, "rule": rule, "items": items, "complete": all(i["present"] for i in items),
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


# --- appraisal queue -------------------------------------------------------------------------


APPRAISAL_STATUSES = (Status.SUBMITTED, Status.UNDER_APPRAISAL, Status.APPRAISED,
                      Status.RETURNED)


def appraisal(request):
    _require_dept(request)
    scope = scope_of(request)
    qs = scope.filter(Nomination.objects.all())
    status = request.GET.get("trang_thai", "")
    round_id = request.GET.get("dot", "")
    q = request.GET.get("q", "").strip()
    qs = qs.filter(status=status) if status in Status.values else qs.filter(
        status__in=[Status.SUBMITTED, Status.UNDER_APPRAISAL])
    if round_id.isdigit():
        qs = qs.filter(round_id=int(round_id))
    if q:
        qs = qs.filter(Q(subject_name__icontains=q) | Q(person__search_text__contains=fold(q)))
    page = paginate(request, selectors.nomination_list(qs).order_by("submitted_on", "id"))
    page.object_list = _annotate(page.object_list)
    return render(request, "nominations/appraisal.html", {
        "page": page, "status": status, "round_id": round_id, "q": q,
        "statuses": [(s, Status(s).label) for s in APPRAISAL_STATUSES],
        "rounds": selectors.visible_rounds(scope), "reason_form": ReasonForm(),
    })


@require_POST
def appraisal_bulk(request):
    _require_dept(request)
    scope = scope_of(request)
    ids = [int(i) for i in request.POST.getlist("chon") if i.isdigit()]
    action = request.POST.get("action", "")
    noms = list(scope.filter(Nomination.objects.filter(pk__in=ids)).select_related(
        "round", "proposing_unit", "person", "unit", "submission"))
    if not noms:
        messages.error(request, "Chọn ít nhất một hồ sơ.")
        return redirect("nominations:appraisal")
    if action == "return" and len(request.POST.get("reason", "").strip()) < 5:
        messages.error(request, "Ghi rõ lý do trả lại (ít nhất 5 ký tự).")
        return redirect("nominations:appraisal")
    done, errors = services.bulk(request.user, noms, action, request.POST.get("reason", ""))
    if done:
        messages.success(request, f"Đã xử lý {done} hồ sơ.")
    for e in errors:
        messages.error(request, e)
    return redirect(request.POST.get("next") or reverse("nominations:appraisal"))


# --- council -------------------------------------------------------------------------------


def _council_access(request, year=None):
    if _is_dept(request):
        return True
    seats = CouncilMember.objects.filter(user=request.user)
    if year is not None:
        seats = seats.filter(year=year)
    if not seats.exists():
        raise PermissionDenied("Chỉ thành viên Hội đồng TĐKT và Thường trực Hội đồng được xem.")
    return False


def council(request):
    _council_access(request)
    is_dept = _is_dept(request)
    years = sorted(set(CouncilMember.objects.values_list("year", flat=True)), reverse=True)
    year_param = request.GET.get("nam", "")
    year = int(year_param) if year_param.isdigit() else (years[0] if years else _today().year)
    members = selectors.council_sorted(
        CouncilMember.objects.filter(year=year).select_related("user__person"))
    meetings = Meeting.objects.annotate(n=Count("items"))
    if not is_dept:
        meetings = meetings.filter(year__in=CouncilMember.objects.filter(
            user=request.user).values("year"))
    member_form = CouncilMemberForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        _require_dept(request)
        if member_form.is_valid():
            d = member_form.cleaned_data
            try:
                services.add_council_member(request.user, d["year"], d["username"], d["position"])
            except ValidationError as exc:
                member_form.add_error(None, exc)
            else:
                messages.success(request, f"Đã thêm {d['username']} vào Hội đồng năm {d['year']}.")
                return redirect(f"{reverse('nominations:council')}?nam={d['year']}")
    return render(request, "nominations/council.html", {
        "year": year, "years": years, "members": members, "meetings": meetings[:50],
        "is_dept": is_dept, "member_form": member_form if is_dept else None,
        "meeting_form": MeetingForm(initial={"year": year}) if is_dept else None,
    })


@require_POST
def council_member_remove(request, member_pk):
    _require_dept(request)
    member = get_object_or_404(CouncilMember, pk=member_pk)
    try:
        services.remove_council_member(request.user, member)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Đã rút thành viên khỏi Hội đồng.")
    return redirect(f"{reverse('nominations:council')}?nam={member.year}")


@require_POST
def meeting_create(request):
    _require_dept(request)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.create_meeting(request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Đã tạo phiên họp.")
            return redirect("nominations:meeting", meeting_pk=meeting.pk)
    else:
        for field, errs in form.errors.items():
            for e in errs:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {e}")
    return redirect("nominations:council")


def meeting_detail(request, meeting_pk):
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    is_dept = _council_access(request, meeting.year)
    items = list(meeting.items.select_related(
        "nomination__proposing_unit", "nomination__person__unit", "nomination__unit",
        "nomination__round").annotate(cast_count=Count("casts")))
    names = _names({i.nomination.award_code for i in items})
    for i in items:
        i.award_name = names.get(i.nomination.award_code)
    voted = set(BallotCast.objects.filter(item__meeting=meeting, member=request.user)
                .values_list("item_id", flat=True))
    attendance = selectors.council_sorted(
        meeting.attendance.select_related("user__person"),
        dict(CouncilMember.objects.filter(year=meeting.year).values_list("user_id", "position")))
    candidates = []
    if is_dept and meeting.status == MeetingStatus.PREPARING:
        candidates = _annotate(selectors.nomination_list(
            scope_of(request).filter(Nomination.objects.filter(status=Status.APPRAISED))
        ).order_by("round", "award_code", "subject_name")[:200])
    return render(request, "nominations/meeting_detail.html", {
        "meeting": meeting, "items": items, "is_dept": is_dept, "attendance": attendance,
        "candidates": candidates, "voted": voted,
        "can_vote": services.can_vote(request.user, meeting),
        "pending_items": [i for i in items if i.pk not in voted],
        "members": CouncilMember.objects.filter(year=meeting.year).count(),
    })


@require_POST
def meeting_manage(request, meeting_pk):
    _require_dept(request)
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    action = request.POST.get("action")
    user = request.user
    try:
        if action == "agenda":
            ids = [int(i) for i in request.POST.getlist("chon") if i.isdigit()]
            noms = scope_of(request).filter(Nomination.objects.filter(pk__in=ids))
            n = services.add_agenda_items(user, meeting, noms.select_related("proposing_unit"))
            messages.success(request, f"Đã đưa {n} hồ sơ vào chương trình họp.")
        elif action == "remove_item":
            item = get_object_or_404(AgendaItem, pk=request.POST.get("item"), meeting=meeting)
            services.remove_agenda_item(user, item)
            messages.success(request, "Đã rút hồ sơ khỏi chương trình họp.")
        elif action == "attendance":
            present = [int(i) for i in request.POST.getlist("co_mat") if i.isdigit()]
            notes = {row.user_id: request.POST.get(f"ghi_chu_{row.user_id}", "")
                     for row in meeting.attendance.all()}
            services.set_attendance(user, meeting, present, notes)
            messages.success(request, "Đã ghi nhận thành phần tham dự.")
        elif action == "open":
            services.open_voting(user, meeting)
            messages.success(request, "Đã mở bỏ phiếu kín.")
        elif action == "close":
            services.close_meeting(user, meeting)
            messages.success(request, "Đã kết thúc bỏ phiếu và kiểm phiếu.")
            return redirect("nominations:minutes", meeting_pk=meeting.pk)
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("nominations:meeting", meeting_pk=meeting.pk)


@require_POST
def meeting_vote(request, meeting_pk):
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    _council_access(request, meeting.year)
    choices = {}
    for key, value in request.POST.items():
        if key.startswith("phieu_") and key[6:].isdigit() and value in ("dong_y", "khong"):
            choices[int(key[6:])] = value == "dong_y"
    if not choices:
        messages.error(request, "Chưa chọn Đồng ý hoặc Không đồng ý cho nội dung nào.")
        return redirect("nominations:meeting", meeting_pk=meeting.pk)
    try:
        n = services.cast_ballot(request.user, meeting, choices)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Đã ghi nhận phiếu của bạn cho {n} nội dung. "
                                  "Phiếu kín: hệ thống không lưu bạn đã chọn gì.")
    return redirect("nominations:meeting", meeting_pk=meeting.pk)


def meeting_minutes(request, meeting_pk):
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    _council_access(request, meeting.year)
    if meeting.status != MeetingStatus.CLOSED:
        messages.error(request, "Biên bản chỉ có sau khi kết thúc bỏ phiếu.")
        return redirect("nominations:meeting", meeting_pk=meeting.pk)
    items = list(meeting.items.select_related(
        "nomination__proposing_unit", "nomination__person__unit", "nomination__unit"))
    names = _names({i.nomination.award_code for i in items})
    for i in items:
        i.award_name = names.get(i.nomination.award_code)
        i.not_voted = (i.base_count or 0) - i.votes if i.denominator == "all" else \
            meeting.present_count - i.votes
    positions = dict(CouncilMember.objects.filter(year=meeting.year).values_list(
        "user_id", "position"))
    attendance = selectors.council_sorted(
        meeting.attendance.select_related("user__person"), positions)
    from .models import CouncilPosition
    rows = [(a, CouncilPosition(positions.get(a.user_id, "member")).label) for a in attendance]
    return render(request, "nominations/minutes.html", {
        "meeting": meeting, "items": items, "attendance": rows,
        "passed": sum(1 for i in items if i.result == ItemResult.PASSED),
        "absent": meeting.members_total - meeting.present_count,
    })


# --- disclosure ------------------------------------------------------------------------------


def disclosures(request):
    _require_dept(request)
    scope = scope_of(request)
    today = _today()
    periods = DisclosurePeriod.objects.annotate(
        n=Count("nominations", distinct=True), c=Count("comments", distinct=True))
    candidates = _annotate(selectors.nomination_list(scope.filter(Nomination.objects.filter(
        status=Status.AT_COUNCIL, agenda_items__result=ItemResult.PASSED))).distinct())
    form = DisclosureForm(request.POST or None, initial={
        "starts_on": WorkCalendar().next_working_day(today),
        "title": f"Công khai danh sách đề nghị khen thưởng cấp Nhà nước năm {today.year}"})
    if request.method == "POST" and form.is_valid():
        ids = [int(i) for i in request.POST.getlist("chon") if i.isdigit()]
        noms = scope.filter(Nomination.objects.filter(pk__in=ids))
        try:
            period = services.publish_disclosure(
                request.user, title=form.cleaned_data["title"],
                starts_on=form.cleaned_data["starts_on"], nominations=noms,
                working_days=form.cleaned_data["working_days"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã công khai đến hết ngày {period.ends_on:%d/%m/%Y}.")
            return redirect("nominations:disclosure", period_pk=period.pk)
    return render(request, "nominations/disclosures.html", {
        "periods": paginate(request, periods), "candidates": candidates, "form": form,
        "today": today,
    })


def disclosure_detail(request, period_pk):
    _require_dept(request)
    period = get_object_or_404(DisclosurePeriod, pk=period_pk)
    today = _today()
    noms = _annotate(selectors.nomination_list(period.nominations.all()))
    comments = period.comments.select_related("nomination", "moderated_by")
    return render(request, "nominations/disclosure_detail.html", {
        "period": period, "nominations": noms, "comments": paginate(request, comments),
        "today": today, "ended": period.has_ended(today), "moderate_form": ModerateForm(),
        "left": WorkCalendar().between(today, period.ends_on),
    })


@require_POST
def comment_moderate(request, comment_pk):
    _require_dept(request)
    comment = get_object_or_404(PublicComment, pk=comment_pk)
    form = ModerateForm(request.POST)
    if form.is_valid():
        services.moderate_comment(request.user, comment, form.cleaned_data["status"],
                                  form.cleaned_data["response"])
        messages.success(request, "Đã cập nhật xử lý góp ý.")
    else:
        messages.error(request, "Chọn cách xử lý hợp lệ.")
    return redirect("nominations:disclosure", period_pk=comment.period_id)


@require_POST
def disclosure_conclude(request, period_pk):
    _require_dept(request)
    period = get_object_or_404(DisclosurePeriod, pk=period_pk)
    rejected = {}
    for i in request.POST.getlist("khong_de_nghi"):
        if i.isdigit():
            rejected[int(i)] = request.POST.get(f"ly_do_{i}", "").strip()
    try:
        approved, refused = services.conclude_disclosure(request.user, period, rejected)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Đã kết thúc công khai: {approved} hồ sơ đề nghị khen "
                                  f"thưởng, {refused} hồ sơ không đề nghị.")
    return redirect("nominations:disclosure", period_pk=period.pk)


# --- decisions ------------------------------------------------------------------------------


def _visible_decisions(request):
    scope = scope_of(request)
    if _is_dept(request):
        return Decision.objects.all()
    mine = scope.filter(Awardee.objects.all()).values("decision_id")
    return Decision.objects.filter(Q(pk__in=mine) | scope.unit_q("issuer"))


def decisions(request):
    qs = (_visible_decisions(request).annotate(n=Count("awardees")).select_related("round")
          .order_by("-year", "-sequence"))
    return render(request, "nominations/decisions.html", {
        "page": paginate(request, qs), "is_dept": _is_dept(request),
    })


def decision_create(request):
    _require_dept(request)
    scope = scope_of(request)
    today = _today()
    rounds = selectors.visible_rounds(scope).filter(nominations__status=Status.APPROVED).distinct()
    round_id = request.GET.get("dot") or request.POST.get("dot") or ""
    award_round = rounds.filter(pk=round_id).first() if str(round_id).isdigit() else None
    candidates = []
    if award_round:
        candidates = _annotate(selectors.nomination_list(scope.filter(
            award_round.nominations.filter(status=Status.APPROVED))))
    for n in candidates:
        n.blocked = bool(n.disclosure and not n.disclosure.has_ended(today))
    rule = award_config(candidates[0].award_code, today) if candidates else None
    initial = {
        "signed_on": today, "signer_title": "Bộ trưởng",
        "title": f"Về việc khen thưởng ({award_round.name})" if award_round else "",
        "legal_bases": "\n".join(
            ["Căn cứ " + b + ";" for b in (rule.legal_bases if rule else [])]
            + ["Xét đề nghị của Vụ trưởng Vụ Tổ chức cán bộ."]),
    }
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and award_round:
        ids = [int(i) for i in request.POST.getlist("chon") if i.isdigit()]
        noms = scope.filter(award_round.nominations.filter(pk__in=ids))
        issuer = award_round.organiser
        try:
            decision = services.issue_decision(
                request.user, issuer=issuer, nominations=noms, **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã ban hành Quyết định số {decision.number_display}.")
            return redirect("nominations:decision", decision_pk=decision.pk)
    return render(request, "nominations/decision_form.html", {
        "form": form, "rounds": rounds, "round": award_round, "candidates": candidates,
    })


def decision_detail(request, decision_pk):
    decision = get_object_or_404(
        _visible_decisions(request).select_related("round", "issuer", "issued_by"),
        pk=decision_pk)
    from tdkt.documents.awardees import label

    awardees = label(decision.awardees.select_related("proposing_unit", "person__unit", "unit"))
    return render(request, "nominations/decision_detail.html", {
        "decision": decision, "awardees": awardees, "is_dept": _is_dept(request),
    })


def awardee_revoke(request, awardee_pk):
    _require_dept(request)
    awardee = get_object_or_404(Awardee.objects.select_related("decision"), pk=awardee_pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flagged = services.revoke_award(request.user, awardee, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã hủy bỏ khen thưởng của {awardee.subject_name}.")
            for other in flagged:
                messages.error(request, f"Cần xem xét lại: {other.subject_name} – "
                                        f"{other.award_name} năm {other.year} "
                                        f"(QĐ {other.decision.number_display}).")
            return redirect("nominations:decision", decision_pk=awardee.decision_id)
    return render(request, "nominations/revoke.html", {"form": form, "awardee": awardee})


# --- configuration and notifications -------------------------------------------------------------


def configuration(request):
    _require_dept(request)
    year = request.GET.get("nam", "")
    year = int(year) if year.isdigit() else _today().year
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holiday = form.save()
        from tdkt.audit.services import record
        record(request.user, "holiday.create", holiday, {"day": [None, holiday.day]})
        messages.success(request, f"Đã thêm {holiday}.")
        return redirect(f"{reverse('nominations:configuration')}?nam={holiday.day.year}")
    rules = award_configs(list(AwardSetting.objects.values_list("code", flat=True)))
    return render(request, "nominations/configuration.html", {
        "settings": AwardSetting.objects.all(), "rules": rules, "form": form, "year": year,
        "holidays": Holiday.objects.filter(day__year=year),
        "years": sorted({d.year for d in Holiday.objects.dates("day", "year")}),
    })


def setting_edit(request, setting_pk):
    _require_dept(request)
    setting = get_object_or_404(AwardSetting, pk=setting_pk)
    form = AwardSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        from tdkt.audit.services import record
        changed = {f: [str(form.initial.get(f)), str(form.cleaned_data[f])]
                   for f in form.changed_data}
        form.save()
        record(request.user, "award_setting.update", setting, changed)
        messages.success(request, f"Đã lưu cấu hình {setting.name}.")
        return redirect("nominations:configuration")
    return render(request, "nominations/setting_form.html", {"form": form, "setting": setting,
                                                              "rule": award_config(setting.code)})


@require_POST
def holiday_delete(request, holiday_pk):
    _require_dept(request)
    holiday = get_object_or_404(Holiday, pk=holiday_pk)
    from tdkt.audit.services import record
    record(request.user, "holiday.delete", holiday, {"day": [holiday.day, None]})
    year = holiday.day.year
    holiday.delete()
    messages.success(request, "Đã xóa ngày khỏi lịch.")
    return redirect(f"{reverse('nominations:configuration')}?nam={year}")


def notifications(request):
    qs = scope_of(request).filter(Notification.objects.all()).select_related("unit")
    return render(request, "nominations/notifications.html", {"page": paginate(request, qs)})


def person_awards(request, person_pk):
    """Awards decided for one person (with revocations), for the person's record."""
    person = scope_of(request).get(Person.objects.select_related("unit"), pk=person_pk)
    awardees = Awardee.objects.filter(person=person).select_related("decision").order_by(
        "-year", "-decision__signed_on")
    from tdkt.history.models import PersonAward, PersonTitle
    titles = PersonTitle.objects.filter(person=person).select_related("award")
    forms_ = PersonAward.objects.filter(person=person).select_related("award")
    return render(request, "nominations/person_awards.html", {
        "person": person, "awardees": awardees, "history": [*titles, *forms_],
        "nominations": _annotate(selectors.nomination_list(
            scope_of(request).filter(Nomination.objects.filter(person=person)))),
    })


# --- public pages (no login) -------------------------------------------------------------------


def public_index(request):
    today = _today()
    open_periods = DisclosurePeriod.objects.filter(starts_on__lte=today, ends_on__gte=today)
    recent = DisclosurePeriod.objects.filter(ends_on__lt=today,
                                             ends_on__gte=today - datetime.timedelta(days=60))
    return render(request, "nominations/public_index.html", {
        "open_periods": open_periods.annotate(n=Count("nominations")),
        "recent": recent.annotate(n=Count("nominations")), "today": today,
    })


def public_period(request, period_pk):
    today = _today()
    period = get_object_or_404(DisclosurePeriod, pk=period_pk, starts_on__lte=today)
    from tdkt.core.text import vietnamese_sort_key
    from tdkt.documents.awardees import label

    # Grouped by award, collectives first, people by Vietnamese collation; one way of writing.
    noms = sorted(label(period.nominations.select_related("person__unit", "unit",
                                                          "proposing_unit")),
                  key=lambda n: (n.award_code, n.subject_kind != "collective",
                                 vietnamese_sort_key(n.subject_name), n.pk))
    names = _names({n.award_code for n in noms})
    for n in noms:
        n.award_name = names.get(n.award_code)
    form = CommentForm(request.POST or None, nominations=noms)
    status = 200
    if request.method == "POST" and form.is_valid() and not form.cleaned_data.get("website"):
        ip = client_ip(request)  # as the trusted proxy reports it
        # Counted on the cache every process shares; every well-formed comment counts.
        if not hit("nominations.comment", ip, COMMENTS_PER_HOUR, 3600):
            form.add_error(None, "Bạn đã gửi quá nhiều góp ý trong thời gian ngắn; "
                                 "vui lòng thử lại sau một giờ.")
            status = 429
        else:
            nomination = next((n for n in noms if n.pk == form.cleaned_data["nomination"]), None)
            try:
                services.post_comment(
                    period, content=form.cleaned_data["content"], ip=ip,
                    nomination=nomination, author_name=form.cleaned_data["author_name"],
                    contact=form.cleaned_data["contact"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Cảm ơn bạn đã góp ý. Ý kiến đã được gửi đến "
                                          "Thường trực Hội đồng Thi đua – Khen thưởng.")
                return redirect("nominations_public:period", period_pk=period.pk)
    return render(request, "nominations/public_period.html", {
        "period": period, "nominations": noms, "form": form, "open": period.is_open(today),
        "today": today,
    }, status=status)


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
        added = 0
        for entry in chosen:
            kind = SubjectKind.INDIVIDUAL if entry.person_id else SubjectKind.COLLECTIVE
            try:
                services.add_nomination(
                    request.user, submission, award_code=entry.award, subject_kind=kind,
                    person=entry.person, unit=None if entry.person_id else entry.unit,
                    achievement=(
                        f"Đủ điều kiện theo hồ sơ năm {round_.year} (rà soát ngày "
                        f"{sweep.finished_at:%d/%m/%Y}); đơn vị bổ sung tóm tắt thành tích."
                    ),
                )
            except ValidationError as exc:
                name = entry.person.full_name if entry.person_id else entry.unit.name
                messages.error(request, f"{name}: {' '.join(exc.messages)}")
            else:
                added += 1
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
        added = 0
        for proposal in proposals.filter(pk__in=request.POST.getlist("chon")):
            kind = SubjectKind.INDIVIDUAL if proposal.person_id else SubjectKind.COLLECTIVE
            try:
                services.add_nomination(
                    request.user, submission, award_code=proposal.award_code, subject_kind=kind,
                    person=proposal.person, unit=proposal.unit,
                    achievement=f"{proposal.review.get_kind_display()} “{round_.movement.name}”: "
                                f"{proposal.reason}",
                )
            except ValidationError as exc:
                name = proposal.person.full_name if proposal.person_id else proposal.unit.name
                messages.error(request, f"{name}: {' '.join(exc.messages)}")
            else:
                added += 1
        if added:
            messages.success(request, f"Đã thêm {added} hồ sơ từ đề nghị của phong trào.")
        return redirect("nominations:submission", submission_pk=submission.pk)
    return render(request, "nominations/submission_pick_proposals.html", {
        "submission": submission, "movement": round_.movement, "proposals": proposals,
    })
