"""Views: council members, meetings and minutes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import scope_of

from .. import selectors, services
from ..forms import (
    CouncilMemberForm,
    MeetingForm,
)
from ..models import (
    AgendaItem,
    BallotCast,
    CouncilMember,
    ItemResult,
    Meeting,
    MeetingStatus,
    Nomination,
    Status,
)
from .common import _annotate, _errors, _is_dept, _names, _require_dept, _today


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
    from ..models import CouncilPosition
    rows = [(a, CouncilPosition(positions.get(a.user_id, "member")).label) for a in attendance]
    return render(request, "nominations/minutes.html", {
        "meeting": meeting, "items": items, "attendance": rows,
        "passed": sum(1 for i in items if i.result == ItemResult.PASSED),
        "absent": meeting.members_total - meeting.present_count,
    })
