"""Views: council meetings and minutes; the council pages themselves (councils per unit and
term, rules, members) are in council_admin.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import scope_of

from .. import next_steps, selectors, services
from ..councils import council_thresholds, ministry_council, quorum_wording
from ..forms import MeetingForm
from ..models import (
    AgendaItem,
    AgendaPurpose,
    CouncilMember,
    ItemResult,
    Meeting,
    MeetingStatus,
    Nomination,
    Status,
)
from ..services import council as council_services
from .common import _annotate, _errors, _names, _viewer
from .council_admin import (
    can_manage,
    council_create,
    council_detail,
    council_home,
    council_member_add,
    council_member_position,
    council_member_remove,
    council_threshold,
    council_update,
    readable_councils,
    require_manage,
)

council = council_home

__all__ = [
    "council", "council_create", "council_detail", "council_member_add",
    "council_member_position", "council_member_remove", "council_threshold", "council_update",
    "meeting_create", "meeting_detail", "meeting_manage", "meeting_minutes",
]


def _get_meeting(request, meeting_pk) -> Meeting:
    """A meeting of a council the user reads (scope over its unit, or a seat), else 404."""
    meeting = Meeting.objects.select_related("council__unit").filter(
        pk=meeting_pk, council__in=readable_councils(request)).first()
    if meeting is None:
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    return meeting


def _council_access(request, meeting_or_year=None) -> bool:
    """Read access to a meeting's council (404 otherwise); True when the user manages it.
    A year still means the Ministry's council of that year."""
    if isinstance(meeting_or_year, Meeting):
        council = meeting_or_year.council
    elif meeting_or_year is not None:
        council = ministry_council(int(meeting_or_year), create=False)
    else:
        council = None
    if council is None or not readable_councils(request).filter(pk=council.pk).exists():
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    return can_manage(request, council)


@require_POST
def meeting_create(request):
    form = MeetingForm(request.POST)
    council = None
    if form.is_valid():
        d = form.cleaned_data
        if d.get("council"):
            council = readable_councils(request).select_related("unit").filter(
                pk=d["council"]).first()
            if council is None:
                raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
        else:
            council = ministry_council(d["year"], create=False)
            if council is None:
                messages.error(request, f"Chưa có Hội đồng của Bộ nhiệm kỳ năm {d['year']}.")
                return redirect("nominations:council")
        require_manage(request, council)
        try:
            meeting = council_services.create_meeting(
                request.user, council=council, year=d["year"], title=d["title"],
                held_on=d["held_on"], place=d["place"], starts_at=d.get("starts_at"))
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
    if council is not None:
        return redirect("nominations:council_detail", council_pk=council.pk)
    return redirect("nominations:council")


def meeting_detail(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    is_dept = can_manage(request, meeting.council)
    items = list(meeting.items.select_related(
        "nomination__proposing_unit", "nomination__person__unit", "nomination__unit",
        "nomination__round"))
    names = _names({i.nomination.award_code for i in items})
    for i in items:
        i.award_name = names.get(i.nomination.award_code)
    # The secret ballot (views/ballots.py): that the user voted, never what; x/y so far.
    voted = services.has_voted(request.user, meeting)
    progress = (services.voting_progress(meeting)
                if meeting.status == MeetingStatus.VOTING else None)
    seats = CouncilMember.objects.filter(council=meeting.council, left_on__isnull=True)
    attendance = selectors.council_sorted(
        meeting.attendance.select_related("user__person"),
        dict(seats.values_list("user_id", "position")))
    candidates = []
    if is_dept and meeting.status == MeetingStatus.PREPARING:
        candidates = _annotate(selectors.nomination_list(
            scope_of(request).filter(Nomination.objects.filter(
                status=Status.APPRAISED,
                proposing_unit__path__startswith=meeting.council.unit.path))
        ).order_by("round", "award_code", "subject_name")[:200])
    rules = council_thresholds(meeting.council, {i.nomination.award_code for i in items},
                               meeting.held_on)
    for i in items:
        i.rule = rules[i.nomination.award_code]
    step = next_steps.for_meeting(
        meeting, _viewer(request, dept=is_dept,
                         chair=services.ballots.is_chair(request.user, meeting)),
        items=len(items), voted=voted)
    return render(request, "nominations/meeting_detail.html", {
        "meeting": meeting, "items": items, "is_dept": is_dept, "attendance": attendance,
        "step": step,
        "candidates": candidates, "voted": voted, "progress": progress,
        "can_vote": services.can_vote(request.user, meeting),
        "can_run_ballot": is_dept or services.ballots.is_chair(request.user, meeting),
        "members": seats.count(), "quorum": quorum_wording(meeting.council),
        "purposes": AgendaPurpose.choices,
    })


@require_POST
def meeting_manage(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    require_manage(request, meeting.council)
    action = request.POST.get("action")
    user = request.user
    try:
        if action == "agenda":
            ids = [int(i) for i in request.POST.getlist("chon") if i.isdigit()]
            noms = scope_of(request).filter(Nomination.objects.filter(pk__in=ids))
            purpose = request.POST.get("muc_dich") or None
            n = services.add_agenda_items(user, meeting, noms.select_related("proposing_unit"),
                                          purpose=purpose)
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
        elif action in ("open", "close"):  # the chair's passphrase: views/ballots.py
            return redirect("nominations:ballot_open" if action == "open"
                            else "nominations:ballot_close", meeting_pk=meeting.pk)
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("nominations:meeting", meeting_pk=meeting.pk)


def meeting_minutes(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
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
    positions = dict(CouncilMember.objects.filter(council=meeting.council).order_by(
        "-left_on").values_list("user_id", "position"))
    attendance = selectors.council_sorted(
        meeting.attendance.select_related("user__person"), positions)
    from ..models import CouncilPosition
    rows = [(a, CouncilPosition(positions.get(a.user_id, "member")).label) for a in attendance]
    return render(request, "nominations/minutes.html", {
        "meeting": meeting, "items": items, "attendance": rows,
        "passed": sum(1 for i in items if i.result == ItemResult.PASSED),
        "absent": meeting.members_total - meeting.present_count,
        "quorum": quorum_wording(meeting.council),
        "rules": list(council_thresholds(
            meeting.council, dict.fromkeys(i.nomination.award_code for i in items),
            meeting.held_on).values()),
    })
