"""Public pages (no login)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from tdkt.core.ratelimit import client_ip, hit

from .. import services
from ..forms import CommentForm
from ..models import DisclosurePeriod
from .common import _names, _today

COMMENTS_PER_HOUR = 5


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
