"""Views: casting a ballot."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .. import services
from ..models import Meeting
from .common import _errors
from .council import _council_access


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
