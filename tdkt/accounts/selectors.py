"""Read queries for the accounts pages."""

from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def locked_accounts() -> list[dict]:
    """Usernames locked by django-axes now: username, failures, last failure, unlocked at."""
    from axes.models import AccessAttempt

    cool_off = settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
        .exclude(username=None)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [{**row, "until": row["last"] + cool_off} for row in rows]
