"""Views: public disclosure periods, comment moderation and conclusion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate

from .. import selectors, services
from ..calendar import WorkCalendar
from ..forms import (
    DisclosureForm,
    ModerateForm,
)
from ..models import (
    DisclosurePeriod,
    ItemResult,
    Nomination,
    PublicComment,
    Status,
)
from .common import _annotate, _errors, _require_dept, _today


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
