from django.utils import timezone
from django_tasks import task

from .reading import services


@task()
def send_reading_reminders(within_days: int = 7) -> int:
    """Daily: remind readers who have not confirmed reading an assigned document (once when
    the deadline nears, once when it has passed) and the units' officers weekly."""
    return services.send_reminders(timezone.localdate(), within_days)
