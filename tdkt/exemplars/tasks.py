from django.utils import timezone
from django_tasks import task

from . import replication, services


@task()
def send_exemplar_reminders() -> int:
    """Daily: notify the responsible units of overdue fostering milestones, and the adopting
    units of replication results due (once each)."""
    today = timezone.localdate()
    return services.remind_overdue_milestones(today) + replication.remind_results_due(today)
