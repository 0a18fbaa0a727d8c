"""Views: the member's ballot sheet, opening the ballot with the chair's passphrase, and
closing it safely (who has not voted, how missing votes count, the passphrase again)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from tdkt.core.ratelimit import hit

from .. import services
from ..models import MeetingStatus
from ..services import ballots
from .common import _errors, _names
from .council import _get_meeting

PASSPHRASE_FIELDS = ("cum_mat_khau", "nhap_lai")


def _items(meeting):
    items = list(meeting.items.select_related("nomination__proposing_unit")
                 .order_by("position", "id"))
    names = _names({i.nomination.award_code for i in items})
    for i in items:
        i.award_name = names.get(i.nomination.award_code)
    return items


@sensitive_post_parameters()  # the choices: never in an error report
@require_http_methods(["GET", "POST"])
def meeting_vote(request, meeting_pk):
    """GET: the member's sheet (or that they have voted); POST: cast the whole sheet."""
    meeting = _get_meeting(request, meeting_pk)
    if request.method == "POST":
        choices = {}
        for key, value in request.POST.items():
            if key.startswith("phieu_") and key[6:].isdigit() and value in ("dong_y", "khong"):
                choices[int(key[6:])] = value == "dong_y"
        try:
            n = services.cast_ballot(request.user, meeting, choices)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect("nominations:vote", meeting_pk=meeting.pk)
        messages.success(request, f"Đã ghi nhận phiếu kín của bạn cho {n} nội dung. Hệ thống "
                                  "chỉ ghi nhận bạn đã bỏ phiếu, không lưu bạn đã chọn gì.")
        return redirect("nominations:meeting", meeting_pk=meeting.pk)
    return render(request, "nominations/ballot_sheet.html", {
        "meeting": meeting, "items": _items(meeting),
        "can_vote": ballots.can_vote(request.user, meeting),
        "voted": ballots.has_voted(request.user, meeting),
    })


@sensitive_post_parameters(*PASSPHRASE_FIELDS)
@require_http_methods(["GET", "POST"])
def ballot_open(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    ballots.require_ballot_manager(request.user, meeting)
    if meeting.status != MeetingStatus.PREPARING:
        messages.error(request, "Phiên họp đã mở bỏ phiếu hoặc đã kết thúc.")
        return redirect("nominations:meeting", meeting_pk=meeting.pk)
    error = None
    if request.method == "POST":
        try:
            services.open_voting(request.user, meeting,
                                 passphrase=request.POST.get("cum_mat_khau", ""),
                                 passphrase_again=request.POST.get("nhap_lai", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Đã mở bỏ phiếu kín. Các thành viên có mặt bỏ phiếu trên "
                                      "trang của mình; Chủ tịch giữ cụm mật khẩu để kiểm phiếu.")
            return redirect("nominations:meeting", meeting_pk=meeting.pk)
    return render(request, "nominations/ballot_open.html", {
        "meeting": meeting, "items": _items(meeting), "error": error,
        "present": meeting.attendance.filter(present=True).count(),
        "min_length": ballots.MIN_PASSPHRASE,
    }, status=400 if error else 200)


@sensitive_post_parameters(*PASSPHRASE_FIELDS)
@require_http_methods(["GET", "POST"])
def ballot_close(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    ballots.require_ballot_manager(request.user, meeting)
    if meeting.status != MeetingStatus.VOTING:
        messages.error(request, "Phiên họp chưa mở bỏ phiếu hoặc đã kết thúc.")
        return redirect("nominations:meeting", meeting_pk=meeting.pk)
    error, status = None, 200
    if request.method == "POST" and not hit("nominations.ballot_close",
                                            f"{request.user.pk}:{meeting.pk}", 10, 900):
        error, status = ("Đã thử kiểm phiếu quá nhiều lần trong 15 phút; hãy thử lại sau. "
                         "Chưa có gì thay đổi."), 429
    elif request.method == "POST":
        try:
            n = services.close_meeting(request.user, meeting,
                                       passphrase=request.POST.get("cum_mat_khau", ""),
                                       confirm_missing=request.POST.get("xac_nhan") == "1")
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            messages.success(request, f"Đã kết thúc bỏ phiếu và kiểm {n} phiếu kín; chỉ lưu "
                                      "tổng số phiếu, các phiếu niêm phong đã được xóa.")
            return redirect("nominations:minutes", meeting_pk=meeting.pk)
    items = _items(meeting)
    return render(request, "nominations/ballot_close.html", {
        "meeting": meeting, "items": items, "error": error,
        "progress": ballots.voting_progress(meeting),
        "rules": ballots.missing_votes_rules(meeting, items),
    }, status=status)


@sensitive_post_parameters(*PASSPHRASE_FIELDS)
@require_http_methods(["POST"])
def ballot_restart(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    ballots.require_ballot_manager(request.user, meeting)
    try:
        n = services.restart_voting(request.user, meeting,
                                    passphrase=request.POST.get("cum_mat_khau", ""),
                                    passphrase_again=request.POST.get("nhap_lai", ""),
                                    reason=request.POST.get("ly_do", ""))
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("nominations:ballot_close", meeting_pk=meeting.pk)
    messages.success(request, f"Đã hủy {n} phiếu đã bỏ và mở lại bỏ phiếu với cụm mật khẩu "
                              "mới; các thành viên có mặt bỏ phiếu lại.")
    return redirect("nominations:meeting", meeting_pk=meeting.pk)
