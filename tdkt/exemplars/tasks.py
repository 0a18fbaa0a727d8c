from django.utils import timezone
from django_tasks import task

from . import services


@task()
def send_exemplar_reminders() -> int:
    """Daily: notify the responsible units of overdue fostering milestones (once each)."""
    return services.remind_overdue_milestones(timezone.localdate())
