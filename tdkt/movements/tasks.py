from django_tasks import task

from . import services


@task()
def send_movement_reminders(within_days: int = 7) -> int:
    """Daily: remind units that have not sent their registration, or their cluster
    self-score, as the deadline nears."""
    return services.send_reminders(within_days=within_days) + services.send_scoring_reminders(
        within_days=within_days
    )
