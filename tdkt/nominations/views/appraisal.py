"""Views: the appraisal queue and bulk appraisal."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.core.text import fold

from .. import selectors, services
from ..forms import ReasonForm
from ..models import (
    Nomination,
    Status,
)
from .common import _annotate, _require_dept

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
