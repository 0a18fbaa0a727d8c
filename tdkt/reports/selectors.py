"""Read side of review reports: the tracking list (who sent, late, not at all) in one query,
its summary in one query, and the calls a user sees."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import ReviewCall, UnitReport

STATUSES = {"da-gui": "Đã gửi", "gui-muon": "Gửi muộn", "chua-gui": "Chưa gửi"}


def deadline_end(call: ReviewCall) -> datetime.datetime:
    """The first moment after the deadline day (local time)."""
    day = call.due_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def status_q(call: ReviewCall, status: str) -> Q:
    end = deadline_end(call)
    return {
        "da-gui": Q(sent_at__isnull=False),
        "gui-muon": Q(sent_at__gte=end),
        "chua-gui": Q(sent_at__isnull=True),
    }.get(status, Q())


def tracking(call: ReviewCall, status: str = "", text: str = "") -> QuerySet:
    qs = UnitReport.objects.filter(call=call).filter(status_q(call, status)) \
        .select_related("unit")
    if text:
        qs = qs.filter(Q(unit__code__iexact=text) | Q(unit__name__icontains=text))
    return qs.order_by("unit__path")


def summary(call: ReviewCall) -> dict:
    end = deadline_end(call)
    return UnitReport.objects.filter(call=call).aggregate(
        total=Count("pk"), sent=Count("pk", filter=Q(sent_at__isnull=False)),
        late=Count("pk", filter=Q(sent_at__gte=end)),
        missing=Count("pk", filter=Q(sent_at__isnull=True)))


def visible_calls(scope) -> QuerySet:
    """Calls the user issued (issuer in scope) or must answer (a report of a unit in scope)."""
    mine = UnitReport.objects.filter(scope.unit_q("unit")).values("call_id")
    return ReviewCall.objects.filter(scope.unit_q("issuer") | Q(pk__in=mine)) \
        .select_related("issuer").annotate(
            n_units=Count("reports", distinct=True),
            n_sent=Count("reports", filter=Q(reports__sent_at__isnull=False), distinct=True)) \
        .order_by("-year", "-due_on", "-id")
