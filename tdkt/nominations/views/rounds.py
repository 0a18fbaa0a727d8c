"""Views: the nominations index and award rounds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render

from tdkt.accounts.models import WRITE_ROLES
from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.core.text import fold
from tdkt.notifications.selectors import latest_unread

from .. import next_steps, selectors, services
from ..calendar import WorkCalendar
from ..config import award_configs
from ..forms import RoundForm
from ..models import (
    CouncilMember,
    Meeting,
    MeetingStatus,
    Nomination,
    Status,
    Submission,
)
from .common import _annotate, _dept_unit, _is_dept, _require_dept, _today, _viewer


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
    notifications = latest_unread(request.user, 10)  # the one notification service's
    seats = CouncilMember.objects.filter(user=request.user, left_on__isnull=True) \
        .values("council_id")
    voting = Meeting.objects.filter(council_id__in=seats, status=MeetingStatus.VOTING)
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
    step = next_steps.for_round(award_round, _viewer(request), today)
    return render(request, "nominations/round_detail.html", {
        "round": award_round, "rules": rules.values(), "submissions": submissions, "step": step,
        "counts": counts, "statuses": Status.choices, "is_dept": _is_dept(request),
        "left": cal.between(today, award_round.submission_deadline),
        "can_submit": bool(scope.paths(WRITE_ROLES)) and not award_round.closed,
    })
