from django_tasks import task

from . import mail


@task()
def send_immediate_emails(notification_ids: list[int]) -> int:
    """E-mail new notifications to the users who chose immediate e-mail."""
    return mail.send_immediate(notification_ids)


@task()
def send_notification_digest() -> dict:
    """Daily: each user who chose the digest gets one e-mail of their unread notifications."""
    return mail.send_digests()
