from django_tasks import task

from . import services


@task()
def send_inspection_reminders(within_days: int = 7) -> int:
    """Daily: remind owner units of corrective actions due soon; escalate overdue ones to the
    inspecting unit as well; remind units whose self-inspection is due (once a day each)."""
    return services.send_reminders(within_days=within_days)
