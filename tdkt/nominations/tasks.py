"""Background work: reminders before deadlines (run daily by the scheduler or
`manage.py nomination_reminders`)."""

import datetime

from django_tasks import task


@task()
def send_reminders(today: str | None = None) -> int:
    from . import services

    day = datetime.date.fromisoformat(today) if today else None
    return services.send_reminders(day)
